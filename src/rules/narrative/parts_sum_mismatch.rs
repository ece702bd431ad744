use super::share_mismatch::{operands, Operand};
use super::{core_subject, terms_approx, Narrative, Topic};
use crate::declare_rule;
use crate::rules::{Context, Identity, Sink};
use crate::tolerance::Approx;
use rust_decimal::Decimal;

declare_rule! {
    /// 说明把一个总数分成几部分并逐项写出占比（“支出预算99,230.46万元……人员支出
    /// 58,486.35万元，占59.0%；日常公用支出12,237.94万元，占12.3%；项目支出28,506.17万元，
    /// 占28.7%”），各部分之和应等于总数。
    ///
    /// 只核对列举完整的情形：各部分所写的占比合计为100%（允许每个占比半个末位的舍入），
    /// 且这些部分之间没有夹着未写占比的其他金额。占比按四舍五入只精确到0.1%时，某一部分
    /// 写错几十万元，占比仍可能不变，本规则据各部分之和发现这种错误。总数和各部分都已与
    /// 表中数字逐一核对时不再重复。按尾数误差规则判断；差额在误差以内报为提示。
    ///
    /// Example: “支出合计117万元，其中：基本支出111.61万元，占95.39%；项目支出6.39万元，
    /// 占4.61%” — 111.61 + 6.39 = 118 ≠ 117.
    ///
    /// The narrative splits a whole into parts, each with its share ("占p%"), and the parts do
    /// not add up to the whole. Only complete lists are checked: the stated shares add up to
    /// 100% (half a last digit each) and no other amount sits among the parts. With shares
    /// printed to 0.1%, a part can be wrong by a sizeable amount while its share still rounds
    /// the same; the sum finds it. Lists whose every figure is already tied to a table are
    /// left to `narrative.amount-mismatch`.
    pub static PARTS_SUM_MISMATCH = Rule {
        id: "narrative.parts-sum-mismatch",
        family: Narrative,
        severity: Error,
        summary: "说明中各部分之和不等于总数",
        summary_en: "The parts the narrative lists do not add up to its whole",
        run: Some(check),
    };
}

/// A whole (a narrative figure) and the parts whose shares are taken of it, with their shares.
struct Split {
    whole: usize,
    /// (part, share) figure indices, in text order.
    parts: Vec<(usize, usize)>,
}

fn check(ctx: &Context, sink: &mut Sink) {
    let n = ctx.narrative();
    let mut splits: Vec<Split> = Vec::new();
    for j in 0..n.figs.len() {
        // 政府采购 has its own rule (货物 + 工程 + 服务).
        if n.figs[j].topic == Topic::Procurement {
            continue;
        }
        let Some((part, Operand::Fig(whole))) = operands(ctx, n, j) else {
            continue;
        };
        match splits.iter_mut().find(|s| s.whole == whole) {
            Some(s) if !s.parts.iter().any(|&(p, _)| p == part) => s.parts.push((part, j)),
            Some(_) => {}
            None => splits.push(Split {
                whole,
                parts: vec![(part, j)],
            }),
        }
    }
    for split in splits {
        if split.parts.len() < 2 || !complete(n, &split) {
            continue;
        }
        // A figure tied to the tables is taken at the tables' value: a break those values
        // mend is a narrative figure that differs from its table, which
        // narrative.amount-mismatch reports.
        let approx = |i: usize, tied: &mut bool| match ctx
            .resolved(n, i)
            .as_deref()
            .filter(|cells| !cells.is_empty())
        {
            Some(cells) => {
                *tied = true;
                terms_approx(cells)
            }
            None => n.figs[i].approx_yuan(),
        };
        let mut tied = false;
        let Some(whole) = approx(split.whole, &mut tied) else {
            continue;
        };
        let mut sum = Approx {
            value: Decimal::ZERO,
            half: Decimal::ZERO,
        };
        let mut readable = true;
        for &(p, _) in &split.parts {
            match approx(p, &mut tied) {
                Some(a) => {
                    sum.value += a.value;
                    sum.half += a.half;
                }
                None => readable = false,
            }
        }
        if !readable || tied && (whole.value - sum.value).abs() <= whole.half + sum.half {
            continue;
        }
        let subjects: Vec<&str> = split
            .parts
            .iter()
            .map(|&(p, _)| core_subject(&n.figs[p].f.subject))
            .collect();
        let whole = ctx.view.figure_term(n.figs[split.whole].f);
        let parts = split
            .parts
            .iter()
            .map(|&(p, _)| ctx.view.figure_term(n.figs[p].f));
        sink.identity(Identity::equal(
            whole,
            parts,
            format!("其后所列各部分（{}）之和", subjects.join("、")),
            format!(
                "the sum of the parts listed after it ({})",
                subjects.join(", ")
            ),
        ));
    }
}

/// The parts make up the whole: their shares add up to 100% within half a last digit each,
/// and no amount without a share of its own sits among them.
fn complete(n: &Narrative, split: &Split) -> bool {
    let decimals = split
        .parts
        .iter()
        .map(|&(_, s)| n.figs[s].f.decimals)
        .max()
        .unwrap_or(0);
    let sum: Decimal = split.parts.iter().map(|&(_, s)| n.figs[s].value()).sum();
    let allowance = crate::tolerance::half_unit(decimals) * Decimal::from(split.parts.len());
    if (sum - Decimal::ONE_HUNDRED).abs() > allowance {
        return false;
    }
    let first = split.parts.first().map_or(0, |&(p, _)| p);
    let last = split.parts.last().map_or(0, |&(_, s)| s);
    (first..last).all(|k| {
        let f = &n.figs[k];
        !f.is_amount()
            || f.is_change()
            || k == split.whole
            || split.parts.iter().any(|&(p, _)| p == k)
    })
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings_of;

    const HANGZHOU: &str =
        include_str!("../../../tests/fixtures/samples/2026-hangzhou-justice-budget.txt");
    const SAMPLE: &str = include_str!("../../../tests/fixtures/samples/000.txt");

    #[test]
    fn complete_lists_of_the_samples_add_up() {
        for text in [HANGZHOU, SAMPLE] {
            let f = findings_of(text, "narrative.parts-sum-mismatch");
            assert!(
                f.iter().all(|f| f.severity == crate::Severity::Info),
                "{f:#?}"
            );
        }
    }

    #[test]
    fn a_part_wrong_within_its_rounded_share_is_found() {
        // 58,486.35 → 58,586.35: 58,586.35 / 99,230.46 is still 59.0%.
        let text = HANGZHOU.replacen("人员支出 58,486.35 万元", "人员支出 58,586.35 万元", 1);
        let f: Vec<_> = findings_of(&text, "narrative.parts-sum-mismatch")
            .into_iter()
            .filter(|f| f.severity == crate::Severity::Error)
            .collect();
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(
            f[0].difference.map(|d| d.abs().to_string()),
            Some("100.00".into())
        );
        let lines: Vec<u32> = std::iter::once(f[0].location.line)
            .chain(f[0].related.iter().map(|l| l.location.line))
            .collect();
        assert!(lines.contains(&107), "{lines:?}");
    }

    #[test]
    fn an_incomplete_list_is_not_summed() {
        // Without 项目支出's share, the two shares left make 71.3%: not the whole.
        let text = HANGZHOU.replacen("28,506.17 万元，占 28.7%", "28,506.17 万元", 1);
        let text = text.replacen("人员支出 58,486.35 万元", "人员支出 58,586.35 万元", 1);
        assert!(findings_of(&text, "narrative.parts-sum-mismatch")
            .iter()
            .all(|f| f.severity == crate::Severity::Info));
    }
}
