use super::{cell, class_rows, summary, table, tie, total_block};
use crate::declare_rule;
use crate::model::{Table, TableKind};
use crate::rules::roles::Source;
use crate::rules::table::summary::{Line, Measure, Summary};
use crate::rules::{Context, Sink};

declare_rule! {
    /// 各表的支出数对不上：
    ///
    /// - 公开03表合计行的“本年支出合计”应等于公开01表本年支出合计，各类（3 位功能分类）的
    ///   本年支出合计应等于公开01表同名类的支出（X07）；
    /// - 公开05表（一般公共预算财政拨款支出）合计行的合计应等于公开04表本年支出合计的
    ///   “一般公共预算财政拨款”栏，各类应等于公开04表同名类的该栏（X08）。公开04表不分栏
    ///   而又只有一般公共预算财政拨款时，与其唯一的金额栏比较。
    ///
    /// Spending figures disagree between tables: 03's totals and classes against 01 (X07); 05's
    /// totals and classes against 04's 一般公共预算 column (X08).
    pub static EXPENDITURE_CLASS_MISMATCH = Rule {
        id: "cross.expenditure-class-mismatch",
        family: Cross,
        severity: Error,
        summary: "各表支出数不一致",
        summary_en: "Spending figures disagree between tables",
        run: Some(check),
    };
}

fn check(ctx: &Context, sink: &mut Sink) {
    if let Some(s01) = summary(ctx, TableKind::IncomeExpenditureSummary) {
        if let Some(t03) = table(ctx, TableKind::Expenditure) {
            against(ctx, sink, t03, &s01, Measure::Total);
        }
    }
    if let (Some(s04), Some(t05)) = (
        summary(ctx, TableKind::FiscalSummary),
        table(ctx, TableKind::GeneralBudgetExpenditure),
    ) {
        let general = Measure::Budget(Source::GeneralBudget);
        if s04.expenditure_measures().contains(&general) {
            against(ctx, sink, t05, &s04, general);
        } else if only_general_budget(ctx, &s04) {
            against(ctx, sink, t05, &s04, Measure::Total);
        }
    }
}

/// True when a 财政拨款 summary shows no government-fund or state-capital money at all.
pub(crate) fn only_general_budget(ctx: &Context, s: &Summary) -> bool {
    s.rows
        .iter()
        .filter(|r| {
            matches!(
                r.line,
                Line::Income(Source::GovernmentFund | Source::StateCapital)
                    | Line::FiscalPart(Source::GovernmentFund | Source::StateCapital)
                    | Line::OpeningPart(Source::GovernmentFund | Source::StateCapital)
                    | Line::ClosingPart(Source::GovernmentFund | Source::StateCapital)
            )
        })
        .all(|r| {
            s.term(ctx, r, Measure::Total)
                .is_some_and(|t| t.value.is_zero())
        })
        && s.source_line(Source::GeneralBudget).is_some()
}

/// A coded table's total and classes against a summary's expenditure lines.
fn against(ctx: &Context, sink: &mut Sink, t: &Table, s: &Summary, m: Measure) {
    let Some((block, total)) = total_block(ctx, t) else {
        return;
    };
    let exp = s
        .first(Line::ExpenditureTotal)
        .and_then(|r| s.term(ctx, r, m));
    tie(sink, cell(ctx, t, block, total, &[], &[]), exp);
    let lines = s.classes();
    for (class, row) in class_rows(&ctx.view, block) {
        let Some(line) = lines.iter().find(|r| r.line == Line::Class(class)) else {
            continue;
        };
        tie(
            sink,
            cell(ctx, t, block, row, &[], &[]),
            s.term(ctx, line, m),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings_of;

    const SAMPLE: &str = include_str!("../../../tests/fixtures/samples/000.txt");

    #[test]
    fn the_sample_agrees_and_a_changed_class_is_found() {
        assert!(findings_of(SAMPLE, "cross.expenditure-class-mismatch").is_empty());
        let text = SAMPLE.replacen(
            "206\t科学技术支出\t3.5\t\t3.5",
            "206\t科学技术支出\t4.5\t\t3.5",
            1,
        );
        let f = findings_of(&text, "cross.expenditure-class-mismatch");
        assert_eq!(f.len(), 1, "{f:#?}");
    }
}
