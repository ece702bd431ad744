//! Classification codes and their names: the structure of the codes in a table, the names
//! against the classification lists, the same code named alike throughout the document, and
//! the 类/款/项 names the narrative quotes.

use crate::text::Has;
pub mod hierarchy_broken;
pub mod name_inconsistent;
pub mod name_unknown;
pub mod narrative_name_mismatch;

use crate::model::{Block, Document, Row, Table};
use crate::rules::view::label_key_cow;
use std::borrow::Cow;
use std::sync::OnceLock;

/// The names accepted for each code (see `names.tsv`), sorted by code for a binary search
/// (quicker than hashing the code). Of a code listed twice the last line counts.
fn known_names() -> &'static [(&'static str, Vec<&'static str>)] {
    static NAMES: OnceLock<Vec<(&'static str, Vec<&'static str>)>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names: Vec<(&'static str, Vec<&'static str>)> = include_str!("names.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let mut f = l.split('\t');
                let code = f.next()?;
                let names = f.next()?.split('|').filter(|n| !n.is_empty()).collect();
                Some((code, names))
            })
            .collect();
        // Last line first, so that the (stable) sort and `dedup` keep it.
        names.reverse();
        names.sort_by(|a, b| a.0.cmp(b.0));
        names.dedup_by(|a, b| a.0 == b.0);
        names
    })
}

/// Where the lists cover a code: its entry's index in [`known_names`].
fn known_index(code: &str) -> Option<usize> {
    known_names().binary_search_by(|(c, _)| (*c).cmp(code)).ok()
}

/// The listed names of a code, if the lists cover it.
pub(crate) fn known(code: &str) -> Option<&'static [&'static str]> {
    known_index(code).map(|i| known_names()[i].1.as_slice())
}

/// Per entry of [`known_names`] (in its order): the [`loose_key`]s of its names, made once.
fn known_loose() -> &'static [Vec<String>] {
    static KEYS: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    KEYS.get_or_init(|| {
        known_names()
            .iter()
            .map(|(_, names)| names.iter().map(|n| loose_key(n)).collect())
            .collect()
    })
}

/// A name reduced for comparison: no code, ordinal, spaces, punctuation or brackets (their
/// content kept), full-width folded, 类/款/项 markers dropped.
pub(crate) fn name_key(name: &str) -> String {
    name_key_cow(name).into_owned()
}

/// [`name_key`], borrowed from the name when no character is dropped or folded but at its ends.
pub(crate) fn name_key_cow(name: &str) -> Cow<'_, str> {
    let k = label_key_cow(name);
    // Drop a leading code (ASCII only, so `start` is a char boundary).
    let start = k.len()
        - k.trim_start_matches(|c: char| c.is_ascii_digit() || c == '-' || c == '_')
            .len();
    let mut k = cut_cow(k, start, None);
    for marker in ["类", "款", "项"] {
        if k.ends_with(marker) && k.chars().count() > 2 {
            let cut = k.len() - marker.len();
            // Only a marker, not the end of a word ("事项", "专项").
            let before = k[..cut].chars().last();
            if before.is_some_and(|c| matches!(c, '出' | '务' | '费' | '金'))
                && name.contains(['（', '('])
            {
                k = cut_cow(k, 0, Some(cut));
            }
        }
    }
    k
}

/// `k[start..end]` (`end` the end when `None`), in place.
fn cut_cow(k: Cow<'_, str>, start: usize, end: Option<usize>) -> Cow<'_, str> {
    if start == 0 && end.is_none() {
        return k;
    }
    match k {
        Cow::Borrowed(k) => Cow::Borrowed(&k[start..end.unwrap_or(k.len())]),
        Cow::Owned(mut k) => {
            if let Some(end) = end {
                k.truncate(end);
            }
            k.drain(..start);
            Cow::Owned(k)
        }
    }
}

/// A looser key: also without a trailing 支出 and with 费用 read as 费.
pub(crate) fn loose_key(name: &str) -> String {
    loose_key_cow(name).into_owned()
}

/// [`loose_key`], borrowed from the name where it can be.
pub(crate) fn loose_key_cow(name: &str) -> Cow<'_, str> {
    let mut k = name_key_cow(name);
    if k.has("费用") {
        k = Cow::Owned(k.replace("费用", "费"));
    }
    if k.ends_with("支出") {
        let end = k.len() - "支出".len();
        k = cut_cow(k, 0, Some(end));
    }
    k
}

/// The distinct loose keys of the listed names, in a fixed order, made once.
pub(crate) fn all_listed_loose() -> &'static [String] {
    static KEYS: OnceLock<Vec<String>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys: Vec<String> = known_loose().iter().flatten().cloned().collect();
        keys.sort();
        keys.dedup();
        keys
    })
}

/// True when a printed name is one of the listed names (loosely), or a wrapped (cut) form.
/// The levels a function classification name is listed at, as a bit set: 1 = 类 (3-digit
/// code), 2 = 款 (5), 4 = 项 (7); 0 when the lists do not name it. `key` is a [`name_key`].
pub(crate) fn function_levels(key: &str) -> u8 {
    static LEVELS: OnceLock<Vec<(String, u8)>> = OnceLock::new();
    let levels = LEVELS.get_or_init(|| {
        let mut levels: Vec<(String, u8)> = Vec::new();
        for (code, names) in known_names() {
            let bit = match (code.starts_with('2'), code.len()) {
                (true, 3) => 1,
                (true, 5) => 2,
                (true, 7) => 4,
                _ => continue,
            };
            for name in names {
                levels.push((name_key(name), bit));
            }
        }
        levels.sort();
        // One entry per name, its levels or-ed together.
        let mut merged: Vec<(String, u8)> = Vec::with_capacity(levels.len());
        for (name, bit) in levels {
            match merged.last_mut() {
                Some((last, bits)) if *last == name => *bits |= bit,
                _ => merged.push((name, bit)),
            }
        }
        merged
    });
    levels
        .binary_search_by(|(name, _)| name.as_str().cmp(key))
        .map_or(0, |i| levels[i].1)
}

#[cfg(test)]
pub(crate) fn accepted(listed: &[&str], name: &str) -> bool {
    let listed: Vec<String> = listed.iter().map(|l| loose_key(l)).collect();
    accepted_key(&listed, &loose_key(name), name)
}

/// [`accepted`] with the loose keys of the listed names (`listed`) and of the name (`n`) at
/// hand.
pub(crate) fn accepted_key(listed: &[String], n: &str, name: &str) -> bool {
    if n.is_empty() {
        return true;
    }
    // Without brackets the bare name is the name itself.
    let bare = if name.contains(['（', '(', '）', ')']) {
        Some(loose_key(&strip_brackets(name)))
    } else {
        None
    };
    let bare = bare.as_deref().unwrap_or(n);
    let long = n.chars().count() >= 4;
    listed.iter().any(|l| {
        let l = l.as_str();
        // Equal, cut by a wrap, run into the next column's text, or with a remark in brackets.
        l == n
            || (long && l.starts_with(n))
            || (l.chars().count() >= 2 && n.starts_with(l))
            || l == bare
    })
}

/// True for a name worth comparing: Chinese, without template placeholders (……, XX) or
/// another code run into it (a reader artifact).
pub(crate) fn usable_name(name: &str) -> bool {
    // One pass over the bytes for ASCII letters and digits (which rules out "XX" too), "..."
    // and "…", then the characters: at least two Chinese ones (counting stops at two).
    let bytes = name.as_bytes();
    let ellipsis = "…".as_bytes();
    let mut dots = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b.is_ascii_alphanumeric() {
            return false;
        }
        dots = if b == b'.' { dots + 1 } else { 0 };
        if dots == 3 {
            return false;
        }
        if b == ellipsis[2] && bytes[..=i].ends_with(ellipsis) {
            return false;
        }
    }
    crate::text::han_count_capped(name, 2) >= 2
}

/// True when a table is classified by function or economic codes (the standard tables and
/// tables titled by a classification).
pub(crate) fn is_coded_table(table: &Table) -> bool {
    table.kind.standard_number().is_some() || table.title.has("分类") || table.title.has("科目")
}

/// The text without bracketed remarks: "资本金注入（基本建设）" → "资本金注入".
pub(crate) fn strip_brackets(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// One coded row of a table.
pub(crate) struct CodedRow<'t> {
    pub table: &'t Table,
    pub block: &'t Block,
    pub row: &'t Row,
    pub code: &'t str,
    /// The label without whitespace.
    pub name: std::borrow::Cow<'t, str>,
    /// [`usable_name`] of `name`.
    pub usable: bool,
    /// Where the lists cover the code: its entry's index in [`known_names`].
    listed: Option<usize>,
    /// The name's [`loose_key`], made on first use.
    loose: std::cell::OnceCell<Cow<'t, str>>,
}

impl<'t> CodedRow<'t> {
    /// The name's [`loose_key`].
    pub(crate) fn loose(&self) -> &str {
        self.loose.get_or_init(|| match &self.name {
            Cow::Borrowed(name) => loose_key_cow(name),
            Cow::Owned(name) => Cow::Owned(loose_key(name)),
        })
    }

    /// The listed names of the code ([`known`]), with their loose keys, if the lists cover it.
    pub(crate) fn known(&self) -> Option<(&'static [&'static str], &'static [String])> {
        let i = self.listed?;
        Some((known_names()[i].1.as_slice(), known_loose()[i].as_slice()))
    }
}

/// Every coded row of every table, with a name.
pub(crate) fn coded_rows(doc: &Document) -> Vec<CodedRow<'_>> {
    let mut out = Vec::new();
    for table in &doc.tables {
        for block in &table.blocks {
            for row in &block.rows {
                let Some(code) = &row.code else { continue };
                let name = crate::rules::view::squash_cow(&row.label);
                let code = code.digits.as_str();
                out.push(CodedRow {
                    table,
                    block,
                    row,
                    code,
                    usable: usable_name(&name),
                    name,
                    listed: known_index(code),
                    loose: std::cell::OnceCell::new(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_compared_loosely() {
        assert!(accepted(
            known("20103").unwrap(),
            "政府办公厅(室)及相关机构事务"
        ));
        assert!(accepted(known("30212").unwrap(), "因公出国（境）费"));
        assert!(accepted(known("2069999").unwrap(), "其他科学技术支出"));
        assert!(!accepted(known("2069999").unwrap(), "其他一般公共服务支出"));
        assert_eq!(name_key("科学技术支出（类）"), "科学技术支出");
        assert_eq!(name_key("2010301 行政运行"), "行政运行");
        assert!(known("9999999").is_none());
    }
}
