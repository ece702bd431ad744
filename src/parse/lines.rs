//! Lines of the input, with page furniture (page numbers, running heads) marked.

use crate::text::{han_count_capped, is_space};
use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};

/// A fast non-cryptographic hasher for the parser's sets and counts of the input's own texts
/// (nothing is iterated in hash order, so the order of the keys never shows).
#[derive(Default)]
pub(crate) struct Fx(u64);

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

#[derive(Default, Clone, Copy)]
pub(crate) struct BuildFx;

impl BuildHasher for BuildFx {
    type Hasher = Fx;
    fn build_hasher(&self) -> Fx {
        Fx(0)
    }
}

/// One line of the input.
#[derive(Debug, Clone)]
pub struct Line<'a> {
    /// 0-based line number.
    pub no: usize,
    /// Byte offset of `text` in the input.
    pub start: usize,
    /// The line without its terminator, leading BOM or form feeds.
    pub text: &'a str,
    /// A page number, running head or other page furniture: not content.
    pub furniture: bool,
    /// A form feed started this line (a new page in pdftotext output).
    pub page_break: bool,
    /// `text` without surrounding whitespace (computed once: lines are asked often).
    trimmed: &'a str,
    /// `strip_markdown(text)` (computed once, for the same reason).
    md: &'a str,
    /// `text` holds a tab (looked for once: most lines have none).
    tab: bool,
}

impl<'a> Line<'a> {
    pub fn is_blank(&self) -> bool {
        self.trimmed.is_empty()
    }
    pub fn trimmed(&self) -> &'a str {
        self.trimmed
    }
    /// [`strip_markdown`](crate::text::strip_markdown) of `text`.
    pub fn md(&self) -> &'a str {
        self.md
    }
    /// `text.contains('\t')`. (Without a tab in `text`, no part of it holds one.)
    pub fn has_tab(&self) -> bool {
        self.tab
    }
    pub fn end(&self) -> usize {
        self.start + self.text.len()
    }
    /// Blank or furniture.
    pub fn is_void(&self) -> bool {
        self.furniture || self.is_blank()
    }
}

/// Split the input into lines (LF or CRLF), dropping a BOM and form feeds from the text but
/// keeping offsets into the original.
pub fn split_lines(input: &str) -> Vec<Line<'_>> {
    let (index, tabs) = crate::source::LineIndex::with_tabs(input);
    split_lines_at(input, index.line_starts(), &tabs)
}

/// [`split_lines`], given where the input's lines start (0, and one past every newline: the
/// [`LineIndex`](crate::source::LineIndex) of the input) and which lines hold a tab, so that
/// the input is not searched for them again.
pub(crate) fn split_lines_at<'a>(input: &'a str, starts: &[usize], tabs: &[bool]) -> Vec<Line<'a>> {
    let mut lines = Vec::with_capacity(starts.len());
    for (no, &line_start) in starts.iter().enumerate() {
        // Up to the next line's newline (ASCII: always a char boundary), or the end.
        let end = starts
            .get(no + 1)
            .map_or(input.len(), |&next| next.saturating_sub(1));
        let raw = input.get(line_start..end).unwrap_or("");
        let mut start = line_start;
        let mut text = raw.strip_suffix('\r').unwrap_or(raw);
        if no == 0 {
            if let Some(rest) = text.strip_prefix('\u{feff}') {
                start += '\u{feff}'.len_utf8();
                text = rest;
            }
        }
        let mut page_break = false;
        while let Some(rest) = text.strip_prefix('\u{c}') {
            start += 1;
            text = rest;
            page_break = true;
        }
        // Stray form feeds or CRs elsewhere in the line are treated as spaces by tokenisers.
        let trimmed = crate::text::trim(text);
        lines.push(Line {
            no,
            start,
            text,
            furniture: false,
            page_break,
            trimmed,
            // `strip_markdown` trims first: start from the trimmed text.
            md: crate::text::strip_markdown(trimmed),
            // A tab of the line is in its text (the BOM, form feeds and CR are not tabs).
            tab: tabs.get(no).copied().unwrap_or(false),
        });
    }
    mark_furniture(&mut lines);
    lines
}

/// `- 12 -`, `— 8 —`, `—8—`, `第 3 页`, `第3页 共20页`, `— 1 7 —`, `12` (bare).
pub fn page_number_kind(s: &str) -> Option<bool> {
    page_number_kind_trimmed(crate::text::trim(s))
}

/// [`page_number_kind`] of a text without surrounding whitespace.
fn page_number_kind_trimmed(t: &str) -> Option<bool> {
    // Either answer below starts with a dash, a digit or 第 (whitespace is trimmed): most
    // lines stop at their first byte. (The dashes and 第 all start with 0xE2, 0xE7 or 0xEF.)
    if !t
        .as_bytes()
        .first()
        .is_some_and(|&b| matches!(b, b'0'..=b'9' | b'-' | 0xC2 | 0xE2 | 0xE7 | 0xEF))
    {
        return None;
    }
    // More than 16 characters: a char is at most 4 bytes, so more than 64 bytes always are.
    if t.is_empty() || t.len() > 64 || t.chars().count() > 16 {
        return None;
    }
    // Both answers below need an ASCII digit (in the number, or after 第): most lines have
    // none and stop here, before the squashed copy is made.
    if !t.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let squashed = crate::text::squash(t);
    let inner =
        squashed.trim_matches(|c| matches!(c, '-' | '—' | '–' | '－' | '―' | '─' | '·' | '•'));
    let decorated = inner.len() != squashed.len();
    if !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit()) && inner.len() <= 4 {
        // A bare number (no decoration) is only a candidate: callers decide by context.
        return Some(decorated);
    }
    if let Some(rest) = squashed.strip_prefix('第') {
        let mut parts = rest.split('页');
        if let Some(first) = parts.next() {
            if !first.is_empty() && first.chars().all(|c| c.is_ascii_digit()) {
                return Some(true);
            }
        }
    }
    None
}

/// True when line `i` (a bare number) is the tail of an amount wrapped in its cell: one or two
/// lines above, a fragment with one decimal (`24995.9`, the cell was one digit too narrow)
/// ends at the same column (±1).
fn is_wrapped_tail(lines: &[Line<'_>], i: usize) -> bool {
    let end = |text: &str| text.trim_end().chars().count();
    let tail_end = end(lines[i].text);
    (i.saturating_sub(2)..i).any(|j| {
        let text = lines[j].text.trim_end();
        let last = text.rsplit(is_space).next().unwrap_or("");
        last.rsplit_once('.').is_some_and(|(_, d)| d.len() == 1)
            && last
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
            && end(text).abs_diff(tail_end) <= 1
    })
}

/// `t` holds `|`, `:` or `：` (one pass over the bytes rather than one search each).
fn has_colon_or_pipe(t: &str) -> bool {
    // `：` (U+FF1A) is the bytes EF BC 9A; 0x9A never starts a character.
    let b = t.as_bytes();
    b.iter().enumerate().any(|(k, &x)| {
        x == b'|' || x == b':' || x == 0x9A && k >= 2 && b[k - 2] == 0xEF && b[k - 1] == 0xBC
    })
}

fn mark_furniture(lines: &mut [Line<'_>]) {
    // Decorated page numbers are furniture; bare numbers are, when isolated (blank lines or
    // a page break around them, or wide indentation) — a number under an amount wrapped in its
    // cell is not (the table reader re-joins those before it looks at furniture).
    let n = lines.len();
    let mut page_like = vec![false; n];
    for i in 0..n {
        match page_number_kind_trimmed(lines[i].trimmed()) {
            Some(true) => page_like[i] = true,
            Some(false) => {
                let prev_blank = i == 0 || lines[i - 1].is_blank();
                let next_blank = i + 1 >= n || lines[i + 1].is_blank() || lines[i + 1].page_break;
                let indent = lines[i].text.chars().take_while(|c| is_space(*c)).count();
                let isolated =
                    (prev_blank && next_blank) || (indent >= 12 && (prev_blank || next_blank));
                if isolated && !is_wrapped_tail(lines, i) {
                    page_like[i] = true;
                }
            }
            None => {}
        }
    }
    // Running heads: the same short line repeated on many pages, next to page numbers.
    // Each distinct candidate text gets a tally slot: (lines, lines near a page number).
    let mut slots: HashMap<&str, usize, BuildFx> =
        HashMap::with_capacity_and_hasher(n / 2, BuildFx);
    let mut tallies: Vec<(usize, usize)> = Vec::with_capacity(16);
    // The tally slot of each line that may be a running head (the test depends on the text
    // only), so that the second pass does not look the text up again.
    let mut candidate: Vec<Option<usize>> = vec![None; n];
    for i in 0..n {
        let t = lines[i].trimmed();
        // The cheap tests first (the order does not change the answer). More than 60
        // characters: a char is at most 4 bytes, so more than 240 bytes always are, and 60
        // bytes or fewer never are.
        if t.ends_with('表')
            || lines[i].has_tab() && t.as_bytes().contains(&b'\t')
            || han_count_capped(t, 4) < 4
            || (t.len() > 60 && (t.len() > 240 || t.chars().count() > 60))
            || has_colon_or_pipe(t)
        {
            continue;
        }
        // Next to the page's number or break: the nearest content line before or after it
        // (within a few lines) is a page number, or a page starts in between.
        let before = (i.saturating_sub(4)..i)
            .rev()
            .find(|&j| !lines[j].is_blank());
        let after = (i + 1..(i + 5).min(n))
            .take_while(|&j| !lines[j].page_break)
            .find(|&j| !lines[j].is_blank());
        let near_page = lines[i].page_break
            || before.is_some_and(|j| page_like[j])
            || after.is_some_and(|j| page_like[j])
            || (before.map_or(i.saturating_sub(4), |j| j + 1)..i).any(|j| lines[j].page_break);
        let slot = *slots.entry(t).or_insert_with(|| {
            tallies.push((0, 0));
            tallies.len() - 1
        });
        candidate[i] = Some(slot);
        if let Some(e) = tallies.get_mut(slot) {
            e.0 += 1;
            if near_page {
                e.1 += 1;
            }
        }
    }
    for i in 0..n {
        if page_like[i] {
            lines[i].furniture = true;
            continue;
        }
        if let Some(&(total, near)) = candidate[i].and_then(|slot| tallies.get(slot)) {
            if total >= 3 && near * 2 >= total {
                lines[i].furniture = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_survive_bom_crlf_and_form_feeds() {
        let input = "\u{feff}标题\r\n\u{c}第二行\r\n";
        let lines = split_lines(input);
        assert_eq!(lines[0].text, "标题");
        assert_eq!(&input[lines[0].start..lines[0].end()], "标题");
        assert_eq!(lines[1].text, "第二行");
        assert!(lines[1].page_break);
        assert_eq!(&input[lines[1].start..lines[1].end()], "第二行");
    }

    #[test]
    fn page_numbers() {
        assert_eq!(page_number_kind("   - 12 -"), Some(true));
        assert_eq!(page_number_kind("—8—"), Some(true));
        assert_eq!(page_number_kind("— 1 7 —"), Some(true));
        assert_eq!(page_number_kind("第 3 页"), Some(true));
        assert_eq!(page_number_kind("   22"), Some(false));
        assert_eq!(page_number_kind("22.5"), None);
        assert_eq!(page_number_kind("合计"), None);
    }

    #[test]
    fn the_tail_of_a_wrapped_amount_is_not_a_page_number() {
        let text = "                      24995.9\n     收入合计           支出合计\n                            4\n\n\n                 8\n";
        let lines = split_lines(text);
        assert!(!lines[2].furniture);
        assert!(lines[5].furniture);
        // Under a whole amount (two decimals), an aligned bare number is a page number.
        let text =
            "     合计                      24995.94\n\n                                    8\n";
        assert!(split_lines(text)[2].furniture);
    }

    #[test]
    fn running_heads_are_furniture() {
        let mut text = String::new();
        for p in 1..=4 {
            text.push_str(&format!(
                "正文{p}\n\n                - {p} -\n无锡市应急管理局 2026 年度部门预算公开\n"
            ));
        }
        let lines = split_lines(&text);
        let heads: Vec<_> = lines
            .iter()
            .filter(|l| l.furniture)
            .map(|l| l.trimmed())
            .collect();
        assert_eq!(heads.len(), 8, "{heads:?}");
        assert!(lines.iter().any(|l| l.trimmed() == "正文1" && !l.furniture));
    }
}
