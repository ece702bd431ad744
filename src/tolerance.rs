//! The rounding rule, written once.
//!
//! A figure printed to `d` decimals stands for every value within ±½·10⁻ᵈ of it (XBRL
//! Calculations 1.1, round-to-nearest). Two printed statements contradict each other only when
//! these intervals cannot meet:
//!
//! * a total of n printed items is consistent when |total − Σ items| ≤ the sum of the half-units
//!   of the printed figures involved — (n+1)·½·10⁻ᵈ when they all share the precision d;
//! * a percentage is consistent when its own interval meets the interval of the ratio its inputs
//!   allow.
//!
//! The precision `d` is the table's (the most decimals printed in it), not each figure's own
//! digits: exports drop trailing zeros, so `102.3` in a two-decimal table stands for 102.30±0.005.
//! Blank cells and dashes are exact zeros and carry no allowance.
//!
//! Every rule asks this module; no rule carries its own epsilon.

use rust_decimal::Decimal;

/// How a stated figure relates to what the other figures imply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    /// Equal as printed (or equal to the correctly rounded value).
    Exact,
    /// Different, but within the rounding allowance (尾数误差).
    Rounding,
    /// A contradiction beyond the allowance.
    Breaks,
}

impl Verdict {
    pub fn holds(self) -> bool {
        self != Verdict::Breaks
    }
}

/// Half a unit of the last printed decimal: ½·10⁻ᵈ.
pub fn half_unit(decimals: u32) -> Decimal {
    Decimal::new(5, decimals.min(20) + 1)
}

/// The allowance for an identity between `printed` figures of the same precision `decimals`
/// (the total counts as one of them): printed·½·10⁻ᵈ.
pub fn sum_allowance(printed: usize, decimals: u32) -> Decimal {
    Decimal::from(printed as u64) * half_unit(decimals)
}

/// Judge a difference against an allowance.
pub fn judge(difference: Decimal, allowance: Decimal) -> Verdict {
    let d = difference.abs();
    if d.is_zero() {
        Verdict::Exact
    } else if d <= allowance {
        Verdict::Rounding
    } else {
        Verdict::Breaks
    }
}

/// Judge `stated ≤ bound` (a subset cannot exceed its whole): a breach within the allowance is
/// rounding.
pub fn judge_at_most(stated: Decimal, bound: Decimal, allowance: Decimal) -> Verdict {
    if stated <= bound {
        Verdict::Exact
    } else {
        judge(stated - bound, allowance)
    }
}

/// Round to `decimals` places, halves away from zero (as spreadsheets and 财政 software print).
pub fn round(value: Decimal, decimals: u32) -> Decimal {
    value.round_dp_with_strategy(
        decimals.min(20),
        rust_decimal::RoundingStrategy::MidpointAwayFromZero,
    )
}

/// A figure with the half-width of the interval it stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Approx {
    pub value: Decimal,
    /// ½·10⁻ᵈ for a printed figure, zero for an exact one (blank, dash, count).
    pub half: Decimal,
}

impl Approx {
    pub fn printed(value: Decimal, decimals: u32) -> Self {
        Approx {
            value,
            half: half_unit(decimals),
        }
    }
    pub fn exact(value: Decimal) -> Self {
        Approx {
            value,
            half: Decimal::ZERO,
        }
    }
}

/// The outcome of checking a stated percentage against `100 × numerator / denominator`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PercentCheck {
    pub verdict: Verdict,
    /// The ratio recomputed from the printed inputs, rounded to the stated percentage's decimals
    /// (at least two).
    pub expected: Decimal,
    /// stated − exact ratio.
    pub difference: Decimal,
    /// [`PercentCheck::allowance`] when it was worked out with the verdict; `None` when the
    /// stated figure is the ratio rounded, and it is worked out only if asked for.
    allowance: Option<Decimal>,
    /// What the allowance is worked out from: the exact ratio, the inputs, the stated decimals.
    exact: Decimal,
    numerator: Approx,
    denominator: Approx,
    decimals: u32,
}

impl PercentCheck {
    /// How far the stated percentage may lie from the exact ratio and still be consistent.
    pub fn allowance(&self) -> Decimal {
        match self.allowance {
            Some(allowance) => allowance,
            // Left for later only when no division of the interval can fail (`corners_fit`).
            None => ratio_interval(self.exact, self.numerator, self.denominator)
                .map(|(low, high)| allowance_of(self.exact, low, high, self.decimals))
                .unwrap_or_default(),
        }
    }
}

/// Check a percentage printed as `stated` with `decimals` places against the ratio of two
/// printed figures. `None` when the denominator's interval reaches zero (no ratio can be
/// stated).
pub fn check_percent(
    stated: Decimal,
    decimals: u32,
    numerator: Approx,
    denominator: Approx,
) -> Option<PercentCheck> {
    let den_low = denominator.value.abs() - denominator.half;
    if den_low <= Decimal::ZERO {
        return None;
    }
    let exact = numerator
        .value
        .checked_mul(Decimal::ONE_HUNDRED)?
        .checked_div(denominator.value)?;
    let rounds_to_stated = round(exact, decimals) == stated;
    let mut check = PercentCheck {
        verdict: Verdict::Exact,
        expected: Decimal::ZERO,
        difference: Decimal::ZERO,
        allowance: None,
        exact,
        numerator,
        denominator,
        decimals,
    };
    // Most stated percentages are their ratio rounded: their verdict needs no interval, and
    // only a finding (which none of them makes) reads the allowance — so the interval's four
    // divisions wait until it is asked for, whenever none of them can fail (a failing one
    // makes the whole check `None`, and must be found now).
    if !(rounds_to_stated && corners_fit(numerator, denominator)) {
        let (low, high) = ratio_interval(exact, numerator, denominator)?;
        let own = half_unit(decimals);
        check.allowance = Some(allowance_of(exact, low, high, decimals));
        check.verdict = if rounds_to_stated {
            Verdict::Exact
        } else if stated + own >= low && stated - own <= high {
            Verdict::Rounding
        } else {
            Verdict::Breaks
        };
    }
    check.expected = round(exact, decimals.max(2));
    check.difference = round(stated - exact, 4);
    Some(check)
}

/// The interval of `100 × numerator / denominator` over the corners of the inputs' box (with
/// `exact`, the ratio of the printed figures, inside it); `None` when a corner's ratio cannot
/// be represented.
fn ratio_interval(
    exact: Decimal,
    numerator: Approx,
    denominator: Approx,
) -> Option<(Decimal, Decimal)> {
    let hundred = Decimal::ONE_HUNDRED;
    let mut low = exact;
    let mut high = exact;
    for n in [
        numerator.value - numerator.half,
        numerator.value + numerator.half,
    ] {
        for d in [
            denominator.value - denominator.half,
            denominator.value + denominator.half,
        ] {
            if d.is_zero() {
                continue;
            }
            let r = n.checked_mul(hundred)?.checked_div(d)?;
            low = low.min(r);
            high = high.max(r);
        }
    }
    Some((low, high))
}

/// The allowance of a stated percentage with `decimals` places against a ratio in
/// `low..=high`: the ratio's reach from `exact`, plus the stated figure's half unit.
fn allowance_of(exact: Decimal, low: Decimal, high: Decimal, decimals: u32) -> Decimal {
    round((exact - low).max(high - exact) + half_unit(decimals), 4)
}

/// 10²⁸, a bound well inside a decimal's range (about 7.9·10²⁸).
const E28: Decimal = Decimal::from_parts(0x1000_0000, 0x3E25_0261, 0x204F_CE5E, false, 0);

/// 10²⁷.
const E27: Decimal = Decimal::from_parts(0xE800_0000, 0x9FD0_803C, 0x033B_2E3C, false, 0);

/// True when every step of [`ratio_interval`] surely succeeds: each corner is representable,
/// none of the denominator's is zero, and every `100 × n` and `100 × n / d` stays below 10²⁸
/// (the largest numerator over the smallest denominator, with a wide margin for rounding).
fn corners_fit(numerator: Approx, denominator: Approx) -> bool {
    let (Some(n_max), Some(d_min)) = (
        numerator.value.abs().checked_add(numerator.half.abs()),
        denominator.value.abs().checked_sub(denominator.half.abs()),
    ) else {
        return false;
    };
    let d_corners = denominator
        .value
        .abs()
        .checked_add(denominator.half.abs())
        .is_some();
    if !d_corners || d_min <= Decimal::ZERO {
        return false;
    }
    let Some(scaled) = n_max.checked_mul(Decimal::ONE_HUNDRED) else {
        return false;
    };
    if scaled > E28 {
        return false;
    }
    // scaled / d_min ≤ 10²⁷; a d_min too large to scale by 10²⁷ leaves the ratio far smaller.
    d_min.checked_mul(E27).is_none_or(|bound| scaled <= bound)
}

/// Check that two printings of the same amount agree (a narrative figure quoting a table cell,
/// one table tying to another). `Exact` when the finer one rounds to the coarser.
pub fn check_same(a: Decimal, a_decimals: u32, b: Decimal, b_decimals: u32) -> (Verdict, Decimal) {
    let allowance = half_unit(a_decimals) + half_unit(b_decimals);
    let coarse = a_decimals.min(b_decimals);
    let verdict = if round(a, coarse) == round(b, coarse) {
        Verdict::Exact
    } else {
        judge(a - b, allowance)
    };
    (verdict, allowance)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn sums_within_the_half_units_are_rounding() {
        // 公开06表 301: 79.70 printed, items sum to 79.69 over seven printed items.
        let allowance = sum_allowance(8, 2);
        assert_eq!(allowance, d("0.040"));
        assert_eq!(judge(d("0.01"), allowance), Verdict::Rounding);
        // 303: 6.74 against 46.7.
        assert_eq!(judge(d("-39.96"), sum_allowance(2, 2)), Verdict::Breaks);
        assert_eq!(judge(Decimal::ZERO, allowance), Verdict::Exact);
    }

    #[test]
    fn the_bounds_are_powers_of_ten() {
        assert_eq!(E28, d("10000000000000000000000000000"));
        assert_eq!(E27, d("1000000000000000000000000000"));
    }

    #[test]
    fn an_allowance_left_for_later_is_the_one_worked_out_at_once() {
        // 111.61 / 117 = 95.393…%: stated as its rounding, the interval waits.
        let late = check_percent(
            d("95.39"),
            2,
            Approx::printed(d("111.61"), 2),
            Approx::printed(d("117"), 2),
        )
        .unwrap();
        assert_eq!(late.allowance, None);
        let (low, high) = ratio_interval(late.exact, late.numerator, late.denominator).unwrap();
        assert_eq!(late.allowance(), allowance_of(late.exact, low, high, 2));
        assert!(late.allowance() > Decimal::ZERO);
        // A corner beyond a decimal's range (10²⁶ / 0.001): no check, as before, even for a
        // stated figure that is the ratio rounded.
        let (n, den) = (
            Approx::printed(d("1000000000000000000000000"), 2),
            Approx::printed(d("0.006"), 2),
        );
        let stated = round(d("100000000000000000000000000") / d("0.006"), 0);
        assert!(check_percent(stated, 0, n, den).is_none());
    }

    #[test]
    fn percentages_follow_their_inputs() {
        let p = |s, dec, n, den| {
            check_percent(
                d(s),
                dec,
                Approx::printed(d(n), 2),
                Approx::printed(d(den), 2),
            )
            .unwrap()
        };
        // 111.61 / 117 = 95.393…%
        assert_eq!(p("95.39", 2, "111.61", "117").verdict, Verdict::Exact);
        // 116.61 / 117 = 99.67%
        assert_eq!(p("95.39", 2, "116.61", "117").verdict, Verdict::Breaks);
        // 105.8 / 102.57 stated as 100%
        let c = p("100", 0, "105.8", "102.57");
        assert_eq!(c.verdict, Verdict::Breaks);
        assert_eq!(c.expected, d("103.15"));
        // 22% for 0.89/4 = 22.25%: a coarser rounding of the right ratio.
        assert_eq!(p("22", 0, "0.89", "4").verdict, Verdict::Exact);
        // 22.3% for 22.25% rounds to 22.3 (half away from zero).
        assert_eq!(p("22.3", 1, "0.89", "4").verdict, Verdict::Exact);
        // 22.2% for 22.25%: within the inputs' allowance, a rounding difference.
        assert_eq!(p("22.2", 1, "0.89", "4").verdict, Verdict::Rounding);
        // No rate against a zero budget.
        assert!(check_percent(
            d("100"),
            0,
            Approx::printed(d("1.89"), 2),
            Approx::exact(Decimal::ZERO)
        )
        .is_none());
    }

    #[test]
    fn the_same_amount_printed_twice() {
        assert_eq!(check_same(d("117"), 0, d("117.00"), 2).0, Verdict::Exact);
        assert_eq!(check_same(d("116.6"), 1, d("116.61"), 2).0, Verdict::Exact);
        assert_eq!(
            check_same(d("116.61"), 2, d("111.61"), 2).0,
            Verdict::Breaks
        );
        assert_eq!(
            check_same(d("116.60"), 2, d("116.61"), 2).0,
            Verdict::Rounding
        );
    }
}
