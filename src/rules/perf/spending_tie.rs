use super::{sheets, Sheet};
use crate::declare_rule;
use crate::model::{Block, Row, Table, TableKind};
use crate::rules::identity::Relation;
use crate::rules::roles::{find_column, Line};
use crate::rules::view::total_row;
use crate::rules::{Context, Identity, Sink, Term};
use crate::tolerance::{self, Verdict};

declare_rule! {
    /// 绩效自评表的执行数与决算表对不上：各项目支出绩效自评表的全年执行数之和不能超过公开03表
    /// 的项目支出合计；部门整体支出绩效自评表的全年执行数应等于公开01表的本年支出合计（只填
    /// 财政拨款口径时等于财政拨款支出合计）。
    ///
    /// 自评表的资金数来自同一套决算，自评的项目只是全部项目的一部分，执行数之和不会超过项目
    /// 支出；部门整体自评反映全部支出。差额在尾数误差以内不报。
    ///
    /// 例：三个项目执行数 3.5 + 0.89 + 1 = 5.39，公开03表项目支出 5.39，相符；部门整体全年
    /// 执行数 117 = 公开01表本年支出合计 117，相符。修正：核对自评表或决算表中的数字。
    ///
    /// The spending in the self-evaluation tables disagrees with the final-accounts tables: the
    /// projects' 全年执行数 together cannot exceed 项目支出 of table 03, and the department-wide
    /// table's 全年执行数 should equal 本年支出合计 of table 01 (or the fiscal total when the
    /// table covers 财政拨款 only).
    pub static SPENDING_TIE = Rule {
        id: "perf.spending-tie",
        family: Perf,
        severity: Error,
        summary: "绩效自评表执行数与决算表不符",
        summary_en: "Self-evaluation spending disagrees with the final-accounts tables",
        run: Some(check),
    };
}

/// The cell of a table's grand-total row in the first column whose header has `words`.
fn total_cell<'t>(
    ctx: &Context<'t>,
    table: &'t Table,
    words: &[&str],
    none: &[&str],
) -> Option<Term> {
    for block in &table.blocks {
        let Some(col) = find_column(block, words, none) else {
            continue;
        };
        if let Some(row) = total_row(block) {
            return ctx.view.term(table, block, row, col);
        }
    }
    None
}

/// 01's 本年支出合计.
fn expenditure_total<'t>(ctx: &Context<'t>, table: &'t Table) -> Option<Term> {
    let lines = ctx.summary_lines(table);
    let (_, bi, row): &(Line, usize, &Row) = lines
        .iter()
        .find(|(l, _, _)| *l == Line::ExpenditureTotal)?;
    let block: &Block = table.blocks.get(*bi)?;
    let col = (0..block.columns.len()).find(|&c| {
        row.cell(c)
            .is_some_and(|c| c.number.is_some_and(|n| !n.percent))
    })?;
    ctx.view.term(table, block, row, col)
}

fn check(ctx: &Context, sink: &mut Sink) {
    if ctx.view.is_budget() {
        return;
    }
    let all = sheets(ctx);
    // Projects against 03 项目支出.
    let projects: Vec<Term> = all
        .iter()
        .filter(|s| s.project)
        .filter_map(|s| {
            let f = s.funding.as_ref()?;
            Sheet::amount(f.total, f.cols.executed)?;
            s.term(ctx, f.total, f.cols.executed?, "合计", "全年执行数")
        })
        .collect();
    if !projects.is_empty() {
        if let Some(t03) = ctx.view.standard(TableKind::Expenditure) {
            if let Some(whole) = total_cell(ctx, t03, &["项目支出"], &[]) {
                let n = projects.len();
                // Σ projects ≤ 项目支出, stated as: first ≤ 项目支出 − the others.
                if let Some((first, rest)) = projects.split_first() {
                    let mut parts = vec![(1i8, whole)];
                    parts.extend(rest.iter().map(|t| (-1i8, t.clone())));
                    let (about, about_en) = if n == 1 {
                        (
                            "公开03表项目支出合计".to_string(),
                            "table 03 项目支出".to_string(),
                        )
                    } else {
                        (
                            format!("公开03表项目支出合计减去其余{}个自评项目的执行数", n - 1),
                            format!(
                                "table 03 项目支出 less the other {} evaluated projects",
                                n - 1
                            ),
                        )
                    };
                    sink.identity(Identity {
                        relation: Relation::AtMost,
                        parts,
                        ..Identity::equal(first.clone(), Vec::new(), about, about_en)
                    });
                }
            }
        }
    }
    // The department-wide table against 01 本年支出合计.
    for s in all.iter().filter(|s| !s.project) {
        let Some(f) = &s.funding else { continue };
        let Some(col) = f.cols.executed else { continue };
        let Some(exec) = s.term(ctx, f.total, col, "合计", "全年执行数") else {
            continue;
        };
        if !exec.printed {
            continue;
        }
        let Some(t01) = ctx.view.standard(TableKind::IncomeExpenditureSummary) else {
            continue;
        };
        let Some(total01) = expenditure_total(ctx, t01) else {
            continue;
        };
        let same = |t: &Term| {
            let (Some(a), Some(b)) = (
                exec.value.checked_mul(exec.factor),
                t.value.checked_mul(t.factor),
            ) else {
                return true;
            };
            let allowance = exec.half * exec.factor + t.half * t.factor;
            tolerance::judge(a - b, allowance) != Verdict::Breaks
        };
        if same(&total01) {
            continue;
        }
        // A fiscal-only evaluation: 05 合计 or 04 本年支出合计.
        let fiscal = ctx
            .view
            .standard(TableKind::GeneralBudgetExpenditure)
            .and_then(|t| total_cell(ctx, t, &[], &["基本", "项目"]))
            .into_iter()
            .chain(
                ctx.view
                    .standard(TableKind::FiscalSummary)
                    .and_then(|t| expenditure_total(ctx, t)),
            );
        if fiscal.into_iter().any(|t| same(&t)) {
            continue;
        }
        let mut total01 = total01;
        total01.set_what("公开01表 本年支出合计".into());
        sink.identity(Identity::equal(
            exec,
            vec![total01],
            "公开01表本年支出合计",
            "table 01 本年支出合计",
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::perf::testing::PROJECT;
    use crate::rules::testing::findings_of;

    const ID: &str = "perf.spending-tie";

    const T03: &str = "公开03表\n支出决算表\n单位：万元\n科目编码\t科目名称\t本年支出合计\t基本支出\t项目支出\n\t合计\t10.00\t6.00\t4.00\n201\t一般公共服务支出\t10.00\t6.00\t4.00\n\n";

    #[test]
    fn projects_within_project_spending_pass() {
        let text = format!("{T03}{PROJECT}");
        assert!(
            findings_of(&text, ID).is_empty(),
            "{:#?}",
            findings_of(&text, ID)
        );
    }

    #[test]
    fn projects_above_project_spending_are_found() {
        let text = format!(
            "{}{PROJECT}",
            T03.replace("6.00\t4.00", "7.00\t3.00")
                .replace("10.00\t6.00", "10.00\t7.00")
        );
        let f = findings_of(&text, ID);
        assert_eq!(f.len(), 1, "{f:#?}");
    }
}
