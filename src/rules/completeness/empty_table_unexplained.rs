use super::{body_lines, has_narrative};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::model::{Table, TableKind};
use crate::rules::view::table_name;
use crate::rules::{Context, Sink};
use crate::text::Has;

declare_rule! {
    /// 空表（政府性基金表、国有资本经营表没有数据，或“三公”经费表全为 0）没有说明原因。
    ///
    /// 没有数据的表也要公开，并在表下或说明的相应部分写明原因，例如“本单位没有政府性基金收入，
    /// 也没有使用政府性基金安排的支出，故本表无数据”。财政检查把“空表未作说明”列为问题。
    /// 表注或正文任何一处有否定说明（没有/无/未使用/不涉及/本表无数据/为0 万元）即不报。
    ///
    /// 例：公开09表只有空的合计行，表下与说明“九、国有资本经营预算支出决算情况”都没有提到。
    /// 修正：在表下注明“本单位没有国有资本经营预算财政拨款支出，故本表无数据”。
    ///
    /// An empty table (government-fund or state-capital table without data, or a 三公 table of
    /// zeros) is not explained. Write under the table or in the narrative why it is empty, e.g.
    /// “本单位没有政府性基金收支，故本表无数据”. Any negation in a note or the narrative counts.
    pub static EMPTY_TABLE_UNEXPLAINED = Rule {
        id: "completeness.empty-table-unexplained",
        family: Completeness,
        severity: Warning,
        summary: "空表未说明原因",
        summary_en: "An empty table is not explained",
        run: Some(check),
    };
}

/// The subject words of an empty table.
fn topic(kind: TableKind) -> Option<&'static [&'static str]> {
    Some(match kind {
        TableKind::GovernmentFund => &["政府性基金"],
        TableKind::StateCapital => &["国有资本经营"],
        TableKind::ThreePublicExpenses => &["三公"],
        _ => return None,
    })
}

/// True when a text says there is nothing of `topic`.
pub(crate) fn explains(text: &str, topics: &[&str]) -> bool {
    let t = crate::rules::view::squash_cow(text);
    if t.has("本表无数据") || t.has("此表无数据") || t.has("为空表") || t.has("本表为空")
    {
        return true;
    }
    // The text's characters, read when a topic is found.
    let mut chars: Vec<char> = Vec::new();
    for topic in topics {
        let Some(at) = t.find(topic) else { continue };
        if chars.is_empty() {
            chars.extend(t.chars());
        }
        let at_char = t[..at].chars().count();
        if [
            "没有",
            "未使用",
            "未安排",
            "未发生",
            "不涉及",
            "无数据",
            "空表",
            "均为0",
            "均为零",
            "为零",
        ]
        .iter()
        .any(|w| t.has(w))
        {
            return true;
        }
        // "无…政府性基金" within a clause before the topic.
        let from = at_char.saturating_sub(12);
        let before: String = chars[from..at_char].iter().collect();
        if let Some(p) = before.rfind('无') {
            if !before[p..].contains(['，', '。', '；']) && !before[p..].starts_with("无锡") {
                return true;
            }
        }
        // "…三公经费…0万元" / "为0".
        let after: String = chars[at_char..chars.len().min(at_char + 40)]
            .iter()
            .collect();
        for zero in ["为0", "0万元", "0.00万元", "0元", "0.00元"] {
            if let Some(p) = after.find(zero) {
                let prev = after[..p].chars().last();
                if !prev.is_some_and(|c| c.is_ascii_digit() || c == '.') {
                    return true;
                }
            }
        }
    }
    false
}

fn all_zero(table: &Table) -> bool {
    table.rows().all(|r| r.is_empty())
}

fn check(ctx: &Context, sink: &mut Sink) {
    let doc = ctx.doc;
    if !has_narrative(doc) {
        return;
    }
    for kind in [
        TableKind::GovernmentFund,
        TableKind::StateCapital,
        TableKind::ThreePublicExpenses,
    ] {
        let Some(table) = ctx.view.standard(kind) else {
            continue;
        };
        let Some(topics) = topic(kind) else { continue };
        if !all_zero(table) {
            continue;
        }
        // A 三公 table of zeros is only suspicious when it prints its zeros (an empty paste is
        // the reader's business).
        if kind == TableKind::ThreePublicExpenses
            && !table
                .rows()
                .any(|r| r.cells.iter().any(|c| c.number.is_some()))
        {
            continue;
        }
        let explained = table.notes.iter().any(|n| explains(&n.text, topics))
            || body_lines(doc).any(|l| explains(&l.text, topics));
        if explained {
            continue;
        }
        let name = table_name(table, doc.kind);
        let f = Finding::new(
            EMPTY_TABLE_UNEXPLAINED.id,
            EMPTY_TABLE_UNEXPLAINED.severity,
            table.title_location,
            format!("{name}没有数据，但表下和说明中都没有说明原因"),
            format!(
                "table {} ({}) has no data and neither a note nor the narrative says why",
                table.id, table.title
            ),
        )
        .in_table(table.id.clone())
        .with_help(
            format!(
                "在表下注明原因，如“本单位没有{}…，故本表无数据”，并在说明的相应部分写明。",
                topics[0]
            ),
            format!(
                "Give the reason in a note under the table, e.g. “本单位没有{}…，故本表无数据” (the unit has no … so the table is empty), and say so in the matching part of the narrative.",
                topics[0]
            ),
        );
        sink.push(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings_of;

    const ID: &str = "completeness.empty-table-unexplained";

    fn doc(note: &str, narrative: &str) -> String {
        let mut s =
            String::from("2022年度某某单位部门决算\n\n第三部分 2022年度部门决算情况说明\n\n");
        for (i, n) in ["一", "二", "三", "四", "五", "六", "七", "八"]
            .iter()
            .enumerate()
        {
            s.push_str(&format!(
                "{n}、情况说明{i}\n\n本单位2022年度支出{i}万元，主要用于日常运转。\n\n"
            ));
        }
        s.push_str(narrative);
        s.push_str("\n\n公开09表\n国有资本经营预算财政拨款支出决算表\n单位：万元\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n\t合计\t\t\t\n");
        s.push_str(note);
        s.push('\n');
        s
    }

    #[test]
    fn an_explained_empty_table_passes() {
        let t = doc(
            "注：本单位没有国有资本经营预算财政拨款支出，故本表无数据。",
            "",
        );
        assert!(findings_of(&t, ID).is_empty(), "{:#?}", findings_of(&t, ID));
        let t = doc(
            "注：本表反映部门本年度国有资本经营预算财政拨款支出情况。",
            "九、国有资本经营预算支出决算情况\n\n2022年度本单位无国有资本经营预算财政拨款支出。",
        );
        assert!(findings_of(&t, ID).is_empty());
    }

    #[test]
    fn an_unexplained_empty_table_is_found() {
        let t = doc(
            "注：本表反映部门本年度国有资本经营预算财政拨款支出情况。",
            "",
        );
        let f = findings_of(&t, ID);
        assert_eq!(f.len(), 1, "{f:#?}");
    }

    #[test]
    fn negations_are_recognised() {
        assert!(super::explains(
            "2022年度本单位无政府性基金收支。",
            &["政府性基金"]
        ));
        assert!(!super::explains(
            "无锡市政府性基金支出100万元。",
            &["政府性基金"]
        ));
        assert!(super::explains(
            "“三公”经费财政拨款支出决算为0万元",
            &["三公"]
        ));
        assert!(!super::explains("“三公”经费支出10万元", &["三公"]));
    }
}
