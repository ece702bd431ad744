use super::{at_title, standard_tables};
use crate::declare_rule;
use crate::rules::{Context, Sink};

declare_rule! {
    /// 表头年度与文档年度不一致（X18）：各表标题中的年度（如“2022年度收入支出决算总表”）
    /// 应与封面和正文的决算（预算）年度相同。常见原因是套用上年模板后未改年份。
    ///
    /// A table title names a year other than the disclosure's (e.g. last year's template left
    /// unchanged).
    pub static YEAR_MISMATCH = Rule {
        id: "cross.year-mismatch",
        family: Cross,
        severity: Warning,
        summary: "表头年度与文档年度不一致",
        summary_en: "A table title names another year",
        run: Some(check),
    };
}

/// The year a title names ("2022年度…", "2022年…").
pub(crate) fn title_year(title: &str) -> Option<i32> {
    let chars: Vec<char> = title.chars().collect();
    for i in 0..chars.len().saturating_sub(4) {
        let window = &chars[i..i + 4];
        if window.iter().all(|c| c.is_ascii_digit())
            && chars.get(i + 4) == Some(&'年')
            && (i == 0 || !chars[i - 1].is_ascii_digit())
        {
            let s: String = window.iter().collect();
            return s.parse().ok().filter(|y| (2000..2100).contains(y));
        }
    }
    None
}

fn check(ctx: &Context, sink: &mut Sink) {
    let Some(year) = ctx.doc.year else { return };
    for table in standard_tables(ctx) {
        let Some(y) = title_year(&table.title) else {
            continue;
        };
        if y == year {
            continue;
        }
        at_title(
            sink,
            table,
            format!("表“{}”标明{y}年，而本文档是{year}年度的", table.title),
            format!(
                "table “{}” says {y}, but the disclosure is for {year}",
                table.title
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn title_years_are_read() {
        assert_eq!(super::title_year("2022年度收入支出决算总表"), Some(2022));
        assert_eq!(super::title_year("收入支出决算总表"), None);
    }
}
