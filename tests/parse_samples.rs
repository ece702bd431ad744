//! Whole-document reading tests: the founding sample, its re-typeset variants, and the real
//! budget and final-account examples.

use juesuan::model::{Document, Table};
use rust_decimal::Decimal;
use serde::Serialize;

fn read(path: &str) -> String {
    let bytes = std::fs::read(format!(
        "{}/tests/fixtures/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    String::from_utf8(bytes).unwrap()
}

/// A row as (code, label, 行次, values).
type RowView = (Option<String>, String, Option<u32>, Vec<Option<String>>);

/// What a table says, without where it says it.
#[derive(Debug, PartialEq, Serialize)]
struct TableView {
    id: String,
    kind: String,
    columns: Vec<Vec<String>>,
    rows: Vec<Vec<RowView>>,
}

fn view(t: &Table, scale: Decimal) -> TableView {
    TableView {
        id: t.id.clone(),
        kind: format!("{:?}", t.kind),
        columns: t
            .blocks
            .iter()
            .map(|b| b.columns.iter().map(|c| c.path()).collect())
            .collect(),
        rows: t
            .blocks
            .iter()
            .map(|b| {
                b.rows
                    .iter()
                    .map(|r| {
                        (
                            r.code.as_ref().map(|c| c.digits.clone()),
                            r.label.clone(),
                            r.number,
                            r.cells
                                .iter()
                                .map(|c| c.value().map(|v| (v / scale).normalize().to_string()))
                                .collect(),
                        )
                    })
                    .collect()
            })
            .collect(),
    }
}

fn views(d: &Document, ids: &[&str], scale: Decimal) -> Vec<TableView> {
    ids.iter()
        .map(|id| {
            view(
                d.table(id).unwrap_or_else(|| panic!("table {id} missing")),
                scale,
            )
        })
        .collect()
}

const NINE: [&str; 9] = ["01", "02", "03", "04", "05", "06", "07", "08", "09"];

#[test]
fn sample_reads_into_nine_tables_and_four_self_evaluations() {
    let doc = juesuan::parse(&read("samples/000.txt")).document;
    assert_eq!(
        doc.unit.as_deref(),
        Some("株洲市石峰区优化营商环境协调事务中心")
    );
    assert_eq!(doc.year, Some(2022));
    assert_eq!(doc.kind, Some(juesuan::model::ReportKind::Final));
    let ids: Vec<&str> = doc.tables.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "01", "02", "03", "04", "05", "06", "07", "08", "09", "perf-1", "perf-2", "perf-3",
            "perf-4"
        ]
    );
    let all: Vec<TableView> = doc.tables.iter().map(|t| view(t, Decimal::ONE)).collect();
    insta::assert_json_snapshot!("sample_tables", all);
}

#[test]
fn sample_cells_that_matter() {
    let doc = juesuan::parse(&read("samples/000.txt")).document;
    let t06 = doc.table("06").unwrap();
    let cell = |code: &str| {
        t06.blocks
            .iter()
            .flat_map(|b| b.rows.iter())
            .find(|r| r.code.as_ref().is_some_and(|c| c.digits == code))
            .and_then(|r| r.cells[0].value())
    };
    assert_eq!(cell("30309"), Some("46.7".parse().unwrap()));
    assert_eq!(cell("303"), Some("6.74".parse().unwrap()));
    // the footer's merged cell: 公用经费合计 13.97 printed under the third block
    let footer = t06.blocks[1].rows.last().unwrap();
    assert_eq!(footer.label, "公用经费合计");
    assert_eq!(footer.cells[0].value(), Some("13.97".parse().unwrap()));
    let t07 = doc.table("07").unwrap();
    assert_eq!(t07.blocks[0].columns.len(), 12);
    assert_eq!(t07.blocks[0].columns[5].path(), "预算数/公务接待费");
    assert_eq!(
        t07.blocks[0].rows[0].cells[5].value(),
        Some("0.4".parse().unwrap())
    );
    // every cell's location points at its text
    let input = read("samples/000.txt");
    for t in &doc.tables {
        for r in t.rows() {
            for c in &r.cells {
                assert_eq!(
                    &input[c.location.span.start..c.location.span.end],
                    c.raw,
                    "table {} line {}",
                    t.id,
                    r.line
                );
            }
        }
    }
}

#[test]
fn delimited_variants_give_the_same_model() {
    let base = juesuan::parse(&read("samples/000.txt")).document;
    let all_ids: Vec<&str> = base.tables.iter().map(|t| t.id.as_str()).collect();
    for variant in ["variants/000-crlf-bom.txt", "variants/000-markdown.txt"] {
        let doc = juesuan::parse(&read(variant)).document;
        assert_eq!(
            views(&doc, &all_ids, Decimal::ONE),
            views(&base, &all_ids, Decimal::ONE),
            "{variant}"
        );
        assert_eq!(
            (doc.unit.as_deref(), doc.year, doc.kind),
            (base.unit.as_deref(), base.year, base.kind)
        );
    }
    // 元 with thousands separators: the same figures ×10000, and the unit says so
    let yuan = juesuan::parse(&read("variants/000-yuan.txt")).document;
    assert_eq!(
        views(&yuan, &NINE, Decimal::from(10_000)),
        views(&base, &NINE, Decimal::ONE)
    );
    assert!(NINE
        .iter()
        .all(|id| yuan.table(id).unwrap().unit == Some(juesuan::model::MoneyUnit::Yuan)));
    // one table pasted alone from a spreadsheet, recognised by its header
    let lone = juesuan::parse(&read("variants/000-table05.tsv")).document;
    assert_eq!(lone.class, juesuan::model::DocumentClass::TablesOnly);
    assert_eq!(
        views(&lone, &["05"], Decimal::ONE),
        views(&base, &["05"], Decimal::ONE)
    );
}

#[test]
fn layout_variant_gives_the_same_figures() {
    let base = juesuan::parse(&read("samples/000.txt")).document;
    let doc = juesuan::parse(&read("variants/000-layout.txt")).document;
    let ids: Vec<&str> = doc.tables.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(&ids[..9], &NINE);
    assert_eq!(doc.unit, base.unit);
    for id in ["01", "02", "03", "05", "06", "09"] {
        let (a, b) = (
            view(doc.table(id).unwrap(), Decimal::ONE),
            view(base.table(id).unwrap(), Decimal::ONE),
        );
        assert_eq!(a.rows, b.rows, "rows of {id}");
    }
    for id in ["02", "03", "05", "06", "09"] {
        let (a, b) = (
            view(doc.table(id).unwrap(), Decimal::ONE),
            view(base.table(id).unwrap(), Decimal::ONE),
        );
        assert_eq!(a.columns, b.columns, "columns of {id}");
    }
}

#[test]
fn real_examples_have_their_nine_tables() {
    for (file, expected) in [
        ("samples/2026-wuxi-emergency-budget.txt", &NINE[..]),
        ("samples/2026-hangzhou-justice-budget.txt", &NINE[..]),
        ("samples/2026-fuzhou-commerce-budget.txt", &NINE[..]),
        // this 2022 部门综合预算 has no 国有资本经营预算 table
        ("samples/2026-xian-medicalsecurity-budget.txt", &NINE[..8]),
        (
            "samples/2024-national-final-accounts-template.txt",
            &NINE[..],
        ),
    ] {
        let doc = juesuan::parse(&read(file)).document;
        for id in expected {
            assert!(doc.table(id).is_some(), "{file}: table {id} not recognised");
        }
        assert_eq!(
            doc.class,
            juesuan::model::DocumentClass::Disclosure,
            "{file}"
        );
        assert!(doc.year.is_some() && doc.kind.is_some(), "{file}");
    }
}

#[test]
fn layout_tables_of_real_budgets_read_their_totals() {
    // Wuxi 公开03表: 合计 9,096.11 = 基本支出 3,604.32 + 项目支出 5,491.79, on the 合计 row.
    let doc = juesuan::parse(&read("samples/2026-wuxi-emergency-budget.txt")).document;
    let t = doc.table("03").unwrap();
    let total = t.rows().find(|r| r.label == "合计").unwrap();
    let values: Vec<String> = total
        .cells
        .iter()
        .filter_map(|c| c.value())
        .map(|v| v.to_string())
        .collect();
    assert_eq!(values, ["9096.11", "3604.32", "5491.79"]);
    let row = t
        .rows()
        .find(|r| r.code.as_ref().is_some_and(|c| c.digits == "2080505"))
        .unwrap();
    assert_eq!(row.label, "机关事业单位基本养老保险缴费支出");
}
