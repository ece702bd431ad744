//! Properties of the reader on any input: it never panics, and every location it reports is a
//! valid place in the input with the line and column the position index gives.

use juesuan::model::Document;
use juesuan::source::{LineIndex, Location};
use juesuan::Finding;
use proptest::prelude::*;
use proptest::sample::Index;

const SAMPLE_000: &str = include_str!("fixtures/samples/000.txt");
const SAMPLE_WUXI: &str = include_str!("fixtures/samples/2026-wuxi-emergency-budget.txt");

/// Words and numbers the reader reacts to.
const SNIPPETS: &[&str] = &[
    "公开 01 表",
    "公开05表",
    "表1",
    "单位：万元",
    "单位：元",
    "金额单位：万元",
    "部门：某某局",
    "合计",
    "总计",
    "其中：",
    "123.45",
    "1,234",
    "1,234.56",
    "-12.50",
    "0.00",
    "１２３．４５",
    "12.5%",
    "-",
    "—",
    "2010301",
    "20103",
    "301",
    "科目编码",
    "科目名称",
    "项目",
    "栏次",
    "本年支出",
    "基本支出",
    "项目支出",
    "收入支出决算总表",
    "一般公共预算财政拨款支出决算表",
    "一般公共预算财政拨款“三公”经费支出决算表",
    "收支预算总表",
    "项目支出绩效自评表",
    "本表无数据",
    "目录",
    "第一部分",
    "第二部分 2022年度部门决算表",
    "一、",
    "（一）",
    "1.",
    "2024年度",
    "部门决算",
    "部门预算",
    "万元",
    "元",
    "亿元",
    "辆",
    "增长",
    "下降",
    "注：",
    "说明：",
    "| --- | ---: |",
    "**",
    "## ",
    "\u{feff}",
    "—— 1 ——",
    "- 2 -",
];

/// One piece of input: a random character, a CJK character, a number, white space or a snippet.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => any::<char>().prop_map(String::from),
        4 => proptest::char::range('\u{4e00}', '\u{9fa5}').prop_map(String::from),
        2 => "[0-9]{1,9}(\\.[0-9]{1,3})?",
        1 => "[0-9]{1,3}(,[0-9]{3}){0,3}\\.[0-9]{2}",
        4 => prop::sample::select(&["\t", "\n", "\r\n", "\r", "|", "\u{c}", " ", "    ", "\u{3000}", "：", "。", "，", "（", "）"][..])
            .prop_map(String::from),
        4 => prop::sample::select(SNIPPETS).prop_map(String::from),
    ]
}

/// Text made of fragments.
fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..200).prop_map(|parts| parts.concat())
}

/// A stretch of a real disclosure (tab-separated or space-aligned), possibly with CRLF line
/// ends, with fragments inserted at random places.
fn mutated_sample() -> impl Strategy<Value = String> {
    (
        prop::sample::select(&[SAMPLE_000, SAMPLE_WUXI][..]),
        any::<Index>(),
        1..120usize,
        any::<bool>(),
        prop::collection::vec((any::<Index>(), fragment()), 0..8),
    )
        .prop_map(|(sample, start, len, crlf, inserts)| {
            let lines: Vec<&str> = sample.lines().collect();
            let start = start.index(lines.len());
            let end = (start + len).min(lines.len());
            let mut text = lines[start..end].join(if crlf { "\r\n" } else { "\n" });
            for (at, piece) in inserts {
                let boundaries: Vec<usize> = text
                    .char_indices()
                    .map(|(i, _)| i)
                    .chain([text.len()])
                    .collect();
                text.insert_str(boundaries[at.index(boundaries.len())], &piece);
            }
            text
        })
}

/// Every location in a document, with a name for messages.
fn document_locations(doc: &Document) -> Vec<(String, Location)> {
    let mut out = Vec::new();
    for table in &doc.tables {
        let t = &table.id;
        out.push((format!("table {t} title"), table.title_location));
        for (b, block) in table.blocks.iter().enumerate() {
            for (r, row) in block.rows.iter().enumerate() {
                if let Some(code) = &row.code {
                    out.push((format!("table {t} block {b} row {r} code"), code.location));
                }
                if let Some(label) = row.label_location {
                    out.push((format!("table {t} block {b} row {r} label"), label));
                }
                for (c, cell) in row.cells.iter().enumerate() {
                    out.push((
                        format!("table {t} block {b} row {r} cell {c}"),
                        cell.location,
                    ));
                }
            }
        }
        for (n, note) in table.notes.iter().enumerate() {
            out.push((format!("table {t} note {n}"), note.location));
        }
    }
    for (s, section) in doc.sections.iter().enumerate() {
        out.push((format!("section {s}"), section.location));
    }
    for (f, figure) in doc.figures.iter().enumerate() {
        out.push((format!("figure {f}"), figure.location));
    }
    out
}

fn finding_locations(findings: &[Finding]) -> Vec<(String, Location)> {
    let mut out = Vec::new();
    for (i, f) in findings.iter().enumerate() {
        out.push((format!("finding {i} ({})", f.rule), f.location));
        for (j, label) in f.related.iter().enumerate() {
            out.push((
                format!("finding {i} ({}) related {j}", f.rule),
                label.location,
            ));
        }
    }
    out
}

fn assert_locations_valid(input: &str, locations: &[(String, Location)]) {
    let index = LineIndex::new(input);
    for (what, loc) in locations {
        let span = loc.span;
        assert!(
            span.start <= span.end && span.end <= input.len(),
            "{what}: span {}..{} outside 0..{}",
            span.start,
            span.end,
            input.len()
        );
        assert!(
            input.is_char_boundary(span.start) && input.is_char_boundary(span.end),
            "{what}: span {}..{} not on char boundaries",
            span.start,
            span.end
        );
        let pos = index.position(input, span.start);
        assert_eq!(
            (loc.line, loc.column),
            (pos.line, pos.column),
            "{what}: line/column of {}",
            span.start
        );
    }
}

/// The indices the model documents as pointing into other lists do.
fn assert_indices_valid(doc: &Document) {
    for table in &doc.tables {
        assert!(
            table.first_line <= table.last_line,
            "table {} lines",
            table.id
        );
        for block in &table.blocks {
            for row in &block.rows {
                for (i, cell) in row.cells.iter().enumerate() {
                    assert_eq!(
                        cell.column, i,
                        "table {}: cells are in column order",
                        table.id
                    );
                    assert!(
                        cell.column < block.columns.len(),
                        "table {}: cell column",
                        table.id
                    );
                }
            }
        }
    }
    for (i, section) in doc.sections.iter().enumerate() {
        assert!(section.parent.is_none_or(|p| p < i), "section {i} parent");
    }
    for (i, figure) in doc.figures.iter().enumerate() {
        assert!(
            figure.section.is_none_or(|s| s < doc.sections.len()),
            "figure {i} section"
        );
    }
}

fn check_everything(input: &str) {
    let parsed = juesuan::parse(input);
    assert_locations_valid(input, &document_locations(&parsed.document));
    assert_locations_valid(input, &finding_locations(&parsed.findings));
    assert_indices_valid(&parsed.document);

    let report = juesuan::check(input);
    assert_locations_valid(input, &finding_locations(&report.findings));
    for f in &report.findings {
        assert_eq!(
            f.help.is_some(),
            f.help_en.as_ref().is_some_and(|h| !h.is_empty()),
            "help and help_en come together: {f:?}"
        );
        for label in &f.related {
            assert!(!label.message_en.is_empty(), "related message_en: {f:?}");
        }
    }
    assert_eq!(
        report.document, parsed.document,
        "check reads the same document as parse"
    );
}

/// 256 cases a test (a few seconds in debug); `PROPTEST_CASES=5000 cargo test --test properties`
/// for a longer search.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_text_reads_with_valid_locations(input in text()) {
        check_everything(&input);
    }

    #[test]
    fn mutated_samples_read_with_valid_locations(input in mutated_sample()) {
        check_everything(&input);
    }
}

#[test]
fn whole_samples_read_with_valid_locations() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/samples");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let input = std::fs::read_to_string(&path).unwrap();
        check_everything(&input);
        let crlf = input.replace('\n', "\r\n");
        check_everything(&crlf);
    }
}
