use super::{known, name_key, name_key_cow};
use crate::declare_rule;
use crate::diagnostic::{Finding, Severity};
use crate::model::{TableKind, TextLine};
use crate::rules::completeness::body_lines;
use crate::rules::{Context, Sink};
use crate::source::{Location, Span};
use crate::text::Has;
use std::collections::BTreeMap;

declare_rule! {
    /// 说明中“××（类）××（款）××（项）”的科目名称与表中该编码的名称不符。
    ///
    /// 说明逐项解释财政拨款支出时引用功能分类的类、款、项名称，应与公开表中的科目名称一致。
    /// 先按类名在表中找到类，再在其下找款和项；名称对不上（如项名抄成了别的科目）报错误；只差
    /// 括注或末尾“支出”（如“政府办公厅及相关机构事务”漏了“（室）”）报提示。
    ///
    /// 例：“科学技术支出（类）其他科学技术（款）其他一般公共服务支出（项）”，表中 206 下只有
    /// 20699 其他科学技术支出、2069999 其他科学技术支出——项名是 2019999 的名称，款名少了
    /// “支出”。修正：按表中科目名称改正。
    ///
    /// The 类/款/项 names the narrative quotes (“××（类）××（款）××（项）”) differ from the
    /// names the tables print for those codes. A wrong name is an error; a near miss (a
    /// bracketed word or a trailing 支出 left out) is information.
    pub static NARRATIVE_NAME_MISMATCH = Rule {
        id: "codes.narrative-name-mismatch",
        family: Codes,
        severity: Error,
        summary: "说明中的类款项名称与表中科目不符",
        summary_en: "A 类/款/项 name in the narrative differs from the tables",
        run: Some(check),
    };
}

/// A character of a paragraph with where it came from: (folded char, line index, byte
/// offset, byte length in the input).
type Pos = (char, usize, usize, usize);

/// Consecutive narrative lines joined into paragraphs, spaces dropped, brackets folded. Only
/// the paragraphs that name a 类 (the others hold no “(类)” to look at) are spelt out.
fn paragraphs(lines: &[&TextLine]) -> Vec<Vec<Pos>> {
    // The paragraphs as ranges of lines.
    let mut groups: Vec<std::ops::Range<usize>> = Vec::new();
    let mut last_line = 0u32;
    for (li, l) in lines.iter().enumerate() {
        match groups.last_mut() {
            Some(g) if l.location.line == last_line + 1 => g.end = li + 1,
            _ => groups.push(li..li + 1),
        }
        last_line = l.location.line;
    }
    let mut out: Vec<Vec<Pos>> = Vec::new();
    for g in groups {
        let Some(group) = lines.get(g.clone()) else {
            continue;
        };
        if !group.iter().any(|l| l.text.contains('类')) {
            continue;
        }
        // About one position per two bytes (Chinese text has three per character).
        let mut p = Vec::with_capacity(group.iter().map(|l| l.text.len() / 2).sum());
        for (li, l) in g.zip(group) {
            push_chars(&mut p, li, l);
        }
        out.push(p);
    }
    out
}

/// Append a line's characters to a paragraph (see [`paragraphs`]).
fn push_chars(p: &mut Vec<Pos>, li: usize, l: &TextLine) {
    for (off, c) in l.text.char_indices() {
        if crate::text::is_space(c) || c == '*' {
            continue;
        }
        let len = c.len_utf8();
        let c = match c {
            '（' => '(',
            '）' => ')',
            _ => c,
        };
        p.push((c, li, off, len));
    }
}

fn find(p: &[Pos], from: usize, marker: &str) -> Option<usize> {
    let m: Vec<char> = marker.chars().collect();
    (from..p.len().saturating_sub(m.len() - 1)).find(|&i| {
        m.iter()
            .enumerate()
            .all(|(k, c)| p.get(i + k).map(|x| x.0) == Some(*c))
    })
}

fn text(p: &[Pos]) -> String {
    let mut out = String::with_capacity(p.iter().map(|x| x.0.len_utf8()).sum());
    out.extend(p.iter().map(|x| x.0));
    out
}

/// Without bracketed words and a trailing 支出.
fn near_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    let k = name_key(&out);
    k.strip_suffix("支出").map(str::to_string).unwrap_or(k)
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Fit {
    Exact,
    Near,
    Wrong,
}

/// A name the narrative says, with its keys for [`fit`] (the near key made on first use).
struct Said<'s> {
    text: &'s str,
    key: String,
    near: std::cell::OnceCell<String>,
}

impl<'s> Said<'s> {
    fn new(text: &'s str) -> Self {
        Said {
            text,
            key: name_key(text),
            near: std::cell::OnceCell::new(),
        }
    }

    fn near(&self) -> &str {
        self.near.get_or_init(|| near_key(self.text))
    }
}

fn fit(said: &Said, printed: &str) -> Fit {
    let (a, b) = (&said.key, name_key_cow(printed));
    if **a == *b || (b.chars().count() >= 4 && a.starts_with(&*b)) {
        Fit::Exact
    } else if said.near() == near_key(printed) {
        Fit::Near
    } else {
        Fit::Wrong
    }
}

/// The 3-digit (类) codes of `names` with the [`near_key`]s of their names, in code order.
fn classes(names: &BTreeMap<String, String>) -> Vec<(&String, String)> {
    names
        .iter()
        .filter(|(c, _)| c.len() == 3)
        .map(|(c, n)| (c, near_key(n)))
        .collect()
}

/// [`classes`] of the lists' names, made once.
fn listed_classes() -> &'static [(&'static String, String)] {
    static CLASSES: std::sync::OnceLock<Vec<(&'static String, String)>> =
        std::sync::OnceLock::new();
    CLASSES.get_or_init(|| classes(list_names()))
}

/// The names the tables print for function codes (05 first).
fn table_names(ctx: &Context) -> BTreeMap<String, String> {
    let mut rows: Vec<&super::CodedRow> = ctx.coded_rows().iter().collect();
    rows.sort_by_key(|r| r.table.kind != TableKind::GeneralBudgetExpenditure);
    let mut out = BTreeMap::new();
    for r in rows {
        if r.code.starts_with('2') && !out.contains_key(r.code) && r.usable {
            out.insert(r.code.to_string(), r.name.to_string());
        }
    }
    out
}

/// The listed function-code names (the first of each code), for tables printed without codes.
fn list_names() -> &'static BTreeMap<String, String> {
    static NAMES: std::sync::OnceLock<BTreeMap<String, String>> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        super::known_names()
            .iter()
            .filter(|(c, _)| c.starts_with('2'))
            .filter_map(|(c, n)| n.first().map(|n| (c.to_string(), n.to_string())))
            .collect()
    })
}

fn check(ctx: &Context, sink: &mut Sink) {
    let doc = ctx.doc;
    let printed = table_names(ctx);
    let listed = list_names();
    let mut lines: Vec<&TextLine> = Vec::with_capacity(doc.narrative.len());
    lines.extend(body_lines(doc));
    let printed_classes = std::cell::OnceCell::new();
    for p in paragraphs(&lines) {
        let mut at = 0;
        while let Some(lei) = find(&p, at, "(类)") {
            at = lei + 3;
            // The class name: Chinese characters before the marker.
            let mut s = lei;
            while s > 0 && crate::text::is_han(p[s - 1].0) && lei - (s - 1) <= 20 {
                s -= 1;
            }
            let class_said = text(&p[s..lei]);
            let Some(kuan) = find(&p, at, "(款)").filter(|&k| k <= at + 40) else {
                continue;
            };
            let between = text(&p[at..kuan]);
            if between.contains(['。', '；', ';', '，'])
                || between.has("(类)")
                || between.is_empty()
            {
                continue;
            }
            let xiang = find(&p, kuan + 3, "(项)")
                .filter(|&x| x <= kuan + 3 + 40)
                .filter(|&x| {
                    let t = text(&p[kuan + 3..x]);
                    !t.is_empty()
                        && !t.contains(['。', '；', ';', '，'])
                        && !t.has("(类)")
                        && !t.has("(款)")
                });
            let kuan_said = between;
            let xiang_said = xiang.map(|x| text(&p[kuan + 3..x]));
            // The class, by the end of the words before the marker.
            let class_key = near_key(&class_said);
            let class_of = |classes: &[(&String, String)]| {
                classes
                    .iter()
                    .find(|(_, n)| !n.is_empty() && class_key.ends_with(n.as_str()))
                    .map(|(c, _)| (*c).clone())
            };
            let printed_classes = printed_classes.get_or_init(|| classes(&printed));
            let Some(class_code) = class_of(printed_classes).or_else(|| class_of(listed_classes()))
            else {
                continue;
            };
            // The tables' names where they print this class's codes, else the lists' (which are
            // partial: a name missing from them proves nothing).
            let from_list = !printed
                .keys()
                .any(|c| c.len() > 3 && c.starts_with(&class_code));
            let names = if from_list { listed } else { &printed };
            let under = |len: usize, prefix: &str| -> Vec<(&String, &String)> {
                names
                    .iter()
                    .filter(|(c, _)| c.len() == len && c.starts_with(prefix))
                    .collect()
            };
            let kuans = under(5, &class_code);
            if kuans.is_empty() {
                continue;
            }
            let best =
                |said: &Said, cands: &[(&String, &String)]| -> (Fit, Option<(String, String)>) {
                    let mut near = None;
                    for (c, n) in cands {
                        match fit(said, n) {
                            Fit::Exact => return (Fit::Exact, Some(((*c).clone(), (*n).clone()))),
                            Fit::Near => near = near.or(Some(((*c).clone(), (*n).clone()))),
                            Fit::Wrong => {}
                        }
                    }
                    match near {
                        Some(x) => (Fit::Near, Some(x)),
                        None if cands.len() == 1 => {
                            (Fit::Wrong, Some((cands[0].0.clone(), cands[0].1.clone())))
                        }
                        None => (Fit::Wrong, None),
                    }
                };
            let (kfit, mut kref) = best(&Said::new(&kuan_said), &kuans);
            let mut problems: Vec<(Fit, String)> = Vec::new();
            let mut xfit = Fit::Exact;
            if let Some(xs) = &xiang_said {
                let prefix = match (&kfit, &kref) {
                    (Fit::Exact | Fit::Near, Some((c, _))) => c.clone(),
                    _ => class_code.clone(),
                };
                let items = under(7, &prefix);
                if !items.is_empty() {
                    let said = Said::new(xs);
                    let (f, xref) = best(&said, &items);
                    xfit = f;
                    // A wrong 款 with a right, distinctive 项 printed in the tables: the 款 is
                    // the 项's.
                    let distinct = items
                        .iter()
                        .filter(|(_, n)| fit(&said, n) != Fit::Wrong)
                        .count()
                        == 1;
                    if kfit == Fit::Wrong && f != Fit::Wrong && !from_list && distinct {
                        if let Some((c, _)) = &xref {
                            let k = c.get(..5).unwrap_or_default().to_string();
                            kref = names.get(&k).map(|n| (k.clone(), n.clone()));
                        }
                    }
                    if f != Fit::Exact {
                        let elsewhere = printed
                            .iter()
                            .chain(listed.iter())
                            .find(|(c, n)| {
                                c.len() == 7
                                    && fit(&said, n) == Fit::Exact
                                    && !c.starts_with(&prefix)
                            })
                            .map(|(c, _)| c.clone());
                        let mut m = match &xref {
                            Some((c, n)) => format!("项应为“{n}”（{c}）"),
                            None if from_list => format!("分类科目中{prefix}下没有名为“{xs}”的项"),
                            None => format!("表中{prefix}下没有名为“{xs}”的项"),
                        };
                        if f == Fit::Wrong {
                            if let Some(c) = &elsewhere {
                                m.push_str(&format!("，“{xs}”是{c}的名称"));
                            }
                        }
                        // Without a reference name or a copied one, the tables may simply not
                        // list the item: say nothing.
                        if xref.is_some() || elsewhere.is_some() {
                            problems.push((f, m));
                        }
                    }
                }
            }
            if kfit != Fit::Exact {
                if let Some((c, n)) = &kref {
                    problems.insert(0, (kfit, format!("款应为“{n}”（{c}）")));
                }
            }
            if problems.is_empty() {
                continue;
            }
            let _ = xfit;
            let severity = if problems.iter().any(|(f, _)| *f == Fit::Wrong) {
                Severity::Error
            } else {
                Severity::Info
            };
            let end = xiang.map(|x| x + 3).unwrap_or(kuan + 3);
            let quoted = text(&p[s..end.min(p.len())])
                .replace('(', "（")
                .replace(')', "）");
            let (Some(first), Some(last)) = (p.get(s), p.get(end.saturating_sub(1))) else {
                continue;
            };
            let (Some(l0), Some(l1)) = (lines.get(first.1), lines.get(last.1)) else {
                continue;
            };
            let start = l0.location.span.start + first.2;
            let stop = l1.location.span.start + last.2 + last.3;
            let location = Location {
                span: Span::new(start, stop.max(start)),
                line: l0.location.line,
                column: l0.location.column + l0.text[..first.2].chars().count() as u32,
            };
            let detail: Vec<String> = problems.into_iter().map(|(_, m)| m).collect();
            let (zh, en) = (
                format!("说明中“{quoted}”与表中科目名称不符：{}", detail.join("；")),
                format!(
                    "the narrative's “{quoted}” differs from the names in the tables: {}",
                    detail.join("; ")
                ),
            );
            let (help, help_en) = if severity == Severity::Info {
                (
                    "按表中（政府收支分类科目的）完整名称书写，不要省略括注或“支出”。",
                    "Write the full names as the tables give them (those of the government revenue and expenditure classification), without dropping bracketed notes or “支出”.",
                )
            } else {
                (
                    "按表中该编码的科目名称改正说明中的类、款、项名称。",
                    "Correct the 类, 款 and 项 names in the narrative to the names the tables give for these codes.",
                )
            };
            let _ = known;
            sink.push(
                Finding::new(NARRATIVE_NAME_MISMATCH.id, severity, location, zh, en)
                    .with_help(help, help_en),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings_of;

    const ID: &str = "codes.narrative-name-mismatch";

    const TABLE: &str = "公开05表\n一般公共预算财政拨款支出决算表\n单位：万元\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n\t合计\t105.80\t100.41\t5.39\n201\t一般公共服务支出\t102.30\t100.41\t1.89\n20103\t政府办公厅（室）及相关机构事务\t100.41\t100.41\t\n2010301\t行政运行\t100.41\t100.41\t\n20199\t其他一般公共服务支出\t1.89\t\t1.89\n2019999\t其他一般公共服务支出\t1.89\t\t1.89\n206\t科学技术支出\t3.50\t\t3.50\n20699\t其他科学技术支出\t3.50\t\t3.50\n2069999\t其他科学技术支出\t3.50\t\t3.50\n\n";

    fn doc(line: &str) -> String {
        format!("（三）财政拨款支出决算具体情况\n\n{line}\n\n年初预算为5万元，支出决算为3.5万元。\n\n{TABLE}")
    }

    #[test]
    fn matching_names_pass() {
        let t = doc("1、科学技术支出（类）其他科学技术支出（款）其他科学技术支出（项）。");
        assert!(findings_of(&t, ID).is_empty(), "{:#?}", findings_of(&t, ID));
    }

    #[test]
    fn a_wrong_item_name_is_an_error() {
        let t = doc("3、科学技术支出（类）其他科学技术（款）其他一般公共服务支出（项）。");
        let f = findings_of(&t, ID);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].severity, crate::Severity::Error);
        assert!(f[0].message.contains("2069999"), "{}", f[0].message);
        assert!(f[0].message.contains("2019999"), "{}", f[0].message);
    }

    #[test]
    fn an_omitted_bracket_is_information() {
        let t = doc("1、一般公共服务支出（类）政府办公厅及相关机构事务（款）行政运行（项）。");
        let f = findings_of(&t, ID);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].severity, crate::Severity::Info);
    }

    #[test]
    fn a_name_wrapped_over_lines_is_joined() {
        let t = doc("（1）科学技术支出（类）其他科学技术支出（款）其\n他科学技术支出（项）");
        assert!(findings_of(&t, ID).is_empty(), "{:#?}", findings_of(&t, ID));
    }
}
