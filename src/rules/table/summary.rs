//! The lines of a summary table (公开01表, 04表 and their budget twins) read as a structure: which
//! lines are sources of income and which are their parts, which are function classes, totals and
//! balances, and which column holds each measure (合计 / 一般公共预算 / 政府性基金 / 国有资本经营).
//!
//! Templates differ: 决算 lists 一、一般公共预算财政拨款收入 …; budgets list 一、财政拨款 with
//! 一般公共预算 / 政府性基金预算 … beneath it, or 一、本年收入 with （一）… parts; the balance
//! lines are 年初结转和结余 or 上年结转结余, 年末 or 年终. Expenditure lines may be function
//! classes only, or classes with their 款/项 rows printed underneath (only the classes count).

use super::columns;
use crate::model::{Block, Row, Table};
use crate::rules::roles::{source_of, Source, TotalLines};
use crate::rules::view::label_key;
use crate::rules::{Context, Term, View};
use crate::text::Has;

/// The function classes (类) of 支出功能分类, across recent years, without the 支出 suffix.
const CLASSES: &[&str] = &[
    "一般公共服务",
    "外交",
    "国防",
    "公共安全",
    "教育",
    "科学技术",
    "文化旅游体育与传媒",
    "文化体育与传媒",
    "社会保障和就业",
    "社会保险基金",
    "卫生健康",
    "医疗卫生与计划生育",
    "节能环保",
    "城乡社区",
    "农林水",
    "交通运输",
    "资源勘探工业信息等",
    "资源勘探信息等",
    "商业服务业等",
    "金融",
    "援助其他地区",
    "自然资源海洋气象等",
    "国土海洋气象等",
    "住房保障",
    "粮油物资储备",
    "国有资本经营预算",
    "灾害防治及应急管理",
    "预备费",
    "其他",
    "转移性",
    "债务还本",
    "债务付息",
    "债务发行费用",
    "抗疫特别国债安排的",
];

/// The class a label names, given the label's [`label_key`] ("一、一般公共服务支出" →
/// "一般公共服务支出" → "一般公共服务"), if it is a function class.
pub(crate) fn class_of_key(key: &str) -> Option<&'static str> {
    let key = key.trim_start_matches(|c: char| c.is_ascii_digit());
    let key = key.strip_suffix("类").unwrap_or(key);
    let stem = key.strip_suffix("支出").unwrap_or(key);
    CLASSES.iter().copied().find(|c| *c == stem)
}

/// What a line of a summary table is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Line {
    /// A source of this year's income.
    Income(Source),
    /// A part of a 财政拨款 income line (一般公共预算 under 一、财政拨款).
    FiscalPart(Source),
    IncomeTotal,
    NonFiscalSurplusUsed,
    Opening,
    OpeningPart(Source),
    IncomeGrandTotal,
    Class(&'static str),
    Basic,
    Project,
    ExpenditureTotal,
    SurplusDistribution,
    Closing,
    ClosingPart(Source),
    ExpenditureGrandTotal,
    Other,
}

/// Which figure of an expenditure line: the whole, or one budget's share.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Measure {
    /// The line's only or 合计 figure.
    Total,
    /// The 一般公共预算 / 政府性基金 / 国有资本经营 column.
    Budget(Source),
}

#[derive(Clone)]
pub(crate) struct SummaryRow<'t> {
    pub line: Line,
    pub block: usize,
    pub row: &'t Row,
}

#[derive(Clone)]
pub(crate) struct Summary<'t> {
    pub table: &'t Table,
    pub rows: Vec<SummaryRow<'t>>,
    /// Per block: the 合计 column when the block is split by budget (see [`split_columns`]).
    split: Vec<Option<usize>>,
    /// Per block: the column of each measure (合计, 一般公共预算, 政府性基金, 国有资本经营).
    measures: Vec<[Option<usize>; 4]>,
}

fn is_budget_source(s: Source) -> bool {
    matches!(
        s,
        Source::GeneralBudget | Source::GovernmentFund | Source::StateCapital
    )
}

/// "一、" style ordinal (a top-level line).
fn top_ordinal(label: &str) -> bool {
    let mut chars = label.chars().filter(|c| !c.is_whitespace());
    let Some(first) = chars.next() else {
        return false;
    };
    // The first five characters: the numeral and the four after it.
    crate::text::is_cn_digit(first) && chars.take(4).any(|c| matches!(c, '、' | '.' | '．'))
}

fn income_side(view: &View, table: &Table, index: usize) -> bool {
    let block = &table.blocks[index];
    let name = block.name.as_deref().map(label_key).unwrap_or_default();
    let header: String = view
        .keys(block)
        .paths()
        .iter()
        .map(|p| p.concat())
        .collect();
    for text in [name.as_str(), header.as_str()] {
        if text.has("收入") && !text.has("支出") {
            return true;
        }
        if text.has("支出") && !text.has("收入") {
            return false;
        }
    }
    let (mut inc, mut exp) = (0, 0);
    for k in view.row_keys(block).iter() {
        if k.has("收入") || source_of(k).is_some() && !k.has("支出") {
            inc += 1;
        }
        if k.has("支出") {
            exp += 1;
        }
    }
    if inc != exp {
        return inc > exp;
    }
    index == 0
}

impl<'t> Summary<'t> {
    pub(crate) fn of(view: &View, table: &'t Table) -> Summary<'t> {
        let mut rows = Vec::new();
        let mut split = Vec::with_capacity(table.blocks.len());
        let mut measures = Vec::with_capacity(table.blocks.len());
        for (bi, block) in table.blocks.iter().enumerate() {
            let s = split_columns(view, block);
            split.push(s);
            measures.push(MEASURES.map(|m| measure_column(view, block, s, m)));
            let income = income_side(view, table, bi);
            let mut parent = Line::Other;
            let mut last_class: Option<&'static str> = None;
            let mut totals = TotalLines::default();
            let keys = view.row_keys(block);
            for (row, key) in block.rows.iter().zip(keys.iter()) {
                let line = if income {
                    classify_income(key, &row.label, &mut parent)
                } else {
                    classify_expenditure(key, &row.label, &mut parent)
                };
                let line = match line {
                    Line::IncomeTotal if totals.is_grand(key) => Line::IncomeGrandTotal,
                    Line::ExpenditureTotal if totals.is_grand(key) => Line::ExpenditureGrandTotal,
                    l => l,
                };
                // A class repeated right below itself is its 款 (其他支出 / 其他支出).
                let line = match line {
                    Line::Class(c) if last_class == Some(c) => Line::Other,
                    l => l,
                };
                if let Line::Class(c) = line {
                    last_class = Some(c);
                } else if line != Line::Other {
                    last_class = None;
                }
                rows.push(SummaryRow {
                    line,
                    block: bi,
                    row,
                });
            }
        }
        Summary {
            table,
            rows,
            split,
            measures,
        }
    }

    pub(crate) fn first(&self, line: Line) -> Option<&SummaryRow<'t>> {
        self.rows.iter().find(|r| r.line == line)
    }

    pub(crate) fn all(&self, pred: impl Fn(Line) -> bool) -> Vec<&SummaryRow<'t>> {
        self.rows.iter().filter(|r| pred(r.line)).collect()
    }

    /// The column of a measure in a block, if the block prints it.
    pub(crate) fn measure_column(&self, block: usize, measure: Measure) -> Option<usize> {
        let i = MEASURES.iter().position(|m| *m == measure)?;
        self.measures.get(block)?[i]
    }

    /// A line's figure for a measure, as an identity term.
    pub(crate) fn term(&self, ctx: &Context, r: &SummaryRow<'t>, measure: Measure) -> Option<Term> {
        let block = self.table.blocks.get(r.block)?;
        let col = self.measure_column(r.block, measure)?;
        let split = self.split.get(r.block).copied().flatten();
        let col = if measure == Measure::Total && split.is_none() {
            row_value_column(block, r.row, col)
        } else {
            col
        };
        ctx.view.term(self.table, block, r.row, col)
    }

    /// The measures the expenditure block of this table prints.
    pub(crate) fn expenditure_measures(&self) -> Vec<Measure> {
        let Some(r) = self.first(Line::ExpenditureTotal) else {
            return vec![Measure::Total];
        };
        let mut out = vec![Measure::Total];
        if self.split.get(r.block).copied().flatten().is_some() {
            for s in [
                Source::GeneralBudget,
                Source::GovernmentFund,
                Source::StateCapital,
            ] {
                if self.measure_column(r.block, Measure::Budget(s)).is_some() {
                    out.push(Measure::Budget(s));
                }
            }
        }
        out
    }

    /// Income lines of this year, without the parts of a 财政拨款 line.
    pub(crate) fn sources(&self) -> Vec<&SummaryRow<'t>> {
        self.all(|l| matches!(l, Line::Income(_)))
    }

    /// The line of an income source, or the 财政拨款 part naming it.
    pub(crate) fn source_line(&self, s: Source) -> Option<&SummaryRow<'t>> {
        self.first(Line::Income(s))
            .or_else(|| self.first(Line::FiscalPart(s)))
    }

    /// Expenditure class lines in the block of the expenditure total (or all, if none).
    pub(crate) fn classes(&self) -> Vec<&SummaryRow<'t>> {
        let block = self.first(Line::ExpenditureTotal).map(|r| r.block);
        self.rows
            .iter()
            .filter(|r| matches!(r.line, Line::Class(_)) && block.is_none_or(|b| b == r.block))
            .collect()
    }
}

/// The measures a summary table's figures are read in.
const MEASURES: [Measure; 4] = [
    Measure::Total,
    Measure::Budget(Source::GeneralBudget),
    Measure::Budget(Source::GovernmentFund),
    Measure::Budget(Source::StateCapital),
];

/// The column of a measure in a block, if the block prints it (`split` is the block's
/// [`split_columns`]).
fn measure_column(view: &View, b: &Block, split: Option<usize>, measure: Measure) -> Option<usize> {
    let word = match measure {
        Measure::Total => None,
        Measure::Budget(Source::GeneralBudget) => Some("一般公共预算"),
        Measure::Budget(Source::GovernmentFund) => Some("政府性基金"),
        Measure::Budget(Source::StateCapital) => Some("国有资本经营"),
        Measure::Budget(_) => return None,
    };
    match (word, split) {
        (Some(w), Some(_)) => columns::column(view, b, &[w], &[]),
        (Some(_), None) => None,
        (None, Some(total)) => Some(total),
        (None, None) => main_column(b),
    }
}

/// The 合计 column of a block split by budget (合计 / 一般公共预算 / 政府性基金 / 国有资本经营).
fn split_columns(view: &View, block: &Block) -> Option<usize> {
    columns::column(view, block, &["一般公共预算"], &[])?;
    columns::column(view, block, &["政府性基金"], &[])?;
    view.keys(block).joined.iter().position(|k| {
        (k.ends_with("合计") || k.ends_with("小计") || k.ends_with("总计"))
            && !k.has("一般公共预算")
            && !k.has("政府性基金")
    })
}

/// The column most figures of a one-amount block are in.
fn main_column(block: &Block) -> Option<usize> {
    (0..block.columns.len())
        .map(|c| {
            let n = block
                .rows
                .iter()
                .filter(|r| r.cell(c).is_some_and(|x| x.number.is_some()))
                .count();
            (n, c)
        })
        .filter(|(n, _)| *n > 0)
        .max_by_key(|(n, c)| (*n, usize::MAX - c))
        .map(|(_, c)| c)
        .or_else(|| (!block.columns.is_empty()).then_some(0))
}

/// In a one-amount block the reader sometimes puts a row's figure in a neighbouring column:
/// when the main cell is blank and exactly one other cell holds a figure, that is the figure.
fn row_value_column(block: &Block, row: &Row, main: usize) -> usize {
    if row.cell(main).is_some_and(|c| c.number.is_some()) {
        return main;
    }
    let printed: Vec<usize> = (0..block.columns.len())
        .filter(|&c| row.cell(c).is_some_and(|x| x.number.is_some()))
        .collect();
    match printed.as_slice() {
        [one] => *one,
        _ => main,
    }
}

fn classify_income(key: &str, label: &str, parent: &mut Line) -> Line {
    if key.starts_with("其中") {
        return Line::Other;
    }
    if key.has("总计") {
        *parent = Line::Other;
        return Line::IncomeGrandTotal;
    }
    if key.ends_with("合计") || key == "本年收入" || key == "收入合计" {
        *parent = Line::IncomeTotal;
        return Line::IncomeTotal;
    }
    if key.has("非财政拨款结余") || key.has("弥补收支差额") {
        *parent = Line::Other;
        return Line::NonFiscalSurplusUsed;
    }
    let balance = key.has("结转") || key.has("结余");
    if balance && (key.has("年初") || key.has("上年")) {
        *parent = Line::Opening;
        return Line::Opening;
    }
    let Some(source) = source_of(key) else {
        *parent = Line::Other;
        return Line::Other;
    };
    match *parent {
        Line::Opening if is_budget_source(source) && !top_ordinal(label) => {
            Line::OpeningPart(source)
        }
        Line::Income(Source::Fiscal) if is_budget_source(source) && !top_ordinal(label) => {
            Line::FiscalPart(source)
        }
        _ => {
            *parent = Line::Income(source);
            Line::Income(source)
        }
    }
}

fn classify_expenditure(key: &str, label: &str, parent: &mut Line) -> Line {
    if key.starts_with("其中") {
        return Line::Other;
    }
    if key.has("总计") {
        *parent = Line::Other;
        return Line::ExpenditureGrandTotal;
    }
    if key.ends_with("合计") || key == "本年支出" {
        *parent = Line::Other;
        return Line::ExpenditureTotal;
    }
    if key.has("结余分配") {
        *parent = Line::Other;
        return Line::SurplusDistribution;
    }
    let balance = key.has("结转") || key.has("结余");
    if balance && (key.has("年末") || key.has("年终") || key.has("下年")) {
        *parent = Line::Closing;
        return Line::Closing;
    }
    if *parent == Line::Closing && !top_ordinal(label) {
        if let Some(s) = source_of(key).filter(|s| is_budget_source(*s)) {
            return Line::ClosingPart(s);
        }
    }
    *parent = Line::Other;
    if key == "基本支出" {
        return Line::Basic;
    }
    if key == "项目支出" {
        return Line::Project;
    }
    class_of_key(key).map(Line::Class).unwrap_or(Line::Other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_summary_tables_read() {
        let doc = crate::parse(include_str!("../../../tests/fixtures/samples/000.txt")).document;
        let view = View::new(&doc);
        let s = Summary::of(&view, doc.table("01").unwrap());
        assert_eq!(s.sources().len(), 8);
        assert_eq!(s.classes().len(), 26);
        assert!(s.first(Line::IncomeGrandTotal).is_some());
        assert!(s.first(Line::ExpenditureGrandTotal).is_some());
        let s = Summary::of(&view, doc.table("04").unwrap());
        assert_eq!(s.all(|l| matches!(l, Line::OpeningPart(_))).len(), 3);
        assert_eq!(s.expenditure_measures().len(), 4);
        let class_of = |label: &str| class_of_key(&label_key(label));
        assert_eq!(class_of("二十三、其他支出"), Some("其他"));
        assert_eq!(class_of("（八）社会保障和就业支出"), Some("社会保障和就业"));
        assert_eq!(class_of("其他社会工作事务支出"), None);
    }
}
