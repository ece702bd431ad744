use super::detail_item_mismatch::Binding;
use super::term_label;
use crate::declare_rule;
use crate::diagnostic::{Finding, Severity};
use crate::rules::view::row_name;
use crate::rules::{Context, Sink};

declare_rule! {
    /// 一般公共预算财政拨款支出决算“具体情况”逐项说明时漏了公开05表中有金额的项。
    ///
    /// 模板要求按项级科目逐项说明年初预算数、支出决算数、完成比例及差异原因；公开05表中
    /// 支出不为零的项都应说明。只在说明中的每一项都能对应到公开05表的某一行时才核对（对应
    /// 不确定时不报告）。这是提示性的检查。
    ///
    /// 例：公开05表有 2010301 行政运行、2019999 其他一般公共服务支出、2069999 其他科学技术
    /// 支出三项，说明只写了前两项。修正：补充漏掉的项。
    ///
    /// The detail section (具体情况) leaves out a 项 that has spending in table 05. Checked only
    /// when every item the text gives could be tied to a row.
    pub static DETAIL_ITEM_MISSING = Rule {
        id: "narrative.detail-item-missing",
        family: Narrative,
        severity: Warning,
        summary: "说明逐项情况漏了公开05表中有金额的项",
        summary_en: "The detail section leaves out a 项 with spending in table 05",
        run: Some(check),
    };
}

fn check(ctx: &Context, sink: &mut Sink) {
    let n = ctx.narrative();
    let Some(d) = ctx.detail() else { return };
    if d.items.is_empty() || d.items.iter().any(|i| i.binding == Binding::Unbound) {
        return;
    }
    let missing = d.missing();
    if missing.is_empty() {
        return;
    }
    let names: Vec<String> = missing
        .iter()
        .map(|&r| format!("{} {}", row_name(d.rows[r].0), d.rows[r].1.shown()))
        .collect();
    let fig = n.figs[d.first].f;
    let location = fig
        .section
        .and_then(|s| ctx.doc.sections.get(s))
        .map(|s| s.location)
        .unwrap_or(fig.location);
    let zh = format!(
        "说明逐项解释财政拨款支出决算时，没有说明公开05表中有金额的{}",
        names.join("、")
    );
    let en = format!(
        "the detail section does not cover the 项 of table 05 with spending: {}",
        names.join(", ")
    );
    let mut f = Finding::new(sink.rule().id, Severity::Warning, location, zh, en);
    f.related = missing
        .iter()
        .map(|&r| term_label(ctx.doc, &d.rows[r].1))
        .collect();
    f.set_help(
        "按公开05表的项级科目逐项说明年初预算数、支出决算数及差异原因。",
        "For each 项-level item of table 05, give the budget at the start of the year, the actual spending and the reason for any difference.",
    );
    sink.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings_of;

    const SAMPLE: &str = include_str!("../../../tests/fixtures/samples/000.txt");
    const ID: &str = "narrative.detail-item-missing";

    #[test]
    fn the_sample_covers_every_item() {
        assert!(findings_of(SAMPLE, ID).is_empty());
    }

    #[test]
    fn a_left_out_item_is_found() {
        let start = SAMPLE.find("3、科学技术支出（类）").unwrap();
        let end = SAMPLE[start..].find("## **六、").unwrap() + start;
        let text = format!("{}{}", &SAMPLE[..start], &SAMPLE[end..]);
        let f = findings_of(&text, ID);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(f[0].message.contains("2069999"), "{}", f[0].message);
    }
}
