use super::{sheets, Sheet};
use crate::declare_rule;
use crate::diagnostic::{CellRef, Finding};
use crate::rules::{Context, Sink};
use crate::text::Has;
use crate::tolerance::{self, Verdict};

declare_rule! {
    /// 项目支出绩效自评表的项目总投资小于本年度的全年预算数。
    ///
    /// 项目总投资是项目全部实施期的资金总额，本年度预算只是其中一部分，不可能更大。总投资
    /// 小于全年预算数，说明总投资或预算数填错。
    ///
    /// 例：项目总投资 1 万元（其中财政拨款 1 万元），全年预算数 4 万元。修正：核对总投资。
    ///
    /// A project's total investment (项目总投资) is smaller than this year's budget
    /// (全年预算数), of which it is the whole. Example: 总投资 1 while 全年预算数 4.
    pub static INVESTMENT_BELOW_BUDGET = Rule {
        id: "perf.investment-below-budget",
        family: Perf,
        severity: Error,
        summary: "项目总投资小于全年预算数",
        summary_en: "A project's total investment is below its annual budget",
        run: Some(check),
    };
}

fn check(ctx: &Context, sink: &mut Sink) {
    for sheet in sheets(ctx) {
        let (Some(f), Some((row, col))) = (&sheet.funding, sheet.investment) else {
            continue;
        };
        let Some((annual, _, annual_cell)) = Sheet::amount(f.total, f.cols.annual) else {
            continue;
        };
        let Some((inv, _, cell)) = Sheet::amount(row, Some(col)) else {
            continue;
        };
        // The investment label may name another unit than the funding block.
        let label: String = row.cells[..col].iter().map(|c| c.raw.as_str()).collect();
        let header_unit_yuan = |s: &str| s.has("（元）") || s.has("(元)");
        if header_unit_yuan(&label) {
            continue;
        }
        let dec = sheet.decimals(ctx);
        let allowance = tolerance::half_unit(dec) + tolerance::half_unit(dec);
        if tolerance::judge_at_most(annual, inv, allowance) != Verdict::Breaks {
            continue;
        }
        let mut out = Finding::new(
            INVESTMENT_BELOW_BUDGET.id,
            INVESTMENT_BELOW_BUDGET.severity,
            cell.location,
            format!(
                "{}项目总投资{}小于全年预算数{}",
                sheet.name,
                inv.normalize(),
                annual.normalize()
            ),
            format!(
                "{}: the total investment {} is below the annual budget {}",
                sheet.name,
                inv.normalize(),
                annual.normalize()
            ),
        );
        out.table = Some(sheet.table.id.clone());
        out.cell = Some(CellRef {
            table: sheet.table.id.clone(),
            row: "项目总投资".into(),
            column: String::new(),
        });
        out.stated = Some(inv);
        out.expected = Some(annual);
        out.difference = Some(inv - annual);
        out.related
            .push(super::annual_budget_label(annual_cell, annual));
        out.set_help(
            "项目总投资应不少于本年度全年预算数，请核对总投资或预算数。",
            "The project's total investment should be no less than this year's annual budget: check the total investment or the budget.",
        );
        sink.push(out);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::perf::testing::PROJECT;
    use crate::rules::testing::findings_of;

    const ID: &str = "perf.investment-below-budget";

    #[test]
    fn an_investment_covering_the_budget_passes() {
        assert!(findings_of(PROJECT, ID).is_empty());
    }

    #[test]
    fn an_investment_below_the_budget_is_found() {
        let text = PROJECT.replace("项目总投资（万元）\t\t4", "项目总投资（万元）\t\t1");
        let f = findings_of(&text, ID);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].stated.unwrap().to_string(), "1");
    }
}
