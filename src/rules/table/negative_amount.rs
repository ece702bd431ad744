use crate::declare_rule;
use crate::diagnostic::{CellRef, Finding};
use crate::model::Row;
use crate::rules::view::{label_key_cow, row_name, table_name};
use crate::rules::{Context, Sink};
use crate::text::Has;

declare_rule! {
    /// 收支表中出现负数金额。决算和预算表中的收入、支出、结转结余都应为非负数；负数多为
    /// 录入时把红字冲减或差额填进了表，或符号错误。
    ///
    /// 表头写明“增减”“变化”“差额”“比上年”的栏和行（例如三公经费表的增减变化栏）可以为负，
    /// 不核对；表头读不出的栏（可能正是丢了表头的增减栏）也不核对。这只是警告：极少数情况下（例如结余分配冲回）负数是真实的，需要在说明中解释。
    ///
    /// A standard table prints a negative amount. Income, spending and balances are
    /// non-negative; columns and rows about changes (增减, 变化, 差额, 比上年) are exempt, and
    /// so are columns whose heading could not be read (it may be a change column's). A
    /// warning: the rare genuine negative should be explained.
    pub static NEGATIVE_AMOUNT = Rule {
        id: "table.negative-amount",
        family: Table,
        severity: Warning,
        summary: "表中出现负数金额",
        summary_en: "A negative amount in a table",
        run: Some(check),
    };
}

fn about_change(text: &str) -> bool {
    [
        "增减",
        "变化",
        "差额",
        "比上年",
        "增长",
        "减少",
        "变动",
        "增加",
    ]
    .iter()
    .any(|w| text.has(w))
}

/// Whether a row prints a negative amount (a non-percent figure below zero).
fn has_negative(row: &Row) -> bool {
    row.cells
        .iter()
        .filter_map(|c| c.number)
        .any(|n| !n.percent && n.value < rust_decimal::Decimal::ZERO)
}

fn check(ctx: &Context, sink: &mut Sink) {
    let rule = sink.rule();
    for table in &ctx.doc.tables {
        if table.kind.standard_number().is_none() {
            continue;
        }
        // Only a table with a negative amount can have a finding (the exemptions below are
        // read only for those).
        if !table.rows().any(has_negative) {
            continue;
        }
        // A table with change columns (增减变化) may be negative there, and which columns
        // those are is not always readable.
        if about_change(&table.title)
            || table
                .blocks
                .iter()
                .flat_map(|b| b.columns.iter())
                .any(|c| about_change(&c.path()))
        {
            continue;
        }
        for block in &table.blocks {
            for row in &block.rows {
                if !has_negative(row) || about_change(&label_key_cow(&row.label)) {
                    continue;
                }
                for cell in &row.cells {
                    let Some(n) = cell.number else { continue };
                    if n.percent || n.value >= rust_decimal::Decimal::ZERO {
                        continue;
                    }
                    // A column without a readable heading may be the change column whose
                    // heading (增减变化情况) was lost with the layout.
                    let Some(col) = block
                        .columns
                        .get(cell.column)
                        .filter(|c| c.header.iter().any(|h| !h.is_empty()))
                    else {
                        continue;
                    };
                    let what = format!(
                        "{} {}（{}）",
                        table_name(table, ctx.doc.kind),
                        row_name(row),
                        col.path()
                    );
                    let mut f = Finding::new(
                        rule.id,
                        rule.severity,
                        cell.location,
                        format!("{what}为负数 {}，收支和结转结余金额不应为负", cell.raw),
                        format!(
                            "table {} row {} ({}) is negative ({}); amounts should not be",
                            table.id,
                            row_name(row),
                            col.path(),
                            cell.raw
                        ),
                    );
                    f.table = Some(table.id.clone());
                    f.cell = Some(CellRef {
                        table: table.id.clone(),
                        row: row_name(row),
                        column: col.path(),
                    });
                    f.stated = Some(n.value);
                    sink.push(f);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings_of;

    #[test]
    fn a_negative_amount_is_warned_about() {
        let text = "公开05表\n一般公共预算财政拨款支出决算表\n单位：万元\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n\t合计\t-5.00\t\t-5.00\n206\t科学技术支出\t-5.00\t\t-5.00\n";
        let f = findings_of(text, "table.negative-amount");
        assert_eq!(f.len(), 4, "{f:#?}");
        assert!(f.iter().all(|f| f.severity == crate::Severity::Warning));
        // The same figures under a heading that was not read: not judged.
        let text = text.replace("\t合计\t基本支出\t项目支出\n", "\t合计\t基本支出\t\n");
        let f = findings_of(&text, "table.negative-amount");
        assert_eq!(f.len(), 2, "{f:#?}");
        assert!(f.iter().all(|f| f.message.contains("合计")), "{f:#?}");
    }
}
