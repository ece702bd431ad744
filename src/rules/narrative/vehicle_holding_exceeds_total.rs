use super::vehicle_count_mismatch::{exact, is_total, is_vehicles};
use crate::declare_rule;
use crate::rules::{Context, Identity, Sink};
use crate::text::Has;

declare_rule! {
    /// “三公”经费说明中的公务用车保有量多于国有资产占用情况说明中的车辆总数。
    ///
    /// 保有量只计由财政拨款开支运行维护费的公务用车，是单位全部车辆的一部分，不会多于“共有
    /// 车辆N辆”；两处数字应当相等，或者保有量较少（部分车辆由其他资金开支）。车辆数是整数，
    /// 不允许误差。
    ///
    /// 例：“开支财政拨款的公务用车保有量为6辆”，而“截至12月31日，本部门共有车辆5辆”。
    ///
    /// The 三公 narrative's vehicles held (公务用车保有量: those whose running costs are paid
    /// from fiscal funds) exceed the unit's total vehicles stated under 国有资产占用情况
    /// ("共有车辆N辆"). The vehicles held are part of all the unit's vehicles, so they can
    /// equal the total or be fewer, never more. Counts are exact.
    pub static VEHICLE_HOLDING_EXCEEDS_TOTAL = Rule {
        id: "narrative.vehicle-holding-exceeds-total",
        family: Narrative,
        severity: Warning,
        summary: "公务用车保有量多于车辆总数",
        summary_en: "More official vehicles held than the unit's total vehicles",
        run: Some(check),
    };
}

fn check(ctx: &Context, sink: &mut Sink) {
    let n = ctx.narrative();
    let Some(total) = n
        .figs
        .iter()
        .position(|f| is_vehicles(f) && is_total(&f.key))
    else {
        return;
    };
    for (k, f) in n.figs.iter().enumerate() {
        if k == total || !is_vehicles(f) || !f.key.has("保有") {
            continue;
        }
        sink.identity(Identity::at_most(
            exact(ctx.view.figure_term(f.f)),
            vec![exact(ctx.view.figure_term(n.figs[total].f))],
            "单位车辆总数",
            "the unit's total vehicles",
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings_of;

    const SAMPLE: &str = include_str!("../../../tests/fixtures/samples/000.txt");
    const ID: &str = "narrative.vehicle-holding-exceeds-total";
    const HOLDING: &str = "公务用车保有量为0辆";

    #[test]
    fn the_sample_holds_no_more_than_it_has() {
        assert!(SAMPLE.contains(HOLDING));
        assert!(findings_of(SAMPLE, ID).is_empty());
    }

    #[test]
    fn more_held_than_owned_is_found_at_the_holding() {
        let text = SAMPLE.replace(HOLDING, "公务用车保有量为2辆");
        let f = findings_of(&text, ID);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].location.line, 436);
        assert_eq!(f[0].related.len(), 1);
        assert_eq!(f[0].related[0].location.line, 464);
    }

    #[test]
    fn fewer_held_than_owned_is_fine() {
        let text = SAMPLE.replace(
            "共有车辆0辆，其中，主要领导干部用车0辆",
            "共有车辆3辆，其中，主要领导干部用车3辆",
        );
        let text = text.replace(HOLDING, "公务用车保有量为2辆");
        assert!(findings_of(&text, ID).is_empty());
    }
}
