use super::{fig_label, section_name, shown, Prose};
use crate::declare_rule;
use crate::diagnostic::{Finding, Severity};
use crate::rules::{Context, Sink};
use crate::text::Has;
use crate::tolerance::{self, Verdict};
use rust_decimal::Decimal;

declare_rule! {
    /// 说明用文字比较决算数与预算数（“大于”“小于”“等于”“基本持平”），而所写的两个数字并非
    /// 如此。“大于/超过”要求决算数大于预算数，“小于/低于”要求小于，“等于/一致”要求两数相同
    /// （尾数误差以内），“基本持平”要求相差不超过预算数的 5%；相差超过 10% 仍写“基本持平”
    /// 报为错误，5%–10% 报为警告（“基本持平”的界限是口径问题）。
    ///
    /// Example: “年初预算为5万元，支出决算为3.5万元，…决算数与年初预算数基本持平” —
    /// 3.5 比 5 少 30%，不是基本持平。
    ///
    /// The words comparing the actual amount with the budget (大于, 小于, 等于, 基本持平)
    /// contradict the two figures stated; "基本持平" allows a 5 % difference (over 10 % is an
    /// error, 5–10 % a warning).
    pub static WORDING_CONTRADICTS_NUMBERS = Rule {
        id: "narrative.wording-contradicts-numbers",
        family: Narrative,
        severity: Error,
        summary: "说明的比较用语与数字矛盾",
        summary_en: "Comparison wording contradicts the figures",
        run: Some(check),
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Claim {
    More,
    Less,
    Equal,
    RoughlyEqual,
}

fn claim_of(clause: &str) -> Option<(Claim, &'static str)> {
    if !(clause.has("决算") && clause.has("预算")) {
        return None;
    }
    const WORDS: &[(&str, Claim)] = &[
        ("基本持平", Claim::RoughlyEqual),
        ("基本一致", Claim::RoughlyEqual),
        ("基本相当", Claim::RoughlyEqual),
        ("持平", Claim::RoughlyEqual),
        ("大于", Claim::More),
        ("高于", Claim::More),
        ("超过", Claim::More),
        ("超出", Claim::More),
        ("多于", Claim::More),
        ("小于", Claim::Less),
        ("低于", Claim::Less),
        ("少于", Claim::Less),
        ("等于", Claim::Equal),
        ("相等", Claim::Equal),
        ("一致", Claim::Equal),
    ];
    WORDS
        .iter()
        .find(|(w, _)| clause.has(w))
        .map(|(w, c)| (*c, *w))
}

fn check(ctx: &Context, sink: &mut Sink) {
    let n = ctx.narrative();
    let prose = Prose::new(ctx.doc);
    for &e in n.executions() {
        let last = e.rate.unwrap_or(e.actual);
        let (bf, af) = (n.figs[e.budget].f, n.figs[e.actual].f);
        // The words after the pair, up to the next figure (a claim after it is about that).
        let end = n.figs[last].f.location.span.end;
        let mut rest = prose.rest_of_sentence(end, 200);
        if let Some(next) = n.figs.get(last + 1) {
            let upto = prose.between(end, next.f.location.span.start);
            if upto.len() < rest.len() {
                rest = upto;
            }
        }
        if let Some(p) = rest.find("其中") {
            rest.truncate(p);
        }
        let Some((claim, word)) = rest.split(['，', '；', ',', ';']).find_map(claim_of) else {
            continue;
        };
        let (Some(a), Some(b)) = (
            n.figs[e.actual].approx_yuan(),
            n.figs[e.budget].approx_yuan(),
        ) else {
            continue;
        };
        let diff = a.value - b.value;
        let allowance = a.half + b.half;
        let same = tolerance::judge(diff, allowance) != Verdict::Breaks;
        let (wrong, severity) = match claim {
            Claim::More => (same || diff < Decimal::ZERO, Severity::Error),
            Claim::Less => (same || diff > Decimal::ZERO, Severity::Error),
            Claim::Equal => (!same, Severity::Error),
            Claim::RoughlyEqual => {
                if same {
                    (false, Severity::Info)
                } else if b.value.is_zero() {
                    (true, Severity::Error)
                } else {
                    let dev = (diff.abs() - allowance).max(Decimal::ZERO);
                    let ratio = dev.checked_div(b.value.abs()).unwrap_or(Decimal::ONE);
                    if ratio > Decimal::new(10, 2) {
                        (true, Severity::Error)
                    } else if ratio > Decimal::new(5, 2) {
                        (true, Severity::Warning)
                    } else {
                        (false, Severity::Info)
                    }
                }
            }
        };
        if !wrong {
            continue;
        }
        let pct = if b.value.is_zero() {
            String::new()
        } else {
            diff.checked_mul(Decimal::ONE_HUNDRED)
                .and_then(|d| d.checked_div(b.value))
                .map(|r| {
                    format!(
                        "（{}{}%）",
                        if r > Decimal::ZERO { "+" } else { "" },
                        tolerance::round(r, 2).normalize()
                    )
                })
                .unwrap_or_default()
        };
        let zh = format!(
            "说明“{}”写决算数与预算数“{}”，但预算数为{}、决算数为{}{}",
            section_name(n.doc, af),
            word,
            shown(bf),
            shown(af),
            pct
        );
        let en = format!(
            "the narrative says the actual amount is \"{}\" the budget, but budget {} and actual {}{}",
            word,
            shown(bf),
            shown(af),
            pct
        );
        let mut f = Finding::new(sink.rule().id, severity, af.location, zh, en);
        f.stated = Some(af.value);
        f.expected = Some(bf.value);
        f.related.push(fig_label(n.doc, bf));
        sink.push(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings_of;

    const SAMPLE: &str = include_str!("../../../tests/fixtures/samples/000.txt");

    #[test]
    fn the_sample_roughly_equal_for_minus_thirty_percent() {
        let f = findings_of(SAMPLE, "narrative.wording-contradicts-numbers");
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].location.line, 406);
        assert_eq!(f[0].severity, crate::Severity::Error);
    }

    #[test]
    fn more_for_less_is_found() {
        let text = SAMPLE.replace(
            "决算数大于年初预算数的主要原因",
            "决算数小于年初预算数的主要原因",
        );
        let f = findings_of(&text, "narrative.wording-contradicts-numbers");
        assert!(f.iter().any(|f| f.location.line == 402), "{f:#?}");
    }
}
