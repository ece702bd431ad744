//! The result of a check: the document read, and its findings in a stable order.

use crate::diagnostic::{Finding, Severity};
use crate::model::Document;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub document: Document,
    /// Sorted by position in the input, then by rule id.
    pub findings: Vec<Finding>,
}

/// How many findings of each severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Counts {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

impl Report {
    pub fn new(document: Document, mut findings: Vec<Finding>) -> Self {
        findings.sort_by(|a, b| {
            (a.location.span.start, a.rule, &a.message).cmp(&(
                b.location.span.start,
                b.rule,
                &b.message,
            ))
        });
        findings.dedup();
        Report { document, findings }
    }

    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for f in &self.findings {
            match f.severity {
                Severity::Error => c.error += 1,
                Severity::Warning => c.warning += 1,
                Severity::Info => c.info += 1,
            }
        }
        c
    }

    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}
