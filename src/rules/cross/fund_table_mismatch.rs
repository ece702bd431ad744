use super::{cell, class_rows, summary, table, tie, tie_sum, total_block};
use crate::declare_rule;
use crate::model::TableKind;
use crate::rules::roles::Source;
use crate::rules::table::fund_rollforward_mismatch::rollforward_columns;
use crate::rules::table::summary::{Line, Measure, Summary};
use crate::rules::{Context, Sink};

declare_rule! {
    /// 政府性基金预算财政拨款收入支出表（公开08表）与财政拨款收支总表（公开04表）对不上
    /// （X10）：08表合计行的年初结转和结余、本年收入、本年支出、年末结转和结余应分别等于
    /// 04表的年初政府性基金结转、政府性基金预算财政拨款收入、本年支出合计和年末结转和结余
    /// 的“政府性基金预算财政拨款”栏；各类的本年支出应等于04表同名类的该栏。
    ///
    /// 预算中的政府性基金预算支出表只列支出，其合计应等于04表政府性基金预算拨款收入加上年
    /// 结转（04表不分栏时）。
    ///
    /// The government-fund table (08) disagrees with 04's government-fund figures: opening,
    /// income, spending, closing, and spending by class (X10).
    pub static FUND_TABLE_MISMATCH = Rule {
        id: "cross.fund-table-mismatch",
        family: Cross,
        severity: Error,
        summary: "政府性基金表与财政拨款收支总表不一致",
        summary_en: "The government-fund table disagrees with table 04",
        run: Some(check),
    };
}

fn check(ctx: &Context, sink: &mut Sink) {
    budget_table_against_04(ctx, sink, TableKind::GovernmentFund, Source::GovernmentFund);
}

/// 08 or 09 against 04's column (or lines) for the same budget.
pub(crate) fn budget_table_against_04(
    ctx: &Context,
    sink: &mut Sink,
    kind: TableKind,
    source: Source,
) {
    let (Some(t), Some(s04)) = (table(ctx, kind), summary(ctx, TableKind::FiscalSummary)) else {
        return;
    };
    let Some((block, total)) = total_block(ctx, t) else {
        return;
    };
    let m = Measure::Budget(source);
    let split = s04.expenditure_measures().contains(&m);
    let line = |s: &Summary, l: Line, m: Measure| s.first(l).and_then(|r| s.term(ctx, r, m));
    let income = s04
        .source_line(source)
        .and_then(|r| s04.term(ctx, r, Measure::Total));
    let opening = line(&s04, Line::OpeningPart(source), Measure::Total);
    if let Some((o, i, sp, c)) = rollforward_columns(&ctx.view, block) {
        let t_ = |col| ctx.view.term(t, block, total, col);
        tie(sink, t_(o), opening);
        tie(sink, t_(i), income);
        if split {
            tie(sink, t_(sp), line(&s04, Line::ExpenditureTotal, m));
            tie(sink, t_(c), line(&s04, Line::Closing, m));
        }
    } else if split {
        tie(
            sink,
            cell(ctx, t, block, total, &[], &[]),
            line(&s04, Line::ExpenditureTotal, m),
        );
    } else if s04.first(Line::Closing).is_none_or(|r| {
        s04.term(ctx, r, Measure::Total)
            .is_none_or(|x| x.value.is_zero())
    }) {
        let mut parts = vec![income];
        if opening.is_some() {
            parts.push(opening);
        }
        tie_sum(
            sink,
            cell(ctx, t, block, total, &[], &[]),
            parts,
            (
                "公开04表 该项预算本年收入与上年结转之和",
                "table 04's income of this budget plus its opening balance",
            ),
        );
    }
    if split {
        let lines = s04.classes();
        for (class, row) in class_rows(&ctx.view, block) {
            let Some(l) = lines.iter().find(|r| r.line == Line::Class(class)) else {
                continue;
            };
            let here = match rollforward_columns(&ctx.view, block) {
                Some((_, _, sp, _)) => ctx.view.term(t, block, row, sp),
                None => cell(ctx, t, block, row, &[], &[]),
            };
            tie(sink, here, s04.term(ctx, l, m));
        }
    }
}
