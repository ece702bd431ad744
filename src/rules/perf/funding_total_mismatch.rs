use super::{sheets, Sheet};
use crate::declare_rule;
use crate::rules::{Context, Identity, Sink};

declare_rule! {
    /// 绩效自评表的资金合计行不等于其组成部分之和：年初预算数、全年预算数、全年执行数各栏，
    /// 合计 = 当年财政拨款 + 上年结转资金 + 其他资金。
    ///
    /// 合计是评价执行率与资金得分的基础，合计与组成部分不符，执行率与得分也随之失真。只有某栏
    /// 至少印出一个组成部分时才核对该栏（许多表只填合计）。差额在尾数误差以内报为提示。
    /// 例：部门整体支出绩效自评表全年预算数合计印 135.41，而当年财政拨款 105.8 + 其他资金
    /// 11.2 = 117。修正：核对合计与各组成部分，使二者一致。
    ///
    /// A funding total of a performance self-evaluation table is not the sum of its parts: in
    /// each of the 年初预算数 / 全年预算数 / 全年执行数 columns, 合计 must equal 当年财政拨款 +
    /// 上年结转资金 + 其他资金. A column is checked only when at least one part is printed.
    /// Example: 全年预算数 合计 135.41 while 105.8 + 11.2 = 117. Fix the total or the part.
    pub static FUNDING_TOTAL_MISMATCH = Rule {
        id: "perf.funding-total-mismatch",
        family: Perf,
        severity: Error,
        summary: "绩效自评表资金合计不等于各来源之和",
        summary_en: "A self-evaluation funding total is not the sum of its sources",
        run: Some(check),
    };
}

fn check(ctx: &Context, sink: &mut Sink) {
    for sheet in sheets(ctx) {
        let Some(f) = &sheet.funding else { continue };
        let parts: Vec<(&crate::model::Row, &'static str)> = [
            (f.fiscal, "当年财政拨款"),
            (f.carry, "上年结转资金"),
            (f.other, "其他资金"),
        ]
        .into_iter()
        .filter_map(|(r, n)| r.map(|r| (r, n)))
        .collect();
        if parts.is_empty() {
            continue;
        }
        for (col, col_name) in [
            (f.cols.initial, "年初预算数"),
            (f.cols.annual, "全年预算数"),
            (f.cols.executed, "全年执行数"),
        ] {
            let Some(col) = col else { continue };
            if !parts
                .iter()
                .any(|(r, _)| Sheet::amount(r, Some(col)).is_some())
            {
                continue;
            }
            let Some(total) = sheet.term(ctx, f.total, col, "合计", col_name) else {
                continue;
            };
            if !total.has_cell() || !total.printed {
                continue;
            }
            let terms: Option<Vec<_>> = parts
                .iter()
                .map(|(r, n)| sheet.term(ctx, r, col, *n, col_name))
                .collect();
            let Some(terms) = terms else { continue };
            let names: Vec<&str> = parts.iter().map(|(_, n)| *n).collect();
            sink.identity(Identity::equal(
                total,
                terms,
                format!("{}之和", names.join("、")),
                "the sum of its sources",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::perf::testing::PROJECT;
    use crate::rules::testing::findings_of;

    const ID: &str = "perf.funding-total-mismatch";

    #[test]
    fn consistent_funding_passes() {
        assert!(findings_of(PROJECT, ID).is_empty());
    }

    #[test]
    fn a_wrong_total_is_found() {
        let text = PROJECT.replace("\t合计\t\t4\t4\t3.8", "\t合计\t\t4\t5.2\t3.8");
        let f = findings_of(&text, ID);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].stated.unwrap().to_string(), "5.2");
        assert_eq!(f[0].expected.unwrap().normalize().to_string(), "4");
    }
}
