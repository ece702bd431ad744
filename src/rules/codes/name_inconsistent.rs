use super::is_coded_table;
use crate::declare_rule;
use crate::diagnostic::{CellRef, Finding, Label};
use crate::rules::view::{row_name, table_name};
use crate::rules::{Context, Sink};
use std::collections::HashMap;

declare_rule! {
    /// 同一份文件中，同一个科目编码在不同的表里名称不同。
    ///
    /// 同一编码只能是同一个科目，各表名称应一致；不一致说明至少有一处编码或名称写错。括号
    /// 全半角、空格、末尾“支出”和换行截断不计。对照表收录了的编码由 `codes.name-unknown`
    /// 逐个判断，本规则不重复。
    ///
    /// 例：公开03表 2010301 行政运行，公开05表 2010301 一般行政管理事务。修正：统一为正确名称。
    ///
    /// The same classification code has different names in different tables of one document.
    /// Bracket widths, spaces, a trailing 支出 and wrapped (cut) names are ignored. Codes the
    /// lists know are judged one by one by `codes.name-unknown` instead.
    pub static NAME_INCONSISTENT = Rule {
        id: "codes.name-inconsistent",
        family: Codes,
        severity: Warning,
        summary: "同一编码在各表中名称不同",
        summary_en: "One code has different names in different tables",
        run: Some(check),
    };
}

fn same(x: &str, y: &str) -> bool {
    x == y
        || (x.chars().count() >= 4 && y.starts_with(x))
        || (y.chars().count() >= 4 && x.starts_with(y))
}

fn check(ctx: &Context, sink: &mut Sink) {
    let rows = ctx.coded_rows();
    // The first name seen for each code, with its row.
    let mut first: HashMap<&str, usize> = HashMap::new();
    let mut reported = std::collections::HashSet::new();
    for (i, r) in rows.iter().enumerate() {
        if !is_coded_table(r.table) || !r.usable {
            continue;
        }
        let Some(&j) = first.get(r.code) else {
            first.insert(r.code, i);
            continue;
        };
        let f0 = &rows[j];
        // Where the lists know the code, `codes.name-unknown` judges each name.
        if r.known().is_some() {
            continue;
        }
        if std::ptr::eq(f0.table, r.table) || same(f0.loose(), r.loose()) {
            continue;
        }
        if !reported.insert((r.code, r.table.id.as_str())) {
            continue;
        }
        let location = r.row.label_location.unwrap_or(r.table.title_location);
        let mut f = Finding::new(
            NAME_INCONSISTENT.id,
            NAME_INCONSISTENT.severity,
            location,
            format!(
                "编码{}在{}中名为“{}”，在{}中名为“{}”",
                r.code,
                table_name(r.table, ctx.doc.kind),
                r.name,
                table_name(f0.table, ctx.doc.kind),
                f0.name
            ),
            format!(
                "code {} is named “{}” in table {} but “{}” in table {}",
                r.code, r.name, r.table.id, f0.name, f0.table.id
            ),
        )
        .in_table(r.table.id.clone())
        .with_help(
            "统一同一编码在各表中的名称，并核对编码是否写错。",
            "Use one name for the code in every table, and check whether the code is mistyped.",
        );
        f.cell = Some(CellRef {
            table: r.table.id.clone(),
            row: row_name(r.row),
            column: String::new(),
        });
        if let Some(l) = f0.row.label_location {
            f = f.with_related(Label::new(
                l,
                format!("{} {}", table_name(f0.table, ctx.doc.kind), f0.name),
                format!("table {} row {} {}", f0.table.id, r.code, f0.name),
            ));
        }
        sink.push(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings_of;

    const ID: &str = "codes.name-inconsistent";

    const T03: &str = "公开03表\n支出决算表\n单位：万元\n科目编码\t科目名称\t本年支出合计\t基本支出\t项目支出\n\t合计\t1.00\t1.00\t\n299\t其他支出\t1.00\t1.00\t\n29999\t其他支出\t1.00\t1.00\t\n2999901\t甲类事务\t1.00\t1.00\t\n\n";
    const T05: &str = "公开05表\n一般公共预算财政拨款支出决算表\n单位：万元\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n\t合计\t1.00\t1.00\t\n299\t其他支出\t1.00\t1.00\t\n29999\t其他支出\t1.00\t1.00\t\n2999901\t甲类事务\t1.00\t1.00\t\n";

    #[test]
    fn the_same_names_pass() {
        let t = format!("{T03}{T05}");
        assert!(findings_of(&t, ID).is_empty());
    }

    #[test]
    fn different_names_are_found() {
        let t = format!(
            "{T03}{}",
            T05.replace("2999901\t甲类事务", "2999901\t乙类业务")
        );
        let f = findings_of(&t, ID);
        assert_eq!(f.len(), 1, "{f:#?}");
    }
}
