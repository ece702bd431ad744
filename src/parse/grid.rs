//! The reader-independent middle of table reading.
//!
//! The delimited and the layout readers each turn a table body into a [`Grid`]: header rows
//! (text per column), printed column numbers (栏次) and data rows (a field per column). From a
//! grid, [`build_blocks`] decides the role of each column (code, label, row number, value),
//! splits side-by-side blocks, joins wrapped and grouped header text and builds the rows —
//! identically for every input shape.

use super::Ctx;
use crate::diagnostic::{Finding, Severity};
use crate::model::{Block, Cell, Code, Column, CompactString, Row, TableKind};
use crate::number::{parse_number, Number};
use crate::source::{Location, Position, Span};
use crate::text::Has;
use crate::text::{han_count, squash, squash_compact, squash_eq, squash_into, trim};
use std::cell::OnceCell;

/// A field of a grid row: the trimmed text as printed and where it is.
#[derive(Debug, Clone)]
pub(crate) struct Field {
    /// Change only through [`Field::push_text`] / [`Field::prepend_text`]: the number read
    /// from it is cached.
    pub text: CompactString,
    pub span: Span,
    number: OnceCell<Option<Number>>,
    /// Its column is a guess (see [`crate::model::Cell::unplaced`]).
    pub unplaced: bool,
    /// The line and column of a start offset, when the reader that split the field counted
    /// them on the way (a delimited row is split left to right): locating the field then
    /// costs nothing. Used only while `span` still starts at that offset.
    known: Option<(usize, Position)>,
}

impl Field {
    pub fn new(text: impl Into<CompactString>, span: Span) -> Self {
        Field {
            text: text.into(),
            span,
            number: OnceCell::new(),
            unplaced: false,
            known: None,
        }
    }

    /// A field whose number (`parse_number(&text)`) may already have been read into `number`,
    /// and whose start is at `at` (the line and column of `span.start`).
    pub fn with_number(
        text: &str,
        span: Span,
        number: OnceCell<Option<Number>>,
        at: Position,
    ) -> Self {
        Field {
            text: CompactString::from(text),
            span,
            number,
            unplaced: false,
            known: Some((span.start, at)),
        }
    }

    /// Where the field is: `ctx.loc(self.span)`, without counting when the position of its
    /// start is known.
    pub fn location(&self, ctx: &Ctx<'_>) -> Location {
        match self.known {
            Some((start, at)) if start == self.span.start => Location {
                span: self.span,
                line: at.line,
                column: at.column,
            },
            _ => ctx.loc(self.span),
        }
    }

    /// `parse_number(&self.text)`, read once.
    pub fn number(&self) -> Option<Number> {
        *self.number.get_or_init(|| parse_number(&self.text))
    }

    pub fn push_text(&mut self, s: &str) {
        self.text.push_str(s);
        self.number = OnceCell::new();
    }

    pub fn prepend_text(&mut self, s: &str) {
        self.text.insert_str(0, s);
        self.number = OnceCell::new();
    }

    /// The text, taken out of the field (which is left empty).
    fn take_text(&mut self) -> CompactString {
        self.number = OnceCell::new();
        std::mem::take(&mut self.text)
    }

    /// The text trimmed, taken out of the field (which is left empty).
    fn take_trimmed(&mut self) -> CompactString {
        let trimmed = trim(&self.text);
        if trimmed.len() == self.text.len() {
            self.number = OnceCell::new();
            std::mem::take(&mut self.text)
        } else {
            CompactString::from(trimmed)
        }
    }
}

impl AsRef<str> for Field {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

/// A row as the layout reader builds it (its fields go to [`Grid::push_row`] when done).
#[derive(Debug, Clone)]
pub(crate) struct GridRow {
    /// 0-based line of the row (its amounts).
    pub line: usize,
    /// One optional field per column.
    pub cells: Vec<Option<Field>>,
    /// Byte offset used for blank cells that have no position of their own.
    pub anchor: usize,
    /// The label was glued from a fragment above; one below may complete it.
    pub open_wrap: bool,
}

/// A data row of a grid; its fields are [`Grid::row_cells`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct DataRow {
    /// 0-based line of the row (its amounts).
    pub line: usize,
    /// Byte offset used for blank cells that have no position of their own.
    pub anchor: usize,
}

/// A reader's knowledge of a column's role (the layout reader knows label columns by position).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RoleHint {
    Code,
    Label,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Grid {
    pub ncols: usize,
    /// Header text per column, top to bottom, whitespace removed ("" where none).
    pub header_rows: Vec<Vec<CompactString>>,
    /// 栏次 per column.
    pub numbers: Vec<Option<u32>>,
    /// The data rows; the fields of row `k` are `cells[k * ncols..(k + 1) * ncols]`.
    pub data: Vec<DataRow>,
    /// The fields of every data row, one per column, row after row (one vector for the grid,
    /// not one per row).
    pub cells: Vec<Option<Field>>,
    /// Optional role per column (empty = infer all from header and data).
    pub hints: Vec<Option<RoleHint>>,
    /// Group headings are written into every column they span (else: merged-cell style, in
    /// the first column only).
    pub explicit_groups: bool,
}

impl Grid {
    /// Append a data row: its fields, padded with blanks (or cut) to `ncols`.
    pub fn push_row(
        &mut self,
        line: usize,
        anchor: usize,
        fields: impl IntoIterator<Item = Option<Field>>,
    ) {
        let end = self.cells.len() + self.ncols;
        self.cells.extend(fields.into_iter().take(self.ncols));
        self.cells.resize(end, None);
        self.data.push(DataRow { line, anchor });
    }

    /// The fields of data row `k`, one per column.
    pub fn row_cells(&self, k: usize) -> &[Option<Field>] {
        self.cells
            .get(k * self.ncols..(k + 1) * self.ncols)
            .unwrap_or(&[])
    }

    /// Remove the columns `drop` from every row, header and hint.
    fn remove_columns(&mut self, drop: &[usize]) {
        if drop.is_empty() {
            return;
        }
        /// Keep the items of `v` whose index modulo `n` is not in `drop`.
        fn retain<T>(v: &mut Vec<T>, n: usize, drop: &[usize]) {
            let mut i = 0;
            v.retain(|_| {
                i += 1;
                !drop.contains(&((i - 1) % n))
            });
        }
        let n = self.ncols;
        retain(&mut self.cells, n, drop);
        for row in &mut self.header_rows {
            retain(row, n, drop);
        }
        retain(&mut self.numbers, n, drop);
        retain(&mut self.hints, n, drop);
        self.ncols = n - drop.iter().filter(|&&j| j < n).count();
    }

    fn row_cells_mut(&mut self, k: usize) -> &mut [Option<Field>] {
        self.cells
            .get_mut(k * self.ncols..(k + 1) * self.ncols)
            .unwrap_or(&mut [])
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Code,
    Label,
    RowNumber,
    Value,
}

/// A code of 3, 5 or 7 digits.
///
/// 支出功能分类 codes are 2xx, 部门经济分类 3xx and 政府经济分类 5xx; nothing else is a code
/// (so an amount like `117` next to a label is not taken for one).
pub(crate) fn is_code(s: &str) -> bool {
    matches!(s.len(), 3 | 5 | 7)
        && s.bytes().all(|b| b.is_ascii_digit())
        && matches!(s.as_bytes()[0], b'2' | b'3' | b'5')
}

/// Split a code glued to its name: `2010301行政运行`, `[2010301]行政运行`, `2011301-行政运行`.
pub(crate) fn split_glued_code(s: &str) -> Option<(&str, &str)> {
    let t = s.trim_start_matches(['[', '【']);
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if !matches!(digits, 3 | 5 | 7) {
        return None;
    }
    let rest = &t[digits..];
    let rest = rest.trim_start_matches([']', '】', '-', '－', ' ', '　']);
    if rest.is_empty() || !rest.chars().next().is_some_and(crate::text::is_han) {
        return None;
    }
    Some((&t[..digits], rest))
}

/// A row of printed column numbers: `栏次 1 2 3`, `** 1 2 3`, or `1 2 3 … n`.
pub(crate) fn column_numbers<T: AsRef<str>>(texts: &[T]) -> Option<Vec<Option<u32>>> {
    let mut marked = false;
    let mut count = 0usize;
    let mut first = 0u32;
    let mut prev = 0u32;
    let mut ascending = true;
    for t in texts.iter().map(AsRef::as_ref).filter(|t| !t.is_empty()) {
        if let Ok(n) = trim(t).parse::<u32>() {
            if count == 0 {
                first = n;
            } else if n != prev.wrapping_add(1) || prev == u32::MAX {
                ascending = false;
            }
            prev = n;
            count += 1;
        } else if is_number_marker(t) {
            marked = true;
        } else {
            return None;
        }
    }
    if count == 0 {
        return None;
    }
    if !(marked && ascending || count >= 3 && first == 1 && ascending) {
        return None;
    }
    Some(
        texts
            .iter()
            .map(|t| trim(t.as_ref()).parse::<u32>().ok())
            .collect(),
    )
}

/// The word over a row of column numbers.
fn is_number_marker(t: &str) -> bool {
    squash_eq(t, "栏次") || squash_eq(t, "**") || squash_eq(t, "*")
}

fn roles(grid: &Grid) -> Vec<Role> {
    // The column's header text, joined (one buffer for every column).
    let mut h = String::new();
    let mut roles = (0..grid.ncols)
        .map(|j| {
            h.clear();
            h.extend(grid.header_rows.iter().map(|r| r[j].as_str()));
            let mut numeric = 0;
            let mut codes = 0;
            let mut text = 0;
            let mut small_ints = 0;
            for k in 0..grid.data.len() {
                if let Some(Some(f)) = grid.row_cells(k).get(j) {
                    if f.text.is_empty() {
                        continue;
                    }
                    if is_code(&f.text) {
                        codes += 1;
                    } else if let Some(n) = f.number() {
                        numeric += 1;
                        if n.decimals == 0
                            && n.value < rust_decimal::Decimal::from(200)
                            && !n.grouped
                        {
                            small_ints += 1;
                        }
                    } else if split_glued_code(&f.text).is_some() {
                        codes += 1;
                    } else {
                        text += 1;
                    }
                }
            }
            // Codes by the figures alone, which the neighbours may overrule (below).
            let mut inferred = false;
            let role = if let Some(Some(hint)) = grid.hints.get(j) {
                match hint {
                    RoleHint::Code => Role::Code,
                    RoleHint::Label => Role::Label,
                }
            } else if h.has("行次") {
                Role::RowNumber
            } else if h.has("编码") || h.has("代码") || h.ends_with("编号") {
                Role::Code
            } else if h.ends_with("项目")
                || h.has("名称")
                || h.ends_with("科目")
                || h == "收入"
                || h == "支出"
            {
                Role::Label
            } else if h.is_empty() {
                if codes > 0 && codes >= numeric && codes >= text / 2 {
                    inferred = true;
                    Role::Code
                } else if text > numeric {
                    Role::Label
                } else if numeric > 0 && small_ints == numeric && text > 0 {
                    Role::RowNumber
                } else {
                    Role::Value
                }
            } else if text > numeric + codes && text >= 2 {
                Role::Label
            } else {
                Role::Value
            };
            (role, inferred)
        })
        .collect::<Vec<(Role, bool)>>();
    // A column read as codes from its figures alone (30400, 25000: whole 元 look like 款
    // codes) is a value column when it follows a value column and no names follow it: a code
    // column after values starts a side-by-side block of codes with their names.
    for j in 0..roles.len() {
        if roles[j].1 {
            let after_values = roles[..j].iter().any(|&(r, _)| r == Role::Value);
            let named = matches!(roles.get(j + 1), Some((Role::Label, _)));
            if after_values && !named {
                roles[j].0 = Role::Value;
            }
        }
    }
    roles.into_iter().map(|(r, _)| r).collect()
}

/// Codes printed in 类, 款 and 项 columns (`201  03  01`; or each row's own level only —
/// `201`, then `03` and `01` on the rows below, the parents implied by the rows above) become
/// one code per row in the 类 column, the parents carried down; the 款 and 项 columns go.
///
/// A run is a column of 3-digit codes followed by one or two columns of 2-digit codes (one of
/// them at least with a leading zero: 01…09 are in every list), then the names.
fn join_split_codes(grid: &mut Grid) {
    #[derive(Clone, Copy, PartialEq)]
    enum Kind {
        Blank,
        Code3,
        Two,
        Other,
    }
    let kind = |f: &Option<Field>| -> Kind {
        let Some(t) = f.as_ref().map(|f| trim(&f.text)).filter(|t| !t.is_empty()) else {
            return Kind::Blank;
        };
        if t.len() == 3 && is_code(t) {
            Kind::Code3
        } else if t.len() == 2 && t.bytes().all(|b| b.is_ascii_digit()) {
            Kind::Two
        } else {
            Kind::Other
        }
    };
    let n = grid.ncols;
    let rows = grid.data.len();
    // Per column: does it hold 3-digit codes only, 2-digit codes only, nothing, or anything
    // else? Read once; most tables have no column of 2-digit codes and stop here.
    let column_kind = |j: usize| -> Kind {
        let (mut code3, mut two, mut other) = (0, 0, 0);
        for k in 0..rows {
            let f = grid.row_cells(k).get(j).unwrap_or(&None);
            match kind(f) {
                Kind::Blank => {}
                Kind::Code3 => code3 += 1,
                Kind::Two => two += 1,
                Kind::Other => other += 1,
            }
        }
        match (code3, two, other) {
            (0, 0, 0) => Kind::Blank,
            (c, 0, 0) if c > 0 => Kind::Code3,
            (0, t, 0) if t > 0 => Kind::Two,
            _ => Kind::Other,
        }
    };
    let kinds: Vec<Kind> = (0..n).map(column_kind).collect();
    if !kinds.contains(&Kind::Two) {
        return;
    }
    let column = |j: usize| kinds[j];
    let leading_zero = |grid: &Grid, j: usize| {
        (0..rows).any(|k| {
            grid.row_cells(k)
                .get(j)
                .and_then(Option::as_ref)
                .is_some_and(|f| trim(&f.text).starts_with('0'))
        })
    };
    let mut drop: Vec<usize> = Vec::new();
    let mut start = 0;
    while start < n {
        // A run of adjacent code columns (blank columns between them aside): the layout
        // reader puts the 类 codes' column, which belongs to the names', after the others.
        let mut lei_col = None;
        let mut parts: Vec<usize> = Vec::new();
        let mut k = start;
        while k < n {
            match column(k) {
                Kind::Blank => {}
                Kind::Code3 if lei_col.is_none() => lei_col = Some(k),
                Kind::Two if parts.len() < 2 => parts.push(k),
                _ => break,
            }
            k += 1;
        }
        if k == start {
            start += 1;
            continue;
        }
        // The names follow (not the figures: 310 02 503 06 in a procurement list stand
        // between its values).
        let named = (k..n).find(|&c| column(c) != Kind::Blank).is_some_and(|c| {
            (0..rows).any(|r| {
                grid.row_cells(r)
                    .get(c)
                    .and_then(Option::as_ref)
                    .is_some_and(|f| !f.text.is_empty() && f.number().is_none())
            })
        });
        let coded = parts.iter().any(|&c| leading_zero(grid, c));
        let Some(j) = lei_col.filter(|_| coded && named) else {
            start = k;
            continue;
        };
        let (mut lei, mut kuan): (Option<CompactString>, Option<CompactString>) = (None, None);
        for r in 0..rows {
            let cells = grid.row_cells_mut(r);
            let own = |c: usize| {
                cells
                    .get(c)?
                    .as_ref()
                    .map(|f| (CompactString::from(trim(&f.text)), f.span))
                    .filter(|(t, _)| !t.is_empty())
            };
            let (l, p0, p1) = (own(j), own(parts[0]), parts.get(1).and_then(|&c| own(c)));
            if let Some((t, _)) = &l {
                lei = Some(t.clone());
                kuan = None;
            }
            if let Some((t, _)) = &p0 {
                kuan = Some(t.clone());
            }
            let first = l.as_ref().or(p0.as_ref()).or(p1.as_ref()).map(|(_, s)| *s);
            let last = p1.as_ref().or(p0.as_ref()).or(l.as_ref()).map(|(_, s)| *s);
            let code = match (&lei, &kuan, &p0, &p1) {
                (Some(l), Some(k), _, Some((x, _))) => Some(format!("{l}{k}{x}")),
                (Some(l), Some(k), Some(_), None) => Some(format!("{l}{k}")),
                _ => None,
            };
            if let (Some(code), Some(a), Some(b), Some(slot)) =
                (code, first, last, cells.get_mut(j))
            {
                *slot = Some(Field::new(code, Span::new(a.start, b.end)));
            }
            for &c in &parts {
                if let Some(slot) = cells.get_mut(c) {
                    *slot = None;
                }
            }
        }
        if grid.hints.len() < n {
            grid.hints.resize(n, None);
        }
        grid.hints[j] = Some(RoleHint::Code);
        drop.extend(&parts);
        start = k;
    }
    drop.sort_unstable();
    grid.remove_columns(&drop);
}

/// Header paths for the given value columns: groups (a text over several columns) then the
/// column's own text, wrapped fragments joined.
fn headers(grid: &Grid, cols: &[usize]) -> Vec<Vec<String>> {
    let mut groups: Vec<Vec<String>> = vec![Vec::new(); cols.len()];
    let mut leaf: Vec<String> = vec![String::new(); cols.len()];
    let rows = &grid.header_rows;
    for (r, row) in rows.iter().enumerate() {
        let mut k = 0;
        while k < cols.len() {
            let t = &row[cols[k]];
            if t.is_empty() {
                k += 1;
                continue;
            }
            // Span: the same text repeated over the following columns (readers that know the
            // extent of a group cell), or — for merged cells of delimited input — following
            // columns blank on this row but labelled below.
            let below = |c: usize| rows[r + 1..].iter().any(|rr| !rr[c].is_empty());
            let mut span = 1;
            if grid.explicit_groups {
                while k + span < cols.len() && row[cols[k + span]] == *t {
                    span += 1;
                }
            } else {
                while k + span < cols.len()
                    && row[cols[k + span]].is_empty()
                    && below(cols[k + span])
                {
                    span += 1;
                }
            }
            if span > 1 && below(cols[k]) {
                for g in &mut groups[k..k + span] {
                    g.push(t.to_string());
                }
            } else {
                leaf[k].push_str(t);
            }
            k += span;
        }
    }
    groups
        .into_iter()
        .zip(leaf)
        .map(|(mut g, l)| {
            if !l.is_empty() {
                g.push(l);
            }
            g
        })
        .collect()
}

/// Turn a grid into blocks of rows.
pub(crate) fn build_blocks(ctx: &mut Ctx<'_>, mut grid: Grid, generic: bool) -> Vec<Block> {
    if grid.ncols == 0 {
        return Vec::new();
    }
    if generic {
        // Every field is a cell: the roles are not needed.
        return vec![generic_block(ctx, &mut grid)];
    }
    join_split_codes(&mut grid);
    let roles = roles(&grid);
    if !roles.contains(&Role::Value) {
        return vec![generic_block(ctx, &mut grid)];
    }
    // Split into side-by-side blocks: a label/code column after a value column starts one.
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    let mut seen_value = false;
    for (j, role) in roles.iter().enumerate() {
        if matches!(role, Role::Label | Role::Code) && seen_value {
            ranges.push((start, j));
            start = j;
            seen_value = false;
        }
        if matches!(role, Role::Value) {
            seen_value = true;
        }
    }
    ranges.push((start, grid.ncols));
    let mut blocks: Vec<Block> = Vec::new();
    let mut value_cols: Vec<Vec<usize>> = Vec::new();
    for &(a, b) in &ranges {
        let cols: Vec<usize> = (a..b).filter(|&j| roles[j] == Role::Value).collect();
        let paths = headers(&grid, &cols);
        let columns = cols
            .iter()
            .zip(paths)
            .map(|(&j, header)| Column {
                header,
                number: grid.numbers.get(j).copied().flatten(),
            })
            .collect();
        let name = grid
            .header_rows
            .first()
            .map(|r| r[a].as_str())
            .filter(|t| matches!(*t, "收入" | "支出"))
            .map(str::to_string);
        blocks.push(Block {
            name,
            columns,
            rows: Vec::with_capacity(grid.data.len()),
        });
        value_cols.push(cols);
    }
    // Rows take the value texts out of the grid. One buffer of row parts serves every row.
    let mut parts: Vec<Option<Row>> = Vec::with_capacity(ranges.len());
    for k in 0..grid.data.len() {
        let row = grid.data[k];
        let cells = grid.row_cells_mut(k);
        parts.clear();
        for (bi, &(a, b)) in ranges.iter().enumerate() {
            parts.push(build_row(ctx, row, cells, a, b, &roles, &value_cols[bi]));
        }
        // Merged-cell residue: a labelled part with no values followed by an unlabelled part
        // with values (06表 "公用经费合计 … 13.97" printed under the third block).
        for k in 0..parts.len() {
            let needs = matches!(&parts[k], Some(r) if r.cells.iter().all(|c| c.is_blank()) && !r.label.is_empty());
            if !needs {
                continue;
            }
            if let Some(m) = (k + 1..parts.len()).find(|&m| {
                matches!(&parts[m], Some(r) if r.label.is_empty() && r.code.is_none() && r.cells.iter().any(|c| !c.is_blank()))
            }) {
                let donor = parts[m].take().map(|r| r.cells);
                if let (Some(Some(target)), Some(cells)) = (parts.get_mut(k), donor) {
                    if target.cells.len() == cells.len() {
                        target.cells = cells;
                    }
                }
            }
        }
        for (bi, part) in parts.drain(..).enumerate() {
            if let Some(r) = part {
                blocks[bi].rows.push(r);
            }
        }
    }
    blocks
}

fn build_row(
    ctx: &mut Ctx<'_>,
    row: DataRow,
    fields: &mut [Option<Field>],
    a: usize,
    b: usize,
    roles: &[Role],
    value_cols: &[usize],
) -> Option<Row> {
    let mut code: Option<Code> = None;
    let mut label = CompactString::default();
    // The location of the first label field (or of the name glued to a code).
    let mut label_location: Option<Location> = None;
    let mut number = None;
    // Code and label fields are read once, here (value fields are taken below): their text
    // is moved out rather than copied where it is kept whole.
    for j in a..b {
        let Some(Some(f)) = fields.get_mut(j) else {
            continue;
        };
        if f.text.is_empty() {
            continue;
        }
        match roles[j] {
            Role::Code | Role::Label => {
                if code.is_none() && is_code(trim(&f.text)) {
                    let location = f.location(ctx);
                    code = Some(Code {
                        digits: f.take_trimmed(),
                        location,
                    });
                } else if let (None, Some((digits, name))) = (&code, split_glued_code(&f.text)) {
                    let off = f.text.find(digits).unwrap_or(0);
                    code = Some(Code {
                        digits: CompactString::from(digits),
                        location: ctx.loc(Span::new(
                            f.span.start + off,
                            f.span.start + off + digits.len(),
                        )),
                    });
                    squash_into(&mut label, name);
                    if label_location.is_none() {
                        let name_off = f.text.len() - name.len();
                        let span = Span::new(f.span.start + name_off, f.span.end);
                        label_location = Some(ctx.loc(span));
                    }
                } else {
                    if label_location.is_none() {
                        label_location = Some(f.location(ctx));
                    }
                    if label.is_empty() && !f.text.contains(crate::text::is_space) {
                        // Nothing to squash: the label is the field's text.
                        label = f.take_text();
                    } else {
                        squash_into(&mut label, &f.text);
                    }
                }
            }
            Role::RowNumber => {
                number = trim(&f.text).parse::<u32>().ok();
            }
            Role::Value => {}
        }
    }
    let mut cells = Vec::with_capacity(value_cols.len());
    for (ci, &j) in value_cols.iter().enumerate() {
        // `parse_number` trims, so the field's number is that of the trimmed text.
        // The number first: taking the text clears it.
        let (number, location, raw, unplaced) = match fields.get_mut(j) {
            Some(Some(f)) => (f.number(), f.location(ctx), f.take_trimmed(), f.unplaced),
            _ => (
                None,
                ctx.loc(Span::empty(row.anchor)),
                CompactString::default(),
                false,
            ),
        };
        if number.is_none() && !raw.is_empty() {
            ctx.findings.push(Finding::new(
                "parse.unreadable-number",
                Severity::Warning,
                location,
                format!("“{raw}”不是可读的金额，按空白处理。"),
                format!("“{raw}” is not a readable amount; treated as blank."),
            ));
        }
        cells.push(Cell {
            column: ci,
            raw,
            number,
            location,
            unplaced,
        });
    }
    if code.is_none() && label.is_empty() && cells.iter().all(Cell::is_blank) {
        return None;
    }
    let line = row.line as u32 + 1;
    Some(Row {
        code,
        label,
        label_location,
        number,
        cells,
        line,
    })
}

/// Self-evaluation and irregular tables: every field is a cell; the label is the first text.
fn generic_block(ctx: &mut Ctx<'_>, grid: &mut Grid) -> Block {
    let columns = (0..grid.ncols)
        .map(|j| Column {
            header: grid
                .header_rows
                .iter()
                .filter(|r| !r[j].is_empty())
                .map(|r| r[j].to_string())
                .collect(),
            number: grid.numbers.get(j).copied().flatten(),
        })
        .collect();
    let mut rows = Vec::with_capacity(grid.data.len());
    for k in 0..grid.data.len() {
        let row = grid.data[k];
        let fields = grid.row_cells_mut(k);
        let mut label = CompactString::default();
        let mut label_location = None;
        let mut cells = Vec::with_capacity(fields.len());
        for (j, f) in fields.iter_mut().enumerate() {
            // `parse_number` trims, so the field's number is that of the trimmed text; the
            // number first: taking the text clears it.
            // The label's location is its cell's.
            let (number, location, raw) = match f {
                Some(f) => (f.number(), f.location(ctx), f.take_trimmed()),
                None => (
                    None,
                    ctx.loc(Span::empty(row.anchor)),
                    CompactString::default(),
                ),
            };
            if label.is_empty() && !raw.is_empty() && number.is_none() {
                label = squash_compact(&raw);
                label_location = Some(location);
            }
            cells.push(Cell {
                column: j,
                number,
                raw,
                location,
                unplaced: false,
            });
        }
        if cells.iter().all(Cell::is_blank) {
            continue;
        }
        rows.push(Row {
            code: None,
            label,
            label_location,
            number: None,
            cells,
            line: row.line as u32 + 1,
        });
    }
    Block {
        name: None,
        columns,
        rows,
    }
}

/// Recognise a table pasted without its title by its header words and first labels.
pub(crate) fn kind_from_header(header: &str, labels: &str) -> Option<TableKind> {
    use TableKind::*;
    let h = squash(header);
    let has = |w: &str| h.has(w);
    if has("因公出国") || has("公务接待") {
        return Some(ThreePublicExpenses);
    }
    if has("年初结转和结余") && has("年末结转和结余") && has("本年收入") {
        return Some(GovernmentFund);
    }
    if has("经济分类") || labels.has("工资福利支出") || labels.has("商品和服务支出")
    {
        return Some(GeneralBudgetBasicExpenditure);
    }
    if has("行次") || labels.has("本年收入合计") || labels.has("总计") && labels.has("收入")
    {
        if has("一般公共预算财政拨款") || has("政府性基金预算财政拨款") {
            return Some(FiscalSummary);
        }
        return Some(IncomeExpenditureSummary);
    }
    if has("财政拨款收入") || has("本年收入合计") || has("上级补助收入") {
        return Some(Income);
    }
    if has("上缴上级支出") || has("经营支出") || has("对附属单位补助支出") {
        return Some(Expenditure);
    }
    if has("基本支出") && has("项目支出") {
        return Some(GeneralBudgetExpenditure);
    }
    if han_count(&h) > 0 && has("合计") {
        return Some(Other);
    }
    None
}
