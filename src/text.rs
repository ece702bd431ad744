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

/// Remove all whitespace.
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !is_space(*c)).collect()
}

/// Remove whitespace and fold full-width ASCII forms and brackets to one spelling, for matching
/// names: `（` → `(`, `：` → `:`, full-width digits → ASCII, curly/straight quotes removed.
pub fn fold_for_match(s: &str) -> String {
    s.chars()
        .filter(|c| !is_space(*c) && !matches!(c, '“' | '”' | '"' | '\'' | '‘' | '’' | '*' | '#'))
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '：' => ':',
            '，' => ',',
            '、' => ',',
            _ => crate::number::fold_char(c),
        })
        .collect()
}

/// Strip markdown decoration at the start/end of a line: `#`, `**`, `>`, list markers, and
/// the two trailing spaces of a markdown line break.
pub fn strip_markdown(s: &str) -> &str {
    let mut t = s.trim_matches(|c: char| is_space(c));
    loop {
        let before = t;
        t = t.trim_start_matches('#').trim_start_matches('>');
        t = t.trim_matches(|c: char| is_space(c));
        if let Some(r) = t.strip_prefix("**") {
            t = r;
        }
        if let Some(r) = t.strip_suffix("**") {
            t = r;
        }
        if let Some(r) = t.strip_prefix("- ") {
            t = r;
        }
        t = t.trim_matches(|c: char| is_space(c));
        if t == before {
            return t;
        }
    }
}

/// Count of Han characters.
pub fn han_count(s: &str) -> usize {
    s.chars().filter(|c| is_han(*c)).count()
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
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
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
    fn folding() {
        assert_eq!(
            fold_for_match("政府办公厅（室）及 相关机构事务"),
            "政府办公厅(室)及相关机构事务"
        );
        assert_eq!(fold_for_match("“三公”经费"), "三公经费");
    }
}
