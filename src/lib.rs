//! juesuan — checks Chinese government department final-accounts (部门决算) and budget
//! (部门预算) disclosures for discrepancies.
//!
//! The core is plain Rust: it takes text and returns data. It does no I/O and depends on
//! nothing web- or CLI-specific, so the same code runs natively (CLI, tests) and in the
//! browser (WebAssembly).
//!
//! ```
//! let report = juesuan::check("公开 05 表\n一般公共预算财政拨款支出决算表\n单位：万元\n");
//! assert!(report.document.tables.len() <= 1);
//! ```

pub mod diagnostic;
pub mod highlight;
pub mod json;
pub mod model;
pub mod number;
pub mod parse;
pub mod report;
pub mod rules;
pub mod source;
pub mod text;
pub mod tolerance;

pub use diagnostic::{Finding, Label, Severity};
pub use model::Document;
pub use report::Report;

/// Read a disclosure into the document model. Problems met while reading (unreadable cells,
/// ragged rows, missing tables) are returned as findings; reading never fails.
pub fn parse(input: &str) -> parse::Parsed {
    parse::parse(input)
}

/// Read and check a disclosure.
pub fn check(input: &str) -> Report {
    let parsed = parse::parse(input);
    let mut findings = parsed.findings;
    findings.extend(rules::run_all(&parsed.document));
    Report::new(parsed.document, findings)
}
