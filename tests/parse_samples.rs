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
                            r.code.as_ref().map(|c| c.digits.to_string()),
                            r.label.to_string(),
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
    for id in NINE {
        let (a, b) = (
            view(doc.table(id).unwrap(), Decimal::ONE),
            view(base.table(id).unwrap(), Decimal::ONE),
        );
        assert_eq!(a.columns, b.columns, "columns (header paths) of {id}");
        assert_eq!(numbers(&doc, id), numbers(&base, id), "栏次 of {id}");
        assert_eq!(
            block_names(&doc, id),
            block_names(&base, id),
            "blocks of {id}"
        );
        assert_eq!(a.rows, b.rows, "rows of {id}");
    }
}

/// The 栏次 of each column, block by block.
fn numbers(d: &Document, id: &str) -> Vec<Vec<Option<u32>>> {
    d.table(id)
        .unwrap()
        .blocks
        .iter()
        .map(|b| b.columns.iter().map(|c| c.number).collect())
        .collect()
}

fn block_names(d: &Document, id: &str) -> Vec<Option<String>> {
    d.table(id)
        .unwrap()
        .blocks
        .iter()
        .map(|b| b.name.clone())
        .collect()
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

#[test]
fn organisation_rows_read_as_labelled_rows() {
    // Wuxi 公开02表 lists units, not 科目: the department (`328`) and its units (`328001`,
    // names wrapped above and below the amount line). Unit codes are neither amounts nor
    // 科目 codes; every row is labelled with its organisation, all in one block.
    let doc = juesuan::parse(&read("samples/2026-wuxi-emergency-budget.txt")).document;
    let t = doc.table("02").unwrap();
    assert_eq!(t.blocks.len(), 1);
    let rows: Vec<(Option<&str>, &str, Option<String>)> = t
        .rows()
        .map(|r| {
            (
                r.code.as_ref().map(|c| c.digits.as_str()),
                r.label.as_str(),
                r.cells[0].value().map(|v| v.to_string()),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (None, "合计", Some("9096.11".to_string())),
            (None, "无锡市应急管理局", Some("9096.11".to_string())),
            (
                None,
                "无锡市应急管理局（本级）",
                Some("7959.88".to_string())
            ),
            (
                None,
                "无锡市应急管理综合行政执法监督局",
                Some("1136.23".to_string())
            ),
        ]
    );
    // Fuzhou 收入预算总表: names wrapped over three lines, the middle one on the amount line.
    let doc = juesuan::parse(&read("samples/2026-fuzhou-commerce-budget.txt")).document;
    let labels: Vec<&str> = doc
        .table("02")
        .unwrap()
        .rows()
        .map(|r| r.label.as_str())
        .take(3)
        .collect();
    assert_eq!(labels, ["合计", "福州市商务发展促进中心", "福州市商务局"]);
}

#[test]
fn a_page_with_a_shifted_grid_keeps_its_columns() {
    // Wuxi 公开04表: the second page is laid out narrower (labels from column 36, not 43;
    // amounts ending at 63, not 81), and its last line puts both totals further left still.
    // Every amount of the page stays in its block's one 预算数 column.
    let doc = juesuan::parse(&read("samples/2026-wuxi-emergency-budget.txt")).document;
    let t = doc.table("04").unwrap();
    let paths: Vec<Vec<String>> = t
        .blocks
        .iter()
        .map(|b| b.columns.iter().map(|c| c.path()).collect())
        .collect();
    assert_eq!(paths, [["预算数"], ["预算数"]]);
    let value = |block: usize, label: &str| -> Option<String> {
        t.blocks[block]
            .rows
            .iter()
            .find(|r| r.label == label)
            .and_then(|r| r.cells[0].value())
            .map(|v| v.to_string())
    };
    // first page
    assert_eq!(value(0, "一、本年收入").as_deref(), Some("9096.11"));
    assert_eq!(value(1, "一、本年支出").as_deref(), Some("9096.11"));
    assert_eq!(value(1, "（十）卫生健康支出").as_deref(), Some("118.64"));
    // the shifted page
    assert_eq!(value(1, "（二十）住房保障支出").as_deref(), Some("754.94"));
    assert_eq!(
        value(1, "（二十三）灾害防治及应急管理支出").as_deref(),
        Some("7045.77")
    );
    assert_eq!(value(1, "（二十五）其他支出").as_deref(), Some("770.00"));
    assert_eq!(value(0, "收入总计").as_deref(), Some("9096.11"));
    assert_eq!(value(1, "支出总计").as_deref(), Some("9096.11"));
    // Hangzhou 表3: the continuation page's amounts are 13–23 characters left of the first
    // page's; they stay in the columns of the first page's rows (总计, 人员支出, 日常公用支出,
    // 项目支出 — as 公共安全支出 on the first page).
    let doc = juesuan::parse(&read("samples/2026-hangzhou-justice-budget.txt")).document;
    let t = doc.table("03").unwrap();
    let filled = |line: u32| -> (String, Vec<(usize, String)>) {
        let row = t.rows().find(|r| r.line == line).unwrap();
        let cells = row
            .cells
            .iter()
            .filter_map(|c| c.value().map(|v| (c.column, v.to_string())))
            .collect();
        (row.label.to_string(), cells)
    };
    let (label, first_page) = filled(662);
    assert_eq!(label, "公共安全支出");
    let (label, second_page) = filled(683);
    assert_eq!(label, "强制隔离戒毒");
    let columns = |v: &[(usize, String)]| v.iter().map(|c| c.0).collect::<Vec<_>>();
    assert_eq!(columns(&second_page), columns(&first_page));
    assert_eq!(second_page[0].1, "4282.07");
    assert_eq!(second_page[3].1, "380.31");
}

fn paths(d: &Document, id: &str) -> Vec<Vec<String>> {
    d.table(id)
        .unwrap_or_else(|| panic!("table {id} missing"))
        .blocks
        .iter()
        .map(|b| b.columns.iter().map(|c| c.path()).collect())
        .collect()
}

#[test]
fn a_template_without_figures_keeps_its_side_by_side_blocks() {
    // The national 决算 template prints no figures: no amounts separate the income and
    // expenditure labels of 01/04, or the two code+name pairs of 06. The blank 决算数 heading
    // between them does.
    let doc = juesuan::parse(&read("samples/2024-national-final-accounts-template.txt")).document;
    assert_eq!(paths(&doc, "01"), [["决算数"], ["决算数"]]);
    assert_eq!(
        block_names(&doc, "01"),
        [Some("收入".to_string()), Some("支出".to_string())]
    );
    let labels = |id: &str, block: usize| -> Vec<String> {
        doc.table(id).unwrap().blocks[block]
            .rows
            .iter()
            .map(|r| r.label.to_string())
            .collect()
    };
    let income = labels("01", 0);
    assert_eq!(income[0], "一、一般公共预算财政拨款收入");
    assert_eq!(income.last().map(String::as_str), Some("总计"));
    assert!(income.iter().all(|l| !l.contains("支出")), "{income:?}");
    let expenditure = labels("01", 1);
    assert_eq!(expenditure[0], "一、一般公共服务支出");
    assert!(expenditure.contains(&"二十四、抗疫特别国债安排的支出".to_string()));
    assert_eq!(
        paths(&doc, "04"),
        vec![
            vec!["决算数".to_string()],
            vec![
                "合计".to_string(),
                "一般公共预算财政拨款".to_string(),
                "政府性基金预算财政拨款".to_string(),
                "国有资本经营预算财政拨款".to_string()
            ]
        ]
    );
    assert_eq!(labels("04", 0)[0], "一、一般公共预算财政拨款");
    assert_eq!(labels("04", 1)[0], "一、一般公共服务支出");
    assert_eq!(paths(&doc, "06"), [["决算数"], ["决算数"]]);
    assert_eq!(labels("06", 0)[0], "工资福利支出");
    assert_eq!(labels("06", 1)[0], "商品和服务支出");
    assert!(labels("06", 0).contains(&"机关事业单位基本养老保险缴费".to_string()));
    assert!(labels("06", 1).contains(&"邮电费".to_string()));
}

#[test]
fn group_headings_over_sub_headings_on_different_lines() {
    // Hangzhou 表3: 基本支出 stands over 人员支出 (one line, lower) and 日常公用支/出 (two
    // lines); 总计 and 项目支出 beside it are as tall as the header and centred higher.
    let doc = juesuan::parse(&read("samples/2026-hangzhou-justice-budget.txt")).document;
    assert_eq!(
        paths(&doc, "03"),
        [[
            "总计",
            "基本支出/人员支出",
            "基本支出/日常公用支出",
            "项目支出",
            "事业单位经营支出",
            "上缴上级支出",
            "对附属单位补助支出"
        ]]
    );
    let t = doc.table("03").unwrap();
    let total = t.rows().find(|r| r.label == "合计").unwrap();
    let values: Vec<Option<String>> = total
        .cells
        .iter()
        .take(4)
        .map(|c| c.value().map(|v| v.to_string()))
        .collect();
    assert_eq!(
        values,
        [
            Some("99230.46".to_string()),
            Some("58486.35".to_string()),
            Some("12237.94".to_string()),
            Some("28506.17".to_string())
        ]
    );
    assert_eq!(numbers(&doc, "03"), [[1, 2, 3, 4, 5, 6, 7].map(Some)]);
    // 表5: 合计 and 项目支出 are not under 基本支出.
    assert_eq!(
        paths(&doc, "05"),
        [[
            "合计",
            "基本支出/小计",
            "基本支出/人员经费",
            "基本支出/日常公用支出",
            "项目支出"
        ]]
    );
    // 表8: a heading with two headings under it is a group, not a word wrapped onto them.
    assert_eq!(
        paths(&doc, "08"),
        [[
            "本年政府性基金预算支出/合计",
            "本年政府性基金预算支出/基本支出",
            "本年政府性基金预算支出/项目支出"
        ]]
    );
    assert_eq!(numbers(&doc, "08"), [[1, 2, 3].map(Some)]);
}

#[test]
fn a_centred_wrap_ending_like_a_row_name_is_joined() {
    // Fuzhou 08: `国有土地使用权出让` / `21208 … 1800.00` / `收入安排的支出`.
    let doc = juesuan::parse(&read("samples/2026-fuzhou-commerce-budget.txt")).document;
    let labels: Vec<(Option<&str>, &str)> = doc
        .table("08")
        .unwrap()
        .rows()
        .map(|r| (r.code.as_ref().map(|c| c.digits.as_str()), r.label.as_str()))
        .collect();
    assert_eq!(
        labels,
        [
            (None, "合计"),
            (Some("212"), "城乡社区支出"),
            (Some("21208"), "国有土地使用权出让收入安排的支出"),
            (Some("2120815"), "农村社会事业支出"),
        ]
    );
}

#[test]
fn a_narrative_heading_after_a_table_ends_it() {
    // Fuzhou's last 绩效目标表 is followed, after its page number, by the narrative part 八、
    // 其他重要事项说明 (机关运行经费, 政府采购, 车辆): those sentences are narrative, not rows.
    let doc = juesuan::parse(&read("samples/2026-fuzhou-commerce-budget.txt")).document;
    let heading = doc
        .sections
        .iter()
        .find(|s| !s.in_toc && s.title.contains("其他重要事项说明"))
        .expect("the section is read as narrative");
    let line = heading.location.line;
    assert!(
        doc.tables
            .iter()
            .all(|t| !(t.first_line..=t.last_line).contains(&line)),
        "no table spans line {line}"
    );
    assert!(doc
        .figures
        .iter()
        .any(|f| f.sentence.contains("政府采购预算总额822.55万元")));
}

#[test]
fn a_stacked_header_over_numbered_columns_reads_its_groups() {
    // Hangzhou 表2: words broken inside narrow columns (国有资/本经营/预算), two group headings
    // (本年收入, 上年结转结余) and a marked 栏次 row (`**  1  2 … 17`) under them.
    let doc = juesuan::parse(&read("samples/2026-hangzhou-justice-budget.txt")).document;
    let t = doc.table("02").unwrap();
    let paths: Vec<String> = t.blocks[0]
        .columns
        .iter()
        .map(|c| {
            c.header
                .iter()
                .map(|h| h.as_str())
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect();
    let year = |s: &str| format!("本年收入/{s}");
    let carried = |s: &str| format!("上年结转结余/{s}");
    let mut want = vec!["总计".to_string()];
    for s in [
        "小计",
        "一般公共预算",
        "政府性基金预算",
        "国有资本经营预算",
        "财政专户管理资金",
        "事业收入",
        "事业单位经营收入",
        "上级补助收入",
        "附属单位上缴收入",
        "其他收入",
    ] {
        want.push(year(s));
    }
    for s in [
        "小计",
        "一般公共预算",
        "政府性基金预算",
        "国有资本经营预算",
        "财政专户管理资金",
        "单位资金",
    ] {
        want.push(carried(s));
    }
    assert_eq!(paths, want);
}

/// A 05表 with its codes in 类/款/项 columns, printed in full on every row.
const SPLIT_CODES_ALL: &str = "一般公共预算支出预算表
单位：万元
 科目编码
                  科目名称                                  合计            基本支出            项目支出
 类    款    项
                   合计                             1,213.47          801.25          412.22
 201               一般公共服务支出                       1,003.19          801.25          201.94
 201   03          政府办公厅（室）及相关机构事务                1,003.19          801.25          201.94
 201   03    01    行政运行                             801.25          801.25
 201   03    02    一般行政管理事务                         201.94                          201.94
 208               社会保障和就业支出                        210.28                          210.28
 208   05          行政事业单位养老支出                       210.28                          210.28
 208   05    05    机关事业单位基本养老保险缴费支出                 210.28                          210.28
";

/// The same with each row's own level only: the parents are implied by the rows above.
const SPLIT_CODES_OWN: &str = "一般公共预算支出预算表
单位：万元
 科目编码
                  科目名称                                  合计            基本支出            项目支出
 类    款    项
                   合计                             1,213.47          801.25          412.22
 201               一般公共服务支出                       1,003.19          801.25          201.94
       03          政府办公厅（室）及相关机构事务                1,003.19          801.25          201.94
             01    行政运行                             801.25          801.25
             02    一般行政管理事务                         201.94                          201.94
 208               社会保障和就业支出                        210.28                          210.28
       05          行政事业单位养老支出                       210.28                          210.28
             05    机关事业单位基本养老保险缴费支出                 210.28                          210.28
";

#[test]
fn codes_in_lei_kuan_xiang_columns_are_read_whole() {
    // The same table copied from a spreadsheet (tab-separated), codes printed in full.
    let tsv = "一般公共预算支出预算表\n单位：万元\n科目编码\t\t\t科目名称\t合计\t基本支出\t项目支出\n类\t款\t项\t\t\t\t\n\t\t\t合计\t1,213.47\t801.25\t412.22\n201\t\t\t一般公共服务支出\t1,003.19\t801.25\t201.94\n201\t03\t\t政府办公厅（室）及相关机构事务\t1,003.19\t801.25\t201.94\n201\t03\t01\t行政运行\t801.25\t801.25\t\n201\t03\t02\t一般行政管理事务\t201.94\t\t201.94\n208\t\t\t社会保障和就业支出\t210.28\t\t210.28\n208\t05\t\t行政事业单位养老支出\t210.28\t\t210.28\n208\t05\t05\t机关事业单位基本养老保险缴费支出\t210.28\t\t210.28\n";
    for text in [SPLIT_CODES_ALL, SPLIT_CODES_OWN, tsv] {
        let doc = juesuan::parse(text).document;
        let t = doc.table("05").expect("the 05 table");
        let codes: Vec<Option<String>> = t
            .rows()
            .map(|r| r.code.as_ref().map(|c| c.digits.to_string()))
            .collect();
        let code = |s: &str| Some(s.to_string());
        assert_eq!(
            codes,
            [
                None,
                code("201"),
                code("20103"),
                code("2010301"),
                code("2010302"),
                code("208"),
                code("20805"),
                code("2080505")
            ],
            "{text}"
        );
        let paths: Vec<Vec<String>> = t
            .blocks
            .iter()
            .map(|b| b.columns.iter().map(|c| c.path()).collect())
            .collect();
        assert_eq!(paths, [["合计", "基本支出", "项目支出"]], "{text}");
        // Consistent: no finding about the figures or the codes.
        let report = juesuan::check(text);
        assert!(
            report
                .findings
                .iter()
                .all(|f| f.rule == "table.missing-standard"),
            "{:#?}",
            report.findings
        );
    }
    // One 项 figure changed: found on its line, through the code hierarchy.
    let text = SPLIT_CODES_OWN.replace(
        "02    一般行政管理事务                         201.94",
        "02    一般行政管理事务                         211.94",
    );
    let report = juesuan::check(&text);
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.rule == "table.subtotal-mismatch" && f.location.line == 10),
        "{:#?}",
        report.findings
    );
}
