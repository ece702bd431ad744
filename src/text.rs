//! Small text helpers shared by the parser and the rules.

/// CJK ideographs and CJK punctuation / full-width forms.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F   // CJK symbols and punctuation
        | 0x3400..=0x4DBF // extension A
        | 0x4E00..=0x9FFF // unified ideographs
        | 0xF900..=0xFAFF // compatibility ideographs
        | 0xFF00..=0xFFEF // full-width forms
        | 0x2014 | 0x2018 | 0x2019 | 0x201C | 0x201D | 0x2026)
}

/// CJK ideograph (a Chinese character, not punctuation).
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

/// Whitespace as found in pasted documents (includes the ideographic space and NBSP).
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}'
}

/// `s.trim()` (which is also `s.trim_matches(is_space)`: every [`is_space`] character is
/// Unicode whitespace), quicker for text that neither starts nor ends with whitespace, as
/// most cells and lines: only the bytes at both ends are looked at then.
#[inline]
pub fn trim(s: &str) -> &str {
    let b = s.as_bytes();
    let (Some(&first), Some(&last)) = (b.first(), b.last()) else {
        return s;
    };
    // Whitespace is an ASCII byte up to b' ' or a character whose lead byte is 0xC2 (U+0085,
    // U+00A0), 0xE1 (U+1680), 0xE2 (U+2000‥U+205F) or 0xE3 (U+3000); the last character is
    // one of those only if it is ASCII or one of those lead bytes is one or two bytes before
    // the end.
    let lead = |x: u8| matches!(x, 0xC2 | 0xE1 | 0xE2 | 0xE3);
    let n = b.len();
    let may_start = first <= b' ' || lead(first);
    let may_end =
        last <= b' ' || last >= 0x80 && (n >= 2 && b[n - 2] == 0xC2 || n >= 3 && lead(b[n - 3]));
    if may_start || may_end {
        s.trim()
    } else {
        s
    }
}

/// [`str::contains`] with a string needle, quicker on the short labels and keys the checker
/// looks at: for a haystack shorter than the needle plus 16 bytes the standard library calls
/// `memcmp` on every window, where this first compares the window's first and last bytes.
/// The answer is the same (a byte-substring test either way).
#[inline]
pub fn contains(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let (Some(&first), Some(&last)) = (n.first(), n.last()) else {
        return true;
    };
    if n.len() == 1 || h.len() >= n.len() + 16 {
        return haystack.contains(needle);
    }
    h.windows(n.len())
        .any(|w| w.first() == Some(&first) && w.last() == Some(&last) && w == n)
}

/// [`str::find`] with a string needle, quicker on short haystacks in the same way as
/// [`contains`]. The answer is the same: a match of a whole character sequence starts on a
/// character boundary.
#[inline]
pub fn find(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let (Some(&first), Some(&last)) = (n.first(), n.last()) else {
        return Some(0);
    };
    if n.len() == 1 || h.len() >= n.len() + 16 {
        return haystack.find(needle);
    }
    h.windows(n.len())
        .position(|w| w.first() == Some(&first) && w.last() == Some(&last) && w == n)
}

/// `s.has(needle)`: [`contains`] as a method, for `str`, `String` and references to them.
pub trait Has {
    /// The same as `self.contains(needle)` (see [`contains`]).
    fn has(&self, needle: &str) -> bool;
}

impl Has for str {
    #[inline]
    fn has(&self, needle: &str) -> bool {
        contains(self, needle)
    }
}

/// The pieces joined, in one allocation of the exact size (a `format!` of plain strings grows
/// its buffer piece by piece).
pub fn concat(pieces: &[&str]) -> String {
    let mut out = String::with_capacity(pieces.iter().map(|p| p.len()).sum());
    for p in pieces {
        out.push_str(p);
    }
    out
}

/// Remove all whitespace.
pub fn squash(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    squash_into(&mut out, s);
    out
}

/// `squash(s)` as a model string (kept inline when short).
pub fn squash_compact(s: &str) -> crate::model::CompactString {
    let mut out = crate::model::CompactString::with_capacity(s.len());
    squash_into(&mut out, s);
    out
}

/// A string that text can be appended to: `String` or the model's `CompactString`.
pub trait PushStr {
    fn push_str(&mut self, s: &str);
}

impl PushStr for String {
    #[inline]
    fn push_str(&mut self, s: &str) {
        String::push_str(self, s);
    }
}

impl PushStr for crate::model::CompactString {
    #[inline]
    fn push_str(&mut self, s: &str) {
        crate::model::CompactString::push_str(self, s);
    }
}

/// Append `s` with all whitespace removed (the same as `out.push_str(&squash(s))`).
pub fn squash_into(out: &mut impl PushStr, s: &str) {
    // Runs without whitespace are copied whole. Whitespace starts with an ASCII byte or with
    // one of the lead bytes 0xC2 (U+0085, U+00A0), 0xE1 (U+1680), 0xE2 (U+2000‥U+205F) and
    // 0xE3 (U+3000): the other bytes need no decoding. (Those lead bytes and ASCII bytes never
    // occur inside a character, so `i` is always a character boundary when they are seen.)
    let bytes = s.as_bytes();
    let (mut i, mut run) = (0, 0);
    while i < bytes.len() {
        let width = match bytes[i] {
            b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' => 1,
            0xC2 | 0xE1 | 0xE2 | 0xE3 => match s.get(i..).and_then(|t| t.chars().next()) {
                Some(c) if is_space(c) => c.len_utf8(),
                _ => 0,
            },
            _ => 0,
        };
        if width == 0 {
            // Past the rest of a character that is not whitespace (a lead byte 0xE4‥0xEF, as of
            // most Chinese characters, starts three bytes).
            i += if (0xE4..=0xEF).contains(&bytes[i]) {
                3
            } else {
                1
            };
            continue;
        }
        if let Some(kept) = s.get(run..i) {
            out.push_str(kept);
        }
        i += width;
        run = i;
    }
    if let Some(kept) = s.get(run..) {
        out.push_str(kept);
    }
}

/// The characters of `s` other than whitespace (what [`squash`] keeps), without allocating.
pub fn squashed_chars(s: &str) -> impl Iterator<Item = char> + Clone + '_ {
    s.chars().filter(|c| !is_space(*c))
}

/// `squash(s) == target`, without allocating.
pub fn squash_eq(s: &str, target: &str) -> bool {
    squashed_chars(s).eq(target.chars())
}

/// `squash(s).contains(needle)`, without allocating.
pub fn squash_contains(s: &str, needle: &str) -> bool {
    let Some(first) = needle.chars().next() else {
        return true;
    };
    // A match starts at an occurrence of the needle's first character (found by a byte
    // search); the rest of the needle must follow, whitespace skipped. (A needle holding
    // whitespace never matches, as in a squashed string.)
    s.match_indices(first).any(|(p, _)| {
        let mut probe = squashed_chars(&s[p..]);
        needle.chars().all(|n| probe.next() == Some(n))
    })
}

/// Remove whitespace and fold full-width ASCII forms and brackets to one spelling, for matching
/// names: `（` → `(`, `：` → `:`, full-width digits → ASCII, curly/straight quotes removed.
pub fn fold_for_match(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_for_match_into(&mut out, s);
    out
}

/// Append `fold_for_match(s)` to `out`.
pub fn fold_for_match_into(out: &mut String, s: &str) {
    // Every character dropped or folded is ASCII or starts with one of the lead bytes 0xC2,
    // 0xE1, 0xE2, 0xE3 (whitespace, quotes, `、`, `−`) and 0xEF (full-width forms): runs of
    // other characters (most Chinese text) are copied whole, without decoding them.
    let bytes = s.as_bytes();
    let (mut i, mut run) = (0, 0);
    while i < bytes.len() {
        let b = bytes[i];
        if !(b < 0x80 || matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF)) {
            i += utf8_width(b);
            continue;
        }
        let c = s[i..].chars().next().unwrap_or('\0');
        let kept = !is_space(c) && !matches!(c, '“' | '”' | '"' | '\'' | '‘' | '’' | '*' | '#');
        let folded = match c {
            '（' => '(',
            '）' => ')',
            '：' => ':',
            '，' => ',',
            '、' => ',',
            _ => crate::number::fold_char(c),
        };
        let width = c.len_utf8();
        if kept && folded == c {
            i += width;
            continue;
        }
        out.push_str(&s[run..i]);
        if kept {
            out.push(folded);
        }
        i += width;
        run = i;
    }
    out.push_str(&s[run..]);
}

/// Length in bytes of the UTF-8 character whose first byte is `lead`.
#[inline]
pub(crate) fn utf8_width(lead: u8) -> usize {
    match lead {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

/// Strip markdown decoration at the start/end of a line: `#`, `**`, `>`, list markers, and
/// the two trailing spaces of a markdown line break.
pub fn strip_markdown(s: &str) -> &str {
    let mut t = trim(s);
    // The markers are ASCII: the first and last bytes tell.
    let b = t.as_bytes();
    if !matches!(b.first(), Some(b'#' | b'>' | b'*' | b'-')) && b.last() != Some(&b'*') {
        // Nothing to strip (the loop below would return `t` unchanged).
        return t;
    }
    loop {
        let before = t;
        t = t.trim_start_matches('#').trim_start_matches('>');
        t = trim(t);
        if let Some(r) = t.strip_prefix("**") {
            t = r;
        }
        if let Some(r) = t.strip_suffix("**") {
            t = r;
        }
        if let Some(r) = t.strip_prefix("- ") {
            t = r;
        }
        t = trim(t);
        if t == before {
            return t;
        }
    }
}

/// Count of Han characters.
pub fn han_count(s: &str) -> usize {
    s.chars().filter(|c| is_han(*c)).count()
}

/// `han_count(s).min(cap)`, stopping at `cap`.
pub fn han_count_capped(s: &str, cap: usize) -> usize {
    s.chars().filter(|c| is_han(*c)).take(cap).count()
}

/// One of 一二三四五六七八九十 (the same as `"一二三四五六七八九十".contains(c)`, without a
/// substring search per character).
#[inline]
pub fn is_cn_digit(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
}

/// Chinese numerals 一..九十九 to a number.
pub fn chinese_numeral(s: &str) -> Option<u32> {
    fn digit(c: char) -> Option<u32> {
        Some(match c {
            '零' | '〇' => 0,
            '一' => 1,
            '二' | '两' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            _ => return None,
        })
    }
    // Every accepted spelling has at most three characters: read up to four (a fourth means
    // "too long") into an array rather than collecting a vector.
    let mut buf = ['\0'; 4];
    let mut len = 0;
    for c in s.chars() {
        if len == buf.len() {
            return None;
        }
        buf[len] = c;
        len += 1;
    }
    match &buf[..len] {
        [] => None,
        ['十'] => Some(10),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', u] => Some(digit(*t)? * 10 + digit(*u)?),
        [u] => digit(*u).filter(|d| *d > 0),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squash_removes_every_space_and_only_spaces() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let s = format!("a{c}{c}中b{c}");
            let naive: String = s.chars().filter(|c| !is_space(*c)).collect();
            assert_eq!(squash(&s), naive, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn numerals() {
        assert_eq!(chinese_numeral("十五"), Some(15));
        assert_eq!(chinese_numeral("二十六"), Some(26));
        assert_eq!(chinese_numeral("三十"), Some(30));
        assert_eq!(chinese_numeral("九"), Some(9));
        assert_eq!(chinese_numeral("零"), None);
        assert_eq!(chinese_numeral("十一二"), None);
    }

    #[test]
    fn markdown_markers() {
        assert_eq!(
            strip_markdown("## **一、收入决算情况说明**"),
            "一、收入决算情况说明"
        );
        assert_eq!(strip_markdown("公开 01 表  "), "公开 01 表");
        assert_eq!(strip_markdown("# 收入决算表"), "收入决算表");
    }

    #[test]
    fn squash_without_allocating() {
        for s in ["", "  ", "合 计", "　栏\t次 ", "a b\u{a0}c", "第 一 部 分"] {
            let mut out = String::from("x");
            squash_into(&mut out, s);
            assert_eq!(out, format!("x{}", squash(s)));
            assert!(squash_eq(s, &squash(s)));
            for needle in [
                "", "合计", "栏次", "bc", "部分", "一部", "z", " ", "a b", "b",
            ] {
                assert_eq!(
                    squash_contains(s, needle),
                    squash(s).contains(needle),
                    "{s:?} {needle:?}"
                );
            }
        }
        assert!(!squash_eq("合 计 ", "合"));
        assert!(!squash_eq("合", "合计"));
        assert_eq!(han_count_capped("一二 三四五", 3), 3);
        assert_eq!(han_count_capped("一a二", 5), 2);
    }

    #[test]
    fn contains_agrees_with_the_standard_library() {
        let hays = [
            "",
            "a",
            "合计",
            "本年收入合计",
            "一般公共预算财政拨款支出决算表（按经济分类）",
            "aaaaab",
            "其中：基本支出 项目支出 上年结转结余 年末结转和结余 ab合计",
        ];
        let needles = [
            "",
            "a",
            "b",
            "ab",
            "aab",
            "合",
            "合计",
            "计",
            "收入合计",
            "预算",
            "结转结余",
            "（按",
            "表（",
            "基本支出 项目",
            "ab合计",
            "合计合计",
        ];
        for h in hays {
            for n in needles {
                assert_eq!(contains(h, n), h.contains(n), "{h:?} {n:?}");
                assert_eq!(h.has(n), h.contains(n), "{h:?} {n:?}");
                assert_eq!(h.to_string().has(n), h.contains(n), "{h:?} {n:?}");
                assert_eq!(find(h, n), h.find(n), "{h:?} {n:?}");
            }
        }
    }

    #[test]
    fn folding() {
        for s in [
            "",
            "（一）  “三公”经费：１２．５％，－3、 a\u{3000}b\u{a0}c # *x* ‘y’ \"z\" ＋−",
            "一般公共预算财政拨款",
            "𠀀表",
        ] {
            let naive: String = s
                .chars()
                .filter(|c| {
                    !is_space(*c) && !matches!(c, '“' | '”' | '"' | '\'' | '‘' | '’' | '*' | '#')
                })
                .map(|c| match c {
                    '（' => '(',
                    '）' => ')',
                    '：' => ':',
                    '，' => ',',
                    '、' => ',',
                    _ => crate::number::fold_char(c),
                })
                .collect();
            assert_eq!(fold_for_match(s), naive, "{s:?}");
        }
        assert_eq!(
            fold_for_match("政府办公厅（室）及 相关机构事务"),
            "政府办公厅(室)及相关机构事务"
        );
        assert_eq!(fold_for_match("“三公”经费"), "三公经费");
    }
}
