use super::{cell, table, tie, tie_sum, total_block};
use crate::declare_rule;
use crate::model::Block;
use crate::model::TableKind;
use crate::rules::table::columns::is_total_key;
use crate::rules::table::personnel_public_mismatch::{footer, single_column};
use crate::rules::{Context, Sink, View};
use crate::text::Has;

declare_rule! {
    /// 一般公共预算财政拨款支出表（公开05表）的基本支出合计与基本支出明细表（公开06表）
    /// 对不上：05表合计行的“基本支出”应等于06表人员经费合计 + 公用经费合计（X09）；预算
    /// 中基本支出表列有合计行时，应等于该合计行的合计栏。
    ///
    /// 例如公开05表基本支出 100.41 = 公开06表人员经费 86.44 + 公用经费 13.97。
    ///
    /// The basic spending of the general-budget table (05) is not the total of the
    /// basic-spending detail table (06): personnel + public funds, or 06's total row.
    pub static BASIC_VS_DETAIL = Rule {
        id: "cross.basic-vs-detail",
        family: Cross,
        severity: Error,
        summary: "基本支出与基本支出明细表不一致",
        summary_en: "Basic spending disagrees with the basic-spending table",
        run: Some(check),
    };
}

fn check(ctx: &Context, sink: &mut Sink) {
    let (Some(t05), Some(t06)) = (
        table(ctx, TableKind::GeneralBudgetExpenditure),
        table(ctx, TableKind::GeneralBudgetBasicExpenditure),
    ) else {
        return;
    };
    let Some((block, total)) = total_block(ctx, t05) else {
        return;
    };
    let basic = basic_column(&ctx.view, block).and_then(|c| ctx.view.term(t05, block, total, c));
    let footers: Vec<_> = ["人员经费", "公用经费"]
        .iter()
        .filter_map(|w| footer(t06, w))
        .collect();
    if footers.len() == 2 {
        let parts = footers
            .iter()
            .map(|(b, r)| single_column(b).and_then(|c| ctx.view.term(t06, b, r, c)))
            .collect();
        tie_sum(
            sink,
            basic,
            parts,
            (
                "公开06表 人员经费合计与公用经费合计之和",
                "table 06's personnel plus public funds",
            ),
        );
        return;
    }
    if let Some((b6, r6)) = total_block(ctx, t06) {
        tie(sink, basic, cell(ctx, t06, b6, r6, &[], &[]));
    }
}

/// The 基本支出 column of a function table (its own column, or the 小计 of its group).
pub(crate) fn basic_column(view: &View, block: &Block) -> Option<usize> {
    let keys = view.keys(block);
    keys.paths()
        .iter()
        .zip(&keys.joined)
        .position(|(k, joined)| {
            joined.has("基本支出")
                && !["人员", "公用", "项目"].iter().any(|w| joined.has(w))
                && k.last().is_some_and(|l| l == "基本支出" || is_total_key(l))
        })
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings_of;

    const SAMPLE: &str = include_str!("../../../tests/fixtures/samples/000.txt");

    #[test]
    fn the_sample_agrees() {
        assert!(findings_of(SAMPLE, "cross.basic-vs-detail").is_empty());
        let text = SAMPLE.replacen("86.44", "87.44", 1);
        let f = findings_of(&text, "cross.basic-vs-detail");
        assert_eq!(f.len(), 1, "{f:#?}");
    }
}
