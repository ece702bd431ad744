//! Lines of the input, with page furniture (page numbers, running heads) marked.

use crate::text::{han_count_capped, is_space};
use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};

/// A fast non-cryptographic hasher for the running-head counts (keys are the input's own lines;
/// nothing is iterated in hash order).
#[derive(Default)]
struct Fx(u64);

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
struct BuildFx;

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
}

impl<'a> Line<'a> {
    pub fn is_blank(&self) -> bool {
        self.trimmed.is_empty()
    }
    pub fn trimmed(&self) -> &'a str {
        self.trimmed
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
    let mut lines = Vec::new();
    let mut offset = 0;
    for (no, raw) in input.split('\n').enumerate() {
        let mut start = offset;
        offset += raw.len() + 1;
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
        lines.push(Line {
            no,
            start,
            text,
            furniture: false,
            page_break,
            trimmed: text.trim_matches(is_space),
        });
    }
    mark_furniture(&mut lines);
    lines
}

/// `- 12 -`, `— 8 —`, `—8—`, `第 3 页`, `第3页 共20页`, `— 1 7 —`, `12` (bare).
pub fn page_number_kind(s: &str) -> Option<bool> {
    let t = s.trim_matches(is_space);
    if t.is_empty() || t.chars().count() > 16 {
        return None;
    }
    let squashed: String = t.chars().filter(|c| !is_space(*c)).collect();
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

fn mark_furniture(lines: &mut [Line<'_>]) {
    // Decorated page numbers are furniture; bare numbers are, when isolated (blank lines or
    // a page break around them, or wide indentation) — a number under an amount wrapped in its
    // cell is not (the table reader re-joins those before it looks at furniture).
    let n = lines.len();
    let mut page_like = vec![false; n];
    for i in 0..n {
        match page_number_kind(lines[i].text) {
            Some(true) => page_like[i] = true,
            Some(false) => {
                let prev_blank = i == 0 || lines[i - 1].is_blank();
                let next_blank = i + 1 >= n || lines[i + 1].is_blank() || lines[i + 1].page_break;
                let indent = lines[i].text.chars().take_while(|c| is_space(*c)).count();
                if (prev_blank && next_blank) || (indent >= 12 && (prev_blank || next_blank)) {
                    page_like[i] = true;
                }
            }
            None => {}
        }
    }
    // Running heads: the same short line repeated on many pages, next to page numbers.
    let mut counts: HashMap<&str, (usize, usize), BuildFx> =
        HashMap::with_capacity_and_hasher(n / 2, BuildFx);
    // Lines that may be running heads (the test depends on the text only).
    let mut candidate = vec![false; n];
    for i in 0..n {
        let t = lines[i].trimmed();
        if han_count_capped(t, 4) < 4
            || t.chars().nth(60).is_some()
            || t.contains(['\t', '：', ':', '|'])
            || t.ends_with('表')
        {
            continue;
        }
        candidate[i] = true;
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
        let e = counts.entry(t).or_insert((0, 0));
        e.0 += 1;
        if near_page {
            e.1 += 1;
        }
    }
    for i in 0..n {
        if page_like[i] {
            lines[i].furniture = true;
            continue;
        }
        if !candidate[i] {
            continue;
        }
        let t = lines[i].trimmed();
        if let Some(&(total, near)) = counts.get(t) {
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
