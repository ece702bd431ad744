//! One-figure mutation survey of real disclosures (see `tests/support/survey.rs`): every
//! printed amount of every table (and, with `--narrative`, every amount the narrative quotes)
//! is changed in turn, and the document checked again.
//!
//! `cargo run --release --example mutate -- [--narrative] [--list] FILE...`

#[path = "../tests/support/survey.rs"]
mod survey;

use survey::{survey, Outcome};

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
        let mutations = survey(&text, narrative, 1);
        let mut by_site: std::collections::BTreeMap<&str, [u32; 3]> = Default::default();
        for m in &mutations {
            let entry = by_site.entry(&m.site).or_default();
            let (id, line, value, changed) = (&m.site, m.line, m.value, m.changed);
            match m.outcome {
                Outcome::Found => entry[0] += 1,
                Outcome::Elsewhere => {
                    entry[1] += 1;
                    if list {
                        println!(
                            "  elsewhere {id} line {line} {value} → {changed}: {:?}",
                            m.new
                        );
                    }
                }
                Outcome::Missed => {
                    entry[2] += 1;
                    if list {
                        println!("  missed {id} line {line} {value} → {changed}");
                    }
                }
            }
        }
        let count = |o: Outcome| mutations.iter().filter(|m| m.outcome == o).count();
        println!(
            "{path}: {} mutations: found on the line {}, elsewhere {}, missed {}",
            mutations.len(),
            count(Outcome::Found),
            count(Outcome::Elsewhere),
            count(Outcome::Missed)
        );
        for (id, [f, e, m]) in by_site {
            println!("  {id:>10}: found {f} elsewhere {e} missed {m}");
        }
    }
}
