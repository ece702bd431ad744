//! One-figure mutations of the founding sample: every printed amount of tables 02, 03 and 05
//! is raised by 1.00 in turn. A within- or cross-table error must land on the changed figure's
//! line, and no table or cross-table error may appear anywhere else.

use juesuan::{Finding, Severity};
use std::collections::BTreeSet;

const SAMPLE: &str = include_str!("fixtures/samples/000.txt");

fn table_errors(findings: &[Finding]) -> BTreeSet<(&'static str, u32)> {
    findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .filter(|f| f.rule.starts_with("table.") || f.rule.starts_with("cross."))
        .map(|f| (f.rule, f.location.line))
        .collect()
}

/// One mutation: the table, line, printed text and new text of the figure, and the input.
struct Mutation {
    label: String,
    line: u32,
    text: String,
}

#[test]
fn every_changed_figure_of_02_03_05_is_found_on_its_line() {
    // The cover and the nine tables (the narrative and the self-evaluation tables after them
    // play no part in table arithmetic, and leaving them out keeps the run short).
    let full = juesuan::parse(SAMPLE).document;
    let end = full.table("09").expect("09").last_line as usize;
    let cut: usize = SAMPLE.split_inclusive('\n').take(end).map(str::len).sum();
    let sample = &SAMPLE[..cut];
    let baseline = table_errors(&juesuan::check(sample).findings);
    let doc = juesuan::parse(sample).document;
    let mut mutations = Vec::new();
    for id in ["02", "03", "05"] {
        let table = doc.table(id).expect(id);
        for row in table.rows() {
            for cell in &row.cells {
                let Some(n) = cell.number.filter(|n| !n.dash && !n.percent) else {
                    continue;
                };
                let span = cell.location.span;
                let mut changed = n.value + rust_decimal::Decimal::ONE;
                changed.rescale(n.decimals.max(2));
                mutations.push(Mutation {
                    label: format!("{id} line {} {} → {changed}", cell.location.line, cell.raw),
                    line: cell.location.line,
                    text: format!(
                        "{}{}{}",
                        &sample[..span.start],
                        changed,
                        &sample[span.end..]
                    ),
                });
            }
        }
    }
    assert!(mutations.len() > 50, "only {} figures", mutations.len());
    // Checked on all cores: the whole run stays quick in debug builds.
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let chunk = mutations.len().div_ceil(threads);
    let failures: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = mutations
            .chunks(chunk)
            .map(|part| {
                let baseline = &baseline;
                scope.spawn(move || {
                    part.iter()
                        .filter_map(|m| {
                            let errors = table_errors(&juesuan::check(&m.text).findings);
                            let new: Vec<_> = errors.difference(baseline).collect();
                            let on_line = new.iter().any(|(_, l)| *l == m.line);
                            let elsewhere: Vec<_> =
                                new.iter().filter(|(_, l)| *l != m.line).collect();
                            (!on_line || !elsewhere.is_empty()).then(|| {
                                format!(
                                    "{}: on its line {on_line}, elsewhere {elsewhere:?}",
                                    m.label
                                )
                            })
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    assert!(
        failures.is_empty(),
        "{} of {}:\n{}",
        failures.len(),
        mutations.len(),
        failures.join("\n")
    );
}
