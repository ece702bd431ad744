//! Findings the reader itself reports while turning text into the document model. They are
//! declared here so that `juesuan explain` and `docs/rules.md` cover them like every other rule.

use crate::declare_rule;

declare_rule! {
    /// 没有可核对的文字。输入为空，或只含空白、页码，常见于扫描图片制成的 PDF：复制出来的
    /// 只有零星字符。需要文字版文件，或先做文字识别（OCR）。
    ///
    /// There is no text to check: the input is empty or holds only blanks and page numbers,
    /// which is what copying from an image-only (scanned) PDF gives. A text version, or OCR, is
    /// needed.
    pub static INPUT_NO_TEXT = Rule {
        id: "input.no-text",
        family: Input,
        severity: Error,
        summary: "没有可核对的文字（空白或扫描件）",
        summary_en: "No text to check (empty or a scanned PDF)",
        run: None,
    };
}

declare_rule! {
    /// 输入不是部门决算或部门预算公开材料：既没有“部门决算/部门预算”之类的标题，也没有
    /// 任何一张公开表。核对不进行。
    ///
    /// The input is not a department final-accounts or budget disclosure: it has no such title
    /// and none of the standard tables, so nothing is checked.
    pub static INPUT_NOT_A_DISCLOSURE = Rule {
        id: "input.not-a-disclosure",
        family: Input,
        severity: Error,
        summary: "输入不是部门决算或部门预算公开材料",
        summary_en: "The input is not a department final-accounts or budget disclosure",
        run: None,
    };
}

declare_rule! {
    /// 只读到了说明文字，没有找到公开表：表格可能在附件、图片或另一个文件里。说明文字内部
    /// 能核对的（百分比、增减额与增减率、政府采购分项之和等）照常核对；需要表格数字的核对
    /// 不进行。
    ///
    /// Only the narrative was found, not the tables (they may be in an attachment, in images or
    /// in another file). Checks within the narrative still run; checks that need the tables do
    /// not.
    pub static INPUT_TABLES_MISSING = Rule {
        id: "input.tables-missing",
        family: Input,
        severity: Warning,
        summary: "只有说明文字，没有公开表",
        summary_en: "Only the narrative, no tables",
        run: None,
    };
}

declare_rule! {
    /// 表格某一行的数值个数多于表头的列数，这一行无法可靠地对应到各列。常见原因：粘贴时
    /// 单元格里的数字被拆开、合并单元格错位。该行不参与按列的核对。
    ///
    /// A table row has more amounts than the header has columns, so it cannot be matched to
    /// the columns reliably (a number split while pasting, merged cells shifted). The row is
    /// left out of column checks.
    pub static PARSE_RAGGED_ROW = Rule {
        id: "parse.ragged-row",
        family: Input,
        severity: Warning,
        summary: "行的数值个数与表头列数不符",
        summary_en: "A row's amounts do not match the header's columns",
        run: None,
    };
}

declare_rule! {
    /// 金额栏里的内容读不成数字（混入文字、多余的符号或分隔符，如 `1,2` 或 `12..5`），
    /// 核对时按空白处理。请核对原表该单元格。
    ///
    /// A cell in an amount column cannot be read as a number (stray text, symbols or badly
    /// placed separators such as `1,2` or `12..5`); checks treat it as blank.
    pub static PARSE_UNREADABLE_NUMBER = Rule {
        id: "parse.unreadable-number",
        family: Input,
        severity: Warning,
        summary: "金额读不成数字",
        summary_en: "An amount cannot be read as a number",
        run: None,
    };
}

declare_rule! {
    /// 缺少应当公开的标准表（公开01表至09表之一），或目录列出的表在正文中找不到。
    /// 没有数据的表也应公开为空表并加以说明（《地方预决算公开操作规程》）；地区增加的表
    /// 不算问题。
    ///
    /// A standard table (one of 公开01–09表) is missing, or a table listed in the contents is
    /// not in the text. Tables without data must still be published, empty and explained;
    /// extra regional tables are fine.
    pub static TABLE_MISSING_STANDARD = Rule {
        id: "table.missing-standard",
        family: Completeness,
        severity: Warning,
        summary: "缺少标准公开表",
        summary_en: "A standard table is missing",
        run: None,
    };
}
