//! Recall on real budgets stays where it is: a sample of one-figure mutations (every third
//! printed amount of the tables and of the narrative) of each real budget, and the number found
//! — on the changed figure's line, or at all — may not fall below what the checker finds today.
//! A reader or rule change that loses a table's checks shows here even when every consistent
//! document still gives no finding. The full survey: `cargo run --release --example mutate --
//! --narrative tests/fixtures/samples/*.txt`.

mod support {
    pub mod survey;
}

use support::survey::{survey, Outcome};

fn read(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/samples/{name}.txt",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// (sample, found on the line at least, found anywhere at least), every third figure.
const FLOORS: [(&str, usize, usize); 4] = [
    ("2026-fuzhou-commerce-budget", 61, 85),
    ("2026-hangzhou-justice-budget", 204, 212),
    ("2026-wuxi-emergency-budget", 143, 158),
    ("2026-xian-medicalsecurity-budget", 281, 335),
];

#[test]
fn changed_figures_of_real_budgets_are_found_as_often_as_before() {
    let mut report = Vec::new();
    let mut fell = false;
    for (name, on_line, anywhere) in FLOORS {
        let mutations = survey(&read(name), true, 3);
        let found = mutations
            .iter()
            .filter(|m| m.outcome == Outcome::Found)
            .count();
        let elsewhere = mutations
            .iter()
            .filter(|m| m.outcome == Outcome::Elsewhere)
            .count();
        let below = found < on_line || found + elsewhere < anywhere;
        fell |= below;
        if below {
            // What is not found on its line, to compare with the full survey's list.
            for m in mutations.iter().filter(|m| m.outcome != Outcome::Found) {
                report.push(format!(
                    "  {:?} {} line {} {} → {}: {:?}",
                    m.outcome, m.site, m.line, m.value, m.changed, m.new
                ));
            }
        }
        report.push(format!(
            "{name}: {} mutations, found on the line {found} (floor {on_line}), anywhere {} (floor {anywhere})",
            mutations.len(),
            found + elsewhere
        ));
    }
    println!("{}", report.join("\n"));
    assert!(!fell, "{}", report.join("\n"));
}
