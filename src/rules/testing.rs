//! Helpers for rule tests: one function that calls the public API.

use crate::diagnostic::Finding;

/// The findings of one rule on a text.
pub fn findings_of(text: &str, rule: &str) -> Vec<Finding> {
    crate::check(text)
        .findings
        .into_iter()
        .filter(|f| f.rule == rule)
        .collect()
}
