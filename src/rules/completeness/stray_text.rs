use super::body_lines;
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::rules::{Context, Sink};
use crate::source::{Location, Span};
use crate::text::Has;

declare_rule! {
    /// 正文中的残留字符：计量单位后多出的孤立数字（“其他用车0辆0；”），或夹在中文里的英文
    /// 单词（“绩效管理level不断提高”）。
    ///
    /// 这类残留多是编辑或翻译工具留下的，影响公开文件的规范性。大写缩写（PPP、GDP、OA）、
    /// 带数字的名称（PM2.5、5G）和网址不报。这是提示。
    ///
    /// 修正：删去多余的数字，把英文单词改回中文（“level”→“水平”）。
    ///
    /// Stray text in the narrative: a lone number after a measured figure (“其他用车0辆0；”) or
    /// an English word inside Chinese prose (“绩效管理level不断提高”). Upper-case acronyms,
    /// names with digits and web addresses are not reported.
    pub static STRAY_TEXT = Rule {
        id: "completeness.stray-text",
        family: Completeness,
        severity: Info,
        summary: "正文有残留字符",
        summary_en: "Stray characters in the text",
        run: Some(check),
    };
}

/// Units after which a bare number cannot follow directly.
const UNITS: &[&str] = &[
    "辆", "台", "套", "人次", "人", "个", "项", "家", "次", "名", "万元", "元", "%", "％", "批",
];

/// Lower-case words that are ordinary in Chinese documents.
const ALLOWED: &[&str] = &[
    "app", "www", "http", "https", "com", "cn", "gov", "org", "net", "html", "htm", "pdf", "doc",
    "docx", "xls", "xlsx", "wifi", "email", "mail", "ppt", "pptx", "jpg", "png", "zip",
];

/// (byte offset, byte length, text) of stray fragments in a line.
pub(crate) fn stray(line: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    // Both kinds start at an ASCII digit or lower-case letter: a line without one is walked
    // without a stop (three bytes at a time through Chinese text). Walked by bytes: digits, '.' and ASCII letters are one byte each, and an ASCII byte is
    // always a whole character (never part of another), so every position where one is seen,
    // or right after one, is a character boundary.
    let bytes = line.as_bytes();
    let n = bytes.len();
    let is_digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    let mut i = 0;
    while i < n {
        // Eight bytes none of which is ASCII (a run of Chinese text) hold neither a digit nor a
        // letter: past them at once. (The walk may then stand on the middle of a character:
        // those bytes are not ASCII either, and are passed one at a time below.)
        if let Some(chunk) = bytes
            .get(i..i + 8)
            .and_then(|c| <[u8; 8]>::try_from(c).ok())
        {
            if u64::from_le_bytes(chunk) & 0x8080_8080_8080_8080 == 0x8080_8080_8080_8080 {
                i += 8;
                continue;
            }
        }
        // The lead byte 0xE4‥0xEF of a three-byte character (most Chinese ones) is neither a
        // digit nor a letter: on to the next character.
        if (0xE4..=0xEF).contains(&bytes[i]) {
            i += 3;
            continue;
        }
        // A figure: digits (with a decimal point), then a unit, then bare digits, then punctuation.
        if is_digit(i) && (i == 0 || !is_digit(i - 1) && bytes[i - 1] != b'.') {
            let mut j = i;
            while j < n && (is_digit(j) || bytes[j] == b'.') {
                j += 1;
            }
            let rest = line.get(j..).unwrap_or("");
            if let Some(unit) = UNITS.iter().find(|u| rest.starts_with(*u)) {
                let after_unit = j + unit.len();
                let mut k = after_unit;
                while k < n && is_digit(k) {
                    k += 1;
                }
                let ends = k == n
                    || line
                        .get(k..)
                        .is_some_and(|r| r.starts_with(['；', ';', '，', ',', '。', '、']));
                if k > after_unit && ends && k - after_unit <= 3 {
                    if let Some(text) = line.get(after_unit..k) {
                        out.push((after_unit, k - after_unit, text.to_string()));
                    }
                }
            }
            i = j.max(i + 1);
            continue;
        }
        // An ASCII lower-case word between Chinese characters.
        if bytes[i].is_ascii_lowercase() && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric()) {
            let mut j = i;
            while j < n && bytes[j].is_ascii_alphabetic() {
                j += 1;
            }
            let word = line.get(i..j).unwrap_or("");
            let han_before = line
                .get(..i)
                .and_then(|b| b.chars().next_back())
                .is_some_and(crate::text::is_han);
            let han_after = line
                .get(j..)
                .and_then(|a| a.chars().next())
                .is_some_and(crate::text::is_han);
            let lower = word.chars().all(|c| c.is_ascii_lowercase());
            if han_before
                && han_after
                && lower
                && word.len() >= 3
                && !ALLOWED.contains(&word)
                && !line.has("http")
                && !line.has("www.")
            {
                out.push((i, word.len(), word.to_string()));
            }
            i = j.max(i + 1);
            continue;
        }
        // On to the next byte (the other characters are looked at one byte at a time).
        i += 1;
    }
    out
}

fn check(ctx: &Context, sink: &mut Sink) {
    for line in body_lines(ctx.doc) {
        for (off, len, text) in stray(&line.text) {
            let prefix = &line.text[..off];
            let location = Location {
                span: Span::new(
                    line.location.span.start + off,
                    line.location.span.start + off + len,
                ),
                line: line.location.line,
                column: line.location.column + prefix.chars().count() as u32,
            };
            let word = text.chars().all(|c| c.is_ascii_alphabetic());
            let (zh, en, help, help_en) = if word {
                (
                    format!("中文正文中夹有英文单词“{text}”"),
                    format!("an English word “{text}” inside Chinese text"),
                    "改为相应的中文词语（如“level”→“水平”）。",
                    "Replace it with the Chinese word (e.g. “level” → “水平”).",
                )
            } else {
                (
                    format!("计量单位后多出孤立的数字“{text}”"),
                    format!("a stray number “{text}” after a measured figure"),
                    "删去多余的数字。",
                    "Delete the extra number.",
                )
            };
            sink.push(
                Finding::new(STRAY_TEXT.id, STRAY_TEXT.severity, location, zh, en)
                    .with_help(help, help_en),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{stray, ALLOWED, UNITS};
    use crate::text::Has;

    /// The reading by characters `stray` was first written as, to compare against.
    fn stray_by_chars(line: &str) -> Vec<(usize, usize, String)> {
        let mut out = Vec::new();
        let chars: Vec<(usize, char)> = line.char_indices().collect();
        let n = chars.len();
        let is_digit = |c: char| c.is_ascii_digit();
        let mut i = 0;
        while i < n {
            if is_digit(chars[i].1)
                && (i == 0 || !is_digit(chars[i - 1].1) && chars[i - 1].1 != '.')
            {
                let mut j = i;
                while j < n && (is_digit(chars[j].1) || chars[j].1 == '.') {
                    j += 1;
                }
                let rest = &line[chars.get(j).map(|c| c.0).unwrap_or(line.len())..];
                if let Some(unit) = UNITS.iter().find(|u| rest.starts_with(*u)) {
                    let after_unit = j + unit.chars().count();
                    let mut k = after_unit;
                    while k < n && is_digit(chars[k].1) {
                        k += 1;
                    }
                    let ends =
                        k == n || matches!(chars[k].1, '；' | ';' | '，' | ',' | '。' | '、');
                    if k > after_unit && ends && k - after_unit <= 3 {
                        let start = chars[after_unit].0;
                        let end = chars.get(k).map(|c| c.0).unwrap_or(line.len());
                        out.push((start, end - start, line[start..end].to_string()));
                    }
                }
                i = j.max(i + 1);
                continue;
            }
            if chars[i].1.is_ascii_lowercase()
                && (i == 0 || !chars[i - 1].1.is_ascii_alphanumeric())
            {
                let mut j = i;
                while j < n && chars[j].1.is_ascii_alphabetic() {
                    j += 1;
                }
                let word = &line[chars[i].0..chars.get(j).map(|c| c.0).unwrap_or(line.len())];
                let han_before = i > 0 && crate::text::is_han(chars[i - 1].1);
                let han_after = j < n && crate::text::is_han(chars[j].1);
                let lower = word.chars().all(|c| c.is_ascii_lowercase());
                if han_before
                    && han_after
                    && lower
                    && word.len() >= 3
                    && !ALLOWED.contains(&word)
                    && !line.has("http")
                    && !line.has("www.")
                {
                    out.push((chars[i].0, word.len(), word.to_string()));
                }
                i = j.max(i + 1);
                continue;
            }
            i += 1;
        }
        out
    }

    #[test]
    fn the_byte_reading_agrees_with_the_character_reading() {
        let mut lines: Vec<String> = [
            "机要通信用车0辆、其他用车0辆0；单位价值50万元以上通用设备0台（套）；",
            "绩效目标得到较好实现，绩效管理level不断提高。",
            "共3.5万元12，其中2人次3。1名0",
            "abc中文def中ghi",
            "0辆1",
            "5%12；增长3％7、",
            "。a中bcd中",
            "中文中文中文😀😀xyz中def中é中文中文中文12辆3，",
            "中文中文中😀文中文abc中文中文中文ééé中ghi中文文文文文文文文文文5台1",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/samples");
        if let Ok(entries) = std::fs::read_dir(dir) {
            for e in entries.flatten() {
                if let Ok(text) = std::fs::read_to_string(e.path()) {
                    lines.extend(text.lines().map(str::to_string));
                }
            }
        }
        for line in &lines {
            assert_eq!(stray(line), stray_by_chars(line), "{line}");
        }
    }

    #[test]
    fn stray_fragments_are_found() {
        let s = stray("机要通信用车0辆、其他用车0辆0；单位价值50万元以上通用设备0台（套）；");
        assert_eq!(s.len(), 1, "{s:?}");
        assert_eq!(s[0].2, "0");
        let s = stray("绩效目标得到较好实现，绩效管理level不断提高。");
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].2, "level");
    }

    #[test]
    fn legitimate_ascii_passes() {
        for t in [
            "推进PPP项目建设，GDP增长5%。",
            "PM2.5浓度下降，5G基站建成100个。",
            "详见http://www.example.gov.cn网站。",
            "截至2022年12月31日，共有车辆3辆。",
            "支出10.5万元，占比12.3%。",
            "通过微信app办理业务。",
        ] {
            assert!(stray(t).is_empty(), "{t}: {:?}", stray(t));
        }
    }

    #[test]
    fn found_in_a_document() {
        let text = "2022年度部门决算\n\n十三、国有资产占用情况说明\n\n截至2022年12月31日，共有车辆0辆，其中其他用车0辆0；\n";
        let f = crate::rules::testing::findings_of(text, "completeness.stray-text");
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].location.line, 5);
    }
}
