use super::{exact_rate, executed_and_budget, sheets};
use crate::declare_rule;
use crate::diagnostic::{CellRef, Finding};
use crate::rules::{Context, Sink};
use crate::tolerance;
use rust_decimal::Decimal;

declare_rule! {
    /// 预算执行率很低（不足 60%），所有绩效指标却都得了满分。
    ///
    /// 资金只花了一小部分，产出与效益指标却全部满分完成，自评结果不可信：要么执行数填错，要么
    /// 指标打分未如实反映完成情况。60% 是自评等级“差”的界限；执行率未达 90% 时各地模板还要求
    /// 说明原因。
    ///
    /// 例：全年预算数 4 万元、执行 0.89 万元（22.25%），各项指标均满分。修正：核对执行数，
    /// 按实际完成情况扣分并说明原因。
    ///
    /// The execution rate is low (under 60 %) yet every indicator scores full marks. Spending
    /// a fraction of the budget while achieving every output is implausible: check the
    /// spending figure or score the indicators as achieved.
    pub static LOW_EXECUTION_FULL_MARKS = Rule {
        id: "perf.low-execution-full-marks",
        family: Perf,
        severity: Warning,
        summary: "执行率低而指标全部满分",
        summary_en: "Low execution but every indicator at full marks",
        run: Some(check),
    };
}

fn check(ctx: &Context, sink: &mut Sink) {
    let threshold = Decimal::from(60);
    for sheet in sheets(ctx) {
        let Some(f) = &sheet.funding else { continue };
        let Some((e, _, b, _)) = executed_and_budget(sheet, f) else {
            continue;
        };
        let Some(rate) = exact_rate(e, b) else {
            continue;
        };
        if rate >= threshold || sheet.indicators.len() < 2 {
            continue;
        }
        let all_full = sheet.indicators.iter().all(|i| match (i.points, i.score) {
            (Some(p), Some(s)) => p.value().is_some() && p.value() == s.value(),
            _ => false,
        });
        if !all_full {
            continue;
        }
        let rate_shown = tolerance::round(rate, 2);
        let location = f
            .cols
            .executed
            .and_then(|c| f.total.cell(c))
            .map(|c| c.location)
            .unwrap_or(sheet.table.title_location);
        let mut out = Finding::new(
            LOW_EXECUTION_FULL_MARKS.id,
            LOW_EXECUTION_FULL_MARKS.severity,
            location,
            format!(
                "{}预算执行率仅{}%（{}÷{}），但全部{}项绩效指标均为满分",
                sheet.name,
                rate_shown.normalize(),
                e.normalize(),
                b.normalize(),
                sheet.indicators.len()
            ),
            format!(
                "{}: only {}% of the budget was spent ({} / {}) yet all {} indicators score full marks",
                sheet.name,
                rate_shown.normalize(),
                e.normalize(),
                b.normalize(),
                sheet.indicators.len()
            ),
        );
        out.table = Some(sheet.table.id.clone());
        out.cell = Some(CellRef {
            table: sheet.table.id.clone(),
            row: "合计".into(),
            column: "全年执行数".into(),
        });
        out.stated = Some(rate_shown);
        out.set_help(
            "核对全年执行数；指标未全部完成的应按完成程度扣分，并说明执行率低的原因。",
            "Check the annual spending (全年执行数); indicators not fully achieved should lose points in proportion, and the low execution rate should be explained.",
        );
        sink.push(out);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::perf::testing::PROJECT;
    use crate::rules::testing::findings_of;

    const ID: &str = "perf.low-execution-full-marks";

    #[test]
    fn normal_execution_passes() {
        assert!(findings_of(PROJECT, ID).is_empty());
    }

    #[test]
    fn low_execution_with_full_marks_is_found() {
        let text = PROJECT
            .replace(
                "\t合计\t\t4\t4\t3.8\t10\t95%\t9.5",
                "\t合计\t\t4\t4\t1\t10\t25%\t2.5",
            )
            .replace("\t15\t14\t机制有待完善", "\t15\t15\t");
        let f = findings_of(&text, ID);
        assert_eq!(f.len(), 1, "{f:#?}");
    }
}
