use super::{body_lines, body_sections, has_narrative};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::rules::{Context, Sink};
use crate::text::Has;

declare_rule! {
    /// 说明缺少规定的内容：部门职责、机构设置（单位构成）、收支总体情况、“三公”经费、机关运行
    /// 经费、政府采购、国有资产占用、绩效、名词解释。
    ///
    /// 《预算法》第十四条与《地方预决算公开操作规程》（财预〔2016〕143号）要求部门预决算说明
    /// 涵盖这些事项；各地模板（湖南模板单列各节，全国模板并入“其他重要事项的情况说明”）都有。
    /// 只要标题、正文或表格任何一处提到即视为已说明；只检查带有说明部分的完整公开文件。
    ///
    /// 例：全文没有出现“政府采购”。修正：补写政府采购支出情况（没有发生的，写明“本部门无政府
    /// 采购支出”）。
    ///
    /// The narrative lacks a required topic: duties, organisation, the overall income and
    /// expenditure, 三公 expenses, 机关运行经费, government procurement, state assets,
    /// performance, or the glossary. A mention anywhere (heading or text) counts; only whole
    /// disclosures with a narrative are checked. Add the topic (or say it does not apply).
    pub static SECTION_MISSING = Rule {
        id: "completeness.section-missing",
        family: Completeness,
        severity: Warning,
        summary: "说明缺少规定内容",
        summary_en: "A required narrative topic is missing",
        run: Some(check),
    };
}

/// (topic, English, words any of which shows it).
const TOPICS: &[(&str, &str, &[&str])] = &[
    ("部门职责", "the department's duties", &["职责", "职能"]),
    (
        "机构设置或单位构成",
        "its organisation and units",
        &[
            "机构设置",
            "单位构成",
            "机构情况",
            "内设机构",
            "预算单位",
            "决算单位",
        ],
    ),
    (
        "收支总体情况",
        "the overall income and expenditure",
        &[
            "总体情况",
            "收支总计",
            "收支总体",
            "收入总计",
            "总收入",
            "收支预算",
            "收入支出决算",
            "收支决算",
        ],
    ),
    ("“三公”经费", "the 三公 expenses", &["三公"]),
    (
        "机关运行经费",
        "the running costs (机关运行经费)",
        &["机关运行经费", "机关运行费"],
    ),
    ("政府采购", "government procurement", &["政府采购"]),
    (
        "国有资产占用",
        "state assets",
        &["国有资产", "资产占用", "资产占有", "车辆"],
    ),
    ("绩效", "performance", &["绩效"]),
    (
        "名词解释",
        "the glossary",
        &["名词解释", "名词说明", "术语解释"],
    ),
];

fn check(ctx: &Context, sink: &mut Sink) {
    let doc = ctx.doc;
    if !has_narrative(doc) {
        return;
    }
    // A first look, in the body lines as printed (joined by newlines): a word found there is
    // in the text below too (no word holds whitespace or a newline), so only the topics not
    // found there need that text.
    let mut printed = String::with_capacity(doc.narrative.iter().map(|l| l.text.len() + 1).sum());
    for l in body_lines(doc) {
        printed.push_str(&l.text);
        printed.push('\n');
    }
    let missing: Vec<_> = TOPICS
        .iter()
        .filter(|(_, _, words)| !words.iter().any(|w| printed.has(w)))
        .collect();
    if missing.is_empty() {
        return;
    }
    // Every piece of text, joined by newlines.
    let mut text = String::new();
    let mut first = true;
    let mut sep = |text: &mut String| {
        if !std::mem::take(&mut first) {
            text.push('\n');
        }
    };
    for l in body_lines(doc) {
        sep(&mut text);
        crate::text::squash_into(&mut text, &l.text);
    }
    for (_, s) in body_sections(doc) {
        sep(&mut text);
        text.push_str(&s.title);
    }
    // Narrative the reader took into a table (a heading between two tables).
    for t in &doc.tables {
        for r in t.rows() {
            for c in &r.cells {
                sep(&mut text);
                text.push_str(&c.raw);
            }
            sep(&mut text);
            text.push_str(&r.label);
        }
        for n in &t.notes {
            sep(&mut text);
            text.push_str(&n.text);
        }
    }
    let anchor = body_sections(doc)
        .find(|(_, s)| s.level == 0 && (s.title.has("说明") || s.title.has("情况")))
        .or_else(|| body_sections(doc).next())
        .map(|(_, s)| s.location);
    let Some(anchor) = anchor else { return };
    for (topic, en, words) in missing {
        if words.iter().any(|w| text.has(w)) {
            continue;
        }
        sink.push(
            Finding::new(
                SECTION_MISSING.id,
                SECTION_MISSING.severity,
                anchor,
                format!("说明中没有{topic}的内容"),
                format!("the narrative says nothing about {en}"),
            )
            .with_help(
                format!("补写{topic}的说明；没有发生的事项，也应写明“无”或“不涉及”。"),
                format!(
                    "Add a section on {en}; where nothing happened, say so (“无” or “不涉及”)."
                ),
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings_of;

    const ID: &str = "completeness.section-missing";

    fn doc(extra: &str) -> String {
        let mut s = String::from("2022年度某某单位部门决算\n\n第一部分 单位概况\n\n一、部门职责\n\n负责有关工作。\n\n二、机构设置\n\n内设机构两个。\n\n第三部分 2022年度部门决算情况说明\n\n");
        for (n, t) in [
            ("一", "收入支出决算总体情况说明"),
            ("二", "“三公”经费支出决算情况说明"),
            ("三", "机关运行经费支出说明"),
            ("四", "国有资产占用情况说明"),
            ("五", "绩效评价情况说明"),
            ("六", extra),
        ] {
            s.push_str(&format!(
                "{n}、{t}\n\n本单位2022年度有关支出10万元，比上年增加1万元。\n\n"
            ));
        }
        s.push_str(
            "第四部分 名词解释\n\n一、财政拨款收入：指单位从同级财政部门取得的财政预算资金。\n\n",
        );
        s.push_str("公开01表\n收入支出决算总表\n单位：万元\n项目\t金额\n一般公共预算财政拨款收入\t10.00\n本年收入合计\t10.00\n");
        s
    }

    #[test]
    fn a_complete_narrative_passes() {
        let t = doc("政府采购支出说明");
        assert!(findings_of(&t, ID).is_empty(), "{:#?}", findings_of(&t, ID));
    }

    #[test]
    fn a_missing_topic_is_found() {
        let t = doc("其他重要事项说明");
        let f = findings_of(&t, ID);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(f[0].message.contains("政府采购"));
    }
}
