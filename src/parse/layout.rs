//! Tables aligned with spaces: text copied from a PDF viewer (`pdftotext -layout`).
//!
//! Column positions come from the data, not from the header: amounts are right-aligned on a
//! character grid (each character, CJK or not, is one column), so the right edges of the
//! amounts cluster into value columns; the left edges of labels cluster into label columns;
//! a label column after a value column starts a side-by-side block. Header fragments are then
//! stacked by horizontal overlap (a fragment over several stacks is a group heading) and each
//! stack is attached to the value column under it; a stack with no amounts under it is a
//! blank column. Wrapped amounts (`21,118.5` / `1`) are re-joined first, and label fragments
//! printed above or below their amount line (centred wraps) are glued to their row.

use super::grid::{column_numbers, is_code, split_glued_code, Field, Grid, GridRow, RoleHint};
use super::Ctx;
use crate::model::CompactString;
use crate::number::parse_number;
use crate::source::Span;
use crate::text::Has;
use crate::text::{is_han, is_space, squash, squash_into};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Amount,
    Code,
    Text,
    /// An organisation's code (单位编码 `328001`, and the department's `328` above it): not a
    /// 科目 code and not an amount.
    Ident,
}

#[derive(Debug, Clone)]
struct Chunk {
    kind: Kind,
    text: String,
    span: Span,
    /// Character columns [start, end).
    c0: usize,
    c1: usize,
}

/// Split a line into whitespace-separated tokens, then merge text tokens that belong together
/// (a single space, or letter-spaced single characters).
fn chunks(text: &str, start: usize) -> Vec<Chunk> {
    let mut toks: Vec<Chunk> = Vec::new();
    let mut col = 0;
    let mut cur: Option<(usize, usize)> = None; // (byte, col) of current token start
    let mut byte = 0;
    let push = |toks: &mut Vec<Chunk>, b0: usize, c0: usize, b1: usize, c1: usize| {
        let t = &text[b0..b1];
        let kind = if parse_number(t).is_some_and(|n| !n.dash) && !is_code(t) {
            Kind::Amount
        } else if is_code(t) {
            Kind::Code
        } else {
            Kind::Text
        };
        toks.push(Chunk {
            kind,
            text: t.to_string(),
            span: Span::new(start + b0, start + b1),
            c0,
            c1,
        });
    };
    for ch in text.chars() {
        if is_space(ch) || ch == '\u{c}' || ch == '\r' {
            if let Some((b0, c0)) = cur.take() {
                push(&mut toks, b0, c0, byte, col);
            }
        } else if cur.is_none() {
            cur = Some((byte, col));
        }
        byte += ch.len_utf8();
        col += 1;
    }
    if let Some((b0, c0)) = cur.take() {
        push(&mut toks, b0, c0, byte, col);
    }
    // A 3/5/7-digit integer is a code only where a code can stand: first on the line or
    // followed by a label — not a total's or a numbered row's label, which never have codes
    // (`本年收入合计 27 38479 本年支出合计`: 38479 元 is the left half's figure).
    for i in 0..toks.len() {
        if toks[i].kind == Kind::Code && i > 0 {
            let before_text = toks.get(i + 1).is_some_and(|t| {
                t.kind == Kind::Text && !is_total_label(&t.text) && !has_ordinal(&t.text)
            });
            if !before_text {
                toks[i].kind = Kind::Amount;
            }
        }
    }
    // A long integer first on the line, before other cells, is an organisation's code.
    if toks.len() >= 2 && toks[0].c0 <= 6 && is_unit_code(&toks[0].text) {
        toks[0].kind = Kind::Ident;
    }
    // Merge text tokens.
    let mut out: Vec<Chunk> = Vec::new();
    for t in toks {
        if let Some(prev) = out.last_mut() {
            if prev.kind == Kind::Text && t.kind == Kind::Text {
                let gap = t.c0 - prev.c1;
                let single = |s: &str| s.chars().count() == 1 && s.chars().all(is_han);
                let prev_last_single = prev
                    .text
                    .chars()
                    .rev()
                    .take_while(|c| !is_space(*c))
                    .count()
                    == 1;
                if gap <= 1 || (gap <= 8 && single(&t.text) && prev_last_single) {
                    prev.text.push_str(&" ".repeat(gap));
                    prev.text.push_str(&t.text);
                    prev.span.end = t.span.end;
                    prev.c1 = t.c1;
                    continue;
                }
            }
        }
        out.push(t);
    }
    out
}

/// The heading of a label (项目, 科目名称, 单位编码…), not of a value column.
fn labelish_heading(text: &str) -> bool {
    ["项目", "科目", "名称", "编码", "代码"]
        .iter()
        .any(|w| text.has(w))
        && !text.has("支出")
}

/// 6–12 digits: longer than any 科目 code, printed without separators.
fn is_unit_code(s: &str) -> bool {
    (6..=12).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) && !is_code(s)
}

struct LineChunks {
    line: usize,
    chunks: Vec<Chunk>,
}

fn is_total_label(s: &str) -> bool {
    let s = squash(s);
    matches!(s.as_str(), "合计" | "总计") || s.ends_with("合计") || s.ends_with("总计")
}

/// Starts with an outline ordinal: 一、 （一） (1) 1、 1. 其中：
fn has_ordinal(s: &str) -> bool {
    let s = squash(s);
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if crate::text::is_cn_digit(c) => {
            s.chars()
                .take_while(|c| crate::text::is_cn_digit(*c))
                .count()
                < s.chars().count()
                && s.contains('、')
        }
        // `（一）`, `(3)`: numerals in brackets (`（境）费`, a wrapped heading's tail, is none).
        Some('（' | '(') => {
            let mut inner = chars
                .by_ref()
                .take_while(|c| !matches!(c, '）' | ')'))
                .peekable();
            inner.peek().is_some()
                && inner.all(|c| c.is_ascii_digit() || crate::text::is_cn_digit(c))
        }
        Some(c) if c.is_ascii_digit() => s
            .chars()
            .find(|c| !c.is_ascii_digit())
            .is_some_and(|c| matches!(c, '、' | '.' | '．')),
        _ => s.starts_with("其中"),
    }
}

/// A name that ends like a table row (not a wrapped fragment of one).
fn row_like(s: &str) -> bool {
    const ENDINGS: [&str; 12] = [
        "收入", "支出", "结余", "结转", "合计", "总计", "拨款", "经费", "资金", "预算", "补助",
        "分配",
    ];
    let s = squash(s);
    is_total_label(&s)
        || has_ordinal(&s)
        || (crate::text::han_count(&s) >= 4 && ENDINGS.iter().any(|e| s.ends_with(e)))
}

fn is_data(lc: &LineChunks) -> bool {
    let c = &lc.chunks;
    if c.iter().any(|x| x.kind == Kind::Amount)
        || c.first()
            .is_some_and(|x| matches!(x.kind, Kind::Code | Kind::Ident))
    {
        return true;
    }
    if c.iter().any(|x| split_glued_code(&x.text).is_some()) {
        return true;
    }
    // A text-only line is a row with blank values when it names rows (at most the two
    // labels of an income | expenditure line), not when it is a header or a fragment.
    c.len() <= 2 && c.iter().all(|x| row_like(&x.text))
}

/// Certainly a row, not a header line: amounts, a leading code, or row names with ordinals.
fn is_strong_data(lc: &LineChunks) -> bool {
    let c = &lc.chunks;
    c.iter().any(|x| x.kind == Kind::Amount)
        || c.first().is_some_and(|x| {
            matches!(x.kind, Kind::Code | Kind::Ident) || split_glued_code(&x.text).is_some()
        })
        || (c.len() <= 2
            && c.iter().all(|x| {
                (has_ordinal(&x.text) && !is_bare_qizhong(&x.text))
                    || matches!(squash(&x.text).as_str(), "合计" | "总计")
            }))
}

/// `其中：` alone: the heading over a group of columns, not a row.
fn is_bare_qizhong(s: &str) -> bool {
    matches!(squash(s).as_str(), "其中" | "其中：" | "其中:")
}

/// A row of column numbers (`栏次  1  2  3`): each number's character columns [c0, c1) and
/// value.
fn numbers_row(lc: &LineChunks) -> Option<Vec<(usize, usize, u32)>> {
    let texts: Vec<&str> = lc.chunks.iter().map(|c| c.text.as_str()).collect();
    column_numbers(&texts)?;
    Some(
        lc.chunks
            .iter()
            .filter_map(|c| c.text.trim().parse::<u32>().ok().map(|n| (c.c0, c.c1, n)))
            .collect(),
    )
}

/// How many characters of [c0, c1) fall within [lo, hi).
fn overlap(c0: usize, c1: usize, (lo, hi): (f64, f64)) -> f64 {
    (hi.min(c1 as f64) - lo.max(c0 as f64)).max(0.0)
}

/// The spans of the value columns, read off the row of column numbers: one span per number,
/// in order, as [lo, hi) in character columns. `None` when the numbers are fewer than two or
/// not strictly left to right.
///
/// A PDF prints the numbers either at the right edge of the column (right-aligned like the
/// amounts: a column then runs from the previous number's right edge to its own) or centred in
/// it (the boundary is then half-way between two numbers). The reading under which fewer
/// heading fragments straddle a boundary is taken.
fn number_spans(
    nums: &[(usize, usize, u32)],
    frags: &[(usize, &Chunk)],
) -> Option<Vec<(f64, f64)>> {
    if nums.len() < 2
        || nums
            .windows(2)
            .any(|w| w[0].0 >= w[1].0 || w[0].1 >= w[1].1)
    {
        return None;
    }
    let n = nums.len();
    // Right edges.
    let edge = |k: usize| nums.get(k).map_or(0.0, |x| x.1 as f64);
    let first_w = edge(1) - edge(0);
    let right: Vec<(f64, f64)> = (0..n)
        .map(|k| {
            let lo = if k == 0 {
                edge(0) - first_w
            } else {
                edge(k - 1)
            };
            let hi = if k + 1 == n { edge(k) + 1.0 } else { edge(k) };
            (lo, hi)
        })
        .collect();
    // Centres.
    let centre = |k: usize| nums.get(k).map_or(0.0, |x| (x.0 + x.1) as f64 / 2.0);
    let mid = |k: usize| (centre(k) + centre(k + 1)) / 2.0;
    let centred: Vec<(f64, f64)> = (0..n)
        .map(|k| {
            let lo = if k == 0 {
                2.0 * centre(0) - mid(0)
            } else {
                mid(k - 1)
            };
            let hi = if k + 1 == n {
                2.0 * centre(k) - mid(k - 1)
            } else {
                mid(k)
            };
            (lo, hi)
        })
        .collect();
    // Characters of value headings outside the span they overlap most.
    let cost = |spans: &[(f64, f64)]| -> f64 {
        frags
            .iter()
            .filter(|(_, f)| !labelish_heading(&squash(&f.text)))
            .map(|(_, f)| {
                let best = spans
                    .iter()
                    .map(|&s| overlap(f.c0, f.c1, s))
                    .fold(0.0, f64::max);
                if best > 0.0 {
                    (f.c1 - f.c0) as f64 - best
                } else {
                    0.0
                }
            })
            .sum()
    };
    Some(if cost(&right) < cost(&centred) {
        right
    } else {
        centred
    })
}

/// The amounts of a line.
fn amount_count(l: &LineChunks) -> usize {
    l.chunks.iter().filter(|c| c.kind == Kind::Amount).count()
}

/// How a table's rows came: aligned, or without their alignment — text copied from a PDF
/// viewer puts one space between all the figures, so their positions say nothing about their
/// columns (most lines of two or more tokens then have no wider gap).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Alignment {
    Aligned,
    /// Unaligned, one block: a row's figures still come in their columns' order.
    Flat,
    /// Unaligned side-by-side blocks (a label after a figure): which block a figure belongs
    /// to is a guess on every row that lacks a cell.
    FlatSideBySide,
}

/// `input` is the whole text the chunks' spans point into: a gap is judged by its ASCII
/// spaces (ideographic spaces are a cell's own indentation, `　　其他一般公共服务支出`).
fn alignment(data: &[&LineChunks], input: &str) -> Alignment {
    let mut lines = 0usize;
    let mut aligned = 0usize;
    let mut side_by_side = false;
    for l in data {
        let mut seen_amount = false;
        for c in &l.chunks {
            side_by_side |= matches!(c.kind, Kind::Text | Kind::Code) && seen_amount;
            seen_amount |= c.kind == Kind::Amount;
        }
        if l.chunks.len() < 2 {
            continue;
        }
        lines += 1;
        let wide = |a: &Chunk, b: &Chunk| {
            b.c0 > a.c1 + 1
                && input
                    .get(a.span.end..b.span.start)
                    .is_none_or(|gap| gap.bytes().filter(|&c| c == b' ').count() > 1)
        };
        if l.chunks.windows(2).any(|w| wide(&w[0], &w[1])) {
            aligned += 1;
        }
    }
    if !(lines >= 3 && aligned * 10 <= lines) {
        Alignment::Aligned
    } else if side_by_side {
        Alignment::FlatSideBySide
    } else {
        Alignment::Flat
    }
}

/// Single-linkage clusters of positions.
fn cluster(mut xs: Vec<usize>, tol: usize) -> Vec<(usize, usize)> {
    xs.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::new();
    for x in xs {
        match out.last_mut() {
            Some((_, hi)) if x <= *hi + tol => *hi = x,
            _ => out.push((x, x)),
        }
    }
    out
}

/// Value slots (clustered right edges of amounts) and label slots (clustered left edges of
/// labels; neighbours not separated by a value slot are one, indented names), by position.
///
/// `barriers` are the spans of value headings: one standing in the gap between the labels of
/// a label slot and the left edge of the next (a blank value column, in a table printed
/// without figures) separates them into two side-by-side blocks.
fn slots_of(data: &[&LineChunks], barriers: &[(usize, usize)]) -> Vec<Slot> {
    let mut rights = Vec::new();
    let mut amount_spans: Vec<(usize, usize)> = Vec::new();
    let mut lefts = Vec::new();
    let mut label_spans: Vec<(usize, usize)> = Vec::new();
    for l in data {
        for c in &l.chunks {
            match c.kind {
                Kind::Amount => {
                    rights.push(c.c1);
                    amount_spans.push((c.c0, c.c1));
                }
                Kind::Text => {
                    lefts.push(c.c0);
                    label_spans.push((c.c0, c.c1));
                }
                Kind::Code | Kind::Ident => {}
            }
        }
    }
    // Right end of the labels starting in [lo, hi].
    let label_end = |lo: usize, hi: usize| -> usize {
        label_spans
            .iter()
            .filter(|(a, _)| *a >= lo && *a <= hi)
            .map(|(_, b)| *b)
            .max()
            .unwrap_or(hi)
    };
    let mode = |xs: &[usize], lo: usize, hi: usize| -> usize {
        let mut best = (0, lo);
        for x in lo..=hi {
            let n = xs.iter().filter(|&&y| y == x).count();
            if n > best.0 {
                best = (n, x);
            }
        }
        best.1
    };
    let mut slots: Vec<Slot> = cluster(rights.clone(), 3)
        .into_iter()
        .map(|(lo, hi)| {
            let left = amount_spans
                .iter()
                .filter(|(_, r)| *r >= lo && *r <= hi)
                .map(|(l, _)| *l)
                .min()
                .unwrap_or(lo);
            Slot {
                value: true,
                left,
                lo,
                hi,
                anchor: mode(&rights, lo, hi),
            }
        })
        .collect();
    for (lo, hi) in cluster(lefts.clone(), 4) {
        slots.push(Slot {
            value: false,
            left: lo,
            lo,
            hi,
            anchor: mode(&lefts, lo, hi),
        });
    }
    slots.sort_by_key(|s| s.left);
    let mut merged: Vec<Slot> = Vec::new();
    // Right end of the labels of the last merged label slot.
    let mut end = 0;
    for s in slots {
        if let Some(p) = merged.last_mut() {
            let apart = barriers
                .iter()
                .any(|&(b0, b1)| b0 >= end.max(p.lo + 1) && b1 <= s.lo + 1);
            if !p.value && !s.value && !apart {
                end = end.max(label_end(s.lo, s.hi));
                let count = |x: usize| lefts.iter().filter(|&&y| y == x).count();
                if count(s.anchor) > count(p.anchor) {
                    p.anchor = s.anchor;
                }
                p.hi = p.hi.max(s.hi);
                continue;
            }
        }
        end = if s.value { 0 } else { label_end(s.lo, s.hi) };
        merged.push(s);
    }
    merged
}

/// Each page is laid out on its own, so its column grid can move (a narrower label column
/// moves every value column left). Cluster each later page's columns on their own, map them
/// in order onto the first page's columns (same kind, monotone, least total displacement
/// after one common shift), and move the page's cells onto the first page's grid.
fn reanchor_pages(lines: &mut [LineChunks], body: &[(usize, usize)]) {
    let pages = body.last().map_or(0, |&(_, p)| p + 1);
    let data_of = |lines: &[LineChunks], p: usize| -> Vec<usize> {
        body.iter()
            .filter(|&&(k, q)| q == p && is_data(&lines[k]))
            .map(|&(k, _)| k)
            .collect()
    };
    let first = data_of(lines, 0);
    let refs: Vec<&LineChunks> = first.iter().map(|&k| &lines[k]).collect();
    let reference = slots_of(&refs, &[]);
    if reference.is_empty() {
        return;
    }
    for p in 1..pages {
        let ks = data_of(lines, p);
        let own: Vec<&LineChunks> = ks.iter().map(|&k| &lines[k]).collect();
        let local = slots_of(&own, &[]);
        let candidates = map_slots(&local, &reference);
        let Some(map) = choose_by_sums(lines, &first, &ks, &local, &reference, candidates) else {
            continue;
        };
        // shift per local slot; an unmatched slot moves with its nearest matched neighbour
        let shifts: Vec<i64> = (0..local.len())
            .map(|i| {
                let nearest = (0..local.len())
                    .filter(|&j| map[j].is_some())
                    .min_by_key(|&j| j.abs_diff(i));
                nearest.map_or(0, |j| {
                    reference[map[j].unwrap_or(0)].anchor as i64 - local[j].anchor as i64
                })
            })
            .collect();
        if shifts.iter().all(|&d| d == 0) {
            continue;
        }
        let move_chunk = |c: &mut Chunk, d: i64| {
            let shift = |x: usize| (x as i64 + d).max(0) as usize;
            let w = c.c1 - c.c0;
            c.c0 = shift(c.c0);
            c.c1 = c.c0 + w;
        };
        for &(k, q) in body {
            if q != p {
                continue;
            }
            for c in &mut lines[k].chunks {
                let si = match c.kind {
                    Kind::Amount => nearest_value_slot(&local, c.c1),
                    Kind::Text => label_slot_for(&local, c.c0),
                    Kind::Code => code_slot_for(&local, c.c1),
                    Kind::Ident => None,
                };
                if let Some(si) = si {
                    move_chunk(c, shifts[si]);
                }
            }
        }
    }
}

/// Match `local` slots to `reference` slots: order-preserving, value to value and label to
/// label, minimising the displacement after a common shift (an unmatched slot costs more than
/// any plausible move). `None` when nothing matches.
fn map_slots(local: &[Slot], reference: &[Slot]) -> Vec<(i64, Vec<Option<usize>>)> {
    const SKIP: i64 = 60;
    let pos = |s: &Slot| s.anchor as i64;
    let mut shifts: Vec<i64> = vec![0];
    for l in local {
        for r in reference {
            if l.value == r.value {
                shifts.push(pos(r) - pos(l));
            }
        }
    }
    shifts.sort_unstable();
    shifts.dedup();
    let (n, m) = (local.len(), reference.len());
    // (cost, |shift|, map) per distinct map
    let mut found: Vec<(i64, i64, Vec<Option<usize>>)> = Vec::new();
    let mut cost = vec![vec![0i64; m + 1]; n + 1];
    for &d in &shifts {
        // cost[i][j]: best cost of local[i..] against reference[j..]
        for i in (0..=n).rev() {
            for j in (0..=m).rev() {
                cost[i][j] = if i == n {
                    0
                } else {
                    let mut c = SKIP + cost[i + 1][j];
                    if j < m {
                        c = c.min(cost[i][j + 1]);
                        if local[i].value == reference[j].value {
                            c = c.min(
                                (pos(&local[i]) + d - pos(&reference[j])).abs()
                                    + cost[i + 1][j + 1],
                            );
                        }
                    }
                    c
                };
            }
        }
        let total = cost[0][0];
        let mut map = vec![None; n];
        let (mut i, mut j) = (0, 0);
        while i < n {
            if j < m
                && local[i].value == reference[j].value
                && cost[i][j]
                    == (pos(&local[i]) + d - pos(&reference[j])).abs() + cost[i + 1][j + 1]
            {
                map[i] = Some(j);
                i += 1;
                j += 1;
            } else if j < m && cost[i][j] == cost[i][j + 1] {
                j += 1;
            } else {
                i += 1;
            }
        }
        if !map.iter().any(Option::is_some) {
            continue;
        }
        match found.iter_mut().find(|f| f.2 == map) {
            Some(f) => {
                if (total, d.abs()) < (f.0, f.1) {
                    f.0 = total;
                    f.1 = d.abs();
                }
            }
            None => found.push((total, d.abs(), map)),
        }
    }
    found.sort_by_key(|f| (f.0, f.1));
    found.into_iter().map(|(c, _, m)| (c, m)).collect()
}

/// Among the page mappings that fit the grid about as well as the best, the one under which
/// the most 科目 sums hold (a 类/款 row = the sum of its 款/项 rows, column by column) over
/// the first page and this one: when a page lacks a middle column, its remaining columns
/// close up and geometry alone cannot tell which column is missing.
fn choose_by_sums(
    lines: &[LineChunks],
    first: &[usize],
    page: &[usize],
    local: &[Slot],
    reference: &[Slot],
    candidates: Vec<(i64, Vec<Option<usize>>)>,
) -> Option<Vec<Option<usize>>> {
    const CLOSE: i64 = 12;
    let default = candidates.into_iter().next()?.1;
    // Alternatives: every local slot matched in order, the columns free to close up where a
    // reference column is missing but not to spread apart.
    let lag = |i: usize, j: usize| reference[j].anchor as i64 - local[i].anchor as i64;
    let closing_cost = |map: &[Option<usize>]| -> i64 {
        let pairs: Vec<(usize, usize)> = map
            .iter()
            .enumerate()
            .filter_map(|(i, j)| j.map(|j| (i, j)))
            .collect();
        let unmatched = (map.len() - pairs.len()) as i64 * 60;
        unmatched
            + pairs
                .windows(2)
                .map(|w| {
                    let d = lag(w[1].0, w[1].1) - lag(w[0].0, w[0].1);
                    if w[1].1 > w[0].1 + 1 {
                        (-d).max(0)
                    } else {
                        d.abs()
                    }
                })
                .sum::<i64>()
    };
    let mut alternatives: Vec<Vec<Option<usize>>> = Vec::new();
    let mut stack: Vec<(Vec<Option<usize>>, usize)> = vec![(Vec::new(), 0)];
    while let Some((partial, from)) = stack.pop() {
        if alternatives.len() >= 256 {
            break;
        }
        let i = partial.len();
        if i == local.len() {
            if partial != default {
                alternatives.push(partial);
            }
            continue;
        }
        for j in from..reference.len() {
            if reference[j].value == local[i].value && reference.len() - j >= local.len() - i {
                let mut next = partial.clone();
                next.push(Some(j));
                stack.push((next, j + 1));
            }
        }
    }
    let limit = closing_cost(&default) + CLOSE;
    alternatives.retain(|m| closing_cost(m) <= limit);
    if alternatives.is_empty() {
        return Some(default);
    }
    let mut near: Vec<&Vec<Option<usize>>> = vec![&default];
    near.extend(alternatives.iter());
    // (code, reference slot, value) of the first page's lines, and of this page's per map.
    let coded = |k: usize| -> Option<&str> {
        lines[k]
            .chunks
            .first()
            .filter(|c| c.kind == Kind::Code)
            .map(|c| c.text.as_str())
    };
    let mut base: Vec<(&str, usize, rust_decimal::Decimal)> = Vec::new();
    for &k in first {
        let Some(code) = coded(k) else { continue };
        for c in lines[k].chunks.iter().filter(|c| c.kind == Kind::Amount) {
            if let (Some(si), Some(n)) =
                (nearest_value_slot(reference, c.c1), parse_number(&c.text))
            {
                base.push((code, si, n.value));
            }
        }
    }
    let score = |map: &Vec<Option<usize>>| -> usize {
        let mut cells = base.clone();
        for &k in page {
            let Some(code) = coded(k) else { continue };
            for c in lines[k].chunks.iter().filter(|c| c.kind == Kind::Amount) {
                let si = nearest_value_slot(local, c.c1).and_then(|li| map[li]);
                if let (Some(si), Some(n)) = (si, parse_number(&c.text)) {
                    cells.push((code, si, n.value));
                }
            }
        }
        let mut parents: Vec<&str> = cells.iter().map(|c| c.0).filter(|p| p.len() < 7).collect();
        parents.sort_unstable();
        parents.dedup();
        let mut holds = 0;
        // Per reference slot: the parent's sum and its children's (added in cell order).
        let zero = rust_decimal::Decimal::ZERO;
        let mut parent_sums = vec![zero; reference.len()];
        let mut child_sums = vec![zero; reference.len()];
        for p in parents {
            let child = |c: &str| c.len() == p.len() + 2 && c.starts_with(p);
            if !cells.iter().any(|c| child(c.0)) {
                continue;
            }
            parent_sums.fill(zero);
            child_sums.fill(zero);
            for c in &cells {
                let sums = if c.0 == p {
                    &mut parent_sums
                } else if child(c.0) {
                    &mut child_sums
                } else {
                    continue;
                };
                if let Some(s) = sums.get_mut(c.1) {
                    *s += c.2;
                }
            }
            holds += parent_sums
                .iter()
                .zip(&child_sums)
                .filter(|(parent, children)| !parent.is_zero() && parent == children)
                .count();
        }
        holds
    };
    let mut best_map = near[0];
    let mut best_score = score(near[0]);
    for m in &near[1..] {
        let s = score(m);
        if s > best_score {
            best_score = s;
            best_map = m;
        }
    }
    Some(best_map.clone())
}

#[derive(Debug, Clone)]
struct Slot {
    value: bool,
    /// Leftmost character column of the slot's content (for ordering).
    left: usize,
    /// Label slots: left edge range; value slots: right edge range.
    lo: usize,
    hi: usize,
    /// The most frequent edge in the range (what a page's grid is compared by).
    anchor: usize,
}

pub(crate) fn read(ctx: &mut Ctx<'_>, body: &[usize], generic: bool) -> Grid {
    if generic {
        return read_generic(ctx, body);
    }
    let mut lines: Vec<LineChunks> = body
        .iter()
        .map(|&i| LineChunks {
            line: i,
            chunks: chunks(ctx.lines[i].text, ctx.lines[i].start),
        })
        .filter(|l| !l.chunks.is_empty())
        .collect();
    rejoin_wrapped_amounts(&mut lines);
    mark_department_codes(&mut lines);
    lines.retain(|l| !l.chunks.is_empty());
    // Header: lines before the first data line.
    let first_data = lines
        .iter()
        .position(|l| numbers_row(l).is_none() && is_strong_data(l))
        .unwrap_or(lines.len());
    let (head, lines) = lines.split_at_mut(first_data);
    let mut numbers: Vec<(usize, usize, u32)> = Vec::new();
    let mut header: Vec<&LineChunks> = Vec::new();
    // Whether the numbers row is marked (`栏次`, `**`): a surer sign than a bare `1 2 3`.
    let mut numbers_marked = false;
    for l in head.iter() {
        if let Some(n) = numbers_row(l) {
            numbers = n;
            numbers_marked = l
                .chunks
                .iter()
                .any(|c| c.text.trim().parse::<u32>().is_err());
        } else {
            header.push(l);
        }
    }
    let header_keys: Vec<String> = header
        .iter()
        .map(|l| squash(&l.chunks.iter().map(|c| c.text.as_str()).collect::<String>()))
        .collect();
    // Body lines (data or label fragments) with their page: a page ends at a page break, page
    // furniture or a reprinted header.
    let mut body: Vec<(usize, usize)> = Vec::new(); // (index into lines, page)
    let mut page = 0;
    let mut prev_line: Option<usize> = None;
    for (k, l) in lines.iter().enumerate() {
        let reprinted = numbers_row(l).is_some() || {
            let key = squash(&l.chunks.iter().map(|c| c.text.as_str()).collect::<String>());
            header_keys.contains(&key)
        };
        let from = prev_line.map_or(l.line, |p| p + 1);
        if prev_line.is_some()
            && (reprinted
                || (from..=l.line).any(|j| {
                    ctx.lines
                        .get(j)
                        .is_some_and(|x| x.page_break || x.furniture)
                }))
            && body.last().is_some_and(|&(_, p)| p == page)
        {
            page += 1;
        }
        prev_line = Some(l.line);
        if !reprinted {
            body.push((k, page));
        }
    }
    // Judged on the positions as printed: re-anchoring moves them.
    let alignment = alignment(
        &body
            .iter()
            .map(|&(k, _)| &lines[k])
            .filter(|l| is_data(l))
            .collect::<Vec<_>>(),
        ctx.input,
    );
    if page > 0 {
        reanchor_pages(lines, &body);
    }
    let mut data: Vec<&LineChunks> = Vec::new();
    let mut fragments: Vec<&LineChunks> = Vec::new();
    for &(k, _) in &body {
        let l = &lines[k];
        if is_data(l) {
            data.push(l);
        } else {
            fragments.push(l);
        }
    }
    if data.is_empty() && fragments.is_empty() {
        return Grid::default();
    }
    // Value headings (the labels' headings are 项目/科目/名称…): where they stand between
    // label columns, the columns are side-by-side blocks.
    // A fragment over or under a label heading is part of it (`政府经济` / `科目编码`).
    let label_heads: Vec<(usize, usize)> = header
        .iter()
        .flat_map(|l| l.chunks.iter())
        .filter(|c| labelish_heading(&squash(&c.text)))
        .map(|c| (c.c0, c.c1))
        .collect();
    let barriers: Vec<(usize, usize)> = header
        .iter()
        .flat_map(|l| l.chunks.iter())
        .filter(|c| {
            !labelish_heading(&squash(&c.text))
                && !label_heads.iter().any(|&(a, b)| a < c.c1 && c.c0 < b)
        })
        .map(|c| (c.c0, c.c1))
        .collect();
    let mut slots = slots_of(&data, &barriers);
    // Header stacks, and blank value columns they reveal.
    let frags: Vec<(usize, &Chunk)> = header
        .iter()
        .enumerate()
        .flat_map(|(r, l)| l.chunks.iter().map(move |c| (r, c)))
        .collect();
    // A group heading sits over two or more headings below it (on any lower line: a heading
    // printed in one line sits in the middle of taller neighbours), centred on them; a heading
    // with a short piece of a word right under it (`附属单位上缴收` / `入`) is wrapped, not a
    // group — unless the piece has neighbours touching the heading's ends (a heading as wide
    // as the sub-headings under it).
    let is_group = |fi: usize| -> bool {
        let (r, f) = frags[fi];
        let Some(next) = (r + 1..header.len()).find(|&rr| {
            frags
                .iter()
                .any(|(r2, g)| *r2 == rr && g.c0 < f.c1 + 6 && f.c0 < g.c1 + 6)
        }) else {
            return false;
        };
        let len = |c: &Chunk| squash(&c.text).chars().count();
        let touching = frags.iter().any(|(r2, g)| {
            *r2 == next
                && ((g.c1 <= f.c0 && g.c1 + 1 >= f.c0) || (g.c0 >= f.c1 && g.c0 <= f.c1 + 1))
        });
        // Two headings under it (`本年政府性基金预算支出` over `基本支出 项目支出`) are not a
        // wrapped word's tail.
        let overlapped = frags
            .iter()
            .filter(|(r2, g)| *r2 == next && g.c0 < f.c1 && f.c0 < g.c1)
            .count();
        // The piece is a tail only when it ends its column: a piece with text at least as wide
        // below it (`政府性` over `基金预` / `算`) is a full line of a narrow column, and the
        // heading, twice as wide, stands over several such columns.
        if !touching
            && overlapped < 2
            && frags.iter().any(|(r2, g)| {
                *r2 == next
                    && (g.c0 + g.c1) >= 2 * f.c0
                    && (g.c0 + g.c1) <= 2 * f.c1
                    && 2 * len(g) <= len(f)
                    && !frags
                        .iter()
                        .any(|(r3, h)| *r3 > next && h.c0 < g.c1 && g.c0 < h.c1 && len(h) >= len(g))
            })
        {
            return false;
        }
        let centres: Vec<i64> = frags
            .iter()
            .filter(|(r2, _)| *r2 == r)
            .map(|(_, g)| (g.c0 + g.c1) as i64)
            .collect();
        let centre2 = (f.c0 + f.c1) as i64;
        let left = centres
            .iter()
            .filter(|&&c| c < centre2)
            .map(|&c| (c + centre2) / 2)
            .max()
            .unwrap_or(i64::MIN);
        let right = centres
            .iter()
            .filter(|&&c| c > centre2)
            .map(|&c| (c + centre2) / 2)
            .min()
            .unwrap_or(i64::MAX);
        // The lines below down to the first one with a heading right under this one: a
        // group's sub-headings are on one of them (shorter ones centred lower).
        let last = (r + 1..header.len())
            .find(|&rr| {
                frags
                    .iter()
                    .any(|(r2, g)| *r2 == rr && g.c0 <= f.c1 && f.c0 <= g.c1)
            })
            .unwrap_or(header.len().saturating_sub(1));
        let per_line = (next..=last).any(|rr| {
            let under: Vec<i64> = frags
                .iter()
                .filter(|(r2, g)| {
                    *r2 == rr && ((g.c0 + g.c1) as i64) > left && ((g.c0 + g.c1) as i64) < right
                })
                .map(|(_, g)| (g.c0 + g.c1) as i64)
                .collect();
            under.len() >= 2 && {
                let lo = under.iter().min().copied().unwrap_or(0);
                let hi = under.iter().max().copied().unwrap_or(0);
                lo <= centre2 + 4 && hi >= centre2 - 4 && ((lo + hi) / 2 - centre2).abs() <= 16
            }
        });
        if per_line {
            return true;
        }
        // Nothing under it, and its sub-headings printed on different lines (`基本支出` over
        // `人员支出` on one line and `日常公用支`/`出` on two): the nearest headings below on
        // either side, close to it, are centred on it.
        // (Label headings — `项目` over `科目编码` and `科目名称` — are read as the label's.)
        if labelish_heading(&squash(&f.text))
            || frags
                .iter()
                .any(|(r2, g)| *r2 > r && g.c0 < f.c1 && f.c0 < g.c1)
        {
            return false;
        }
        let below = frags.iter().filter(|(r2, g)| {
            let c = (g.c0 + g.c1) as i64;
            *r2 > r && c > left && c < right && !labelish_heading(&squash(&g.text))
        });
        let near_left = below
            .clone()
            .filter(|(_, g)| g.c1 <= f.c0 && f.c0 - g.c1 <= 6)
            .map(|(_, g)| (g.c0 + g.c1) as i64)
            .max();
        let near_right = below
            .filter(|(_, g)| g.c0 >= f.c1 && g.c0 - f.c1 <= 6)
            .map(|(_, g)| (g.c0 + g.c1) as i64)
            .min();
        matches!((near_left, near_right), (Some(a), Some(b)) if ((a + b) / 2 - centre2).abs() <= 4)
    };
    let mut groups: Vec<bool> = (0..frags.len()).map(is_group).collect();
    // With a marked row of column numbers under the header of a single block, the numbers fix the
    // value columns: each heading fragment goes to the column whose span it overlaps most
    // (a word broken over three lines in a narrow column stays in that column however its
    // pieces are centred), and a fragment reaching well into two columns with headings under
    // both is a group heading.
    let single_block = numbers
        .first()
        .is_some_and(|&(c0, _, _)| !slots.iter().any(|s| !s.value && s.lo >= c0));
    let spans: Vec<(f64, f64)> = if single_block && numbers_marked && !generic {
        number_spans(&numbers, &frags).unwrap_or_default()
    } else {
        Vec::new()
    };
    // Per fragment, its numbered column.
    let mut frag_col: Vec<Option<usize>> = vec![None; frags.len()];
    for (fi, &(r, f)) in frags.iter().enumerate() {
        if spans.is_empty() || labelish_heading(&squash(&f.text)) {
            continue;
        }
        let mut ov: Vec<(f64, usize)> = spans
            .iter()
            .enumerate()
            .map(|(k, &sp)| (overlap(f.c0, f.c1, sp), k))
            .collect();
        ov.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let width = (f.c1 - f.c0) as f64;
        let Some(&(best, k)) = ov.first() else {
            continue;
        };
        // Mostly left of the numbered columns: a label heading.
        if 2.0 * best < width {
            continue;
        }
        if groups[fi] {
            continue;
        }
        let second = ov.get(1).copied().unwrap_or((0.0, 0));
        let headed_below = |c: usize| {
            frags.iter().any(|(r2, g)| {
                *r2 > r && !labelish_heading(&squash(&g.text)) && {
                    let best_g = spans
                        .iter()
                        .enumerate()
                        .max_by(|a, b| {
                            overlap(g.c0, g.c1, *a.1).total_cmp(&overlap(g.c0, g.c1, *b.1))
                        })
                        .map(|(kg, _)| kg);
                    best_g == Some(c)
                }
            })
        };
        if second.0 >= 2.0 && 3.0 * second.0 >= width && headed_below(k) && headed_below(second.1) {
            groups[fi] = true;
            continue;
        }
        frag_col[fi] = Some(k);
    }
    // A heading taken for a group must stand over two or more numbered columns whose headings
    // start below it; one that does not (`事业单` over `位经营` / `收入`, with the shorter
    // headings of the columns beside it centred on the same lines) is the top line of the
    // column it stands in. Which columns lie under a heading depends on the lines below it,
    // so the lines are settled from the bottom up.
    if !spans.is_empty() {
        let rows_line: Vec<usize> = header.iter().map(|l| l.line).collect();
        for r in (0..header.len()).rev() {
            if !frags.iter().zip(&groups).any(|((r2, _), g)| *r2 == r && *g) {
                continue;
            }
            let cols = numbered_cols(&frags, &frag_col, spans.len(), &rows_line);
            let runs = group_runs(&frags, &groups, &spans, &cols, &rows_line);
            for fi in 0..frags.len() {
                let (r2, f) = frags[fi];
                if r2 != r
                    || !groups[fi]
                    || !matches!(runs.get(fi), Some(Some(None)))
                    || labelish_heading(&squash(&f.text))
                {
                    continue;
                }
                let own = spans
                    .iter()
                    .enumerate()
                    .map(|(k, &sp)| (overlap(f.c0, f.c1, sp), k))
                    .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
                    .filter(|&(ov, _)| 2.0 * ov >= (f.c1 - f.c0) as f64)
                    .map(|(_, k)| k);
                if let Some(k) = own {
                    groups[fi] = false;
                    frag_col[fi] = Some(k);
                }
            }
        }
    }
    // Union-find stacks of non-group fragments outside the numbered columns.
    let mut parent: Vec<usize> = (0..frags.len()).collect();
    fn find(p: &mut [usize], x: usize) -> usize {
        let mut x = x;
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    for a in 0..frags.len() {
        for b in a + 1..frags.len() {
            if groups[a]
                || groups[b]
                || frags[a].0 == frags[b].0
                || frag_col[a].is_some()
                || frag_col[b].is_some()
            {
                continue;
            }
            let (fa, fb) = (frags[a].1, frags[b].1);
            // overlapping, or touching with at most one space (a word wrapped in its cell)
            if fa.c0 <= fb.c1 + 1 && fb.c0 <= fa.c1 + 1 {
                let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
                parent[ra] = rb;
            }
        }
    }
    let mut stacks: Vec<(usize, usize, Vec<usize>)> = Vec::new(); // (c0, c1, members)
                                                                  // One stack per numbered column, its fragments top to bottom (a column with no heading
                                                                  // printed spans its number).
    for (k, &(n0, n1, _)) in numbers.iter().enumerate().take(spans.len()) {
        let members: Vec<usize> = (0..frags.len())
            .filter(|&i| frag_col[i] == Some(k))
            .collect();
        let c0 = members.iter().map(|&m| frags[m].1.c0).min().unwrap_or(n0);
        let c1 = members.iter().map(|&m| frags[m].1.c1).max().unwrap_or(n1);
        stacks.push((c0, c1, members));
    }
    let numbered_stacks = stacks.len();
    let mut stack_of_root: Vec<Option<usize>> = vec![None; frags.len()];
    for i in 0..frags.len() {
        if groups[i] || frag_col[i].is_some() {
            continue;
        }
        let r = find(&mut parent, i);
        match stack_of_root[r] {
            Some(k) => {
                let s = &mut stacks[k];
                s.0 = s.0.min(frags[i].1.c0);
                s.1 = s.1.max(frags[i].1.c1);
                s.2.push(i);
            }
            None => {
                stack_of_root[r] = Some(stacks.len());
                stacks.push((frags[i].1.c0, frags[i].1.c1, vec![i]));
            }
        }
    }
    // Attach stacks to slots.
    let mut stack_slot: Vec<Option<usize>> = vec![None; stacks.len()];
    let mut taken: Vec<bool> = vec![false; slots.len()];
    // Global nearest matching of header stacks to slots.
    let mut pairs: Vec<(i64, usize, usize)> = Vec::new();
    let mut labelish_stack = vec![false; stacks.len()];
    // Numbered columns take the value slot whose amounts end nearest their right boundary
    // (amounts are right-aligned in their cells); one without amounts is a blank column at
    // that boundary.
    {
        let mut near: Vec<(f64, usize, usize)> = Vec::new();
        for (k, &(lo, hi)) in spans.iter().enumerate() {
            for (si, sl) in slots.iter().enumerate() {
                let d = (sl.anchor as f64 - hi).abs();
                if sl.value && d <= ((hi - lo) / 2.0).max(3.0) {
                    near.push((d, k, si));
                }
            }
        }
        near.sort_by(|a, b| a.0.total_cmp(&b.0).then((a.1, a.2).cmp(&(b.1, b.2))));
        for (_, k, si) in near {
            if stack_slot.get(k).is_some_and(|s| s.is_none()) && !taken[si] {
                stack_slot[k] = Some(si);
                taken[si] = true;
            }
        }
        for k in 0..numbered_stacks {
            if stack_slot[k].is_none() {
                let edge = spans
                    .get(k)
                    .map_or(stacks[k].1, |&(_, hi)| hi.max(0.0) as usize);
                slots.push(Slot {
                    value: true,
                    left: stacks[k].0,
                    lo: edge,
                    hi: edge,
                    anchor: edge,
                });
                taken.push(true);
                stack_slot[k] = Some(slots.len() - 1);
            }
        }
    }
    for (k, (c0, c1, members)) in stacks.iter().enumerate().skip(numbered_stacks) {
        let text: String = members.iter().map(|&m| squash(&frags[m].1.text)).collect();
        let labelish = labelish_heading(&text);
        labelish_stack[k] = labelish;
        for (si, s) in slots.iter().enumerate() {
            let d = if s.value {
                if labelish && !text.has("行次") {
                    continue;
                }
                let pos = s.anchor as i64;
                if pos + 2 < *c0 as i64 || pos > *c1 as i64 + 8 {
                    continue;
                }
                (pos - *c1 as i64).abs()
            } else {
                if !labelish {
                    continue;
                }
                let pos = s.lo as i64;
                if (*c1 as i64) < pos - 2 || *c0 as i64 > s.hi as i64 + 12 {
                    continue;
                }
                (pos - *c0 as i64).abs()
            };
            pairs.push((d, k, si));
        }
    }
    pairs.sort_unstable();
    for (_, k, si) in pairs {
        if stack_slot[k].is_none() && (!taken[si] || !slots[si].value) {
            stack_slot[k] = Some(si);
            taken[si] = true;
        }
    }
    // A heading printed left of wide right-aligned amounts: a value column left without a
    // heading takes the nearest unattached heading ending left of it, with nothing in between.
    if !generic {
        for si in 0..slots.len() {
            if !slots[si].value || taken[si] {
                continue;
            }
            let s = &slots[si];
            let best = (0..stacks.len())
                .filter(|&k| stack_slot[k].is_none() && !labelish_stack[k])
                .filter(|&k| stacks[k].1 < s.hi && s.left <= stacks[k].1 + 12)
                .max_by_key(|&k| stacks[k].1)
                .filter(|&k| {
                    !slots
                        .iter()
                        .any(|o| o.left > stacks[k].1 && o.left < s.left && o.hi < s.hi)
                });
            if let Some(k) = best {
                stack_slot[k] = Some(si);
                taken[si] = true;
            }
        }
    }
    for k in 0..stacks.len() {
        if stack_slot[k].is_none() && !labelish_stack[k] && !generic {
            let (c0, c1, _) = stacks[k];
            // A column with no amounts printed: a blank column.
            slots.push(Slot {
                value: true,
                left: c0,
                lo: c1,
                hi: c1,
                anchor: c1,
            });
            taken.push(true);
            stack_slot[k] = Some(slots.len() - 1);
        }
    }
    // Order slots by position and build columns: per label slot a code column then a label column.
    // (A numbered column is placed by its span: long amounts start left of it.)
    let mut place: Vec<usize> = slots.iter().map(|s| s.left).collect();
    for (k, &(lo, _)) in spans.iter().enumerate() {
        if let Some(p) = stack_slot
            .get(k)
            .copied()
            .flatten()
            .and_then(|si| place.get_mut(si))
        {
            *p = lo.max(0.0) as usize;
        }
    }
    let mut idx: Vec<usize> = (0..slots.len()).collect();
    idx.sort_by_key(|&i| place[i]);
    let mut col_of_slot = vec![0usize; slots.len()];
    let mut hints: Vec<Option<RoleHint>> = Vec::new();
    let mut code_col_of_slot = vec![usize::MAX; slots.len()];
    for &i in &idx {
        if !slots[i].value {
            code_col_of_slot[i] = hints.len();
            hints.push(Some(RoleHint::Code));
            col_of_slot[i] = hints.len();
            hints.push(Some(RoleHint::Label));
        } else {
            col_of_slot[i] = hints.len();
            hints.push(None);
        }
    }
    let ncols = hints.len();
    // Header rows.
    let mut header_rows: Vec<Vec<CompactString>> =
        vec![vec![CompactString::default(); ncols]; header.len()];
    for (k, st) in stacks.iter().enumerate() {
        if let Some(si) = stack_slot[k] {
            for &m in &st.2 {
                let (r, f) = frags[m];
                squash_into(&mut header_rows[r][col_of_slot[si]], &f.text);
            }
        }
    }
    // A group heading covers the columns under it: the contiguous run of lower stacks centred
    // on it, among those reaching into the space between the midpoints to its neighbours on
    // the same line. A run that takes in a label column is the heading of a side-by-side
    // block (收入 | 支出): it names the block and goes to the block's first column only.
    let stack_top: Vec<usize> = stacks
        .iter()
        .map(|s| s.2.iter().map(|&m| frags[m].0).min().unwrap_or(0))
        .collect();
    // Twice the line a stack is centred on: a heading as tall as the header below a group
    // heading is centred higher than the group's sub-headings, which are centred in the lower
    // part only.
    // (In lines of the text: blank lines count.)
    let line_of = |r: usize| header.get(r).map_or(0, |l| l.line);
    let stack_middle2: Vec<usize> = stacks
        .iter()
        .enumerate()
        .map(|(k, s)| {
            line_of(stack_top[k]) + line_of(s.2.iter().map(|&m| frags[m].0).max().unwrap_or(0))
        })
        .collect();
    let header_bottom = line_of(header.len().saturating_sub(1));
    // Side-by-side blocks: (left edge, first value's left edge, right edge, first column).
    let mut blocks: Vec<(usize, usize, usize, usize)> = Vec::new();
    for &i in &idx {
        let sl = &slots[i];
        if !sl.value {
            blocks.push((sl.lo, usize::MAX, sl.hi, code_col_of_slot[i]));
        } else if let Some(b) = blocks.last_mut() {
            b.1 = b.1.min(sl.left);
            b.2 = b.2.max(sl.hi);
        }
    }
    blocks.retain(|b| b.1 != usize::MAX);
    let lines_of_rows: Vec<usize> = (0..header.len()).map(line_of).collect();
    let cols = numbered_cols(&frags, &frag_col, spans.len(), &lines_of_rows);
    let runs = group_runs(&frags, &groups, &spans, &cols, &lines_of_rows);
    for (fi, &(r, f)) in frags.iter().enumerate() {
        if !groups[fi] {
            continue;
        }
        if let Some(Some((a, b))) = runs.get(fi).copied().flatten() {
            let text = squash(&f.text);
            for k in a..=b {
                if let Some(c) = stack_slot
                    .get(k)
                    .copied()
                    .flatten()
                    .and_then(|si| col_of_slot.get(si))
                {
                    if let Some(cell) = header_rows.get_mut(r).and_then(|h| h.get_mut(*c)) {
                        cell.push_str(&text);
                    }
                }
            }
            continue;
        }
        let centre2 = (f.c0 + f.c1) as i64;
        let left = frags
            .iter()
            .filter(|(r2, g)| *r2 == r && g.c1 <= f.c0)
            .map(|(_, g)| (g.c1 + f.c0) as i64)
            .max()
            .unwrap_or(i64::MIN);
        let right = frags
            .iter()
            .filter(|(r2, g)| *r2 == r && g.c0 >= f.c1)
            .map(|(_, g)| (f.c1 + g.c0) as i64)
            .min()
            .unwrap_or(i64::MAX);
        // (centre, column, a label column)
        // (centre, column, (a label column, beside the group rather than under it))
        let mut under: Vec<(i64, usize, (bool, bool))> = stacks
            .iter()
            .enumerate()
            .filter(|(k, s)| stack_top[*k] > r && 2 * s.1 as i64 > left && (2 * s.0 as i64) < right)
            .filter_map(|(k, s)| {
                let beside = stack_middle2[k] <= line_of(r) + header_bottom;
                stack_slot[k].map(|si| {
                    if slots[si].value {
                        ((s.0 + s.1) as i64, col_of_slot[si], (false, beside))
                    } else {
                        ((s.0 + s.1) as i64, code_col_of_slot[si], (true, beside))
                    }
                })
            })
            .collect();
        under.sort_unstable();
        under.dedup_by_key(|u| u.1);
        let text = squash(&f.text);
        if let Some((a, b)) = centred_run(&under, centre2) {
            if a < b {
                if let Some(&(_, c, _)) = under[a..=b].iter().find(|u| u.2 .0) {
                    header_rows[r][c].push_str(&text);
                    continue;
                }
            }
        }
        // Alone on its line over a side-by-side block, nearer the middle of the whole block
        // than of its value columns: the block's name.
        if let Some(&(lo, vlo, hi, c)) = blocks
            .iter()
            .find(|b| 2 * b.0 as i64 <= centre2 && centre2 <= 2 * b.2 as i64)
        {
            let alone = frags
                .iter()
                .filter(|(r2, g)| *r2 == r && g.c1 > lo && g.c0 < hi)
                .count()
                == 1;
            if alone
                && blocks.len() > 1
                && ((lo + hi) as i64 - centre2).abs() < ((vlo + hi) as i64 - centre2).abs()
            {
                header_rows[r][c].push_str(&text);
                continue;
            }
        }
        under.retain(|u| !u.2 .0);
        // Prefer the sub-headings centred below the group's tall neighbours, when they are two
        // or more centred on it.
        let lower: Vec<(i64, usize, (bool, bool))> =
            under.iter().filter(|u| !u.2 .1).copied().collect();
        let run = match centred_run(&lower, centre2) {
            Some((a, b)) if a < b => Some(&lower[a..=b]),
            _ => centred_run(&under, centre2).map(|(a, b)| &under[a..=b]),
        };
        for &(_, c, _) in run.unwrap_or_default() {
            header_rows[r][c].push_str(&text);
        }
    }
    // Column numbers left to right, each to the nearest value column right of the last one
    // numbered (a number never goes to a column already numbered).
    let mut col_numbers = vec![None; ncols];
    let mut numbered: Option<usize> = None;
    if !spans.is_empty() {
        // Numbered columns carry their own number.
        for (k, &(_, _, n)) in numbers.iter().enumerate().take(spans.len()) {
            if let Some(c) = stack_slot
                .get(k)
                .copied()
                .flatten()
                .and_then(|si| col_of_slot.get(si))
            {
                if let Some(x) = col_numbers.get_mut(*c) {
                    *x = Some(n);
                }
            }
        }
        numbers.clear();
    }
    for (_, edge, n) in numbers {
        let si = slots
            .iter()
            .enumerate()
            .filter(|&(si, s)| s.value && numbered.is_none_or(|c| col_of_slot[si] > c))
            .min_by_key(|(_, s)| {
                if edge < s.lo {
                    s.lo - edge
                } else {
                    edge.saturating_sub(s.hi)
                }
            })
            .map(|(si, _)| si);
        if let Some(si) = si {
            col_numbers[col_of_slot[si]] = Some(n);
            numbered = Some(col_of_slot[si]);
        }
    }
    // Rows.
    let mut grid_rows: Vec<GridRow> = Vec::new();
    // (line, grid row index)
    let mut row_of_line: Vec<(usize, usize)> = Vec::new();
    // Text pasted without its alignment (see `alignment`): a row with fewer figures than the
    // table has value columns (or than its fullest row) has dropped its blank cells, and where
    // its figures belong is a guess; in side-by-side blocks every figure's block is.
    let mut value_cols: Vec<usize> = slots
        .iter()
        .enumerate()
        .filter(|(_, s)| s.value)
        .map(|(si, _)| col_of_slot[si])
        .collect();
    value_cols.sort_unstable();
    value_cols.dedup();
    let fullest = if alignment == Alignment::Flat {
        data.iter()
            .map(|l| amount_count(l))
            .max()
            .unwrap_or(0)
            .max(value_cols.len())
    } else {
        0
    };
    for l in &data {
        let mut cells: Vec<Option<Field>> = vec![None; ncols];
        // In unaligned text, two figures of the line falling in one column.
        let mut collided = false;
        for c in &l.chunks {
            let col = match c.kind {
                Kind::Amount => nearest_value_slot(&slots, c.c1).map(|si| col_of_slot[si]),
                Kind::Code => code_slot_for(&slots, c.c1).map(|si| code_col_of_slot[si]),
                Kind::Ident => None,
                Kind::Text => label_slot_for(&slots, c.c0)
                    .map(|si| col_of_slot[si])
                    .or_else(|| nearest_value_slot(&slots, c.c1).map(|si| col_of_slot[si])),
            };
            let Some(col) = col else { continue };
            match &mut cells[col] {
                Some(f) if c.kind == Kind::Text => {
                    f.push_text(&c.text);
                    f.span.end = c.span.end;
                }
                slot @ None => *slot = Some(Field::new(c.text.clone(), c.span)),
                Some(_) => collided |= c.kind == Kind::Amount,
            }
        }
        if alignment == Alignment::FlatSideBySide
            || (fullest > 0 && (collided || amount_count(l) < fullest))
        {
            for f in cells.iter_mut().flatten() {
                f.unplaced |= f.number().is_some();
            }
            // A blank may then be where any figure of the line belongs: the value columns
            // left blank are marked too (a blank is otherwise an exact zero).
            for &col in &value_cols {
                if let Some(cell @ None) = cells.get_mut(col) {
                    let mut blank = Field::new("", Span::empty(ctx.lines[l.line].start));
                    blank.unplaced = true;
                    *cell = Some(blank);
                }
            }
        }
        row_of_line.push((l.line, grid_rows.len()));
        grid_rows.push(GridRow {
            line: l.line,
            cells,
            anchor: ctx.lines[l.line].start,
            open_wrap: false,
        });
    }
    let open = attach_fragments(
        &fragments,
        &data,
        &row_of_line,
        &mut grid_rows,
        &slots,
        &col_of_slot,
    );
    join_wrap_tails(&mut grid_rows, open);
    join_split_rows(ctx, &mut grid_rows, &hints);
    let mut grid = Grid {
        ncols,
        header_rows,
        numbers: col_numbers,
        hints,
        explicit_groups: true,
        ..Grid::default()
    };
    grid.cells.reserve(grid_rows.len() * ncols);
    for r in grid_rows {
        grid.push_row(r.line, r.anchor, r.cells);
    }
    grid
}

/// A run of numbered columns, first and last.
type Run = (usize, usize);

/// A numbered column's heading, as seen by the group headings over it.
struct NumberedCol {
    /// Any heading printed in it.
    headed: bool,
    /// Its first header row.
    top: usize,
    /// Twice the line its heading is centred on.
    middle2: usize,
    /// The line of its heading's last fragment.
    bottom: usize,
    /// Character columns of its heading.
    c0: usize,
    c1: usize,
}

/// The numbered columns' headings: per column, the fragments `frag_col` puts in it.
/// `line_of` gives the line of each header row.
fn numbered_cols(
    frags: &[(usize, &Chunk)],
    frag_col: &[Option<usize>],
    n: usize,
    line_of: &[usize],
) -> Vec<NumberedCol> {
    (0..n)
        .map(|k| {
            let members = frags
                .iter()
                .zip(frag_col)
                .filter(|(_, c)| **c == Some(k))
                .map(|(f, _)| f);
            let top = members.clone().map(|(r, _)| *r).min();
            let bottom = members.clone().map(|(r, _)| *r).max();
            let at = |r: Option<usize>| r.and_then(|r| line_of.get(r)).copied().unwrap_or(0);
            NumberedCol {
                headed: top.is_some(),
                top: top.unwrap_or(0),
                middle2: at(top) + at(bottom),
                bottom: at(bottom),
                c0: members.clone().map(|(_, f)| f.c0).min().unwrap_or(0),
                c1: members.map(|(_, f)| f.c1).max().unwrap_or(0),
            }
        })
        .collect()
}

/// Per group heading over numbered columns, the run of columns it covers (first, last);
/// `Some(None)` when it stands over no two such columns (not a group after all), `None` to
/// place it by the centring rules.
///
/// A group heading stands over the column it overlaps most and reaches out, left and right,
/// over the neighbouring columns whose headings start below it and are centred in the part of
/// the header below it (a heading as tall as the whole header — `总计` beside `本年收入` — is
/// beside the group, not under it), up to the column under the next group heading on its line.
/// Two groups on one line split the columns between them where each is best centred over its
/// run (`本年收入` over ten columns, `上年结转结余` over six). The run is then the longest one,
/// of two columns or more, centred on the heading.
fn group_runs(
    frags: &[(usize, &Chunk)],
    groups: &[bool],
    spans: &[(f64, f64)],
    cols: &[NumberedCol],
    line_of: &[usize],
) -> Vec<Option<Option<(usize, usize)>>> {
    let mut out = vec![None; frags.len()];
    // The bottom of the value columns' headings (a label heading wrapped lower does not count).
    let header_bottom = cols
        .iter()
        .filter(|c| c.headed)
        .map(|c| c.bottom)
        .max()
        .unwrap_or(0);
    if spans.is_empty() || cols.len() != spans.len() {
        return out;
    }
    let rows: Vec<usize> = {
        let mut r: Vec<usize> = frags
            .iter()
            .zip(groups)
            .filter(|(_, g)| **g)
            .map(|((r, _), _)| *r)
            .collect();
        r.dedup();
        r
    };
    let extent_centre = |a: usize, b: usize| -> f64 {
        match (cols.get(a), cols.get(b)) {
            (Some(x), Some(y)) => (x.c0 + y.c1) as f64 / 2.0,
            _ => 0.0,
        }
    };
    for r in rows {
        let line = line_of.get(r).copied().unwrap_or(0);
        // Columns whose heading starts below the group's line and is centred in the part of the
        // header below it rather than on the whole header (a tall heading beside the group).
        let below = |k: usize| cols.get(k).is_some_and(|c| c.headed && c.top > r);
        let centred_below = |k: usize| {
            below(k)
                && cols
                    .get(k)
                    .is_some_and(|c| c.middle2 > line + header_bottom)
        };
        // (fragment, own column, centre)
        let mut gs: Vec<(usize, usize, f64)> = Vec::new();
        for (fi, &(r2, f)) in frags.iter().enumerate() {
            if r2 != r || !groups.get(fi).copied().unwrap_or(false) {
                continue;
            }
            let best = spans
                .iter()
                .enumerate()
                .map(|(k, &sp)| (overlap(f.c0, f.c1, sp), k))
                .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
            if let Some((ov, k)) = best {
                if ov > 0.0 && below(k) {
                    gs.push((fi, k, (f.c0 + f.c1) as f64 / 2.0));
                } else if 2.0 * ov >= (f.c1 - f.c0) as f64 {
                    // In a column whose heading does not start below it.
                    if let Some(x) = out.get_mut(fi) {
                        *x = Some(None);
                    }
                }
            }
        }
        gs.sort_by_key(|g| g.1);
        gs.dedup_by_key(|g| g.1);
        let owns: Vec<usize> = gs.iter().map(|g| g.1).collect();
        // Per group: nested, its centred run, and whether it reaches over more than its own
        // column.
        let mut per_group: Vec<(bool, Option<Run>, bool)> = Vec::new();
        {
            let under = centred_below;
            let mut ext: Vec<(usize, usize)> = gs.iter().map(|g| (g.1, g.1)).collect();
            for e in ext.iter_mut() {
                while e.0 > 0 && under(e.0 - 1) && !owns.contains(&(e.0 - 1)) {
                    e.0 -= 1;
                }
                while under(e.1 + 1) && !owns.contains(&(e.1 + 1)) {
                    e.1 += 1;
                }
            }
            for i in 1..gs.len() {
                let (l, rt) = (ext[i - 1], ext[i]);
                if l.1 + 1 < rt.0 {
                    continue;
                }
                let (lc, rc) = (gs[i - 1].2, gs[i].2);
                // Split after column s: the left group runs to s, the right one from s + 1.
                let cost = |s: usize| {
                    (extent_centre(l.0, s) - lc).abs() + (extent_centre(s + 1, rt.1) - rc).abs()
                };
                let split = (gs[i - 1].1..gs[i].1)
                    .filter(|&s| s + 1 >= rt.0 && s <= l.1)
                    .min_by(|&a, &b| cost(a).total_cmp(&cost(b)));
                if let Some(s) = split {
                    ext[i - 1].1 = s;
                    ext[i].0 = s + 1;
                }
            }
            for (&(_, own, centre), &(lo, hi)) in gs.iter().zip(&ext) {
                // Another group heading lower down over these columns (`预算数` over
                // `公务用车购置及运行费` over `小计 | 购置费 | 运行费`): nested groups are left to
                // the centring rules.
                let (x0, x1) = (
                    spans.get(lo).map_or(0.0, |s| s.0),
                    spans.get(hi).map_or(0.0, |s| s.1),
                );
                let nested = frags.iter().zip(groups).any(|((r2, g), is_g)| {
                    *is_g && *r2 > r && {
                        let c = (g.c0 + g.c1) as f64 / 2.0;
                        c >= x0 && c < x1
                    }
                });
                // The longest run of two or more columns centred on the heading.
                let mut best: Option<(usize, f64, (usize, usize))> = None;
                for a in lo..=own {
                    for b in own..=hi {
                        if b == a {
                            continue;
                        }
                        let width = cols.get(b).map_or(0, |c| c.c1) as f64
                            - cols.get(a).map_or(0, |c| c.c0) as f64;
                        let off = (extent_centre(a, b) - centre).abs();
                        if off > 2.0 + width / 16.0 {
                            continue;
                        }
                        let better =
                            best.is_none_or(|(n, o, _)| b - a > n || (b - a == n && off < o));
                        if better {
                            best = Some((b - a, off, (a, b)));
                        }
                    }
                }
                per_group.push((nested, best.map(|b| b.2), lo < hi));
            }
        }
        for (g, &(nested, run, wide)) in gs.iter().zip(&per_group) {
            if nested {
                continue;
            }
            // No centred run although the heading reaches over several columns: left to the
            // centring rules; over its own column only: not a group.
            if run.is_none() && wide {
                continue;
            }
            if let Some(x) = out.get_mut(g.0) {
                *x = Some(run);
            }
        }
    }
    out
}

/// One cell of a generic line: its text, where it is, whether it reads as a number.
struct GenCell {
    text: String,
    span: Span,
    c0: usize,
    c1: usize,
    number: bool,
}

/// The cells of a line of a generic table: whitespace runs of two or more separate cells;
/// a single space joins words (`24 家`, `年度 指标值`) but not two numbers.
fn generic_cells(text: &str, start: usize) -> Vec<GenCell> {
    let mut out: Vec<GenCell> = Vec::new();
    for c in chunks(text, start) {
        let number = c.kind == Kind::Amount;
        if let Some(prev) = out.last_mut() {
            if c.c0 <= prev.c1 + 1 && !(number && prev.number) {
                prev.text.push_str(&" ".repeat(c.c0 - prev.c1));
                prev.text.push_str(&c.text);
                prev.span.end = c.span.end;
                prev.c1 = c.c1;
                prev.number = false;
                continue;
            }
        }
        out.push(GenCell {
            text: c.text,
            span: c.span,
            c0: c.c0,
            c1: c.c1,
            number,
        });
    }
    out
}

/// A row of a generic table being built: its fields by column and, per column, the extent of
/// the text on the row's last line (to tell a wrapped cell from a finished one).
struct GenRow {
    line: usize,
    /// The row's last line so far.
    last_line: usize,
    cells: Vec<Option<Field>>,
    /// (column, c0, c1, right limit) of the cells on the row's last line.
    last: Vec<(usize, usize, usize, usize)>,
    numbers: bool,
}

impl GenRow {
    /// Column `k` was cut at the right end of its cell on the row's last line.
    fn cut(&self, k: usize) -> bool {
        self.last
            .iter()
            .any(|&(col, _, c1, limit)| col == k && c1 + 4 >= limit)
    }
    fn has(&self, k: usize) -> bool {
        self.cells
            .get(k)
            .is_some_and(|c| c.as_ref().is_some_and(|f| !f.text.is_empty()))
    }
}

/// Self-evaluation and other irregular tables: every line is cells, placed under the columns
/// of the last heading line (a line of three or more words and no figures: 资金情况 | 年初预算数 |
/// …, 一级指标 | 二级指标 | …); before any heading line, cells count from the left. A text
/// printed over several lines (a long cell wrapped in its column, or centred in a taller row)
/// is joined to its row: a line continues the row above when its cells go on cells of that row
/// cut at their right edge (or are short tails of them), or fill its empty cells while one is
/// still wrapping.
fn read_generic(ctx: &mut Ctx<'_>, body: &[usize]) -> Grid {
    let lines: Vec<(usize, Vec<GenCell>)> = body
        .iter()
        .map(|&i| (i, generic_cells(ctx.lines[i].text, ctx.lines[i].start)))
        .filter(|(_, c)| !c.is_empty())
        .collect();
    let right_edge = lines
        .iter()
        .filter_map(|(_, c)| c.last().map(|x| x.c1))
        .max()
        .unwrap_or(0);
    // The current heading line's cells: (c0, c1).
    let mut frame: Vec<(usize, usize)> = Vec::new();
    let mut rows: Vec<GenRow> = Vec::new();
    for (line, cells) in &lines {
        let heading = cells.len() >= 3 && cells.iter().all(|c| !c.number);
        if heading {
            frame = cells.iter().map(|c| (c.c0, c.c1)).collect();
        }
        let own: Vec<(usize, usize)>;
        let fr: &[(usize, usize)] = if frame.is_empty() {
            own = cells.iter().map(|c| (c.c0, c.c1)).collect();
            &own
        } else {
            &frame
        };
        // Column of each cell: text by its start, between the midpoints of the gaps of the
        // heading line.
        let col_at = |x: usize| -> usize {
            (1..fr.len())
                .take_while(|&k| 2 * x >= fr[k - 1].1 + fr[k].0)
                .last()
                .unwrap_or(0)
        };
        // A number (right-aligned or centred) is under the last heading starting before its
        // end: right-aligned in a wide column, it ends nearer the next heading than its own.
        let placed: Vec<(usize, &GenCell)> = cells
            .iter()
            .map(|c| {
                if c.number {
                    (fr.iter().rposition(|f| f.0 < c.c1).unwrap_or(0), c)
                } else {
                    (col_at(c.c0), c)
                }
            })
            .collect();
        // Right limit of each cell: the next cell on the line, or the next column, or the
        // table's right edge.
        let limits: Vec<usize> = placed
            .iter()
            .enumerate()
            .map(|(i, &(k, _))| {
                let next_cell = placed.get(i + 1).map(|(_, c)| c.c0.saturating_sub(2));
                let next_col = fr.get(k + 1).map(|f| f.0.saturating_sub(2));
                next_cell
                    .into_iter()
                    .chain(next_col)
                    .min()
                    .unwrap_or(right_edge)
            })
            .collect();
        let continues = !heading
            && rows.last().is_some_and(|r| {
                // only over blank lines and page furniture
                let from = r.last_line + 1;
                if (from..*line).any(|j| ctx.lines.get(j).is_some_and(|l| !l.is_void())) {
                    return false;
                }
                let open = r.last.iter().any(|&(k, ..)| r.cut(k));
                let short_tails = placed.iter().all(|&(k, c)| {
                    !c.number
                        && r.has(k)
                        && squash(&c.text).chars().count() <= 3
                        && !row_like(&c.text)
                });
                let wraps = open
                    && placed.iter().any(|&(k, _)| r.cut(k))
                    && placed
                        .iter()
                        .all(|&(k, c)| r.cut(k) && !c.number || !r.has(k))
                    && (!r.numbers || placed.iter().all(|(_, c)| !c.number));
                short_tails || wraps
            });
        let ncols = placed.iter().map(|(k, _)| k + 1).max().unwrap_or(0);
        if !continues {
            rows.push(GenRow {
                line: *line,
                last_line: *line,
                cells: Vec::new(),
                last: Vec::new(),
                numbers: false,
            });
        }
        let Some(row) = rows.last_mut() else { continue };
        if row.cells.len() < ncols {
            row.cells.resize(ncols, None);
        }
        row.last.clear();
        row.last_line = *line;
        for (i, &(k, c)) in placed.iter().enumerate() {
            row.last.push((k, c.c0, c.c1, limits[i]));
            row.numbers |= c.number;
            match &mut row.cells[k] {
                Some(f) => {
                    f.push_text(&c.text);
                    f.span.end = f.span.end.max(c.span.end);
                }
                slot @ None => *slot = Some(Field::new(c.text.clone(), c.span)),
            }
        }
    }
    let ncols = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    let mut grid = Grid {
        ncols,
        header_rows: Vec::new(),
        numbers: vec![None; ncols],
        hints: vec![None; ncols],
        explicit_groups: false,
        ..Grid::default()
    };
    grid.cells.reserve(rows.len() * ncols);
    for r in rows {
        grid.push_row(r.line, ctx.lines[r.line].start, r.cells);
    }
    grid
}

/// A label printed at the top of a tall cell and its figures lower down (`合计` / `3861.25`
/// on the next line): a row with a label and no figures, followed within two lines by a row
/// with figures and neither label nor code, is one row.
fn join_split_rows(ctx: &Ctx<'_>, rows: &mut Vec<GridRow>, hints: &[Option<RoleHint>]) {
    let is_label = |j: usize| hints.get(j).copied().flatten().is_some();
    let filled = |f: &Option<Field>| f.as_ref().is_some_and(|f| !f.text.trim().is_empty());
    let mut k = 0;
    while k + 1 < rows.len() {
        let (a, b) = (&rows[k], &rows[k + 1]);
        let a_label_only = (0..a.cells.len()).any(|j| is_label(j) && filled(&a.cells[j]))
            && (0..a.cells.len()).all(|j| is_label(j) || !filled(&a.cells[j]));
        let b_values_only = (0..b.cells.len()).any(|j| !is_label(j) && filled(&b.cells[j]))
            && (0..b.cells.len()).all(|j| !is_label(j) || !filled(&b.cells[j]));
        let near = b.line > a.line
            && b.line <= a.line + 2
            && (a.line + 1..b.line).all(|l| ctx.lines.get(l).is_some_and(|x| x.is_void()));
        if a_label_only && b_values_only && near {
            let b = rows.remove(k + 1);
            for (j, f) in b.cells.into_iter().enumerate() {
                if filled(&f) {
                    if let Some(slot) = rows[k].cells.get_mut(j) {
                        *slot = f;
                    }
                }
            }
        }
        k += 1;
    }
}

/// The contiguous run of `under` (sorted by centre) centred on `centre2`: start at the entry
/// nearest the centre, grow while the run stays centred.
fn centred_run<T>(under: &[(i64, usize, T)], centre2: i64) -> Option<(usize, usize)> {
    let mut a = (0..under.len()).min_by_key(|&i| (under[i].0 - centre2).abs())?;
    let mut b = a;
    loop {
        let can_both = a > 0 && b + 1 < under.len();
        if can_both && ((under[a - 1].0 + under[b + 1].0) / 2 - centre2).abs() <= 8 {
            a -= 1;
            b += 1;
            continue;
        }
        let mid_left = a > 0 && ((under[a - 1].0 + under[b].0) / 2 - centre2).abs() <= 4;
        let mid_right =
            b + 1 < under.len() && ((under[a].0 + under[b + 1].0) / 2 - centre2).abs() <= 4;
        if mid_left {
            a -= 1;
        } else if mid_right {
            b += 1;
        } else {
            return Some((a, b));
        }
    }
}

fn nearest_value_slot(slots: &[Slot], edge: usize) -> Option<usize> {
    slots
        .iter()
        .enumerate()
        .filter(|(_, s)| s.value)
        .min_by_key(|(_, s)| {
            if edge < s.lo {
                s.lo - edge
            } else {
                edge.saturating_sub(s.hi)
            }
        })
        .map(|(i, _)| i)
}

/// The label slot whose block contains character column `c`: the last label slot starting
/// at or before `c + 4`, else the first.
fn label_slot_for(slots: &[Slot], c: usize) -> Option<usize> {
    let mut labels: Vec<(usize, &Slot)> =
        slots.iter().enumerate().filter(|(_, s)| !s.value).collect();
    labels.sort_by_key(|(_, s)| s.lo);
    let mut best = labels.first().map(|(i, _)| *i);
    for (i, s) in labels {
        if s.lo <= c + 4 {
            best = Some(i);
        }
    }
    best
}

/// The label slot a code belongs to: the first label column starting after the code (codes
/// stand left of their names) with no value column between them, else the block the code is
/// in (a label column starting at the codes' left edge: `人员经费合计` printed across the
/// code and name columns).
fn code_slot_for(slots: &[Slot], code_end: usize) -> Option<usize> {
    let values_between = |lo: usize| {
        slots
            .iter()
            .any(|v| v.value && v.hi > code_end && v.lo < lo)
    };
    slots
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            !s.value && s.lo >= code_end && s.lo <= code_end + 24 && !values_between(s.lo)
        })
        .min_by_key(|(_, s)| s.lo)
        .map(|(i, _)| i)
        .or_else(|| label_slot_for(slots, code_end))
}

/// Glue label fragments (text-only lines) to the row above or below.
///
/// A fragment right under a row whose label began above it completes that label (a centred
/// wrap: above + amount line + below); otherwise it starts the label of an unlabelled row just
/// below, or is prepended to a row just below when that is nearer than the row above (the
/// name's first line over `发展促进中  337.92`); else it ends the label of the row above
/// (a tail wrap).
///
/// Returns, per row, the label column of a centred wrap still waiting for its last line (the
/// label begun above an amount line that had none, with nothing glued below yet).
fn attach_fragments(
    fragments: &[&LineChunks],
    data: &[&LineChunks],
    rows_by_line: &[(usize, usize)],
    rows: &mut [GridRow],
    slots: &[Slot],
    col_of_slot: &[usize],
) -> Vec<Option<usize>> {
    let mut open: Vec<Option<usize>> = vec![None; rows.len()];
    for f in fragments {
        let next = rows_by_line
            .iter()
            .find(|(l, _)| *l > f.line)
            .filter(|(l, _)| *l <= f.line + 2);
        let prev = rows_by_line
            .iter()
            .rev()
            .find(|(l, _)| *l < f.line)
            .filter(|(l, _)| *l + 2 >= f.line);
        for c in &f.chunks {
            let Some(si) = label_slot_for(slots, c.c0) else {
                continue;
            };
            let col = col_of_slot[si];
            let dn = next.map(|(l, _)| l - f.line);
            let dp = prev.map(|(l, _)| f.line - l);
            let prev_open = prev.is_some_and(|&(_, r)| rows[r].open_wrap) && dp <= dn.or(dp);
            let next_unlabelled = next.is_some_and(|&(_, r)| {
                rows[r].cells[col]
                    .as_ref()
                    .is_none_or(|x| x.text.is_empty())
            });
            let next_nearer = next.is_some() && dp.is_none_or(|p| dn.is_some_and(|n| n < p));
            match (prev, next) {
                (Some(&(_, r)), _) if prev_open => {
                    append(&mut rows[r].cells[col], c);
                    rows[r].open_wrap = false;
                    open[r] = None;
                }
                (_, Some(&(_, r))) if next_unlabelled => {
                    rows[r].cells[col] = Some(Field::new(c.text.clone(), c.span));
                    rows[r].open_wrap = true;
                    open[r] = Some(col);
                }
                (_, Some(&(_, r))) if next_nearer && starts_label(data[r], slots, si, c) => {
                    if let Some(x) = &mut rows[r].cells[col] {
                        x.prepend_text(&c.text);
                        x.span = Span::new(c.span.start, x.span.end.max(c.span.end));
                    }
                    rows[r].open_wrap = true;
                }
                (Some(&(_, r)), _) => {
                    append(&mut rows[r].cells[col], c);
                    rows[r].open_wrap = false;
                    open[r] = None;
                }
                _ => {}
            }
        }
    }
    open
}

/// The last line of a name wrapped around its amount line (`国有土地使用权出让` / `21208 …
/// 1800.00` / `收入安排的支出`) ends like a row name, so it was read as a row with blank
/// values: a row with only a label, on the line right under a row whose label in that column
/// was begun above its amount line, is that label's end — unless it begins a row of its own
/// (an ordinal, a total).
fn join_wrap_tails(rows: &mut Vec<GridRow>, mut open: Vec<Option<usize>>) {
    let mut k = 0;
    while k + 1 < rows.len() && k + 1 < open.len() {
        let tail = open[k].and_then(|col| {
            let b = &rows[k + 1];
            let text = b.cells.get(col)?.as_ref()?.text.trim();
            let only = b
                .cells
                .iter()
                .enumerate()
                .all(|(j, f)| j == col || f.as_ref().is_none_or(|f| f.text.trim().is_empty()));
            (b.line == rows[k].line + 1
                && only
                && !text.is_empty()
                && !has_ordinal(text)
                && !is_total_label(text))
            .then_some(col)
        });
        if let Some(col) = tail {
            let b = rows.remove(k + 1);
            open.remove(k + 1);
            if let (Some(Some(t)), Some(Some(x))) = (b.cells.get(col), rows[k].cells.get_mut(col)) {
                x.push_text(t.text.trim());
                x.span.end = x.span.end.max(t.span.end);
            }
            rows[k].open_wrap = false;
            open[k] = None;
        }
        k += 1;
    }
}

/// `c` reads as the first line of the label printed on `row`: the same left edge, at least
/// as long (a wrapped name fills its first line), and the label does not begin a row of its
/// own (`十五、…`).
fn starts_label(row: &LineChunks, slots: &[Slot], si: usize, c: &Chunk) -> bool {
    row.chunks.iter().any(|x| {
        x.kind == Kind::Text
            && label_slot_for(slots, x.c0) == Some(si)
            && x.c0.abs_diff(c.c0) <= 1
            && c.c1 - c.c0 >= x.c1 - x.c0
            && !has_ordinal(&x.text)
    })
}

fn append(cell: &mut Option<Field>, c: &Chunk) {
    match cell {
        Some(x) => x.push_text(&c.text),
        slot @ None => *slot = Some(Field::new(c.text.clone(), c.span)),
    }
}

/// A leading code that begins the organisation codes of the table (`328` over `328001`,
/// `328002`) is the department's code, not a 科目 code.
fn mark_department_codes(lines: &mut [LineChunks]) {
    let has_units = lines
        .iter()
        .any(|l| l.chunks.first().is_some_and(|c| c.kind == Kind::Ident));
    if !has_units {
        return;
    }
    for i in 0..lines.len() {
        let Some(first) = lines[i].chunks.first() else {
            continue;
        };
        if first.kind != Kind::Code {
            continue;
        }
        let prefix = lines.iter().any(|l| {
            l.chunks
                .first()
                .is_some_and(|c| c.kind == Kind::Ident && c.text.starts_with(first.text.as_str()))
        });
        if prefix {
            lines[i].chunks[0].kind = Kind::Ident;
        }
    }
}

/// `21,118.5` above a row and `1` below it at the same right edge are one amount.
fn rejoin_wrapped_amounts(lines: &mut [LineChunks]) {
    let n = lines.len();
    for i in 0..n {
        if lines[i].chunks.len() != 1 || lines[i].chunks[0].kind != Kind::Amount {
            continue;
        }
        let head = lines[i].chunks[0].clone();
        let Some(num) = parse_number(&head.text) else {
            continue;
        };
        if num.decimals == 0 && !head.text.ends_with(',') {
            continue;
        }
        // tail: within the next two lines, a lone 1–3 digit token ending at the same edge
        for j in i + 1..(i + 3).min(n) {
            let tail_ok = lines[j].chunks.len() == 1
                && lines[j].chunks[0].text.len() <= 3
                && lines[j].chunks[0].text.bytes().all(|b| b.is_ascii_digit())
                && lines[j].chunks[0].c1.abs_diff(head.c1) <= 1;
            if !tail_ok {
                continue;
            }
            let tail = lines[j].chunks[0].clone();
            let joined = format!("{}{}", head.text, tail.text);
            if parse_number(&joined).is_none() {
                break;
            }
            // Put the joined amount on the row line between (or the head's line).
            let target = if j == i + 2 { i + 1 } else { i };
            lines[i].chunks.clear();
            lines[j].chunks.clear();
            let chunk = Chunk {
                kind: Kind::Amount,
                text: joined,
                span: head.span,
                c0: head.c0,
                c1: head.c1,
            };
            let t = &mut lines[target].chunks;
            let pos = t.iter().position(|c| c.c0 > chunk.c0).unwrap_or(t.len());
            t.insert(pos, chunk);
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_merge_letter_spacing_and_split_amounts() {
        let c = chunks(
            "收   入   总   计        99,230.46    支   出   总   计   99,230.46",
            0,
        );
        let t: Vec<&str> = c.iter().map(|x| x.text.as_str()).collect();
        assert_eq!(t.len(), 4, "{t:?}");
        assert_eq!(squash(t[0]), "收入总计");
        assert_eq!(c[1].kind, Kind::Amount);
        let c = chunks("8,326.11 一、一般公共服务支出", 0);
        assert_eq!(c[0].kind, Kind::Amount);
        assert_eq!(c[1].kind, Kind::Text);
        let c = chunks(
            "      2080505   机关事业单位基本养老保险缴费        271.17",
            0,
        );
        assert_eq!(c[0].kind, Kind::Code);
        let c = chunks("  245003   西安市医疗保险基金管理中心       7130000", 0);
        assert_eq!(c[2].kind, Kind::Amount);
    }
}

#[cfg(test)]
mod flat_tests {
    /// Wuxi's 公开07表 as a PDF viewer copies it: one space between all the figures, blank
    /// cells gone (合计 | 基本支出: 小计, 人员经费, 公用经费 | 项目支出).
    const FLAT: &str = "公开 07 表\n一般公共预算支出表\n部门：无锡市应急管理局 单位：万元\n基本支出\n科目编码 科目名称 合计\n小计 人员经费 公用经费\n项目支出\n合计 8,326.11 3,604.32 3,407.38 196.94 4,721.79\n224 灾害防治及应急管理支出 7,045.77 2,323.98 2,127.04 196.94 4,721.79\n  22401 应急管理事务 7,045.77 2,323.98 2,127.04 196.94 4,721.79\n    2240101 行政运行 2,323.98 2,323.98 2,127.04 196.94\n    2240104 灾害风险防治 196.00 196.00\n    2240106 安全监管 2,141.67 2,141.67\n    2240109 应急管理 303.54 303.54\n    2240199 其他应急管理支出 2,080.58 2,080.58\n";

    #[test]
    fn figures_of_unaligned_text_are_kept_but_not_placed() {
        let doc = crate::parse(FLAT).document;
        let rows: Vec<&crate::model::Row> = doc.tables.iter().flat_map(|t| t.rows()).collect();
        let short = rows
            .iter()
            .find(|r| r.label == "灾害风险防治")
            .expect("row");
        let figures: Vec<&str> = short
            .cells
            .iter()
            .filter(|c| c.number.is_some())
            .map(|c| c.raw.as_str())
            .collect();
        // Both figures are kept (shown to the reader) …
        assert_eq!(figures, ["196.00", "196.00"]);
        assert!(short
            .cells
            .iter()
            .filter(|c| c.number.is_some())
            .all(|c| c.unplaced));
        // … and nothing is reported about figures whose columns are unknown (read by
        // position, 灾害风险防治's 196.00 fell under 基本支出 and broke 22401's sums).
        let report = crate::check(FLAT);
        assert!(
            report
                .findings
                .iter()
                .all(|f| !f.rule.starts_with("table.")),
            "{:#?}",
            report.findings
        );
    }

    /// Wuxi's 公开01表 as a PDF viewer copies it: one space everywhere, the two halves' blank
    /// cells dropped, so a figure's half is a guess on most lines.
    const FLAT_SIDE_BY_SIDE: &str = "公开01表\n收支总表\n部门：无锡市应急管理局 单位：万元\n收入 支出\n项目 预算数 项目 预算数\n一、一般公共预算拨款收入 8,326.11 一、一般公共服务支出\n二、政府性基金预算拨款收入 770.00 二、外交支出\n三、国有资本经营预算拨款收入 三、国防支出\n八、附属单位上缴收入 八、社会保障和就业支出 406.76\n十、卫生健康支出 118.64\n二十、住房保障支出 754.94\n二十三、灾害防治及应急管理支出 7,045.77\n二十五、其他支出 770.00\n本年收入合计 9,096.11 本年支出合计 9,096.11\n上年结转结余 年终结转结余\n收入总计 9,096.11 支出总计 9,096.11\n";

    /// Every cell of the document's tables that `keep` keeps.
    fn cells_where(
        doc: &crate::model::Document,
        keep: impl Fn(&crate::model::Cell) -> bool,
    ) -> Vec<&crate::model::Cell> {
        doc.tables
            .iter()
            .flat_map(|t| t.rows())
            .flat_map(|r| r.cells.iter())
            .filter(|c| keep(c))
            .collect()
    }

    #[test]
    fn codes_stay_in_their_block_and_amounts_before_a_total_are_amounts() {
        // 公开06表 with 人员经费合计 printed from the code column's left edge: the codes of the
        // first block are still the first block's.
        let text = "公开06表\n一般公共预算财政拨款基本支出决算明细表\n单位：万元\n经济分类科目编码   科目名称       决算数    经济分类科目编码   科目名称       决算数\n301      工资福利支出      70.28   302      商品和服务支出     23.11\n30101    基本工资        52.71   30201    办公费         23.11\n30102    津贴补贴        17.57\n人员经费合计                70.28   公用经费合计                23.11\n";
        let doc = crate::parse(text).document;
        let t = doc.tables.first().expect("table");
        let codes = |b: usize| -> Vec<String> {
            t.blocks[b]
                .rows
                .iter()
                .filter_map(|r| r.code.as_ref().map(|c| c.digits.to_string()))
                .collect()
        };
        assert_eq!(codes(0), ["301", "30101", "30102"]);
        assert_eq!(codes(1), ["302", "30201"]);
        // 公开01表 in 元: `38479` before 本年支出合计 is the left half's figure, not a code.
        let text = "公开01表\n收入支出决算总表\n单位：元\n      项 目           行次      决算数            项目           行次      决算数\n一、一般公共预算财政拨款收入        1      38479   一、一般公共服务支出          32      38479\n本年收入合计               27      38479   本年支出合计              58      38479\n";
        let doc = crate::parse(text).document;
        let total = doc
            .tables
            .iter()
            .flat_map(|t| t.rows())
            .find(|r| r.label == "本年收入合计")
            .expect("row");
        assert_eq!(total.cells[0].raw, "38479");
        assert!(doc
            .tables
            .iter()
            .flat_map(|t| t.rows())
            .all(|r| r.code.is_none()));
    }

    #[test]
    fn ideographic_indentation_is_not_alignment() {
        // Hangzhou's 表1 as copied: names indented with U+3000 after a single space.
        let text = "表1：收支预算总表\n部门名称：杭州市司法局 单位：万元\n收入 支出\n项目 预算数 项目 预算数\n 一、财政拨款 91,495.48 一般公共服务支出 12,868.19\n　　　　一般公共预算 91,495.48 　社会工作事务 0.19\n　　　　政府性基金预算 　　其他社会工作事务支出 0.19\n二、财政专户管理资金 　　其他一般公共服务支出 12,868.00\n三、事业收入 公共安全支出 76,468.81\n七、其他收入 7,387.66 　　普法宣传 119.63\n本年收入合计 98,883.14 本年支出合计 99,230.46\n";
        let doc = crate::parse(text).document;
        let cells = cells_where(&doc, |c| c.number.is_some());
        assert!(
            !cells.is_empty() && cells.iter().all(|c| c.unplaced),
            "{cells:#?}"
        );
    }

    #[test]
    fn figures_of_unaligned_side_by_side_blocks_are_not_placed() {
        let doc = crate::parse(FLAT_SIDE_BY_SIDE).document;
        let cells = cells_where(&doc, |c| c.number.is_some());
        assert_eq!(cells.len(), 11, "{cells:#?}");
        assert!(cells.iter().all(|c| c.unplaced), "{cells:#?}");
        // Its blanks too: any of the line's figures may belong there.
        let blanks = cells_where(&doc, |c| c.number.is_none());
        assert!(
            !blanks.is_empty() && blanks.iter().all(|c| c.unplaced),
            "{blanks:#?}"
        );
        let report = crate::check(FLAT_SIDE_BY_SIDE);
        assert!(
            report
                .findings
                .iter()
                .all(|f| !f.rule.starts_with("table.") || f.rule == "table.missing-standard"),
            "{:#?}",
            report.findings
        );
    }
}
