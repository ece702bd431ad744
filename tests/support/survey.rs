//! One-figure mutation survey of a disclosure (shared by `examples/mutate.rs` and
//! `tests/survey.rs`): a printed amount of a table (and, if asked, an amount the narrative
//! quotes) is changed well beyond the rounding allowance, and the document checked again. A
//! mutation is *found* when a new error or warning lands on the changed figure's line,
//! *elsewhere* when new findings appear only on other lines, *missed* when nothing new appears.

use juesuan::{Finding, Severity};
use rust_decimal::Decimal;
use std::collections::BTreeSet;

/// What one mutation gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Found,
    Elsewhere,
    Missed,
}

/// One mutated figure: where it is ("narrative" or the table's id), its line, the printed and
/// the changed value, the outcome and the new findings' (rule, line).
#[derive(Debug)]
pub struct Mutation {
    pub site: String,
    pub line: u32,
    pub value: Decimal,
    pub changed: Decimal,
    pub outcome: Outcome,
    pub new: Vec<(&'static str, u32)>,
}

fn keys(findings: &[Finding]) -> BTreeSet<(&'static str, u32)> {
    findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .map(|f| (f.rule, f.location.line))
        .collect()
}

/// Mutate every `every`-th figure of `text` in turn (tables, and the narrative's amounts when
/// `narrative`).
pub fn survey(text: &str, narrative: bool, every: usize) -> Vec<Mutation> {
    let report = juesuan::check(text);
    let baseline = keys(&report.findings);
    let doc = &report.document;
    // (table id or "narrative", location, printed value, decimals)
    let mut sites = Vec::new();
    for table in &doc.tables {
        for row in table.rows() {
            for cell in &row.cells {
                let Some(n) = cell.number.filter(|n| !n.dash && !n.percent) else {
                    continue;
                };
                sites.push((table.id.to_string(), cell.location, n.value, n.decimals));
            }
        }
    }
    if narrative {
        for f in &doc.figures {
            if f.unit.ends_with('元') {
                sites.push(("narrative".into(), f.location, f.value, f.decimals));
            }
        }
    }
    sites
        .into_iter()
        .step_by(every.max(1))
        .map(|(site, location, value, decimals)| {
            // The figure's digits (a narrative figure's span also covers its unit).
            let span = location.span;
            let printed = &text[span.start..span.end];
            let digits = printed
                .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',' || c == '-'))
                .unwrap_or(printed.len());
            // A change no rounding explains: +37 units of the last printed digit, and at
            // least 1.
            let step = Decimal::new(37, decimals).max(Decimal::ONE);
            let mut changed = value + step;
            changed.rescale(decimals);
            let mutated = format!(
                "{}{}{}",
                &text[..span.start],
                changed,
                &text[span.start + digits..]
            );
            let after = keys(&juesuan::check(&mutated).findings);
            let new: Vec<(&'static str, u32)> = after.difference(&baseline).copied().collect();
            let outcome = if new.iter().any(|&(_, l)| l == location.line) {
                Outcome::Found
            } else if !new.is_empty() {
                Outcome::Elsewhere
            } else {
                Outcome::Missed
            };
            Mutation {
                site,
                line: location.line,
                value,
                changed,
                outcome,
                new,
            }
        })
        .collect()
}
