use super::{body_lines, body_sections};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::model::Document;
use crate::rules::view::label_key;
use crate::rules::{Context, Sink};
use crate::text::Has;
use std::borrow::Cow;

declare_rule! {
    /// 名词解释与表格不对应：表中使用的专业名词（上级补助收入、使用非财政拨款结余、结余分配、
    /// 年末结转和结余、基本支出、项目支出……）没有解释，或解释了现行表格已不再使用的名词（如
    /// “用事业基金弥补收支差额”，2019 年起改为“使用非财政拨款结余”）。
    ///
    /// 《地方预决算公开操作规程》要求对专业性较强的名词作出解释。只检查有名词解释部分的文件，
    /// 名词以公开表格的行名与栏名为准；全国决算模板本身解释的名词（财政拨款收入、事业收入、
    /// 经营收入、其他收入、年初/年末结转和结余、基本支出、项目支出、经营支出）缺了才报，并列出
    /// 所有未解释的表中名词。预算公开只检查过时名词。这是提示。
    ///
    /// 修正：补充表中名词的解释，删去过时的名词。
    ///
    /// The glossary does not match the tables: terms the tables use (上级补助收入, 使用非财政拨款
    /// 结余, 结余分配, 年末结转和结余, 基本支出, 项目支出 …) are not defined, or a term the current
    /// tables no longer use is defined (用事业基金弥补收支差额, replaced by 使用非财政拨款结余).
    pub static GLOSSARY_COVERAGE = Rule {
        id: "completeness.glossary-coverage",
        family: Completeness,
        severity: Info,
        summary: "名词解释与表中名词不对应",
        summary_en: "The glossary does not match the tables' terms",
        run: Some(check),
    };
}

/// Terms the tables may use, with the words by which a glossary entry covers each.
const TERMS: &[(&str, &[&str])] = &[
    ("财政拨款收入", &["财政拨款"]),
    ("上级补助收入", &["上级补助收入"]),
    ("事业收入", &["事业收入"]),
    ("经营收入", &["经营收入"]),
    ("附属单位上缴收入", &["附属单位上缴"]),
    ("其他收入", &["其他收入"]),
    ("使用非财政拨款结余", &["非财政拨款结余"]),
    (
        "年初结转和结余",
        &["年初结转", "上年结转", "结转结余", "结转和结余"],
    ),
    ("结余分配", &["结余分配"]),
    ("年末结转和结余", &["年末结转", "年终结转", "结转结余"]),
    ("基本支出", &["基本支出"]),
    ("项目支出", &["项目支出"]),
    ("上缴上级支出", &["上缴上级"]),
    ("经营支出", &["经营支出"]),
    ("对附属单位补助支出", &["对附属单位补助"]),
];

/// Terms the national 决算 template itself defines: a glossary lacking one of these that the
/// tables use is incomplete (the other terms are then listed too).
const CORE: &[&str] = &[
    "财政拨款收入",
    "事业收入",
    "经营收入",
    "其他收入",
    "年初结转和结余",
    "年末结转和结余",
    "基本支出",
    "项目支出",
    "经营支出",
];

/// Terms of earlier templates.
const OBSOLETE: &[(&str, &str)] = &[("用事业基金弥补收支差额", "使用非财政拨款结余")];

/// The label keys of every row and column of the standard tables.
fn table_words<'c>(ctx: &'c Context) -> Vec<Cow<'c, str>> {
    let doc = ctx.doc;
    let mut out = Vec::new();
    for t in doc
        .tables
        .iter()
        .filter(|t| t.kind.standard_number().is_some())
    {
        for b in &t.blocks {
            // The header keys and row keys the view reads once per block.
            match ctx.view.keys(b) {
                Cow::Borrowed(keys) => {
                    for levels in keys.levels().iter() {
                        out.extend(levels.iter().map(|k| Cow::Borrowed(&**k)));
                    }
                }
                Cow::Owned(keys) => {
                    for levels in keys.levels().iter() {
                        out.extend(levels.iter().map(|k| Cow::Owned(k.to_string())));
                    }
                }
            }
            match ctx.view.row_keys(b) {
                Cow::Borrowed(keys) => out.extend(keys.iter().map(|k| Cow::Borrowed(&**k))),
                Cow::Owned(keys) => out.extend(keys),
            }
        }
    }
    out
}

/// The glossary: its heading's location and the defined terms (label keys).
fn glossary(doc: &Document) -> Option<(crate::source::Location, Vec<String>)> {
    let (idx, head) = body_sections(doc).find(|(_, s)| {
        // A key ending with one of the words ends with 释 or 明, and so its title has one.
        if !(s.title.has("释") || s.title.has("明")) {
            return false;
        }
        let k = label_key(&s.title);
        k.ends_with("名词解释") || k.ends_with("名词说明") || k.ends_with("术语解释")
    })?;
    // The glossary ends at the next heading of the same or an outer level.
    let end_line = body_sections(doc)
        .filter(|(i, s)| *i > idx && s.level <= head.level)
        .map(|(_, s)| s.location.line)
        .next()
        .unwrap_or(u32::MAX);
    let start_line = head.location.line;
    let mut terms = Vec::new();
    for (_, s) in body_sections(doc)
        .filter(|(_, s)| s.location.line > start_line && s.location.line < end_line)
    {
        terms.push(term_of(&s.title));
    }
    for l in body_lines(doc).filter(|l| l.location.line > start_line && l.location.line < end_line)
    {
        let t = crate::text::strip_markdown(&l.text);
        let t = if t.has("**") {
            Cow::Owned(t.replace("**", ""))
        } else {
            Cow::Borrowed(t)
        };
        if let Some((head, _)) = t.split_once(['：', ':']) {
            if head.chars().count() <= 24 {
                terms.push(term_of(head));
            }
        }
    }
    terms.retain(|t| !t.is_empty());
    Some((head.location, terms))
}

fn term_of(s: &str) -> String {
    let head = s.split(['：', ':']).next().unwrap_or(s);
    label_key(head)
}

fn check(ctx: &Context, sink: &mut Sink) {
    let doc = ctx.doc;
    let Some((location, defined)) = glossary(doc) else {
        return;
    };
    if defined.is_empty() {
        return;
    }
    // The tables' words one per line (`None` when they have none: then nothing is reported),
    // made when first needed: a term (one line of text) is in one of them when it is in the
    // whole, and one search of the whole is quicker than one per word.
    let all = std::cell::OnceCell::new();
    let all = || {
        all.get_or_init(|| {
            let words = table_words(ctx);
            (!words.is_empty()).then(|| words.join("\n"))
        })
        .as_deref()
    };
    let uses = |term: &str| all().is_some_and(|all| all.has(term));
    let covers = |keys: &[&str]| defined.iter().any(|d| keys.iter().any(|k| d.has(k)));
    // Budgets define their own, shorter set: only final accounts are held to the tables' terms.
    let mut missing: Vec<&str> = if ctx.view.is_budget() {
        Vec::new()
    } else {
        TERMS
            .iter()
            .filter(|(term, keys)| !covers(keys) && uses(term))
            .map(|(term, _)| *term)
            .collect()
    };
    if !missing.iter().any(|t| CORE.contains(t)) {
        missing.clear();
    }
    let obsolete: Vec<(&str, &str)> = OBSOLETE
        .iter()
        .filter(|(old, _)| {
            defined.iter().any(|d| d.has(old)) && all().is_some_and(|all| !all.has(old))
        })
        .copied()
        .collect();
    if missing.is_empty() && obsolete.is_empty() {
        return;
    }
    let mut zh = Vec::new();
    let mut en = Vec::new();
    if !missing.is_empty() {
        zh.push(format!("表中使用的{}未作解释", missing.join("、")));
        en.push(format!(
            "the tables use {} without a definition",
            missing.join(", ")
        ));
    }
    for (old, new) in &obsolete {
        zh.push(format!("解释了表中已不使用的“{old}”（现为“{new}”）"));
        en.push(format!(
            "“{old}” is defined although the tables no longer use it (now “{new}”)"
        ));
    }
    sink.push(
        Finding::new(
            GLOSSARY_COVERAGE.id,
            GLOSSARY_COVERAGE.severity,
            location,
            format!("名词解释与表格不对应：{}", zh.join("；")),
            format!("the glossary does not match the tables: {}", en.join("; ")),
        )
        .with_help(
            "按现行表格的行名与栏名补充名词解释，删去过时的名词。",
            "Define the row and column names the tables use now, and remove the terms no longer used.",
        ),
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings_of;

    const ID: &str = "completeness.glossary-coverage";

    const TABLE: &str = "公开03表\n支出决算表\n单位：万元\n科目编码\t科目名称\t本年支出合计\t基本支出\t项目支出\n\t合计\t10.00\t6.00\t4.00\n201\t一般公共服务支出\t10.00\t6.00\t4.00\n\n";

    #[test]
    fn a_covering_glossary_passes() {
        let t = format!("{TABLE}第四部分 名词解释\n\n一、基本支出：指保障机构正常运转的支出。\n\n二、项目支出：指基本支出以外的支出。\n");
        assert!(findings_of(&t, ID).is_empty(), "{:#?}", findings_of(&t, ID));
    }

    #[test]
    fn missing_and_obsolete_terms_are_noted() {
        let t = format!("{TABLE}第四部分 名词解释\n\n一、基本支出：指保障机构正常运转的支出。\n\n二、用事业基金弥补收支差额：指事业单位使用事业基金弥补收支缺口的资金。\n");
        let f = findings_of(&t, ID);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(f[0].message.contains("项目支出"));
        assert!(f[0].message.contains("用事业基金弥补收支差额"));
    }
}
