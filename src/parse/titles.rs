//! Recognising table titles by name, not by number.
//!
//! Regions and years name the nine tables differently (收入支出决算总表, 收支总表, 收支预算总表,
//! 部门收支总体情况表, …) and number them differently (公开01表, 表1, 一、…, or not at all), so a
//! title is classified by the words it contains, in the order that resolves the overlaps
//! (parsing-notes §1): 三公 → 政府性基金 → 国有资本经营 → other topics → 财政拨款+收支 → 收支 →
//! 基本支出 → 一般公共预算支出 → 收入 → 支出. The printed number is kept as a hint only.

use crate::model::TableKind;
use crate::text::Has;
use crate::text::{is_cn_digit, is_space, squash, squashed_chars, strip_markdown};

/// A recognised title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleMatch {
    pub kind: TableKind,
    /// How typical the name is for that kind (higher wins when two tables claim a kind).
    pub score: u8,
    /// The title with numbering removed, whitespace collapsed.
    pub title: String,
    /// A number printed on the same line ("公开01表", "表1").
    pub printed_number: Option<String>,
}

/// Split a leading table number off a line: `公开 01 表`, `公开表2`, `表1：`, `表 10`, `附表3`.
/// Returns (number text, rest).
pub fn split_number(line: &str) -> Option<(String, &str)> {
    let t = crate::text::trim(line);
    let after = if let Some(r) = t.strip_prefix("公开") {
        r
    } else if let Some(r) = t.strip_prefix("附表") {
        r
    } else {
        t.strip_prefix('表')?
    };
    let mut rest = after.trim_start_matches(is_space);
    let mut had_biao = false;
    if let Some(r) = rest.strip_prefix('表') {
        had_biao = true;
        rest = r.trim_start_matches(is_space);
    }
    // Byte length of the number: ASCII or full-width digits and `-`.
    let digits: usize = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c) || *c == '-')
        .map(char::len_utf8)
        .sum();
    if digits == 0 {
        return None;
    }
    let mut rest = &rest[digits..];
    rest = rest.trim_start_matches(is_space);
    if let Some(r) = rest.strip_prefix('表') {
        had_biao = true;
        rest = r;
    }
    if t.starts_with("公开") && !had_biao {
        return None;
    }
    let rest = rest
        .trim_start_matches(|c: char| is_space(c) || matches!(c, '：' | ':' | '.' | '．' | '、'));
    let number = t[..t.len() - rest.len()]
        .trim_end_matches(|c: char| is_space(c) || matches!(c, '：' | ':' | '.' | '．' | '、'));
    Some((squash(number), rest))
}

/// True for a line that is only a table number (`公开 01 表`, `表1`, `附表 3`).
pub fn is_number_line(line: &str) -> bool {
    is_number_md(strip_markdown(line))
}

/// [`is_number_line`] of a line's [`strip_markdown`] form.
pub(crate) fn is_number_md(t: &str) -> bool {
    // `t` is trimmed: it starts as `split_number` needs, or the answer is no.
    if !t.starts_with(['公', '附', '表']) {
        return false;
    }
    matches!(split_number(t), Some((_, rest)) if crate::text::trim(rest).is_empty())
}

/// Strip outline numbering: `一、` `（一）` `1.` `1、` `(1)` and a `附件1` prefix.
fn strip_ordinal(s: &str) -> &str {
    let mut t = s;
    for _ in 0..2 {
        let before = t;
        // 一、 / 十二、
        let k: usize = t
            .chars()
            .take_while(|c| is_cn_digit(*c))
            .map(char::len_utf8)
            .sum();
        let after = t[k..].chars().next();
        let first = t.chars().next();
        if let (true, Some(sep @ ('、' | '.' | '．'))) = (k > 0, after) {
            t = &t[k + sep.len_utf8()..];
        } else if let Some(open @ ('（' | '(')) = first {
            if let Some(close) = t.find(['）', ')']) {
                let inner = &t[open.len_utf8()..close];
                if !inner.is_empty()
                    && inner.chars().count() <= 3
                    && inner.chars().all(|c| is_cn_digit(c) || c.is_ascii_digit())
                {
                    let close_len = t[close..].chars().next().map_or(1, char::len_utf8);
                    t = &t[close + close_len..];
                }
            }
        } else {
            let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
            if digits > 0 && digits <= 2 {
                let rest = &t[digits..];
                if let Some(r) = rest.strip_prefix(['、', '.', '．']) {
                    t = r;
                }
            }
        }
        t = t.trim_start_matches(is_space);
        if let Some(r) = t.strip_prefix("附件") {
            let r2 = r.trim_start_matches(|c: char| {
                c.is_ascii_digit() || is_space(c) || matches!(c, '：' | ':' | '.' | '、')
            });
            if r2.len() < r.len() {
                t = r2;
            }
        }
        if t == before {
            break;
        }
    }
    t
}

/// Remove a leading year (`2026年`, `2026 年度`) from a squashed title.
fn strip_year(s: &str) -> &str {
    let digits = s.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits == 4 {
        let rest = &s[4..];
        if let Some(r) = rest.strip_prefix("年度") {
            return r;
        }
        if let Some(r) = rest.strip_prefix('年') {
            return r;
        }
    }
    s
}

/// Drop trailing parenthesised qualifiers: `…表（按功能分类）` → `…表`; returns (core, qualifiers).
fn split_qualifier(s: &str) -> (&str, &str) {
    let mut core = s;
    loop {
        let trimmed = core.trim_end();
        if trimmed.ends_with('）') || trimmed.ends_with(')') {
            // find matching open bracket from the right
            let mut depth = 0;
            let mut open = None;
            for (i, c) in trimmed.char_indices().rev() {
                match c {
                    '）' | ')' => depth += 1,
                    '（' | '(' => {
                        depth -= 1;
                        if depth == 0 {
                            open = Some(i);
                            break;
                        }
                    }
                    _ => {}
                }
            }
            match open {
                Some(i) if i > 0 => core = &trimmed[..i],
                _ => break,
            }
        } else {
            break;
        }
    }
    (core, &s[core.len()..])
}

/// Classify a line as a table title, or `None`.
pub fn classify_title(line: &str) -> Option<TitleMatch> {
    classify_title_md(strip_markdown(line), line.contains('\t'))
}

/// [`classify_title`] of a line's [`strip_markdown`] form `raw`; `tab`: the line holds a tab
/// (without one, `raw` holds none).
pub(crate) fn classify_title_md(raw: &str, tab: bool) -> Option<TitleMatch> {
    // Table rows (a tab or a pipe) stop here; so does every line without 表 (every title ends
    // in 表, after qualifiers; `strip_markdown` removes none). Looking for the tab first is
    // quicker: it is one byte; 表 is looked for as a string (the standard library searches
    // for a string faster than for a character that is not ASCII).
    if raw.is_empty() || tab && raw.contains('\t') || raw.starts_with('|') || !raw.has("表") {
        return None;
    }
    let (printed_number, rest) = match split_number(raw) {
        Some((n, rest)) => (Some(n), rest),
        None => (None, raw),
    };
    let rest = strip_ordinal(crate::text::trim(rest));
    // Most lines mentioning a table are sentences: too long (checked before allocating).
    if !(3..=64).contains(&squashed_chars(rest).take(65).count()) {
        return None;
    }
    // Dot leaders or a trailing page number: a 目录 entry.
    if raw.has("……") || raw.has("....") || raw.has("···") || raw.has("．．．") {
        return None;
    }
    let squashed = squash(rest);
    let s = strip_year(&squashed);
    let (core, qualifier) = split_qualifier(s);
    if !core.ends_with('表') {
        return None;
    }
    // A sentence mentioning a table is not a title.
    if core.contains('，')
        || core.contains('。')
        || core.has("见")
        || core.contains('“') && core.matches('“').count() > 1
    {
        return None;
    }
    let kind_score = kind_of(core, qualifier)?;
    Some(TitleMatch {
        kind: kind_score.0,
        score: kind_score.1,
        title: squashed,
        printed_number,
    })
}

fn kind_of(core: &str, qualifier: &str) -> Option<(TableKind, u8)> {
    use TableKind::*;
    let has = |w: &str| core.has(w);
    let q = |w: &str| qualifier.has(w) || core.has(w);
    if has("绩效自评") || has("绩效评价表") {
        return Some(if has("整体") {
            (PerformanceOverall, 9)
        } else if has("项目") {
            (PerformanceProject, 9)
        } else {
            (Other, 1)
        });
    }
    if has("三公") {
        return Some((ThreePublicExpenses, if has("一般公共预算") { 9 } else { 7 }));
    }
    if has("政府性基金") {
        return Some((GovernmentFund, if has("结转") { 3 } else { 8 }));
    }
    if has("国有资本经营") {
        return Some((StateCapital, 8));
    }
    const OTHER_TOPICS: [&str; 12] = [
        "机关运行",
        "政府采购",
        "项目支出",
        "绩效",
        "结转",
        "专项",
        "会议费",
        "培训费",
        "资产",
        "行政经费",
        "政府购买",
        "上年",
    ];
    if OTHER_TOPICS.iter().any(|w| has(w)) {
        return Some((Other, 0));
    }
    let income_exp = has("收支") || has("收入支出");
    if has("财政拨款") && income_exp {
        return Some((FiscalSummary, 9));
    }
    if income_exp {
        return Some((IncomeExpenditureSummary, 9));
    }
    if has("基本支出") {
        if q("功能") {
            return Some((Other, 0));
        }
        return Some((
            GeneralBudgetBasicExpenditure,
            if has("一般公共预算") { 9 } else { 5 },
        ));
    }
    if has("一般公共预算") && has("支出") {
        if q("经济") {
            return Some((Other, 0));
        }
        return Some((GeneralBudgetExpenditure, 9));
    }
    if has("财政拨款支出") {
        if q("经济") {
            return Some((GeneralBudgetBasicExpenditure, 3));
        }
        return Some((GeneralBudgetExpenditure, 4));
    }
    if has("收入") {
        return Some((Income, 8));
    }
    if has("支出") {
        if q("经济") {
            return Some((Other, 0));
        }
        return Some((Expenditure, 8));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use TableKind::*;

    fn kind(s: &str) -> Option<TableKind> {
        classify_title(s).map(|m| m.kind)
    }

    #[test]
    fn final_account_names() {
        assert_eq!(kind("# 收入支出决算总表"), Some(IncomeExpenditureSummary));
        assert_eq!(kind("收入决算表"), Some(Income));
        assert_eq!(kind("支出决算表"), Some(Expenditure));
        assert_eq!(kind("财政拨款收入支出决算总表"), Some(FiscalSummary));
        assert_eq!(kind("财政拨款收支决算总表"), Some(FiscalSummary));
        assert_eq!(
            kind("一般公共预算财政拨款支出决算表"),
            Some(GeneralBudgetExpenditure)
        );
        assert_eq!(
            kind("一般公共预算财政拨款基本支出决算明细表"),
            Some(GeneralBudgetBasicExpenditure)
        );
        assert_eq!(
            kind("一般公共预算财政拨款基本支出决算表"),
            Some(GeneralBudgetBasicExpenditure)
        );
        assert_eq!(
            kind("一般公共预算财政拨款“三公”经费支出决算表"),
            Some(ThreePublicExpenses)
        );
        assert_eq!(
            kind("政府性基金预算财政拨款收入支出决算表"),
            Some(GovernmentFund)
        );
        assert_eq!(
            kind("国有资本经营预算财政拨款支出决算表"),
            Some(StateCapital)
        );
        assert_eq!(
            kind("## 2022 年度部门整体支出绩效自评表"),
            Some(PerformanceOverall)
        );
        assert_eq!(
            kind("## 2022 年度项目支出绩效自评表"),
            Some(PerformanceProject)
        );
    }

    #[test]
    fn budget_names_and_numbering() {
        assert_eq!(
            kind("表1：2026年市级部门收支预算总表"),
            Some(IncomeExpenditureSummary)
        );
        assert_eq!(
            kind("                            收支总表"),
            Some(IncomeExpenditureSummary)
        );
        assert_eq!(kind("2026 年度收入预算总表"), Some(Income));
        assert_eq!(kind("表3：2026年市级部门支出预算总表"), Some(Expenditure));
        assert_eq!(
            kind("财政拨款支出表（功能科目）"),
            Some(GeneralBudgetExpenditure)
        );
        assert_eq!(
            kind("财政拨款基本支出表（经济科目）"),
            Some(GeneralBudgetBasicExpenditure)
        );
        assert_eq!(kind("一般公共预算支出表"), Some(GeneralBudgetExpenditure));
        assert_eq!(
            kind("一般公共预算基本支出表"),
            Some(GeneralBudgetBasicExpenditure)
        );
        assert_eq!(
            kind("一般公共预算“三公”经费、会议费、培训费支出表"),
            Some(ThreePublicExpenses)
        );
        assert_eq!(
            kind("2022年部门综合预算一般公共预算支出明细表（按支出经济分类科目）"),
            Some(Other)
        );
        assert_eq!(
            kind("2022年部门综合预算一般公共预算基本支出明细表（按支出功能分类科目）"),
            Some(Other)
        );
        assert_eq!(kind("表10：2026年市级部门项目支出预算表"), Some(Other));
        assert_eq!(
            kind("五、一般公共预算拨款支出预算表"),
            Some(GeneralBudgetExpenditure)
        );
        assert_eq!(
            kind("表8     2022 年部门综合预算一般公共预算基本支出明细表（按支出经济分类科目）"),
            Some(GeneralBudgetBasicExpenditure)
        );
        let m = classify_title("表1：2026年市级部门收支预算总表").unwrap();
        assert_eq!(m.printed_number.as_deref(), Some("表1"));
    }

    #[test]
    fn not_titles() {
        assert_eq!(kind("第二部分 2022年度部门决算表"), None);
        assert_eq!(kind("一、收支预算总表.......................8"), None);
        assert_eq!(kind("详见附件公开表。"), None);
        assert_eq!(kind("收入\t\t\t支出"), None);
    }

    #[test]
    fn number_lines() {
        assert!(is_number_line("公开 01 表  "));
        assert!(is_number_line("表1"));
        assert!(is_number_line(" 表 10"));
        assert!(!is_number_line("表1：2026年市级部门收支预算总表"));
        assert!(!is_number_line("表格"));
    }
}
