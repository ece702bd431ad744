//! Derived views over the document that many rules share: which table is which, each table's
//! precision and unit, row and column lookup by meaning, and turning a cell into an identity
//! [`Term`].

use super::identity::{Desc, Term, Words};
use super::table::columns::ColumnSum;
use crate::diagnostic::CellRef;
use crate::model::{
    Block, Cell, Column, Document, Figure, FigureKind, MoneyUnit, ReportKind, Row, Table, TableKind,
};
use crate::text;
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::cell::OnceCell;

/// Views over one document.
pub struct View<'d> {
    pub doc: &'d Document,
    /// Per table (same index as `doc.tables`): the most decimals printed in its amount cells.
    precision: Vec<u32>,
    /// Per table (same index as `doc.tables`): its [`View::half_unit`].
    half: Vec<Decimal>,
    /// Per money unit: the finest digit (as a power of ten) any amount of the standard tables
    /// in that unit uses — the precision of the books they were printed from.
    finest: Vec<(MoneyUnit, i64)>,
    /// The unit assumed for tables that print none: the most common printed unit, else 万元.
    default_unit: MoneyUnit,
    /// Per table: the index of its first block among all the document's blocks.
    block_base: Vec<usize>,
    /// Per block (all tables' blocks in order): its columns' header keys, read once.
    block_keys: Vec<OnceCell<BlockKeys<'d>>>,
    /// Per block: the column sums its rows bear out (see `columns::reliable_sums`), read once.
    sums: Vec<OnceCell<Option<Vec<ColumnSum>>>>,
    /// Per block: its rows' label keys, read once (borrowed from the labels where they can be).
    row_keys: Vec<OnceCell<Vec<Cow<'d, str>>>>,
    /// Per block: its [`amount_columns`], read once.
    amount_columns: Vec<OnceCell<Vec<usize>>>,
}

/// The header keys of a block's columns: each header level's [`label_key`] (borrowed from the
/// header where it can be).
///
/// Every column's keys live in one flat list, each column owning two ranges of it (its levels,
/// then its path): a block is read with four allocations, not two more per column.
#[derive(Debug, Clone, Default)]
pub struct BlockKeys<'a> {
    /// Column after column: the key of every header level (empty ones too), then the same keys
    /// with the empty ones removed.
    keys: Vec<Cow<'a, str>>,
    /// Per column: where its levels and its path lie in `keys`.
    ranges: Vec<ColumnRanges>,
    /// Per column: its levels joined with `/`.
    pub levels_joined: Vec<Cow<'a, str>>,
    /// Per column: its path joined with `/`.
    pub joined: Vec<Cow<'a, str>>,
}

/// Where one column's keys lie in [`BlockKeys::keys`] (start and end, as indices).
#[derive(Debug, Clone, Copy, Default)]
struct ColumnRanges {
    levels: (usize, usize),
    path: (usize, usize),
}

/// One list of keys per column, each a slice of [`BlockKeys`]'s flat list: indexed by column
/// like the `Vec<Vec<_>>` it stands for.
#[derive(Debug, Clone, Copy)]
pub struct KeyLists<'k, 'a> {
    keys: &'k [Cow<'a, str>],
    ranges: &'k [ColumnRanges],
    /// Which of a column's two ranges this list reads.
    path: bool,
}

impl<'k, 'a> KeyLists<'k, 'a> {
    /// The number of columns.
    pub fn len(&self) -> usize {
        self.ranges.len()
    }
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }
    /// A column's keys (`None` past the last column).
    pub fn get(&self, column: usize) -> Option<&'k [Cow<'a, str>]> {
        let r = self.ranges.get(column)?;
        let (start, end) = if self.path { r.path } else { r.levels };
        self.keys.get(start..end)
    }
    /// Every column's keys, in column order.
    pub fn iter(self) -> KeyListsIter<'k, 'a> {
        KeyListsIter {
            lists: self,
            next: 0,
        }
    }
}

/// The iterator of [`KeyLists::iter`] (a type of its own, with nothing to drop, so that it may
/// end a function that borrows the keys).
pub struct KeyListsIter<'k, 'a> {
    lists: KeyLists<'k, 'a>,
    next: usize,
}

impl<'k, 'a> Iterator for KeyListsIter<'k, 'a> {
    type Item = &'k [Cow<'a, str>];
    fn next(&mut self) -> Option<Self::Item> {
        let keys = self.lists.get(self.next)?;
        self.next += 1;
        Some(keys)
    }
}

impl<'a> std::ops::Index<usize> for KeyLists<'_, 'a> {
    type Output = [Cow<'a, str>];
    /// A column's keys; panics past the last column, as a `Vec` would.
    fn index(&self, column: usize) -> &Self::Output {
        let r = self.ranges[column];
        let (start, end) = if self.path { r.path } else { r.levels };
        &self.keys[start..end]
    }
}

/// `keys` joined with `/`, borrowed when there is at most one.
fn join_keys<'a>(keys: &[Cow<'a, str>]) -> Cow<'a, str> {
    match keys {
        [] => Cow::Borrowed(""),
        [one] => one.clone(),
        _ => Cow::Owned(keys.join("/")),
    }
}

impl<'a> BlockKeys<'a> {
    pub fn of(block: &'a Block) -> Self {
        let columns = block.columns.len();
        let levels: usize = block.columns.iter().map(|c| c.header.len()).sum();
        let mut keys: Vec<Cow<'a, str>> = Vec::with_capacity(2 * levels);
        let mut ranges = Vec::with_capacity(columns);
        let mut levels_joined = Vec::with_capacity(columns);
        let mut joined = Vec::with_capacity(columns);
        for c in &block.columns {
            let start = keys.len();
            keys.extend(c.header.iter().map(|h| label_key_cow(h)));
            let middle = keys.len();
            for i in start..middle {
                if !keys[i].is_empty() {
                    let k = keys[i].clone();
                    keys.push(k);
                }
            }
            let end = keys.len();
            levels_joined.push(join_keys(&keys[start..middle]));
            joined.push(join_keys(&keys[middle..end]));
            ranges.push(ColumnRanges {
                levels: (start, middle),
                path: (middle, end),
            });
        }
        BlockKeys {
            keys,
            ranges,
            levels_joined,
            joined,
        }
    }
    /// Per column: the key of every header level (empty ones too).
    pub fn levels(&self) -> KeyLists<'_, 'a> {
        KeyLists {
            keys: &self.keys,
            ranges: &self.ranges,
            path: false,
        }
    }
    /// Per column: its header keys, empty levels removed.
    pub fn paths(&self) -> KeyLists<'_, 'a> {
        KeyLists {
            keys: &self.keys,
            ranges: &self.ranges,
            path: true,
        }
    }
    /// The key of a column's own (last) header level ("" when it has none).
    pub fn own(&self, column: usize) -> &str {
        self.levels()
            .get(column)
            .and_then(|l| l.last())
            .map(|k| &**k)
            .unwrap_or("")
    }
}

impl<'d> View<'d> {
    pub fn new(doc: &'d Document) -> Self {
        let precision = doc
            .tables
            .iter()
            .map(|t| {
                t.rows()
                    .flat_map(|r| r.cells.iter())
                    .filter_map(|c| c.number)
                    .filter(|n| !n.percent)
                    .map(|n| n.decimals)
                    .max()
                    .unwrap_or(0)
                    .min(6)
            })
            .collect();
        let yuan = doc
            .tables
            .iter()
            .filter(|t| t.unit == Some(MoneyUnit::Yuan))
            .count();
        let wan = doc
            .tables
            .iter()
            .filter(|t| t.unit == Some(MoneyUnit::WanYuan))
            .count();
        let mut finest: Vec<(MoneyUnit, i64)> = Vec::new();
        for t in doc
            .tables
            .iter()
            .filter(|t| t.kind.standard_number().is_some())
        {
            let unit = t.unit.unwrap_or(MoneyUnit::WanYuan);
            for n in t
                .rows()
                .flat_map(|r| r.cells.iter())
                .filter_map(|c| c.number)
            {
                if n.percent || n.value.is_zero() {
                    continue;
                }
                let e = finest_digit(n.value);
                match finest.iter_mut().find(|(u, _)| *u == unit) {
                    Some((_, f)) => *f = (*f).min(e),
                    None => finest.push((unit, e)),
                }
            }
        }
        let mut block_base = Vec::with_capacity(doc.tables.len());
        let mut blocks = 0;
        for t in &doc.tables {
            block_base.push(blocks);
            blocks += t.blocks.len();
        }
        let default_unit = if yuan > wan {
            MoneyUnit::Yuan
        } else {
            MoneyUnit::WanYuan
        };
        let half = doc
            .tables
            .iter()
            .zip(&precision)
            .map(|(t, &p)| half_unit_of(&finest, t.unit.unwrap_or(default_unit), p))
            .collect();
        View {
            doc,
            precision,
            half,
            finest,
            block_base,
            block_keys: (0..blocks).map(|_| OnceCell::new()).collect(),
            sums: (0..blocks).map(|_| OnceCell::new()).collect(),
            row_keys: (0..blocks).map(|_| OnceCell::new()).collect(),
            amount_columns: (0..blocks).map(|_| OnceCell::new()).collect(),
            default_unit,
        }
    }

    /// The standard table of a kind (公开01…09), if present.
    pub fn standard(&self, kind: TableKind) -> Option<&'d Table> {
        self.doc.table_of_kind(kind)
    }

    /// True for a budget (预算) disclosure.
    pub fn is_budget(&self) -> bool {
        self.doc.kind == Some(ReportKind::Budget)
    }

    fn index(&self, table: &Table) -> Option<usize> {
        index_in(&self.doc.tables, table).or_else(|| {
            self.doc
                .tables
                .iter()
                .position(|t| std::ptr::eq(t, table) || t.id == table.id)
        })
    }

    /// The index of a block among all the document's blocks (`None` when it is not the
    /// document's).
    fn block_index(&self, block: &Block) -> Option<usize> {
        self.doc
            .tables
            .iter()
            .zip(&self.block_base)
            .find_map(|(t, base)| index_in(&t.blocks, block).map(|b| base + b))
    }

    /// The header keys of a block's columns, read once per block.
    pub fn keys<'a>(&'a self, block: &'a Block) -> Cow<'a, BlockKeys<'a>> {
        let own = self
            .block_index(block)
            .and_then(|i| Some((self.block_keys.get(i)?, self.doc_block(i)?)));
        match own {
            Some((cell, block)) => Cow::Borrowed(cell.get_or_init(|| BlockKeys::of(block))),
            None => Cow::Owned(BlockKeys::of(block)),
        }
    }

    /// The [`label_key`] of each of a block's rows' labels (same index as `block.rows`), read
    /// once per block.
    pub fn row_keys(&self, block: &Block) -> Cow<'_, [Cow<'_, str>]> {
        let own = self
            .block_index(block)
            .and_then(|i| Some((self.row_keys.get(i)?, self.doc_block(i)?)));
        match own {
            Some((cell, block)) => Cow::Borrowed(
                cell.get_or_init(|| block.rows.iter().map(|r| label_key_cow(&r.label)).collect())
                    .as_slice(),
            ),
            None => Cow::Owned(
                block
                    .rows
                    .iter()
                    .map(|r| Cow::Owned(label_key(&r.label)))
                    .collect(),
            ),
        }
    }

    /// A block's [`amount_columns`], read once per block.
    pub fn amount_columns(&self, block: &Block) -> Cow<'_, [usize]> {
        let own = self
            .block_index(block)
            .and_then(|i| Some((self.amount_columns.get(i)?, self.doc_block(i)?)));
        match own {
            Some((cell, block)) => {
                Cow::Borrowed(cell.get_or_init(|| amount_columns(block)).as_slice())
            }
            None => Cow::Owned(amount_columns(block)),
        }
    }

    /// The document's block of a given index among all its blocks.
    fn doc_block(&self, index: usize) -> Option<&'d Block> {
        let t = self.block_base.partition_point(|&base| base <= index);
        let t = t.checked_sub(1)?;
        let doc: &'d Document = self.doc;
        doc.tables
            .get(t)?
            .blocks
            .get(index - self.block_base.get(t)?)
    }

    /// A per-block reading made once (`make` runs at most once per block of the document).
    pub(crate) fn sums_of(
        &self,
        block: &Block,
        make: impl FnOnce() -> Option<Vec<ColumnSum>>,
    ) -> Cow<'_, Option<Vec<ColumnSum>>> {
        match self.block_index(block).and_then(|i| self.sums.get(i)) {
            Some(cell) => Cow::Borrowed(cell.get_or_init(make)),
            None => Cow::Owned(make()),
        }
    }

    /// The table's precision: the most decimals printed in its amounts.
    pub fn precision(&self, table: &Table) -> u32 {
        self.index(table)
            .and_then(|i| self.precision.get(i).copied())
            .unwrap_or(2)
    }

    /// Half the unit of the precision a table's amounts stand for: ½·10ᵉ where 10ᵉ is the
    /// finest digit any amount printed in the document's tables of the same unit uses. Exports
    /// drop trailing zeros (`102.3` stands for 102.30), and a table printed in 元 from 万元
    /// books (`797,000.00`) is only as precise as the books: so the precision is that of the
    /// figures, not of the characters that print them.
    pub fn half_unit(&self, table: &Table) -> Decimal {
        match index_in(&self.doc.tables, table).and_then(|i| self.half.get(i)) {
            Some(half) => *half,
            None => half_unit_of(&self.finest, self.unit(table), self.precision(table)),
        }
    }

    /// The table's money unit (its own, or the document's usual one).
    pub fn unit(&self, table: &Table) -> MoneyUnit {
        table.unit.unwrap_or(self.default_unit)
    }

    /// A cell as an identity term. Percent cells keep `%` as their unit and factor 1.
    pub fn term(&self, table: &Table, block: &Block, row: &Row, column: usize) -> Option<Term> {
        let cell = row.cell(column)?;
        // A figure whose column is a guess takes part in no sum, and neither does a blank
        // beside one (the reader marks those too: the blank may be that figure's true place).
        if cell.unplaced {
            return None;
        }
        Some(self.cell_term(table, block, row, column, cell))
    }

    fn cell_term(
        &self,
        table: &Table,
        block: &Block,
        row: &Row,
        column: usize,
        cell: &Cell,
    ) -> Term {
        let number = cell.number;
        let percent = number.is_some_and(|n| n.percent);
        let unit = self.unit(table);
        let t = index_in(&self.doc.tables, table);
        let desc = match (
            t,
            index_in(&table.blocks, block),
            index_in(&block.rows, row),
        ) {
            (Some(t), Some(b), Some(r)) => Desc::Cell {
                table: t as u32,
                block: b as u32,
                row: r as u32,
                column: column as u32,
                what: None,
            },
            _ => Desc::Words(Box::new(words_of(self.doc, table, block, row, column))),
        };
        // The table's precision and half unit, read once per document (see `View::new`).
        let (precision, half_unit) =
            match t.and_then(|i| Some((self.precision.get(i)?, self.half.get(i)?))) {
                Some((p, h)) => (*p, *h),
                None => (self.precision(table), self.half_unit(table)),
            };
        Term {
            value: cell.value_or_zero(),
            decimals: if percent {
                number.map(|n| n.decimals).unwrap_or(0)
            } else {
                precision
            },
            printed: number.is_some_and(|n| !n.dash),
            half: match number {
                Some(n) if percent => crate::tolerance::half_unit(n.decimals),
                // Excel's General format shows at most 11 characters: a longer figure loses its
                // last decimals (480544221.62 prints as 480544221.6), so it stands for its
                // own printed precision.
                Some(n) if !n.grouped && long_figure(&cell.raw) => {
                    crate::tolerance::half_unit(n.decimals).max(half_unit)
                }
                _ => half_unit,
            },
            factor: if percent {
                Decimal::ONE
            } else {
                unit.yuan_factor()
            },
            unit: if percent { "%" } else { unit.as_str() },
            location: cell.location,
            desc,
        }
    }
}

/// True when a cell's text, trimmed, is at least 11 characters long.
fn long_figure(raw: &str) -> bool {
    // A character takes at least one byte: most cells are too short to need counting.
    if raw.len() < 11 {
        return false;
    }
    let raw = raw.trim();
    raw.len() >= 11 && raw.chars().count() >= 11
}

/// [`View::half_unit`] of a table in `unit` whose amounts print `precision` decimals.
fn half_unit_of(finest: &[(MoneyUnit, i64)], unit: MoneyUnit, precision: u32) -> Decimal {
    let e = finest
        .iter()
        .find(|(u, _)| *u == unit)
        .map(|(_, e)| *e)
        .unwrap_or(-(precision as i64));
    half_of_power(e)
}

/// The position of an element in a slice, by address (`None` when it lives elsewhere).
pub fn index_in<T>(slice: &[T], item: &T) -> Option<usize> {
    let size = std::mem::size_of::<T>();
    let start = slice.as_ptr() as usize;
    let addr = item as *const T as usize;
    if size == 0 || addr < start {
        return None;
    }
    let offset = addr - start;
    let i = offset / size;
    (offset.is_multiple_of(size) && i < slice.len()).then_some(i)
}

/// The wording of a cell of the document's tables, by index (see [`Desc::Cell`]).
pub fn cell_words(doc: &Document, table: usize, block: usize, row: usize, column: usize) -> Words {
    let Some(t) = doc.tables.get(table) else {
        return Words::default();
    };
    let Some(b) = t.blocks.get(block) else {
        return Words::default();
    };
    let Some(r) = b.rows.get(row) else {
        return Words::default();
    };
    words_of(doc, t, b, r, column)
}

fn words_of(doc: &Document, table: &Table, block: &Block, row: &Row, column: usize) -> Words {
    let col = block.columns.get(column);
    let col_name = col.map(column_label).unwrap_or_default();
    let row_name = row_name(row);
    let tname = table_name(table, doc.kind);
    let (what, what_en) = if block.columns.len() > 1 && !col_name.is_empty() {
        (
            text::concat(&[&tname, " ", &row_name, "（", &col_name, "）"]),
            text::concat(&[
                "table ", &table.id, " row ", &row_name, " (", &col_name, ")",
            ]),
        )
    } else {
        (
            text::concat(&[&tname, " ", &row_name]),
            text::concat(&["table ", &table.id, " row ", &row_name]),
        )
    };
    Words {
        table: Some(table.id.clone()),
        cell: Some(CellRef {
            table: table.id.clone(),
            row: row_name,
            column: col.map(Column::path).unwrap_or_default(),
        }),
        what,
        what_en,
    }
}

impl View<'_> {
    /// A narrative figure as an identity term. Amounts carry their printed unit (万元/元/亿元);
    /// percentages `%`; counts no unit.
    pub fn figure_term(&self, figure: &Figure) -> Term {
        let (factor, unit) = match figure.kind {
            FigureKind::Amount => match MoneyUnit::from_text(&figure.unit) {
                Some(u) => (u.yuan_factor(), u.as_str()),
                None => (self.default_unit.yuan_factor(), self.default_unit.as_str()),
            },
            FigureKind::Percent => (Decimal::ONE, "%"),
            FigureKind::Count => (Decimal::ONE, ""),
        };
        let desc = match index_in(&self.doc.figures, figure) {
            Some(i) => Desc::Figure {
                index: i as u32,
                what: None,
            },
            None => Desc::Words(Box::new(figure_words_of(self.doc, figure))),
        };
        Term {
            value: figure.value,
            decimals: figure.decimals,
            printed: true,
            half: crate::tolerance::half_unit(figure.decimals),
            factor,
            unit,
            location: figure.location,
            desc,
        }
    }
}

/// The wording of a narrative figure, by index into the document's figures (see
/// [`Desc::Figure`]).
pub fn figure_words(doc: &Document, index: usize) -> Words {
    match doc.figures.get(index) {
        Some(figure) => figure_words_of(doc, figure),
        None => Words::default(),
    }
}

/// "说明“三、支出决算情况说明”中“基本支出”".
fn figure_words_of(doc: &Document, figure: &Figure) -> Words {
    let section = figure
        .section
        .and_then(|i| doc.sections.get(i))
        .map(|s| s.title.clone())
        .unwrap_or_default();
    let subject = if figure.subject.is_empty() {
        String::new()
    } else {
        format!("“{}”", figure.subject)
    };
    Words {
        table: None,
        cell: None,
        what: format!("说明“{section}”中{subject}"),
        what_en: format!("the narrative ({section}) {subject}"),
    }
}

/// The power of ten of a number's last non-zero digit: 79.7 → −1, 100.41 → −2, 797000 → 3.
pub fn finest_digit(value: Decimal) -> i64 {
    let v = value.normalize();
    if v.scale() > 0 {
        return -(v.scale() as i64);
    }
    let mut m = v.mantissa().abs();
    let mut e = 0;
    while m != 0 && m % 10 == 0 && e < 30 {
        m /= 10;
        e += 1;
    }
    e
}

/// ½·10ᵉ.
pub fn half_of_power(e: i64) -> Decimal {
    if e <= 0 {
        crate::tolerance::half_unit((-e).min(20) as u32)
    } else {
        Decimal::from(5) * Decimal::from(10u64.pow((e - 1).min(18) as u32))
    }
}

/// How messages name a table: "公开06表" for the standard ones, else its title.
pub fn table_name(table: &Table, _kind: Option<ReportKind>) -> String {
    match table.kind.standard_number() {
        Some(n) if n == table.id => text::concat(&["公开", n, "表"]),
        _ => table.title.clone(),
    }
}

/// How messages name a row: "303 对个人和家庭的补助", "合计".
pub fn row_name(row: &Row) -> String {
    match &row.code {
        Some(code) => {
            let mut name = String::with_capacity(code.digits.len() + 1 + row.label.len());
            name.push_str(&code.digits);
            let label = squash_cow(&row.label);
            if !label.is_empty() {
                name.push(' ');
                name.push_str(&label);
            }
            name
        }
        None => text::squash(&row.label),
    }
}

/// A column's name for messages: its last header line, with the group for generic names
/// ("预算数/合计").
pub fn column_label(column: &Column) -> String {
    let name = column.name();
    let generic = matches!(
        &*label_key_cow(name),
        "合计" | "小计" | "总计" | "金额" | "决算数" | "预算数" | "本年支出" | "本年收入"
    );
    if generic && column.header.len() > 1 {
        column.header[column.header.len() - 2..].join("/")
    } else {
        name.to_string()
    }
}

/// A label reduced for matching: no ordinal prefix (一、 （一） 1. ①), no spaces, no
/// punctuation, full-width folded.
pub fn label_key(label: &str) -> String {
    label_key_cow(label).into_owned()
}

/// [`label_key`], borrowed from the label when the key is a slice of it (most labels: only
/// an ordinal to strip, or nothing at all).
pub fn label_key_cow(label: &str) -> Cow<'_, str> {
    // Most labels hold no whitespace: the key is read off the label as it is, and only a label
    // with whitespace is squashed first (the ordinal is judged on the squashed text).
    let stripped = strip_ordinal(label);
    let prefix = &label[..label.len() - stripped.len()];
    if !has_space(prefix) {
        if let Some(key) = key_of(stripped) {
            return key;
        }
    }
    Cow::Owned(
        key_of(strip_ordinal(&squash(label)))
            .map(Cow::into_owned)
            .unwrap_or_default(),
    )
}

/// The key of a label whose ordinal is stripped: `None` when it holds whitespace; borrowed
/// when no character is dropped or folded.
fn key_of(stripped: &str) -> Option<Cow<'_, str>> {
    let bytes = stripped.as_bytes();
    let mut out: Option<String> = None;
    // Runs of characters kept as they are (U+4000‥U+EFFF, ASCII letters and digits, and any
    // other character that neither drops nor folds) are copied whole; the others are looked
    // at one by one.
    let (mut i, mut run) = (0, 0);
    while i < bytes.len() {
        let b = bytes[i];
        if (0xE4..=0xEE).contains(&b) {
            i += 3;
            continue;
        }
        if b.is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let Some(c) = stripped[i..].chars().next() else {
            break;
        };
        if is_space(c) {
            return None;
        }
        let next = i + c.len_utf8();
        let kept = if matches!(c, '“' | '”' | '"' | '\'' | '‘' | '’' | '*' | '#') {
            None
        } else {
            let f = crate::number::fold_char(c);
            (!is_punct(f)).then_some(f)
        };
        if kept != Some(c) {
            let o = out.get_or_insert_with(|| String::with_capacity(stripped.len()));
            o.push_str(&stripped[run..i]);
            if let Some(f) = kept {
                o.push(f);
            }
            run = next;
        }
        i = next;
    }
    Some(match out {
        None => Cow::Borrowed(stripped),
        Some(mut o) => {
            o.push_str(&stripped[run.min(stripped.len())..]);
            Cow::Owned(o)
        }
    })
}

/// `s.chars().any(text::is_space)`, looking only at the lead bytes whitespace can start with.
/// `s` without whitespace ([`text::squash`]), borrowed when it has none.
pub(crate) fn squash_cow(s: &str) -> Cow<'_, str> {
    if has_space(s) {
        Cow::Owned(text::squash(s))
    } else {
        Cow::Borrowed(s)
    }
}

fn has_space(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r' => return true,
            0xC2 | 0xE1 | 0xE2 | 0xE3 => {
                if s.get(i..)
                    .and_then(|t| t.chars().next())
                    .is_some_and(text::is_space)
                {
                    return true;
                }
                i += 1;
            }
            // The lead byte of a three-byte character (most Chinese ones): none is whitespace.
            0xE4..=0xEF => i += 3,
            _ => i += 1,
        }
    }
    false
}

/// [`text::is_space`], with the common cases first.
fn is_space(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_whitespace() || c == '\u{0B}';
    }
    if text::is_han(c) {
        return false;
    }
    text::is_space(c)
}

/// [`text::squash`] with [`is_space`].
fn squash(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut run = 0;
    for (i, c) in s.char_indices() {
        if is_space(c) {
            out.push_str(&s[run..i]);
            run = i + c.len_utf8();
        }
    }
    out.push_str(&s[run..]);
    out
}

fn is_punct(c: char) -> bool {
    matches!(
        c,
        '、' | '，'
            | ','
            | '.'
            | '。'
            | '：'
            | ':'
            | '；'
            | ';'
            | '（'
            | '）'
            | '('
            | ')'
            | '“'
            | '”'
            | '"'
            | '\''
            | '‘'
            | '’'
            | '·'
            | '-'
            | '—'
            | '_'
            | '*'
            | '　'
    )
}

fn strip_ordinal(s: &str) -> &str {
    // 一、 二十三、 （一） (1) 1. 1、 ①
    let numeral = |c: char| {
        matches!(
            c,
            '一' | '二'
                | '三'
                | '四'
                | '五'
                | '六'
                | '七'
                | '八'
                | '九'
                | '十'
                | '百'
                | '零'
                | '〇'
        )
    };
    // Most labels start with a character no ordinal (nor leading space) starts with.
    let t = match s.chars().next() {
        Some(c) if c.is_whitespace() => s.trim_start(),
        Some(c) if numeral(c) || c.is_ascii_digit() || matches!(c, '（' | '(' | '①'..='⑳') => {
            s
        }
        _ => return s,
    };
    if let Some(c) = t.chars().next() {
        if c == '（' || c == '(' {
            let rest = &t[c.len_utf8()..];
            let end = rest
                .char_indices()
                .find(|(_, c)| !(numeral(*c) || c.is_ascii_digit()))
                .map(|(i, _)| i)
                .unwrap_or(rest.len());
            if end > 0 {
                let after = &rest[end..];
                if let Some(a) = after.strip_prefix('）').or_else(|| after.strip_prefix(')')) {
                    return a.trim_start();
                }
            }
            return t;
        }
        if ('①'..='⑳').contains(&c) {
            return t[c.len_utf8()..].trim_start();
        }
    }
    let end = t
        .char_indices()
        .find(|(_, c)| !(numeral(*c) || c.is_ascii_digit()))
        .map(|(i, _)| i)
        .unwrap_or(t.len());
    if end > 0 {
        let mut after = t[end..].chars();
        if after
            .next()
            .is_some_and(|sep| matches!(sep, '、' | '.' | '．' | '，'))
        {
            let a = after.as_str();
            // "1.5" is a number, not an ordinal.
            if !a.starts_with(|c: char| c.is_ascii_digit()) {
                return a.trim_start();
            }
        }
    }
    t
}

/// True when a label names a total row (合计, 总计, 本年收入合计, 支出总计 …), not a 其中 line.
pub fn is_total_label(label: &str) -> bool {
    let k = label_key_cow(label);
    !k.starts_with("其中") && (k.ends_with("合计") || k.ends_with("总计") || k == "小计")
}

/// The grand-total row of a coded block: a row without code labelled 合计/总计 (or whose label
/// is empty and that precedes the coded rows).
pub fn total_row(block: &Block) -> Option<&Row> {
    block.rows.iter().find(|r| {
        r.code.is_none()
            && matches!(
                &*label_key_cow(&r.label),
                "合计" | "总计" | "支出合计" | "收入合计" | "本年支出合计" | "本年收入合计"
            )
    })
}

/// Amount columns of a block: those where some row has a non-percent number, and whose header
/// is not a code/label/栏次 column.
pub fn amount_columns(block: &Block) -> Vec<usize> {
    (0..block.columns.len())
        .filter(|&c| {
            block.rows.iter().any(|r| {
                r.cell(c)
                    .and_then(|cell| cell.number)
                    .is_some_and(|n| !n.percent)
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precision_is_the_finest_digit_used() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(finest_digit(d("79.70")), -1);
        assert_eq!(finest_digit(d("100.41")), -2);
        assert_eq!(finest_digit(d("797000.00")), 3);
        assert_eq!(finest_digit(d("1004100")), 2);
        assert_eq!(half_of_power(-2), d("0.005"));
        assert_eq!(half_of_power(2), d("50"));
        assert_eq!(half_of_power(0), d("0.5"));
    }

    #[test]
    fn has_space_finds_every_space() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let s = format!("中{c}a{c}");
            assert_eq!(has_space(&s), text::is_space(c), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn label_keys_drop_ordinals_and_punctuation() {
        assert_eq!(
            label_key("一、一般公共预算财政拨款收入"),
            "一般公共预算财政拨款收入"
        );
        assert_eq!(label_key("二十三、其他支出"), "其他支出");
        assert_eq!(label_key("（一）基本支出"), "基本支出");
        assert_eq!(label_key("1.行政运行"), "行政运行");
        assert_eq!(label_key("一般公共服务 支出"), "一般公共服务支出");
        assert_eq!(label_key("因公出国(境)费"), "因公出国境费");
        assert!(is_total_label("本年收入合计"));
        assert!(is_total_label("总  计"));
        assert!(!is_total_label("其中：合计"));
        assert!(!is_total_label("基本支出"));
    }
}
