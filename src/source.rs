//! The input text and positions in it.
//!
//! Every position the core reports is a byte range in the *original* input (BOM, CRLF and
//! full-width characters included) plus a 1-based line and a 1-based column counted in
//! characters, so that an editor, a terminal and the browser all point at the same place.

use serde::Serialize;

/// A byte range `start..end` in the original input. Always on char boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub const fn empty(at: usize) -> Self {
        Span { start: at, end: at }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// A 1-based line and 1-based column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// A span together with its line/column, as stored in the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
pub struct Location {
    #[serde(flatten)]
    pub span: Span,
    pub line: u32,
    pub column: u32,
}

/// Maps byte offsets of one input to lines and columns.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset where each line starts (line 1 starts at 0).
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        Self::with_tabs(text).0
    }

    /// The index of `text`, and for each of its lines whether it holds a tab (the parser asks
    /// that of every line: both are found in one pass over the input).
    pub(crate) fn with_tabs(text: &str) -> (Self, Vec<bool>) {
        let mut starts = Vec::with_capacity(text.len() / 32 + 1);
        starts.push(0);
        let mut tabs = Vec::with_capacity(starts.capacity());
        tabs.push(false);
        // Eight bytes at a time: only the newlines and tabs of a word are looked at one by one.
        let bytes = text.as_bytes();
        let mut chunks = bytes.chunks_exact(8);
        let mut base = 0;
        for c in &mut chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            // Some byte is below 0x0B (the classic test, exact as to whether there is one):
            // most words hold neither a newline nor a tab and stop here.
            const ONES: u64 = 0x0101_0101_0101_0101;
            if w.wrapping_sub(ONES * 0x0b) & !w & (ONES * 0x80) == 0 {
                base += 8;
                continue;
            }
            let mut hits =
                zero_bytes(w ^ (ONES * b'\n' as u64)) | zero_bytes(w ^ (ONES * b'\t' as u64));
            while hits != 0 {
                // The lowest hit: its byte is a newline or a tab.
                let k = (hits.trailing_zeros() / 8) as usize;
                note(&mut starts, &mut tabs, c[k], base + k);
                hits &= hits - 1;
            }
            base += 8;
        }
        for (k, &b) in chunks.remainder().iter().enumerate() {
            note(&mut starts, &mut tabs, b, base + k);
        }
        let index = LineIndex {
            starts,
            len: text.len(),
        };
        (index, tabs)
    }

    /// Byte offset where each line starts: 0, then one past every newline.
    pub fn line_starts(&self) -> &[usize] {
        &self.starts
    }

    /// Number of lines (a trailing newline starts an empty last line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset of the start of 0-based line `i`.
    pub fn line_start(&self, i: usize) -> usize {
        self.starts.get(i).copied().unwrap_or(self.len)
    }

    /// Line and column of a byte offset. Offsets past the end are clamped.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.starts[line];
        let column = text[start..offset].chars().count() + 1;
        Position {
            line: (line + 1) as u32,
            column: column as u32,
        }
    }

    pub fn locate(&self, text: &str, span: Span) -> Location {
        let p = self.position(text, span.start);
        Location {
            span,
            line: p.line,
            column: p.column,
        }
    }
}

/// The high bit of every byte of `x` that is zero, and no other bit (exact, unlike the
/// shorter test that only tells whether there is one: no carry crosses a byte here).
#[inline]
pub(crate) fn zero_bytes(x: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    !(((x & LOW7).wrapping_add(LOW7)) | x | LOW7)
}

/// Record byte `b` at offset `at` of the input: a newline starts a line, a tab marks the
/// current one.
#[inline]
fn note(starts: &mut Vec<usize>, tabs: &mut Vec<bool>, b: u8, at: usize) {
    if b == b'\n' {
        starts.push(at + 1);
        tabs.push(false);
    } else if b == b'\t' {
        if let Some(last) = tabs.last_mut() {
            *last = true;
        }
    }
}

/// The largest char boundary `<= i`.
pub fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let text = "第一行\r\n收入\t105.8\n";
        let idx = LineIndex::new(text);
        let off = text.find("105.8").unwrap();
        assert_eq!(idx.position(text, off), Position { line: 2, column: 4 });
        assert_eq!(idx.position(text, 0), Position { line: 1, column: 1 });
        assert_eq!(idx.line_count(), 3);
    }

    #[test]
    fn line_starts_follow_every_newline() {
        let texts = [
            "",
            "\n",
            "a\nb",
            "\n\n\n\n\n\n\n\n\n",
            "一二三\n四五六七八九十\n\n\r\nabcdefghijklmnop\nq",
            "0123456\n89abcdef\n",
            "\u{feff}收入\t105.8\r\n支出\n\u{c}合计\n",
            "\t\n\t\t\n\n\ta\tb\tc\td\te\tf\n\n\n\t",
            "一\t二\n三四五六七\t八九十\n\t",
        ];
        for text in texts {
            let naive: Vec<usize> = std::iter::once(0)
                .chain(
                    text.bytes()
                        .enumerate()
                        .filter(|&(_, b)| b == b'\n')
                        .map(|(i, _)| i + 1),
                )
                .collect();
            assert_eq!(LineIndex::new(text).line_starts(), naive, "{text:?}");
            let tabs: Vec<bool> = text.split('\n').map(|l| l.contains('\t')).collect();
            assert_eq!(LineIndex::with_tabs(text).1, tabs, "{text:?}");
        }
    }

    #[test]
    fn clamps_offsets_inside_a_character() {
        let text = "收入";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 1), Position { line: 1, column: 1 });
        assert_eq!(idx.position(text, 99), Position { line: 1, column: 3 });
    }
}
