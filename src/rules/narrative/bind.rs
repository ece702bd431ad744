//! Which table quantity a narrative amount quotes.
//!
//! A figure is bound by its section's topic *and* the words of its subject: "基本支出" in the
//! 支出决算 section is 公开03表's 合计 row, 基本支出 column; in the 基本支出 section it is
//! 公开05表's. Change figures (增加/减少 …), last-year figures and anything not recognised are
//! left unbound, and the rules stay silent about them.

use super::{core_subject, GbPart, Narrative, Topic};
use crate::model::{Block, Row, Table, TableKind};
use crate::rules::identity::Term;
use crate::rules::roles::{same_class, source_of, Line, SanGong, Source, Stage};
use crate::rules::table::fund_rollforward_mismatch::rollforward_columns;
use crate::rules::view::{label_key, label_key_cow, total_row, View};
use crate::rules::Context;
use crate::text::Has;

/// A quantity of the tables that the narrative quotes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Quantity {
    /// A line of 公开01表 (收支总计, 本年收入合计, an income source, a class …).
    Summary(Line),
    /// 公开01表 a class row, by name.
    SummaryClass(String),
    /// The first quantity, unless the figure is the second: a budget's “收入预算” is its 收入
    /// 总计 in one template and its 本年收入合计 in another.
    Either(Box<Quantity>, Box<Quantity>),
    /// 财政拨款收入 as one figure: 公开02表 合计 row, 财政拨款 column, or the three 01 lines.
    FiscalIncome,
    /// 公开04表 总计 (财政拨款收、支总计).
    FiscalGrandTotal,
    /// 公开04表 本年支出合计 (合计 column).
    FiscalExpenditureTotal,
    /// 公开04表 本年收入合计.
    FiscalIncomeTotal,
    /// 公开04表 the income line of one kind of 财政拨款 (一般公共预算, 政府性基金 …).
    FiscalIncomeSource(Source),
    /// 公开04表 a class row (合计 column).
    FiscalClass(String),
    /// 公开03表 合计 row, the column of this name (基本支出, 项目支出 …).
    Expenditure(&'static str),
    /// 公开05表 合计 row: 0 = total, 1 = 基本支出, 2 = 项目支出.
    GeneralBudget(u8),
    /// 公开05表 a class row (total column).
    GeneralBudgetClass(String),
    /// 公开06表 人员经费合计.
    Personnel,
    /// 公开06表 公用经费合计.
    PublicUse,
    /// 公开07表 a column.
    SanGong(Stage, SanGong),
    /// 公开08表 (政府性基金) or 09表 (国有资本经营) 合计 row, one column.
    Fund(TableKind, FundColumn),
}

/// A column of the government-fund and state-capital tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FundColumn {
    /// 年初结转和结余
    Opening,
    /// 本年收入
    Income,
    /// 本年支出 (合计/小计)
    Spending,
    /// 本年支出 of which 基本支出
    Basic,
    /// 本年支出 of which 项目支出
    Project,
    /// 年末结转和结余
    Closing,
}

fn ends(key: &str, words: &[&str]) -> bool {
    words.iter().any(|w| key.ends_with(w))
}

/// The quantity figure `i` quotes, if certain.
pub fn bind(ctx: &Context, n: &Narrative, i: usize) -> Option<Quantity> {
    let fig = &n.figs[i];
    if !fig.is_amount() || fig.is_change() {
        return None;
    }
    let raw = fig.f.subject.as_str();
    // 项/款-level subjects ("…（款）…（项）") are checked by the completion-rate rules.
    let closes = raw.has("）") || raw.as_bytes().contains(&b')');
    if closes && (raw.has("项）") || raw.has("项)") || raw.has("款）") || raw.has("款)")) {
        return None;
    }
    let key: &str = &fig.key;
    if matches!(fig.topic, Topic::GovernmentFund | Topic::StateCapital) {
        return fund(fig.topic, key);
    }
    if key.has("结转") || key.has("结余") || key.has("预计") {
        // A budget's own balances in its overall sections ("上年结转结余为0万元", "年终结转
        // 结余为0万元"); other balances (a fund's, 财政拨款's, 决算's) are left unbound.
        let overall = matches!(
            fig.topic,
            Topic::Overall | Topic::Income | Topic::Expenditure
        );
        if !(ctx.view.is_budget() && overall) {
            return None;
        }
        let core = core_subject(key)
            .trim_start_matches("本年")
            .trim_end_matches(['为', '是']);
        return match core {
            "上年结转结余" | "上年结转" | "上年结转和结余" => {
                Some(Quantity::Summary(Line::Opening))
            }
            "年终结转结余" | "年末结转结余" | "年末结转和结余" | "结转下年" => {
                Some(Quantity::Summary(Line::Closing))
            }
            _ => None,
        };
    }
    let core = core_subject(key);
    if core.is_empty() {
        return None;
    }
    let budget = ctx.view.is_budget();
    match fig.topic {
        Topic::Overall | Topic::Income | Topic::Expenditure => {
            if let Some(q) = totals(core, false) {
                return Some(q);
            }
            if budget {
                // "福州市商务局收入预算为…": the department's own name before the words.
                let own = ctx.doc.unit.as_deref().unwrap_or_default();
                if let Some(q) = budget_totals(super::trim_start_all(core, own)) {
                    return Some(q);
                }
            }
            if let Some(q) = income_or_expenditure(core, fig.topic) {
                return Some(q);
            }
            if fig.topic != Topic::Income {
                if let Some(q) = spending_by_source(core) {
                    return Some(q);
                }
            }
            // "按支出功能分类，包括一般公共服务支出12,868.19万元": a class row of 公开01表.
            if fig.topic == Topic::Income {
                return None;
            }
            class_name(raw, core).map(Quantity::SummaryClass)
        }
        Topic::FiscalOverall | Topic::FiscalExpenditure => {
            let core = spending_core(core, budget);
            if (core.has("收支") || core.has("收入支出"))
                && ends(core, &["总计", "总预算", "预算总计"])
            {
                return Some(Quantity::FiscalGrandTotal);
            }
            if ends(core, &["财政拨款支出", "财政拨款预算支出"]) {
                return Some(Quantity::FiscalExpenditureTotal);
            }
            if let Some(q) = spending_by_source(core) {
                return Some(q);
            }
            // "财政拨款收入48054.42万元，其中一般公共预算拨款收入48054.42万元": 公开04表's
            // income side.
            if core.ends_with("收入") && !core.has("支出") {
                let core = super::trim_start_all(core, "本年");
                return match source_of(core)? {
                    Source::Fiscal => Some(Quantity::FiscalIncomeTotal),
                    s => Some(Quantity::FiscalIncomeSource(s)),
                };
            }
            class_name(raw, core).map(Quantity::FiscalClass)
        }
        Topic::GeneralBudget(part) => {
            if part == GbPart::Detail {
                return None;
            }
            let core = spending_core(core, budget);
            if let Some(c) = class_name(raw, core) {
                return Some(Quantity::GeneralBudgetClass(c));
            }
            let total = ends(
                core,
                &[
                    "财政拨款支出",
                    "一般公共预算拨款支出",
                    "一般公共预算支出",
                    "当年拨款",
                    "财政拨款预算支出",
                ],
            );
            (total && !core.has("基本") && !core.has("项目")).then_some(Quantity::GeneralBudget(0))
        }
        Topic::Basic => {
            let core = spending_core(core, budget);
            if core.ends_with("基本支出") {
                Some(Quantity::GeneralBudget(1))
            } else if matches!(core, "人员经费" | "人员支出") {
                // 人员支出 / 日常公用支出: the budget templates' words for them.
                Some(Quantity::Personnel)
            } else if matches!(
                core,
                "公用经费" | "公用支出" | "日常公用支出" | "日常公用经费"
            ) {
                Some(Quantity::PublicUse)
            } else {
                None
            }
        }
        Topic::SanGong => {
            if key.has("会议") || key.has("培训") {
                return None;
            }
            let stage = if budget {
                Stage::Budget
            } else if key.has("决算") || key.has("实际") {
                Stage::Actual
            } else if key.has("预算") {
                Stage::Budget
            } else {
                return None;
            };
            let item = sangong_item(n, i)?;
            Some(Quantity::SanGong(stage, item))
        }
        _ => None,
    }
}

/// A budget names its spending "…支出预算" ("财政拨款基本支出预算 3,604.32万元"): the same
/// quantity as "…支出".
fn spending_core(core: &str, budget: bool) -> &str {
    match core.strip_suffix("预算") {
        Some(c) if budget && c.ends_with("支出") => c,
        _ => core,
    }
}

/// The spending of one kind of 财政拨款 named as a whole: 一般公共预算（拨款）支出 is 公开05表's
/// total, 政府性基金（预算）（拨款）支出 公开08表's.
fn spending_by_source(core: &str) -> Option<Quantity> {
    if core.has("基本") || core.has("项目") || !core.ends_with("支出") {
        return None;
    }
    let core = core.trim_start_matches("其中");
    let core = super::trim_start_all(core, "本年");
    let core = super::trim_start_all(core, "当年");
    match core {
        "一般公共预算支出" | "一般公共预算拨款支出" | "一般公共预算财政拨款支出" => {
            Some(Quantity::GeneralBudget(0))
        }
        "政府性基金支出"
        | "政府性基金拨款支出"
        | "政府性基金预算支出"
        | "政府性基金预算拨款支出"
        | "政府性基金预算财政拨款支出" => Some(Quantity::Fund(
            TableKind::GovernmentFund,
            FundColumn::Spending,
        )),
        _ => None,
    }
}

/// The column of 08/09 a figure of the 政府性基金 / 国有资本经营 section names.
fn fund(topic: Topic, key: &str) -> Option<Quantity> {
    let kind = if topic == Topic::GovernmentFund {
        TableKind::GovernmentFund
    } else {
        TableKind::StateCapital
    };
    if key.has("预计") || key.has("会议") || key.has("培训") {
        return None;
    }
    let balance = key.has("结转") || key.has("结余");
    let core = core_subject(key);
    let column = if balance && key.has("年初") {
        FundColumn::Opening
    } else if balance && (key.has("年末") || key.has("年终")) {
        FundColumn::Closing
    } else if balance {
        return None;
    } else if core == "基本支出" {
        FundColumn::Basic
    } else if core == "项目支出" {
        FundColumn::Project
    } else if core.ends_with("收入") && !core.has("支出") {
        FundColumn::Income
    } else if core.ends_with("支出") && !core.has("收入") {
        FundColumn::Spending
    } else {
        return None;
    };
    Some(Quantity::Fund(kind, column))
}

/// 收支总计, 本年收入合计 and the like.
fn totals(core: &str, _fiscal: bool) -> Option<Quantity> {
    if core.has("财政拨款") {
        return None;
    }
    let both = core.has("收支") || core.has("收入支出");
    if both && ends(core, &["总计", "总预算", "预算总计", "预算总额"]) {
        return Some(Quantity::Summary(Line::IncomeGrandTotal));
    }
    if core.has("收入") && core.ends_with("总计") {
        return Some(Quantity::Summary(Line::IncomeGrandTotal));
    }
    if core.has("支出") && core.ends_with("总计") {
        return Some(Quantity::Summary(Line::ExpenditureGrandTotal));
    }
    if ends(core, &["收入合计", "本年收入"]) && !core.has("预算合计") {
        return Some(Quantity::Summary(Line::IncomeTotal));
    }
    if ends(core, &["支出合计", "本年支出"]) && !core.has("预算合计") {
        return Some(Quantity::Summary(Line::ExpenditureTotal));
    }
    None
}

/// A budget's whole income or expenditure named the budget's way ("收入预算", "预算收入",
/// "收入预算合计", "支出总预算" …): the grand total, or this year's total where the template
/// means that (the two differ by the carry-over).
fn budget_totals(core: &str) -> Option<Quantity> {
    // "收入预算为24995.94万元", "相应安排支出预算24995.94万元".
    let core = core.trim_end_matches(['为', '是']);
    let core = super::trim_start_all(core, "相应");
    let core = super::trim_start_all(core, "安排");
    let either = |grand: Line, year: Line| {
        Some(Quantity::Either(
            Box::new(Quantity::Summary(grand)),
            Box::new(Quantity::Summary(year)),
        ))
    };
    const INCOME: [&str; 6] = [
        "收入预算",
        "预算收入",
        "收入预算合计",
        "收入预算总计",
        "收入总预算",
        "收入预算总额",
    ];
    const SPENDING: [&str; 6] = [
        "支出预算",
        "预算支出",
        "支出预算合计",
        "支出预算总计",
        "支出总预算",
        "支出预算总额",
    ];
    // The whole, not a source or a part ("国有资本经营预算收入"): only generic words before.
    let whole = |words: &[&str]| {
        words.iter().any(|w| {
            core.strip_suffix(w).is_some_and(|before| {
                [
                    "",
                    "本年",
                    "年度",
                    "全年",
                    "部门",
                    "本部门",
                    "单位",
                    "本单位",
                ]
                .contains(&before)
            })
        })
    };
    if whole(&INCOME) {
        return either(Line::IncomeGrandTotal, Line::IncomeTotal);
    }
    if whole(&SPENDING) {
        return either(Line::ExpenditureGrandTotal, Line::ExpenditureTotal);
    }
    None
}

fn income_or_expenditure(core: &str, topic: Topic) -> Option<Quantity> {
    if topic != Topic::Expenditure && (core.ends_with("收入") || core.ends_with("拨款")) {
        let core = super::trim_start_all(core, "本年");
        return match source_of(core)? {
            Source::Fiscal => Some(Quantity::FiscalIncome),
            s => Some(Quantity::Summary(Line::Income(s))),
        };
    }
    if topic == Topic::Income {
        return None;
    }
    for (word, column) in [
        ("对附属单位补助支出", "对附属单位补助支出"),
        ("上缴上级支出", "上缴上级支出"),
        ("经营支出", "经营支出"),
        ("基本支出", "基本支出"),
        ("项目支出", "项目支出"),
    ] {
        if core == word {
            return Some(Quantity::Expenditure(column));
        }
    }
    None
}

/// The function class a subject names ("一般公共服务（类）支出", "科学技术（类）",
/// "包括一般公共服务支出"), normalised for [`same_class`].
fn class_name(raw: &str, core: &str) -> Option<String> {
    let marked = raw.has("类）") || raw.has("类)");
    let name = core.replace('类', "");
    let name = super::trim_end_all(&name, "支出");
    if name.is_empty() || name.has("财政拨款") || name.has("一般公共预算") {
        return None;
    }
    if !marked && !core.ends_with("支出") {
        return None;
    }
    Some(format!("{name}支出"))
}

/// The 三公 item a figure speaks of: named in its own subject, else in an earlier subject of
/// its sentence, else in its section title.
fn sangong_item(n: &Narrative, i: usize) -> Option<SanGong> {
    let range = n.sentence_of(i);
    let mut k = i;
    loop {
        if let Some(item) = item_in(&n.figs[k].key) {
            return Some(item);
        }
        if k == range.start {
            break;
        }
        k -= 1;
    }
    let s = n.section(i).and_then(|s| n.doc.sections.get(s))?;
    item_in(&label_key(&s.title)).filter(|i| *i != SanGong::Total)
}

pub(crate) fn item_in(key: &str) -> Option<SanGong> {
    if key.has("会议") || key.has("培训") {
        return None;
    }
    if key.has("出国") {
        Some(SanGong::Abroad)
    } else if key.has("接待") {
        Some(SanGong::Reception)
    } else if key.has("购置及运行") || key.has("购置费及运行") {
        Some(SanGong::Vehicles)
    } else if key.has("公务用车购置") || key.has("车辆购置") {
        Some(SanGong::VehiclePurchase)
    } else if key.has("运行维护") || key.has("运行费") {
        Some(SanGong::VehicleRunning)
    } else if key.has("三公") {
        Some(SanGong::Total)
    } else {
        None
    }
}

/// The column of a block that holds its amount: the only amount column, else the one headed
/// 合计/决算数/预算数/金额.
fn main_column(view: &View, block: &Block) -> Option<usize> {
    let cols = view.amount_columns(block);
    if cols.len() == 1 {
        return cols.first().copied();
    }
    let keys = view.keys(block);
    cols.iter().copied().find(|&c| {
        matches!(
            keys.own(c),
            "合计" | "决算数" | "预算数" | "金额" | "本年支出合计" | "本年收入合计" | "总计"
        )
    })
}

/// A column whose own header (last level) is `name`, among the block's amount columns.
fn column_named(view: &View, block: &Block, pred: impl Fn(&str, &str) -> bool) -> Option<usize> {
    let with_figures = view.amount_columns(block);
    // A table printed empty (no figure at all) still names its columns; a figure the narrative
    // gives for one of them is checked against the blank, which stands for zero.
    let every: Vec<usize>;
    let cols: &[usize] = if with_figures.is_empty() {
        every = (0..block.columns.len()).collect();
        &every
    } else {
        &with_figures
    };
    let keys = view.keys(block);
    let found: Vec<usize> = cols
        .iter()
        .copied()
        .filter(|&c| pred(keys.own(c), &keys.levels_joined[c]))
        .collect();
    // Two columns of one name: the header was not read reliably.
    (found.len() == 1).then(|| found[0])
}

fn total_of(block: &Block) -> Option<&Row> {
    total_row(block).or_else(|| {
        block
            .rows
            .iter()
            .find(|r| r.code.is_none() && label_key_cow(&r.label).ends_with("合计"))
    })
}

fn cell(ctx: &Context, table: &Table, block: &Block, row: &Row, col: usize) -> Option<Term> {
    let c = row.cell(col)?;
    if c.number.is_some_and(|n| n.percent) {
        return None;
    }
    ctx.view.term(table, block, row, col)
}

/// The table figure(s) whose sum is the quantity.
pub fn resolve(ctx: &Context, q: &Quantity) -> Option<Vec<Term>> {
    let view = &ctx.view;
    match q {
        Quantity::Summary(line) => {
            let t = view.standard(TableKind::IncomeExpenditureSummary)?;
            summary_cell(ctx, t, |l| l == line).map(|t| vec![t])
        }
        Quantity::SummaryClass(name) => {
            let t = view.standard(TableKind::IncomeExpenditureSummary)?;
            summary_cell(
                ctx,
                t,
                |l| matches!(l, Line::Class(c) if same_class(c, name)),
            )
            .map(|t| vec![t])
        }
        Quantity::Either(first, _) => resolve(ctx, first),
        Quantity::FiscalIncome => {
            if let Some(t) = view.standard(TableKind::Income) {
                let block = t.blocks.first()?;
                if let Some(col) = column_named(&ctx.view, block, |name, _| name == "财政拨款收入")
                {
                    let row = total_of(block)?;
                    return cell(ctx, t, block, row, col).map(|t| vec![t]);
                }
            }
            let t = view.standard(TableKind::IncomeExpenditureSummary)?;
            let mut terms = Vec::new();
            for s in [
                Source::GeneralBudget,
                Source::GovernmentFund,
                Source::StateCapital,
            ] {
                if let Some(term) = summary_cell(ctx, t, |l| *l == Line::Income(s)) {
                    terms.push(term);
                }
            }
            (!terms.is_empty()).then_some(terms)
        }
        Quantity::FiscalGrandTotal => {
            let t = view.standard(TableKind::FiscalSummary)?;
            summary_cell(ctx, t, |l| *l == Line::IncomeGrandTotal).map(|t| vec![t])
        }
        Quantity::FiscalExpenditureTotal => {
            let t = view.standard(TableKind::FiscalSummary)?;
            summary_cell(ctx, t, |l| *l == Line::ExpenditureTotal).map(|t| vec![t])
        }
        Quantity::FiscalIncomeTotal => {
            let t = view.standard(TableKind::FiscalSummary)?;
            summary_cell(ctx, t, |l| *l == Line::IncomeTotal).map(|t| vec![t])
        }
        Quantity::FiscalIncomeSource(source) => {
            let t = view.standard(TableKind::FiscalSummary)?;
            summary_cell(ctx, t, |l| *l == Line::Income(*source)).map(|t| vec![t])
        }
        Quantity::FiscalClass(name) => {
            let t = view.standard(TableKind::FiscalSummary)?;
            summary_cell(
                ctx,
                t,
                |l| matches!(l, Line::Class(c) if same_class(c, name)),
            )
            .map(|t| vec![t])
        }
        Quantity::Expenditure(name) => {
            let t = view.standard(TableKind::Expenditure)?;
            let block = t.blocks.first()?;
            let col = column_named(&ctx.view, block, |own, _| own == *name)?;
            let row = total_of(block)?;
            cell(ctx, t, block, row, col).map(|t| vec![t])
        }
        Quantity::GeneralBudget(which) => {
            let t = view.standard(TableKind::GeneralBudgetExpenditure)?;
            let block = t.blocks.first()?;
            let col = gb_column(&ctx.view, block, *which)?;
            let row = total_of(block)?;
            cell(ctx, t, block, row, col).map(|t| vec![t])
        }
        Quantity::GeneralBudgetClass(name) => {
            let t = view.standard(TableKind::GeneralBudgetExpenditure)?;
            let block = t.blocks.first()?;
            let col = gb_column(&ctx.view, block, 0)?;
            let rows: Vec<&Row> = block
                .rows
                .iter()
                .filter(|r| {
                    r.code.as_ref().is_some_and(|c| c.digits.len() == 3)
                        && same_class(&r.label, name)
                })
                .collect();
            let row = rows.first()?;
            cell(ctx, t, block, row, col).map(|t| vec![t])
        }
        Quantity::Personnel | Quantity::PublicUse => {
            let t = view.standard(TableKind::GeneralBudgetBasicExpenditure)?;
            let words: &[&str] = if *q == Quantity::Personnel {
                &["人员经费", "人员支出"]
            } else {
                &["公用经费", "公用支出", "日常公用支出", "日常公用经费"]
            };
            let is_total = |label: &str| {
                let k = label_key(label);
                k.strip_suffix("合计").is_some_and(|w| words.contains(&w))
            };
            for block in &t.blocks {
                if let Some(row) = block
                    .rows
                    .iter()
                    .find(|r| r.code.is_none() && is_total(&r.label))
                {
                    let col = main_column(&ctx.view, block)?;
                    return cell(ctx, t, block, row, col).map(|t| vec![t]);
                }
            }
            // Budget templates print 人员经费 and 公用经费 as columns beside 合计: the 合计
            // row of that column.
            let personnel = *q == Quantity::Personnel;
            let [block] = t.blocks.as_slice() else {
                return None;
            };
            let col = column_named(&ctx.view, block, |own, _| {
                if personnel {
                    (own.has("人员经费") || own.has("人员支出")) && !own.has("公用")
                } else {
                    (own.has("公用经费") || own.has("公用支出")) && !own.has("人员")
                }
            })?;
            let row = total_of(block)?;
            cell(ctx, t, block, row, col).map(|t| vec![t])
        }
        Quantity::Fund(kind, which) => {
            let t = crate::rules::cross::table(ctx, *kind)?;
            let [block] = t.blocks.as_slice() else {
                return None;
            };
            if !crate::rules::table::columns::trusted(ctx, t, block) {
                return None;
            }
            let row = total_row(block)?;
            let roll = rollforward_columns(&ctx.view, block);
            let col = match (which, roll) {
                (FundColumn::Opening, Some((o, _, _, _))) => o,
                (FundColumn::Income, Some((_, i, _, _))) => i,
                (FundColumn::Spending, Some((_, _, sp, _))) => sp,
                (FundColumn::Closing, Some((_, _, _, c))) => c,
                (FundColumn::Spending, None) => {
                    crate::rules::table::columns::total_column(&ctx.view, block)?
                }
                (FundColumn::Basic, _) => {
                    column_named(&ctx.view, block, |own, _| own == "基本支出")?
                }
                (FundColumn::Project, _) => {
                    column_named(&ctx.view, block, |own, _| own == "项目支出")?
                }
                _ => return None,
            };
            cell(ctx, t, block, row, col).map(|t| vec![t])
        }
        Quantity::SanGong(stage, item) => {
            let t = view.standard(TableKind::ThreePublicExpenses)?;
            if t.blocks.len() != 1 {
                return None;
            }
            let block = &t.blocks[0];
            if let Some(terms) = sangong_listed(ctx, t, block, *stage, *item) {
                return Some(terms);
            }
            let cols = ctx.own_sangong_columns()?;
            let found: Vec<usize> = cols
                .iter()
                .filter(|(s, it, _)| s == stage && it == item)
                .map(|(_, _, c)| *c)
                .collect();
            if found.len() != 1 {
                return None;
            }
            let col = found[0];
            let rows: Vec<&Row> = block
                .rows
                .iter()
                .filter(|r| r.cells.iter().any(|c| c.number.is_some()))
                .collect();
            if rows.len() != 1 {
                return None;
            }
            cell(ctx, t, block, rows[0], col).map(|t| vec![t])
        }
    }
}

/// A 三公 table printed as a list, one item a row under one amount column ("合计 84.10",
/// "1、因公出国（境）费用 70.00" … "其中：（1）公务用车购置费 0.00"): the item's row. A single
/// column is the budget in a budget, the actual amount in a 决算.
fn sangong_listed(
    ctx: &Context,
    t: &Table,
    block: &Block,
    stage: Stage,
    item: SanGong,
) -> Option<Vec<Term>> {
    let own = if ctx.view.is_budget() {
        Stage::Budget
    } else {
        Stage::Actual
    };
    let col = main_column(&ctx.view, block)?;
    if stage != own || ctx.view.amount_columns(block).len() != 1 {
        return None;
    }
    let keys = ctx.view.row_keys(block);
    let mut rows = block.rows.iter().zip(keys.iter()).filter(|(_, k)| {
        let k = k.trim_start_matches("其中");
        if item == SanGong::Total {
            matches!(k, "合计" | "总计" | "小计") || k.has("三公") && k.ends_with("合计")
        } else {
            item_in(k) == Some(item)
        }
    });
    let (row, _) = rows.next()?;
    // Two rows naming the item: not a list of the items.
    if rows.next().is_some() {
        return None;
    }
    cell(ctx, t, block, row, col).map(|t| vec![t])
}

/// The 05 column: 0 = total (合计/小计), 1 = 基本支出, 2 = 项目支出.
fn gb_column(view: &View, block: &Block, which: u8) -> Option<usize> {
    column_named(view, block, |own, path| match which {
        0 => {
            matches!(own, "合计" | "总计" | "本年支出合计")
                || own == "小计" && !path.has("基本支出")
        }
        1 => own == "基本支出" || own == "小计" && path.has("基本支出"),
        _ => own == "项目支出",
    })
}

/// The cell of the first line of a summary table that satisfies `want`.
fn summary_cell<'d>(
    ctx: &Context<'d>,
    table: &'d Table,
    want: impl Fn(&Line) -> bool,
) -> Option<Term> {
    let lines = ctx.summary_lines(table);
    let (_, bi, row) = lines.iter().find(|(l, _, _)| want(l))?;
    let block = table.blocks.get(*bi)?;
    let col = main_column(&ctx.view, block)?;
    cell(ctx, table, block, row, col)
}
