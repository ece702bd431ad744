use super::fund_table_mismatch::budget_table_against_04;
use crate::declare_rule;
use crate::model::TableKind;
use crate::rules::roles::Source;
use crate::rules::{Context, Sink};

declare_rule! {
    /// 国有资本经营预算财政拨款支出表（公开09表）与财政拨款收支总表（公开04表）对不上
    /// （X11）：09表合计应等于04表本年支出合计的“国有资本经营预算财政拨款”栏，各类应等于
    /// 04表同名类的该栏；表中列有年初、收入、年末栏时也分别比较。预算中 04 表不分栏时，
    /// 09表合计应等于国有资本经营预算拨款收入加上年结转。
    ///
    /// The state-capital table (09) disagrees with 04's state-capital figures (X11).
    pub static CAPITAL_TABLE_MISMATCH = Rule {
        id: "cross.capital-table-mismatch",
        family: Cross,
        severity: Error,
        summary: "国有资本经营预算表与财政拨款收支总表不一致",
        summary_en: "The state-capital table disagrees with table 04",
        run: Some(check),
    };
}

fn check(ctx: &Context, sink: &mut Sink) {
    budget_table_against_04(ctx, sink, TableKind::StateCapital, Source::StateCapital);
}
