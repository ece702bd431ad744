use super::{cell, summary, table, tie, tie_sum, total_block};
use crate::declare_rule;
use crate::model::TableKind;
use crate::rules::roles::{source_of, Source};
use crate::rules::table::summary::{Line, Measure};
use crate::rules::{Context, Sink};
use crate::text::Has;

declare_rule! {
    /// 各表的收入数对不上：
    ///
    /// - 公开01表的一般公共预算、政府性基金预算、国有资本经营预算财政拨款收入应分别等于
    ///   公开04表的对应收入（X01–X03）；
    /// - 公开02表合计行的“本年收入合计”应等于公开01表本年收入合计（X04）；预算收入总表的
    ///   “合计”含上年结转时，应等于收入总计；
    /// - 公开02表合计行的“财政拨款收入”应等于公开01表三项财政拨款收入之和（X05），其余各栏
    ///   （上级补助收入、事业收入、经营收入、附属单位上缴收入、其他收入，预算表的财政专户
    ///   管理资金、单位资金等）应等于公开01表的同名收入（X06）。
    ///
    /// 栏目按表头文字认定；表头读不清的表不比较。
    ///
    /// Income figures disagree between tables: 01's three fiscal income lines and 04's (X01–X03);
    /// 02's total and 01's income total (X04); 02's 财政拨款收入 and the sum of 01's three
    /// fiscal lines (X05); 02's other source columns and 01's lines of the same name (X06).
    pub static INCOME_SOURCE_MISMATCH = Rule {
        id: "cross.income-source-mismatch",
        family: Cross,
        severity: Error,
        summary: "各表收入数不一致",
        summary_en: "Income figures disagree between tables",
        run: Some(check),
    };
}

const FISCAL: [Source; 3] = [
    Source::GeneralBudget,
    Source::GovernmentFund,
    Source::StateCapital,
];

fn check(ctx: &Context, sink: &mut Sink) {
    let Some(s01) = summary(ctx, TableKind::IncomeExpenditureSummary) else {
        return;
    };
    if let Some(s04) = summary(ctx, TableKind::FiscalSummary) {
        for s in FISCAL {
            let a = s01
                .source_line(s)
                .and_then(|r| s01.term(ctx, r, Measure::Total));
            let b = s04
                .source_line(s)
                .and_then(|r| s04.term(ctx, r, Measure::Total));
            tie(sink, b, a);
        }
    }
    let Some(t02) = table(ctx, TableKind::Income) else {
        return;
    };
    let Some((block, total)) = total_block(ctx, t02) else {
        return;
    };
    let block_keys = ctx.view.keys(block);
    let has_opening = block_keys
        .joined
        .iter()
        .any(|k| k.has("上年") || k.has("年初"));
    let line = |l: Line| s01.first(l).and_then(|r| s01.term(ctx, r, Measure::Total));
    // The overall total column.
    let whole = if has_opening {
        line(Line::IncomeGrandTotal)
    } else {
        line(Line::IncomeTotal)
    };
    tie(sink, cell(ctx, t02, block, total, &[], &[]), whole);
    if has_opening {
        tie(
            sink,
            cell(ctx, t02, block, total, &["本年收入", "小计"], &[]),
            line(Line::IncomeTotal),
        );
    }
    // Source columns (not under 上年结转).
    let mut used = Vec::new();
    for (c, (path, joined)) in block_keys
        .paths()
        .iter()
        .zip(&block_keys.joined)
        .enumerate()
    {
        if joined.has("上年") || joined.has("年初") || joined.has("结转") {
            continue;
        }
        let Some(leaf) = path.last() else { continue };
        let Some(source) = source_of(leaf) else {
            continue;
        };
        if used.contains(&source) {
            continue; // a source named twice: leave it
        }
        used.push(source);
        let here = ctx.view.term(t02, block, total, c);
        if source == Source::Fiscal {
            let parts: Vec<_> = match s01.first(Line::Income(Source::Fiscal)) {
                Some(r) => vec![s01.term(ctx, r, Measure::Total)],
                None => FISCAL
                    .iter()
                    .filter_map(|s| s01.source_line(*s))
                    .map(|r| s01.term(ctx, r, Measure::Total))
                    .collect(),
            };
            tie_sum(
                sink,
                here,
                parts,
                (
                    "公开01表 三项财政拨款收入之和",
                    "the sum of table 01's three fiscal income lines",
                ),
            );
        } else if let Some(r) = s01.source_line(source) {
            tie(sink, here, s01.term(ctx, r, Measure::Total));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings_of;

    const SAMPLE: &str = include_str!("../../../tests/fixtures/samples/000.txt");

    #[test]
    fn the_sample_agrees_and_a_changed_source_is_found() {
        assert!(findings_of(SAMPLE, "cross.income-source-mismatch").is_empty());
        let text = SAMPLE.replacen(
            "一、一般公共预算财政拨款\t1\t105.8",
            "一、一般公共预算财政拨款\t1\t106.8",
            1,
        );
        assert_ne!(text, SAMPLE);
        let f = findings_of(&text, "cross.income-source-mismatch");
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].location.line, 213);
    }
}
