//! One-figure mutation survey of real disclosures: every printed amount of every table (and,
//! with `--narrative`, every amount the narrative quotes) is changed in turn, well beyond the
//! rounding allowance, and the document checked again. A mutation is *found* when a new error
//! or warning lands on the changed figure's line, *elsewhere* when new findings appear only on
//! other lines, *missed* when nothing new appears.
//!
//! `cargo run --release --example mutate -- [--narrative] [--list] FILE...`

use juesuan::{Finding, Severity};
use rust_decimal::Decimal;
use std::collections::BTreeSet;

fn keys(findings: &[Finding]) -> BTreeSet<(&'static str, u32)> {
    findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .map(|f| (f.rule, f.location.line))
        .collect()
}

fn main() {
    let mut narrative = false;
    let mut list = false;
    let mut files = Vec::new();
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--narrative" => narrative = true,
            "--list" => list = true,
            _ => files.push(arg),
        }
    }
    for path in files {
        let text = std::fs::read_to_string(&path).expect("readable file");
        let report = juesuan::check(&text);
        let baseline = keys(&report.findings);
        let doc = &report.document;
        // (table id or "narrative", line, span, printed value, decimals)
        let mut sites = Vec::new();
        for table in &doc.tables {
            for row in table.rows() {
                for cell in &row.cells {
                    let Some(n) = cell.number.filter(|n| !n.dash && !n.percent) else {
                        continue;
                    };
                    sites.push((table.id.clone(), cell.location, n.value, n.decimals));
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
        let (mut found, mut elsewhere, mut missed) = (0, 0, 0);
        let mut by_table: std::collections::BTreeMap<String, (u32, u32, u32)> = Default::default();
        for (id, location, value, decimals) in &sites {
            // The figure's digits (a narrative figure's span also covers its unit).
            let span = location.span;
            let printed = &text[span.start..span.end];
            let digits = printed
                .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',' || c == '-'))
                .unwrap_or(printed.len());
            let span = juesuan::source::Span {
                start: span.start,
                end: span.start + digits,
            };
            // A change no rounding explains: +37 units of the last printed digit, and at
            // least 1.
            let step = Decimal::new(37, *decimals).max(Decimal::ONE);
            let mut changed = value + step;
            changed.rescale(*decimals);
            let mutated = format!("{}{}{}", &text[..span.start], changed, &text[span.end..]);
            let after = keys(&juesuan::check(&mutated).findings);
            let new: Vec<_> = after.difference(&baseline).collect();
            let entry = by_table.entry(id.clone()).or_default();
            if new.iter().any(|(_, l)| *l == location.line) {
                found += 1;
                entry.0 += 1;
            } else if !new.is_empty() {
                elsewhere += 1;
                entry.1 += 1;
                if list {
                    println!(
                        "  elsewhere {id} line {} {value} → {changed}: {new:?}",
                        location.line
                    );
                }
            } else {
                missed += 1;
                entry.2 += 1;
                if list {
                    println!("  missed {id} line {} {value} → {changed}", location.line);
                }
            }
        }
        println!(
            "{path}: {} mutations: found on the line {found}, elsewhere {elsewhere}, missed {missed}",
            sites.len()
        );
        for (id, (f, e, m)) in by_table {
            println!("  {id:>10}: found {f} elsewhere {e} missed {m}");
        }
    }
}
