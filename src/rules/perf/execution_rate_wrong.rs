use super::{exact_rate, executed_and_budget, rate_check, sheets, stated_rate, Sheet};
use crate::declare_rule;
use crate::diagnostic::{CellRef, Finding, Label};
use crate::rules::{Context, Sink};
use crate::tolerance::{self, Approx, Verdict};
use rust_decimal::Decimal;

declare_rule! {
    /// 绩效自评表的执行率与全年执行数/全年预算数不符。
    ///
    /// 自评表的表注规定“执行率 = 全年执行数 / 全年预算数”（“调整后预算数”“预算执行率”是同一
    /// 口径的其他叫法）。执行率决定资金得分（分值 × 执行率），写错会连带得分和总分出错。
    /// 百分数按印出的位数判断，取整或尾数误差不报；超支时写 100%（封顶）不报。若所写执行率
    /// 恰好等于全年执行数 / 年初预算数，提示用错了分母。
    ///
    /// 例：项目全年预算数 3.5、全年执行数 3.5，执行率写 70%（= 3.5 / 年初预算数 5），应为
    /// 100%，资金得分也应为 10。修正：按全年预算数重算执行率及资金得分。
    ///
    /// The execution rate of a self-evaluation table is not 全年执行数 / 全年预算数 (the
    /// table's own note; 调整后预算数 is the same figure). Rounding to the printed digits is
    /// accepted, as is a rate capped at 100 %. When the stated rate equals 执行数 / 年初预算数
    /// the help says so. Example: 3.5 / 3.5 stated as 70 % (3.5 / 5). Recompute the rate and
    /// the funding score.
    pub static EXECUTION_RATE_WRONG = Rule {
        id: "perf.execution-rate-wrong",
        family: Perf,
        severity: Error,
        summary: "绩效自评表执行率与执行数/预算数不符",
        summary_en: "A self-evaluation execution rate does not match spending / budget",
        run: Some(check),
    };
}

fn check(ctx: &Context, sink: &mut Sink) {
    for sheet in sheets(ctx) {
        let Some(f) = &sheet.funding else { continue };
        let Some((rate, rd, pct, cell)) = stated_rate(f) else {
            continue;
        };
        let Some((e, _, b, _)) = executed_and_budget(sheet, f) else {
            continue;
        };
        let dec = sheet.decimals(ctx);
        let Some(c) = sheet.rate_check(ctx) else {
            continue;
        };
        if c.verdict != Verdict::Breaks {
            continue;
        }
        let shown = |v: Decimal| format!("{}%", v.normalize());
        let mut f_out = Finding::new(
            EXECUTION_RATE_WRONG.id,
            EXECUTION_RATE_WRONG.severity,
            cell.location,
            format!(
                "{}执行率写为{}，按全年执行数{}÷全年预算数{}应为{}",
                sheet.name,
                shown(rate),
                e.normalize(),
                b.normalize(),
                pct_dp(c.expected)
            ),
            format!(
                "{}: the execution rate is {} but 全年执行数 {} / 全年预算数 {} is {}",
                sheet.name,
                shown(rate),
                e.normalize(),
                b.normalize(),
                pct_dp(c.expected)
            ),
        );
        f_out.table = Some(sheet.table.id.clone());
        f_out.cell = Some(CellRef {
            table: sheet.table.id.clone(),
            row: "合计".into(),
            column: "执行率".into(),
        });
        f_out.stated = Some(rate);
        f_out.expected = Some(c.expected);
        f_out.difference = Some(c.difference);
        f_out.allowance = Some(c.allowance());
        for (col, name, name_en) in [
            (f.cols.executed, "全年执行数", "the annual spending"),
            (f.cols.annual, "全年预算数", "the annual budget"),
        ] {
            if let Some((v, _, cl)) = Sheet::amount(f.total, col) {
                f_out.related.push(
                    Label::new(
                        cl.location,
                        format!("{name} {}", v.normalize()),
                        format!("{name_en} ({name}) {}", v.normalize()),
                    )
                    .with_cell(Some(CellRef {
                        table: sheet.table.id.clone(),
                        row: "合计".into(),
                        column: name.into(),
                    }))
                    .with_value(v),
                );
            }
        }
        // How to fix it, in Chinese and in English.
        let mut help: Vec<(String, String)> = Vec::new();
        // The wrong denominator?
        if let Some((init, _, _)) = Sheet::amount(f.total, f.cols.initial) {
            let by_initial = rate_check(
                rate,
                rd,
                pct,
                Approx::printed(e, dec),
                Approx::printed(init, dec),
            );
            if by_initial.is_some_and(|x| x.verdict != Verdict::Breaks) {
                help.push((
                    format!(
                        "{} = 全年执行数{} ÷ 年初预算数{}，用错了分母；按表注，执行率 = 全年执行数 ÷ 全年预算数。",
                        shown(rate),
                        e.normalize(),
                        init.normalize()
                    ),
                    format!(
                        "{} = 全年执行数 {} / 年初预算数 {}: the wrong denominator; by the table note, the execution rate = 全年执行数 / 全年预算数.",
                        shown(rate),
                        e.normalize(),
                        init.normalize()
                    ),
                ));
            }
        }
        // The funding score follows the rate.
        if let (Some((points, _, _)), Some(score_cell)) = (
            points_of(f),
            f.cols
                .score
                .and_then(|c| f.total.cell(c))
                .filter(|c| c.number.is_some()),
        ) {
            if let Some(exact) = exact_rate(e, b) {
                let capped = exact.min(Decimal::ONE_HUNDRED);
                if let Some(score) = points
                    .checked_mul(capped)
                    .and_then(|v| v.checked_div(Decimal::ONE_HUNDRED))
                {
                    let s = score_cell.value_or_zero();
                    let sd = score_cell.number.map(|n| n.decimals).unwrap_or(0);
                    if tolerance::round(score, sd) == s
                        && s != tolerance::round(
                            points
                                .checked_mul(rate.min(Decimal::ONE_HUNDRED))
                                .and_then(|v| v.checked_div(Decimal::ONE_HUNDRED))
                                .unwrap_or(Decimal::MAX),
                            sd,
                        )
                    {
                        help.push((
                            format!(
                                "资金得分{}与按{}计算的{}相符（分值{} × 执行率），可见只是执行率写错。",
                                s.normalize(),
                                pct_dp(c.expected),
                                tolerance::round(score, 2).normalize(),
                                points.normalize()
                            ),
                            format!(
                                "The funding score {} agrees with {} computed from {} (points {} × execution rate), so only the execution rate is misprinted.",
                                s.normalize(),
                                tolerance::round(score, 2).normalize(),
                                pct_dp(c.expected),
                                points.normalize()
                            ),
                        ));
                    } else if tolerance::round(score, sd) != s {
                        help.push((
                            format!(
                                "资金得分也应随之改为{}（分值{} × {}），总分相应调整。",
                                tolerance::round(score, 2).normalize(),
                                points.normalize(),
                                shown(tolerance::round(capped, 2))
                            ),
                            format!(
                                "The funding score should then become {} (points {} × {}), and the total score should change to match.",
                                tolerance::round(score, 2).normalize(),
                                points.normalize(),
                                shown(tolerance::round(capped, 2))
                            ),
                        ));
                    }
                }
            }
        }
        if help.is_empty() {
            help.push((
                "按全年执行数 ÷ 全年预算数重算执行率，并相应调整资金得分。".into(),
                "Recompute the execution rate as 全年执行数 / 全年预算数, and adjust the funding score to match.".into(),
            ));
        }
        let (zh, en): (Vec<String>, Vec<String>) = help.into_iter().unzip();
        f_out.set_help(zh.join(""), en.join(" "));
        sink.push(f_out);
    }
}

/// A recomputed rate as printed to its decimals: "86.40%".
fn pct_dp(v: Decimal) -> String {
    format!("{v}%")
}

fn points_of<'t>(f: &super::Funding<'t>) -> Option<(Decimal, u32, &'t crate::model::Cell)> {
    Sheet::amount(f.total, f.cols.points)
}

#[cfg(test)]
mod tests {
    use crate::rules::perf::testing::PROJECT;
    use crate::rules::testing::findings_of;

    const ID: &str = "perf.execution-rate-wrong";

    #[test]
    fn a_consistent_rate_passes() {
        assert!(findings_of(PROJECT, ID).is_empty());
        // Rounded to whole percent: 3.8 / 4 = 95 %; 3.81/4 = 95.25% printed 95%.
        let text = PROJECT.replace("\t4\t4\t3.8\t10\t95%", "\t4\t4\t3.81\t10\t95%");
        assert!(findings_of(&text, ID).is_empty());
    }

    #[test]
    fn a_rate_against_the_initial_budget_is_found() {
        let text = PROJECT
            .replace(
                "\t合计\t\t4\t4\t3.8\t10\t95%\t9.5",
                "\t合计\t\t5\t3.5\t3.5\t10\t70%\t7",
            )
            .replace(
                "其中：当年财政拨款\t\t4\t4\t3.8",
                "其中：当年财政拨款\t\t5\t3.5\t3.5",
            );
        let f = findings_of(&text, ID);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].expected.unwrap().normalize().to_string(), "100");
        let help = f[0].help.as_deref().unwrap();
        assert!(help.contains("年初预算数"), "{help}");
        assert!(help.contains("资金得分"), "{help}");
    }

    #[test]
    fn a_capped_rate_passes() {
        let text = PROJECT.replace("\t4\t4\t3.8\t10\t95%\t9.5", "\t4\t4\t4.2\t10\t100%\t10");
        assert!(findings_of(&text, ID).is_empty());
    }
}

#[cfg(test)]
mod other_layouts {
    use crate::rules::testing::findings_of;

    /// Sichuan-style headers: 调整后预算数, 执行数, 预算执行率, in another order.
    const SICHUAN: &str = "项目支出绩效自评表\n\n项目名称\t某某专项\t\t\t\t\t\t\n年度资金（万元）\t\t年初预算数\t调整后预算数\t执行数\t分值\t预算执行率\t得分\n\t年度资金总额\t10\t8\t6\t10\t75%\t7.5\n\t其中：财政拨款\t10\t8\t6\t\t\t\n\t其他资金\t\t\t\t\t\t\n";

    #[test]
    fn synonyms_and_order_are_understood() {
        assert!(findings_of(SICHUAN, "perf.execution-rate-wrong").is_empty());
        assert!(findings_of(SICHUAN, "perf.funding-total-mismatch").is_empty());
        let wrong = SICHUAN.replace("10\t75%\t7.5", "10\t60%\t6");
        let f = findings_of(&wrong, "perf.execution-rate-wrong");
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(
            f[0].help.as_deref().unwrap_or("").contains("年初预算数"),
            "{f:#?}"
        );
    }
}
