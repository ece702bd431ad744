//! Helpers for rule tests: one function that calls the public API.

use crate::diagnostic::Finding;

/// The findings of one rule on a text. Every finding is also held to the English-wording
/// contract (see [`english_problems`]).
pub fn findings_of(text: &str, rule: &str) -> Vec<Finding> {
    let findings: Vec<Finding> = crate::check(text)
        .findings
        .into_iter()
        .filter(|f| f.rule == rule)
        .collect();
    let problems = english_problems(text, &findings);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    findings
}

/// A character of Chinese text (CJK ideographs, CJK punctuation, full-width forms).
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303f}'
        | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}'
        | '\u{ff00}'..='\u{ffef}')
}

/// What is wrong with the English of one text against its Chinese counterpart: empty, the
/// Chinese text itself, no English words, or Chinese that is neither in the Chinese text nor in
/// the document (English texts keep the document's own names, and may quote the Chinese terms
/// they translate, but nothing else).
fn english_problem(document: &str, zh: &str, en: &str) -> Option<&'static str> {
    if en.trim().is_empty() {
        return Some("empty");
    }
    if en == zh {
        return Some("the same as the Chinese");
    }
    if !en.chars().any(|c| c.is_ascii_alphabetic()) {
        return Some("no English words");
    }
    let mut run = String::new();
    for c in en.chars().chain(std::iter::once(' ')) {
        if is_cjk(c) {
            run.push(c);
        } else if !run.is_empty() {
            if !zh.contains(run.as_str()) && !document.contains(run.as_str()) {
                return Some("Chinese that is neither the Chinese text's nor the document's");
            }
            run.clear();
        }
    }
    None
}

/// Findings whose help or related places lack a proper English wording: every `help` has a
/// `help_en` (and only then), every related label a `message_en`, each real English (see
/// [`english_problem`]).
pub fn english_problems(document: &str, findings: &[Finding]) -> Vec<String> {
    let mut out = Vec::new();
    for f in findings {
        match (&f.help, &f.help_en) {
            (Some(zh), Some(en)) => {
                if let Some(p) = english_problem(document, zh, en) {
                    out.push(format!("{}: help_en {p}: {zh:?} / {en:?}", f.rule));
                }
            }
            (None, None) => {}
            (zh, en) => out.push(format!("{}: help {zh:?} but help_en {en:?}", f.rule)),
        }
        for label in &f.related {
            if let Some(p) = english_problem(document, &label.message, &label.message_en) {
                out.push(format!(
                    "{}: related message_en {p}: {:?} / {:?}",
                    f.rule, label.message, label.message_en
                ));
            }
        }
    }
    out
}
