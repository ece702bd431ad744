use crate::declare_rule;
use crate::diagnostic::{Finding, Label, Severity};
use crate::model::{Table, TableKind};
use crate::rules::view::table_name;
use crate::rules::{Context, Sink};
use crate::source::Location;
use crate::text::Has;

declare_rule! {
    /// 说明（或表下注释）称没有政府性基金或国有资本经营预算的收支（“无政府性基金收支”
    /// “没有使用国有资本经营预算安排的支出”“本表无数据”），而公开08表或09表中却有金额。
    ///
    /// Example: “2022年度本单位无政府性基金收支” while 公开08表 shows 本年支出 12.5 万元.
    ///
    /// The narrative (or a table note) says there were no government-fund or state-capital
    /// receipts or spending, but table 08 or 09 has amounts.
    pub static EMPTY_CLAIM_CONTRADICTS_TABLE = Rule {
        id: "narrative.empty-claim-contradicts-table",
        family: Narrative,
        severity: Error,
        summary: "说明称无收支而表中有金额",
        summary_en: "The text says there is nothing, the table has amounts",
        run: Some(check),
    };
}

/// True when `text` says there is no money of the budget named by `topic`.
fn claims_none(text: &str, topic: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    for neg in ["没有使用", "未使用", "没有", "无", "未安排", "不涉及"] {
        let mut from = 0;
        while let Some(p) = t[from..].find(neg) {
            let at = from + p + neg.len();
            // The budget named right after the negation (within a few characters).
            let window: String = t[at..].chars().take(topic.chars().count() + 6).collect();
            if window.has(topic) {
                let after: String = t[at..].chars().take(40).collect();
                if ["收", "支", "安排", "拨款", "预算"]
                    .iter()
                    .any(|w| after.has(w))
                {
                    return true;
                }
            }
            from = at;
        }
    }
    false
}

fn nonzero_cell(table: &Table) -> Option<Location> {
    table
        .rows()
        .flat_map(|r| r.cells.iter())
        .find(|c| c.number.is_some_and(|n| !n.percent) && !c.value_or_zero().is_zero())
        .map(|c| c.location)
}

fn check(ctx: &Context, sink: &mut Sink) {
    for (kind, topic) in [
        (TableKind::GovernmentFund, "政府性基金"),
        (TableKind::StateCapital, "国有资本经营"),
    ] {
        let Some(table) = ctx.view.standard(kind) else {
            continue;
        };
        let Some(amount) = nonzero_cell(table) else {
            continue;
        };
        let name = table_name(table, ctx.doc.kind);
        let mut claims: Vec<(Location, String)> = ctx
            .doc
            .narrative
            .iter()
            .filter(|l| claims_none(&l.text, topic))
            .map(|l| (l.location, l.text.clone()))
            .collect();
        for note in &table.notes {
            if note.text.has("无数据") || note.text.has("空表") {
                claims.push((note.location, note.text.clone()));
            }
        }
        for (location, text) in claims {
            let short: String = text.chars().take(60).collect();
            let zh = format!("文中称“{short}”，但{name}中有金额");
            let en = format!("the text says \"{short}\", but {name} has amounts");
            let mut f = Finding::new(sink.rule().id, Severity::Error, location, zh, en);
            f.related.push(Label::new(
                amount,
                format!("{name}中的金额"),
                format!("an amount in table {}", table.id),
            ));
            sink.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::claims_none;
    use crate::rules::testing::findings_of;

    const SAMPLE: &str = include_str!("../../../tests/fixtures/samples/000.txt");

    #[test]
    fn negations() {
        assert!(claims_none(
            "2022年度本单位无政府性基金收支。",
            "政府性基金"
        ));
        assert!(claims_none(
            "本部门2026年没有使用政府性基金预算拨款安排的支出，与上年持平。",
            "政府性基金"
        ));
        assert!(claims_none(
            "2022年度本单位没有使用国有资本经营预算安排的支出。",
            "国有资本经营"
        ));
        assert!(!claims_none(
            "政府性基金预算支出较上年无变化。",
            "政府性基金"
        ));
    }

    #[test]
    fn the_sample_is_consistent() {
        assert!(findings_of(SAMPLE, "narrative.empty-claim-contradicts-table").is_empty());
    }
}
