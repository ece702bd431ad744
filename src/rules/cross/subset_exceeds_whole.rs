use super::{at_most, cell, class_rows, coded_row, summary, table, total_block};
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
    let (Some(t03), Some(t05)) = (
        table(ctx, TableKind::Expenditure),
        table(ctx, TableKind::GeneralBudgetExpenditure),
    ) else {
        return;
    };
    let (Some((b3, tot3)), Some((b5, tot5))) = (total_block(ctx, t03), total_block(ctx, t05))
    else {
        return;
    };
    let mut pairs = vec![(tot5, tot3)];
    for r5 in &b5.rows {
        let Some(code) = &r5.code else { continue };
        if let Some(r3) = coded_row(b3, &code.digits) {
            pairs.push((r5, r3));
        }
    }
    if b5.rows.iter().all(|r| r.code.is_none()) {
        // Uncoded tables: match the classes by name.
        let classes3 = class_rows(b3);
        for (c, r5) in class_rows(b5) {
            if let Some((_, r3)) = classes3.iter().find(|(x, _)| *x == c) {
                pairs.push((r5, r3));
            }
        }
    }
    let basic5 = super::basic_vs_detail::basic_column(b5);
    let basic3 = super::basic_vs_detail::basic_column(b3);
    for (r5, r3) in pairs {
        at_most(
            sink,
            cell(ctx, t05, b5, r5, &[], &[]),
            cell(ctx, t03, b3, r3, &[], &[]),
        );
        if let (Some(c5), Some(c3)) = (basic5, basic3) {
            at_most(
                sink,
                ctx.view.term(t05, b5, r5, c5),
                ctx.view.term(t03, b3, r3, c3),
            );
        }
        at_most(
            sink,
            cell(ctx, t05, b5, r5, &["项目支出"], &[]),
            cell(ctx, t03, b3, r3, &["项目支出"], &[]),
        );
    }
}
