use super::{sheets, Sheet};
use crate::declare_rule;
use crate::diagnostic::{CellRef, Finding};
use crate::rules::{Context, Sink};
use crate::text::Has;
use crate::tolerance::{self, Verdict};
use rust_decimal::Decimal;

declare_rule! {
    /// 以预算为上限的成本指标（如“不超过预算 ≤5万元”）与表中的全年预算数不一致。
    ///
    /// 成本指标“不超过预算”的目标值应是本年度可用的预算，即全年预算数（调整后预算数）。目标值
    /// 仍写年初预算数而预算已调整时，指标与资金情况自相矛盾，也无从判断是否“预算内完成”。只
    /// 核对指标名称提到“预算”且目标值以万元/元表示的成本指标。
    ///
    /// 例：全年预算数 3.5 万元，成本指标写“≤5万元”（年初预算数）。修正：把目标值改为调整后的
    /// 预算数。
    ///
    /// A cost indicator capped at the budget (“不超过预算 ≤5万元”) does not match the table's
    /// 全年预算数. Only indicators naming 预算 with a target in 万元/元 are checked. Example:
    /// ≤5万元 while the adjusted budget is 3.5.
    pub static TARGET_BUDGET_MISMATCH = Rule {
        id: "perf.target-budget-mismatch",
        family: Perf,
        severity: Warning,
        summary: "预算上限类成本指标与全年预算数不符",
        summary_en: "A budget-capped cost target differs from the annual budget",
        run: Some(check),
    };
}

/// An amount target: "≤5万元", "≦4 万元", "不超过135.41万元" → (value, decimals, factor to 元).
pub(crate) fn amount_target(text: &str) -> Option<(Decimal, u32, Decimal)> {
    let t = crate::text::fold_for_match(text);
    let (factor, unit_at) = if let Some(i) = t.find("万元") {
        (Decimal::from(10_000), i)
    } else if let Some(i) = t.find('元') {
        (Decimal::ONE, i)
    } else {
        return None;
    };
    let head = &t[..unit_at];
    let num: String = head
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .filter(|c| *c != ',')
        .collect();
    let value: Decimal = num.parse().ok()?;
    let decimals = num
        .split_once('.')
        .map(|(_, d)| d.len() as u32)
        .unwrap_or(0);
    Some((value, decimals, factor))
}

fn check(ctx: &Context, sink: &mut Sink) {
    for sheet in sheets(ctx) {
        let Some(f) = &sheet.funding else { continue };
        let Some((annual, _, annual_cell)) = Sheet::amount(f.total, f.cols.annual) else {
            continue;
        };
        let initial = Sheet::amount(f.total, f.cols.initial).map(|a| a.0);
        let factor = sheet
            .unit
            .unwrap_or(ctx.view.unit(sheet.table))
            .yuan_factor();
        let dec = sheet.decimals(ctx);
        for ind in &sheet.indicators {
            if !(ind.level2.has("成本") || ind.level3.has("成本"))
                || !(ind.level3.has("预算") || ind.target.has("预算"))
            {
                continue;
            }
            let Some((target, td, tf)) = amount_target(&ind.target) else {
                continue;
            };
            let Some(target_yuan) = target.checked_mul(tf) else {
                continue;
            };
            let Some(annual_yuan) = annual.checked_mul(factor) else {
                continue;
            };
            let allowance = tolerance::half_unit(td) * tf + tolerance::half_unit(dec) * factor;
            if tolerance::judge(target_yuan - annual_yuan, allowance) != Verdict::Breaks {
                continue;
            }
            let Some(cell) = ind.target_cell else {
                continue;
            };
            let target_u = if factor.is_zero() {
                target_yuan
            } else {
                target_yuan / factor
            };
            let mut out = Finding::new(
                TARGET_BUDGET_MISMATCH.id,
                TARGET_BUDGET_MISMATCH.severity,
                cell.location,
                format!(
                    "{}成本指标“{}”目标值为{}，与全年预算数{}不一致",
                    sheet.name,
                    ind.level3,
                    ind.target,
                    annual.normalize()
                ),
                format!(
                    "{}: the cost target “{}” is {} but the annual budget is {}",
                    sheet.name,
                    ind.level3,
                    ind.target,
                    annual.normalize()
                ),
            );
            out.table = Some(sheet.table.id.clone());
            out.cell = Some(CellRef {
                table: sheet.table.id.clone(),
                row: ind.level3.to_string(),
                column: "年度指标值".into(),
            });
            out.stated = Some(target_u.normalize());
            out.expected = Some(annual);
            out.related
                .push(super::annual_budget_label(annual_cell, annual));
            let same_as_initial = initial.is_some_and(|i| {
                i.checked_mul(factor).is_some_and(|iy| {
                    tolerance::judge(target_yuan - iy, allowance) != Verdict::Breaks
                })
            });
            if same_as_initial {
                out.set_help(
                    "目标值仍是年初预算数；预算调整后应改为全年预算数。",
                    "The target is still the budget at the start of the year (年初预算数); after the budget was adjusted it should be the annual budget (全年预算数).",
                );
            } else {
                out.set_help(
                    "以预算为上限的成本指标，目标值应与全年预算数一致。",
                    "For a cost indicator capped by the budget, the target should equal the annual budget (全年预算数).",
                );
            }
            sink.push(out);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::perf::testing::PROJECT;
    use crate::rules::testing::findings_of;

    const ID: &str = "perf.target-budget-mismatch";

    #[test]
    fn a_target_equal_to_the_budget_passes() {
        assert!(findings_of(PROJECT, ID).is_empty());
    }

    #[test]
    fn a_target_left_at_the_initial_budget_is_found() {
        let text = PROJECT
            .replace("\t合计\t\t4\t4\t3.8", "\t合计\t\t5\t4\t3.8")
            .replace("≤4万元", "≤5万元");
        let f = findings_of(&text, ID);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(f[0].help.as_deref().unwrap().contains("年初预算数"));
    }

    #[test]
    fn targets_are_read() {
        let t = super::amount_target("≦4 万元").unwrap();
        assert_eq!(t.0.to_string(), "4");
        assert!(super::amount_target("满意").is_none());
    }
}
