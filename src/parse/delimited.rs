//! Tables whose cells are delimited: tab-separated (Word, Excel, web pages) or markdown pipes.

use super::grid::{column_numbers, is_code, Field, Grid};
use super::Ctx;
use crate::diagnostic::{Finding, Severity};
use crate::model::CompactString;
use crate::number::{parse_number, Number};
use crate::source::{zero_bytes, Position, Span};
use crate::text::{squash_compact, squash_eq, trim};
use std::cell::OnceCell;

/// A field as split from its line: the trimmed text, borrowed from the input, and where it
/// is. Only the fields of data rows are copied into a grid's [`Field`]s; header and column
/// number rows are read from the input directly.
struct RawField<'a> {
    text: &'a str,
    span: Span,
    /// The line and column of `span.start`, counted while the line was split.
    at: Position,
    /// `parse_number(text)`, read once (and handed on to the grid's field).
    number: OnceCell<Option<Number>>,
}

impl RawField<'_> {
    fn number(&self) -> Option<Number> {
        *self.number.get_or_init(|| parse_number(self.text))
    }

    fn to_field(&self) -> Field {
        Field::with_number(self.text, self.span, self.number.clone(), self.at)
    }
}

impl AsRef<str> for RawField<'_> {
    fn as_ref(&self) -> &str {
        self.text
    }
}

/// Split one line into fields with their spans (trimmed). `None` for a markdown separator row.
#[cfg(test)]
pub(crate) fn split_fields(text: &str, start: usize) -> Option<Vec<Field>> {
    let mut raw = Vec::new();
    // As if `text` were the first line of the input.
    let at = Position { line: 1, column: 1 };
    split_raw(text, start, at, &mut raw).then(|| raw.iter().map(RawField::to_field).collect())
}

/// Append the fields of one line to `out`, `text` starting at byte `start` of the input, at
/// line and column `at`. False (and nothing appended) for a markdown separator row.
fn split_raw<'a>(text: &'a str, start: usize, at: Position, out: &mut Vec<RawField<'a>>) -> bool {
    let first = out.len();
    let piped = text.trim_start().starts_with('|');
    let (body, body_off) = if piped {
        let lead = text.len() - text.trim_start().len();
        let inner = &text[lead + 1..];
        let inner = inner.trim_end();
        let inner = inner.strip_suffix('|').unwrap_or(inner);
        (inner, lead + 1)
    } else {
        (text, 0)
    };
    // Both separators are ASCII: split the bytes.
    let sep = if piped { b'|' } else { b'\t' };
    let bytes = body.as_bytes();
    let mut from = 0;
    // The column of each part's first byte: the characters of the line are counted in the
    // scan for its separators (the columns of the fields cost no second pass).
    let mut column = at.column + text.get(..body_off).map_or(0, |b| b.chars().count()) as u32;
    loop {
        let (to, continuing) = scan_to(bytes, from, sep);
        let part = &body[from..to];
        // `trim` is `trim_matches(is_space)`, quicker on the many fields with nothing to trim.
        let t = trim(part);
        // Where `t` starts in `part` (a blank field: at its end).
        let lead = if t.is_empty() {
            part.len()
        } else {
            (t.as_ptr() as usize).saturating_sub(part.as_ptr() as usize)
        };
        // Leading whitespace is rare: its characters are counted apart.
        let lead_chars = if lead == 0 {
            0
        } else {
            part.get(..lead).map_or(0, |b| b.chars().count())
        };
        let s = start + body_off + from + lead;
        out.push(RawField {
            text: t,
            span: Span::new(s, s + t.len()),
            at: Position {
                line: at.line,
                column: column + lead_chars as u32,
            },
            number: OnceCell::new(),
        });
        // The part's characters and the separator.
        column += (part.len() - continuing) as u32 + 1;
        if to == bytes.len() {
            break;
        }
        from = to + 1;
    }
    if piped
        && out[first..]
            .iter()
            .all(|f| !f.text.is_empty() && f.text.chars().all(|c| matches!(c, '-' | ':' | '—')))
    {
        out.truncate(first);
        return false;
    }
    true
}

/// The index of the first `sep` in `bytes` from `from` on (or the length), and how many of
/// the bytes before it continue a character (so that the characters of the part are
/// counted in the search for its end). Eight bytes at a time: only the word holding the
/// separator is cut short.
fn scan_to(bytes: &[u8], from: usize, sep: u8) -> (usize, usize) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    // How many bytes of `w` are 10xxxxxx: their high bits, moved to the low bits and summed
    // into the top byte by one multiplication (`count_ones` is a long sequence without the
    // popcount instruction, which the baseline x86-64 target does not have).
    let continuing = |w: u64| ((((w & !(w << 1) & HIGH) >> 7).wrapping_mul(ONES)) >> 56) as usize;
    let mut to = from;
    let mut count = 0;
    while let Some(c) = bytes.get(to..to + 8) {
        let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        let hits = zero_bytes(w ^ (ONES * u64::from(sep)));
        if hits != 0 {
            // The bytes before the first separator (little-endian: the low ones).
            let k = hits.trailing_zeros() / 8;
            let before = (1u64 << (8 * k)).wrapping_sub(1);
            count += continuing(w & before);
            return (to + k as usize, count);
        }
        count += continuing(w);
        to += 8;
    }
    while let Some(&b) = bytes.get(to) {
        if b == sep {
            break;
        }
        count += usize::from(b & 0xc0 == 0x80);
        to += 1;
    }
    (to, count)
}

fn is_data_row(fields: &[RawField<'_>]) -> bool {
    let mut nonempty = fields.iter().filter(|f| !f.text.is_empty());
    if let Some(f) = nonempty.next() {
        if (squash_eq(f.text, "合计") || squash_eq(f.text, "总计"))
            && nonempty.all(|f| f.number().is_some())
        {
            return true;
        }
    }
    fields
        .iter()
        .any(|f| is_code(f.text) || f.number().is_some_and(|n| !n.dash))
}

pub(crate) fn read(ctx: &mut Ctx<'_>, body: &[usize], generic: bool) -> Grid {
    // The fields of all rows in one vector; a row is its line and its range there.
    let mut all: Vec<RawField<'_>> = Vec::new();
    if let Some(&first) = body.first() {
        // Room for every row at the first line's width (the vector grows if need be).
        let text = ctx.lines[first].text;
        let sep = if text.trim_start().starts_with('|') {
            b'|'
        } else {
            b'\t'
        };
        let width = text.bytes().filter(|&b| b == sep).count() + 1;
        all.reserve(width.saturating_mul(body.len()));
    }
    let mut rows: Vec<(usize, std::ops::Range<usize>)> = Vec::with_capacity(body.len());
    for &i in body {
        let l = &ctx.lines[i];
        let from = all.len();
        // The text's column: 1, after a BOM or form feeds dropped from the line's start.
        let lead = ctx.input.get(ctx.index.line_start(i)..l.start);
        let at = Position {
            line: i as u32 + 1,
            column: lead.map_or(0, |s| s.chars().count()) as u32 + 1,
        };
        if split_raw(l.text, l.start, at, &mut all) {
            rows.push((i, from..all.len()));
        }
        if rows.len() == 1 && all.capacity() < all.len() * body.len() {
            // Room for every row at the first row's width (the vector grows if need be).
            all.reserve(all.len() * (body.len() - 1));
        }
    }
    let ncols = rows.iter().map(|(_, r)| r.len()).max().unwrap_or(0);
    let mut grid = Grid {
        ncols,
        ..Grid::default()
    };
    let texts = |f: &[RawField<'_>]| -> Vec<CompactString> {
        let mut v: Vec<CompactString> = Vec::with_capacity(ncols);
        v.extend(f.iter().map(|x| squash_compact(x.text)));
        v.resize(ncols, CompactString::default());
        v
    };
    grid.data.reserve(rows.len());
    grid.cells.reserve(rows.len() * ncols);
    let mut k = 0;
    if !generic {
        while k < rows.len() {
            let fields = &all[rows[k].1.clone()];
            let numbers = column_numbers(fields);
            if numbers.is_none() && is_data_row(fields) {
                break;
            }
            if let Some(nums) = numbers {
                let mut nums = nums;
                nums.resize(ncols, None);
                grid.numbers = nums;
            } else {
                grid.header_rows.push(texts(fields));
            }
            k += 1;
        }
        // The 栏次 row may also come right after the header rows.
    }
    let header_width = grid
        .header_rows
        .iter()
        .map(|r| r.iter().rposition(|t| !t.is_empty()).map_or(0, |p| p + 1))
        .max()
        .unwrap_or(0)
        .max(
            grid.numbers
                .iter()
                .rposition(Option::is_some)
                .map_or(0, |p| p + 1),
        );
    // Out of the grid while its rows are added (and compared with them).
    let header_rows = std::mem::take(&mut grid.header_rows);
    // First non-empty cell of each header row: a cheap filter before comparing whole rows.
    let header_firsts: Vec<Option<(usize, &str)>> = header_rows
        .iter()
        .map(|h| {
            h.iter()
                .enumerate()
                .find(|(_, t)| !t.is_empty())
                .map(|(i, t)| (i, t.as_str()))
        })
        .collect();
    // `texts(fields)` is one of the header rows, without building it.
    let is_header = |fields: &[RawField<'_>]| {
        header_rows.iter().any(|h| {
            h.len() == ncols
                && h.iter().enumerate().all(|(j, t)| match fields.get(j) {
                    Some(f) => squash_eq(f.text, t),
                    None => t.is_empty(),
                })
        })
    };
    for (line, range) in rows.into_iter().skip(k) {
        let fields = &all[range];
        if !generic {
            // Fields are trimmed: a field squashes to "" exactly when it is empty.
            let first = fields.iter().enumerate().find(|(_, f)| !f.text.is_empty());
            let same_first = header_firsts.iter().any(|h| match (h, first) {
                (Some((hi, ht)), Some((fi, f))) => *hi == fi && squash_eq(f.text, ht),
                (None, None) => true,
                _ => false,
            });
            if same_first && is_header(fields) {
                continue; // header reprinted after a page break
            }
            if column_numbers(fields).is_some() {
                continue;
            }
        }
        if header_width > 0 && !generic {
            if let Some(extra) = fields
                .iter()
                .skip(header_width)
                .find(|f| !f.text.is_empty())
            {
                ctx.findings.push(Finding::new(
                    "parse.ragged-row",
                    Severity::Warning,
                    ctx.loc(extra.span),
                    format!("这一行的单元格比表头多（表头 {header_width} 列），多出的“{}”可能错位。", extra.text),
                    format!("This row has more cells than the header ({header_width} columns); “{}” may be misplaced.", extra.text),
                ));
            }
        }
        let anchor = ctx.lines[line].start;
        grid.push_row(line, anchor, fields.iter().map(|f| Some(f.to_field())));
    }
    grid.header_rows = header_rows;
    grid
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_fields_keep_spans() {
        let text = "合计\t\t117.00\t 105.8 ";
        let f = split_fields(text, 10).unwrap();
        assert_eq!(f.len(), 4);
        assert_eq!(f[2].text, "117.00");
        assert_eq!(f[3].text, "105.8");
        assert_eq!(&text[f[3].span.start - 10..f[3].span.end - 10], "105.8");
        assert!(f[1].span.is_empty());
    }

    #[test]
    fn columns_counted_in_the_split_are_those_of_the_index() {
        let texts = [
            "合计\t\t117.00\t 105.8 ",
            "\u{3000}一般公共预算财政拨款收入\t\u{3000}1,234.56\t—\t２０１\t",
            "| 项目 | 本年收入合计（万元） |  | 117.00 | é |",
            "abcdefgh\tijklmnopqrstuvw\t\t\t12345678901234567\tx",
            "\t",
            "",
        ];
        for text in texts {
            let mut raw = Vec::new();
            let at = Position { line: 1, column: 1 };
            split_raw(text, 0, at, &mut raw);
            let index = crate::source::LineIndex::new(text);
            for f in &raw {
                assert_eq!(
                    f.at,
                    index.position(text, f.span.start),
                    "{text:?} {:?}",
                    f.text
                );
            }
        }
    }

    #[test]
    fn markdown_fields_and_separator() {
        let text = "| 合计 |  | 117.00 |";
        let f = split_fields(text, 0).unwrap();
        assert_eq!(
            f.iter().map(|x| x.text.as_str()).collect::<Vec<_>>(),
            ["合计", "", "117.00"]
        );
        assert_eq!(&text[f[2].span.start..f[2].span.end], "117.00");
        assert!(split_fields("|---|:--:|---|", 0).is_none());
    }
}
