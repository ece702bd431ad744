//! What rows and columns *mean*, across templates: the income and expenditure lines of the
//! summary tables (公开01表, 04表 and their budget twins), the columns of the 三公 table, columns
//! found by header words. Rules ask here instead of matching strings themselves.

use super::view::{label_key, View};
use crate::model::{Block, Row, Table};
use crate::text::Has;
use std::borrow::Cow;

/// A source of funds (the income lines of 01/04, and the parts of 结转 lines in 04).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    /// 一般公共预算财政拨款（收入）
    GeneralBudget,
    /// 政府性基金预算财政拨款（收入）
    GovernmentFund,
    /// 国有资本经营预算财政拨款（收入）
    StateCapital,
    /// 财政拨款收入 as one line (some templates), or 财政拨款 in general.
    Fiscal,
    /// 财政专户管理资金（收入） (budgets)
    SpecialAccount,
    /// 上级补助收入
    Superior,
    /// 事业收入
    Business,
    /// 经营收入 / 事业单位经营收入
    Operating,
    /// 附属单位上缴收入
    Affiliated,
    /// 其他收入
    Other,
    /// 单位资金 (budgets: 单位自有资金)
    UnitFunds,
}

/// The meaning of a line of a summary table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// An income source line (一、一般公共预算财政拨款收入 …).
    Income(Source),
    /// 本年收入合计 / 收入合计
    IncomeTotal,
    /// 使用非财政拨款结余 (and the older 用事业基金弥补收支差额)
    NonFiscalSurplusUsed,
    /// 年初结转和结余 / 年初财政拨款结转和结余 / 上年结转（结余）
    Opening,
    /// A part of the opening balance (04: 一般公共预算财政拨款 under 年初财政拨款结转和结余).
    OpeningPart(Source),
    /// 总计 on the income side
    IncomeGrandTotal,
    /// An expenditure line by function class (一般公共服务支出 …), with its label key.
    Class(String),
    /// 基本支出 / 项目支出 lines (some templates list these instead of, or besides, classes).
    Basic,
    Project,
    /// 本年支出合计 / 支出合计
    ExpenditureTotal,
    /// 结余分配
    SurplusDistribution,
    /// 年末结转和结余 / 年末财政拨款结转和结余 / 年终结转结余
    Closing,
    /// A part of the closing balance.
    ClosingPart(Source),
    /// 总计 on the expenditure side
    ExpenditureGrandTotal,
    /// Anything else (其中 lines, notes).
    Other,
}

/// Which source a label names, if any.
pub fn source_of(key: &str) -> Option<Source> {
    let s = if key.has("一般公共预算") {
        Source::GeneralBudget
    } else if key.has("政府性基金") {
        Source::GovernmentFund
    } else if key.has("国有资本经营") {
        Source::StateCapital
    } else if key.has("财政专户") {
        Source::SpecialAccount
    } else if key.has("上级补助") {
        Source::Superior
    } else if key.has("附属单位上缴") {
        Source::Affiliated
    } else if key.has("经营收入") {
        Source::Operating
    } else if key.has("事业收入") {
        Source::Business
    } else if key.has("单位资金") || key.has("单位自有资金") {
        Source::UnitFunds
    } else if key.starts_with("其他收入") || key == "其他" {
        Source::Other
    } else if key.has("财政拨款") {
        Source::Fiscal
    } else {
        return None;
    };
    Some(s)
}

fn has_ordinal(label: &str) -> bool {
    let t: String = label
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(6)
        .collect();
    let first = t.chars().next();
    matches!(
        first,
        Some('一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十')
    ) && t
        .chars()
        .skip(1)
        .take(3)
        .any(|c| matches!(c, '、' | '.' | '．'))
        || matches!(first, Some('（' | '(' | '0'..='9' | '①'..='⑳'))
}

/// True for the income side of a summary table (by block name, else by position).
fn is_income_block(table: &Table, index: usize) -> bool {
    match table.blocks[index].name.as_deref().map(label_key) {
        Some(name) if name.has("收入") || name.has("收") && !name.has("支") => true,
        Some(name) if name.has("支出") || name.has("支") => false,
        _ => index == 0,
    }
}

/// The lines of a summary table (01/04 and budget twins): every row with its meaning, the
/// income side first. Expenditure lines by class keep their label key for matching.
pub fn summary_lines(table: &Table) -> Vec<(Line, usize, &Row)> {
    lines_of(table, |block| {
        Cow::Owned(
            block
                .rows
                .iter()
                .map(|r| Cow::Owned(label_key(&r.label)))
                .collect(),
        )
    })
}

/// [`summary_lines`] with the row keys the view reads once per block.
pub(crate) fn summary_lines_in<'t>(view: &View, table: &'t Table) -> Vec<(Line, usize, &'t Row)> {
    lines_of(table, |block| view.row_keys(block))
}

/// [`summary_lines`], with `keys` giving the label keys of a block's rows.
fn lines_of<'t, 'k>(
    table: &'t Table,
    keys: impl Fn(&'t Block) -> Cow<'k, [Cow<'k, str>]>,
) -> Vec<(Line, usize, &'t Row)> {
    let mut out = Vec::new();
    for (bi, block) in table.blocks.iter().enumerate() {
        let income = is_income_block(table, bi);
        // Within a 结转 line's breakdown until the next line with an ordinal or a total.
        let mut parent: Option<Line> = None;
        let mut totals = TotalLines::default();
        let keys = keys(block);
        for (row, key) in block.rows.iter().zip(keys.iter()) {
            if key.is_empty() {
                out.push((Line::Other, bi, row));
                continue;
            }
            let line = match classify(key, income, &row.label, &mut parent) {
                Line::IncomeTotal if totals.is_grand(key) => Line::IncomeGrandTotal,
                Line::ExpenditureTotal if totals.is_grand(key) => Line::ExpenditureGrandTotal,
                line => line,
            };
            out.push((line, bi, row));
        }
    }
    out
}

/// The 合计 lines of a summary block, in order: a second one after 本年收入合计 and the
/// balances is the grand total ("收入合计" where other templates print "收入总计").
#[derive(Default)]
pub(crate) struct TotalLines {
    seen: bool,
}

impl TotalLines {
    /// For a line read as a year total: true when it is the block's grand total instead (a
    /// total not named 本年… after another one).
    pub(crate) fn is_grand(&mut self, key: &str) -> bool {
        if self.seen && !key.starts_with("本年") {
            return true;
        }
        self.seen = true;
        false
    }
}

fn classify(key: &str, income: bool, label: &str, parent: &mut Option<Line>) -> Line {
    if key.starts_with("其中") {
        return Line::Other;
    }
    if key.has("总计") {
        *parent = None;
        return if income {
            Line::IncomeGrandTotal
        } else {
            Line::ExpenditureGrandTotal
        };
    }
    // A budget's 04 prints its year totals as "一、本年收入" / "一、本年支出".
    if key.ends_with("合计") || key == "本年收入" || key == "本年支出" {
        *parent = None;
        return if income {
            Line::IncomeTotal
        } else {
            Line::ExpenditureTotal
        };
    }
    if key.has("非财政拨款结余") || key.has("弥补收支差额") {
        *parent = None;
        return Line::NonFiscalSurplusUsed;
    }
    if key.has("结余分配") {
        *parent = None;
        return Line::SurplusDistribution;
    }
    let balance = key.has("结转") || key.has("结余");
    if balance && (key.has("年初") || key.has("上年")) {
        *parent = Some(Line::Opening);
        return Line::Opening;
    }
    if balance && (key.has("年末") || key.has("年终") || key.has("下年")) {
        *parent = Some(Line::Closing);
        return Line::Closing;
    }
    if let Some(p) = parent.clone() {
        if let Some(source) = source_of(key) {
            if !has_ordinal(label) {
                return match p {
                    Line::Opening => Line::OpeningPart(source),
                    _ => Line::ClosingPart(source),
                };
            }
        }
        *parent = None;
    }
    if income {
        return source_of(key).map(Line::Income).unwrap_or(Line::Other);
    }
    if key == "基本支出" {
        return Line::Basic;
    }
    if key == "项目支出" {
        return Line::Project;
    }
    if key.ends_with("支出") || key.ends_with("支出类") {
        return Line::Class(key.to_string());
    }
    Line::Other
}

/// True when two class labels name the same function class ("一般公共服务支出" and
/// "一般公共服务" or "201一般公共服务支出").
pub fn same_class(a: &str, b: &str) -> bool {
    let norm = |s: &str| -> String {
        let k = label_key(s);
        let k = k.trim_start_matches(|c: char| c.is_ascii_digit());
        k.trim_end_matches("类")
            .trim_end_matches("支出")
            .to_string()
    };
    let (x, y) = (norm(a), norm(b));
    !x.is_empty() && x == y
}

/// The first column of a block whose header path (keys joined) contains every word of `all`
/// and none of `none`.
pub fn find_column(block: &Block, all: &[&str], none: &[&str]) -> Option<usize> {
    block.columns.iter().position(|c| {
        let key: String = c
            .header
            .iter()
            .map(|h| label_key(h))
            .collect::<Vec<_>>()
            .join("/");
        all.iter().all(|w| key.has(w)) && !none.iter().any(|w| key.has(w))
    })
}

/// The stage of a 三公 column block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stage {
    /// 预算数 (adjusted budget)
    Budget,
    /// 决算数 (actual)
    Actual,
}

/// The item of a 三公 column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SanGong {
    Total,
    /// 因公出国（境）费
    Abroad,
    /// 公务用车购置及运行（维护）费 小计
    Vehicles,
    /// 公务用车购置费
    VehiclePurchase,
    /// 公务用车运行（维护）费
    VehicleRunning,
    /// 公务接待费
    Reception,
}

/// The columns of a 三公 table: (stage, item, column index). A budget disclosure's table has
/// only the budget stage; a table without 预算/决算 groups counts as the report's own stage.
pub fn sangong_columns(view: &View, block: &Block, default: Stage) -> Vec<(Stage, SanGong, usize)> {
    let mut out = Vec::new();
    let block_keys = view.keys(block);
    for (i, (keys, path)) in block_keys
        .levels()
        .iter()
        .zip(&block_keys.levels_joined)
        .enumerate()
    {
        let stage = if path.has("决算") || path.has("实际") {
            Stage::Actual
        } else if path.has("预算") {
            Stage::Budget
        } else {
            default
        };
        let last = keys.last().map(|k| &**k).unwrap_or("");
        let in_vehicles = path.has("公务用车");
        let item = if last.has("出国") {
            SanGong::Abroad
        } else if last.has("接待") {
            SanGong::Reception
        } else if last.has("购置费") && in_vehicles || last == "购置费" || last.has("车购置")
        {
            SanGong::VehiclePurchase
        } else if last.has("运行") && (in_vehicles || last.has("车")) {
            SanGong::VehicleRunning
        } else if last.has("小计") && in_vehicles || last.has("公务用车购置及运行") {
            SanGong::Vehicles
        } else if last.has("合计") || last == "小计" && !in_vehicles || last.has("三公") {
            SanGong::Total
        } else {
            continue;
        };
        out.push((stage, item, i));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_lines_of_the_sample() {
        let doc = crate::parse(include_str!("../../tests/fixtures/samples/000.txt")).document;
        let t01 = doc.table("01").unwrap();
        let lines = summary_lines(t01);
        let find = |l: &Line| lines.iter().filter(|(x, _, _)| x == l).count();
        assert_eq!(find(&Line::Income(Source::GeneralBudget)), 1);
        assert_eq!(find(&Line::Income(Source::Other)), 1);
        assert_eq!(find(&Line::IncomeTotal), 1);
        assert_eq!(find(&Line::Opening), 1);
        assert_eq!(find(&Line::IncomeGrandTotal), 1);
        assert_eq!(find(&Line::ExpenditureGrandTotal), 1);
        assert_eq!(find(&Line::Closing), 1);
        assert_eq!(
            lines
                .iter()
                .filter(|(l, _, _)| matches!(l, Line::Class(_)))
                .count(),
            26
        );
        let t04 = doc.table("04").unwrap();
        let lines = summary_lines(t04);
        assert_eq!(
            lines
                .iter()
                .filter(|(l, _, _)| matches!(l, Line::OpeningPart(_)))
                .count(),
            3
        );
        assert_eq!(
            lines
                .iter()
                .filter(|(l, _, _)| matches!(l, Line::Income(_)))
                .count(),
            3
        );
        let t07 = doc.table("07").unwrap();
        let cols = sangong_columns(
            &crate::rules::View::new(&doc),
            &t07.blocks[0],
            Stage::Actual,
        );
        assert_eq!(cols.len(), 12, "{cols:?}");
        assert!(cols.contains(&(Stage::Budget, SanGong::Reception, 5)));
        assert!(cols.contains(&(Stage::Actual, SanGong::VehiclePurchase, 9)));
        assert!(same_class("一、一般公共服务支出", "一般公共服务支出"));
        assert!(same_class("科学技术", "科学技术支出"));
        assert!(!same_class("其他支出", "科学技术支出"));
    }
}
