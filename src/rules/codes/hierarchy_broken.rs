use crate::declare_rule;
use crate::diagnostic::{CellRef, Finding, Label, Severity};
use crate::model::{Row, Table};
use crate::rules::view::{row_name, table_name};
use crate::rules::{Context, Sink};

declare_rule! {
    /// 科目编码的层级不对：款（5 位）或项（7 位）印在了不属于它的上级科目之下，或表中列出了
    /// 类、款层级却缺少其上级科目。
    ///
    /// 功能分类 2010301 属于款 20103、类 201；经济分类 30101 属于类 302 以外的 301。编码的前缀
    /// 就是上级科目。表格按层级逐行列示，项印在别的款下面，说明编码或行序有误，上级科目的小计也
    /// 随之对不上。只检查印出了上级层级的表（只列项级的表不查）；分栏印刷的表在续栏开头缺上级
    /// 行不报。
    ///
    /// 例：201 一般公共服务支出、20103 政府办公厅（室）及相关机构事务之后紧接 2019999 其他一般
    /// 公共服务支出（应在 20199 之下）。修正：补上上级科目行或改正编码。
    ///
    /// A classification code sits under a parent it does not belong to (a 7-digit 项 under
    /// another 5-digit 款, a 款 under another 类), or a table that prints parent levels lacks a
    /// row's parent. Only tables that print parent levels are checked.
    pub static HIERARCHY_BROKEN = Rule {
        id: "codes.hierarchy-broken",
        family: Codes,
        severity: Error,
        summary: "科目编码层级错乱",
        summary_en: "A classification code is under the wrong parent",
        run: Some(check),
    };
}

fn parent_len(len: usize) -> Option<usize> {
    match len {
        5 => Some(3),
        7 => Some(5),
        _ => None,
    }
}

fn check(ctx: &Context, sink: &mut Sink) {
    for table in ctx.doc.tables.iter().filter(|t| super::is_coded_table(t)) {
        // Codes printed anywhere in the table (multi-column blocks continue each other).
        // Sorted for a binary search (membership only: cheaper than hashing).
        let mut codes: Vec<&str> = table
            .rows()
            .filter_map(|r| r.code.as_ref().map(|c| c.digits.as_str()))
            .collect();
        codes.sort_unstable();
        codes.dedup();
        let mut lengths: Vec<usize> = codes.iter().map(|c| c.len()).collect();
        lengths.sort_unstable();
        lengths.dedup();
        for block in &table.blocks {
            for (i, row) in block.rows.iter().enumerate() {
                let Some(code) = &row.code else { continue };
                let digits = code.digits.as_str();
                let Some(plen) = parent_len(digits.len()) else {
                    continue;
                };
                if lengths.binary_search(&plen).is_err() {
                    continue;
                }
                let Some(prefix) = digits.get(..plen) else {
                    continue;
                };
                // The nearest row above at the parent's level, in this block.
                let above = block.rows[..i]
                    .iter()
                    .rev()
                    .filter_map(|r| r.code.as_ref().map(|c| (r, c.digits.as_str())))
                    .find(|(_, c)| c.len() <= plen);
                if codes.binary_search(&prefix).is_err() {
                    // The parent may sit on the previous column block or page; economic tables
                    // are printed in side-by-side column groups the reader may merge.
                    if above.is_none() && table.blocks.len() > 1 || !digits.starts_with('2') {
                        continue;
                    }
                    sink.push(finding(ctx, table, row, prefix, None, Severity::Warning));
                    continue;
                }
                if let Some((parent_row, parent)) = above {
                    if parent.len() == plen && parent != prefix {
                        sink.push(finding(
                            ctx,
                            table,
                            row,
                            prefix,
                            Some(parent_row),
                            Severity::Error,
                        ));
                    }
                }
            }
        }
    }
}

fn finding(
    ctx: &Context,
    table: &Table,
    row: &Row,
    prefix: &str,
    under: Option<&Row>,
    severity: Severity,
) -> Finding {
    let tname = table_name(table, ctx.doc.kind);
    let rname = row_name(row);
    let location = row
        .code
        .as_ref()
        .map(|c| c.location)
        .or(row.label_location)
        .unwrap_or(table.title_location);
    let (zh, en, help, help_en) = match under {
        Some(p) => (
            format!(
                "{tname}中{rname}列在{}之下，但其上级科目应为{prefix}",
                row_name(p)
            ),
            format!(
                "table {}: {rname} is printed under {} but its parent is {prefix}",
                table.id,
                row_name(p)
            ),
            format!("把本行移到{prefix}之下，或改正编码。"),
            format!("Move this row under {prefix}, or correct the code."),
        ),
        None => (
            format!("{tname}中{rname}的上级科目{prefix}没有列出"),
            format!(
                "table {}: the parent {prefix} of {rname} is not listed",
                table.id
            ),
            format!("补列上级科目{prefix}及其小计，或改正编码。"),
            format!("Add the parent {prefix} with its subtotal, or correct the code."),
        ),
    };
    let mut f = Finding::new(HIERARCHY_BROKEN.id, severity, location, zh, en)
        .in_table(table.id.clone())
        .with_help(help, help_en);
    f.cell = Some(CellRef {
        table: table.id.clone(),
        row: rname,
        column: String::new(),
    });
    if let Some(p) = under {
        if let Some(l) = p.code.as_ref().map(|c| c.location) {
            f = f.with_related(Label::new(
                l,
                "所在的上级科目",
                "the parent row it is listed under",
            ));
        }
    }
    f
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings_of;

    const ID: &str = "codes.hierarchy-broken";

    const TABLE: &str = "公开05表\n一般公共预算财政拨款支出决算表\n单位：万元\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n\t合计\t105.80\t100.41\t5.39\n201\t一般公共服务支出\t102.30\t100.41\t1.89\n20103\t政府办公厅（室）及相关机构事务\t100.41\t100.41\t\n2010301\t行政运行\t100.41\t100.41\t\n20199\t其他一般公共服务支出\t1.89\t\t1.89\n2019999\t其他一般公共服务支出\t1.89\t\t1.89\n206\t科学技术支出\t3.50\t\t3.50\n20699\t其他科学技术支出\t3.50\t\t3.50\n2069999\t其他科学技术支出\t3.50\t\t3.50\n";

    #[test]
    fn a_proper_hierarchy_passes() {
        assert!(findings_of(TABLE, ID).is_empty());
    }

    #[test]
    fn an_item_under_the_wrong_parent_is_found() {
        let text = TABLE.replace(
            "20199\t其他一般公共服务支出\t1.89\t\t1.89\n2019999",
            "2069999",
        );
        let text = text.replacen(
            "2069999\t其他一般公共服务支出",
            "2069999\t其他科学技术支出",
            1,
        );
        let f = findings_of(&text, ID);
        assert!(!f.is_empty(), "{f:#?}");
        assert!(
            f.iter().any(|f| f.severity == crate::Severity::Error),
            "{f:#?}"
        );
    }

    #[test]
    fn a_missing_parent_is_found() {
        let text = TABLE.replace("20199\t其他一般公共服务支出\t1.89\t\t1.89\n", "");
        let f = findings_of(&text, ID);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(f[0].message.contains("20199"));
    }
}
