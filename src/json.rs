//! The stable JSON shape of a check result, shared by the CLI (`juesuan check --format json`) and
//! the browser.
//!
//! These are plain `Serialize` structs; the core depends on serde only; whoever prints them
//! picks the serializer. Field names and meanings are part of the public interface (documented
//! in the README): add fields rather than rename or remove them.

use crate::diagnostic::{Finding, Severity};
use crate::model::{ReportKind, Table};
use crate::report::Report;
use rust_decimal::Decimal;
use serde::Serialize;

/// One checked input.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportJson {
    /// The input's name as given (a file path, or `<stdin>`).
    pub path: String,
    /// The department or unit the disclosure is about, if found.
    pub unit: Option<String>,
    pub year: Option<i32>,
    /// `"final"` (决算) or `"budget"` (预算).
    pub kind: Option<ReportKind>,
    /// The tables found, in document order.
    pub tables: Vec<TableJson>,
    /// The findings, in the report's order (by position, then rule id).
    pub findings: Vec<FindingJson>,
}

/// A table found in the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableJson {
    /// "01".."09" for the standard tables, "perf-N" for self-evaluation tables, "t-N" otherwise.
    pub id: String,
    /// The title as printed.
    pub title: String,
    /// 1-based line of the title.
    pub line: u32,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FindingJson {
    pub rule: String,
    /// `"error"`, `"warning"` or `"info"`.
    pub severity: Severity,
    /// The Chinese message.
    pub message: String,
    /// 1-based line and column (in characters) of the primary location.
    pub line: u32,
    pub column: u32,
    /// Id of the table the finding is in, if any.
    pub table: Option<String>,
    /// The figure as printed, as a decimal string.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub stated: Option<Decimal>,
    /// What it should be, as a decimal string.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub expected: Option<Decimal>,
    /// stated − expected (or the identity's imbalance), as a decimal string.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub difference: Option<Decimal>,
    /// The rounding allowance the difference was judged against.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub allowance: Option<Decimal>,
    /// The places the figure was checked against.
    pub related: Vec<RelatedJson>,
    /// The message in English.
    pub message_en: String,
    /// How to fix it, when known.
    pub help: Option<String>,
    /// The same in English (present whenever `help` is).
    pub help_en: Option<String>,
}

/// A secondary location of a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RelatedJson {
    pub line: u32,
    pub column: u32,
    /// What is there ("公开03表 合计 基本支出").
    pub message: String,
    /// The same in English ("table 03 row 合计 (基本支出)").
    pub message_en: String,
    /// The figure there, as a decimal string.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub value: Option<Decimal>,
}

impl ReportJson {
    pub fn new(path: &str, report: &Report) -> Self {
        let doc = &report.document;
        ReportJson {
            path: path.to_string(),
            unit: doc.unit.clone(),
            year: doc.year,
            kind: doc.kind,
            tables: doc.tables.iter().map(TableJson::new).collect(),
            findings: report.findings.iter().map(FindingJson::new).collect(),
        }
    }
}

impl TableJson {
    pub fn new(table: &Table) -> Self {
        TableJson {
            id: table.id.clone(),
            title: table.title.clone(),
            line: table.title_location.line,
        }
    }
}

impl FindingJson {
    pub fn new(finding: &Finding) -> Self {
        FindingJson {
            rule: finding.rule.to_string(),
            severity: finding.severity,
            message: finding.message.clone(),
            line: finding.location.line,
            column: finding.location.column,
            table: finding.table.clone(),
            stated: finding.stated,
            expected: finding.expected,
            difference: finding.difference,
            allowance: finding.allowance,
            related: finding
                .related
                .iter()
                .map(|label| RelatedJson {
                    line: label.location.line,
                    column: label.location.column,
                    message: label.message.clone(),
                    message_en: label.message_en.clone(),
                    value: label.value,
                })
                .collect(),
            message_en: finding.message_en.clone(),
            help: finding.help.clone(),
            help_en: finding.help_en.clone(),
        }
    }
}
