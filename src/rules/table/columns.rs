//! Column structure shared by the table and cross rules: which column is the total of which
//! others (read off the header tree), and whether a block's columns can be trusted at all.
//!
//! Headers are read, never assumed by position. A block whose header tree is ambiguous (two
//! totals side by side, an unnamed column holding figures) or whose column relation fails on
//! most rows (the reader probably shifted its columns) states nothing: a rule must not report
//! the reader's mistakes as the document's.

use crate::model::{Block, Table};
use crate::rules::identity::{self, Relation};
use crate::rules::{Context, Term, View};
use crate::text::Has;

/// A column that must equal the sum of other columns, row by row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ColumnSum {
    pub total: usize,
    pub parts: Vec<usize>,
}

/// True for a key naming a total (合计, 小计, 总计, 本年收入合计 …), not a 其中 column.
pub(crate) fn is_total_key(key: &str) -> bool {
    !key.starts_with("其中") && (key == "小计" || key.ends_with("合计") || key.ends_with("总计"))
}

fn is_subset_key(key: &str) -> bool {
    key.starts_with("其中")
}

/// Columns that are never amounts of the table: remarks, line numbers, codes.
fn is_remark_key(key: &str) -> bool {
    ["备注", "说明", "栏次", "行次", "编码"]
        .iter()
        .any(|w| key.has(w))
}

/// The column sums a block's header tree implies; `None` when the tree is unreadable.
pub(crate) fn header_sums(view: &View, block: &Block) -> Option<Vec<ColumnSum>> {
    let with_numbers = view.amount_columns(block);
    let keys = view.keys(block);
    let paths = keys.paths();
    // An unnamed column holding figures means the header was not read.
    if with_numbers.iter().any(|&c| paths[c].is_empty()) {
        return None;
    }
    let mut sums = Vec::new();
    for (t, path) in paths.iter().enumerate() {
        let Some(leaf) = path.last() else { continue };
        if !is_total_key(leaf) {
            continue;
        }
        let parent = &path[..path.len() - 1];
        // Every other column under the same parent, grouped by the branch below the parent.
        let mut branches: Vec<(&str, Vec<usize>)> = Vec::new();
        for (c, p) in paths.iter().enumerate() {
            if c == t || p.len() <= parent.len() || !p.starts_with(parent) {
                continue;
            }
            let branch: &str = &p[parent.len()];
            match branches.iter_mut().find(|(b, _)| *b == branch) {
                Some((_, cols)) => cols.push(c),
                None => branches.push((branch, vec![c])),
            }
        }
        if branches.is_empty() {
            continue;
        }
        let mut parts = Vec::new();
        let mut ambiguous = false;
        for (branch, cols) in &branches {
            if is_subset_key(branch) || is_remark_key(branch) {
                continue;
            }
            // 三公 totals do not include 会议费/培训费 printed beside them.
            if leaf.has("三公") && (branch.has("会议") || branch.has("培训")) {
                continue;
            }
            let depth = parent.len() + 1;
            if cols.len() == 1 && paths[cols[0]].len() == depth {
                if is_total_key(branch) {
                    // Two totals side by side: which is the whole is unclear.
                    ambiguous = true;
                    break;
                }
                parts.push(cols[0]);
                continue;
            }
            // A group: its own total stands for it, else its direct leaves.
            let totals: Vec<usize> = cols
                .iter()
                .copied()
                .filter(|&c| paths[c].len() == depth + 1 && is_total_key(&paths[c][depth]))
                .collect();
            match totals.as_slice() {
                [one] => parts.push(*one),
                [] => {
                    if cols.iter().any(|&c| paths[c].len() != depth + 1) {
                        ambiguous = true;
                        break;
                    }
                    parts.extend(
                        cols.iter()
                            .copied()
                            .filter(|&c| !is_subset_key(&paths[c][depth])),
                    );
                }
                _ => {
                    ambiguous = true;
                    break;
                }
            }
        }
        if ambiguous {
            return None;
        }
        if !parts.is_empty() {
            sums.push(ColumnSum { total: t, parts });
        }
    }
    Some(sums)
}

/// The identity `total = Σ parts` on one row (the parts signed +1), if every cell exists and
/// something is printed.
pub(crate) fn row_identity(
    ctx: &Context,
    table: &Table,
    block: &Block,
    row: &crate::model::Row,
    sum: &ColumnSum,
) -> Option<(Term, Vec<(i8, Term)>)> {
    let mut parts = Vec::new();
    let total = row_terms(ctx, table, block, row, sum, &mut parts)?;
    Some((total, parts))
}

/// [`row_identity`] with its parts written into `parts` (emptied first), so that a caller that
/// only judges rows, one after another, reuses one buffer rather than allocating one per row.
fn row_terms(
    ctx: &Context,
    table: &Table,
    block: &Block,
    row: &crate::model::Row,
    sum: &ColumnSum,
    parts: &mut Vec<(i8, Term)>,
) -> Option<Term> {
    parts.clear();
    let total = ctx.view.term(table, block, row, sum.total)?;
    parts.reserve(sum.parts.len());
    for &c in &sum.parts {
        parts.push((1, ctx.view.term(table, block, row, c)?));
    }
    if !total.printed && parts.iter().all(|(_, p)| !p.printed) {
        return None;
    }
    Some(total)
}

/// True when a column sum fails on most of the rows it applies to (at least two): the reader
/// has probably misplaced the columns, and the sum says nothing about the document.
pub(crate) fn mostly_broken(ctx: &Context, table: &Table, block: &Block, sum: &ColumnSum) -> bool {
    let mut broken = 0usize;
    let mut checked = 0usize;
    // The rows' parts, one row at a time: only their verdict is kept.
    let mut parts = Vec::new();
    for (i, row) in block.rows.iter().enumerate() {
        // Even if every row left broke the sum, it would hold on at least half of them.
        let left = block.rows.len() - i;
        if (broken + left) * 2 <= checked + left {
            return false;
        }
        if let Some(total) = row_terms(ctx, table, block, row, sum, &mut parts) {
            checked += 1;
            if !identity::verdict(Relation::Equal, &total, parts.iter().map(|(s, t)| (*s, t)))
                .holds()
            {
                broken += 1;
            }
        }
    }
    broken >= 2 && broken * 2 > checked
}

/// The column sums of a block that the rows bear out (see [`mostly_broken`]), read once per
/// block.
fn read_sums<'c>(
    ctx: &'c Context,
    table: &Table,
    block: &Block,
) -> std::borrow::Cow<'c, Option<Vec<ColumnSum>>> {
    ctx.view.sums_of(block, || {
        let sums = header_sums(&ctx.view, block)?;
        if sums.iter().any(|s| mostly_broken(ctx, table, block, s)) {
            return None;
        }
        Some(sums)
    })
}

/// The column sums of a block that the rows bear out (see [`mostly_broken`]).
pub(crate) fn reliable_sums(ctx: &Context, table: &Table, block: &Block) -> Option<Vec<ColumnSum>> {
    read_sums(ctx, table, block).into_owned()
}

/// True when a block's columns can be used to compare with other tables: its header tree is
/// readable and its column sums (if any) hold on most rows.
pub(crate) fn trusted(ctx: &Context, table: &Table, block: &Block) -> bool {
    read_sums(ctx, table, block).is_some()
}

/// The first column whose header path contains every word of `all` and none of `none`.
pub(crate) fn column(view: &View, block: &Block, all: &[&str], none: &[&str]) -> Option<usize> {
    view.keys(block)
        .joined
        .iter()
        .position(|key| all.iter().all(|w| key.has(w)) && !none.iter().any(|w| key.has(w)))
}

/// The column of a block holding its overall total: the top-level 合计/总计 column (or a
/// 本年支出合计-style one), else a single 小计 at the top or under 本年支出/本年收入.
pub(crate) fn total_column(view: &View, block: &Block) -> Option<usize> {
    let keys = view.keys(block);
    let paths = keys.paths();
    let mut top = (0..paths.len()).filter(|&c| paths[c].len() == 1 && is_total_key(&paths[c][0]));
    if let Some(first) = top.next() {
        // Two top-level totals: which is the overall one is unclear.
        return top.next().is_none().then_some(first);
    }
    only((0..paths.len()).filter(|&c| {
        paths[c].len() == 2
            && is_total_key(&paths[c][1])
            && (paths[c][0].starts_with("本年") || paths[c][0] == "合计")
    }))
}

/// The only item of an iterator (`None` when it has none or several).
pub(crate) fn only<T>(mut items: impl Iterator<Item = T>) -> Option<T> {
    let first = items.next()?;
    items.next().is_none().then_some(first)
}
