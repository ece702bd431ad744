use super::Narrative;
use super::{fig_label, section_name, shown};
use crate::declare_rule;
use crate::diagnostic::{Finding, Severity};
use crate::rules::{Context, Identity, Sink};
use crate::text::Has;
use crate::tolerance::{check_percent, Approx, Verdict};
use rust_decimal::Decimal;

declare_rule! {
    /// “与上年相比增加/减少Δ万元，增长/下降p%”与本年金额不符。上年数 = 本年数 ∓ Δ，
    /// p 应等于 Δ ÷ 上年数；增减的方向词也要一致（“增加…下降…”自相矛盾）。说明同时写出上年
    /// （去年）数时，Δ 应等于本年数与上年数之差。
    ///
    /// 比例按尾数误差规则判断（本年数与 Δ 各自的四舍五入区间都计入）；上年数为零时增长率
    /// 无意义，不核对。
    ///
    /// Example: “收、支总计117万元。与上年相比，减少2251.77万元，下降95.06%” —
    /// 2251.77 ÷ (117 + 2251.77) = 95.06%, consistent.
    ///
    /// A year-on-year change does not add up: with prior = current ∓ Δ, the stated rate must be
    /// Δ / prior, the direction words must agree, and a stated last-year figure must differ from
    /// the current one by Δ.
    pub static CHANGE_MISMATCH = Rule {
        id: "narrative.change-mismatch",
        family: Narrative,
        severity: Error,
        summary: "说明中的增减额、增减率与金额不符",
        summary_en: "A stated year-on-year change does not match the amounts",
        run: Some(check),
    };
}

/// +1 for an increase, −1 for a decrease, 0 when the words say neither or both.
pub fn direction(key: &str) -> i8 {
    // A word is looked for only where one of the words' first characters is.
    let (mut up, mut down) = (false, false);
    for (i, c) in key.char_indices() {
        if !matches!(c, '增' | '上' | '提' | '减' | '下' | '降' | '节' | '压') {
            continue;
        }
        let rest = &key[i..];
        up = up
            || ["增加", "增长", "上升", "提高", "增幅"]
                .iter()
                .any(|w| rest.starts_with(w));
        down = down
            || ["减少", "下降", "降低", "节约", "压减", "减幅", "下降了"]
                .iter()
                .any(|w| rest.starts_with(w));
    }
    match (up, down) {
        (true, false) => 1,
        (false, true) => -1,
        _ => 0,
    }
}

/// A subject that introduces last year's figure ("去年预算数为", "上年决算数").
fn is_last_year(key: &str) -> bool {
    (key.has("去年") || key.has("上年"))
        && (key.ends_with('为') || key.ends_with('数') || key.ends_with("是"))
        && !["增", "减", "降", "长", "升"].iter().any(|w| key.has(w))
}

/// A subject that names last year's figure anywhere in it, without a change word ("上年为",
/// "比上年决算数", "较去年的"); not a balance brought forward (上年结转).
fn names_last_year(key: &str) -> bool {
    (key.has("去年") || key.has("上年"))
        && !key.has("结转")
        && !key.has("结余")
        && direction(key) == 0
        && !["增", "减", "降", "长", "升", "持平"]
            .iter()
            .any(|w| key.has(w))
}

/// "本年X万元，上年L万元，增长p%": a rate stated against an explicit last-year figure without
/// a change amount.
fn rate_against_last_year(n: &Narrative, sink: &mut Sink) {
    for p in 0..n.figs.len() {
        let pf = &n.figs[p];
        if !pf.is_percent() || pf.key.contains('占') || pf.key.has("完成") {
            continue;
        }
        let dir = direction(&pf.key);
        if dir == 0 || p == 0 {
            continue;
        }
        let l = p - 1;
        if n.figs[l].sentence != pf.sentence
            || !n.figs[l].is_amount()
            || !names_last_year(&n.figs[l].key)
        {
            continue;
        }
        // The current amount: the nearest amount before, in this sentence or the one before.
        let Some(x) = (0..l).rev().find(|&k| n.figs[k].is_amount()).filter(|&k| {
            !n.figs[k].is_change()
                && n.section(k) == n.section(l)
                && n.figs[k].sentence + 1 >= n.figs[l].sentence
        }) else {
            continue;
        };
        let (Some(xa), Some(la)) = (n.figs[x].approx_yuan(), n.figs[l].approx_yuan()) else {
            continue;
        };
        if la.value <= Decimal::ZERO {
            continue;
        }
        let diff = Approx {
            value: (xa.value - la.value).abs(),
            half: xa.half + la.half,
        };
        let Some(c) = check_percent(pf.f.value, pf.f.decimals, diff, la) else {
            continue;
        };
        let actual_dir = match xa.value.cmp(&la.value) {
            std::cmp::Ordering::Greater => 1,
            std::cmp::Ordering::Less => -1,
            std::cmp::Ordering::Equal => 0,
        };
        let wrong_way = actual_dir != 0 && actual_dir != dir && diff.value > diff.half;
        if c.verdict != Verdict::Breaks && !wrong_way {
            continue;
        }
        let (xf, lf) = (n.figs[x].f, n.figs[l].f);
        let zh = format!(
            "说明“{}”中增减率写为“{}{}”，按本年{}与上年{}计算应为{}{}%",
            section_name(n.doc, pf.f),
            pf.f.subject,
            shown(pf.f),
            shown(xf),
            shown(lf),
            if actual_dir < 0 { "下降" } else { "增长" },
            c.expected.normalize()
        );
        let en = format!(
            "the narrative states a change of \"{}{}\", but this year {} against last year {} is {}{}%",
            pf.f.subject,
            shown(pf.f),
            shown(xf),
            shown(lf),
            if actual_dir < 0 { "−" } else { "+" },
            c.expected.normalize()
        );
        let mut f = super::percent_finding(sink.rule().id, Severity::Error, pf.f, &c, zh, en);
        f.related.push(fig_label(n.doc, xf));
        f.related.push(fig_label(n.doc, lf));
        sink.push(f);
    }
}

fn check(ctx: &Context, sink: &mut Sink) {
    let n = ctx.narrative();
    rate_against_last_year(n, sink);
    for d in 0..n.figs.len() {
        let delta = &n.figs[d];
        if !delta.is_amount() || direction(&delta.key) == 0 {
            continue;
        }
        let dir = direction(&delta.key);
        let range = n.sentence_of(d);
        // The current amount: the nearest amount before Δ, in this sentence or the one before,
        // of the same section.
        let Some(x) = (0..d).rev().find(|&k| {
            n.figs[k].is_amount() && n.section(k) == n.section(d) && !n.figs[k].is_change()
        }) else {
            continue;
        };
        if n.figs[x].sentence + 1 < delta.sentence {
            continue;
        }
        // A last-year figure between the current amount and Δ ("上年为2368.77万元，减少…",
        // "比上年决算数2368.77万元减少…"); any other change figure there breaks the chain.
        let between: Vec<usize> = (x + 1..d)
            .filter(|&k| n.figs[k].is_amount() && n.figs[k].is_change())
            .collect();
        let before = match between.as_slice() {
            [] => None,
            [l] if names_last_year(&n.figs[*l].key) => Some(*l),
            _ => continue,
        };
        // Or one stated after Δ ("去年预算数为0万元").
        let after = || {
            (d + 1..range.end).find(|&k| {
                let g = &n.figs[k];
                g.is_amount() && g.clause <= delta.clause + 1 && is_last_year(&g.key)
            })
        };
        if let Some(l) = before.or_else(after) {
            let terms = |k: usize| ctx.view.figure_term(n.figs[k].f);
            let sign = if dir > 0 { 1 } else { -1 };
            sink.identity(Identity::signed(
                terms(x),
                vec![(1, terms(l)), (sign, terms(d))],
                "上年数与增减额之和",
                "last year's figure plus the change",
            ));
        }
        // The rate: the next figure, a percentage of a change (or bare, in brackets).
        let Some(p) = (d + 1..range.end)
            .next()
            .filter(|&k| n.figs[k].is_percent())
        else {
            continue;
        };
        let pf = &n.figs[p];
        if pf.key.contains('占') || pf.key.has("完成") || pf.key.has("执行") {
            continue;
        }
        let pdir = if pf.key.is_empty() {
            dir
        } else {
            direction(&pf.key)
        };
        if pdir == 0 {
            continue;
        }
        let (Some(xa), Some(da)) = (n.figs[x].approx_yuan(), delta.approx_yuan()) else {
            continue;
        };
        if pdir != dir && !da.value.is_zero() {
            let zh = format!(
                "说明“{}”中增减额写为“{}{}”，增减率却写为“{}{}”，方向相反",
                section_name(n.doc, pf.f),
                delta.f.subject,
                shown(delta.f),
                pf.f.subject,
                shown(pf.f)
            );
            let en = format!(
                "the narrative gives the change as \"{}{}\" but the rate as \"{}{}\": opposite directions",
                delta.f.subject,
                shown(delta.f),
                pf.f.subject,
                shown(pf.f)
            );
            let mut f = Finding::new(sink.rule().id, Severity::Error, pf.f.location, zh, en);
            f.related.push(fig_label(n.doc, delta.f));
            sink.push(f);
            continue;
        }
        let prior = Approx {
            value: if dir > 0 {
                xa.value - da.value
            } else {
                xa.value + da.value
            },
            half: xa.half + da.half,
        };
        if prior.value <= Decimal::ZERO {
            continue;
        }
        let Some(c) = check_percent(pf.f.value, pf.f.decimals, da, prior) else {
            continue;
        };
        if c.verdict != Verdict::Breaks {
            continue;
        }
        let xf = n.figs[x].f;
        let prior_shown = super::in_unit_of(prior.value, delta.f);
        let zh = format!(
            "说明“{}”中增减率写为{}，按增减额{}÷上年数{}（本年{}{}{}）计算应为{}%",
            section_name(n.doc, pf.f),
            shown(pf.f),
            shown(delta.f),
            prior_shown,
            shown(xf),
            if dir > 0 { "−" } else { "+" },
            shown(delta.f),
            c.expected.normalize()
        );
        let en = format!(
            "the narrative states a change of {}, but {} / {} (last year = {} {} {}) = {}%",
            shown(pf.f),
            shown(delta.f),
            prior_shown,
            shown(xf),
            if dir > 0 { "−" } else { "+" },
            shown(delta.f),
            c.expected.normalize()
        );
        let mut f = super::percent_finding(sink.rule().id, Severity::Error, pf.f, &c, zh, en);
        f.related.push(fig_label(n.doc, xf));
        f.related.push(fig_label(n.doc, delta.f));
        sink.push(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings_of;
    use crate::text::Has;

    /// [`super::direction`] as it read before looking only at the words' first characters.
    fn direction_by_search(key: &str) -> i8 {
        let up = ["增加", "增长", "上升", "提高", "增幅"]
            .iter()
            .any(|w| key.has(w));
        let down = ["减少", "下降", "降低", "节约", "压减", "减幅", "下降了"]
            .iter()
            .any(|w| key.has(w));
        match (up, down) {
            (true, false) => 1,
            (false, true) => -1,
            _ => 0,
        }
    }

    #[test]
    fn direction_reads_the_change_words() {
        for key in [
            "",
            "比上年增加",
            "较上年减少",
            "增长下降",
            "上年结转",
            "同比下降了",
            "提高",
            "节约压减",
            "增幅减幅",
            "上升",
            "增减变动",
            "é增😀加减少",
            "下",
            "增",
        ] {
            assert_eq!(super::direction(key), direction_by_search(key), "{key}");
        }
        let sample = include_str!("../../../tests/fixtures/samples/000.txt");
        for line in sample.lines() {
            assert_eq!(super::direction(line), direction_by_search(line), "{line}");
        }
    }

    const SAMPLE: &str = include_str!("../../../tests/fixtures/samples/000.txt");

    #[test]
    fn the_sample_changes_hold() {
        let f = findings_of(SAMPLE, "narrative.change-mismatch");
        assert!(f.is_empty(), "{f:#?}");
    }

    #[test]
    fn a_wrong_rate_is_found() {
        let text = SAMPLE.replace("减少2251.77万元，下降95.06%", "减少2251.77万元，下降85.06%");
        let f = findings_of(&text, "narrative.change-mismatch");
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].expected.unwrap().to_string(), "95.06");
        assert_eq!(f[0].location.line, 368);
    }

    #[test]
    fn opposite_words_are_found() {
        let text = SAMPLE.replace("减少2251.77万元，下降95.06%", "减少2251.77万元，增长95.06%");
        let f = findings_of(&text, "narrative.change-mismatch");
        assert_eq!(f.len(), 1, "{f:#?}");
    }

    #[test]
    fn a_last_year_figure_before_the_change_is_checked() {
        let text = SAMPLE.replace(
            "与上年相比，减少2251.77万元，下降95.06%",
            "上年为2300万元，减少2251.77万元，下降95.06%",
        );
        let f = findings_of(&text, "narrative.change-mismatch");
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].location.line, 368);
        let ok = SAMPLE.replace(
            "与上年相比，减少2251.77万元，下降95.06%",
            "比上年决算数2368.77万元减少2251.77万元，下降95.06%",
        );
        let f = findings_of(&ok, "narrative.change-mismatch");
        assert!(f.is_empty(), "{f:#?}");
    }

    #[test]
    fn a_rate_against_a_stated_last_year_figure() {
        let ok = SAMPLE.replace(
            "与上年相比，减少2251.77万元，下降95.06%",
            "上年为2368.77万元，下降95.06%",
        );
        assert!(findings_of(&ok, "narrative.change-mismatch").is_empty());
        let text = SAMPLE.replace(
            "与上年相比，减少2251.77万元，下降95.06%",
            "上年为2368.77万元，下降85.06%",
        );
        let f = findings_of(&text, "narrative.change-mismatch");
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].expected.unwrap().to_string(), "95.06");
        let text = SAMPLE.replace(
            "与上年相比，减少2251.77万元，下降95.06%",
            "上年为2368.77万元，增长95.06%",
        );
        assert_eq!(findings_of(&text, "narrative.change-mismatch").len(), 1);
    }

    #[test]
    fn a_stated_last_year_figure_is_checked() {
        let text = SAMPLE.replace(
            "减少2251.77万元，下降95.06%",
            "减少2251.77万元，上年收支总计为2300万元",
        );
        let f = findings_of(&text, "narrative.change-mismatch");
        assert_eq!(f.len(), 1, "{f:#?}");
        let ok = SAMPLE.replace(
            "减少2251.77万元，下降95.06%",
            "减少2251.77万元，上年收支总计为2368.77万元",
        );
        assert!(findings_of(&ok, "narrative.change-mismatch").is_empty());
    }
}
