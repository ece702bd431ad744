//! Tables whose cells are delimited: tab-separated (Word, Excel, web pages) or markdown pipes.

use super::grid::{column_numbers, is_code, Field, Grid};
use super::Ctx;
use crate::diagnostic::{Finding, Severity};
use crate::model::CompactString;
use crate::number::{parse_number, Number};
use crate::source::Span;
use crate::text::{squash_compact, squash_eq, trim};
use std::cell::OnceCell;

/// A field as split from its line: the trimmed text, borrowed from the input, and where it
/// is. Only the fields of data rows are copied into a grid's [`Field`]s; header and column
/// number rows are read from the input directly.
struct RawField<'a> {
    text: &'a str,
    span: Span,
    /// `parse_number(text)`, read once (and handed on to the grid's field).
    number: OnceCell<Option<Number>>,
}

impl RawField<'_> {
    fn number(&self) -> Option<Number> {
        *self.number.get_or_init(|| parse_number(self.text))
    }

    fn to_field(&self) -> Field {
        Field::with_number(self.text, self.span, self.number.clone())
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
    split_raw(text, start, &mut raw).then(|| raw.iter().map(RawField::to_field).collect())
}

/// Append the fields of one line to `out`. False (and nothing appended) for a markdown
/// separator row.
fn split_raw<'a>(text: &'a str, start: usize, out: &mut Vec<RawField<'a>>) -> bool {
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
    loop {
        let to = bytes[from..]
            .iter()
            .position(|&b| b == sep)
            .map_or(bytes.len(), |p| from + p);
        let part = &body[from..to];
        // `trim` is `trim_matches(is_space)`, quicker on the many fields with nothing to trim.
        let t = trim(part);
        // Where `t` starts in `part` (a blank field: at its end).
        let lead = if t.is_empty() {
            part.len()
        } else {
            (t.as_ptr() as usize).saturating_sub(part.as_ptr() as usize)
        };
        let s = start + body_off + from + lead;
        out.push(RawField {
            text: t,
            span: Span::new(s, s + t.len()),
            number: OnceCell::new(),
        });
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
        if split_raw(l.text, l.start, &mut all) {
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
