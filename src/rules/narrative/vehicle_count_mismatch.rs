use super::core_subject;
use crate::declare_rule;
use crate::model::FigureKind;
use crate::rules::identity::Term;
use crate::rules::{Context, Identity, Sink};
use crate::text::Has;
use rust_decimal::Decimal;

declare_rule! {
    /// 国有资产占用情况说明中的车辆总数不等于按用途分列的车辆数之和（“共有车辆N辆，其中
    /// 主要领导干部用车a辆、机要通信用车b辆……其他用车z辆”）。
    ///
    /// 只在分列的用途包括“其他用车”（即分列完整）时核对；车辆数是整数，不允许误差。
    ///
    /// 例：“共有车辆5辆，其中：执法执勤用车3辆、特种专业技术用车1辆、其他用车2辆” —
    /// 3 + 1 + 2 = 6 ≠ 5。
    ///
    /// The number of vehicles stated is not the sum of the vehicles by use ("共有车辆N辆，
    /// 其中…用车a辆…其他用车z辆"). Checked only when the list ends in 其他用车 (a complete
    /// breakdown); counts are exact.
    pub static VEHICLE_COUNT_MISMATCH = Rule {
        id: "narrative.vehicle-count-mismatch",
        family: Narrative,
        severity: Error,
        summary: "车辆总数与按用途分列之和不符",
        summary_en: "The vehicle total differs from the sum by use",
        run: Some(check),
    };
}

/// A count of vehicles (辆) that is not a change.
pub(super) fn is_vehicles(f: &super::Fig) -> bool {
    f.f.kind == FigureKind::Count && f.f.unit == "辆" && !f.is_change()
}

/// The total vehicles of the unit (共有车辆, 车辆总数, 实有车辆), not a purchase.
pub(super) fn is_total(key: &str) -> bool {
    (key.has("车辆") || key.has("公务用车") || key.has("车"))
        && (key.has("共有") || key.has("总数") || key.has("实有"))
        && !key.has("购置")
}

/// Counts are exact: no rounding allowance.
pub(super) fn exact(mut t: Term) -> Term {
    t.half = Decimal::ZERO;
    t
}

fn check(ctx: &Context, sink: &mut Sink) {
    let n = ctx.narrative();
    for i in 0..n.figs.len() {
        let total = &n.figs[i];
        if !is_vehicles(total) || !is_total(&total.key) {
            continue;
        }
        let range = n.sentence_of(i);
        let parts: Vec<usize> = (i + 1..range.end)
            .take_while(|&k| is_vehicles(&n.figs[k]) && !is_total(&n.figs[k].key))
            .filter(|&k| {
                let core = core_subject(&n.figs[k].key);
                core.ends_with("用车") && !core.has("购置") && !core.has("保有")
            })
            .collect();
        let complete = parts
            .last()
            .is_some_and(|&k| core_subject(&n.figs[k].key).starts_with("其他"));
        if parts.len() < 2 || !complete {
            continue;
        }
        let term = |k: usize| exact(ctx.view.figure_term(n.figs[k].f));
        sink.identity(Identity::equal(
            term(i),
            parts.iter().map(|&k| term(k)),
            "按用途分列的车辆数之和",
            "the sum of the vehicles by use",
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings_of;

    const SAMPLE: &str = include_str!("../../../tests/fixtures/samples/000.txt");
    const ID: &str = "narrative.vehicle-count-mismatch";

    #[test]
    fn the_sample_counts_add_up() {
        assert!(findings_of(SAMPLE, ID).is_empty());
    }

    #[test]
    fn a_wrong_total_is_found() {
        let text = SAMPLE.replace(
            "共有车辆0辆，其中，主要领导干部用车0辆，机要通信用车0辆、应急保障用车0辆、执法执勤用车0辆",
            "共有车辆5辆，其中，主要领导干部用车0辆，机要通信用车0辆、应急保障用车0辆、执法执勤用车3辆",
        );
        let f = findings_of(&text, ID);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].location.line, 464);
        let ok = SAMPLE.replace(
            "共有车辆0辆，其中，主要领导干部用车0辆，机要通信用车0辆、应急保障用车0辆、执法执勤用车0辆",
            "共有车辆3辆，其中，主要领导干部用车0辆，机要通信用车0辆、应急保障用车0辆、执法执勤用车3辆",
        );
        assert!(findings_of(&ok, ID).is_empty());
    }
}
