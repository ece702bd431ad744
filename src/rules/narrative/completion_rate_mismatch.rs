use super::Narrative;
use super::{fig_label, section_name, shown};
use crate::declare_rule;
use crate::diagnostic::Severity;
use crate::rules::{Context, Sink};
use crate::text::Has;
use crate::tolerance::{check_percent, Verdict};

declare_rule! {
    /// “年初预算为B万元，支出决算为A万元，完成年初预算的r%”中 r ≠ A ÷ B。适用于一般公共
    /// 预算财政拨款支出的总数和各项、“三公”经费的总数和各项，以及其他“预算…决算…完成…%”
    /// 的句子。
    ///
    /// 比例按尾数误差规则判断。年初预算为 0 时不能计算完成率，见
    /// `narrative.rate-on-zero-budget`。
    ///
    /// Example: “年初预算数为102.57万元，支出决算数为105.8万元，完成年初预算的100%” —
    /// 105.8 ÷ 102.57 = 103.15%.
    ///
    /// A stated completion rate ("完成年初预算的r%") is not the actual amount divided by the
    /// budget stated in the same sentence.
    pub static COMPLETION_RATE_MISMATCH = Rule {
        id: "narrative.completion-rate-mismatch",
        family: Narrative,
        severity: Error,
        summary: "完成预算的比例与预算数、决算数不符",
        summary_en: "A completion rate does not match the budget and actual amounts",
        run: Some(check),
    };
}

/// A budget and an actual amount stated together, and the completion rate if one is stated.
#[derive(Debug, Clone, Copy)]
pub struct Execution {
    pub budget: usize,
    pub actual: usize,
    pub rate: Option<usize>,
}

fn is_budget_key(key: &str) -> bool {
    key.has("预算") && !key.has("决算") && !key.has("完成")
}

fn is_actual_key(key: &str) -> bool {
    (key.has("决算") || key.has("实际支出") || key.has("执行数")) && !key.has("完成")
}

/// True for a completion-rate percentage ("完成年初预算的", "预算完成率").
pub fn is_rate_key(key: &str) -> bool {
    (key.has("完成") && (key.has("预算") || key.has("率")))
        || key.ends_with("执行率")
        || key.ends_with("执行率为")
}

/// Every budget/actual pair of the narrative: an amount whose subject speaks of a budget
/// followed, in the same sentence, by one that speaks of the actual amount.
pub fn executions(n: &Narrative) -> Vec<Execution> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < n.figs.len() {
        let b = &n.figs[i];
        if !(b.is_amount() && !b.is_change() && is_budget_key(&b.key)) {
            i += 1;
            continue;
        }
        let range = n.sentence_of(i);
        let Some(a) = (i + 1..range.end).find(|&k| n.figs[k].is_amount()) else {
            i += 1;
            continue;
        };
        let af = &n.figs[a];
        if af.is_change() || !is_actual_key(&af.key) {
            i += 1;
            continue;
        }
        let rate = (a + 1..range.end)
            .next()
            .filter(|&k| n.figs[k].is_percent() && is_rate_key(&n.figs[k].key));
        out.push(Execution {
            budget: i,
            actual: a,
            rate,
        });
        i = a + 1;
    }
    out
}

fn check(ctx: &Context, sink: &mut Sink) {
    let n = ctx.narrative();
    for &e in n.executions() {
        let Some(r) = e.rate else { continue };
        let (bf, af, rf) = (n.figs[e.budget].f, n.figs[e.actual].f, n.figs[r].f);
        let (Some(a), Some(b)) = (
            n.figs[e.actual].approx_yuan(),
            n.figs[e.budget].approx_yuan(),
        ) else {
            continue;
        };
        let Some(c) = check_percent(rf.value, rf.decimals, a, b) else {
            continue;
        };
        if c.verdict != Verdict::Breaks {
            continue;
        }
        let zh = format!(
            "说明“{}”中完成预算的比例写为{}，按决算数{}÷预算数{}计算应为{}%",
            section_name(n.doc, rf),
            shown(rf),
            shown(af),
            shown(bf),
            c.expected.normalize()
        );
        let en = format!(
            "the narrative states a completion rate of {}, but actual {} / budget {} = {}%",
            shown(rf),
            shown(af),
            shown(bf),
            c.expected.normalize()
        );
        let mut f = super::percent_finding(sink.rule().id, Severity::Error, rf, &c, zh, en);
        f.related.push(fig_label(n.doc, bf));
        f.related.push(fig_label(n.doc, af));
        sink.push(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings_of;

    const SAMPLE: &str = include_str!("../../../tests/fixtures/samples/000.txt");

    #[test]
    fn the_sample_rates() {
        let f = findings_of(SAMPLE, "narrative.completion-rate-mismatch");
        let got: Vec<(u32, String)> = f
            .iter()
            .map(|f| (f.location.line, f.expected.unwrap().to_string()))
            .collect();
        assert_eq!(
            got,
            vec![
                (394, "103.15".to_string()),
                (398, "102.91".to_string()),
                (406, "70.00".to_string())
            ],
            "{f:#?}"
        );
    }

    #[test]
    fn right_rates_pass() {
        let text = SAMPLE
            .replace(
                "支出决算数为105.8万元，完成年初预算的100%",
                "支出决算数为105.8万元，完成年初预算的103.15%",
            )
            .replace(
                "支出决算为100.41万元，完成年初预算的100%",
                "支出决算为100.41万元，完成年初预算的102.91%",
            )
            .replace(
                "支出决算为3.5万元，完成年初预算的100%",
                "支出决算为3.5万元，完成年初预算的70%",
            );
        let f = findings_of(&text, "narrative.completion-rate-mismatch");
        assert!(f.is_empty(), "{f:#?}");
    }
}
