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
use crate::number::parse_number;
use crate::source::Span;
use crate::text::{is_han, is_space, squash};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Amount,
    Code,
    Text,
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
    // followed by a label.
    for i in 0..toks.len() {
        if toks[i].kind == Kind::Code {
            let first = i == 0;
            let before_text = toks.get(i + 1).is_some_and(|t| t.kind == Kind::Text);
            if !first && !before_text {
                toks[i].kind = Kind::Amount;
            }
        }
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
        Some(c) if "一二三四五六七八九十".contains(c) => {
            s.chars()
                .take_while(|c| "一二三四五六七八九十".contains(*c))
                .count()
                < s.chars().count()
                && s.contains('、')
        }
        Some('（' | '(') => true,
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
    if c.iter().any(|x| x.kind == Kind::Amount) || c.first().is_some_and(|x| x.kind == Kind::Code) {
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
        || c.first()
            .is_some_and(|x| x.kind == Kind::Code || split_glued_code(&x.text).is_some())
        || (c.len() <= 2
            && c.iter().all(|x| {
                has_ordinal(&x.text) || matches!(squash(&x.text).as_str(), "合计" | "总计")
            }))
}

fn numbers_row(lc: &LineChunks) -> Option<Vec<(usize, u32)>> {
    let texts: Vec<&str> = lc.chunks.iter().map(|c| c.text.as_str()).collect();
    column_numbers(&texts)?;
    Some(
        lc.chunks
            .iter()
            .filter_map(|c| c.text.trim().parse::<u32>().ok().map(|n| (c.c1, n)))
            .collect(),
    )
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

#[derive(Debug, Clone)]
struct Slot {
    value: bool,
    /// Leftmost character column of the slot's content (for ordering).
    left: usize,
    /// Label slots: left edge range; value slots: right edge range.
    lo: usize,
    hi: usize,
}

pub(crate) fn read(ctx: &mut Ctx<'_>, body: &[usize], generic: bool) -> Grid {
    let mut lines: Vec<LineChunks> = body
        .iter()
        .map(|&i| LineChunks {
            line: i,
            chunks: chunks(ctx.lines[i].text, ctx.lines[i].start),
        })
        .filter(|l| !l.chunks.is_empty())
        .collect();
    rejoin_wrapped_amounts(&mut lines);
    lines.retain(|l| !l.chunks.is_empty());
    // Header: lines before the first data line.
    let first_data = lines
        .iter()
        .position(|l| numbers_row(l).is_none() && is_strong_data(l))
        .unwrap_or(lines.len());
    let mut numbers: Vec<(usize, u32)> = Vec::new();
    let mut header: Vec<&LineChunks> = Vec::new();
    for l in &lines[..first_data] {
        if let Some(n) = numbers_row(l) {
            numbers = n;
        } else {
            header.push(l);
        }
    }
    let header_keys: Vec<String> = header
        .iter()
        .map(|l| squash(&l.chunks.iter().map(|c| c.text.as_str()).collect::<String>()))
        .collect();
    let mut data: Vec<&LineChunks> = Vec::new();
    let mut fragments: Vec<&LineChunks> = Vec::new();
    for l in &lines[first_data..] {
        if numbers_row(l).is_some() {
            continue;
        }
        let key = squash(&l.chunks.iter().map(|c| c.text.as_str()).collect::<String>());
        if header_keys.contains(&key) {
            continue;
        }
        if is_data(l) {
            data.push(l);
        } else {
            fragments.push(l);
        }
    }
    if data.is_empty() && fragments.is_empty() {
        return Grid::default();
    }
    // Slots from the data.
    let mut rights = Vec::new();
    let mut amount_spans: Vec<(usize, usize)> = Vec::new();
    let mut lefts = Vec::new();
    for l in &data {
        for c in &l.chunks {
            match c.kind {
                Kind::Amount => {
                    rights.push(c.c1);
                    amount_spans.push((c.c0, c.c1));
                }
                Kind::Text => lefts.push(c.c0),
                Kind::Code => {}
            }
        }
    }
    let mut slots: Vec<Slot> = cluster(rights, 3)
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
            }
        })
        .collect();
    let label_clusters = cluster(lefts, 4);
    for (lo, hi) in label_clusters {
        slots.push(Slot {
            value: false,
            left: lo,
            lo,
            hi,
        });
    }
    slots.sort_by_key(|s| s.left);
    let mut merged: Vec<Slot> = Vec::new();
    for s in slots {
        if let Some(p) = merged.last_mut() {
            if !p.value && !s.value {
                p.hi = p.hi.max(s.hi);
                continue;
            }
        }
        merged.push(s);
    }
    // Label clusters not separated by a value column are one label column (indented names).
    let mut slots = merged;
    // Header stacks, and blank value columns they reveal.
    let frags: Vec<(usize, &Chunk)> = header
        .iter()
        .enumerate()
        .flat_map(|(r, l)| l.chunks.iter().map(move |c| (r, c)))
        .collect();
    // A group heading sits over two or more headings of the next line, centred on them; a
    // heading with a short piece of a word under it (`附属单位上缴收` / `入`) is wrapped, not a group.
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
        if frags.iter().any(|(r2, g)| {
            *r2 == next
                && (g.c0 + g.c1) >= 2 * f.c0
                && (g.c0 + g.c1) <= 2 * f.c1
                && 2 * len(g) <= len(f)
        }) {
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
        let under: Vec<i64> = frags
            .iter()
            .filter(|(r2, g)| {
                *r2 == next && ((g.c0 + g.c1) as i64) > left && ((g.c0 + g.c1) as i64) < right
            })
            .map(|(_, g)| (g.c0 + g.c1) as i64)
            .collect();
        under.len() >= 2 && {
            let lo = under.iter().min().copied().unwrap_or(0);
            let hi = under.iter().max().copied().unwrap_or(0);
            lo <= centre2 + 4 && hi >= centre2 - 4 && ((lo + hi) / 2 - centre2).abs() <= 16
        }
    };
    let groups: Vec<bool> = (0..frags.len()).map(is_group).collect();
    // Union-find stacks of non-group fragments.
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
            if groups[a] || groups[b] || frags[a].0 == frags[b].0 {
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
    let mut stack_of_root: Vec<Option<usize>> = vec![None; frags.len()];
    for i in 0..frags.len() {
        if groups[i] {
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
    for (k, (c0, c1, members)) in stacks.iter().enumerate() {
        let text: String = members.iter().map(|&m| squash(&frags[m].1.text)).collect();
        let labelish = ["项目", "科目", "名称", "编码", "代码"]
            .iter()
            .any(|w| text.contains(w))
            && !text.contains("支出");
        labelish_stack[k] = labelish;
        for (si, s) in slots.iter().enumerate() {
            let d = if s.value {
                if labelish && !text.contains("行次") {
                    continue;
                }
                let pos = s.hi as i64;
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
    for k in 0..stacks.len() {
        if stack_slot[k].is_none() && !labelish_stack[k] && !generic {
            // A column with no amounts printed: a blank column.
            let (c0, c1, _) = stacks[k];
            slots.push(Slot {
                value: true,
                left: c0,
                lo: c1,
                hi: c1,
            });
            taken.push(true);
            stack_slot[k] = Some(slots.len() - 1);
        }
    }
    // Order slots by position and build columns: per label slot a code column then a label column.
    let mut idx: Vec<usize> = (0..slots.len()).collect();
    idx.sort_by_key(|&i| slots[i].left);
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
    let mut header_rows: Vec<Vec<String>> = vec![vec![String::new(); ncols]; header.len()];
    for (k, st) in stacks.iter().enumerate() {
        if let Some(si) = stack_slot[k] {
            for &m in &st.2 {
                let (r, f) = frags[m];
                header_rows[r][col_of_slot[si]].push_str(&squash(&f.text));
            }
        }
    }
    // A group heading covers the value columns under it: between the midpoints to its
    // neighbours on the same line, the contiguous run of lower stacks centred on it.
    let stack_top: Vec<usize> = stacks
        .iter()
        .map(|s| s.2.iter().map(|&m| frags[m].0).min().unwrap_or(0))
        .collect();
    for (fi, &(r, f)) in frags.iter().enumerate() {
        if !groups[fi] {
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
        let mut under: Vec<(i64, usize)> = stacks
            .iter()
            .enumerate()
            .filter(|(k, s)| {
                stack_top[*k] > r && ((s.0 + s.1) as i64) > left && ((s.0 + s.1) as i64) < right
            })
            .filter_map(|(k, s)| {
                stack_slot[k]
                    .filter(|&si| slots[si].value)
                    .map(|si| ((s.0 + s.1) as i64, col_of_slot[si]))
            })
            .collect();
        under.sort_unstable();
        under.dedup_by_key(|u| u.1);
        if under.is_empty() {
            continue;
        }
        // start at the stack nearest the centre, grow while the run stays centred on the heading
        let mut a = (0..under.len())
            .min_by_key(|&i| (under[i].0 - centre2).abs())
            .unwrap_or(0);
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
                break;
            }
        }
        for &(_, c) in &under[a..=b] {
            header_rows[r][c].push_str(&squash(&f.text));
        }
    }
    let mut col_numbers = vec![None; ncols];
    for (edge, n) in numbers {
        if let Some(si) = nearest_value_slot(&slots, edge) {
            col_numbers[col_of_slot[si]] = Some(n);
        }
    }
    // Rows.
    let mut grid_rows: Vec<GridRow> = Vec::new();
    let mut row_of_line: Vec<(usize, usize)> = Vec::new(); // (line, grid row index)
    for l in &data {
        let mut cells: Vec<Option<Field>> = vec![None; ncols];
        for c in &l.chunks {
            let col = match c.kind {
                Kind::Amount => nearest_value_slot(&slots, c.c1).map(|si| col_of_slot[si]),
                Kind::Code => code_slot_for(&slots, c.c1).map(|si| code_col_of_slot[si]),
                Kind::Text => label_slot_for(&slots, c.c0)
                    .map(|si| col_of_slot[si])
                    .or_else(|| nearest_value_slot(&slots, c.c1).map(|si| col_of_slot[si])),
            };
            let Some(col) = col else { continue };
            match &mut cells[col] {
                Some(f) if c.kind == Kind::Text => {
                    f.text.push_str(&c.text);
                    f.span.end = c.span.end;
                }
                slot @ None => {
                    *slot = Some(Field {
                        text: c.text.clone(),
                        span: c.span,
                    })
                }
                Some(_) => {}
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
    attach_fragments(
        &fragments,
        &row_of_line,
        &mut grid_rows,
        &slots,
        &col_of_slot,
    );
    Grid {
        ncols,
        header_rows,
        numbers: col_numbers,
        data: grid_rows,
        hints,
        explicit_groups: true,
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
/// stand left of their names), else the block the code is in.
fn code_slot_for(slots: &[Slot], code_end: usize) -> Option<usize> {
    slots
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.value && s.lo >= code_end && s.lo <= code_end + 24)
        .min_by_key(|(_, s)| s.lo)
        .map(|(i, _)| i)
        .or_else(|| label_slot_for(slots, code_end))
}

/// Glue label fragments (text-only lines) to the row above or below.
fn attach_fragments(
    fragments: &[&LineChunks],
    rows_by_line: &[(usize, usize)],
    rows: &mut [GridRow],
    slots: &[Slot],
    col_of_slot: &[usize],
) {
    for f in fragments {
        for c in &f.chunks {
            let Some(si) = label_slot_for(slots, c.c0) else {
                continue;
            };
            let col = col_of_slot[si];
            let next = rows_by_line.iter().find(|(l, _)| *l > f.line);
            let prev = rows_by_line.iter().rev().find(|(l, _)| *l < f.line);
            let next_close = next.filter(|(l, _)| *l <= f.line + 2);
            let prev_close = prev.filter(|(l, _)| *l + 2 >= f.line);
            let next_unlabelled = next_close.is_some_and(|&(_, r)| {
                rows[r].cells[col]
                    .as_ref()
                    .is_none_or(|x| x.text.is_empty())
            });
            if let (true, Some(&(_, r))) = (next_unlabelled, next_close) {
                rows[r].cells[col] = Some(Field {
                    text: c.text.clone(),
                    span: c.span,
                });
                rows[r].open_wrap = true;
            } else if let Some(&(_, r)) = prev_close {
                match &mut rows[r].cells[col] {
                    Some(x) => x.text.push_str(&c.text),
                    slot @ None => {
                        *slot = Some(Field {
                            text: c.text.clone(),
                            span: c.span,
                        })
                    }
                }
                rows[r].open_wrap = false;
            }
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
