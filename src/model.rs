//! The document model: what a disclosure says, independent of how it was pasted.
//!
//! A tab-separated paste, a PDF copy aligned with spaces, a markdown table and an Excel
//! selection of the same disclosure all read into the same `Document`; only the locations
//! differ. Rules work on this model and never look at the raw text layout.

use crate::number::Number;
use crate::source::Location;
use rust_decimal::Decimal;
use serde::Serialize;

/// The string type of the model's short texts (codes, cell texts, labels, units, numberings):
/// up to 24 bytes are kept inline, without a heap allocation. Derefs to `str` and serialises
/// as a plain string.
pub use compact_str::CompactString;

/// 决算 (final accounts) or 预算 (budget).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReportKind {
    Final,
    Budget,
}

/// What kind of text the input turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocumentClass {
    /// A disclosure with tables (possibly only some of them).
    Disclosure,
    /// A disclosure whose tables are not in the text (e.g. in an attachment).
    NarrativeOnly,
    /// One or more tables without the surrounding disclosure (a spreadsheet paste).
    TablesOnly,
    /// Text that is not a budget or final-accounts disclosure.
    NotDisclosure,
    /// No readable text (empty, or a scanned PDF).
    NoText,
}

/// The unit amounts are printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum MoneyUnit {
    #[serde(rename = "元")]
    Yuan,
    #[serde(rename = "万元")]
    WanYuan,
    #[serde(rename = "亿元")]
    YiYuan,
}

impl MoneyUnit {
    /// How many 元 one printed unit is.
    pub fn yuan_factor(self) -> Decimal {
        match self {
            MoneyUnit::Yuan => Decimal::ONE,
            MoneyUnit::WanYuan => Decimal::from(10_000),
            MoneyUnit::YiYuan => Decimal::from(100_000_000),
        }
    }
    pub fn from_text(s: &str) -> Option<MoneyUnit> {
        match s {
            "元" => Some(MoneyUnit::Yuan),
            "万元" => Some(MoneyUnit::WanYuan),
            "亿元" => Some(MoneyUnit::YiYuan),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            MoneyUnit::Yuan => "元",
            MoneyUnit::WanYuan => "万元",
            MoneyUnit::YiYuan => "亿元",
        }
    }
}

/// Which table this is.
///
/// The nine standard tables are numbered by their place in the national 决算 template
/// (公开01表 … 公开09表); a budget's same-shaped tables get the same numbers
/// (收支预算总表 = 01 … 国有资本经营预算支出表 = 09).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TableKind {
    /// 01 收入支出决算总表 / 收支预算总表
    IncomeExpenditureSummary,
    /// 02 收入决算表 / 收入预算总表
    Income,
    /// 03 支出决算表 / 支出预算总表
    Expenditure,
    /// 04 财政拨款收入支出决算总表 / 财政拨款收支预算总表
    FiscalSummary,
    /// 05 一般公共预算财政拨款支出决算表 (by function)
    GeneralBudgetExpenditure,
    /// 06 一般公共预算财政拨款基本支出决算(明细)表 (by economic class)
    GeneralBudgetBasicExpenditure,
    /// 07 一般公共预算财政拨款“三公”经费支出决算表
    ThreePublicExpenses,
    /// 08 政府性基金预算财政拨款收入支出决算表
    GovernmentFund,
    /// 09 国有资本经营预算财政拨款支出决算表
    StateCapital,
    /// 部门整体支出绩效自评表
    PerformanceOverall,
    /// 项目支出绩效自评表
    PerformanceProject,
    /// Any other table (项目支出表, 政府采购表, 绩效目标表, …).
    Other,
}

impl TableKind {
    /// The standard number "01".."09", if this is one of the nine tables.
    pub fn standard_number(self) -> Option<&'static str> {
        use TableKind::*;
        Some(match self {
            IncomeExpenditureSummary => "01",
            Income => "02",
            Expenditure => "03",
            FiscalSummary => "04",
            GeneralBudgetExpenditure => "05",
            GeneralBudgetBasicExpenditure => "06",
            ThreePublicExpenses => "07",
            GovernmentFund => "08",
            StateCapital => "09",
            _ => return None,
        })
    }

    pub const STANDARD: [TableKind; 9] = [
        TableKind::IncomeExpenditureSummary,
        TableKind::Income,
        TableKind::Expenditure,
        TableKind::FiscalSummary,
        TableKind::GeneralBudgetExpenditure,
        TableKind::GeneralBudgetBasicExpenditure,
        TableKind::ThreePublicExpenses,
        TableKind::GovernmentFund,
        TableKind::StateCapital,
    ];

    /// The national template's name of the table, for messages.
    pub fn standard_name(self, kind: Option<ReportKind>) -> &'static str {
        use TableKind::*;
        let budget = kind == Some(ReportKind::Budget);
        match (self, budget) {
            (IncomeExpenditureSummary, false) => "收入支出决算总表",
            (IncomeExpenditureSummary, true) => "收支预算总表",
            (Income, false) => "收入决算表",
            (Income, true) => "收入预算总表",
            (Expenditure, false) => "支出决算表",
            (Expenditure, true) => "支出预算总表",
            (FiscalSummary, false) => "财政拨款收入支出决算总表",
            (FiscalSummary, true) => "财政拨款收支预算总表",
            (GeneralBudgetExpenditure, false) => "一般公共预算财政拨款支出决算表",
            (GeneralBudgetExpenditure, true) => "一般公共预算支出预算表",
            (GeneralBudgetBasicExpenditure, false) => "一般公共预算财政拨款基本支出决算表",
            (GeneralBudgetBasicExpenditure, true) => "一般公共预算基本支出预算表",
            (ThreePublicExpenses, false) => "一般公共预算财政拨款“三公”经费支出决算表",
            (ThreePublicExpenses, true) => "一般公共预算“三公”经费支出预算表",
            (GovernmentFund, false) => "政府性基金预算财政拨款收入支出决算表",
            (GovernmentFund, true) => "政府性基金预算支出预算表",
            (StateCapital, false) => "国有资本经营预算财政拨款支出决算表",
            (StateCapital, true) => "国有资本经营预算支出预算表",
            (PerformanceOverall, _) => "部门整体支出绩效自评表",
            (PerformanceProject, _) => "项目支出绩效自评表",
            (Other, _) => "其他表",
        }
    }
}

/// A 支出功能分类 (3/5/7 digits) or 经济分类 (3/5 digits) code printed on a row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Code {
    /// The digits, e.g. "2010301".
    pub digits: CompactString,
    pub location: Location,
}

impl Code {
    /// 1 = 类 (3 digits), 2 = 款 (5), 3 = 项 (7).
    pub fn level(&self) -> u8 {
        match self.digits.len() {
            3 => 1,
            5 => 2,
            _ => 3,
        }
    }
}

/// One value column of a table (label columns such as 科目编码/科目名称/行次 are row attributes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Column {
    /// Header text from the outermost group to the column itself, whitespace removed,
    /// e.g. `["本年支出", "基本支出"]` or `["决算数", "公务用车购置及运行费", "小计"]`.
    pub header: Vec<String>,
    /// The printed column number (栏次), if any.
    pub number: Option<u32>,
}

impl Column {
    /// The column's own name (the last header level), or "" when the header is blank.
    pub fn name(&self) -> &str {
        self.header.last().map(String::as_str).unwrap_or("")
    }
    /// The whole header joined with "/".
    pub fn path(&self) -> String {
        self.header.join("/")
    }
}

/// One cell of a row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// Index into the block's `columns`.
    pub column: usize,
    /// The text as printed (whitespace-trimmed); "" for a blank cell.
    pub raw: CompactString,
    /// The amount, if the cell is a number. Blank = `None` (reads as zero in sums), `-`/`—` = 0.
    pub number: Option<Number>,
    /// Where the text is; for a blank cell an empty span where the cell would be.
    pub location: Location,
    /// The amount was read but its column is a guess: the row came without its alignment
    /// (text copied from a PDF with single spaces between the figures) and holds fewer figures
    /// than the table has columns. No sum or comparison uses it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unplaced: bool,
}

impl Cell {
    /// The cell's value, blank and non-numeric cells counting as zero.
    pub fn value_or_zero(&self) -> Decimal {
        self.number.map(|n| n.value).unwrap_or(Decimal::ZERO)
    }
    pub fn value(&self) -> Option<Decimal> {
        self.number.map(|n| n.value)
    }
    pub fn is_blank(&self) -> bool {
        self.raw.is_empty()
    }
}

/// A table row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// Classification code, if printed.
    pub code: Option<Code>,
    /// The row label with ordinals kept ("一、一般公共服务支出") and whitespace removed.
    pub label: CompactString,
    /// Where the label is (first fragment when the label wrapped).
    pub label_location: Option<Location>,
    /// The printed row number (行次), if any.
    pub number: Option<u32>,
    /// One cell per column of the block, in column order.
    pub cells: Vec<Cell>,
    /// 1-based line of the row's amounts (or its label when it has none).
    pub line: u32,
}

impl Row {
    pub fn cell(&self, column: usize) -> Option<&Cell> {
        self.cells.get(column)
    }
    /// True if no cell holds a non-zero amount.
    pub fn is_empty(&self) -> bool {
        self.cells.iter().all(|c| c.value_or_zero().is_zero())
    }
}

/// A block of rows sharing columns. Most tables have one block; 收支总表 have an income and an
/// expenditure block printed side by side, 06 决算 tables three economic-class blocks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Block {
    /// A name printed over the block ("收入", "支出"), if any.
    pub name: Option<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

/// A note under a table (注：…, 说明：…, 备注：…), joined over its lines.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Note {
    pub text: String,
    pub location: Location,
}

/// One table of the disclosure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// Stable id: "01".."09" for the standard tables, "perf-1".. for self-evaluation tables,
    /// "t-<n>" for other tables (n = order in the document).
    pub id: String,
    pub kind: TableKind,
    /// The title as printed, whitespace collapsed.
    pub title: String,
    pub title_location: Location,
    /// The number printed with the title ("公开01表", "表1"), if any.
    pub printed_number: Option<String>,
    /// The unit of its amounts, if stated.
    pub unit: Option<MoneyUnit>,
    /// The organisation named on the table (部门：…).
    pub organisation: Option<String>,
    pub blocks: Vec<Block>,
    pub notes: Vec<Note>,
    /// Lines `first..=last` (1-based) the table spans.
    pub first_line: u32,
    pub last_line: u32,
}

impl Table {
    /// All rows of all blocks.
    pub fn rows(&self) -> impl Iterator<Item = &Row> {
        self.blocks.iter().flat_map(|b| b.rows.iter())
    }
    /// True if no cell of the table holds a non-zero amount.
    pub fn is_empty(&self) -> bool {
        self.rows().all(Row::is_empty)
    }
}

/// A numbered heading of the narrative (第三部分, 一、…, （一）…, 1.…).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// The heading text, whitespace and markdown markers removed.
    pub title: String,
    /// The numbering as printed: "第三部分", "五", "（三）", "1".
    pub number: CompactString,
    /// 0 = 第N部分, 1 = 一、, 2 = （一）, 3 = 1、/1.
    pub level: u8,
    /// Index of the enclosing section in `Document::sections`.
    pub parent: Option<usize>,
    /// True for an entry of the table of contents (目录), not a heading of the body.
    pub in_toc: bool,
    pub location: Location,
}

/// What a narrative figure measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FigureKind {
    /// An amount with its unit.
    Amount,
    /// A percentage.
    Percent,
    /// A count (辆, 个, 人次, 台（套）…).
    Count,
}

/// A number quoted in a narrative sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    pub kind: FigureKind,
    #[serde(with = "rust_decimal::serde::str")]
    pub value: Decimal,
    /// Decimal places printed.
    pub decimals: u32,
    /// The unit as printed: "万元", "元", "亿元", "%", "辆", "人次"…
    pub unit: CompactString,
    /// The words before the figure in its clause (from the last `，；。：` on), whitespace
    /// removed, e.g. "其中：基本支出" or "占".
    pub subject: CompactString,
    /// The whole sentence (up to `。`), whitespace removed, for messages. Shared by the
    /// figures of one sentence.
    pub sentence: std::sync::Arc<str>,
    /// Index of the innermost enclosing section in `Document::sections`.
    pub section: Option<usize>,
    pub location: Location,
}

/// A whole disclosure as read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    pub class: DocumentClass,
    /// The department or unit (部门/单位) the disclosure is about.
    pub unit: Option<String>,
    pub year: Option<i32>,
    pub kind: Option<ReportKind>,
    pub tables: Vec<Table>,
    pub sections: Vec<Section>,
    pub figures: Vec<Figure>,
    /// The narrative text outside the tables, one entry per non-blank line, for rules that read
    /// wording (negations, stray characters, glossary terms). Not serialised: the input has it.
    #[serde(skip)]
    pub narrative: Vec<TextLine>,
}

/// One non-blank line of narrative text (outside the tables, page furniture dropped).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TextLine {
    /// The line, trimmed of surrounding whitespace.
    pub text: String,
    pub location: Location,
}

impl Document {
    pub fn table(&self, id: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.id == id)
    }
    pub fn table_of_kind(&self, kind: TableKind) -> Option<&Table> {
        self.tables
            .iter()
            .find(|t| t.kind == kind && t.kind.standard_number() == Some(t.id.as_str()))
    }
}
