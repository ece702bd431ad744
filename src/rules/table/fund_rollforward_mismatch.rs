use super::columns;
use crate::declare_rule;
use crate::model::{Block, TableKind};
use crate::rules::{Context, Identity, Sink, View};
use crate::text::Has;

declare_rule! {
    /// 政府性基金（及国有资本经营预算）收入支出决算表的结转结余不衔接：每一行应有
    /// 年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出。
    ///
    /// 栏目按表头文字认定（年初/上年、本年收入、本年支出的小计或合计、年末/年终）；表中没有
    /// 这四栏（例如只列支出的预算表）时不核对。
    ///
    /// The government-fund table (08, and the national 09 when it has the same columns) does
    /// not roll forward: on every row, closing balance = opening balance + income − spending.
    pub static FUND_ROLLFORWARD_MISMATCH = Rule {
        id: "table.fund-rollforward-mismatch",
        family: Table,
        severity: Error,
        summary: "年末结转和结余 ≠ 年初 + 收入 − 支出",
        summary_en: "Closing balance ≠ opening + income − spending",
        run: Some(check),
    };
}

/// The (opening, income, spending, closing) columns of a roll-forward block.
pub(crate) fn rollforward_columns(
    view: &View,
    block: &Block,
) -> Option<(usize, usize, usize, usize)> {
    let keys = view.keys(block);
    let find = |pred: &dyn Fn(&[std::borrow::Cow<str>]) -> bool| -> Option<usize> {
        columns::only((0..block.columns.len()).filter(|&c| pred(&keys.paths()[c])))
    };
    let balance = |k: &str| k.has("结转") || k.has("结余");
    let opening = find(&|p| {
        p.first()
            .is_some_and(|k| balance(k) && (k.has("年初") || k.has("上年")))
    })?;
    let closing = find(&|p| {
        p.first()
            .is_some_and(|k| balance(k) && (k.has("年末") || k.has("年终")))
    })?;
    let income = find(&|p| {
        p.len() == 1 && p[0].has("收入") && !balance(&p[0])
            || p.len() == 2 && p[0].has("收入") && columns::is_total_key(&p[1])
    })?;
    let spending = find(&|p| {
        p.len() == 1 && p[0].has("支出") && !balance(&p[0])
            || p.len() == 2 && p[0].has("支出") && columns::is_total_key(&p[1])
    })?;
    Some((opening, income, spending, closing))
}

fn check(ctx: &Context, sink: &mut Sink) {
    for table in &ctx.doc.tables {
        if !matches!(
            table.kind,
            TableKind::GovernmentFund | TableKind::StateCapital
        ) {
            continue;
        }
        for block in &table.blocks {
            let Some((o, i, s, c)) = rollforward_columns(&ctx.view, block) else {
                continue;
            };
            if !columns::trusted(ctx, table, block) {
                continue;
            }
            for row in &block.rows {
                let t = |col| ctx.view.term(table, block, row, col);
                let (Some(close), Some(open), Some(inc), Some(spent)) = (t(c), t(o), t(i), t(s))
                else {
                    continue;
                };
                if ![&close, &open, &inc, &spent].iter().any(|x| x.printed) {
                    continue;
                }
                sink.identity(Identity::signed(
                    close,
                    vec![(1, open), (1, inc), (-1, spent)],
                    "年初结转和结余加本年收入减本年支出",
                    "the opening balance plus income less spending",
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings_of;

    const TABLE: &str = "公开08表\n政府性基金预算财政拨款收入支出决算表\n单位：万元\n科目编码\t科目名称\t年初结转和结余\t本年收入\t本年支出\t\t\t年末结转和结余\n\t\t\t\t小计\t基本支出\t项目支出\t\n栏次\t\t1\t2\t3\t4\t5\t6\n\t合计\t10.00\t50.00\t40.00\t\t40.00\t20.00\n229\t其他支出\t10.00\t50.00\t40.00\t\t40.00\t20.00\n";

    #[test]
    fn a_rolling_table_passes_and_a_broken_one_is_found() {
        assert!(findings_of(TABLE, "table.fund-rollforward-mismatch").is_empty());
        let text = TABLE.replace(
            "\t合计\t10.00\t50.00\t40.00\t\t40.00\t20.00",
            "\t合计\t10.00\t50.00\t40.00\t\t40.00\t30.00",
        );
        let f = findings_of(&text, "table.fund-rollforward-mismatch");
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].expected.unwrap().to_string(), "20.00");
    }
}
