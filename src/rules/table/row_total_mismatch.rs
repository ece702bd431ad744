use super::columns::reliable_sums;
use super::{classified, columns::row_identity};
use crate::declare_rule;
use crate::model::{Table, TableKind};
use crate::rules::identity::About;
use crate::rules::{Context, Identity, Sink};

declare_rule! {
    /// 行内合计栏不等于其组成栏之和：每一行的合计（小计）栏应等于表头中与它同组的各栏之和，
    /// 例如公开02表“本年收入合计 = 财政拨款收入 + 上级补助收入 + … + 其他收入”，公开03表
    /// “本年支出合计 = 基本支出 + 项目支出 + 上缴上级支出 + 经营支出 + 对附属单位补助支出”，
    /// 公开05表“小计 = 基本支出 + 项目支出”，公开07表“合计 = 因公出国（境）费 + 公务用车购置
    /// 及运行费 + 公务接待费”与“公务用车购置及运行费 = 购置费 + 运行费”。
    ///
    /// 组成栏按表头层次认定，不按位置：分组有自己的小计栏时用小计栏，“其中”栏不计入，
    /// 三公经费表中并列的会议费、培训费不属于三公经费。表头无法读清（两个合计栏并列、
    /// 无名栏中有数字）或多数行都不成立（多为读取错位）时不核对。标准公开表以外的表
    /// （政府采购表、项目支出表等按资金来源分栏的表）同样核对。
    ///
    /// A row's total column is not the sum of its component columns, as the header tree
    /// groups them (02: 本年收入合计 = the income sources; 03: 本年支出合计 = 基本 + 项目 + …;
    /// 05/08/09: 小计 = 基本支出 + 项目支出; 07: 合计 = 出国 + 公务用车 + 接待, 公务用车小计 =
    /// 购置 + 运行). 其中 columns are excluded. Tables beyond the nine standard ones (a
    /// procurement or project table by source of funds) are checked the same way.
    pub static ROW_TOTAL_MISMATCH = Rule {
        id: "table.row-total-mismatch",
        family: Table,
        severity: Error,
        summary: "合计栏不等于各组成栏之和",
        summary_en: "A total column is not the sum of its component columns",
        run: Some(check),
    };
}

fn applies(table: &Table) -> bool {
    classified(table.kind)
        || matches!(
            table.kind,
            TableKind::ThreePublicExpenses | TableKind::Other
        )
}

fn check(ctx: &Context, sink: &mut Sink) {
    for table in ctx.doc.tables.iter().filter(|t| applies(t)) {
        for block in &table.blocks {
            let Some(sums) = reliable_sums(ctx, table, block) else {
                continue;
            };
            for sum in &sums {
                for row in &block.rows {
                    if let Some((total, parts)) = row_identity(ctx, table, block, row, sum) {
                        sink.identity(Identity::signed_about(total, parts, About::ColumnSum));
                    }
                }
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
        assert!(findings_of(TABLE, "table.row-total-mismatch").is_empty());
    }

    #[test]
    fn a_wrong_part_is_blamed() {
        let text = TABLE.replace(
            "2010301\t行政运行\t100.41\t100.41",
            "2010301\t行政运行\t100.41\t101.41",
        );
        let f = findings_of(&text, "table.row-total-mismatch");
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].location.line, 8);
        assert!(f[0].message.contains("基本支出"), "{}", f[0].message);
    }

    const WUXI: &str =
        include_str!("../../../tests/fixtures/samples/2026-wuxi-emergency-budget.txt");

    #[test]
    fn a_procurement_table_by_source_is_checked() {
        // Wuxi's 政府采购支出表: 总计 = 一般公共预算资金 + 上年结转和结余资金 on each row.
        let id = "table.row-total-mismatch";
        assert!(findings_of(WUXI, id).is_empty());
        let text = WUXI.replacen(
            "分散采购   160.00               160.00",
            "分散采购   160.00               166.00",
            1,
        );
        assert_ne!(text, WUXI);
        let f = findings_of(&text, id);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].location.line, 714);
    }
}
