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

/// A secondary location: a figure the primary one was checked against.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Label {
    pub location: Location,
    /// What this place is ("合计", "公开03表 基本支出", …).
    pub message: String,
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
    #[serde(with = "rust_decimal::serde::str_option")]
    pub stated: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub expected: Option<Decimal>,
    pub related: Vec<Label>,
    /// How to fix it, if known.
    pub help: Option<String>,
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
            stated: None,
            expected: None,
            related: Vec::new(),
            help: None,
        }
    }
    pub fn in_table(mut self, id: impl Into<String>) -> Self {
        self.table = Some(id.into());
        self
    }
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}
