use super::{at_title, standard_tables};
use crate::declare_rule;
use crate::model::{Table, TableKind};
use crate::rules::{Context, Sink};
use rust_decimal::Decimal;

declare_rule! {
    /// 表的金额单位与数字大小不符（X19）：各表都应以同一单位（通常为万元）列示；一张表以
    /// 元列示本身无妨，只要数字确是按元填的。如果某张表的数字换算成元后比其他收支表大或
    /// 小约一万倍（例如标“单位：万元”却按元填数），说明单位行写错了或数字没有换算。
    ///
    /// 只比较收支总表、收入表、支出表、财政拨款收支总表和一般公共预算支出表这类规模相同的
    /// 表；“三公”经费表、基本支出表等只检查是否大得离谱。这样的表不参加表间比较。
    ///
    /// A table's unit line disagrees with its figures: converted to 元, its amounts are about
    /// 10,000 times larger or smaller than the other summary tables' (e.g. figures in 元 under
    /// "单位：万元"). Such a table is left out of the cross-table comparisons.
    pub static UNIT_MISMATCH = Rule {
        id: "cross.unit-mismatch",
        family: Cross,
        severity: Warning,
        summary: "表的金额单位与数字大小不符",
        summary_en: "A table's unit disagrees with its magnitudes",
        run: Some(check),
    };
}

const SCALE: [TableKind; 5] = [
    TableKind::IncomeExpenditureSummary,
    TableKind::Income,
    TableKind::Expenditure,
    TableKind::FiscalSummary,
    TableKind::GeneralBudgetExpenditure,
];

/// The largest amount of a table, in 元.
pub(crate) fn largest(ctx: &Context, table: &Table) -> Option<Decimal> {
    let factor = ctx.view.unit(table).yuan_factor();
    table
        .rows()
        .flat_map(|r| r.cells.iter())
        .filter_map(|c| c.number)
        .filter(|n| !n.percent)
        .map(|n| n.value.abs())
        .max()
        .filter(|v| !v.is_zero())
        .and_then(|v| v.checked_mul(factor))
}

/// The typical scale of the document's summary tables (the median of their largest amounts).
pub(crate) fn reference(ctx: &Context) -> Option<Decimal> {
    let mut sizes: Vec<Decimal> = SCALE
        .iter()
        .filter_map(|k| ctx.view.standard(*k))
        .filter_map(|t| ctx.largest(t))
        .collect();
    if sizes.len() < 3 {
        return None;
    }
    sizes.sort();
    sizes.get(sizes.len() / 2).copied()
}

/// How far off a table is: Some(ratio) when its amounts are ≥ 1000× (or, for the summary-scale
/// tables, ≤ 1/1000 of) the reference.
fn ratio(ctx: &Context, table: &Table, reference: Decimal) -> Option<Decimal> {
    let size = ctx.largest(table)?;
    let r = size.checked_div(reference)?;
    let thousand = Decimal::from(1000);
    if r >= thousand || SCALE.contains(&table.kind) && r.checked_mul(thousand)? <= Decimal::ONE {
        Some(r)
    } else {
        None
    }
}

/// True when a table's unit line disagrees with its figures.
pub(crate) fn unit_suspect(ctx: &Context, table: &Table) -> bool {
    table.kind.standard_number().is_some()
        && ctx
            .unit_reference()
            .is_some_and(|r| ratio(ctx, table, r).is_some())
}

fn check(ctx: &Context, sink: &mut Sink) {
    let Some(reference) = ctx.unit_reference() else {
        return;
    };
    for table in standard_tables(ctx) {
        let Some(r) = ratio(ctx, table, reference) else {
            continue;
        };
        let unit = ctx.view.unit(table).as_str();
        let (zh, en) = if r > Decimal::ONE {
            ("大", "larger")
        } else {
            ("小", "smaller")
        };
        at_title(
            sink,
            table,
            format!(
                "{}的金额按“{unit}”换算后比其他收支表{zh}约{}倍，单位行可能写错，或数字未按单位换算",
                crate::rules::view::table_name(table, ctx.doc.kind),
                magnitude(r)
            ),
            format!(
                "table {}'s amounts, read in {unit}, are about {} times {en} than the other summary tables': the unit line or the figures are wrong",
                table.id,
                magnitude(r)
            ),
        );
    }
}

/// The power of ten nearest a ratio (or its inverse): 10000 for both 9,800 and 1/9,800.
fn magnitude(r: Decimal) -> String {
    let r = if r < Decimal::ONE {
        Decimal::ONE.checked_div(r).unwrap_or(r)
    } else {
        r
    };
    let mut p = Decimal::ONE;
    while p
        .checked_mul(Decimal::TEN)
        .is_some_and(|q| q <= r * Decimal::new(3, 0))
    {
        p *= Decimal::TEN;
        if p > Decimal::from(1_000_000_000_000i64) {
            break;
        }
    }
    p.normalize().to_string()
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings_of;

    #[test]
    fn the_yuan_variant_is_consistent_and_a_wrong_unit_line_is_found() {
        let sample = include_str!("../../../tests/fixtures/samples/000.txt");
        assert!(findings_of(sample, "cross.unit-mismatch").is_empty());
        let yuan = include_str!("../../../tests/fixtures/variants/000-yuan.txt");
        assert!(findings_of(yuan, "cross.unit-mismatch").is_empty());
    }
}
