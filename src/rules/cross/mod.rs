//! Agreement between tables: the same amount printed in two tables must be the same figure,
//! and a part (财政拨款, 一般公共预算) cannot exceed its whole.
//!
//! Cross-table identities name the other table's figure in `about`, so a message reads
//! "公开05表 合计（本年支出/小计）为105.80万元，公开04表 本年支出合计（一般公共预算财政拨款）为…".
//! Tables whose columns the reader could not place (see [`crate::rules::table::columns`]) or
//! whose unit line disagrees with their magnitudes (see [`unit_mismatch`]) are left out.

pub mod basic_vs_detail;
pub mod capital_table_mismatch;
pub mod department_mismatch;
pub mod expenditure_class_mismatch;
pub mod fiscal_only_mismatch;
pub mod fund_table_mismatch;
pub mod income_source_mismatch;
pub mod named_row_mismatch;
pub mod sangong_vs_basic;
pub mod subset_exceeds_whole;
pub mod unit_mismatch;
pub mod year_mismatch;

use crate::diagnostic::Finding;
use crate::model::{Block, Row, Table, TableKind};
use crate::rules::table::columns;
use crate::rules::table::summary::{class_of_key, Summary};
use crate::rules::view::total_row;
use crate::rules::{Context, Identity, Sink, Term, View};

/// The standard table of a kind, if present and usable for comparisons.
pub(crate) fn table<'d>(ctx: &Context<'d>, kind: TableKind) -> Option<&'d Table> {
    let t = ctx.view.standard(kind)?;
    (!ctx.unit_suspect(t)).then_some(t)
}

/// The summary of a standard summary table.
pub(crate) fn summary<'c, 'd>(
    ctx: &'c Context<'d>,
    kind: TableKind,
) -> Option<std::borrow::Cow<'c, Summary<'d>>> {
    table(ctx, kind).map(|t| ctx.summary(t))
}

/// State `a = b` (the same amount in two places), unless neither is printed.
pub(crate) fn tie(sink: &mut Sink, a: Option<Term>, b: Option<Term>) {
    let (Some(a), Some(b)) = (a, b) else { return };
    if !a.printed && !b.printed {
        return;
    }
    sink.identity(Identity::same(a, b));
}

/// State `a = Σ parts` where the parts live in another table.
pub(crate) fn tie_sum(
    sink: &mut Sink,
    a: Option<Term>,
    parts: Vec<Option<Term>>,
    about: (&'static str, &'static str),
) {
    let Some(a) = a else { return };
    let Some(parts): Option<Vec<(i8, Term)>> = parts.into_iter().map(|p| Some((1, p?))).collect()
    else {
        return;
    };
    if parts.is_empty() {
        return;
    }
    if parts.len() == 1 {
        return tie(sink, Some(a), parts.into_iter().next().map(|(_, p)| p));
    }
    if !a.printed && parts.iter().all(|(_, p)| !p.printed) {
        return;
    }
    sink.identity(Identity::signed(a, parts, about.0, about.1));
}

/// State `part ≤ whole`, unless neither is printed.
pub(crate) fn at_most(sink: &mut Sink, part: Option<Term>, whole: Option<Term>) {
    let (Some(part), Some(whole)) = (part, whole) else {
        return;
    };
    if !part.printed && !whole.printed {
        return;
    }
    sink.identity(Identity::within(part, whole));
}

/// A coded table's block holding its total row, when its columns can be trusted.
pub(crate) fn total_block<'t>(ctx: &Context, table: &'t Table) -> Option<(&'t Block, &'t Row)> {
    table.blocks.iter().find_map(|b| {
        let row = total_row(b)?;
        columns::trusted(ctx, table, b).then_some((b, row))
    })
}

/// A figure of a coded table: the given row in the first column whose header has every word
/// of `all` and none of `none` (or the block's total column when `all` is empty).
pub(crate) fn cell(
    ctx: &Context,
    table: &Table,
    block: &Block,
    row: &Row,
    all: &[&str],
    none: &[&str],
) -> Option<Term> {
    let col = if all.is_empty() {
        columns::total_column(&ctx.view, block)?
    } else {
        columns::column(&ctx.view, block, all, none)?
    };
    ctx.view.term(table, block, row, col)
}

/// The function-class rows of a coded table (3-digit codes, or uncoded class names), each
/// class once, with the class they name.
pub(crate) fn class_rows<'t>(view: &View, block: &'t Block) -> Vec<(&'static str, &'t Row)> {
    let mut out: Vec<(&'static str, &Row)> = Vec::new();
    for (r, key) in block.rows.iter().zip(view.row_keys(block).iter()) {
        if r.code.as_ref().is_some_and(|c| c.digits.len() != 3) {
            continue;
        }
        if let Some(c) = class_of_key(key) {
            if out.iter().all(|(seen, _)| *seen != c) {
                out.push((c, r));
            }
        }
    }
    out
}

/// The row of a coded block with the given code.
pub(crate) fn coded_row<'t>(block: &'t Block, code: &str) -> Option<&'t Row> {
    block
        .rows
        .iter()
        .find(|r| r.code.as_ref().is_some_and(|c| c.digits == code))
}

/// The standard tables of the document (those with a 公开NN number).
pub(crate) fn standard_tables<'d>(ctx: &Context<'d>) -> impl Iterator<Item = &'d Table> {
    ctx.doc
        .tables
        .iter()
        .filter(|t| t.kind.standard_number().is_some())
}

/// Report a finding of the running rule at a table's title.
pub(crate) fn at_title(
    sink: &mut Sink,
    table: &Table,
    message: impl Into<String>,
    message_en: impl Into<String>,
) {
    let rule = sink.rule();
    let mut f = Finding::new(
        rule.id,
        rule.severity,
        table.title_location,
        message,
        message_en,
    );
    f.table = Some(table.id.clone());
    sink.push(f);
}

/// Pair the rows of two coded tables (03 and 05), `a` leading: the total rows, then each
/// coded row of `a` with the row of `b` with the same code (or, when `a` has no codes, the
/// function classes matched by name). For each pair, `relate` is given `a`'s and `b`'s figures
/// in the total, 基本支出 and 项目支出 columns in turn.
pub(crate) fn paired_rows(
    ctx: &Context,
    a: TableKind,
    b: TableKind,
    mut relate: impl FnMut(Option<Term>, Option<Term>),
) {
    let (Some(ta), Some(tb)) = (table(ctx, a), table(ctx, b)) else {
        return;
    };
    let (Some((ba, tot_a)), Some((bb, tot_b))) = (total_block(ctx, ta), total_block(ctx, tb))
    else {
        return;
    };
    let mut pairs = vec![(tot_a, tot_b)];
    for ra in &ba.rows {
        let Some(code) = &ra.code else { continue };
        if let Some(rb) = coded_row(bb, &code.digits) {
            pairs.push((ra, rb));
        }
    }
    if ba.rows.iter().all(|r| r.code.is_none()) {
        // Uncoded tables: match the classes by name.
        let classes_b = class_rows(&ctx.view, bb);
        for (c, ra) in class_rows(&ctx.view, ba) {
            if let Some((_, rb)) = classes_b.iter().find(|(x, _)| *x == c) {
                pairs.push((ra, rb));
            }
        }
    }
    let basic_a = basic_vs_detail::basic_column(&ctx.view, ba);
    let basic_b = basic_vs_detail::basic_column(&ctx.view, bb);
    for (ra, rb) in pairs {
        relate(
            cell(ctx, ta, ba, ra, &[], &[]),
            cell(ctx, tb, bb, rb, &[], &[]),
        );
        if let (Some(ca), Some(cb)) = (basic_a, basic_b) {
            relate(ctx.view.term(ta, ba, ra, ca), ctx.view.term(tb, bb, rb, cb));
        }
        relate(
            cell(ctx, ta, ba, ra, &["项目支出"], &[]),
            cell(ctx, tb, bb, rb, &["项目支出"], &[]),
        );
    }
}
