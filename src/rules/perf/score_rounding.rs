use super::{score_finding, sheets};
use crate::declare_rule;
use crate::diagnostic::Label;
use crate::rules::{Context, Sink};
use crate::tolerance;

declare_rule! {
    /// 资金得分是取整后的数（如 8.64 记为 9），总分因此含尾差；或同一文件中各自评表的得分
    /// 取整规则不一致（有的取整数、有的保留一位小数）。
    ///
    /// 取整本身允许，但应全文一致，并让读者能从执行率复核得分。这是提示，不是错误。
    ///
    /// 例：部门整体自评表执行率 86.40%，资金得分记 9（应为 8.64），总分 98 按 9 计算（按
    /// 8.64 为 97.64）；项目表中一张得分 2（2.225 取整），另一张得分 2.5（保留一位小数）。
    /// 修正：统一取整规则，必要时注明。
    ///
    /// The funding score is a rounded figure (8.64 printed 9), so the total carries the
    /// rounding; or the tables of one document round scores differently (whole points in one,
    /// one decimal in another). Allowed, but should be consistent. Information only.
    pub static SCORE_ROUNDING = Rule {
        id: "perf.score-rounding",
        family: Perf,
        severity: Info,
        summary: "绩效自评得分取整或取整规则不一致",
        summary_en: "Self-evaluation scores are rounded, or rounded inconsistently",
        run: Some(check),
    };
}

fn check(ctx: &Context, sink: &mut Sink) {
    let all = sheets(ctx);
    let scores: Vec<_> = all.iter().map(|s| s.fund_score(ctx)).collect();
    for (sheet, score) in all.iter().zip(&scores) {
        let Some(s) = score else { continue };
        if !s.consistent || s.stated == s.exact {
            continue;
        }
        // Another table of the same kind prints its score with more decimals.
        let finer = all
            .iter()
            .zip(&scores)
            .filter(|(o, _)| o.project == sheet.project && !std::ptr::eq(*o, sheet))
            .filter_map(|(o, os)| os.as_ref().map(|os| (o, os)))
            .filter(|(_, os)| {
                os.consistent && os.decimals > s.decimals && !os.stated.fract().is_zero()
            })
            .find(|(_, os)| tolerance::round(s.exact, os.decimals) != s.stated);
        if let Some((other, os)) = finer {
            let mut f = score_finding(
                &SCORE_ROUNDING,
                sheet,
                "合计",
                s.cell.location,
                s.stated,
                format!(
                    "{}资金得分{}是{}取整的结果，而{}的得分{}保留了小数：取整规则不一致",
                    sheet.name,
                    s.stated.normalize(),
                    tolerance::round(s.exact, 3).normalize(),
                    other.name,
                    os.stated.normalize()
                ),
                format!(
                    "{}: the funding score {} is {} rounded, while {} prints {} with decimals: inconsistent rounding",
                    sheet.name,
                    s.stated.normalize(),
                    tolerance::round(s.exact, 3).normalize(),
                    other.name,
                    os.stated.normalize()
                ),
            );
            f.expected = Some(tolerance::round(s.exact, os.decimals));
            f.related.push(Label::new(
                os.cell.location,
                format!("{} 得分 {}", other.name, os.stated.normalize()),
                format!(
                    "{}: the funding score {}",
                    other.name,
                    os.stated.normalize()
                ),
            ));
            f.set_help(
                "全文统一得分的取整规则（如一律保留一位或两位小数），必要时在表注中说明。",
                "Round scores the same way throughout (for example always to one or two decimals), and say so in a table note if needed.",
            );
            sink.push(f);
            continue;
        }
        // Otherwise: the total uses the rounded score.
        let Some(total) = &sheet.total else { continue };
        let Some(tcell) = total.score_col.and_then(|c| total.row.cell(c)) else {
            continue;
        };
        let Some(tv) = tcell.value() else { continue };
        let Some(exact_total) = tv
            .checked_sub(s.stated)
            .and_then(|v| v.checked_add(s.exact))
        else {
            continue;
        };
        let mut f = score_finding(
            &SCORE_ROUNDING,
            sheet,
            "总分",
            tcell.location,
            tv,
            format!(
                "{}总分{}按取整后的资金得分{}计算；按执行率资金得分为{}，总分应为{}",
                sheet.name,
                tv.normalize(),
                s.stated.normalize(),
                tolerance::round(s.exact, 2).normalize(),
                tolerance::round(exact_total, 2).normalize()
            ),
            format!(
                "{}: the total {} uses the rounded funding score {}; from the execution rate it is {}, giving {}",
                sheet.name,
                tv.normalize(),
                s.stated.normalize(),
                tolerance::round(s.exact, 2).normalize(),
                tolerance::round(exact_total, 2).normalize()
            ),
        );
        f.expected = Some(tolerance::round(exact_total, 2));
        f.related.push(Label::new(
            s.cell.location,
            format!("资金得分 {}", s.stated.normalize()),
            format!("the funding score {}", s.stated.normalize()),
        ));
        f.set_help(
            "尾差属取整所致；如需精确，可保留两位小数或在表注中说明取整规则。",
            "The small difference comes from rounding; to be exact, keep two decimals or state the rounding rule in a table note.",
        );
        sink.push(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::perf::testing::PROJECT;
    use crate::rules::testing::findings_of;

    const ID: &str = "perf.score-rounding";

    #[test]
    fn an_exact_score_passes() {
        assert!(findings_of(PROJECT, ID).is_empty());
    }

    #[test]
    fn a_rounded_score_is_noted() {
        // 3.45 / 4 = 86.25 % → 8.625 points, printed 9.
        let text = PROJECT
            .replace(
                "\t合计\t\t4\t4\t3.8\t10\t95%\t9.5",
                "\t合计\t\t4\t4\t3.45\t10\t86%\t9",
            )
            .replace(
                "其中：当年财政拨款\t\t4\t4\t3.8",
                "其中：当年财政拨款\t\t4\t4\t3.45",
            )
            .replace("100\t98.5", "100\t98");
        let f = findings_of(&text, ID);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(f[0].message.contains("总分"));
    }
}
