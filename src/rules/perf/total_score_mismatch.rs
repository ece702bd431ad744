use super::{score_term, sheets, Sheet};
use crate::declare_rule;
use crate::rules::{Context, Identity, Sink};

declare_rule! {
    /// 绩效自评表的总分不等于资金得分与各项指标得分之和（分值栏同样核对：总分分值 = 资金分值 +
    /// 各指标分值）。
    ///
    /// 总分决定评价等级。资金得分按分值 × 执行率计算，可能带小数，按其印出位数留出尾数误差；
    /// 各指标的分值与得分是直接打出的分数，按精确值核对。
    ///
    /// 例：资金得分 9、指标得分合计 89，总分写 97，应为 98。修正：重新加总。
    ///
    /// The total score of a self-evaluation table is not the funding score plus the indicator
    /// scores (and likewise for the points column). Example: 9 + 89 printed as 97 instead of 98.
    pub static TOTAL_SCORE_MISMATCH = Rule {
        id: "perf.total-score-mismatch",
        family: Perf,
        severity: Error,
        summary: "绩效自评表总分不等于各项得分之和",
        summary_en: "A self-evaluation total score is not the sum of the scores",
        run: Some(check),
    };
}

fn check(ctx: &Context, sink: &mut Sink) {
    for sheet in sheets(ctx) {
        let Some(total) = &sheet.total else { continue };
        if sheet.indicators.is_empty() {
            continue;
        }
        for (is_score, col, col_name) in [
            (false, total.points_col, "分值"),
            (true, total.score_col, "得分"),
        ] {
            let Some(col) = col else { continue };
            let Some(tcell) = total.row.cell(col) else {
                continue;
            };
            let Some(tv) = tcell.number.filter(|n| !n.percent).map(|n| n.value) else {
                continue;
            };
            let mut parts = Vec::with_capacity(sheet.indicators.len() + 1);
            if let Some(f) = &sheet.funding {
                let fcol = if is_score {
                    f.cols.score
                } else {
                    f.cols.points
                };
                if let Some((v, _, c)) = Sheet::amount(f.total, fcol) {
                    parts.push(score_term(sheet, c, v, is_score, "资金", col_name));
                }
            }
            let mut missing = false;
            for ind in &sheet.indicators {
                let cell = if is_score { ind.score } else { ind.points };
                match cell.and_then(|c| c.number.map(|n| (c, n.value))) {
                    Some((c, v)) => {
                        let name = if ind.level3.is_empty() {
                            &*ind.level2
                        } else {
                            &*ind.level3
                        };
                        parts.push(score_term(sheet, c, v, false, name.to_string(), col_name));
                    }
                    None => missing = true,
                }
            }
            // An indicator without a figure in this column: the column is not filled in.
            if missing && !is_score {
                continue;
            }
            let t = score_term(sheet, tcell, tv, false, "总分", col_name);
            let (about, about_en) = if is_score {
                (
                    "资金与各项指标得分之和",
                    "the sum of the funding and indicator scores",
                )
            } else {
                (
                    "资金与各项指标分值之和",
                    "the sum of the funding and indicator points",
                )
            };
            sink.identity(Identity::equal(t, parts, about, about_en));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::perf::testing::PROJECT;
    use crate::rules::testing::findings_of;

    const ID: &str = "perf.total-score-mismatch";

    #[test]
    fn a_consistent_total_passes() {
        assert!(
            findings_of(PROJECT, ID).is_empty(),
            "{:#?}",
            findings_of(PROJECT, ID)
        );
    }

    #[test]
    fn a_wrong_total_is_found() {
        let text = PROJECT.replace("100\t98.5\t等级", "100\t97.5\t等级");
        let f = findings_of(&text, ID);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].stated.unwrap().to_string(), "97.5");
    }
}
