use super::summary::{Line, Measure, Summary, SummaryRow};
use crate::declare_rule;
use crate::model::TableKind;
use crate::rules::roles::Source;
use crate::rules::{Context, Identity, Sink, Term};

declare_rule! {
    /// 收支总表（公开01表、公开04表及预算中的收支预算总表、财政拨款收支预算总表）自身不平衡：
    ///
    /// - 本年收入合计 = 各项收入之和（“财政拨款”下再分一般公共预算、政府性基金、国有资本
    ///   经营预算时，财政拨款 = 三者之和）；
    /// - 收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初（上年）结转和结余，年初结转
    ///   和结余 = 其下各项之和；
    /// - 本年支出合计 = 各功能分类（类）支出之和（表中只列基本支出、项目支出时 = 二者之和）；
    /// - 支出总计 = 本年支出合计 + 结余分配 + 年末（年终）结转和结余；
    /// - 收入总计 = 支出总计；
    /// - 公开04表分栏列示时，每行“合计 = 一般公共预算 + 政府性基金预算 + 国有资本经营预算”，
    ///   各栏分别满足上面的支出等式，并且每一种预算自身收支平衡：本年收入 + 年初结转和结余 =
    ///   本年支出 + 年末结转和结余。
    ///
    /// 差额在尾数误差以内报为提示。
    ///
    /// A summary table (01, 04 and the budget twins) does not balance: income total = Σ
    /// sources; grand total = income total + non-fiscal surplus used + opening balance;
    /// expenditure total = Σ function classes (or 基本 + 项目); grand total = expenditure total +
    /// surplus distribution + closing balance; income grand total = expenditure grand total; in
    /// 04, 合计 = the three budgets on every line and each budget balances on its own.
    pub static SUMMARY_BALANCE_MISMATCH = Rule {
        id: "table.summary-balance-mismatch",
        family: Table,
        severity: Error,
        summary: "收支总表不平衡",
        summary_en: "A summary table does not balance",
        run: Some(check),
    };
}

fn check(ctx: &Context, sink: &mut Sink) {
    for table in &ctx.doc.tables {
        if !matches!(
            table.kind,
            TableKind::IncomeExpenditureSummary | TableKind::FiscalSummary
        ) {
            continue;
        }
        let s = ctx.summary(table);
        income(ctx, sink, &s);
        for m in s.expenditure_measures() {
            expenditure(ctx, sink, &s, m);
        }
        split(ctx, sink, &s);
        if let (Some(i), Some(e)) = (
            s.first(Line::IncomeGrandTotal),
            s.first(Line::ExpenditureGrandTotal),
        ) {
            if let (Some(a), Some(b)) = (
                s.term(ctx, i, Measure::Total),
                s.term(ctx, e, Measure::Total),
            ) {
                sink.identity(Identity::equal(
                    a,
                    vec![b],
                    "支出方的总计",
                    "the expenditure side's grand total",
                ));
            }
        }
    }
}

/// The rows' figures, as the parts (signed +1) of an identity.
fn terms(ctx: &Context, s: &Summary, rows: &[&SummaryRow], m: Measure) -> Option<Vec<(i8, Term)>> {
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push((1, s.term(ctx, r, m)?));
    }
    Some(out)
}

fn state(
    sink: &mut Sink,
    total: Option<Term>,
    parts: Option<Vec<(i8, Term)>>,
    about: (&'static str, &'static str),
) {
    let (Some(total), Some(parts)) = (total, parts) else {
        return;
    };
    if parts.is_empty() || !total.printed && parts.iter().all(|(_, p)| !p.printed) {
        return;
    }
    sink.identity(Identity::signed(total, parts, about.0, about.1));
}

fn income(ctx: &Context, sink: &mut Sink, s: &Summary) {
    let m = Measure::Total;
    let total = s.first(Line::IncomeTotal);
    let sources = s.sources();
    if let Some(t) = total {
        if !sources.is_empty() {
            state(
                sink,
                s.term(ctx, t, m),
                terms(ctx, s, &sources, m),
                ("各项收入之和", "the sum of the income sources"),
            );
        }
    }
    // 财政拨款 = its parts.
    if let Some(f) = s.first(Line::Income(Source::Fiscal)) {
        let parts = s.all(|l| matches!(l, Line::FiscalPart(_)));
        if !parts.is_empty() {
            state(
                sink,
                s.term(ctx, f, m),
                terms(ctx, s, &parts, m),
                ("其下各项预算拨款之和", "the sum of the budgets under it"),
            );
        }
    }
    let opening = s.first(Line::Opening);
    if let Some(o) = opening {
        let parts = s.all(|l| matches!(l, Line::OpeningPart(_)));
        if !parts.is_empty() {
            state(
                sink,
                s.term(ctx, o, m),
                terms(ctx, s, &parts, m),
                ("其下各项之和", "the sum of its parts"),
            );
        }
    }
    if let (Some(g), Some(t)) = (s.first(Line::IncomeGrandTotal), total) {
        let mut rows = vec![t];
        rows.extend(s.first(Line::NonFiscalSurplusUsed));
        rows.extend(opening);
        state(
            sink,
            s.term(ctx, g, m),
            terms(ctx, s, &rows, m),
            (
                "本年收入合计与结余、结转之和",
                "the income total plus the balances brought in",
            ),
        );
    }
}

fn expenditure(ctx: &Context, sink: &mut Sink, s: &Summary, m: Measure) {
    let Some(total) = s.first(Line::ExpenditureTotal) else {
        return;
    };
    let classes = s.classes();
    if !classes.is_empty() {
        state(
            sink,
            s.term(ctx, total, m),
            terms(ctx, s, &classes, m),
            ("各功能分类支出之和", "the sum of the function classes"),
        );
    }
    if let (Some(b), Some(p)) = (s.first(Line::Basic), s.first(Line::Project)) {
        state(
            sink,
            s.term(ctx, total, m),
            terms(ctx, s, &[b, p], m),
            ("基本支出与项目支出之和", "基本支出 plus 项目支出"),
        );
    }
    let closing = s.first(Line::Closing);
    if let Some(c) = closing {
        let parts = s.all(|l| matches!(l, Line::ClosingPart(_)));
        if !parts.is_empty() {
            state(
                sink,
                s.term(ctx, c, m),
                terms(ctx, s, &parts, m),
                ("其下各项之和", "the sum of its parts"),
            );
        }
    }
    if let Some(g) = s.first(Line::ExpenditureGrandTotal) {
        let mut rows = vec![total];
        rows.extend(s.first(Line::SurplusDistribution));
        rows.extend(closing);
        state(
            sink,
            s.term(ctx, g, m),
            terms(ctx, s, &rows, m),
            (
                "本年支出合计与结余分配、年末结转和结余之和",
                "the expenditure total plus surplus distribution and the closing balance",
            ),
        );
    }
}

/// 04 split by budget: 合计 = the three budgets on every expenditure line; each budget balances.
fn split(ctx: &Context, sink: &mut Sink, s: &Summary) {
    let measures = s.expenditure_measures();
    let budgets: Vec<Measure> = measures
        .iter()
        .copied()
        .filter(|m| *m != Measure::Total)
        .collect();
    if budgets.is_empty() {
        return;
    }
    let Some(block) = s.first(Line::ExpenditureTotal).map(|r| r.block) else {
        return;
    };
    for r in s.rows.iter().filter(|r| r.block == block) {
        let mut parts = Some(Vec::with_capacity(budgets.len()));
        for m in &budgets {
            match (s.term(ctx, r, *m), &mut parts) {
                (Some(t), Some(p)) => p.push((1, t)),
                _ => {
                    parts = None;
                    break;
                }
            }
        }
        state(
            sink,
            s.term(ctx, r, Measure::Total),
            parts,
            ("各预算栏之和", "the sum of the budget columns"),
        );
    }
    for m in budgets {
        let Measure::Budget(source) = m else { continue };
        let (Some(inc), Some(exp)) = (
            s.first(Line::Income(source)),
            s.first(Line::ExpenditureTotal),
        ) else {
            continue;
        };
        let Some(total) = s.term(ctx, inc, Measure::Total) else {
            continue;
        };
        let mut parts = Vec::new();
        let Some(e) = s.term(ctx, exp, m) else {
            continue;
        };
        parts.push((1, e));
        if let Some(c) = s.first(Line::Closing).and_then(|c| s.term(ctx, c, m)) {
            parts.push((1, c));
        }
        if let Some(o) = s
            .first(Line::OpeningPart(source))
            .and_then(|o| s.term(ctx, o, Measure::Total))
        {
            parts.push((-1, o));
        }
        if !total.printed && parts.iter().all(|(_, p)| !p.printed) {
            continue;
        }
        sink.identity(Identity::signed(
            total,
            parts,
            "本栏本年支出与年末结转和结余之和减去年初结转和结余",
            "this budget's spending plus its closing balance less its opening balance",
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings_of;

    const SAMPLE: &str = include_str!("../../../tests/fixtures/samples/000.txt");

    #[test]
    fn the_sample_balances() {
        assert!(findings_of(SAMPLE, "table.summary-balance-mismatch").is_empty());
    }

    #[test]
    fn a_wrong_income_total_is_found() {
        let text = SAMPLE.replacen("八、其他收入\t8\t11.2", "八、其他收入\t8\t12.2", 1);
        assert_ne!(text, SAMPLE);
        let f = findings_of(&text, "table.summary-balance-mismatch");
        assert!(!f.is_empty());
        assert!(f.iter().all(|f| f.location.line == 119), "{f:#?}");
    }

    const FUZHOU: &str =
        include_str!("../../../tests/fixtures/samples/2026-fuzhou-commerce-budget.txt");

    #[test]
    fn a_second_total_line_is_the_grand_total() {
        // Fuzhou's 01 closes with 本年收入合计, 上年结转结余, 收入合计 (its grand total) and
        // 本年支出合计, 结转下年支出, 支出合计; the amounts of the 合计 lines wrap in their cells.
        assert!(findings_of(FUZHOU, "table.summary-balance-mismatch").is_empty());
        let text = FUZHOU.replacen(
            "上年结转结余                    0.00",
            "上年结转结余                    5.00",
            1,
        );
        assert_ne!(text, FUZHOU);
        let f = findings_of(&text, "table.summary-balance-mismatch");
        assert!(f.iter().any(|f| f.location.line == 229), "{f:#?}");
        let text = FUZHOU.replacen(
            "结转下年支出                  0.00",
            "结转下年支出                  5.00",
            1,
        );
        assert_ne!(text, FUZHOU);
        let f = findings_of(&text, "table.summary-balance-mismatch");
        assert!(f.iter().any(|f| f.location.line == 229), "{f:#?}");
    }
}
