//! Arithmetic identities: `total = Σ ±parts` or `subset ≤ whole`, judged by the one rounding rule
//! and worded in one place.
//!
//! Rules state identities; they do not decide which figure is wrong. That needs every identity
//! at once: a figure that breaks several identities while the other figures in them satisfy
//! identities of their own is the likely culprit. In the founding sample, 公开06表 303
//! (6.74) and its only item 30309 (46.7) disagree; 人员经费合计 86.44 = 301 79.70 + 303 6.74
//! holds, so 6.74 is vouched for and 46.7 is reported, with 6.74 as the related cell.

use super::{Context, Rule};
use crate::diagnostic::{CellRef, Finding, Label, Severity};
use crate::source::Location;
use crate::tolerance::{self, Verdict};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// One figure in an identity.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// As printed, in its own unit.
    pub value: Decimal,
    /// Decimals it stands for (the table's precision for a cell).
    pub decimals: u32,
    /// True when printed as a figure (blank cells and dashes are exact zeros).
    pub printed: bool,
    /// Half the unit of the precision it stands for, in its own unit (zero when exact):
    /// see [`crate::tolerance`] and [`super::View::half_unit`].
    pub half: Decimal,
    /// Multiply by this to get 元.
    pub factor: Decimal,
    /// The unit's name ("万元", "元", "%", "").
    pub unit: &'static str,
    pub location: Location,
    pub table: Option<String>,
    pub cell: Option<CellRef>,
    /// What the figure is, for messages: "公开06表 303 对个人和家庭的补助".
    pub what: String,
    pub what_en: String,
}

impl Term {
    fn yuan(&self) -> Decimal {
        self.value * self.factor
    }
    fn half_yuan(&self) -> Decimal {
        if self.printed {
            self.half * self.factor
        } else {
            Decimal::ZERO
        }
    }
    /// The figure as a reader would print it (to the table's precision).
    pub fn shown(&self) -> String {
        let d = if self.value.scale() > self.decimals {
            self.value.scale()
        } else {
            self.decimals
        };
        show_dp(self.value, d, self.unit)
    }
    fn shown_other(&self, value: Decimal) -> String {
        show_dp(value, self.decimals, self.unit)
    }
    fn key(&self) -> (usize, usize) {
        (self.location.span.start, self.location.span.end)
    }
    fn label(&self) -> Label {
        Label {
            location: self.location,
            message: format!("{} {}", self.what, self.shown()),
            cell: self.cell.clone(),
            value: Some(self.value),
        }
    }
}

/// The relation an identity asserts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// total = Σ ±parts
    Equal,
    /// total ≤ Σ ±parts (a subset cannot exceed its whole)
    AtMost,
}

/// An identity between figures.
#[derive(Debug, Clone)]
pub struct Identity {
    /// Set by the framework to the rule that stated it.
    pub rule: &'static Rule,
    pub relation: Relation,
    pub total: Term,
    /// Parts with their sign (+1 or −1).
    pub parts: Vec<(i8, Term)>,
    /// What the right-hand side is, in Chinese ("其下各款之和", "公开04表 本年支出合计").
    pub about: String,
    pub about_en: String,
}

impl Identity {
    pub fn equal(
        total: Term,
        parts: Vec<Term>,
        about: impl Into<String>,
        about_en: impl Into<String>,
    ) -> Self {
        Identity {
            rule: &super::parser::INPUT_NO_TEXT,
            relation: Relation::Equal,
            total,
            parts: parts.into_iter().map(|t| (1, t)).collect(),
            about: about.into(),
            about_en: about_en.into(),
        }
    }
    pub fn signed(
        total: Term,
        parts: Vec<(i8, Term)>,
        about: impl Into<String>,
        about_en: impl Into<String>,
    ) -> Self {
        Identity {
            parts,
            ..Identity::equal(total, Vec::new(), about, about_en)
        }
    }
    pub fn at_most(
        subset: Term,
        whole: Vec<Term>,
        about: impl Into<String>,
        about_en: impl Into<String>,
    ) -> Self {
        Identity {
            relation: Relation::AtMost,
            ..Identity::equal(subset, whole, about, about_en)
        }
    }

    /// The right-hand side in 元.
    fn rhs_yuan(&self) -> Decimal {
        self.parts
            .iter()
            .map(|(s, t)| if *s < 0 { -t.yuan() } else { t.yuan() })
            .sum()
    }
    fn allowance_yuan(&self) -> Decimal {
        self.total.half_yuan()
            + self
                .parts
                .iter()
                .map(|(_, t)| t.half_yuan())
                .sum::<Decimal>()
    }
    /// Judge the identity: (verdict, total − rhs in 元, allowance in 元).
    pub fn judge(&self) -> (Verdict, Decimal, Decimal) {
        let lhs = self.total.yuan();
        let rhs = self.rhs_yuan();
        let allowance = self.allowance_yuan();
        let verdict = match self.relation {
            Relation::Equal => tolerance::judge(lhs - rhs, allowance),
            Relation::AtMost => tolerance::judge_at_most(lhs, rhs, allowance),
        };
        (verdict, lhs - rhs, allowance)
    }
    fn terms(&self) -> impl Iterator<Item = &Term> {
        std::iter::once(&self.total).chain(self.parts.iter().map(|(_, t)| t))
    }
}

/// Show an amount with its unit: `6.74万元`, `95.39%`.
pub fn show(value: Decimal, unit: &str) -> String {
    format!("{}{}", value.normalize(), unit)
}

/// Show an amount to a number of decimals with its unit: `79.70万元`.
pub fn show_dp(value: Decimal, decimals: u32, unit: &str) -> String {
    let mut v = tolerance::round(value, decimals);
    v.rescale(decimals.min(20));
    format!("{v}{unit}")
}

/// Judge every identity, pick the likely wrong figure of each broken one, and word the
/// findings.
pub fn resolve(ctx: &Context, identities: &[Identity]) -> Vec<Finding> {
    let judged: Vec<(Verdict, Decimal, Decimal)> = identities.iter().map(Identity::judge).collect();
    // For each figure: in how many broken and how many holding identities it takes part.
    let mut votes: HashMap<(usize, usize), (i32, i32)> = HashMap::new();
    for (identity, (verdict, _, _)) in identities.iter().zip(&judged) {
        for term in identity.terms() {
            let v = votes.entry(term.key()).or_default();
            if verdict.holds() {
                v.1 += 1;
            } else {
                v.0 += 1;
            }
        }
    }
    let mut findings = Vec::new();
    for (identity, &(verdict, diff, allowance)) in identities.iter().zip(&judged) {
        match verdict {
            Verdict::Exact => {}
            Verdict::Rounding => findings.push(rounding(identity, diff, allowance)),
            Verdict::Breaks => findings.push(breach(ctx, identity, &votes, diff, allowance)),
        }
    }
    findings
}

/// The value (in 元) part `i` must have for the identity to hold.
fn needed_yuan(identity: &Identity, i: usize) -> Decimal {
    let others: Decimal = identity
        .parts
        .iter()
        .enumerate()
        .filter(|(j, _)| *j != i)
        .map(|(_, (s, t))| if *s < 0 { -t.yuan() } else { t.yuan() })
        .sum();
    if identity.parts[i].0 < 0 {
        others - identity.total.yuan()
    } else {
        identity.total.yuan() - others
    }
}

fn score(votes: &HashMap<(usize, usize), (i32, i32)>, term: &Term) -> i32 {
    let (broken, held) = votes.get(&term.key()).copied().unwrap_or_default();
    broken - held
}

fn in_unit(yuan: Decimal, term: &Term) -> Decimal {
    if term.factor.is_zero() {
        yuan
    } else {
        tolerance::round(yuan / term.factor, term.decimals.max(2))
    }
}

fn rounding(identity: &Identity, diff: Decimal, allowance: Decimal) -> Finding {
    let total = &identity.total;
    let rhs = in_unit(identity.rhs_yuan(), total);
    let diff_u = in_unit(diff, total);
    let allow_u = in_unit(allowance, total);
    let mut f = Finding::new(
        identity.rule.id,
        Severity::Info,
        total.location,
        format!(
            "{}为{}，{}为{}，相差{}，在尾数误差允许范围（±{}）内",
            total.what,
            total.shown(),
            identity.about,
            total.shown_other(rhs),
            total.shown_other(diff_u),
            total.shown_other(allow_u)
        ),
        format!(
            "{} is {}, {} is {}: a difference of {}, within the rounding allowance (±{})",
            total.what_en,
            total.shown(),
            identity.about_en,
            total.shown_other(rhs),
            total.shown_other(diff_u),
            total.shown_other(allow_u)
        ),
    );
    f.table = total.table.clone();
    f.cell = total.cell.clone();
    f.stated = Some(total.value);
    f.expected = Some(rhs);
    f.difference = Some(diff_u);
    f.allowance = Some(allow_u);
    f.related = related(identity.parts.iter().map(|(_, t)| t));
    f
}

/// Labels for the related figures: the printed ones (blank cells add nothing to read).
fn related<'a>(terms: impl Iterator<Item = &'a Term>) -> Vec<Label> {
    terms
        .filter(|t| t.printed || !t.value.is_zero())
        .map(Term::label)
        .collect()
}

fn breach(
    ctx: &Context,
    identity: &Identity,
    votes: &HashMap<(usize, usize), (i32, i32)>,
    diff: Decimal,
    allowance: Decimal,
) -> Finding {
    // The primary figure: the one most implicated across all identities (broken minus
    // holding); ties go to the total. Among parts, a printed figure is a likelier slip than a
    // blank cell, and a part whose corrected value would be negative is not the culprit.
    // When several printed parts are equally implicated, nothing tells which of them is wrong:
    // the total is reported, with the parts as related figures.
    let mut primary: Option<usize> = None; // None = the total
    let mut vouched_total = false;
    if identity.relation == Relation::Equal {
        let mut best = (score(votes, &identity.total), true, true);
        let mut ties = 0;
        for (i, (_, term)) in identity.parts.iter().enumerate() {
            let plausible =
                term.value.is_sign_negative() || !needed_yuan(identity, i).is_sign_negative();
            let rank = (score(votes, term), plausible, term.printed);
            if rank > best {
                best = rank;
                primary = Some(i);
                ties = 1;
            } else if primary.is_some() && rank == best {
                ties += 1;
            }
        }
        if ties > 1 {
            primary = None;
            vouched_total = true;
        }
    }
    let total = &identity.total;
    let rhs_u = in_unit(identity.rhs_yuan(), total);
    let allow_u = in_unit(allowance, total);
    let rule = identity.rule;
    let mut f = match primary {
        None => {
            let diff_u = in_unit(diff, total);
            let (zh, en) = match identity.relation {
                Relation::Equal => (
                    format!(
                        "{}为{}，{}为{}，相差{}",
                        total.what,
                        total.shown(),
                        identity.about,
                        total.shown_other(rhs_u),
                        total.shown_other(diff_u)
                    ),
                    format!(
                        "{} is {} but {} is {} (difference {})",
                        total.what_en,
                        total.shown(),
                        identity.about_en,
                        total.shown_other(rhs_u),
                        total.shown_other(diff_u)
                    ),
                ),
                Relation::AtMost => (
                    format!(
                        "{}为{}，大于{}{}，而前者只是后者的一部分",
                        total.what,
                        total.shown(),
                        identity.about,
                        total.shown_other(rhs_u)
                    ),
                    format!(
                        "{} is {}, more than {} ({}), of which it is only a part",
                        total.what_en,
                        total.shown(),
                        identity.about_en,
                        total.shown_other(rhs_u)
                    ),
                ),
            };
            let mut f = Finding::new(rule.id, rule.severity, total.location, zh, en);
            f.table = total.table.clone();
            f.cell = total.cell.clone();
            f.stated = Some(total.value);
            f.expected = Some(rhs_u);
            f.difference = Some(diff_u);
            f.related = related(identity.parts.iter().map(|(_, t)| t));
            f
        }
        Some(i) => {
            let term = &identity.parts[i].1;
            let expected = in_unit(needed_yuan(identity, i), term);
            let diff_u = term.value - expected;
            let zh = format!(
                "{}为{}，与{}{}对不上（后者应等于{}）；按其余数字推算，本项应为{}",
                term.what,
                term.shown(),
                total.what,
                total.shown(),
                identity.about,
                term.shown_other(expected)
            );
            let en = format!(
                "{} is {}, which does not agree with {} ({}) = {}; from the other figures it should be {}",
                term.what_en,
                term.shown(),
                total.what_en,
                total.shown(),
                identity.about_en,
                term.shown_other(expected)
            );
            let mut f = Finding::new(rule.id, rule.severity, term.location, zh, en);
            f.table = term.table.clone();
            f.cell = term.cell.clone();
            f.stated = Some(term.value);
            f.expected = Some(expected);
            f.difference = Some(diff_u);
            f.related = std::iter::once(total.label())
                .chain(related(
                    identity
                        .parts
                        .iter()
                        .enumerate()
                        .filter(|(j, _)| *j != i)
                        .map(|(_, (_, t))| t),
                ))
                .collect();
            f
        }
    };
    f.allowance = Some(allow_u);
    if vouched_total {
        f.help = Some(if score(votes, total) < 0 {
            format!(
                "{}与其他相关数字相符，差异更可能出在某一明细上，请逐项核对。",
                total.what
            )
        } else {
            "无法从其他数字判断是合计还是哪一项明细有误，请逐项核对。".to_string()
        });
        return f;
    }
    if let (Some(stated), Some(expected)) = (f.stated, f.expected) {
        let primary_term = match primary {
            None => total,
            Some(i) => &identity.parts[i].1,
        };
        if let Some(help) = slip_hint(ctx, primary_term, stated, expected) {
            f.help = Some(help);
        }
    }
    f
}

/// Say when a wrong figure looks like a typing slip: digits transposed, a shifted decimal point,
/// or a figure copied from a neighbouring row of the same column.
pub fn slip_hint(ctx: &Context, term: &Term, stated: Decimal, expected: Decimal) -> Option<String> {
    if stated.is_zero() || expected.is_zero() || stated == expected {
        return None;
    }
    let digits = |d: Decimal| -> String {
        d.abs()
            .normalize()
            .to_string()
            .chars()
            .filter(|c| c.is_ascii_digit())
            .collect::<String>()
            .trim_start_matches('0')
            .to_string()
    };
    let (a, b) = (digits(stated), digits(expected));
    if a == b {
        return Some(format!(
            "{} 与应有的 {} 只差小数点位置，可能是小数点错位或单位换算错误。",
            stated.normalize(),
            expected.normalize()
        ));
    }
    let mut sa: Vec<char> = a.chars().collect();
    let mut sb: Vec<char> = b.chars().collect();
    sa.sort_unstable();
    sb.sort_unstable();
    if sa == sb && a.len() >= 2 {
        return Some(format!(
            "{} 与应有的 {} 数字相同、顺序不同，可能是录入时数字或小数点顺序错了，应为 {}。",
            stated.normalize(),
            expected.normalize(),
            expected.normalize()
        ));
    }
    // Copied from a neighbouring row?
    let cell = term.cell.as_ref()?;
    let table = ctx.doc.table(&cell.table)?;
    for block in &table.blocks {
        let Some(pos) = block.rows.iter().position(|r| {
            r.cells
                .iter()
                .any(|c| c.location.span == term.location.span && !c.raw.is_empty())
        }) else {
            continue;
        };
        let col = block.rows[pos]
            .cells
            .iter()
            .position(|c| c.location.span == term.location.span)?;
        for other in [pos.wrapping_sub(1), pos + 1] {
            if let Some(row) = block.rows.get(other) {
                if row.cell(col).and_then(|c| c.value()) == Some(stated) {
                    return Some(format!(
                        "{} 与相邻行“{}”的数字相同，可能是抄错了行，应为 {}。",
                        stated.normalize(),
                        row.label,
                        expected.normalize()
                    ));
                }
            }
        }
    }
    None
}
