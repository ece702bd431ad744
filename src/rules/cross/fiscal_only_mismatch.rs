use super::expenditure_class_mismatch::only_general_budget;
use super::{paired_rows, summary, tie};
use crate::declare_rule;
use crate::model::TableKind;
use crate::rules::roles::Source;
use crate::rules::table::summary::{Line, Measure, Summary};
use crate::rules::{Context, Sink};

declare_rule! {
    /// 只有财政拨款的单位，各表的支出应当相同（X16、X17）。
    ///
    /// 公开01表除财政拨款外没有其他收入（上级补助、事业、经营、附属单位上缴、其他收入等都
    /// 为 0），也没有使用非财政拨款结余、年初结转和结余、结余分配、年末结转和结余时，全部支出
    /// 都来自当年财政拨款：公开01表的本年支出合计和各类支出应分别等于公开04表本年支出合计和
    /// 同名类的合计栏（01、04 之差即非财政拨款支出，此时为 0）。公开04表又只有一般公共预算
    /// 财政拨款时，公开03表与公开05表逐行相同（合计、基本支出、项目支出）。
    ///
    /// 例：01表只有一般公共预算财政拨款收入 105.8 万元、无结转结余，03表合计 117 万元而
    /// 05表合计 105.8 万元——两表必有一处错误。
    ///
    /// When all of a unit's money is this year's 财政拨款 (no other income, no balances used,
    /// brought forward or carried over), its spending tables must agree: 01's total and classes
    /// equal 04's (the gap between them, non-fiscal spending, is nil), and when 04 shows only
    /// 一般公共预算 money, 03 and 05 agree row by row.
    pub static FISCAL_ONLY_MISMATCH = Rule {
        id: "cross.fiscal-only-mismatch",
        family: Cross,
        severity: Error,
        summary: "只有财政拨款时各表支出不一致",
        summary_en: "Spending tables disagree although all money is 财政拨款",
        run: Some(check),
    };
}

/// True when a summary line's figure is printed as zero (or blank); a missing line counts as
/// zero.
fn zero(ctx: &Context, s: &Summary, line: Line) -> bool {
    s.all(|l| l == line).iter().all(|r| {
        s.term(ctx, r, Measure::Total)
            .is_some_and(|t| t.value.is_zero())
    })
}

/// True when 01 shows nothing but this year's 财政拨款.
fn fiscal_only(ctx: &Context, s01: &Summary) -> bool {
    let sources = s01.sources();
    if sources.is_empty() {
        return false;
    }
    let mut fiscal = false;
    for r in sources {
        let Line::Income(source) = r.line else {
            continue;
        };
        let Some(t) = s01.term(ctx, r, Measure::Total) else {
            return false;
        };
        match source {
            Source::GeneralBudget
            | Source::GovernmentFund
            | Source::StateCapital
            | Source::Fiscal => fiscal |= !t.value.is_zero(),
            _ if !t.value.is_zero() => return false,
            _ => {}
        }
    }
    fiscal
        && [
            Line::NonFiscalSurplusUsed,
            Line::Opening,
            Line::SurplusDistribution,
            Line::Closing,
        ]
        .into_iter()
        .all(|l| zero(ctx, s01, l))
        && s01.first(Line::ExpenditureTotal).is_some()
}

fn check(ctx: &Context, sink: &mut Sink) {
    let (Some(s01), Some(s04)) = (
        summary(ctx, TableKind::IncomeExpenditureSummary),
        summary(ctx, TableKind::FiscalSummary),
    ) else {
        return;
    };
    if !fiscal_only(ctx, &s01) {
        return;
    }
    let line = |s: &Summary, l: Line| s.first(l).and_then(|r| s.term(ctx, r, Measure::Total));
    tie(
        sink,
        line(&s01, Line::ExpenditureTotal),
        line(&s04, Line::ExpenditureTotal),
    );
    let classes04 = s04.classes();
    for r01 in s01.classes() {
        if let Some(r04) = classes04.iter().find(|r| r.line == r01.line) {
            tie(
                sink,
                s01.term(ctx, r01, Measure::Total),
                s04.term(ctx, r04, Measure::Total),
            );
        }
    }
    if !only_general_budget(ctx, &s04) {
        return;
    }
    paired_rows(
        ctx,
        TableKind::Expenditure,
        TableKind::GeneralBudgetExpenditure,
        |a, b| tie(sink, a, b),
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings_of;

    const SAMPLE: &str = include_str!("../../../tests/fixtures/samples/000.txt");
    const ID: &str = "cross.fiscal-only-mismatch";

    /// The sample's tables 01–05 with its 11.2 of other income (and the spending of it) taken
    /// out: all money is this year's 一般公共预算财政拨款.
    fn fiscal_only() -> String {
        let end = SAMPLE.match_indices('\n').nth(270).map(|(i, _)| i).unwrap();
        SAMPLE[..end]
            .replacen("八、其他收入\t8\t11.2\t", "八、其他收入\t8\t\t", 1)
            .replacen("二十三、其他支出\t54\t11.2", "二十三、其他支出\t54\t", 1)
            .replacen("本年收入合计\t27\t117\t本年支出合计\t58\t117", "本年收入合计\t27\t105.8\t本年支出合计\t58\t105.8", 1)
            .replacen("总 计\t31\t117\t总 计\t62\t117", "总 计\t31\t105.8\t总 计\t62\t105.8", 1)
            .replacen("合计\t\t117\t111.61\t5.39", "合计\t\t105.8\t100.41\t5.39", 1)
            .replacen("229\t其他支出\t11.2\t11.2\t\t\t\t\n22999\t其他支出\t11.2\t11.2\t\t\t\t\n2299999\t其他支出\t11.2\t11.2\t\t\t\t\n", "", 1)
    }

    #[test]
    fn other_income_turns_the_rule_off() {
        // The sample has 11.2 of other income: 03 and 05 differ legitimately.
        assert!(findings_of(SAMPLE, ID).is_empty());
    }

    #[test]
    fn fiscal_only_tables_agree() {
        let text = fiscal_only();
        assert!(
            findings_of(&text, ID).is_empty(),
            "{:#?}",
            findings_of(&text, ID)
        );
    }

    #[test]
    fn a_row_of_03_that_differs_from_05_is_found() {
        let text = fiscal_only().replacen(
            // 03's row (02's has one more column).
            "2010301\t行政运行\t100.41\t100.41\t\t\t\t\n",
            "2010301\t行政运行\t110.41\t110.41\t\t\t\t\n",
            1,
        );
        let f = findings_of(&text, ID);
        assert!(
            !f.is_empty() && f.iter().all(|f| f.location.line == 191),
            "{f:#?}"
        );
    }
}
