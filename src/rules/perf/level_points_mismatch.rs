use super::{score_term, sheets};
use crate::declare_rule;
use crate::model::Cell;
use crate::rules::{Context, Identity, Sink, Term};

declare_rule! {
    /// 一级指标标明的分值（如“产出指标（50分）”）不等于其下各项指标分值之和。
    ///
    /// 自评表的一级指标权重通常为产出 50、效益 30、满意度 10，标在一级指标名称里；其下三级指标
    /// 的分值之和应与之相等，否则总分基数不是 100。
    ///
    /// 例：产出指标（50分）下四项分值 12、14、12、10，合计 48。修正：调整分值使合计相符。
    ///
    /// The points a first-level indicator states (“产出指标（50分）”) differ from the sum of
    /// the points of the indicators under it. Example: 12 + 14 + 12 + 10 = 48 under a 50-point
    /// heading. Adjust the points.
    pub static LEVEL_POINTS_MISMATCH = Rule {
        id: "perf.level-points-mismatch",
        family: Perf,
        severity: Error,
        summary: "一级指标分值不等于其下指标分值之和",
        summary_en: "A first-level indicator's points differ from the sum below it",
        run: Some(check),
    };
}

fn check(ctx: &Context, sink: &mut Sink) {
    for sheet in sheets(ctx) {
        let mut i = 0;
        while i < sheet.indicators.len() {
            let head = &sheet.indicators[i];
            let mut j = i;
            while j < sheet.indicators.len()
                && sheet.indicators[j].level1_row.map(|r| r as *const _)
                    == head.level1_row.map(|r| r as *const _)
            {
                j += 1;
            }
            let group = &sheet.indicators[i..j];
            i = j.max(i + 1);
            let (Some(stated), Some(cell)) = (head.level1_points, head.level1_cell) else {
                continue;
            };
            let parts: Option<Vec<Term>> = group
                .iter()
                .map(|ind| {
                    let c: &Cell = ind.points?;
                    let name = if ind.level3.is_empty() {
                        &*ind.level2
                    } else {
                        &*ind.level3
                    };
                    Some(score_term(
                        sheet,
                        c,
                        c.value()?,
                        false,
                        name.to_string(),
                        "分值",
                    ))
                })
                .collect();
            let Some(parts) = parts else { continue };
            let mut total = score_term(sheet, cell, stated, false, head.level1.to_string(), "分值");
            total.set_what(format!(
                "{} 一级指标“{}”标明的分值",
                sheet.name, head.level1
            ));
            sink.identity(Identity::equal(
                total,
                parts,
                "其下各项指标分值之和",
                "the sum of the points of its indicators",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::perf::testing::PROJECT;
    use crate::rules::testing::findings_of;

    const ID: &str = "perf.level-points-mismatch";

    #[test]
    fn matching_points_pass() {
        assert!(findings_of(PROJECT, ID).is_empty());
    }

    #[test]
    fn a_heading_that_does_not_add_up_is_found() {
        let text = PROJECT.replace("产出指标（50分）", "产出指标（40分）");
        let f = findings_of(&text, ID);
        assert_eq!(f.len(), 1, "{f:#?}");
    }
}
