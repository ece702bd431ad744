use super::{accepted_key, all_listed_loose, is_coded_table};
use crate::declare_rule;
use crate::diagnostic::{CellRef, Finding};
use crate::rules::view::{row_name, table_name};
use crate::rules::{Context, Sink};

declare_rule! {
    /// 表中科目编码的名称与政府收支分类科目不符，例如 2069999 写成“其他一般公共服务支出”。
    ///
    /// 编码与名称必须对应同一个科目（政府收支分类科目，财政部每年印发）。名称写错，读者无法
    /// 判断资金的真实用途。对照表为 2022 年部门经济分类与约 270 份 2024—2026 年公开文件中各
    /// 编码的常用名称（含换行截断和旧称）；括号全半角、空格、末尾“支出”、“费用/费”的差别不计；
    /// 对照表没有收录的编码不查。由于各年科目名称会调整，这是需要人工确认的警告。
    ///
    /// 修正：按当年政府收支分类科目改正名称或编码。
    ///
    /// A table prints a classification code with a name the classification lists do not give
    /// it (e.g. 2069999 named 其他一般公共服务支出). Bracket widths, spaces, a trailing 支出
    /// and 费用/费 are ignored; codes the lists do not cover are not checked. Names change
    /// between years, so this is a warning.
    pub static NAME_UNKNOWN = Rule {
        id: "codes.name-unknown",
        family: Codes,
        severity: Warning,
        summary: "科目名称与编码不符",
        summary_en: "A classification name does not match its code",
        run: Some(check),
    };
}

/// True when the label starts with some listed name and goes on with more text.
fn merged_label(n: &str) -> bool {
    // The listed keys are sorted: look each proper prefix of `n` up rather than every key.
    let keys = all_listed_loose();
    n.char_indices().skip(1).any(|(end, _)| {
        let l = &n[..end];
        keys.binary_search_by(|k| k.as_str().cmp(l)).is_ok()
            && l.chars().count() >= 2
            && !l.starts_with("其他")
    })
}

fn check(ctx: &Context, sink: &mut Sink) {
    let mut seen = std::collections::HashSet::new();
    for r in ctx.coded_rows() {
        let Some((listed, listed_loose)) = r.known() else {
            continue;
        };
        // A name printed as listed is accepted (its loose key is the listed name's).
        if !is_coded_table(r.table)
            || !r.usable
            || listed.contains(&r.name.as_ref())
            || accepted_key(listed_loose, r.loose(), &r.name)
        {
            continue;
        }
        // A label that runs another code's name into text of its own is the reader merging
        // side-by-side columns, not a wrong name.
        if merged_label(r.loose()) {
            continue;
        }
        // Report each (code, name) once per table.
        if !seen.insert((r.table.id.as_str(), r.code, r.name.clone())) {
            continue;
        }
        let _ = r.block;
        let tname = table_name(r.table, ctx.doc.kind);
        let location = r.row.label_location.unwrap_or_else(|| {
            r.row
                .code
                .as_ref()
                .map(|c| c.location)
                .unwrap_or(r.table.title_location)
        });
        let mut f = Finding::new(
            NAME_UNKNOWN.id,
            NAME_UNKNOWN.severity,
            location,
            format!(
                "{tname}中编码{}的名称为“{}”，分类科目中该编码为“{}”",
                r.code, r.name, listed[0]
            ),
            format!(
                "table {}: code {} is named “{}” but the classification names it “{}”",
                r.table.id, r.code, r.name, listed[0]
            ),
        )
        .in_table(r.table.id.clone())
        .with_help(
            format!(
                "核对编码{}与名称，按当年政府收支分类科目改正其一。",
                r.code
            ),
            format!(
                "Check code {} and its name, and correct one of them by the year's government revenue and expenditure classification (政府收支分类科目).",
                r.code
            ),
        );
        f.cell = Some(CellRef {
            table: r.table.id.clone(),
            row: row_name(r.row),
            column: String::new(),
        });
        sink.push(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings_of;

    const ID: &str = "codes.name-unknown";

    const TABLE: &str = "公开05表\n一般公共预算财政拨款支出决算表\n单位：万元\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n\t合计\t3.50\t\t3.50\n206\t科学技术支出\t3.50\t\t3.50\n20699\t其他科学技术支出\t3.50\t\t3.50\n2069999\t其他科学技术支出\t3.50\t\t3.50\n";

    #[test]
    fn merged_labels_are_found_by_prefix() {
        let brute = |n: &str| {
            super::all_listed_loose().iter().any(|l| {
                l.chars().count() >= 2
                    && !l.starts_with("其他")
                    && n.len() > l.len()
                    && n.starts_with(l.as_str())
            })
        };
        for n in [
            "",
            "行政运行",
            "行政运行项目支出",
            "其他科学技术支出其他",
            "一般公共服务",
            "一般公共服务支出行政运行",
            "办公费印刷费",
            "a行政运行x",
        ] {
            let k = super::super::loose_key(n);
            assert_eq!(super::merged_label(&k), brute(&k), "{n}");
        }
        assert!(super::merged_label(&super::super::loose_key(
            "一般公共服务支出行政运行"
        )));
    }

    #[test]
    fn listed_names_pass() {
        assert!(findings_of(TABLE, ID).is_empty());
    }

    #[test]
    fn a_wrong_name_is_found() {
        let text = TABLE.replace("2069999\t其他科学技术支出", "2069999\t其他一般公共服务支出");
        let f = findings_of(&text, ID);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(f[0].message.contains("2069999"));
    }
}
