use super::bind::{resolve, Quantity};
use super::share_mismatch::{judge, operands};
use super::Narrative;
use super::{fig_label, in_unit_of, section_name, shown, term_label, terms_approx};
use crate::declare_rule;
use crate::diagnostic::{Finding, Severity};
use crate::model::MoneyUnit;
use crate::rules::{Context, Identity, Sink};
use crate::tolerance::{self, Verdict};
use rust_decimal::Decimal;

declare_rule! {
    /// 说明中引用的金额与表中对应数字不符：收支总计、本年收入合计与各项收入、本年支出合计与
    /// 基本支出/项目支出/上缴上级支出…、财政拨款收支总计、一般公共预算财政拨款支出及其各类、
    /// 人员经费与公用经费、“三公”经费各项的预算数与决算数；预算中的“收入预算”“支出预算”
    /// （收支总计，或各模板所指的本年收入、支出合计）和说明列举的功能分类各类支出。
    ///
    /// 说明中的数字按其所在的模板章节（按标题关键词识别，如“支出决算情况说明”，不按序号）
    /// 和它前面的主语（“基本支出”）对应到表中的格；对应不确定时不报告。金额单位按各自所印
    /// 换算（说明用万元、表用元也可比较）；说明写“元”而数字正好是表中的万元数时，报告单位
    /// 错误。说明与表格不符时，通常是说明写错：若紧随其后的占比与表中数字相符而与说明的金额
    /// 不符，就更能说明这一点；但如果表中那一格与表内、表间的其他等式都对不上，则报告表格。
    ///
    /// Example: “基本支出116.61万元，占95.39%” while 公开03表 基本支出 is 111.61 万元 (and
    /// 111.61/117 = 95.39%): the narrative amount is wrong.
    ///
    /// An amount the narrative attributes to a table quantity differs from the table. Figures
    /// are bound by their section (recognised by title key words) and subject words; unsure
    /// bindings are skipped. Units are converted; "元" printed where the table's 万元 figure is
    /// meant is reported as a unit error.
    pub static AMOUNT_MISMATCH = Rule {
        id: "narrative.amount-mismatch",
        family: Narrative,
        severity: Error,
        summary: "说明中的金额与表中数字不符",
        summary_en: "A narrative amount differs from the table",
        run: Some(check),
    };
}

fn check(ctx: &Context, sink: &mut Sink) {
    let n = ctx.narrative();
    for i in 0..n.figs.len() {
        let q = ctx.bound(n, i);
        let Some(q) = q.as_ref() else { continue };
        let fig = n.figs[i].f;
        let fterm = ctx.view.figure_term(fig);
        // Of two quantities the figure may mean, it is checked against the first unless it is
        // the second.
        if let Quantity::Either(_, second) = q {
            let second = resolve(ctx, second)
                .filter(|cells| !cells.is_empty())
                .map(|cells| Identity::equal_parts(fterm.clone(), cells))
                .map(|identity| {
                    let verdict = identity.verdict();
                    (identity, verdict)
                })
                .filter(|(_, verdict)| verdict.holds());
            if let Some((identity, verdict)) = second {
                // Evidence for the other rules that the figure is right (a figure within
                // rounding of the other quantity is left without a note).
                if verdict == Verdict::Exact {
                    sink.identity(identity);
                }
                continue;
            }
        }
        // (The first of two quantities resolves as the pair does.)
        let cells = ctx.resolved(n, i);
        let Some(cells) = cells.as_deref() else {
            continue;
        };
        if cells.is_empty() {
            continue;
        }
        // A narrative figure that is the table's figure rounded to fewer decimals (or printed
        // in a larger unit) is the same figure.
        if let Some(table) = terms_approx(cells) {
            let unit = MoneyUnit::from_text(&fig.unit).unwrap_or(MoneyUnit::WanYuan);
            if let Some(v) = table.value.checked_div(unit.yuan_factor()) {
                let finer = cells.iter().all(|t| {
                    t.factor < unit.yuan_factor()
                        || t.factor == unit.yuan_factor() && t.decimals >= fig.decimals
                });
                if finer && tolerance::round(v, fig.decimals) == fig.value && fig.value != v {
                    continue;
                }
            }
        }
        let verdict = crate::rules::identity::verdict(
            crate::rules::identity::Relation::Equal,
            &fterm,
            cells.iter().map(|t| (1, t)),
        );
        let identity = || Identity::equal_parts(fterm, cells.iter().cloned());
        if verdict != Verdict::Breaks {
            sink.identity(identity());
            continue;
        }
        let Some(table) = terms_approx(cells) else {
            continue;
        };
        // "元" printed where 万元 is meant (N20).
        if let Some(f) = unit_slip(sink, n, i, table.value, cells) {
            sink.push(f);
            continue;
        }
        // A share right after the amount that agrees with the table and not with the text.
        if let Some(f) = share_evidence(ctx, sink, n, i, cells) {
            sink.push(f);
            continue;
        }
        sink.identity(identity());
    }
}

fn unit_slip(
    sink: &Sink,
    n: &Narrative,
    i: usize,
    table_yuan: Decimal,
    cells: &[crate::rules::identity::Term],
) -> Option<Finding> {
    let fig = n.figs[i].f;
    let unit = MoneyUnit::from_text(&fig.unit)?;
    for meant in [MoneyUnit::WanYuan, MoneyUnit::Yuan, MoneyUnit::YiYuan] {
        if meant == unit {
            continue;
        }
        let as_meant = fig.value.checked_mul(meant.yuan_factor())?;
        let half = tolerance::half_unit(fig.decimals).checked_mul(meant.yuan_factor())?;
        let cells_half: Decimal = cells
            .iter()
            .filter(|t| t.printed)
            .map(|t| tolerance::half_unit(t.decimals) * t.factor)
            .sum();
        if table_yuan.is_zero() {
            return None;
        }
        if (as_meant - table_yuan).abs() <= half + cells_half {
            let zh = format!(
                "说明“{}”中“{}”写为{}，而表中为{}：数字相同、单位不同，应为{}{}",
                section_name(n.doc, fig),
                fig.subject,
                shown(fig),
                in_unit_of(table_yuan, fig),
                fig.value.normalize(),
                meant.as_str()
            );
            let en = format!(
                "the narrative prints {} for {}, the table's figure is {}: the unit should be {}",
                shown(fig),
                fig.subject,
                in_unit_of(table_yuan, fig),
                meant.as_str()
            );
            let mut f = Finding::new(sink.rule().id, Severity::Error, fig.location, zh, en);
            f.stated = Some(fig.value);
            f.related = cells.iter().map(|t| term_label(n.doc, t)).collect();
            f.set_help(
                format!("把单位“{}”改为“{}”。", unit.as_str(), meant.as_str()),
                format!(
                    "Change the unit “{}” to “{}”.",
                    unit.as_str(),
                    meant.as_str()
                ),
            );
            return Some(f);
        }
    }
    None
}

fn share_evidence(
    ctx: &Context,
    sink: &Sink,
    n: &Narrative,
    i: usize,
    cells: &[crate::rules::identity::Term],
) -> Option<Finding> {
    let range = n.sentence_of(i);
    let j = (i + 1..range.end).find(|&j| n.figs[j].is_percent())?;
    // Only the share directly attached to this amount.
    if (i + 1..j).any(|k| n.figs[k].is_amount()) {
        return None;
    }
    let (num, den) = operands(ctx, n, j)?;
    if num != i {
        return None;
    }
    let den_approx = den.approx(n)?;
    let text = judge(n, j, n.figs[i].approx_yuan()?, den_approx)?;
    let table = judge(n, j, terms_approx(cells)?, den_approx)?;
    if text.verdict.holds() || !table.verdict.holds() {
        return None;
    }
    let fig = n.figs[i].f;
    let share = n.figs[j].f;
    let table_yuan = terms_approx(cells)?.value;
    let expected = table_yuan.checked_div(
        MoneyUnit::from_text(&fig.unit)
            .unwrap_or(MoneyUnit::WanYuan)
            .yuan_factor(),
    )?;
    let cell_what = cells
        .iter()
        .map(|t| format!("{} {}", t.what(n.doc), t.shown()))
        .collect::<Vec<_>>()
        .join("、");
    let zh = format!(
        "说明“{}”中“{}”写为{}，与{}不符；其后的占比{}也与表中数字相符，说明中的金额应为{}",
        section_name(n.doc, fig),
        fig.subject,
        shown(fig),
        cell_what,
        shown(share),
        in_unit_of(table_yuan, fig)
    );
    let en = format!(
        "the narrative states {} for {}, but {}; the share {} that follows matches the table, so the amount should be {}",
        shown(fig),
        fig.subject,
        cell_what,
        shown(share),
        in_unit_of(table_yuan, fig)
    );
    let mut f = Finding::new(sink.rule().id, Severity::Error, fig.location, zh, en);
    f.stated = Some(fig.value);
    f.expected = Some(tolerance::round(expected, fig.decimals.max(2)));
    f.difference = f.stated.zip(f.expected).map(|(s, e)| s - e);
    f.related = cells.iter().map(|t| term_label(ctx.doc, t)).collect();
    f.related.push(fig_label(n.doc, share));
    Some(f)
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings_of;

    const SAMPLE: &str = include_str!("../../../tests/fixtures/samples/000.txt");

    #[test]
    fn the_sample_basic_expenditure_typo() {
        let f = findings_of(SAMPLE, "narrative.amount-mismatch");
        let errors: Vec<_> = f
            .iter()
            .filter(|f| f.severity == crate::Severity::Error)
            .collect();
        assert_eq!(errors.len(), 1, "{f:#?}");
        assert_eq!(errors[0].location.line, 376);
        assert_eq!(errors[0].stated.unwrap().to_string(), "116.61");
        assert_eq!(errors[0].expected.unwrap().to_string(), "111.61");
        assert!(errors[0]
            .related
            .iter()
            .any(|l| l.cell.as_ref().is_some_and(|c| c.table == "03")));
        assert!(errors[0]
            .related
            .iter()
            .any(|l| l.message.contains("95.39")));
    }

    #[test]
    fn a_corrected_sample_is_silent() {
        let text = SAMPLE.replace("基本支出116.61万元", "基本支出111.61万元");
        let f = findings_of(&text, "narrative.amount-mismatch");
        assert!(f.is_empty(), "{f:#?}");
    }

    #[test]
    fn government_fund_figures_are_tied_to_08() {
        let text = SAMPLE.replace(
            "2022年度政府性基金预算财政拨款收入0万元",
            "2022年度政府性基金预算财政拨款收入5万元",
        );
        let f = findings_of(&text, "narrative.amount-mismatch");
        assert!(
            f.iter()
                .any(|f| f.location.line == 440 && f.message.contains("公开08表")),
            "{f:#?}"
        );
    }

    #[test]
    fn an_empty_08_still_ties_basic_and_project_spending() {
        for (from, to) in [
            ("其中基本支出0万元", "其中基本支出3万元"),
            ("项目支出0万元；年末", "项目支出3万元；年末"),
        ] {
            let text = SAMPLE.replace(from, to);
            let f = findings_of(&text, "narrative.amount-mismatch");
            assert!(
                f.iter()
                    .any(|f| f.location.line == 440 && f.message.contains("公开08表")),
                "{to}: {f:#?}"
            );
        }
    }

    #[test]
    fn fiscal_income_and_spending_by_source_are_tied_to_04_and_05() {
        const XIAN: &str =
            include_str!("../../../tests/fixtures/samples/2026-xian-medicalsecurity-budget.txt");
        assert!(findings_of(XIAN, "narrative.amount-mismatch")
            .iter()
            .all(|f| f.severity == crate::Severity::Info));
        // 财政拨款收入 (04), 一般公共预算拨款支出 (05) and 当年一般公共预算支出 (05).
        errors_at(
            XIAN,
            &[
                (
                    237,
                    "2022 年本部门财政拨款收入 48054.42",
                    "2022 年本部门财政拨款收入 48055.42",
                ),
                (
                    240,
                    "中一般公共预算拨款支出 48054.42",
                    "中一般公共预算拨款支出 48055.42",
                ),
                (
                    247,
                    "当年一般公共预算支出 48054.42 万元，其中：\n （1）",
                    "当年一般公共预算支出 48055.42 万元，其中：\n （1）",
                ),
            ],
        );
    }

    #[test]
    fn personnel_and_public_use_are_tied_by_the_budget_templates_words() {
        const HANGZHOU: &str =
            include_str!("../../../tests/fixtures/samples/2026-hangzhou-justice-budget.txt");
        // 人员支出 and 日常公用支出 (Hangzhou's words for 人员经费 and 公用经费), against 表6.
        errors_at(
            HANGZHOU,
            &[
                (
                    301,
                    "人员支出 58,486.35 万元，主要",
                    "人员支出 58,487.35 万元，主要",
                ),
                (
                    307,
                    "日常公用支出 12,237.94 万元，主要",
                    "日常公用支出 12,238.94 万元，主要",
                ),
            ],
        );
    }

    #[test]
    fn budget_spending_named_with_yusuan_is_tied() {
        const WUXI: &str =
            include_str!("../../../tests/fixtures/samples/2026-wuxi-emergency-budget.txt");
        // "财政拨款预算支出" (04's 一、本年支出), "财政拨款基本支出预算" (05's 基本支出),
        // "一般公共预算财政拨款支出预算" (05's total).
        errors_at(
            WUXI,
            &[
                (
                    836,
                    "财政拨款预算支出 9,096.11",
                    "财政拨款预算支出 9,097.11",
                ),
                (
                    902,
                    "财政拨款基本支出预算 3,604.32",
                    "财政拨款基本支出预算 3,605.32",
                ),
                (
                    920,
                    "支出预算\n  8,326.11 万元",
                    "支出预算\n  8,327.11 万元",
                ),
            ],
        );
    }

    #[test]
    fn a_listed_sangong_table_and_a_named_budget_total_are_tied() {
        const FUZHOU: &str =
            include_str!("../../../tests/fixtures/samples/2026-fuzhou-commerce-budget.txt");
        errors_at(
            FUZHOU,
            &[
                // The department's name before "收入预算为".
                (644, "收入预算为 24995.94", "收入预算为 24996.94"),
                // 07 printed as a list of items under one 预算数 column.
                (715, "2026 年预算安排 70.00", "2026 年预算安排 71.00"),
                (723, "公务用车运行费 8.00", "公务用车运行费 9.00"),
            ],
        );
    }

    /// Each (line, from, to): replacing `from` by `to` in `text` gives an error at `line`.
    fn errors_at(text: &str, cases: &[(u32, &str, &str)]) {
        for &(line, from, to) in cases {
            let changed = text.replacen(from, to, 1);
            assert_ne!(changed, text, "{from}");
            let f = findings_of(&changed, "narrative.amount-mismatch");
            assert!(
                f.iter()
                    .any(|f| f.location.line == line && f.severity == crate::Severity::Error),
                "{line}: {f:#?}"
            );
        }
    }

    #[test]
    fn sangong_budget_and_actual_are_tied_to_07() {
        let text = SAMPLE.replace("公务接待费支出预算为0.4万元", "公务接待费支出预算为0.5万元");
        let f = findings_of(&text, "narrative.amount-mismatch");
        assert!(f.iter().any(|f| f.location.line == 420), "{f:#?}");
        // The sample's "完成预算的0%" (0 of 0.4) is right and stays silent.
        assert!(findings_of(SAMPLE, "narrative.completion-rate-mismatch")
            .iter()
            .all(|f| f.location.line < 414));
    }

    #[test]
    fn budget_personnel_columns_are_tied_to_the_total_row() {
        const WUXI: &str =
            include_str!("../../../tests/fixtures/samples/2026-wuxi-emergency-budget.txt");
        assert!(findings_of(WUXI, "narrative.amount-mismatch").is_empty());
        let text = WUXI.replacen(
            "（二）公用经费 196.94 万元",
            "（二）公用经费 186.94 万元",
            1,
        );
        let f = findings_of(&text, "narrative.amount-mismatch");
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].expected.unwrap().to_string(), "196.94");
    }

    #[test]
    fn yuan_for_wan_yuan_is_a_unit_error() {
        let text = SAMPLE.replace("其他收入11.2万元", "其他收入11.2元");
        let f = findings_of(&text, "narrative.amount-mismatch");
        assert!(
            f.iter()
                .any(|f| f.location.line == 372 && f.message.contains("单位")),
            "{f:#?}"
        );
    }

    const HANGZHOU: &str =
        include_str!("../../../tests/fixtures/samples/2026-hangzhou-justice-budget.txt");

    #[test]
    fn a_budgets_income_and_expenditure_are_tied_to_01() {
        // "收入预算" is 收入总计 here (本年收入 98,883.14 + 上年结转 347.32): either reading holds.
        assert!(findings_of(HANGZHOU, "narrative.amount-mismatch").is_empty());
        let text = HANGZHOU.replacen("2026 年收入预算 99,230.46", "2026 年收入预算 99,231.46", 1);
        let f = findings_of(&text, "narrative.amount-mismatch");
        assert!(f.iter().any(|f| f.location.line == 90), "{f:#?}");
        // This year's income alone (without the carry-over) is the other reading, and holds.
        let text = HANGZHOU.replacen("2026 年收入预算 99,230.46", "2026 年收入预算 98,883.14", 1);
        let f = findings_of(&text, "narrative.amount-mismatch");
        assert!(f.iter().all(|f| f.location.line != 90), "{f:#?}");
    }

    #[test]
    fn a_class_the_expenditure_section_lists_is_tied_to_01() {
        let text = HANGZHOU.replacen(
            "包括一般公共服务支出 12,868.19",
            "包括一般公共服务支出 12,869.19",
            1,
        );
        let f = findings_of(&text, "narrative.amount-mismatch");
        assert!(f.iter().any(|f| f.location.line == 104), "{f:#?}");
    }

    #[test]
    fn a_budgets_balances_in_its_overall_section_are_tied_to_01() {
        const WUXI: &str =
            include_str!("../../../tests/fixtures/samples/2026-wuxi-emergency-budget.txt");
        let text = WUXI.replacen("2．年终结转结余为 0 万元", "2．年终结转结余为 37 万元", 1);
        let f = findings_of(&text, "narrative.amount-mismatch");
        assert!(f.iter().any(|f| f.location.line == 775), "{f:#?}");
        // 上年结转结余 is this year's opening balance, not a last-year figure.
        let text = WUXI.replacen("2．上年结转结余为 0 万元", "2．上年结转结余为 37 万元", 1);
        let f = findings_of(&text, "narrative.amount-mismatch");
        assert!(f.iter().any(|f| f.location.line == 748), "{f:#?}");
    }
}
