//! The rule ids that exist so far, with a one-line description of each.
//!
//! This is a stop-gap: the full catalogue comes later, with one file per rule whose doc comment is
//! captured into a registry (see `shared/STYLE.md`). Until then, `juesuan explain` reads this list.

/// The ids the reader itself reports, as `(id, 中文说明, English)`.
pub const PARSER_RULES: &[(&str, &str, &str)] = &[
    (
        "input.no-text",
        "没有可核对的文字：输入为空，或是扫描图片制成的 PDF（需要文字版或先做 OCR）。",
        "No text to check: the input is empty or an image-only (scanned) PDF; a text version or OCR is needed.",
    ),
    (
        "input.not-a-disclosure",
        "输入不是部门决算或部门预算公开材料：既没有相应标题，也没有公开表。",
        "The input is not a department final-accounts or budget disclosure: no such title and no standard table.",
    ),
    (
        "input.tables-missing",
        "只读到说明文字，没有找到公开表（可能在附件或图片中）；只做说明文字内部的核对。",
        "Only the narrative was found, not the tables (they may be in an attachment or images); only narrative checks run.",
    ),
    (
        "parse.ragged-row",
        "表格某一行的数值个数与表头的列数对不上，这一行无法可靠地对应到各列。",
        "A table row has a different number of amounts than the header has columns, so it cannot be matched to them reliably.",
    ),
    (
        "parse.unreadable-number",
        "金额栏里的内容读不成数字（如混入文字或多余符号），核对时按空白处理。",
        "A cell in an amount column cannot be read as a number (stray text or symbols); checks treat it as blank.",
    ),
    (
        "table.missing-standard",
        "缺少应当公开的标准表（公开01表至09表之一），或目录列出的表在正文中找不到。",
        "A standard table (one of 公开01–09表) is missing, or a table listed in the contents is not in the text.",
    ),
];

/// The description of a rule: `(id, 中文说明, English)`, or `None` for an unknown id.
pub fn describe(id: &str) -> Option<(&'static str, &'static str, &'static str)> {
    PARSER_RULES
        .iter()
        .copied()
        .find(|(rule, _, _)| *rule == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_well_formed() {
        for (i, (id, zh, en)) in PARSER_RULES.iter().enumerate() {
            assert!(
                id.split('.').count() == 2
                    && id
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c == '.' || c == '-'),
                "{id}"
            );
            assert!(!zh.is_empty() && !en.is_empty(), "{id}");
            assert!(
                PARSER_RULES[..i].iter().all(|(other, _, _)| other != id),
                "{id} twice"
            );
        }
        assert_eq!(
            describe("input.no-text").map(|d| d.0),
            Some("input.no-text")
        );
        assert_eq!(describe("no.such-rule"), None);
    }
}
