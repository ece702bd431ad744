use super::{fig_label, section_name, shown};
use crate::declare_rule;
use crate::diagnostic::{Finding, Severity};
use crate::rules::{Context, Sink};

declare_rule! {
    /// 年初预算为 0 却写了“完成年初预算的X%”。预算为零时完成率没有意义（任何决算数除以 0
    /// 都无法得出比例），应改为说明“年初未安排预算，决算数为…，主要原因是…”。
    ///
    /// Example: “年初预算为0万元，支出决算为1.89万元，完成年初预算的100%”。
    ///
    /// A completion rate is stated against a zero budget; no rate can be computed, the text
    /// should say that the item had no budget and explain the spending.
    pub static RATE_ON_ZERO_BUDGET = Rule {
        id: "narrative.rate-on-zero-budget",
        family: Narrative,
        severity: Error,
        summary: "年初预算为零却写了完成率",
        summary_en: "A completion rate is stated against a zero budget",
        run: Some(check),
    };
}

fn check(_ctx: &Context, sink: &mut Sink) {
    let n = _ctx.narrative();
    for &e in n.executions() {
        let Some(r) = e.rate else { continue };
        let (bf, af, rf) = (n.figs[e.budget].f, n.figs[e.actual].f, n.figs[r].f);
        if !bf.value.is_zero() {
            continue;
        }
        // 0 against 0 reads as "nothing budgeted, nothing spent"; "0%" or "100%" there is
        // harmless wording.
        if af.value.is_zero() {
            continue;
        }
        let zh = format!(
            "说明“{}”中年初预算为{}，却写“完成年初预算的{}”：预算为零时无法计算完成率",
            section_name(n.doc, rf),
            shown(bf),
            shown(rf)
        );
        let en = format!(
            "the narrative states a completion rate of {} against a budget of {}: no rate exists",
            shown(rf),
            shown(bf)
        );
        let mut f = Finding::new(sink.rule().id, Severity::Error, rf.location, zh, en);
        f.stated = Some(rf.value);
        f.related.push(fig_label(n.doc, bf));
        f.related.push(fig_label(n.doc, af));
        f.set_help(
            "删去完成率，改为说明年初未安排预算及支出的原因。",
            "Remove the completion rate; explain instead why nothing was budgeted at the start of the year and why money was spent anyway.",
        );
        sink.push(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings_of;

    const SAMPLE: &str = include_str!("../../../tests/fixtures/samples/000.txt");

    #[test]
    fn the_sample_zero_budget() {
        let f = findings_of(SAMPLE, "narrative.rate-on-zero-budget");
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].location.line, 402);
    }
}
