use super::full_score_with_shortfall::states_shortfall;
use super::{score_finding, scored, sheets, Scored};
use crate::declare_rule;
use crate::rules::{Context, Sink};

declare_rule! {
    /// 绩效指标扣了分，偏差原因分析及改进措施栏却是空的。
    ///
    /// 自评表要求对未达成目标的指标说明偏差原因并提出改进措施（财预〔2020〕10号）。只核对
    /// 有“偏差原因”栏的表。
    ///
    /// 例：社会效益指标分值 15、得分 14，偏差原因栏空白。修正：写明偏差原因与改进措施。
    ///
    /// An indicator lost points but its deviation (偏差原因分析及改进措施) column is empty.
    /// Only tables with such a column are checked. Explain the deviation and the remedy.
    pub static DEDUCTION_UNEXPLAINED = Rule {
        id: "perf.deduction-unexplained",
        family: Perf,
        severity: Warning,
        summary: "扣分指标未说明偏差原因",
        summary_en: "A deduction without a stated reason",
        run: Some(check),
    };
}

fn check(ctx: &Context, sink: &mut Sink) {
    for sheet in sheets(ctx) {
        // Only tables where some indicator fills the column: the column exists and is used.
        if !sheet.indicators.iter().any(|i| !i.reason.is_empty()) {
            continue;
        }
        for Scored {
            indicator: ind,
            points: p,
            score: s,
            pv,
            sv,
        } in scored(sheet)
        {
            if sv >= pv || !ind.reason.is_empty() || states_shortfall(&ind.target) {
                continue;
            }
            let name = ind.name();
            let mut f = score_finding(
                &DEDUCTION_UNEXPLAINED,
                sheet,
                name,
                s.location,
                sv,
                format!(
                    "{}指标“{}”得分{}低于分值{}，但未说明偏差原因",
                    sheet.name,
                    name,
                    sv.normalize(),
                    pv.normalize()
                ),
                format!(
                    "{}: indicator “{}” scores {} of {} without a stated reason",
                    sheet.name,
                    name,
                    sv.normalize(),
                    pv.normalize()
                ),
            );
            f.related.push(super::points_label(p.location, pv));
            f.set_help(
                "在偏差原因分析及改进措施栏写明扣分原因与改进措施。",
                "Give the reason for the deduction and the planned improvements in the deviation analysis and improvement column (偏差原因分析及改进措施).",
            );
            sink.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::perf::testing::PROJECT;
    use crate::rules::testing::findings_of;

    const ID: &str = "perf.deduction-unexplained";

    #[test]
    fn an_explained_deduction_passes() {
        assert!(findings_of(PROJECT, ID).is_empty());
    }

    #[test]
    fn an_unexplained_deduction_is_found() {
        let text = PROJECT
            .replace(
                "营商环境\t不断提升\t不断提升\t15\t15",
                "营商环境\t不断提升\t基本完成\t15\t13",
            )
            .replace("100\t98.5", "100\t96.5");
        let f = findings_of(&text, ID);
        assert_eq!(f.len(), 1, "{f:#?}");
    }
}
