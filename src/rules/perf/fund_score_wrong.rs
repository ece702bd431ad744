use super::{
    exact_rate, executed_and_budget, rate_is_consistent, score_finding, sheets, stated_rate, Sheet,
};
use crate::declare_rule;
use crate::rules::{Context, Sink};
use crate::tolerance;
use rust_decimal::Decimal;

declare_rule! {
    /// 绩效自评表的资金得分不等于 分值 × 执行率（执行率超过 100% 按 100% 计）。
    ///
    /// 资金（预算执行）得分按“得分 = 分值 × 执行率”计算。得分可取整或保留一位小数，按印出
    /// 位数四舍五入后一致即不报；按印出的执行率计算一致也不报。执行率本身写错时由
    /// `perf.execution-rate-wrong` 报告，本规则不重复。
    ///
    /// 例：分值 10、执行率 95%，得分写 8，应为 9.5。修正：按分值 × 执行率重算得分与总分。
    ///
    /// The funding score of a self-evaluation table is not 分值 × 执行率 (capped at 100 %).
    /// Scores rounded to the printed digits are accepted. A wrong rate is reported by
    /// `perf.execution-rate-wrong` instead. Example: 10 points at 95 % scored 8 instead of 9.5.
    pub static FUND_SCORE_WRONG = Rule {
        id: "perf.fund-score-wrong",
        family: Perf,
        severity: Error,
        summary: "绩效自评表资金得分不等于分值×执行率",
        summary_en: "A self-evaluation funding score is not points × execution rate",
        run: Some(check),
    };
}

/// The funding score the figures imply: (exact, the printed score, its decimals, cell, points).
#[derive(Clone, Copy)]
pub(crate) struct FundScore<'t> {
    pub exact: Decimal,
    pub stated: Decimal,
    pub decimals: u32,
    pub cell: &'t crate::model::Cell,
    pub points: Decimal,
    /// The stated score agrees with the figures (to its printed digits).
    pub consistent: bool,
    /// The stated execution rate agrees with the figures (else the rate is the error).
    pub rate_ok: bool,
}

pub(crate) fn fund_score<'t>(ctx: &Context, sheet: &Sheet<'t>) -> Option<FundScore<'t>> {
    let f = sheet.funding.as_ref()?;
    let dec = sheet.decimals(ctx);
    let rate_ok = rate_is_consistent(ctx, sheet);
    let (points, _, _) = Sheet::amount(f.total, f.cols.points)?;
    let cell = f.total.cell(f.cols.score?)?;
    let n = cell.number?;
    if n.percent || n.dash {
        return None;
    }
    let (e, _, b, _) = executed_and_budget(sheet, f)?;
    let rate = exact_rate(e, b)?.min(Decimal::ONE_HUNDRED);
    let hundred = Decimal::ONE_HUNDRED;
    let exact = points.checked_mul(rate)?.checked_div(hundred)?;
    let sd = n.decimals;
    let mut consistent = tolerance::round(exact, sd) == n.value;
    // Computed from the rate as printed.
    if let Some((r, rd, pct, _)) = stated_rate(f).filter(|_| rate_ok) {
        let r = if !pct && r <= Decimal::ONE && rd >= 1 {
            r * hundred
        } else {
            r
        };
        if let Some(v) = points
            .checked_mul(r.min(hundred))
            .and_then(|v| v.checked_div(hundred))
        {
            consistent |= tolerance::round(v, sd) == n.value;
        }
    }
    // Within the interval the printed inputs allow.
    let half = tolerance::half_unit(dec);
    if b - half > Decimal::ZERO {
        let lo = (e - half)
            .max(Decimal::ZERO)
            .checked_mul(hundred)?
            .checked_div(b + half)?
            .min(hundred);
        let hi = (e + half)
            .checked_mul(hundred)?
            .checked_div(b - half)?
            .min(hundred);
        let s_half = tolerance::half_unit(sd);
        let lo_s = points.checked_mul(lo)?.checked_div(hundred)?;
        let hi_s = points.checked_mul(hi)?.checked_div(hundred)?;
        consistent |= n.value + s_half >= lo_s && n.value - s_half <= hi_s;
    }
    Some(FundScore {
        exact,
        stated: n.value,
        decimals: sd,
        cell,
        points,
        consistent,
        rate_ok,
    })
}

fn check(ctx: &Context, sink: &mut Sink) {
    for sheet in sheets(ctx) {
        let Some(s) = sheet.fund_score(ctx) else {
            continue;
        };
        if s.consistent || !s.rate_ok {
            continue;
        }
        let expected = tolerance::round(s.exact, 2);
        let mut f = score_finding(
            &FUND_SCORE_WRONG,
            sheet,
            "合计",
            s.cell.location,
            s.stated,
            format!(
                "{}资金得分写为{}，按分值{} × 执行率应为{}",
                sheet.name,
                s.stated.normalize(),
                s.points.normalize(),
                expected.normalize()
            ),
            format!(
                "{}: the funding score is {} but points {} × execution rate is {}",
                sheet.name,
                s.stated.normalize(),
                s.points.normalize(),
                expected.normalize()
            ),
        );
        f.expected = Some(expected);
        f.difference = Some(s.stated - expected);
        if let Some(fund) = &sheet.funding {
            if let Some((v, _, c)) = Sheet::amount(fund.total, fund.cols.points) {
                f.related
                    .push(super::points_label(c.location, v).with_value(v));
            }
        }
        f.set_help(
            "按“得分 = 分值 × 执行率”（执行率超过100%按100%计）重算资金得分，并相应调整总分。",
            "Recompute the funding score as score = points × execution rate (a rate above 100% counts as 100%), and adjust the total score to match.",
        );
        sink.push(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::perf::testing::PROJECT;
    use crate::rules::testing::findings_of;

    const ID: &str = "perf.fund-score-wrong";

    #[test]
    fn a_consistent_score_passes() {
        assert!(findings_of(PROJECT, ID).is_empty());
        // Rounded to a whole point.
        let text = PROJECT.replace("10\t95%\t9.5", "10\t95%\t10");
        assert!(findings_of(&text, ID).is_empty());
    }

    #[test]
    fn a_wrong_score_is_found() {
        let text = PROJECT.replace("10\t95%\t9.5", "10\t95%\t8");
        let f = findings_of(&text, ID);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].expected.unwrap().normalize().to_string(), "9.5");
    }
}
