use super::{score_finding, scored, sheets, Scored};
use crate::declare_rule;
use crate::rules::{Context, Sink};
use crate::text::Has;

declare_rule! {
    /// 绩效指标得了满分，偏差原因栏却写明了不足（“有待提升”“未完成”“存在差距”等）。
    ///
    /// 自评应如实扣分：既然说明了偏差或不足，得分就不应是满分；反之，如果确实满分，就不应
    /// 写不足。两者自相矛盾，说明自评打分不实。
    ///
    /// 例：质量指标“为企业服务水平”分值 14、得分 14，偏差原因写“为企业服务水平有待进一步
    /// 提升”。修正：按完成程度扣分，或删去不实的偏差说明。
    ///
    /// An indicator scores full marks while its deviation column states a shortfall
    /// (有待提升, 未完成, 存在差距 …). A self-evaluation that names a shortfall should deduct
    /// points. Example: 14 of 14 with “服务水平有待进一步提升”.
    pub static FULL_SCORE_WITH_SHORTFALL = Rule {
        id: "perf.full-score-with-shortfall",
        family: Perf,
        severity: Warning,
        summary: "满分指标却说明了偏差或不足",
        summary_en: "Full marks although a shortfall is stated",
        run: Some(check),
    };
}

/// Words that state a shortfall.
const SHORTFALL: &[&str] = &[
    "有待",
    "不足",
    "未完成",
    "未达到",
    "未达",
    "差距",
    "偏低",
    "滞后",
    "欠缺",
    "尚未",
    "仍需",
    "不够",
    "不到位",
    "未能",
    "较慢",
    "需进一步",
    "进一步加强",
    "进一步提升",
    "进一步提高",
];

/// Text that says there is no deviation.
fn says_none(reason: &str) -> bool {
    let k = crate::rules::view::label_key(reason);
    k.is_empty()
        || matches!(
            k.as_str(),
            "无" | "无偏差" | "无偏差无" | "已完成" | "完成" | "达到预期" | "/"
        )
        || k.starts_with("无偏差")
        || k.starts_with("未发现")
        || k.starts_with("无明显偏差")
}

pub(crate) fn states_shortfall(reason: &str) -> bool {
    !says_none(reason) && SHORTFALL.iter().any(|w| reason.has(w))
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
            if sv != pv || pv.is_zero() || !states_shortfall(&ind.reason) {
                continue;
            }
            let name = ind.name();
            let mut f = score_finding(
                &FULL_SCORE_WITH_SHORTFALL,
                sheet,
                name,
                s.location,
                sv,
                format!(
                    "{}指标“{}”得满分{}，但偏差原因写明“{}”",
                    sheet.name,
                    name,
                    sv.normalize(),
                    ind.reason
                ),
                format!(
                    "{}: indicator “{}” scores full marks ({}) although its deviation column says “{}”",
                    sheet.name,
                    name,
                    sv.normalize(),
                    ind.reason
                ),
            );
            f.related.push(super::points_label(p.location, pv));
            f.set_help(
                "说明了不足就应相应扣分；确属满分则删去不实的偏差说明。",
                "A stated shortfall should cost points accordingly; if full marks are really deserved, remove the inaccurate deviation remark.",
            );
            sink.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::perf::testing::PROJECT;
    use crate::rules::testing::findings_of;

    const ID: &str = "perf.full-score-with-shortfall";

    #[test]
    fn a_deduction_with_a_reason_passes() {
        assert!(findings_of(PROJECT, ID).is_empty());
    }

    #[test]
    fn full_marks_with_a_shortfall_is_found() {
        let text = PROJECT.replace("\t15\t14\t机制有待完善", "\t15\t15\t机制有待完善");
        let f = findings_of(&text, ID);
        assert_eq!(f.len(), 1, "{f:#?}");
    }

    #[test]
    fn no_deviation_wording_is_not_a_shortfall() {
        assert!(!super::states_shortfall("无偏差"));
        assert!(super::states_shortfall("为企业服务水平有待进一步提升"));
    }
}
