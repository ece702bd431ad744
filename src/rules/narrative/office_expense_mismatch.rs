use super::bind::{resolve, Quantity};
use super::{section_name, shown, term_label, terms_approx, Topic};
use crate::declare_rule;
use crate::diagnostic::{Finding, Severity};
use crate::rules::{Context, Sink};
use crate::text::Has;
use crate::tolerance::{self, Verdict};

declare_rule! {
    /// 说明中的机关运行经费与公开06表的公用经费合计不相容。机关运行经费是行政单位（含参公
    /// 事业单位）一般公共预算财政拨款基本支出中的公用经费，所以它不会大于公用经费合计；
    /// 公用经费不为零而机关运行经费写为 0，多半是漏填（若本单位不是行政或参公单位，应写明
    /// “不涉及”）。只是提示，需要结合单位性质判断。
    ///
    /// Example: “机关运行经费支出0万元” while 公开06表 公用经费合计 is 13.97 万元.
    ///
    /// The 机关运行经费 stated in the narrative cannot be right given table 06's 公用经费:
    /// it is larger than 公用经费, or zero while 公用经费 is not.
    pub static OFFICE_EXPENSE_MISMATCH = Rule {
        id: "narrative.office-expense-mismatch",
        family: Narrative,
        severity: Warning,
        summary: "机关运行经费与公用经费不相容",
        summary_en: "The 机关运行经费 figure is incompatible with 公用经费",
        run: Some(check),
    };
}

fn check(ctx: &Context, sink: &mut Sink) {
    let n = ctx.narrative();
    let Some(cells) = resolve(ctx, &Quantity::PublicUse) else {
        return;
    };
    let Some(public) = terms_approx(&cells) else {
        return;
    };
    for (i, fig) in n.figs.iter().enumerate() {
        if fig.topic != Topic::OfficeExpense
            || !fig.is_amount()
            || fig.is_change()
            || !fig.key.has("机关运行经费")
        {
            continue;
        }
        let Some(x) = fig.approx_yuan() else { continue };
        let allowance = x.half + public.half;
        let verdict = tolerance::judge(x.value - public.value, allowance);
        let zero = x.value.is_zero() && !public.value.is_zero();
        let larger = x.value > public.value && verdict == Verdict::Breaks;
        if !(zero || larger) {
            continue;
        }
        let f0 = fig.f;
        let public_shown = super::in_unit_of(public.value, f0);
        let (zh, en) = if zero {
            (
                format!(
                    "说明“{}”中机关运行经费写为{}，而公开06表公用经费合计为{}",
                    section_name(n.doc, f0),
                    shown(f0),
                    public_shown
                ),
                format!(
                    "the narrative gives 机关运行经费 as {} while table 06 公用经费 totals {}",
                    shown(f0),
                    public_shown
                ),
            )
        } else {
            (
                format!(
                    "说明“{}”中机关运行经费{}大于公开06表公用经费合计{}",
                    section_name(n.doc, f0),
                    shown(f0),
                    public_shown
                ),
                format!(
                    "the narrative's 机关运行经费 {} exceeds table 06 公用经费 {}",
                    shown(f0),
                    public_shown
                ),
            )
        };
        let mut f = Finding::new(sink.rule().id, Severity::Warning, f0.location, zh, en);
        f.stated = Some(f0.value);
        f.related = cells.iter().map(|t| term_label(ctx.doc, t)).collect();
        f.set_help(
            "行政单位和参公事业单位的机关运行经费即一般公共预算财政拨款基本支出中的公用经费；非行政、参公单位应写明不涉及。",
            "For administrative units and public institutions run like them (参公), 机关运行经费 is the 公用经费 within the basic expenditure of general public budget appropriations; other units should state that it does not apply.",
        );
        sink.push(f);
        let _ = i;
        break;
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings_of;

    const SAMPLE: &str = include_str!("../../../tests/fixtures/samples/000.txt");

    #[test]
    fn the_sample_zero_office_expense() {
        let f = findings_of(SAMPLE, "narrative.office-expense-mismatch");
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].location.line, 450);
    }

    #[test]
    fn equal_to_public_use_passes() {
        let text = SAMPLE.replace("机关运行经费支出0万元", "机关运行经费支出13.97万元");
        assert!(findings_of(&text, "narrative.office-expense-mismatch").is_empty());
    }
}
