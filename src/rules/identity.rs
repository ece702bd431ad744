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
use crate::model::Document;
use crate::source::Location;
use crate::tolerance::{self, Verdict};
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::rc::Rc;

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
    /// What the figure is, for messages: worded only when a finding needs it (see
    /// [`Term::what`]).
    pub desc: Desc,
}

/// What a term is, for messages.
#[derive(Debug, Clone, PartialEq)]
pub enum Desc {
    /// A cell of the document's tables (by index), worded from the document on demand
    /// (see [`super::view::cell_words`]); `what` replaces the Chinese wording when set.
    Cell {
        table: u32,
        block: u32,
        row: u32,
        column: u32,
        what: Option<String>,
    },
    /// A figure of the narrative (by index into the document's figures), worded from the
    /// document on demand (see [`super::view::figure_words`]); `what` replaces the Chinese
    /// wording when set.
    Figure { index: u32, what: Option<String> },
    /// Worded already.
    Words(Box<Words>),
    /// A cell of a self-evaluation sheet, worded on demand (see [`SheetCell::words`]).
    Sheet(SheetCell),
}

/// A self-evaluation sheet: its table id and its name, shared by the descriptions of its
/// cells.
#[derive(Debug, PartialEq)]
pub struct SheetName {
    pub table: String,
    pub name: String,
}

/// A self-evaluation sheet's cell, by its sheet and the row and column wording.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetCell {
    pub sheet: Rc<SheetName>,
    pub row: Cow<'static, str>,
    pub column: &'static str,
    /// Replaces the Chinese wording when set (see [`Term::set_what`]).
    pub what: Option<String>,
}

impl SheetCell {
    /// "项目支出绩效自评表（…） 合计（得分）".
    pub fn what(&self) -> String {
        match &self.what {
            Some(what) => what.clone(),
            None => format!("{} {}（{}）", self.sheet.name, self.row, self.column),
        }
    }
    pub fn what_en(&self) -> String {
        format!(
            "table {} ({}) row {} ({})",
            self.sheet.table, self.sheet.name, self.row, self.column
        )
    }
    pub fn cell(&self) -> CellRef {
        CellRef {
            table: self.sheet.table.clone(),
            row: self.row.to_string(),
            column: self.column.to_string(),
        }
    }
    pub fn words(&self) -> Words {
        Words {
            table: Some(self.sheet.table.clone()),
            cell: Some(self.cell()),
            what: self.what(),
            what_en: self.what_en(),
        }
    }
}

/// A term's wording.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Words {
    pub table: Option<String>,
    pub cell: Option<CellRef>,
    /// What the figure is, for messages: "公开06表 303 对个人和家庭的补助".
    pub what: String,
    pub what_en: String,
}

impl Desc {
    pub fn words(
        table: Option<String>,
        cell: Option<CellRef>,
        what: String,
        what_en: String,
    ) -> Self {
        Desc::Words(Box::new(Words {
            table,
            cell,
            what,
            what_en,
        }))
    }
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
    /// The term's wording, rendered from the document when it is a cell.
    pub fn words(&self, doc: &Document) -> Words {
        match &self.desc {
            Desc::Words(w) => (**w).clone(),
            Desc::Sheet(s) => s.words(),
            &Desc::Cell {
                table,
                block,
                row,
                column,
                ref what,
            } => {
                let mut w = super::view::cell_words(
                    doc,
                    table as usize,
                    block as usize,
                    row as usize,
                    column as usize,
                );
                if let Some(what) = what {
                    w.what = what.clone();
                }
                w
            }
            &Desc::Figure { index, ref what } => {
                let mut w = super::view::figure_words(doc, index as usize);
                if let Some(what) = what {
                    w.what = what.clone();
                }
                w
            }
        }
    }
    /// What the figure is, for messages: "公开06表 303 对个人和家庭的补助".
    pub fn what(&self, doc: &Document) -> String {
        match &self.desc {
            Desc::Words(w) => w.what.clone(),
            Desc::Sheet(s) => s.what(),
            Desc::Cell {
                what: Some(what), ..
            }
            | Desc::Figure {
                what: Some(what), ..
            } => what.clone(),
            Desc::Cell { .. } | Desc::Figure { .. } => self.words(doc).what,
        }
    }
    /// What the figure is, in English.
    pub fn what_en(&self, doc: &Document) -> String {
        match &self.desc {
            Desc::Words(w) => w.what_en.clone(),
            Desc::Sheet(s) => s.what_en(),
            Desc::Cell { .. } | Desc::Figure { .. } => self.words(doc).what_en,
        }
    }
    /// The cell the figure is printed in, if it is a table's.
    pub fn cell(&self, doc: &Document) -> Option<CellRef> {
        match &self.desc {
            Desc::Words(w) => w.cell.clone(),
            Desc::Sheet(s) => Some(s.cell()),
            Desc::Cell { .. } => self.words(doc).cell,
            Desc::Figure { .. } => None,
        }
    }
    /// True when the figure is a table cell.
    pub fn has_cell(&self) -> bool {
        match &self.desc {
            Desc::Words(w) => w.cell.is_some(),
            Desc::Sheet(_) | Desc::Cell { .. } => true,
            Desc::Figure { .. } => false,
        }
    }
    /// Replace the Chinese wording.
    pub fn set_what(&mut self, what: String) {
        match &mut self.desc {
            Desc::Words(w) => w.what = what,
            Desc::Sheet(s) => s.what = Some(what),
            Desc::Cell { what: w, .. } | Desc::Figure { what: w, .. } => *w = Some(what),
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
    /// The figure as a related label of a finding.
    pub fn label(&self, doc: &Document) -> Label {
        let w = self.words(doc);
        let shown = self.shown();
        Label::new(
            self.location,
            crate::text::concat(&[&w.what, " ", &shown]),
            crate::text::concat(&[&w.what_en, " ", &shown]),
        )
        .with_cell(w.cell)
        .with_value(self.value)
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
    /// What the right-hand side is ("其下各款之和", "公开04表 本年支出合计").
    pub about: About,
}

/// What the right-hand side of an identity is, for messages. Worded only when a finding needs
/// it: most identities hold.
#[derive(Debug, Clone, PartialEq)]
pub enum About {
    /// In Chinese and in English.
    Text(Cow<'static, str>, Cow<'static, str>),
    /// The sum of the columns its parts (cells of one row) stand in, named by their headers
    /// ([`crate::rules::table::sum_about`]): a column sum is stated on every row, and worded
    /// only for the rows that break it.
    ColumnSum,
    /// In Chinese and in English, `{n}` standing for the number of parts ("其下{n}个下级科目之和").
    Counted(&'static str, &'static str),
    /// What its first part is (a figure compared with one other figure).
    FirstPart,
    /// What each part is, joined ("、" in Chinese, " + " in English); worded on demand.
    Parts,
}

impl Identity {
    pub fn equal(
        total: Term,
        parts: impl IntoIterator<Item = Term>,
        about: impl Into<Cow<'static, str>>,
        about_en: impl Into<Cow<'static, str>>,
    ) -> Self {
        Identity::equal_about(total, parts, About::Text(about.into(), about_en.into()))
    }
    /// `total = Σ parts`, the right-hand side named by `about`.
    pub fn equal_about(total: Term, parts: impl IntoIterator<Item = Term>, about: About) -> Self {
        Identity::signed_about(total, parts.into_iter().map(|t| (1, t)).collect(), about)
    }
    /// `total = Σ ±parts`, the right-hand side named by `about`.
    pub fn signed_about(total: Term, parts: Vec<(i8, Term)>, about: About) -> Self {
        Identity {
            rule: &super::parser::INPUT_NO_TEXT,
            relation: Relation::Equal,
            total,
            parts,
            about,
        }
    }
    /// `total = Σ parts`, the right-hand side named by what each part is (see [`About::Parts`]).
    pub fn equal_parts(total: Term, parts: impl IntoIterator<Item = Term>) -> Self {
        Identity::equal_about(total, parts, About::Parts)
    }
    /// `a = b`, the right-hand side named by what `b` is.
    pub fn same(a: Term, b: Term) -> Self {
        Identity::signed_about(a, vec![(1, b)], About::FirstPart)
    }
    /// `part ≤ whole`, the right-hand side named by what `whole` is.
    pub fn within(part: Term, whole: Term) -> Self {
        Identity {
            relation: Relation::AtMost,
            ..Identity::same(part, whole)
        }
    }
    pub fn signed(
        total: Term,
        parts: Vec<(i8, Term)>,
        about: impl Into<Cow<'static, str>>,
        about_en: impl Into<Cow<'static, str>>,
    ) -> Self {
        Identity::signed_about(total, parts, About::Text(about.into(), about_en.into()))
    }
    pub fn at_most(
        subset: Term,
        whole: impl IntoIterator<Item = Term>,
        about: impl Into<Cow<'static, str>>,
        about_en: impl Into<Cow<'static, str>>,
    ) -> Self {
        Identity {
            relation: Relation::AtMost,
            ..Identity::equal(subset, whole, about, about_en)
        }
    }

    /// What the right-hand side is, in Chinese and English.
    fn about(&self, doc: &Document) -> (String, String) {
        match &self.about {
            About::Text(zh, en) => (zh.to_string(), en.to_string()),
            About::ColumnSum => {
                let names: Vec<&str> = self
                    .parts
                    .iter()
                    .filter_map(|(_, t)| match t.desc {
                        Desc::Cell {
                            table,
                            block,
                            column,
                            ..
                        } => doc
                            .tables
                            .get(table as usize)?
                            .blocks
                            .get(block as usize)?
                            .columns
                            .get(column as usize),
                        _ => None,
                    })
                    .map(|c| c.name())
                    .collect();
                super::table::sum_about(&names)
            }
            About::Counted(zh, en) => {
                let n = self.parts.len().to_string();
                (zh.replace("{n}", &n), en.replace("{n}", &n))
            }
            About::FirstPart => match self.parts.first() {
                Some((_, t)) => {
                    let w = t.words(doc);
                    (w.what, w.what_en)
                }
                None => Default::default(),
            },
            About::Parts => (
                self.parts
                    .iter()
                    .map(|(_, t)| t.what(doc))
                    .collect::<Vec<_>>()
                    .join("、"),
                self.parts
                    .iter()
                    .map(|(_, t)| t.what_en(doc))
                    .collect::<Vec<_>>()
                    .join(" + "),
            ),
        }
    }

    /// The right-hand side in 元.
    fn rhs_yuan(&self) -> Decimal {
        rhs_yuan(&self.parts)
    }
    /// Judge the identity: (verdict, total − rhs in 元, allowance in 元).
    pub fn judge(&self) -> (Verdict, Decimal, Decimal) {
        judge(self.relation, &self.total, &self.parts)
    }
    /// The verdict of [`Identity::judge`] alone (reached in integers when it can be).
    pub fn verdict(&self) -> Verdict {
        verdict(
            self.relation,
            &self.total,
            self.parts.iter().map(|(s, t)| (*s, t)),
        )
    }
    fn terms(&self) -> impl Iterator<Item = &Term> {
        std::iter::once(&self.total).chain(self.parts.iter().map(|(_, t)| t))
    }
}

/// The right-hand side of an identity in 元.
fn rhs_yuan(parts: &[(i8, Term)]) -> Decimal {
    parts
        .iter()
        .map(|(s, t)| if *s < 0 { -t.yuan() } else { t.yuan() })
        .sum()
}

/// Judge `total relation Σ ±parts` (see [`Identity::judge`]) without stating it as an identity:
/// (verdict, total − rhs in 元, allowance in 元).
pub fn judge(
    relation: Relation,
    total: &Term,
    parts: &[(i8, Term)],
) -> (Verdict, Decimal, Decimal) {
    let (lhs, rhs, allowance) = match sums_in_one_unit(total, parts) {
        Some(sums) => sums,
        None => (
            total.yuan(),
            rhs_yuan(parts),
            total.half_yuan() + parts.iter().map(|(_, t)| t.half_yuan()).sum::<Decimal>(),
        ),
    };
    let verdict = match relation {
        Relation::Equal => tolerance::judge(lhs - rhs, allowance),
        Relation::AtMost => tolerance::judge_at_most(lhs, rhs, allowance),
    };
    (verdict, lhs - rhs, allowance)
}

/// The verdict of [`judge`] alone, for parts given as (sign, term). When every term has the
/// same factor and all figures are small (as [`sums_in_one_unit`] requires, where `Decimal`
/// arithmetic is exact), the sums are compared as integers at one scale: the same verdict
/// without building the decimals. Otherwise the decimals are summed as [`judge`] sums them.
pub fn verdict<'a>(
    relation: Relation,
    total: &'a Term,
    parts: impl Iterator<Item = (i8, &'a Term)> + Clone,
) -> Verdict {
    if let Some(v) = verdict_in_integers(relation, total, parts.clone()) {
        return v;
    }
    let lhs = total.yuan();
    let rhs: Decimal = parts
        .clone()
        .map(|(s, t)| if s < 0 { -t.yuan() } else { t.yuan() })
        .sum();
    let allowance = total.half_yuan() + parts.map(|(_, t)| t.half_yuan()).sum::<Decimal>();
    match relation {
        Relation::Equal => tolerance::judge(lhs - rhs, allowance),
        Relation::AtMost => tolerance::judge_at_most(lhs, rhs, allowance),
    }
}

/// [`verdict`] in integers, when every term has the same whole, non-negative factor (at most
/// 10⁸) and every value and half is small (see [`sums_in_one_unit`]); `None` otherwise. A
/// common positive factor changes neither the signs nor the order of the sums, and a zero
/// factor makes every figure zero (an exact identity).
fn verdict_in_integers<'a>(
    relation: Relation,
    total: &'a Term,
    parts: impl Iterator<Item = (i8, &'a Term)>,
) -> Option<Verdict> {
    let f = total.factor.unpack();
    if f.scale != 0 || f.hi != 0 || f.mid != 0 || f.negative || f.lo > 100_000_000 {
        return None;
    }
    /// Powers of ten up to the largest scale of a small decimal.
    const POW10: [i64; 7] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];
    /// A small decimal (see `sums_in_one_unit`: a mantissa below 2⁴⁰ and at most 6 decimals)
    /// in millionths, which are exact and below 2⁶⁰.
    fn micros(d: &Decimal) -> Option<i64> {
        let u = d.unpack();
        if u.hi != 0 || u.mid >= 256 || u.scale > 6 {
            return None;
        }
        let m = ((i64::from(u.mid) << 32) | i64::from(u.lo)) * POW10[6 - u.scale as usize];
        Some(if u.negative { -m } else { m })
    }
    let same_factor = |t: &Term| {
        let u = t.factor.unpack();
        u.lo == f.lo && u.mid == 0 && u.hi == 0 && u.scale == 0 && !u.negative
    };
    let lhs = i128::from(micros(&total.value)?);
    let total_half = micros(&total.half)?;
    let mut allowance = if total.printed {
        i128::from(total_half)
    } else {
        0
    };
    let mut rhs = 0i128;
    for (count, (sign, t)) in parts.enumerate() {
        if count >= 255 || !same_factor(t) {
            return None;
        }
        let v = i128::from(micros(&t.value)?);
        let half = micros(&t.half)?;
        rhs += if sign < 0 { -v } else { v };
        if t.printed {
            allowance += i128::from(half);
        }
    }
    if f.lo == 0 {
        return Some(Verdict::Exact);
    }
    let judge = |d: i128| {
        if d == 0 {
            Verdict::Exact
        } else if d.abs() <= allowance {
            Verdict::Rounding
        } else {
            Verdict::Breaks
        }
    };
    Some(match relation {
        Relation::Equal => judge(lhs - rhs),
        Relation::AtMost if lhs <= rhs => Verdict::Exact,
        Relation::AtMost => judge(lhs - rhs),
    })
}

/// [`judge`]'s left-hand side, right-hand side and allowance in 元, summed in the terms' own
/// unit and converted once, when every term has the same factor and all figures are small
/// enough for every step to be exact either way (so the sums are the very same decimals,
/// scale included; only a zero's sign may differ, and a zero difference is never shown).
/// `None` otherwise.
fn sums_in_one_unit(total: &Term, parts: &[(i8, Term)]) -> Option<(Decimal, Decimal, Decimal)> {
    // Mantissas below 2⁴⁰ with at most 6 decimals, at most 255 parts and a whole factor of at
    // most 10⁸ (< 2²⁷): every product and sum, in either order, stays below 2⁹⁶ (no rounding).
    fn small(d: &Decimal) -> bool {
        let u = d.unpack();
        u.hi == 0 && u.mid < 256 && u.scale <= 6
    }
    let factor = total.factor;
    let f = factor.unpack();
    if parts.len() > 255
        || f.scale != 0
        || f.hi != 0
        || f.mid != 0
        || f.negative
        || f.lo > 100_000_000
    {
        return None;
    }
    let raw = factor.serialize();
    if parts
        .iter()
        .any(|(_, t)| t.factor.serialize() != raw || !small(&t.value) || !small(&t.half))
    {
        return None;
    }
    let rhs = signed_sum(parts.iter().map(|(s, t)| (*s < 0, &t.value)));
    let half = signed_sum(
        parts
            .iter()
            .filter(|(_, t)| t.printed)
            .map(|(_, t)| (false, &t.half)),
    );
    if !small(&total.value) || !small(&total.half) {
        return None;
    }
    let total_half = if total.printed {
        total.half
    } else {
        Decimal::ZERO
    };
    Some((
        times(&total.value, f.lo)?,
        times(&rhs, f.lo)?,
        times(&(total_half + half), f.lo)?,
    ))
}

/// `d × factor` as `Decimal` multiplies by a whole factor (scale 0): the mantissas multiplied
/// and the scale kept, a zero product being `Decimal::ZERO`. `None` past 96 bits.
fn times(d: &Decimal, factor: u32) -> Option<Decimal> {
    let u = d.unpack();
    let m = ((u128::from(u.hi) << 64) | (u128::from(u.mid) << 32) | u128::from(u.lo))
        .checked_mul(u128::from(factor))?;
    if m == 0 {
        return Some(Decimal::ZERO);
    }
    if m >> 96 != 0 {
        return None;
    }
    Some(Decimal::from_parts(
        m as u32,
        (m >> 32) as u32,
        (m >> 64) as u32,
        u.negative,
        u.scale,
    ))
}

/// Σ ±d (`true` for minus) from zero, as `Decimal` sums it (the same value and scale; a zero
/// may differ in sign), in integers when all share one scale. The figures are small (see
/// [`sums_in_one_unit`]).
fn signed_sum<'a>(terms: impl Iterator<Item = (bool, &'a Decimal)> + Clone) -> Decimal {
    let mut scale = None;
    let mut sum: i128 = 0;
    let mut one_scale = true;
    for (minus, d) in terms.clone() {
        let u = d.unpack();
        if *scale.get_or_insert(u.scale) != u.scale {
            one_scale = false;
            break;
        }
        let m = (i128::from(u.hi) << 64) | (i128::from(u.mid) << 32) | i128::from(u.lo);
        if minus != u.negative {
            sum -= m;
        } else {
            sum += m;
        }
    }
    if one_scale {
        if let Ok(d) = Decimal::try_from_i128_with_scale(sum, scale.unwrap_or(0)) {
            return d;
        }
    }
    terms.fold(
        Decimal::ZERO,
        |acc, (minus, d)| if minus { acc - d } else { acc + d },
    )
}

/// Show an amount with its unit: `6.74万元`, `95.39%`.
pub fn show(value: Decimal, unit: &str) -> String {
    with_unit(value.normalize(), unit)
}

/// Show an amount to a number of decimals with its unit: `79.70万元`.
pub fn show_dp(value: Decimal, decimals: u32, unit: &str) -> String {
    let mut v = tolerance::round(value, decimals);
    v.rescale(decimals.min(20));
    with_unit(v, unit)
}

/// `format!("{value}{unit}")`, in one allocation of room enough.
pub fn with_unit(value: Decimal, unit: &str) -> String {
    use std::fmt::Write;
    // A decimal prints in at most 30 characters (29 digits and a point) and a sign.
    let mut out = String::with_capacity(32 + unit.len());
    let _ = write!(out, "{value}");
    out.push_str(unit);
    out
}

/// Judge every identity, pick the likely wrong figure of each broken one, and word the
/// findings.
pub fn resolve(ctx: &Context, identities: &[Identity]) -> Vec<Finding> {
    // Most identities hold exactly: their verdict alone is needed.
    let verdicts: Vec<Verdict> = identities.iter().map(Identity::verdict).collect();
    // The votes are counted only when some identity breaks: most documents have few breaches.
    let votes = std::cell::OnceCell::new();
    let mut findings = Vec::new();
    for (identity, &verdict) in identities.iter().zip(&verdicts) {
        if verdict == Verdict::Exact {
            continue;
        }
        let (verdict, diff, allowance) = identity.judge();
        match verdict {
            Verdict::Exact => {}
            Verdict::Rounding => findings.push(rounding(ctx.doc, identity, diff, allowance)),
            Verdict::Breaks => {
                let votes = votes.get_or_init(|| Votes::count(identities, &verdicts));
                findings.push(breach(ctx, identity, votes, diff, allowance))
            }
        }
    }
    findings
}

/// For each figure of a broken identity (by its place in the text): in how many broken
/// identities it takes part, less in how many holding ones.
struct Votes(Vec<((usize, usize), i32)>);

impl Votes {
    fn count(identities: &[Identity], judged: &[Verdict]) -> Self {
        // Only the figures of broken identities are ever scored (see `breach`).
        let mut votes: Vec<((usize, usize), i32)> = identities
            .iter()
            .zip(judged)
            .filter(|(_, verdict)| !verdict.holds())
            .flat_map(|(identity, _)| identity.terms().map(|term| (term.key(), 0)))
            .collect();
        votes.sort_unstable();
        votes.dedup();
        let (Some(&(first, _)), Some(&(last, _))) = (votes.first(), votes.last()) else {
            return Votes(votes);
        };
        for (identity, verdict) in identities.iter().zip(judged) {
            let vote = if verdict.holds() { -1 } else { 1 };
            for term in identity.terms() {
                let key = term.key();
                if key < first || key > last {
                    continue;
                }
                if let Ok(i) = votes.binary_search_by_key(&key, |(k, _)| *k) {
                    votes[i].1 += vote;
                }
            }
        }
        Votes(votes)
    }

    /// Broken minus holding identities the term takes part in (a figure of a broken identity).
    fn score(&self, term: &Term) -> i32 {
        let key = term.key();
        match self.0.binary_search_by_key(&key, |(k, _)| *k) {
            Ok(i) => self.0[i].1,
            Err(_) => 0,
        }
    }
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

fn in_unit(yuan: Decimal, term: &Term) -> Decimal {
    if term.factor.is_zero() {
        yuan
    } else {
        tolerance::round(yuan / term.factor, term.decimals.max(2))
    }
}

fn rounding(doc: &Document, identity: &Identity, diff: Decimal, allowance: Decimal) -> Finding {
    let total = &identity.total;
    let words = total.words(doc);
    let (about, about_en) = identity.about(doc);
    let rhs = in_unit(identity.rhs_yuan(), total);
    let diff_u = in_unit(diff, total);
    let allow_u = in_unit(allowance, total);
    let mut f = Finding::new(
        identity.rule.id,
        Severity::Info,
        total.location,
        format!(
            "{}为{}，{}为{}，相差{}，在尾数误差允许范围（±{}）内",
            words.what,
            total.shown(),
            about,
            total.shown_other(rhs),
            total.shown_other(diff_u),
            total.shown_other(allow_u)
        ),
        format!(
            "{} is {}, {} is {}: a difference of {}, within the rounding allowance (±{})",
            words.what_en,
            total.shown(),
            about_en,
            total.shown_other(rhs),
            total.shown_other(diff_u),
            total.shown_other(allow_u)
        ),
    );
    f.table = words.table;
    f.cell = words.cell;
    f.stated = Some(total.value);
    f.expected = Some(rhs);
    f.difference = Some(diff_u);
    f.allowance = Some(allow_u);
    f.related = related(doc, identity.parts.iter().map(|(_, t)| t));
    f
}

/// Labels for the related figures: the printed ones (blank cells add nothing to read).
fn related<'a>(doc: &Document, terms: impl Iterator<Item = &'a Term>) -> Vec<Label> {
    terms
        .filter(|t| t.printed || !t.value.is_zero())
        .map(|t| t.label(doc))
        .collect()
}

fn breach(
    ctx: &Context,
    identity: &Identity,
    votes: &Votes,
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
        let mut best = (votes.score(&identity.total), true, true);
        let mut ties = 0;
        for (i, (_, term)) in identity.parts.iter().enumerate() {
            let plausible =
                term.value.is_sign_negative() || !needed_yuan(identity, i).is_sign_negative();
            let rank = (votes.score(term), plausible, term.printed);
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
    let doc = ctx.doc;
    let words = total.words(doc);
    let (about, about_en) = identity.about(doc);
    let mut f = match primary {
        None => {
            let diff_u = in_unit(diff, total);
            let (zh, en) = match identity.relation {
                Relation::Equal => (
                    format!(
                        "{}为{}，{}为{}，相差{}",
                        words.what,
                        total.shown(),
                        about,
                        total.shown_other(rhs_u),
                        total.shown_other(diff_u)
                    ),
                    format!(
                        "{} is {} but {} is {} (difference {})",
                        words.what_en,
                        total.shown(),
                        about_en,
                        total.shown_other(rhs_u),
                        total.shown_other(diff_u)
                    ),
                ),
                Relation::AtMost => (
                    format!(
                        "{}为{}，大于{}{}，而前者只是后者的一部分",
                        words.what,
                        total.shown(),
                        about,
                        total.shown_other(rhs_u)
                    ),
                    format!(
                        "{} is {}, more than {} ({}), of which it is only a part",
                        words.what_en,
                        total.shown(),
                        about_en,
                        total.shown_other(rhs_u)
                    ),
                ),
            };
            let mut f = Finding::new(rule.id, rule.severity, total.location, zh, en);
            f.table = words.table.clone();
            f.cell = words.cell.clone();
            f.stated = Some(total.value);
            f.expected = Some(rhs_u);
            f.difference = Some(diff_u);
            f.related = related(doc, identity.parts.iter().map(|(_, t)| t));
            f
        }
        Some(i) => {
            let term = &identity.parts[i].1;
            let expected = in_unit(needed_yuan(identity, i), term);
            let diff_u = term.value - expected;
            let term_words = term.words(doc);
            let zh = format!(
                "{}为{}，与{}{}对不上（后者应等于{}）；按其余数字推算，本项应为{}",
                term_words.what,
                term.shown(),
                words.what,
                total.shown(),
                about,
                term.shown_other(expected)
            );
            let en = format!(
                "{} is {}, which does not agree with {} ({}) = {}; from the other figures it should be {}",
                term_words.what_en,
                term.shown(),
                words.what_en,
                total.shown(),
                about_en,
                term.shown_other(expected)
            );
            let mut f = Finding::new(rule.id, rule.severity, term.location, zh, en);
            f.table = term_words.table;
            f.cell = term_words.cell;
            f.stated = Some(term.value);
            f.expected = Some(expected);
            f.difference = Some(diff_u);
            f.related = std::iter::once(total.label(doc))
                .chain(related(
                    doc,
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
        if votes.score(total) <= 0 {
            f.set_help(
                format!(
                    "{}与其他相关数字相符，差异更可能出在某一明细上，请逐项核对。",
                    words.what
                ),
                format!(
                    "{} agrees with the other related figures, so the difference more likely lies in one of the items: check them one by one.",
                    words.what_en
                ),
            );
        } else {
            f.set_help(
                "无法从其他数字判断是合计还是哪一项明细有误，请逐项核对。",
                "The other figures do not tell whether the total or one of the items is wrong: check them one by one.",
            );
        }
        return f;
    }
    if let (Some(stated), Some(expected)) = (f.stated, f.expected) {
        let primary_term = match primary {
            None => total,
            Some(i) => &identity.parts[i].1,
        };
        if let Some((help, help_en)) = slip_hint(ctx, primary_term, stated, expected) {
            f.set_help(help, help_en);
        }
    }
    f
}

/// Say when a wrong figure looks like a typing slip: digits transposed, a shifted decimal point,
/// or a figure copied from a neighbouring row of the same column. The hint in Chinese and in
/// English.
pub fn slip_hint(
    ctx: &Context,
    term: &Term,
    stated: Decimal,
    expected: Decimal,
) -> Option<(String, String)> {
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
    let (was, should) = (stated.normalize(), expected.normalize());
    if a == b {
        return Some((
            format!(
                "{was} 与应有的 {should} 只差小数点位置，可能是小数点错位或单位换算错误。"
            ),
            format!(
                "{was} differs from the expected {should} only in the position of the decimal point: probably a shifted decimal point or a wrong unit conversion."
            ),
        ));
    }
    let mut sa: Vec<char> = a.chars().collect();
    let mut sb: Vec<char> = b.chars().collect();
    sa.sort_unstable();
    sb.sort_unstable();
    if sa == sb && a.len() >= 2 {
        return Some((
            format!(
                "{was} 与应有的 {should} 数字相同、顺序不同，可能是录入时数字或小数点顺序错了，应为 {should}。"
            ),
            format!(
                "{was} has the same digits as the expected {should} in a different order: probably digits or the decimal point transposed when typing; it should be {should}."
            ),
        ));
    }
    // Copied from a neighbouring row?
    let cell = term.cell(ctx.doc)?;
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
                    return Some((
                        format!(
                            "{was} 与相邻行“{}”的数字相同，可能是抄错了行，应为 {should}。",
                            row.label
                        ),
                        format!(
                            "{was} is the figure of the neighbouring row “{}”: probably copied from the wrong row; it should be {should}.",
                            row.label
                        ),
                    ));
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(value: &str, half: &str, factor: Decimal, printed: bool) -> Term {
        Term {
            value: value.parse().unwrap(),
            decimals: 2,
            printed,
            half: half.parse().unwrap(),
            factor,
            unit: "万元",
            location: Location::default(),
            desc: Desc::Words(Box::default()),
        }
    }

    /// Figures of every kind the sums meet: zeros of each scale, trailing zeros, negatives,
    /// fine decimals, and figures too large for a 32-bit mantissa.
    const VALUES: [&str; 11] = [
        "0",
        "0.00",
        "-0",
        "1",
        "79.7",
        "79.70",
        "-6.74",
        "102.573",
        "0.000001",
        "4294967296.01",
        "-9999999999.99",
    ];

    /// The verdict alone (in integers where it can be) is the verdict of the full judgement,
    /// for both relations, in one unit or mixed, small figures or large.
    #[test]
    fn the_verdict_is_the_judgements() {
        let values: Vec<&str> = VALUES
            .iter()
            .copied()
            .chain(["0.0000001", "123456789012345.67"])
            .collect();
        let halves = ["0", "0.005", "0.05", "0.5", "0.000", "0.0000005"];
        let factors = [
            Decimal::ZERO,
            Decimal::ONE,
            Decimal::from(10_000),
            Decimal::from(100_000_000),
            Decimal::new(10_000, 2),
        ];
        let mut checked = 0;
        for (fi, factor) in factors.iter().enumerate() {
            for (i, v) in values.iter().enumerate() {
                for (j, h) in halves.iter().enumerate() {
                    let total = term(v, h, *factor, i % 2 == 0);
                    for n in [1, 2, i + 1] {
                        let parts: Vec<(i8, Term)> = values
                            .iter()
                            .cycle()
                            .skip(j)
                            .take(n)
                            .enumerate()
                            .map(|(k, w)| {
                                let sign = if (k + j) % 3 == 0 { -1 } else { 1 };
                                // Now and then a part in another unit.
                                let f = if (k + i + fi) % 7 == 0 {
                                    factors[(fi + 1) % factors.len()]
                                } else {
                                    *factor
                                };
                                (sign, term(w, halves[(k + i) % halves.len()], f, k != j))
                            })
                            .collect();
                        for relation in [Relation::Equal, Relation::AtMost] {
                            let slow = judge(relation, &total, &parts).0;
                            let fast =
                                verdict(relation, &total, parts.iter().map(|(s, t)| (*s, t)));
                            assert_eq!(fast, slow, "{relation:?} {v} {h} {factor} {n}");
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 1000);
    }

    /// Summing in the terms' unit gives the very decimals (scale included) that summing in 元
    /// does.
    #[test]
    fn sums_in_one_unit_are_the_sums_in_yuan() {
        let values = VALUES;
        let halves = ["0", "0.005", "0.05", "0.5", "0.000"];
        let factors = [
            Decimal::ONE,
            Decimal::from(10_000),
            Decimal::from(100_000_000),
        ];
        let mut checked = 0;
        for factor in factors {
            for (i, v) in values.iter().enumerate() {
                for (j, h) in halves.iter().enumerate() {
                    let total = term(v, h, factor, i % 2 == 0);
                    let parts: Vec<(i8, Term)> = values
                        .iter()
                        .enumerate()
                        .take(i + 1)
                        .map(|(k, w)| {
                            let sign = if (k + j) % 3 == 0 { -1 } else { 1 };
                            (sign, term(w, halves[k % halves.len()], factor, k != j))
                        })
                        .collect();
                    let (lhs, rhs, allowance) = sums_in_one_unit(&total, &parts).unwrap();
                    let slow_allowance = total.half_yuan()
                        + parts.iter().map(|(_, t)| t.half_yuan()).sum::<Decimal>();
                    let slow = [total.yuan(), rhs_yuan(&parts), slow_allowance];
                    // (A zero may differ in sign: a zero difference is never shown.)
                    for (fast, slow) in [lhs, rhs, allowance].iter().zip(&slow) {
                        if fast.is_zero() && slow.is_zero() {
                            assert_eq!(fast.scale(), slow.scale(), "{fast} {slow}");
                        } else {
                            assert_eq!(fast.serialize(), slow.serialize(), "{fast} {slow}");
                        }
                    }
                    let diff = |(l, r): (Decimal, Decimal)| l - r;
                    let (fast, slow) = (diff((lhs, rhs)), diff((slow[0], slow[1])));
                    assert_eq!(fast.is_zero(), slow.is_zero());
                    if !fast.is_zero() {
                        assert_eq!(fast.serialize(), slow.serialize(), "{fast} {slow}");
                    }
                    checked += 1;
                }
            }
        }
        assert!(checked > 100);
        // Parts of one scale are summed in integers.
        let same = ["79.70", "-6.74", "102.57", "0.00", "-0.00", "0.01"];
        for factor in factors {
            for n in 0..=same.len() {
                for flip in 0..3 {
                    let total = term("100.00", "0.005", factor, true);
                    let parts: Vec<(i8, Term)> = same[..n]
                        .iter()
                        .enumerate()
                        .map(|(k, v)| {
                            let sign = if (k + flip) % 3 == 0 { -1 } else { 1 };
                            (sign, term(v, "0.005", factor, k % 2 == 0))
                        })
                        .collect();
                    let (_, rhs, allowance) = sums_in_one_unit(&total, &parts).unwrap();
                    let slow_allowance = total.half_yuan()
                        + parts.iter().map(|(_, t)| t.half_yuan()).sum::<Decimal>();
                    for (fast, slow) in [(rhs, rhs_yuan(&parts)), (allowance, slow_allowance)] {
                        assert_eq!(fast.scale(), slow.scale(), "{fast} {slow}");
                        if !slow.is_zero() {
                            assert_eq!(fast.serialize(), slow.serialize(), "{fast} {slow}");
                        }
                    }
                }
            }
        }
        // Mixed units, or figures too large to be exact either way, take the long way.
        let mixed = [(1, term("1", "0.5", Decimal::ONE, true))];
        assert!(sums_in_one_unit(&term("1", "0.5", Decimal::from(10_000), true), &mixed).is_none());
        let big = term("123456789012345.67", "0.005", Decimal::ONE, true);
        assert!(sums_in_one_unit(&big, &mixed).is_none());
    }
}
