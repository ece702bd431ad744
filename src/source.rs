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
        let mut starts = vec![0];
        // Eight bytes at a time: only a word holding a newline is looked at byte by byte.
        let bytes = text.as_bytes();
        let mut chunks = bytes.chunks_exact(8);
        let mut base = 0;
        for c in &mut chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            // Some byte of `x` is zero exactly when some byte of `w` is a newline (the classic
            // zero-byte test; exact as to whether there is one).
            let x = w ^ 0x0a0a_0a0a_0a0a_0a0a;
            if x.wrapping_sub(0x0101_0101_0101_0101) & !x & 0x8080_8080_8080_8080 != 0 {
                for (k, &b) in c.iter().enumerate() {
                    if b == b'\n' {
                        starts.push(base + k + 1);
                    }
                }
            }
            base += 8;
        }
        for (k, &b) in chunks.remainder().iter().enumerate() {
            if b == b'\n' {
                starts.push(base + k + 1);
            }
        }
        LineIndex {
            starts,
            len: text.len(),
        }
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
