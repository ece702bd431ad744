//! Findings: what the checker reports, as plain data (like a compiler diagnostic).
//!
//! Detection produces these; renderers (terminal, JSON, the browser) live at the edges.

use crate::source::Location;
use rust_decimal::Decimal;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Cosmetic, or a difference the rounding allowance explains.
    Info,
    /// A probable problem that needs a person's judgement.
    Warning,
    /// A contradiction.
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A cell of a table, named the way a reviewer would say it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct CellRef {
    /// Table id ("01".."09", "perf-N", "t-N").
    pub table: String,
    /// The row: its code and label ("303 对个人和家庭的补助", "合计").
    pub row: String,
    /// The column's header path ("本年支出/基本支出"); empty for one-column blocks.
    pub column: String,
}

/// A secondary location: a figure the primary one was checked against.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Label {
    pub location: Location,
    /// What this place is ("合计", "公开03表 基本支出", …).
    pub message: String,
    /// The same in English ("table 03 row 合计 (基本支出)", …).
    pub message_en: String,
    /// The cell, when the place is a table cell.
    pub cell: Option<CellRef>,
    /// The figure there, when it is one.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub value: Option<Decimal>,
}

impl Label {
    /// A place, said in Chinese and in English.
    pub fn new(
        location: Location,
        message: impl Into<String>,
        message_en: impl Into<String>,
    ) -> Self {
        Label {
            location,
            message: message.into(),
            message_en: message_en.into(),
            cell: None,
            value: None,
        }
    }
    /// The place is a table cell.
    pub fn with_cell(mut self, cell: Option<CellRef>) -> Self {
        self.cell = cell;
        self
    }
    /// The figure printed there.
    pub fn with_value(mut self, value: Decimal) -> Self {
        self.value = Some(value);
        self
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Stable rule id, e.g. `parse.ragged-row`.
    pub rule: &'static str,
    pub severity: Severity,
    /// One Chinese sentence that makes sense alone.
    pub message: String,
    /// The same in English.
    pub message_en: String,
    /// The figure (or line) most likely wrong.
    pub location: Location,
    /// Id of the table the primary location is in.
    pub table: Option<String>,
    /// The primary cell, when the primary location is a table cell.
    pub cell: Option<CellRef>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub stated: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub expected: Option<Decimal>,
    /// stated − expected (or the identity's imbalance).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub difference: Option<Decimal>,
    /// The rounding allowance the difference was judged against (see `tolerance`).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub allowance: Option<Decimal>,
    pub related: Vec<Label>,
    /// How to fix it, if known.
    pub help: Option<String>,
    /// The same in English (set whenever `help` is).
    pub help_en: Option<String>,
}

impl Finding {
    pub fn new(
        rule: &'static str,
        severity: Severity,
        location: Location,
        message: impl Into<String>,
        message_en: impl Into<String>,
    ) -> Self {
        Finding {
            rule,
            severity,
            message: message.into(),
            message_en: message_en.into(),
            location,
            table: None,
            cell: None,
            stated: None,
            expected: None,
            difference: None,
            allowance: None,
            related: Vec::new(),
            help: None,
            help_en: None,
        }
    }
    pub fn in_table(mut self, id: impl Into<String>) -> Self {
        self.table = Some(id.into());
        self
    }
    pub fn with_values(mut self, stated: Option<Decimal>, expected: Option<Decimal>) -> Self {
        self.stated = stated;
        self.expected = expected;
        self
    }
    pub fn with_related(mut self, label: Label) -> Self {
        self.related.push(label);
        self
    }
    /// How to fix it, in Chinese and in English.
    pub fn with_help(mut self, help: impl Into<String>, help_en: impl Into<String>) -> Self {
        self.set_help(help, help_en);
        self
    }
    /// Set how to fix it, in Chinese and in English.
    pub fn set_help(&mut self, help: impl Into<String>, help_en: impl Into<String>) {
        self.help = Some(help.into());
        self.help_en = Some(help_en.into());
    }
}
