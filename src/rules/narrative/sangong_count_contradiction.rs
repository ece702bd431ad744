use super::bind::item_in;
use super::{fig_label, section_name, shown, Topic};
use crate::declare_rule;
use crate::diagnostic::{Finding, Severity};
use crate::model::FigureKind;
use crate::rules::roles::SanGong;
use crate::rules::{Context, Sink};
use crate::text::Has;

declare_rule! {
    /// “三公”经费说明中，金额与次数、辆数互相矛盾：因公出国（境）费为 0 却说安排了出国团组
    /// 或人次，或者费用不为 0 而团组、人次都是 0；公务用车购置费为 0 却说购置了车辆，或者
    /// 购置费不为 0 而购置 0 辆。只比较同一句中的金额和次数，是提示性的检查（个别情况如
    /// 跨年结算可能有合理解释）。
    ///
    /// 例：“因公出国（境）费支出决算为0万元，全年安排因公出国（境）团组2个，累计6人次”。
    ///
    /// The 三公 narrative contradicts itself: no 因公出国 spending but trips (团组, 人次) stated,
    /// or spending with zero trips; no vehicle purchase spending but vehicles bought, or spending
    /// with none bought. Only an amount and a count of the same sentence are compared.
    pub static SANGONG_COUNT_CONTRADICTION = Rule {
        id: "narrative.sangong-count-contradiction",
        family: Narrative,
        severity: Warning,
        summary: "“三公”经费金额与团组、车辆数相矛盾",
        summary_en: "A 三公 amount contradicts the trips or vehicles stated",
        run: Some(check),
    };
}

/// True when a count of the given item's kind: trips (团组, 人次) or vehicles bought (辆).
fn counts(item: SanGong, key: &str, unit: &str) -> bool {
    match item {
        SanGong::Abroad => {
            (key.has("团组") || unit == "人次" || key.has("人次")) && !key.has("接待")
        }
        SanGong::VehiclePurchase => {
            unit == "辆" && key.has("购") && !key.has("保有") && !key.has("运行")
        }
        _ => false,
    }
}

fn check(ctx: &Context, sink: &mut Sink) {
    let n = ctx.narrative();
    let mut i = 0;
    while i < n.figs.len() {
        let range = n.sentence_of(i);
        i = range.end;
        if n.figs[range.start].topic != Topic::SanGong {
            continue;
        }
        // Each amount of an item with the counts after it (up to the next amount).
        for a in range.clone() {
            let fa = &n.figs[a];
            if !fa.is_amount() || fa.is_change() {
                continue;
            }
            let Some(item) = item_in(&fa.key) else {
                continue;
            };
            if !matches!(item, SanGong::Abroad | SanGong::VehiclePurchase) {
                continue;
            }
            let cs: Vec<usize> = (a + 1..range.end)
                .take_while(|&k| !n.figs[k].is_amount())
                .filter(|&k| {
                    let f = &n.figs[k];
                    f.f.kind == FigureKind::Count
                        && !f.is_change()
                        && counts(item, &f.key, &f.f.unit)
                })
                .collect();
            if cs.is_empty() {
                continue;
            }
            let zero = fa.value().is_zero();
            let any = cs.iter().any(|&k| !n.figs[k].value().is_zero());
            if zero != any {
                continue;
            }
            let what = match item {
                SanGong::Abroad => ("因公出国（境）", "团组或人次", "trips"),
                _ => ("公务用车购置", "购置车辆", "vehicles bought"),
            };
            let counts_shown: Vec<String> = cs
                .iter()
                .map(|&k| format!("{}{}", n.figs[k].f.subject, shown(n.figs[k].f)))
                .collect();
            let (zh, en) = if zero {
                (
                    format!(
                        "说明“{}”中{}费为{}，却写{}",
                        section_name(n.doc, fa.f),
                        what.0,
                        shown(fa.f),
                        counts_shown.join("、")
                    ),
                    format!(
                        "the narrative gives no {} spending ({}) but states {}",
                        what.0,
                        shown(fa.f),
                        counts_shown.join(", ")
                    ),
                )
            } else {
                (
                    format!(
                        "说明“{}”中{}费为{}，{}却都是0",
                        section_name(n.doc, fa.f),
                        what.0,
                        shown(fa.f),
                        what.1
                    ),
                    format!(
                        "the narrative gives {} spending of {} but no {}",
                        what.0,
                        shown(fa.f),
                        what.2
                    ),
                )
            };
            let primary = cs[0];
            let mut f = Finding::new(
                sink.rule().id,
                Severity::Warning,
                n.figs[primary].f.location,
                zh,
                en,
            );
            f.stated = Some(n.figs[primary].value());
            f.related.push(fig_label(n.doc, fa.f));
            f.set_help(
                "核对费用与次数（辆数），二者应同为零或同不为零。",
                "Check the spending against the number of trips (or vehicles): both should be zero or both non-zero.",
            );
            sink.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings_of;

    const SAMPLE: &str = include_str!("../../../tests/fixtures/samples/000.txt");
    const ID: &str = "narrative.sangong-count-contradiction";

    #[test]
    fn the_sample_zeros_agree() {
        assert!(findings_of(SAMPLE, ID).is_empty());
    }

    #[test]
    fn trips_without_spending() {
        let text = SAMPLE.replace(
            "全年安排因公出国（境）团组0个，累计0人次",
            "全年安排因公出国（境）团组2个，累计6人次",
        );
        let f = findings_of(&text, ID);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].location.line, 432);
    }

    #[test]
    fn a_purchase_without_vehicles() {
        let text = SAMPLE.replace(
            "公务用车购置费0万元，购置公务用车0辆",
            "公务用车购置费20万元，购置公务用车0辆",
        );
        let f = findings_of(&text, ID);
        assert_eq!(f.len(), 1, "{f:#?}");
        // Reception visitors are not trips abroad.
        let text = SAMPLE.replace("全年共接待来访团组0个", "全年共接待来访团组3个");
        assert!(findings_of(&text, ID).is_empty());
    }
}
