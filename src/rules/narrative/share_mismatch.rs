use super::bind::{resolve, Quantity};
use super::Narrative;
use super::{
    core_subject, fig_label, section_name, shown, term_label, terms_approx, GbPart, Topic,
};
use crate::declare_rule;
use crate::diagnostic::{Label, Severity};
use crate::rules::identity::Term;
use crate::rules::roles::{Line, SanGong, Stage};
use crate::rules::{Context, Sink};
use crate::text::Has;
use crate::tolerance::{check_percent, Approx, Verdict};
use rust_decimal::Decimal;

declare_rule! {
    /// 说明中“占…%”的比例与其分子、分母不符。分母按模板惯例确定：收入结构占本年收入合计，
    /// 支出结构占本年支出合计，财政拨款支出结构占一般公共预算财政拨款支出合计，人员经费、
    /// 公用经费占基本支出，“三公”各项占“三公”经费合计，政府采购各项占采购总额；句中写明
    /// 分母（“占基本支出的”）时以所写为准。分子是比例前面最近的金额。
    ///
    /// 比例按尾数误差规则判断：所写比例只要落在分子、分母各自四舍五入区间所允许的范围内即
    /// 视为一致。若比例与说明中的金额不符、却与表中数字相符（金额写错），由
    /// `narrative.amount-mismatch` 报告金额，本规则不重复报告。只差末位一个单位（常见于为
    /// 凑足 100% 而调整）报为警告。
    ///
    /// Example: “基本支出 111.61 万元，占 98.39%” with 支出合计 117 万元 — 111.61/117 =
    /// 95.39%. Fix the percentage (or the amount it was computed from).
    ///
    /// A stated share ("占p%") does not match its numerator and denominator. Denominators
    /// follow the template: income shares of 本年收入合计, expenditure shares of 本年支出合计,
    /// 财政拨款 structure of its total, 人员/公用经费 of 基本支出, 三公 items of the 三公 total,
    /// procurement parts of the procurement total; a denominator named in the text wins.
    pub static SHARE_MISMATCH = Rule {
        id: "narrative.share-mismatch",
        family: Narrative,
        severity: Error,
        summary: "说明中的占比与金额不符",
        summary_en: "A stated share does not match its amounts",
        run: Some(check),
    };
}

/// One operand of a share: a narrative figure or table figures.
#[derive(Debug, Clone)]
pub enum Operand {
    Fig(usize),
    Table(Vec<Term>),
}

impl Operand {
    pub fn approx(&self, n: &Narrative) -> Option<Approx> {
        match self {
            Operand::Fig(i) => n.figs[*i].approx_yuan(),
            Operand::Table(terms) => terms_approx(terms),
        }
    }
    pub fn labels(&self, n: &Narrative) -> Vec<Label> {
        match self {
            Operand::Fig(i) => vec![fig_label(n.doc, n.figs[*i].f)],
            Operand::Table(terms) => terms.iter().map(|t| term_label(n.doc, t)).collect(),
        }
    }
    pub fn shown(&self, n: &Narrative) -> String {
        match self {
            Operand::Fig(i) => shown(n.figs[*i].f),
            Operand::Table(terms) => terms
                .iter()
                .map(|t| t.shown())
                .collect::<Vec<_>>()
                .join("+"),
        }
    }
}

/// The numerator (a narrative amount) and denominator of share figure `j`.
pub fn operands(ctx: &Context, n: &Narrative, j: usize) -> Option<(usize, Operand)> {
    let p = &n.figs[j];
    if !p.is_percent() || !p.key.starts_with('占') {
        return None;
    }
    let range = n.sentence_of(j);
    // The numerator: the nearest amount before, in this clause or the one before.
    let num = (range.start..j)
        .rev()
        .find(|&k| n.figs[k].is_amount())
        .filter(|&k| !n.figs[k].is_change() && p.clause - n.figs[k].clause <= 1)?;
    let named = p.key.trim_start_matches('占');
    let named = ["比例为", "比重为", "比例", "比重"]
        .iter()
        .fold(named, |s, suffix| super::trim_end_all(s, suffix))
        .trim_end_matches('为')
        .trim_end_matches('的');
    if named.is_empty() {
        return implicit_denominator(ctx, n, j, num, range.start).map(|d| (num, d));
    }
    explicit_denominator(ctx, n, j, num, named).map(|d| (num, d))
}

/// The first current amount of a range of figures, other than `num`, that is a total: no
/// share of its own follows it (an amount with "占…%" is itself a part).
fn head(n: &Narrative, from: usize, to: usize, num: usize) -> Option<usize> {
    let k = (from..to).find(|&k| {
        let f = &n.figs[k];
        f.is_amount()
            && !f.is_change()
            && !n.figs.get(k + 1).is_some_and(|g| {
                g.is_percent() && g.key.starts_with('占') && g.sentence == f.sentence
            })
    })?;
    (k != num).then_some(k)
}

fn implicit_denominator(
    ctx: &Context,
    n: &Narrative,
    j: usize,
    num: usize,
    sentence_start: usize,
) -> Option<Operand> {
    if let Some(h) = head(n, sentence_start, num, num) {
        return Some(Operand::Fig(h));
    }
    let section = n.section(j);
    let first = (0..j)
        .rev()
        .take_while(|&k| n.section(k) == section)
        .last()
        .unwrap_or(j);
    if let Some(h) = head(n, first, num, num) {
        return Some(Operand::Fig(h));
    }
    let q = match n.figs[j].topic {
        Topic::Income => Quantity::Summary(Line::IncomeTotal),
        Topic::Expenditure => Quantity::Summary(Line::ExpenditureTotal),
        Topic::GeneralBudget(GbPart::Structure) => Quantity::GeneralBudget(0),
        Topic::Basic => Quantity::GeneralBudget(1),
        Topic::SanGong => match *ctx.bound(n, num) {
            Some(Quantity::SanGong(stage, _)) => Quantity::SanGong(stage, SanGong::Total),
            _ => return None,
        },
        _ => return None,
    };
    resolve(ctx, &q).map(Operand::Table)
}

/// A test on a subject.
type Fits = Box<dyn Fn(&str) -> bool>;

fn explicit_denominator(
    ctx: &Context,
    n: &Narrative,
    j: usize,
    num: usize,
    named: &str,
) -> Option<Operand> {
    let section = n.section(j);
    // An earlier amount of the same section whose subject fits.
    let earlier = |fits: &dyn Fn(&str) -> bool| -> Option<usize> {
        (0..j)
            .rev()
            .take_while(|&k| n.section(k) == section)
            .find(|&k| {
                k != num
                    && n.figs[k].is_amount()
                    && !n.figs[k].is_change()
                    && fits(core_subject(&n.figs[k].key))
            })
    };
    let (fits, table): (Fits, Option<Quantity>) = if named.has("支出合计") || named == "本年支出"
    {
        (
            Box::new(|s: &str| s.ends_with("支出合计") && !s.has("财政拨款")),
            Some(Quantity::Summary(Line::ExpenditureTotal)),
        )
    } else if named.has("收入合计") || named == "本年收入" {
        (
            Box::new(|s: &str| s.ends_with("收入合计")),
            Some(Quantity::Summary(Line::IncomeTotal)),
        )
    } else if named == "基本支出" || named.ends_with("基本支出") {
        (Box::new(|s: &str| s.ends_with("基本支出")), None)
    } else if named.has("三公") {
        let stage = match *ctx.bound(n, num) {
            Some(Quantity::SanGong(stage, _)) => stage,
            _ if ctx.view.is_budget() => Stage::Budget,
            _ => Stage::Actual,
        };
        (
            Box::new(|s: &str| s.has("三公")),
            Some(Quantity::SanGong(stage, SanGong::Total)),
        )
    } else if named.has("中小企业") && !named.has("小微") {
        (
            Box::new(|s: &str| s.has("中小企业") && !s.has("小微")),
            None,
        )
    } else if named.has("采购") && (named.has("总额") || named.ends_with("支出")) {
        (
            Box::new(|s: &str| {
                s.has("采购")
                    && !["货物", "工程", "服务", "中小", "小微"]
                        .iter()
                        .any(|w| s.has(w))
            }),
            None,
        )
    } else if named.has("财政拨款支出") || named.has("一般公共预算") {
        (
            Box::new(|s: &str| s.ends_with("财政拨款支出") || s.ends_with("拨款支出")),
            Some(Quantity::GeneralBudget(0)),
        )
    } else {
        return None;
    };
    if let Some(k) = earlier(&*fits) {
        return Some(Operand::Fig(k));
    }
    resolve(ctx, &table?).map(Operand::Table)
}

/// The verdict of share figure `j` with the given operands.
pub fn judge(
    n: &Narrative,
    j: usize,
    num: Approx,
    den: Approx,
) -> Option<crate::tolerance::PercentCheck> {
    let p = n.figs[j].f;
    check_percent(p.value, p.decimals, num, den)
}

fn check(ctx: &Context, sink: &mut Sink) {
    let n = ctx.narrative();
    for j in 0..n.figs.len() {
        let Some((num, den)) = operands(ctx, n, j) else {
            continue;
        };
        let (Some(a), Some(b)) = (n.figs[num].approx_yuan(), den.approx(n)) else {
            continue;
        };
        let Some(c) = judge(n, j, a, b) else {
            continue;
        };
        if c.verdict != Verdict::Breaks {
            continue;
        }
        // The share agrees with the tables' figures: the amount is the wrong one (reported by
        // narrative.amount-mismatch).
        let table_num = ctx.resolved(n, num);
        let table_den = match &den {
            Operand::Fig(k) => ctx.resolved(n, *k),
            Operand::Table(t) => std::borrow::Cow::Owned(Some(t.clone())),
        };
        let alt_num = table_num.as_deref().and_then(terms_approx).unwrap_or(a);
        let alt_den = table_den.as_deref().and_then(terms_approx).unwrap_or(b);
        if (alt_num, alt_den) != (a, b)
            && judge(n, j, alt_num, alt_den).is_some_and(|c| c.verdict.holds())
        {
            continue;
        }
        let p = n.figs[j].f;
        let last_unit = Decimal::new(1, p.decimals.min(20));
        let near = c.difference.abs() < last_unit;
        let severity = if near {
            Severity::Warning
        } else {
            Severity::Error
        };
        let numf = n.figs[num].f;
        let zh = format!(
            "说明“{}”中“{}”{}所占比例写为{}，按{}÷{}计算应为{}%",
            section_name(n.doc, p),
            numf.subject,
            shown(numf),
            shown(p),
            shown(numf),
            den.shown(n),
            c.expected.normalize()
        );
        let en = format!(
            "the narrative states a share of {} for {} ({}), but {} / {} = {}%",
            shown(p),
            numf.subject,
            shown(numf),
            shown(numf),
            den.shown(n),
            c.expected.normalize()
        );
        let mut f = super::percent_finding(sink.rule().id, severity, p, &c, zh, en);
        f.related.push(fig_label(n.doc, numf));
        f.related.extend(den.labels(n));
        if near {
            f.set_help(
                "只差末位一个单位，可能是为使各项比例合计为100%而调整了末位；应按实际比例四舍五入。",
                "Off by one in the last digit: the last digit was probably adjusted to make the shares add up to 100%; round the actual share instead.",
            );
        }
        sink.push(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings_of;

    const SAMPLE: &str = include_str!("../../../tests/fixtures/samples/000.txt");

    #[test]
    fn the_sample_shares_hold() {
        let f = findings_of(SAMPLE, "narrative.share-mismatch");
        assert!(f.is_empty(), "{f:#?}");
    }

    #[test]
    fn a_wrong_share_is_found() {
        let text = SAMPLE.replace("其他收入11.2万元，占9.57%", "其他收入11.2万元，占7.57%");
        let f = findings_of(&text, "narrative.share-mismatch");
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].stated.unwrap().to_string(), "7.57");
        assert_eq!(f[0].expected.unwrap().to_string(), "9.57");
        assert_eq!(f[0].location.line, 372);
    }

    #[test]
    fn a_named_denominator_is_used() {
        let text = SAMPLE.replace("占基本支出的86.09%", "占基本支出的76.09%");
        let f = findings_of(&text, "narrative.share-mismatch");
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].expected.unwrap().to_string(), "86.09");
    }
}
