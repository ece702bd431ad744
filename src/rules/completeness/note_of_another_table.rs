use crate::declare_rule;
use crate::diagnostic::{Finding, Label};
use crate::model::TableKind;
use crate::rules::view::table_name;
use crate::rules::{Context, Sink};
use crate::text::Has;

declare_rule! {
    /// 表注写的是另一张表的内容，例如公开05表（一般公共预算财政拨款支出决算表）下注“本表反映
    /// 部门本年度一般公共预算财政拨款基本支出明细情况”——那是公开06表的表注。
    ///
    /// 表注说明该表的口径，抄错表注会误导读者：05表按功能分类反映基本支出和项目支出，06表才是
    /// 基本支出的经济分类明细。只检查“本表反映……”式的标准表注，并且只在表注明确指向另一张
    /// 标准表（基本支出、“三公”经费、政府性基金、国有资本经营、一般公共预算）时报告。
    ///
    /// 修正：改为本表的标准表注，如05表“本表反映部门本年度一般公共预算财政拨款实际支出情况”。
    ///
    /// A table's note describes another table: e.g. table 05 carries 06's note “本表反映部门本年度
    /// 一般公共预算财政拨款基本支出明细情况”. Only standard “本表反映…” notes that clearly name
    /// another standard table are reported. Replace the note with the table's own.
    pub static NOTE_OF_ANOTHER_TABLE = Rule {
        id: "completeness.note-of-another-table",
        family: Completeness,
        severity: Error,
        summary: "表注属于另一张表",
        summary_en: "A table note belongs to another table",
        run: Some(check),
    };
}

/// The standard table a "本表反映…" note describes, when it names one clearly.
pub(crate) fn described(note: &str) -> Option<TableKind> {
    let t = crate::text::squash(note);
    let start = t.find("本表反映")?;
    let rest = &t[start..];
    let sentence = rest.split(['。', '；', ';']).next().unwrap_or(rest);
    let has = |w: &str| sentence.has(w);
    Some(if has("三公") {
        TableKind::ThreePublicExpenses
    } else if has("基本支出") && !has("项目支出") {
        TableKind::GeneralBudgetBasicExpenditure
    } else if has("政府性基金") && !has("国有资本") && !has("一般公共预算") {
        TableKind::GovernmentFund
    } else if has("国有资本经营") && !has("政府性基金") && !has("一般公共预算") {
        TableKind::StateCapital
    } else if has("一般公共预算") && !has("政府性基金") && !has("国有资本") {
        TableKind::GeneralBudgetExpenditure
    } else {
        return None;
    })
}

fn check(ctx: &Context, sink: &mut Sink) {
    for table in &ctx.doc.tables {
        if table.kind.standard_number().is_none() {
            continue;
        }
        for note in &table.notes {
            let Some(kind) = described(&note.text) else {
                continue;
            };
            if kind == table.kind {
                continue;
            }
            // 05 and 06 of budgets are sometimes one economic table; only a note naming a
            // table of its own kind elsewhere in the document is clearly misplaced.
            let other = ctx.view.standard(kind);
            let own = table_name(table, ctx.doc.kind);
            let other_name = other
                .map(|t| table_name(t, ctx.doc.kind))
                .unwrap_or_else(|| kind.standard_name(ctx.doc.kind).to_string());
            let sentence = crate::text::squash(&note.text);
            let mut f = Finding::new(
                NOTE_OF_ANOTHER_TABLE.id,
                NOTE_OF_ANOTHER_TABLE.severity,
                note.location,
                format!("{own}的表注“{sentence}”说的是{other_name}的内容"),
                format!(
                    "the note of table {} (“{sentence}”) describes {other_name}",
                    table.id
                ),
            )
            .in_table(table.id.clone())
            .with_help(
                format!(
                    "改为{own}自己的表注（说明{}的口径）。",
                    table.kind.standard_name(ctx.doc.kind)
                ),
                format!(
                    "Replace it with table {}'s own note (explaining the scope of {}).",
                    table.id,
                    table.kind.standard_name(ctx.doc.kind)
                ),
            );
            if let Some(o) = other {
                if let Some(n) = o.notes.first() {
                    f = f.with_related(Label::new(
                        n.location,
                        format!("{other_name}的表注"),
                        format!("the note of table {}", o.id),
                    ));
                }
            }
            sink.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings_of;

    const ID: &str = "completeness.note-of-another-table";

    const T05: &str = "公开05表\n一般公共预算财政拨款支出决算表\n单位：万元\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n\t合计\t10.00\t8.00\t2.00\n201\t一般公共服务支出\t10.00\t8.00\t2.00\n";

    #[test]
    fn the_tables_own_note_passes() {
        let t = format!("{T05}注：本表反映部门本年度一般公共预算财政拨款实际支出情况。\n");
        assert!(findings_of(&t, ID).is_empty());
    }

    #[test]
    fn the_note_of_table_06_under_05_is_found() {
        let t = format!("{T05}注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。\n");
        let f = findings_of(&t, ID);
        assert_eq!(f.len(), 1, "{f:#?}");
    }

    #[test]
    fn notes_are_classified() {
        use crate::model::TableKind::*;
        assert_eq!(
            super::described("注：本表反映部门本年度“三公”经费支出预决算情况。"),
            Some(ThreePublicExpenses)
        );
        assert_eq!(
            super::described("注：本表反映部门本年度财政拨款总收支和结转结余情况。"),
            None
        );
        assert_eq!(super::described("注：本表反映部门本年度一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款的总收支"), None);
    }
}
