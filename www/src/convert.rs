//! Turning what the user brings into the text the core reads: clipboard HTML tables (Excel, WPS,
//! web pages) into tab-separated lines, CSV into TSV, file bytes into text. Pure and tested
//! natively. HTML is only ever scanned as text here; nothing is parsed by the browser or shown
//! as markup.

/// What to do with a file, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Text,
    Csv,
    Tsv,
    /// Anything else (.xlsx, .pdf, .docx, …): not readable yet.
    Unsupported,
}

pub fn file_kind(name: &str) -> FileKind {
    match extension(name).as_str() {
        "txt" | "text" | "md" => FileKind::Text,
        "csv" => FileKind::Csv,
        "tsv" | "tab" => FileKind::Tsv,
        _ => FileKind::Unsupported,
    }
}

/// The lower-case extension without the dot ("" when none).
pub fn extension(name: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_ascii_lowercase(),
        _ => String::new(),
    }
}

/// How bytes were decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    /// Not UTF-8: the caller decodes it as GB18030 (the browser's TextDecoder can).
    NeedsGb18030,
}

/// Decode UTF-8 (BOM kept, the core handles it) or UTF-16 with a BOM.
pub fn decode(bytes: &[u8]) -> (Encoding, Option<String>) {
    if let [0xFF, 0xFE, rest @ ..] | [0xFE, 0xFF, rest @ ..] = bytes {
        let le = bytes[0] == 0xFF;
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        return (Encoding::Utf16, Some(String::from_utf16_lossy(&units)));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (Encoding::Utf8, Some(s.to_string())),
        Err(_) => (Encoding::NeedsGb18030, None),
    }
}

/// CSV (RFC 4180: quotes, doubled quotes, commas and line breaks inside quotes) to tab-separated
/// lines. Tabs and line breaks inside a cell become spaces.
pub fn csv_to_tsv(csv: &str) -> String {
    let mut out = String::with_capacity(csv.len());
    let mut quoted = false;
    let mut chars = csv.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', false) => quoted = true,
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                out.push('"');
            }
            ('"', true) => quoted = false,
            (',', false) => out.push('\t'),
            ('\t' | '\n', true) => out.push(' '),
            ('\r', true) => {}
            (c, _) => out.push(c),
        }
    }
    out
}

/// "1.5 MB", "12.0 KB", "300 B" (integer arithmetic, one decimal).
pub fn human_size(bytes: u64) -> String {
    let one = |n: u64, unit: u64, name: &str| {
        let tenths = (n * 10 + unit / 2) / unit;
        format!("{}.{} {name}", tenths / 10, tenths % 10)
    };
    if bytes >= 1024 * 1024 {
        one(bytes, 1024 * 1024, "MB")
    } else if bytes >= 1024 {
        one(bytes, 1024, "KB")
    } else {
        format!("{bytes} B")
    }
}

/// True if clipboard HTML holds a table worth converting.
pub fn has_table(html: &str) -> bool {
    html.to_ascii_lowercase().contains("<table")
}

/// Clipboard HTML to text: each table row becomes one line with cells separated by tabs; text
/// outside tables keeps its paragraphs. Returns the text and the number of tables.
pub fn html_to_text(html: &str) -> (String, usize) {
    let mut out = String::new();
    let mut tables = 0;
    let mut depth = 0usize; // table nesting
    let mut cell_open = false;
    let mut first_cell = true;
    let mut pending_tabs = 0usize;
    let mut skip: Option<String> = None; // inside <style>, <script>, <head>…
    let mut rest = html;
    let mut text = String::new();

    let flush = |text: &mut String, out: &mut String, in_table: bool| {
        let decoded = decode_entities(text);
        let collapsed = collapse(&decoded);
        if !collapsed.is_empty() {
            if !in_table && !out.is_empty() && !out.ends_with('\n') && !out.ends_with(' ') {
                out.push(' ');
            }
            out.push_str(&collapsed);
        }
        text.clear();
    };

    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            if skip.is_none() {
                text.push_str(rest);
            }
            break;
        };
        if skip.is_none() {
            text.push_str(&rest[..lt]);
        }
        rest = &rest[lt..];
        // Comments and conditional comments (Excel's <!--[if …]>).
        if rest.starts_with("<!--") {
            rest = rest.find("-->").map(|i| &rest[i + 3..]).unwrap_or("");
            continue;
        }
        let Some(gt) = rest.find('>') else {
            break;
        };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if let Some(s) = &skip {
            if closing && *s == name {
                skip = None;
            }
            continue;
        }
        if !closing && matches!(name.as_str(), "style" | "script" | "head" | "title") {
            text.clear();
            skip = Some(name);
            continue;
        }
        let in_table = depth > 0;
        match (name.as_str(), closing) {
            ("table", false) => {
                flush(&mut text, &mut out, in_table);
                if depth == 0 {
                    tables += 1;
                    end_line(&mut out);
                }
                depth += 1;
            }
            ("table", true) => {
                flush(&mut text, &mut out, in_table);
                depth = depth.saturating_sub(1);
                end_line(&mut out);
            }
            ("tr", false) if in_table => {
                flush(&mut text, &mut out, in_table);
                end_line(&mut out);
                first_cell = true;
            }
            ("tr", true) if in_table => {
                flush(&mut text, &mut out, in_table);
                end_line(&mut out);
            }
            ("td" | "th", false) if in_table => {
                text.clear();
                if !first_cell {
                    out.push('\t');
                }
                first_cell = false;
                cell_open = true;
                // colspan: keep the grid with empty cells after this one.
                pending_tabs = attr(tag, "colspan")
                    .and_then(|v| v.parse::<usize>().ok())
                    .map_or(0, |n| n.clamp(1, 64) - 1);
            }
            ("td" | "th", true) if in_table && cell_open => {
                let cell = collapse(&decode_entities(&text));
                out.push_str(&cell.replace('\t', " "));
                text.clear();
                cell_open = false;
                for _ in 0..std::mem::take(&mut pending_tabs) {
                    out.push('\t');
                }
            }
            ("br", _) if cell_open => text.push(' '),
            ("br", _) | ("p" | "div" | "li" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6", _)
                if !in_table =>
            {
                flush(&mut text, &mut out, in_table);
                end_line(&mut out);
            }
            _ => {}
        }
    }
    flush(&mut text, &mut out, depth > 0);
    let mut lines: Vec<&str> = out.lines().map(str::trim_end).collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    let mut s = lines.join("\n");
    if !s.is_empty() {
        s.push('\n');
    }
    (s, tables)
}

fn end_line(out: &mut String) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

/// The value of attribute `name` in a tag's text (`td colspan="2" class=x`).
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let lower = tag.to_ascii_lowercase();
    let at = lower.find(&format!("{name}="))?;
    let v = &tag[at + name.len() + 1..];
    let v = v.trim_start_matches(['"', '\'']);
    let end = v.find(['"', '\'', ' ', '>']).unwrap_or(v.len());
    Some(&v[..end])
}

/// Whitespace (including &nbsp; and ideographic space kept as is) collapsed to single spaces.
fn collapse(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() && c != '\u{3000}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The common named entities and numeric references.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // `;` within the next 12 bytes (an ASCII byte: its index is a char boundary).
        let Some(semi) = rest.as_bytes()[..rest.len().min(12)]
            .iter()
            .position(|&b| b == b';')
        else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..semi];
        let ch = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            _ if name.starts_with("#x") || name.starts_with("#X") => {
                u32::from_str_radix(&name[2..], 16)
                    .ok()
                    .and_then(char::from_u32)
            }
            _ if name.starts_with('#') => name[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Whatever the clipboard holds, reading it never panics (a panic would lose the
        /// user's paste) and a table's text comes back.
        #[test]
        fn clipboard_html_never_panics(s in "(<table>|<tr>|<td>|</td>|&lt;|&#x4e00;|&#;|&|;|一|、|<|>|\"|'|=| |x|1)*") {
            let _ = html_to_text(&s);
            let _ = decode_entities(&s);
            let _ = attr(&s, "colspan");
        }
    }

    #[test]
    fn sizes_read_like_a_file_manager() {
        assert_eq!(human_size(300), "300 B");
        assert_eq!(human_size(12 * 1024), "12.0 KB");
        assert_eq!(human_size(1536 * 1024), "1.5 MB");
        assert_eq!(human_size(10_242_999), "9.8 MB");
    }

    #[test]
    fn entities_next_to_chinese_text() {
        // Found by the e2e test: a `&` followed by multi-byte text within 12 bytes.
        assert_eq!(decode_entities("&lt;/svg>\n一、收入"), "</svg>\n一、收入");
        assert_eq!(decode_entities("a & 一二三四五"), "a & 一二三四五");
        assert_eq!(decode_entities("&#x4e00;&#19968;"), "一一");
    }

    #[test]
    fn excel_clipboard_html_becomes_tab_separated_rows() {
        let html = r#"<html><head><style>td {mso-number-format:"\@";}</style></head><body>
<!--StartFragment--><table border=0>
 <tr height=18><td class=xl65>科目名称</td><td>决算数</td></tr>
 <tr><td>一般公共服务支出</td><td align=right>1,234.50</td></tr>
 <tr><td>合&nbsp;计</td><td>&#49;2.00</td></tr>
</table><!--EndFragment--></body></html>"#;
        let (text, n) = html_to_text(html);
        assert_eq!(n, 1);
        assert_eq!(
            text,
            "科目名称\t决算数\n一般公共服务支出\t1,234.50\n合 计\t12.00\n"
        );
    }

    #[test]
    fn text_around_tables_is_kept_and_colspan_keeps_the_grid() {
        let html = "<p>公开05表</p><p>单位：万元</p><table><tr><th colspan=2>项目</th><th>合计</th></tr>\
                    <tr><td>201</td><td>一般公共服务</td><td>3.00</td></tr></table><div>注：无</div>";
        let (text, n) = html_to_text(html);
        assert_eq!(n, 1);
        assert_eq!(
            text,
            "公开05表\n单位：万元\n项目\t\t合计\n201\t一般公共服务\t3.00\n注：无\n"
        );
    }

    #[test]
    fn markup_in_cells_is_text_never_html() {
        let (text, _) =
            html_to_text("<table><tr><td>&lt;script&gt;alert(1)&lt;/script&gt;</td></tr></table>");
        assert_eq!(text, "<script>alert(1)</script>\n");
        let (text, n) = html_to_text("<script>alert(1)</script>plain");
        assert_eq!((text.as_str(), n), ("plain\n", 0));
        assert!(!has_table("<p>no</p>"));
        assert!(has_table("<TABLE>"));
    }

    #[test]
    fn csv_quotes_and_commas() {
        assert_eq!(
            csv_to_tsv("科目,金额\r\n\"合计\",\"1,234.50\"\n\"说\"\"明\",\"a\nb\"\n"),
            "科目\t金额\r\n合计\t1,234.50\n说\"明\ta b\n"
        );
    }

    #[test]
    fn file_kinds_and_decoding() {
        assert_eq!(file_kind("2022决算.TXT"), FileKind::Text);
        assert_eq!(file_kind("a.csv"), FileKind::Csv);
        assert_eq!(file_kind("a.tsv"), FileKind::Tsv);
        assert_eq!(file_kind("a.xlsx"), FileKind::Unsupported);
        assert_eq!(file_kind("README"), FileKind::Unsupported);
        assert_eq!(extension(".bashrc"), "");
        assert_eq!(
            decode("合计".as_bytes()),
            (Encoding::Utf8, Some("合计".into()))
        );
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "合计".encode_utf16() {
            utf16.extend(u.to_le_bytes());
        }
        assert_eq!(decode(&utf16), (Encoding::Utf16, Some("合计".into())));
        // 合计 in GBK
        assert_eq!(decode(&[0xBA, 0xCF, 0xBC, 0xC6]).0, Encoding::NeedsGb18030);
    }
}
