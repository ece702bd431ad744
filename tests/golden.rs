//! Golden files: every fixture document with the findings expected for it next to it
//! (`tests/fixtures/**/NAME.expected`). Regenerate after a reviewed change with
//! `scripts/bless.sh` (which runs this test with `BLESS=1`) and review the diff.

use std::fmt::Write;
use std::path::{Path, PathBuf};

fn render(report: &juesuan::Report) -> String {
    let mut out = String::new();
    let counts = report.counts();
    let _ = writeln!(
        out,
        "# {} errors, {} warnings, {} info; tables: {}",
        counts.error,
        counts.warning,
        counts.info,
        report
            .document
            .tables
            .iter()
            .map(|t| t.id.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    );
    for f in &report.findings {
        let _ = writeln!(
            out,
            "{}:{} {}[{}] {}",
            f.location.line,
            f.location.column,
            f.severity.as_str(),
            f.rule,
            f.message
        );
        if f.stated.is_some() || f.expected.is_some() {
            let show = |d: Option<rust_decimal::Decimal>| {
                d.map(|d| d.to_string()).unwrap_or_else(|| "-".into())
            };
            let _ = writeln!(
                out,
                "    stated {} expected {}",
                show(f.stated),
                show(f.expected)
            );
        }
        if !f.related.is_empty() {
            let lines: Vec<String> = f
                .related
                .iter()
                .map(|l| format!("{}:{}", l.location.line, l.location.column))
                .collect();
            let _ = writeln!(out, "    related {}", lines.join(" "));
        }
        if let Some(help) = &f.help {
            let _ = writeln!(out, "    help {help}");
        }
    }
    out
}

fn fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files = Vec::new();
    for dir in ["samples", "variants", "documents"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("txt" | "tsv" | "md")
            ) {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn fixtures_give_their_expected_findings() {
    let bless = std::env::var_os("BLESS").is_some();
    let mut failed = Vec::new();
    for path in fixtures() {
        let text = std::fs::read_to_string(&path).unwrap();
        let got = render(&juesuan::check(&text));
        let expected_path = path.with_extension("expected");
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if got != expected {
            if bless {
                std::fs::write(&expected_path, &got).unwrap();
            } else {
                failed.push(format!(
                    "{}\n--- expected\n{}\n--- got\n{}",
                    path.display(),
                    expected,
                    got
                ));
            }
        }
    }
    assert!(
        failed.is_empty(),
        "golden files differ (run scripts/bless.sh and review):\n{}",
        failed.join("\n\n")
    );
}

/// The same document pasted in other shapes (CRLF + BOM + full-width, markdown, 元 with
/// separators, space-aligned layout) gives the same findings as the original: same rules,
/// severities and figures (locations aside; 元 figures compared in 万元).
#[test]
fn variants_give_the_same_findings_as_the_original() {
    use juesuan::Severity;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let key = |text: &str, scale: rust_decimal::Decimal| -> Vec<String> {
        let mut v: Vec<String> = juesuan::check(text)
            .findings
            .iter()
            .filter(|f| f.severity != Severity::Info && !f.rule.starts_with("parse."))
            .map(|f| {
                // Amounts of the nine tables are in 元 in the 元 variant; the narrative and the
                // self-evaluation tables keep their own units.
                let in_table = f.table.as_deref().is_some_and(|t| t.len() == 2);
                let scale = if in_table {
                    scale
                } else {
                    rust_decimal::Decimal::ONE
                };
                let s = |d: Option<rust_decimal::Decimal>| {
                    d.map(|d| (d / scale).normalize().to_string())
                        .unwrap_or_default()
                };
                format!(
                    "{} {} {} {}",
                    f.severity.as_str(),
                    f.rule,
                    s(f.stated),
                    s(f.expected)
                )
            })
            .collect();
        v.sort();
        v
    };
    let original = std::fs::read_to_string(root.join("samples/000.txt")).unwrap();
    let want = key(&original, rust_decimal::Decimal::ONE);
    let mut failed = Vec::new();
    for (name, scale) in [
        ("000-crlf-bom.txt", 1),
        ("000-markdown.txt", 1),
        ("000-yuan.txt", 10_000),
        ("000-layout.txt", 1),
    ] {
        let text = std::fs::read_to_string(root.join("variants").join(name)).unwrap();
        let got = key(&text, rust_decimal::Decimal::from(scale));
        if got != want {
            failed.push(format!("{name}:\n  want {want:#?}\n  got  {got:#?}"));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}
