//! Findings out of the page: CSV (one finding a row, UTF-8 with BOM so Excel and WPS open it
//! as UTF-8), plain text for the clipboard (like the CLI's text output). The JSON export is the
//! CLI's `ReportJson`, made with the check. Pure, tested natively.

use crate::analysis::{table_name, Checked, FindingView};
use crate::i18n::{severity, Lang};

const HEADER_ZH: [&str; 14] = [
    "级别",
    "规则",
    "行",
    "列",
    "表",
    "单元格",
    "说明",
    "说明（英文）",
    "填报数",
    "应为",
    "差额",
    "允许误差",
    "修改建议",
    "相关数字",
];
const HEADER_EN: [&str; 14] = [
    "severity",
    "rule",
    "line",
    "column",
    "table",
    "cell",
    "message_zh",
    "message_en",
    "stated",
    "expected",
    "difference",
    "allowance",
    "help",
    "related",
];

/// "-1.5", "-0.04": a plain negative decimal (safe in a spreadsheet).
fn is_negative_number(s: &str) -> bool {
    let Some(digits) = s.strip_prefix('-') else {
        return false;
    };
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let frac = parts.next();
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

fn csv_field(s: &str) -> String {
    // A leading = + - @ would be a formula in a spreadsheet: quote it and prefix a '.
    let risky = s.starts_with(['=', '+', '@']) || (s.starts_with('-') && !is_negative_number(s));
    let s = if risky {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) || risky {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn related_text(f: &FindingView) -> String {
    f.related
        .iter()
        .map(|r| match &r.value {
            Some(v) => format!("{}:{} {} = {}", r.line, r.column, r.message, v),
            None => format!("{}:{} {}", r.line, r.column, r.message),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// All findings as CSV (with a BOM), header in `lang`.
pub fn csv(checked: &Checked, lang: Lang) -> String {
    let mut out = String::from("\u{feff}");
    let header = match lang {
        Lang::Zh => HEADER_ZH,
        Lang::En => HEADER_EN,
    };
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for f in &checked.findings {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let fields = [
            f.severity.as_str().to_string(),
            f.rule.clone(),
            f.line.to_string(),
            f.column.to_string(),
            f.table.as_deref().map(table_name).unwrap_or_default(),
            opt(&f.cell),
            f.message.clone(),
            f.message_en.clone(),
            opt(&f.stated),
            opt(&f.expected),
            opt(&f.difference),
            opt(&f.allowance),
            opt(&f.help),
            related_text(f),
        ];
        let row: Vec<String> = fields.iter().map(|s| csv_field(s)).collect();
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

/// The findings as text, one block a finding, like the CLI prints them.
pub fn text(checked: &Checked, name: &str, lang: Lang) -> String {
    let mut out = String::new();
    for f in &checked.findings {
        let message = match lang {
            Lang::Zh => &f.message,
            Lang::En => &f.message_en,
        };
        out.push_str(&format!(
            "{name}:{}:{}: {}[{}]: {message}\n",
            f.line,
            f.column,
            severity(lang, f.severity),
            f.rule
        ));
        for r in &f.related {
            out.push_str(&format!(
                "  {name}:{}:{}: note: {}\n",
                r.line,
                r.column,
                r.what(lang)
            ));
        }
        if let (Some(e), Some(s)) = (&f.expected, &f.stated) {
            out.push_str(&match lang {
                Lang::Zh => format!("  = 应为 {e}，实为 {s}\n"),
                Lang::En => format!("  = expected {e}, stated {s}\n"),
            });
        }
        let help = match lang {
            Lang::Zh => f.help.as_ref(),
            Lang::En => f.help_en.as_ref().or(f.help.as_ref()),
        };
        if let Some(h) = help {
            out.push_str(&format!("  = help: {h}\n"));
        }
    }
    let c = checked.counts();
    out.push_str(&match lang {
        Lang::Zh => format!(
            "{name}: {} 个错误，{} 个警告，{} 个提示\n",
            c.error, c.warning, c.info
        ),
        Lang::En => format!(
            "{name}: {} errors, {} warnings, {} infos\n",
            c.error, c.warning, c.info
        ),
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negative_numbers_are_safe_and_formulas_are_not() {
        assert!(
            is_negative_number("-1.5") && is_negative_number("-0.04") && is_negative_number("-3")
        );
        for s in ["-", "-.5", "-1.", "-1e5", "-1+1", "-A1", "-1.2.3", "1"] {
            assert!(!is_negative_number(s), "{s}");
        }
        assert_eq!(csv_field("-0.04"), "-0.04");
        assert_eq!(csv_field("-1+1"), "\"'-1+1\"");
    }
    use crate::analysis::analyze;

    const SAMPLE: &str = include_str!("../../tests/fixtures/samples/000.txt");

    #[test]
    fn csv_has_a_row_per_finding_and_quotes_safely() {
        let c = analyze(SAMPLE);
        let out = csv(&c, Lang::Zh);
        assert!(out.starts_with("\u{feff}级别,规则,"));
        // Rows may hold quoted line breaks: count the record terminators instead.
        assert_eq!(out.matches("\r\n").count(), c.findings.len() + 1);
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=SUM(A1)"), "\"'=SUM(A1)\"");
        assert_eq!(csv_field("-0.72"), "-0.72");
        assert!(csv(&c, Lang::En).contains("severity,rule,line"));
    }

    #[test]
    fn text_ends_with_the_counts() {
        let c = analyze(SAMPLE);
        let out = text(&c, "000.txt", Lang::Zh);
        let k = c.counts();
        assert!(out.ends_with(&format!(
            "000.txt: {} 个错误，{} 个警告，{} 个提示\n",
            k.error, k.warning, k.info
        )));
        assert!(out.starts_with("000.txt:"));
    }
}
