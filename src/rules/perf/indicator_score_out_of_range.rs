use super::{score_finding, scored, sheets, Scored};
use crate::declare_rule;
use crate::rules::{Context, Sink};
use rust_decimal::Decimal;

declare_rule! {
    /// 绩效指标的得分超过其分值，或为负数。
    ///
    /// 每项指标的得分只能在 0 与该项分值之间（完成或超额完成也只得满分）。得分超过分值会抬高
    /// 总分和评价等级。
    ///
    /// 例：质量指标分值 10，得分写 12。修正：核对分值与得分。
    ///
    /// An indicator's score exceeds its points, or is negative. A score lies between 0 and
    /// the indicator's points. Example: 12 of 10 points. Check the points and the score.
    pub static INDICATOR_SCORE_OUT_OF_RANGE = Rule {
        id: "perf.indicator-score-out-of-range",
        family: Perf,
        severity: Error,
        summary: "绩效指标得分超过分值",
        summary_en: "An indicator's score exceeds its points",
        run: Some(check),
    };
}

fn check(ctx: &Context, sink: &mut Sink) {
    for sheet in sheets(ctx) {
        for Scored {
            indicator: ind,
            points: p,
            score: s,
            pv,
            sv,
        } in scored(sheet)
        {
            if p.number.is_some_and(|n| n.percent) || s.number.is_some_and(|n| n.percent) {
                continue;
            }
            if sv <= pv && sv >= Decimal::ZERO {
                continue;
            }
            let name = ind.name();
            let mut f = score_finding(
                &INDICATOR_SCORE_OUT_OF_RANGE,
                sheet,
                name,
                s.location,
                sv,
                format!(
                    "{}指标“{}”得分{}，超出其分值范围（0～{}）",
                    sheet.name,
                    name,
                    sv.normalize(),
                    pv.normalize()
                ),
                format!(
                    "{}: indicator “{}” scores {}, outside its range 0–{}",
                    sheet.name,
                    name,
                    sv.normalize(),
                    pv.normalize()
                ),
            );
            f.expected = Some(pv.min(sv.max(Decimal::ZERO)));
            f.related
                .push(super::points_label(p.location, pv).with_value(pv));
            f.set_help(
                "指标得分应在0与分值之间，请核对分值与得分。",
                "An indicator's score must lie between 0 and its points: check the points and the score.",
            );
            sink.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::perf::testing::PROJECT;
    use crate::rules::testing::findings_of;

    const ID: &str = "perf.indicator-score-out-of-range";

    #[test]
    fn scores_within_points_pass() {
        assert!(findings_of(PROJECT, ID).is_empty());
    }

    #[test]
    fn a_score_above_its_points_is_found() {
        let text = PROJECT.replace(
            "服务水平\t不断提升\t不断提升\t10\t10",
            "服务水平\t不断提升\t不断提升\t10\t12",
        );
        let f = findings_of(&text, ID);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].stated.unwrap().to_string(), "12");
    }
}
