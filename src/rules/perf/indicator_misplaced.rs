use super::sheets;
use crate::declare_rule;
use crate::diagnostic::{CellRef, Finding, Label};
use crate::rules::{Context, Sink};
use crate::text::Has;

declare_rule! {
    /// 二级指标放在了不属于它的一级指标下，例如“可持续影响指标”列在“满意度指标”下。
    ///
    /// 财预〔2020〕10号的指标体系：产出指标含数量、质量、时效、成本指标；效益指标含经济、社会、
    /// 生态效益指标和可持续影响指标；满意度指标含服务对象满意度指标；（新版）成本指标含经济、
    /// 社会、生态环境成本指标。放错一级指标会使各一级指标的分值与权重失真。
    ///
    /// 例：满意度指标（10分）下列“可持续影响指标 构建长效机制 5分”。修正：移到效益指标下并
    /// 调整分值。
    ///
    /// A second-level indicator sits under a first-level indicator it does not belong to, e.g.
    /// 可持续影响指标 (a 效益 indicator) under 满意度指标. Move it and rebalance the points.
    pub static INDICATOR_MISPLACED = Rule {
        id: "perf.indicator-misplaced",
        family: Perf,
        severity: Warning,
        summary: "二级指标归错了一级指标",
        summary_en: "An indicator is filed under the wrong first-level indicator",
        run: Some(check),
    };
}

/// The first-level family of a label: 产出, 效益, 满意度, 成本.
fn family(key: &str) -> Option<&'static str> {
    if key.has("满意") {
        Some("满意度")
    } else if key.has("产出") {
        Some("产出")
    } else if key.has("效益") || key.has("效果") {
        Some("效益")
    } else if key.has("成本") {
        Some("成本")
    } else {
        None
    }
}

/// The first-level families a second-level indicator may sit under.
fn homes(level2: &str) -> Option<&'static [&'static str]> {
    Some(if level2.has("满意") {
        &["满意度", "效益"]
    } else if level2.has("数量") || level2.has("质量") || level2.has("时效") {
        &["产出"]
    } else if level2.has("经济成本") || level2.has("社会成本") || level2.has("生态环境成本")
    {
        &["成本"]
    } else if level2.has("成本") {
        &["产出", "成本"]
    } else if level2.has("可持续") || level2.has("效益") {
        &["效益"]
    } else {
        return None;
    })
}

fn check(ctx: &Context, sink: &mut Sink) {
    for sheet in sheets(ctx) {
        let mut seen = std::collections::HashSet::new();
        for ind in &sheet.indicators {
            let Some(cell) = ind.level2_cell else {
                continue;
            };
            if !seen.insert(cell.location.span) {
                continue;
            }
            let (Some(fam), Some(homes)) = (family(&ind.level1), homes(&ind.level2)) else {
                continue;
            };
            if homes.contains(&fam) {
                continue;
            }
            let mut f = Finding::new(
                INDICATOR_MISPLACED.id,
                INDICATOR_MISPLACED.severity,
                cell.location,
                format!(
                    "{}中二级指标“{}”列在一级指标“{}”下，它属于{}指标",
                    sheet.name, ind.level2, ind.level1, homes[0]
                ),
                format!(
                    "{}: the indicator “{}” is filed under “{}” but belongs under {}指标",
                    sheet.name, ind.level2, ind.level1, homes[0]
                ),
            );
            f.table = Some(sheet.table.id.clone());
            f.cell = Some(CellRef {
                table: sheet.table.id.clone(),
                row: ind.level2.to_string(),
                column: "二级指标".into(),
            });
            if let Some(c) = ind.level1_cell {
                f.related.push(Label::new(
                    c.location,
                    format!("一级指标 {}", ind.level1),
                    format!("the first-level indicator “{}”", ind.level1),
                ));
            }
            f.set_help(
                format!(
                    "把“{}”移到{}指标下，并相应调整各一级指标的分值。",
                    ind.level2, homes[0]
                ),
                format!(
                    "Move “{}” under {}指标 and adjust the points of the first-level indicators to match.",
                    ind.level2, homes[0]
                ),
            );
            sink.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::perf::testing::PROJECT;
    use crate::rules::testing::findings_of;

    const ID: &str = "perf.indicator-misplaced";

    #[test]
    fn a_standard_tree_passes() {
        assert!(findings_of(PROJECT, ID).is_empty());
    }

    #[test]
    fn a_benefit_indicator_under_satisfaction_is_found() {
        let text = PROJECT
            .replace("\t效益指标（30分）\t社会效益指标\t营商环境\t不断提升\t不断提升\t15\t15\t\n\t\t可持续影响指标", "\t效益指标（30分）\t社会效益指标\t营商环境\t不断提升\t不断提升\t15\t15\t\n\t满意度指标（10分）\t可持续影响指标")
            .replace("\t满意度指标（10分）\t服务对象", "\t\t服务对象");
        let f = findings_of(&text, ID);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(f[0].message.contains("可持续影响指标"));
    }
}
