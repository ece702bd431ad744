//! What must be present, and in the right place: explanations of empty tables, the required
//! narrative sections, table notes, the table of contents, stray text and the glossary.

use crate::text::Has;
pub mod detail_level_insufficient;
pub mod empty_table_unexplained;
pub mod glossary_coverage;
pub mod note_of_another_table;
pub mod section_missing;
pub mod stray_text;
pub mod toc_entry_unmatched;

use crate::model::{Document, Section, TextLine};
use crate::rules::view::label_key;

/// The narrative lines of the body (目录 entries left out).
pub(crate) fn body_lines(doc: &Document) -> impl Iterator<Item = &TextLine> {
    // The 目录 entries' lines, sorted for a binary search (a handful: cheaper than hashing).
    let mut toc: Vec<u32> = doc
        .sections
        .iter()
        .filter(|s| s.in_toc)
        .map(|s| s.location.line)
        .collect();
    toc.sort_unstable();
    doc.narrative
        .iter()
        .filter(move |l| toc.binary_search(&l.location.line).is_err())
}

/// The body's headings (目录 entries left out).
pub(crate) fn body_sections(doc: &Document) -> impl Iterator<Item = (usize, &Section)> {
    doc.sections.iter().enumerate().filter(|(_, s)| !s.in_toc)
}

/// A heading reduced for comparison: no ordinal, punctuation, spaces, year ("2022年度"),
/// department name, or parenthetical remark ("（详见表1-3）").
#[cfg(test)]
pub(crate) fn title_key(doc: &Document, title: &str) -> String {
    title_key_in(&unit_key(doc), title)
}

/// The department name as [`title_key_in`] takes it out of titles.
pub(crate) fn unit_key(doc: &Document) -> String {
    doc.unit.as_deref().map(label_key).unwrap_or_default()
}

/// [`title_key`] with the document's [`unit_key`] at hand.
pub(crate) fn title_key_in(unit: &str, title: &str) -> String {
    // Cut parentheticals, including an unclosed one at the end.
    if !title.contains(['（', '(', '）', ')']) {
        return title_key_plain(unit, title);
    }
    let mut plain = String::with_capacity(title.len());
    let mut depth = 0usize;
    for c in title.chars() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    title_key_plain(unit, &plain)
}

/// [`title_key_in`] of a title without brackets.
fn title_key_plain(unit: &str, plain: &str) -> String {
    let mut k = label_key(plain);
    // A part number ("第三部分") is compared through `Section::number`.
    if k.starts_with('第') {
        if let Some(i) = k.find("部分") {
            k.drain(..i + "部分".len());
        }
    }
    if !unit.is_empty() && k.has(unit) {
        k = k.replace(unit, "");
    }
    if !k.bytes().any(|b| b.is_ascii_digit()) {
        // No year to strip.
        return k;
    }
    strip_years(&k)
}

/// Remove "2022年度" / "2022年" / "2022" year mentions.
fn strip_years(s: &str) -> String {
    // Read by bytes: a digit is one byte and never part of another character, so a run of four
    // digit bytes is four digit characters and the text around it is cut on boundaries.
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let (mut i, mut kept) = (0, 0);
    while i < bytes.len() {
        let year = matches!(bytes.get(i), Some(b'1' | b'2'))
            && bytes
                .get(i..i + 4)
                .is_some_and(|d| d.iter().all(u8::is_ascii_digit));
        if !year {
            i += 1;
            continue;
        }
        out.push_str(&s[kept..i]);
        let mut j = i + 4;
        if s[j..].starts_with('年') {
            j += '年'.len_utf8();
            if s[j..].starts_with('度') {
                j += '度'.len_utf8();
            }
        }
        i = j;
        kept = j;
    }
    out.push_str(&s[kept..]);
    out
}

/// True when the document is a whole disclosure with a narrative (not a lone pasted table).
pub(crate) fn has_narrative(doc: &Document) -> bool {
    doc.class == crate::model::DocumentClass::Disclosure
        && body_sections(doc).count() >= 3
        && doc.narrative.len() >= 10
}

#[cfg(test)]
mod tests {
    #[test]
    fn titles_are_compared_without_years_and_remarks() {
        let doc = crate::parse("").document;
        assert_eq!(
            super::title_key(&doc, "第二部分 2022年度部门决算表"),
            "部门决算表"
        );
        assert_eq!(
            super::title_key(&doc, "（一）收支预算情况的总体说明（详见表1-3）"),
            "收支预算情况的总体说明"
        );
        assert_eq!(
            super::title_key(&doc, "二、部门决算单位构成（仅有一个单位的部门，本部分"),
            "部门决算单位构成"
        );
    }

    /// The reading by characters [`super::strip_years`] replaced.
    fn strip_years_by_chars(s: &str) -> String {
        let chars: Vec<char> = s.chars().collect();
        let mut out = String::new();
        let mut i = 0;
        while i < chars.len() {
            if i + 4 <= chars.len()
                && chars[i..i + 4].iter().all(|c| c.is_ascii_digit())
                && (chars[i] == '1' || chars[i] == '2')
            {
                let mut j = i + 4;
                if chars.get(j) == Some(&'年') {
                    j += 1;
                    if chars.get(j) == Some(&'度') {
                        j += 1;
                    }
                }
                i = j;
                continue;
            }
            out.push(chars[i]);
            i += 1;
        }
        out
    }

    #[test]
    fn years_are_stripped_as_by_characters() {
        for s in [
            "",
            "2022",
            "2022年度部门决算",
            "部门2022年决算2023",
            "12022年度3",
            "3022年1999年度",
            "202",
            "中2022年",
            "2022年度",
            "é2021😀2020年度x",
            "0123456789",
            "20222022年度年度",
        ] {
            assert_eq!(super::strip_years(s), strip_years_by_chars(s), "{s}");
        }
    }
}
