use super::{body_sections, title_key_in, unit_key};
use crate::declare_rule;
use crate::diagnostic::{Finding, Label};
use crate::model::{Document, Section};
use crate::rules::view::label_key;
use crate::rules::{Context, Sink};

declare_rule! {
    /// 目录条目与正文标题不一致，或在正文中找不到对应的标题。
    ///
    /// 目录应逐字对应正文标题，读者和检索工具靠它定位各部分内容。比较时忽略编号、标点、空格、
    /// 年度、单位名称和括注（如“（详见表1-3）”）；第二部分的表名与表标题比对。这是提示。
    ///
    /// 例：目录“十五、其他重要事项说明”，正文“十五、其他重要事项情况说明”；目录“二、机构
    /// 设置”，正文“二、机构设置及决算单位构成”。修正：使目录与正文标题一致。
    ///
    /// A table-of-contents entry differs from the heading it points to, or has no heading in
    /// the body. Numbering, punctuation, years, the department's name and remarks in brackets
    /// are ignored; table names are compared with table titles.
    pub static TOC_ENTRY_UNMATCHED = Rule {
        id: "completeness.toc-entry-unmatched",
        family: Completeness,
        severity: Info,
        summary: "目录与正文标题不一致",
        summary_en: "A table-of-contents entry does not match the body",
        run: Some(check),
    };
}

/// The numbers from the outermost section down to this one: ["第三部分", "十五"].
/// (`numbers`: each section's number with its whitespace removed.)
/// The numbers of the headings on the path from section `i` up to its outermost one (at most
/// 16), innermost first.
fn path_up<'n>(
    doc: &'n Document,
    numbers: &'n [std::borrow::Cow<'n, str>],
    i: usize,
) -> impl Iterator<Item = &'n str> + 'n {
    let mut next = Some(i);
    let mut guard = 0;
    std::iter::from_fn(move || {
        let i = next?;
        let s = doc.sections.get(i)?;
        guard += 1;
        next = match s.parent {
            Some(p) if guard < 16 && p != i => Some(p),
            _ => None,
        };
        Some(numbers.get(i).map(|n| &**n).unwrap_or(""))
    })
}

fn check(ctx: &Context, sink: &mut Sink) {
    let doc = ctx.doc;
    let body: Vec<(usize, &Section)> = body_sections(doc).collect();
    if body.is_empty() {
        return;
    }
    let unit = unit_key(doc);
    let title_key = |t: &str| title_key_in(&unit, t);
    let table_keys: Vec<String> = doc.tables.iter().map(|t| title_key(&t.title)).collect();
    // Only needed for entries without a heading in their place: made on first use.
    let row_keys = std::cell::OnceCell::<std::collections::HashSet<String>>::new();
    let row_keys = || {
        row_keys.get_or_init(|| {
            doc.tables
                .iter()
                .flat_map(|t| t.rows())
                .flat_map(|r| {
                    std::iter::once(r.label.as_str()).chain(r.cells.iter().map(|c| c.raw.as_str()))
                })
                .filter(|s| !s.is_empty() && s.chars().any(crate::text::is_han))
                .map(&title_key)
                .filter(|k| !k.is_empty())
                .collect()
        })
    };
    // The headings' numbers (for their paths), and the body headings' keys (each made on
    // first use).
    let numbers: Vec<std::borrow::Cow<str>> = doc
        .sections
        .iter()
        .map(|s| crate::rules::view::squash_cow(&s.number))
        .collect();
    let body_keys: Vec<std::cell::OnceCell<String>> =
        body.iter().map(|_| std::cell::OnceCell::new()).collect();
    let body_key = |b: usize| {
        body_keys[b]
            .get_or_init(|| title_key(&body[b].1.title))
            .as_str()
    };
    for (i, entry) in doc.sections.iter().enumerate().filter(|(_, s)| s.in_toc) {
        let key = title_key(&entry.title);
        if key.is_empty() {
            continue;
        }
        let entry_path = || path_up(doc, &numbers, i);
        let same_place = body.iter().position(|&(j, s)| {
            s.level == entry.level && path_up(doc, &numbers, j).eq(entry_path())
        });
        let table_match = table_keys
            .iter()
            .any(|t| !t.is_empty() && (t == &key || t.ends_with(&key)));
        match same_place {
            Some(b) => {
                let s = body[b].1;
                let body_key = body_key(b);
                if body_key == key || table_match {
                    continue;
                }
                // A heading the reader cut short (a long title wrapped over lines), or joined
                // with the title of the tables that follow it.
                if label_key(&s.title).chars().count() >= 40 && key.starts_with(body_key)
                    || body_key.starts_with(&key) && body_key.ends_with('表') && key.ends_with('表')
                {
                    continue;
                }
                sink.push(
                    Finding::new(
                        TOC_ENTRY_UNMATCHED.id,
                        TOC_ENTRY_UNMATCHED.severity,
                        entry.location,
                        format!("目录“{}”与正文标题“{}”不一致", entry.title, s.title),
                        format!(
                            "the contents entry “{}” differs from the heading “{}”",
                            entry.title, s.title
                        ),
                    )
                    .with_related(Label::new(
                        s.location,
                        "正文标题",
                        "the heading in the body",
                    ))
                    .with_help(
                        "使目录条目与正文标题逐字一致。",
                        "Make the contents entry and the heading in the body read exactly the same.",
                    ),
                );
            }
            None => {
                if table_match
                    || (0..body.len()).any(|b| body_key(b) == key)
                    || row_keys().contains(&key)
                {
                    continue;
                }
                // A part that lists the tables: the tables stand for it.
                let children: Vec<String> = doc
                    .sections
                    .iter()
                    .filter(|c| c.in_toc && c.parent == Some(i))
                    .map(|c| title_key(&c.title))
                    .collect();
                let tables_listed = children
                    .iter()
                    .filter(|c| {
                        table_keys
                            .iter()
                            .any(|t| !t.is_empty() && (t == *c || t.ends_with(c.as_str())))
                    })
                    .count();
                if !children.is_empty() && tables_listed * 2 >= children.len() {
                    continue;
                }
                // Only when the body's part is there and numbered at this level: otherwise the
                // reader did not see the structure.
                let siblings = body.iter().any(|&(j, s)| {
                    s.level == entry.level
                        && path_up(doc, &numbers, j).skip(1).eq(entry_path().skip(1))
                });
                if !siblings {
                    continue;
                }
                sink.push(
                    Finding::new(
                        TOC_ENTRY_UNMATCHED.id,
                        TOC_ENTRY_UNMATCHED.severity,
                        entry.location,
                        format!("目录“{}”在正文中找不到对应的标题", entry.title),
                        format!(
                            "the contents entry “{}” has no heading in the body",
                            entry.title
                        ),
                    )
                    .with_help(
                        "补上正文标题，或从目录中删去该条目。",
                        "Add the heading to the body, or remove the entry from the contents.",
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings_of;

    const ID: &str = "completeness.toc-entry-unmatched";

    const DOC: &str = "2022年度某某单位部门决算\n\n目录\n\n第一部分 单位概况\n\n一、部门职责\n\n二、机构设置\n\n第三部分 2022年度部门决算情况说明\n\n一、收入支出决算总体情况说明\n\n二、其他重要事项说明\n\n第一部分 单位概况\n\n一、部门职责\n\n负责有关工作，承担有关职能。\n\n二、机构设置\n\n内设机构两个。\n\n第三部分 2022年度部门决算情况说明\n\n一、收入支出决算总体情况说明\n\n2022年度收、支总计117万元。\n\n二、其他重要事项说明\n\n无。\n";

    #[test]
    fn matching_entries_pass() {
        assert!(
            findings_of(DOC, ID).is_empty(),
            "{:#?}",
            findings_of(DOC, ID)
        );
    }

    #[test]
    fn a_differing_heading_is_noted() {
        let t = DOC.replacen(
            "二、机构设置\n\n内设",
            "二、机构设置及决算单位构成\n\n内设",
            1,
        );
        let f = findings_of(&t, ID);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(f[0].message.contains("机构设置及决算单位构成"));
    }
}
