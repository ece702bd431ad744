use super::{at_most, table};
use crate::declare_rule;
use crate::model::{ReportKind, TableKind};
use crate::rules::roles::{sangong_columns, SanGong, Stage};
use crate::rules::table::columns;
use crate::rules::table::personnel_public_mismatch::single_column;
use crate::rules::{Context, Sink, Term};

declare_rule! {
    /// “三公”经费表（公开07表）小于基本支出明细表（公开06表）中的对应款目（X15）。06表只含
    /// 基本支出，三公经费还可能在项目支出中列支，所以应有
    ///
    /// - 因公出国（境）费 ≥ 06表 30212 因公出国（境）费用；
    /// - 公务接待费 ≥ 06表 30217 公务接待费；
    /// - 公务用车运行（维护）费 ≥ 06表 30231 公务用车运行维护费；
    /// - 公务用车购置费 ≥ 06表 31013 公务用车购置。
    ///
    /// 决算比较07表的决算数，预算比较预算数。相等是常态（三公经费不在项目支出中列支时）。
    ///
    /// A 三公 item of table 07 is below the matching economic item of table 06 (basic
    /// spending only, so 07 ≥ 06): 出国 ≥ 30212, 接待 ≥ 30217, 车运行 ≥ 30231, 车购置 ≥ 31013.
    pub static SANGONG_VS_BASIC = Rule {
        id: "cross.sangong-vs-basic",
        family: Cross,
        severity: Error,
        summary: "三公经费小于基本支出中的对应款目",
        summary_en: "A 三公 item is below the matching basic-spending item",
        run: Some(check),
    };
}

fn check(ctx: &Context, sink: &mut Sink) {
    let (Some(t06), Some(t07)) = (
        table(ctx, TableKind::GeneralBudgetBasicExpenditure),
        table(ctx, TableKind::ThreePublicExpenses),
    ) else {
        return;
    };
    let stage = if ctx.doc.kind == Some(ReportKind::Budget) {
        Stage::Budget
    } else {
        Stage::Actual
    };
    // The 07 figures of the stage: one data row.
    let Some(b7) = t07.blocks.first() else { return };
    let rows: Vec<_> = b7
        .rows
        .iter()
        .filter(|r| !r.is_empty() || r.cells.iter().any(|c| c.number.is_some()))
        .collect();
    let [row7] = rows.as_slice() else { return };
    let cols = sangong_columns(&ctx.view, b7, stage);
    let item = |which: SanGong| -> Option<Term> {
        let hits: Vec<usize> = cols
            .iter()
            .filter(|(s, i, _)| *s == stage && *i == which)
            .map(|(_, _, c)| *c)
            .collect();
        match hits.as_slice() {
            [c] => ctx.view.term(t07, b7, row7, *c),
            _ => None,
        }
    };
    for (code, which) in [
        ("30212", SanGong::Abroad),
        ("30217", SanGong::Reception),
        ("30231", SanGong::VehicleRunning),
        ("31013", SanGong::VehiclePurchase),
    ] {
        at_most(sink, economic(ctx, t06, code), item(which));
    }
}

/// An economic item's figure in a basic-spending table (its total column).
fn economic(ctx: &Context, t06: &crate::model::Table, code: &str) -> Option<Term> {
    for block in &t06.blocks {
        let Some(row) = super::coded_row(block, code) else {
            continue;
        };
        let col = single_column(block).or_else(|| {
            columns::trusted(ctx, t06, block)
                .then(|| columns::total_column(&ctx.view, block))
                .flatten()
        })?;
        return ctx.view.term(t06, block, row, col);
    }
    None
}
