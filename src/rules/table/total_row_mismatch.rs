use super::{classified, columns, top_coded_rows};
use crate::declare_rule;
use crate::model::{Table, TableKind};
use crate::rules::identity::About;
use crate::rules::view::total_row;
use crate::rules::{Context, Identity, Sink};

declare_rule! {
    /// 表的合计行不等于各类（最上级科目）之和：按功能分类或经济分类列示的表（公开02、03、05、
    /// 08、09表及预算中的对应表，和带合计行的基本支出表），合计行的每一栏应等于表中各最上级
    /// 科目行（通常是 3 位编码的类）该栏之和。
    ///
    /// 只核对印有合计行且有编码行的表；同一编码在续页重复出现时只算一次。差额在尾数误差以内
    /// 报为提示。例如公开03表合计行“基本支出”印 111.61，而各类的基本支出之和为 100.41 +
    /// 11.20 = 111.61，一致；若合计行印 112.61，则报合计行错误。
    ///
    /// A table's total row is not the sum of its top-level classification rows, column by
    /// column (tables by function or economic class: 02, 03, 05, 08, 09, their budget twins and
    /// basic-expenditure tables with a total row). Fix the total or the class row that is wrong.
    pub static TOTAL_ROW_MISMATCH = Rule {
        id: "table.total-row-mismatch",
        family: Table,
        severity: Error,
        summary: "合计行不等于各类之和",
        summary_en: "The total row is not the sum of the class rows",
        run: Some(check),
    };
}

fn applies(table: &Table) -> bool {
    classified(table.kind) || table.kind == TableKind::Other
}

fn check(ctx: &Context, sink: &mut Sink) {
    for table in ctx.doc.tables.iter().filter(|t| applies(t)) {
        for block in &table.blocks {
            let Some(total) = total_row(block) else {
                continue;
            };
            // A total row printing nothing is usually a row the reader split in two; a block
            // whose columns the reader misplaced says nothing about the document.
            if total.cells.iter().all(|c| c.number.is_none())
                || !columns::trusted(ctx, table, block)
            {
                continue;
            }
            let roots = top_coded_rows(block);
            if roots.is_empty() {
                continue;
            }
            for &col in ctx.view.amount_columns(block).iter() {
                let Some(t) = ctx.view.term(table, block, total, col) else {
                    continue;
                };
                let parts: Option<Vec<_>> = roots
                    .iter()
                    .map(|r| Some((1, ctx.view.term(table, block, r, col)?)))
                    .collect();
                let Some(parts) = parts else { continue };
                if !t.printed && parts.iter().all(|(_, p)| !p.printed) {
                    continue;
                }
                sink.identity(Identity::signed_about(
                    t,
                    parts,
                    About::Counted(
                        "其下{n}个最上级科目之和",
                        "the sum of its {n} top-level rows",
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings_of;

    const TABLE: &str = "公开05表\n一般公共预算财政拨款支出决算表\n单位：万元\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n栏次\t\t1\t2\t3\n\t合计\t105.80\t100.41\t5.39\n201\t一般公共服务支出\t102.30\t100.41\t1.89\n2010301\t行政运行\t100.41\t100.41\t\n2019999\t其他一般公共服务支出\t1.89\t\t1.89\n206\t科学技术支出\t3.50\t\t3.50\n2069999\t其他科学技术支出\t3.50\t\t3.50\n";

    #[test]
    fn a_consistent_table_passes() {
        assert!(findings_of(TABLE, "table.total-row-mismatch").is_empty());
    }

    #[test]
    fn a_wrong_total_is_found_at_its_cell() {
        let text = TABLE.replace("\t合计\t105.80\t100.41", "\t合计\t105.80\t101.41");
        let f = findings_of(&text, "table.total-row-mismatch");
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].location.line, 6);
        assert_eq!(f[0].expected.unwrap().to_string(), "100.41");
    }
}
