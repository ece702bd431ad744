use super::{core_subject, section_name, shown, Prose, Topic};
use crate::declare_rule;
use crate::diagnostic::{Finding, Label, Severity};
use crate::model::{Row, TableKind};
use crate::rules::view::{label_key, label_key_cow, row_name};
use crate::rules::{Context, Sink};
use rust_decimal::Decimal;

declare_rule! {
    /// 基本支出说明中“人员经费……主要包括A、B、C等”“公用经费……主要包括……”列举的科目，在
    /// 公开06表中却没有金额，而表中金额更大的科目没有提到：说明多半是套用模板，没有按本单位
    /// 实际情况写。只在列举的科目能在06表中逐字找到、且确有更大的未提及科目时提示。
    ///
    /// Example: “公用经费……主要包括办公费、印刷费、咨询费、手续费等” while 06表 咨询费、
    /// 手续费 are blank and 其他交通费用 5.12 万元 is not mentioned.
    ///
    /// The "主要包括…" list of 人员经费 or 公用经费 names items that are blank in table 06,
    /// while larger items go unmentioned: boilerplate rather than the unit's own spending.
    pub static LISTED_ITEM_BLANK = Rule {
        id: "narrative.listed-item-blank",
        family: Narrative,
        severity: Warning,
        summary: "“主要包括”列举的科目在06表中没有金额",
        summary_en: "Items listed as main spending are blank in table 06",
        run: Some(check),
    };
}

/// Lists longer than this enumerate the class rather than name its main items.
const MAX_ITEMS: usize = 8;

/// True when a listed item names the row ("其他对个人和家庭的补助支出" names
/// "其他对个人和家庭的补助").
fn names(item: &str, row: &str) -> bool {
    !row.is_empty()
        && (item == row
            || item.strip_suffix("支出") == Some(row)
            || item.starts_with(row) && item.len() <= row.len() + "支出".len())
}

/// The items of a "主要包括A、B、C等" list at the start of `text`.
fn listed(text: &str) -> Option<Vec<String>> {
    let at = text.find("主要包括")?;
    // The list belongs to this figure only if nothing else comes first.
    if text[..at].contains(['；', ';']) {
        return None;
    }
    let rest = text[at + "主要包括".len()..].trim_start_matches(['：', ':']);
    let end = rest.find(['；', ';', '。', '，']).unwrap_or(rest.len());
    let list = super::trim_end_all(super::trim_end_all(&rest[..end], "等"), "等支出");
    let items: Vec<String> = list
        .split('、')
        .map(|s| label_key(s.trim_end_matches('等')))
        .filter(|s| !s.is_empty())
        .collect();
    (items.len() >= 2).then_some(items)
}

fn check(ctx: &Context, sink: &mut Sink) {
    let Some(t06) = ctx.view.standard(TableKind::GeneralBudgetBasicExpenditure) else {
        return;
    };
    let rows: Vec<&Row> = t06
        .rows()
        .filter(|r| r.code.as_ref().is_some_and(|c| c.digits.len() == 5))
        .collect();
    if rows.is_empty() {
        return;
    }
    let n = ctx.narrative();
    let prose = Prose::new(ctx.doc);
    for fig in &n.figs {
        if fig.topic != Topic::Basic || !fig.is_amount() || fig.is_change() {
            continue;
        }
        let core = core_subject(&fig.key);
        let personnel = match core {
            "人员经费" | "人员支出" => true,
            "公用经费" | "日常公用支出" | "日常公用经费" => false,
            _ => continue,
        };
        let rest = prose.rest_of_sentence(fig.f.location.span.end, 400);
        let Some(items) = listed(&rest) else { continue };
        // A long list copies the whole class; only a short "main items" list is a claim.
        if items.len() > MAX_ITEMS {
            continue;
        }
        let group: Vec<&Row> = rows
            .iter()
            .copied()
            .filter(|r| {
                let code = r.code.as_ref().map(|c| c.digits.as_str()).unwrap_or("");
                let p = code.starts_with("301") || code.starts_with("303");
                p == personnel
            })
            .collect();
        let value = |r: &Row| -> Decimal {
            r.cells
                .iter()
                .filter(|c| c.number.is_some_and(|n| !n.percent))
                .map(|c| c.value_or_zero())
                .next()
                .unwrap_or(Decimal::ZERO)
        };
        let mut blank: Vec<&Row> = Vec::new();
        let mut mentioned: Vec<&Row> = Vec::new();
        for item in &items {
            if let Some(r) = group.iter().find(|r| names(item, &label_key_cow(&r.label))) {
                if value(r).is_zero() {
                    blank.push(r);
                } else {
                    mentioned.push(r);
                }
            }
        }
        if blank.is_empty() {
            continue;
        }
        let smallest = mentioned.iter().map(|r| value(r)).min();
        let mut missed: Vec<&Row> = group
            .iter()
            .copied()
            .filter(|r| {
                let key = label_key_cow(&r.label);
                !items.iter().any(|i| names(i, &key) || i.contains(&*key))
            })
            .filter(|r| {
                let v = value(r);
                v > Decimal::ZERO && smallest.is_none_or(|s| v > s)
            })
            .collect();
        if missed.is_empty() {
            continue;
        }
        missed.sort_by_key(|r| std::cmp::Reverse(value(r)));
        missed.truncate(3);
        let names = |rs: &[&Row]| {
            rs.iter()
                .map(|r| label_key(&r.label))
                .collect::<Vec<_>>()
                .join("、")
        };
        let missed_text = missed
            .iter()
            .map(|r| format!("{}{}", label_key(&r.label), value(r).normalize()))
            .collect::<Vec<_>>()
            .join("、");
        let zh = format!(
            "说明“{}”中{}{}“主要包括”的{}在公开06表中没有金额，而金额较大的{}没有提到",
            section_name(n.doc, fig.f),
            core,
            shown(fig.f),
            names(&blank),
            missed_text
        );
        let en = format!(
            "the narrative lists {} among the main items of {}, but they are blank in table 06, while larger items ({}) go unmentioned",
            names(&blank),
            core,
            missed_text
        );
        let mut f = Finding::new(sink.rule().id, Severity::Warning, fig.f.location, zh, en);
        for r in blank.iter().chain(missed.iter()) {
            let loc = r.label_location.unwrap_or(fig.f.location);
            let name = row_name(r);
            f.related.push(Label::new(
                loc,
                format!("公开06表 {name}"),
                format!("table 06 row {name}"),
            ));
        }
        f.set_help(
            "按06表中实际发生额较大的科目列举。",
            "List the items of table 06 with the largest actual spending.",
        );
        sink.push(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings_of;

    const SAMPLE: &str = include_str!("../../../tests/fixtures/samples/000.txt");

    #[test]
    fn the_sample_boilerplate_lists() {
        let f = findings_of(SAMPLE, "narrative.listed-item-blank");
        assert_eq!(f.len(), 2, "{f:#?}");
        assert!(f[0].message.contains("伙食补助费"), "{}", f[0].message);
        assert!(f[1].message.contains("咨询费、手续费"), "{}", f[1].message);
    }

    #[test]
    fn real_items_pass() {
        let text = SAMPLE
            .replace("伙食补助费等；", "住房公积金等；")
            .replace("咨询费、手续费等", "其他交通费用、工会经费等");
        let f = findings_of(&text, "narrative.listed-item-blank");
        assert!(f.is_empty(), "{f:#?}");
    }
}
