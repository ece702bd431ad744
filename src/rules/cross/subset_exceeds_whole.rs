use super::{at_most, paired_rows, summary};
use crate::declare_rule;
use crate::model::TableKind;
use crate::rules::table::summary::{Line, Measure};
use crate::rules::{Context, Sink};

declare_rule! {
    /// 部分大于整体：财政拨款是全部资金的一部分，一般公共预算财政拨款又是财政拨款的一部分，
    /// 所以
    ///
    /// - 公开04表各类支出（合计栏）不能大于公开01表同名类的支出（X12）；
    /// - 公开05表每一行（按科目编码对应）的合计、基本支出、项目支出不能大于公开03表同一行
    ///   的对应栏（X13）；
    /// - 公开04表年初、年末财政拨款结转和结余不能大于公开01表的年初、年末结转和结余（X14）。
    ///
    /// A part exceeds its whole: 04's class spending above 01's (X12); a row of 05 above the
    /// same row of 03 (X13); 04's fiscal balances above 01's balances (X14).
    pub static SUBSET_EXCEEDS_WHOLE = Rule {
        id: "cross.subset-exceeds-whole",
        family: Cross,
        severity: Error,
        summary: "部分大于整体",
        summary_en: "A part exceeds its whole",
        run: Some(check),
    };
}

fn check(ctx: &Context, sink: &mut Sink) {
    let s01 = summary(ctx, TableKind::IncomeExpenditureSummary);
    let s04 = summary(ctx, TableKind::FiscalSummary);
    if let (Some(s01), Some(s04)) = (&s01, &s04) {
        let whole = s01.classes();
        for part in s04.classes() {
            if let Some(w) = whole.iter().find(|w| w.line == part.line) {
                at_most(
                    sink,
                    s04.term(ctx, part, Measure::Total),
                    s01.term(ctx, w, Measure::Total),
                );
            }
        }
        for l in [Line::Opening, Line::Closing] {
            let (Some(p), Some(w)) = (s04.first(l), s01.first(l)) else {
                continue;
            };
            at_most(
                sink,
                s04.term(ctx, p, Measure::Total),
                s01.term(ctx, w, Measure::Total),
            );
        }
    }
    paired_rows(
        ctx,
        TableKind::GeneralBudgetExpenditure,
        TableKind::Expenditure,
        |part, whole| at_most(sink, part, whole),
    );
}
