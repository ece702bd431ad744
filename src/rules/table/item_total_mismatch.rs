use super::columns::is_total_key;
use super::ordinal_subtotal_mismatch::ordinal_level;
use crate::declare_rule;
use crate::model::{Block, Row, Table, TableKind};
use crate::rules::identity::{self, About, Relation};
use crate::rules::view::{label_key, label_key_cow, total_row};
use crate::rules::{Context, Identity, Sink, Term};
use crate::text::Has;

declare_rule! {
    /// 无编码的表中，合计行不等于其下各行之和：按单位列示的收入、支出预算总表（合计 =
    /// 各单位之和，或合计 = 部门 = 其下各单位之和）、按单位列示的“三公”经费表、竖排的
    /// “三公”经费表（合计 = 因公出国（境）费 + 公务接待费 + 公务用车购置及运行费，公务用车
    /// 购置及运行费 = 购置费 + 运行费）、项目支出表和政府采购表等，每个金额栏分别核对。
    ///
    /// 行的层次不靠位置猜：只有编码的表由 table.total-row-mismatch 核对；这里先看行名
    /// （“其中：”引出的行、“（1）”编号的行属于上一行），再看数字：合计行之下第一行与合计行
    /// 同值、其余各行之和也等于它时，第一行是部门、其余是所属单位。有两个以上金额栏的表，
    /// 所选的结构须在多数栏上成立，否则（多为读取错位或多级单位）不核对。按单位列示项目的表
    /// （专项业务经费支出表等：行名像单位的“…局”“…中心”“…（本级）”行之下是其项目），
    /// 每个单位 = 其下项目之和，部门 = 各单位之和，合计 = 部门；断开的等式多于一个错数所能
    /// 解释的，按名称读出的层次不可信，不核对。
    ///
    /// In a table without classification codes, the total row is not the sum of the rows
    /// under it: budget income and expenditure tables by unit (total = Σ units, or total =
    /// the department's row = Σ its units), 三公 tables by unit or printed as a column (合计 =
    /// 出国 + 接待 + 公务用车, 公务用车 = 购置 + 运行), project and procurement lists. Rows
    /// introduced by 其中 belong to the row above them. With two or more amount columns the
    /// structure must hold on most columns, else the block is left alone (usually a misread
    /// layout or several levels of units). In a list of projects by unit (rows named like a
    /// unit — …局, …中心, …（本级） — over their projects) each unit is the sum of its
    /// projects, the department the sum of its units and the total the department's row;
    /// when more of these break than one wrong figure explains, the levels read from the names
    /// are not trusted and nothing is reported.
    pub static ITEM_TOTAL_MISMATCH = Rule {
        id: "table.item-total-mismatch",
        family: Table,
        severity: Error,
        summary: "合计行不等于其下各行之和（无编码的表）",
        summary_en: "The total row is not the sum of the rows under it (table without codes)",
        run: Some(check),
    };
}

fn check(ctx: &Context, sink: &mut Sink) {
    // The summary tables' balances are table.summary-balance-mismatch's.
    let summary = |t: &Table| {
        matches!(
            t.kind,
            TableKind::IncomeExpenditureSummary | TableKind::FiscalSummary
        )
    };
    for (table, block) in super::uncoded_blocks(ctx.doc).filter(|(t, _)| !summary(t)) {
        if let Some(items) = Items::read(block, &ctx.view.row_keys(block)) {
            items.check(ctx, sink, table, block);
        }
    }
}

/// The rows of a block under its total row, in levels.
struct Items<'b> {
    total: &'b Row,
    /// Top-level rows, each with the rows that belong to it (其中 rows).
    top: Vec<(&'b Row, Vec<&'b Row>)>,
}

/// True for a label that introduces rows belonging to the row above (其中：…, （1）…).
fn is_sub_item(label: &str) -> bool {
    label.starts_with("其中") || ordinal_level(label) == Some(4)
}

impl<'b> Items<'b> {
    /// `keys` are the block's row label keys ([`crate::rules::View::row_keys`]).
    fn read(block: &'b Block, keys: &[std::borrow::Cow<str>]) -> Option<Items<'b>> {
        // The block's total row: 合计/总计, or the first or last row whose name ends so
        // ("金额合计" under a 绩效目标表's tasks).
        let named = |i: usize| {
            keys.get(i)
                .is_some_and(|k| is_total_key(k))
                .then(|| block.rows.get(i))
                .flatten()
        };
        let total = total_row(block)
            .or_else(|| named(0))
            .or_else(|| named(block.rows.len().checked_sub(1)?))?;
        let at = block.rows.iter().position(|r| std::ptr::eq(r, total))?;
        // The rows under a total printed first, or over one printed last.
        let under = if at == 0 {
            1..block.rows.len()
        } else if at + 1 == block.rows.len() {
            0..at
        } else {
            return None;
        };
        let mut top: Vec<(&Row, Vec<&Row>)> = Vec::new();
        for (row, key) in block.rows[under.clone()].iter().zip(&keys[under]) {
            if key.is_empty() && row.cells.iter().all(|c| c.number.is_none()) {
                continue;
            }
            // Another total (a continuation page's, a 小计) makes the levels unclear.
            if is_total_key(key) {
                return None;
            }
            if is_sub_item(&row.label) {
                let (_, subs) = top.last_mut()?;
                subs.push(row);
            } else {
                top.push((row, Vec::new()));
            }
        }
        (!top.is_empty()).then_some(Items { total, top })
    }

    fn check(&self, ctx: &Context, sink: &mut Sink, table: &Table, block: &Block) {
        let columns = ctx.view.amount_columns(block);
        let term = |row: &Row, col: usize| ctx.view.term(table, block, row, col);
        // Which structure the figures bear out: flat (total = Σ rows) or a department row
        // first (total = first row = Σ the others).
        let flat = |col: usize| -> Option<(Term, Vec<Term>)> {
            let t = term(self.total, col)?;
            let parts: Option<Vec<Term>> = self.top.iter().map(|(r, _)| term(r, col)).collect();
            Some((t, parts?))
        };
        let nested = |col: usize| -> Option<(Term, Term, Vec<Term>)> {
            let [(first, _), rest @ ..] = self.top.as_slice() else {
                return None;
            };
            if rest.is_empty() {
                return None;
            }
            let parts: Option<Vec<Term>> = rest.iter().map(|(r, _)| term(r, col)).collect();
            Some((term(self.total, col)?, term(first, col)?, parts?))
        };
        let printed: Vec<usize> = columns
            .iter()
            .copied()
            .filter(|&c| {
                term(self.total, c).is_some_and(|t| t.printed)
                    || self
                        .top
                        .iter()
                        .any(|(r, _)| term(r, c).is_some_and(|t| t.printed))
            })
            .collect();
        if printed.is_empty() {
            return;
        }
        // Units over their projects, told by the rows' names.
        if let Some(units) = self.units() {
            if let Some(identities) = units.identities(&printed, &term) {
                for i in identities {
                    sink.identity(i);
                }
                return;
            }
        }
        let holds = |t: &Term, p: &[Term]| {
            identity::verdict(Relation::Equal, t, p.iter().map(|t| (1, t))).holds()
        };
        let flat_ok = printed
            .iter()
            .filter(|&&c| flat(c).is_some_and(|(t, p)| holds(&t, &p)))
            .count();
        let nested_ok = printed
            .iter()
            .filter(|&&c| {
                nested(c)
                    .is_some_and(|(t, d, p)| holds(&t, std::slice::from_ref(&d)) && holds(&d, &p))
            })
            .count();
        let department_named = self.department_named();
        let use_nested = nested_ok > flat_ok || (nested_ok == flat_ok && department_named);
        let ok = flat_ok.max(nested_ok);
        // With several columns the structure must be borne out by at least half of them (one
        // wrong figure breaks one column of two), and by one at least.
        if printed.len() >= 2 && (ok == 0 || ok * 2 < printed.len()) {
            return;
        }
        // A row that is the sum of a run of the rows after it means more levels than can be
        // read here (units with their projects under them).
        let first_level = usize::from(use_nested);
        if self.has_subtotals(&printed, first_level, &term) {
            return;
        }
        for &col in &printed {
            if use_nested {
                let Some((t, d, parts)) = nested(col) else {
                    continue;
                };
                sink.identity(Identity::same(t, d.clone()));
                let n = parts.len();
                sink.identity(Identity::equal(
                    d,
                    parts,
                    format!("其下{n}个单位之和"),
                    format!("the sum of its {n} units"),
                ));
            } else if let Some((t, parts)) = flat(col) {
                let n = parts.len();
                sink.identity(Identity::equal(
                    t,
                    parts,
                    format!("其下{n}行之和"),
                    format!("the sum of the {n} rows under it"),
                ));
            }
            // Rows that belong to a row above: all of it when they name its parts (公务用车
            // 购置及运行费 = 购置费 + 运行费), each at most all of it otherwise.
            for (parent, subs) in &self.top {
                if subs.is_empty() {
                    continue;
                }
                let (Some(p), Some(parts)) = (
                    term(parent, col),
                    subs.iter()
                        .map(|r| term(r, col))
                        .collect::<Option<Vec<Term>>>(),
                ) else {
                    continue;
                };
                if !p.printed && parts.iter().all(|t| !t.printed) {
                    continue;
                }
                if names_its_parts(parent, subs) {
                    sink.identity(Identity::equal_parts(p, parts));
                } else {
                    for part in parts {
                        sink.identity(Identity::within(part, p.clone()));
                    }
                }
            }
        }
    }

    /// True when some top-level row from `from` on equals, in the first printed column, the sum
    /// of a run of two or more top-level rows right after it.
    fn has_subtotals(
        &self,
        printed: &[usize],
        from: usize,
        term: &dyn Fn(&Row, usize) -> Option<Term>,
    ) -> bool {
        let Some(&col) = printed.first() else {
            return false;
        };
        let terms: Vec<Option<Term>> = self.top.iter().map(|(r, _)| term(r, col)).collect();
        runs_sum(&terms, from)
    }

    /// True when the first row under the total names the department whose units follow (the
    /// next rows repeat its name: 无锡市应急管理局 / 无锡市应急管理局（本级）).
    fn department_named(&self) -> bool {
        let [(first, _), rest @ ..] = self.top.as_slice() else {
            return false;
        };
        let name = label_key(&first.label);
        !name.is_empty()
            && rest
                .iter()
                .any(|(r, _)| label_key_cow(&r.label).starts_with(name.as_str()))
    }
}

/// A list of units over their projects (专项业务经费支出表, 项目支出表 by unit): each unit's
/// row, named like an organisation, is followed by its projects; a department's row may come
/// first, directly followed by its units' rows.
struct Units<'b> {
    /// The total row.
    total: &'b Row,
    /// The department's row, when printed (a department row followed directly by a unit row).
    department: Option<&'b Row>,
    /// Each unit's row and its projects' rows.
    units: Vec<(&'b Row, Vec<&'b Row>)>,
}

impl<'b> Items<'b> {
    /// The rows read as units over their projects, when their names say so: the first row
    /// under the total names an organisation, two rows at least do, and some do not.
    fn units(&self) -> Option<Units<'b>> {
        let org: Vec<bool> = self
            .top
            .iter()
            .map(|(r, _)| is_organisation(&label_key_cow(&r.label)))
            .collect();
        if !org.first().copied()?
            || org.iter().filter(|&&o| o).count() < 2
            || org.iter().all(|&o| o)
        {
            return None;
        }
        // A department row is the first row, directly followed by another organisation.
        let department = (org.get(1) == Some(&true)).then(|| self.top[0].0);
        let mut units: Vec<(&Row, Vec<&Row>)> = Vec::new();
        for (i, (row, _)) in self
            .top
            .iter()
            .enumerate()
            .skip(usize::from(department.is_some()))
        {
            if org[i] {
                // Two organisations in a row past the first: more levels than read here.
                if units.last().is_some_and(|(_, p)| p.is_empty()) {
                    return None;
                }
                units.push((row, Vec::new()));
            } else {
                units.last_mut()?.1.push(row);
            }
        }
        Some(Units {
            total: self.total,
            department,
            units,
        })
    }
}

impl Units<'_> {
    /// The identities of the printed columns: each unit = Σ its projects, the department =
    /// Σ its units, the total = the department (or Σ the units). None when more of them break
    /// than one wrong figure explains (two: a unit's figure breaks its own sum and its
    /// department's), or none holds: the names then misled.
    ///
    /// A unit whose projects are grouped further (a row that is the sum of the rows after it)
    /// is checked only if its projects add up as listed.
    fn identities(
        &self,
        printed: &[usize],
        term: &dyn Fn(&Row, usize) -> Option<Term>,
    ) -> Option<Vec<Identity>> {
        let mut out = Vec::new();
        let (mut held, mut broke) = (0usize, 0usize);
        let mut push = |i: Identity, out: &mut Vec<Identity>| {
            if i.verdict().holds() {
                held += 1;
            } else {
                broke += 1;
            }
            out.push(i);
        };
        for &col in printed {
            let terms = |rows: &[&Row]| {
                rows.iter()
                    .map(|r| term(r, col))
                    .collect::<Option<Vec<_>>>()
            };
            let mut unit_terms = Vec::new();
            for (unit, projects) in &self.units {
                let u = term(unit, col)?;
                unit_terms.push(u.clone());
                let Some(parts) = terms(projects).filter(|p| !p.is_empty()) else {
                    continue;
                };
                let i = Identity::equal_about(
                    u,
                    parts.clone(),
                    About::Counted("其下{n}个项目之和", "the sum of its {n} projects"),
                );
                if !i.verdict().holds()
                    && runs_sum(&parts.iter().cloned().map(Some).collect::<Vec<_>>(), 0)
                {
                    continue;
                }
                push(i, &mut out);
            }
            let units = About::Counted("其下{n}个单位之和", "the sum of its {n} units");
            let total = term(self.total, col)?;
            match self.department {
                Some(d) => {
                    let d = term(d, col)?;
                    push(Identity::same(total, d.clone()), &mut out);
                    push(Identity::equal_about(d, unit_terms, units), &mut out);
                }
                None => push(Identity::equal_about(total, unit_terms, units), &mut out),
            }
        }
        (held > 0 && broke <= 2 && held >= broke).then_some(out)
    }
}

/// True when some figure of `terms` from `from` on (printed, not zero) is the sum of a run of
/// two or more figures right after it (a heading over its own items); a missing figure ends a
/// run.
fn runs_sum(terms: &[Option<Term>], from: usize) -> bool {
    (from..terms.len()).any(|i| {
        let Some(head) = terms[i]
            .as_ref()
            .filter(|t| t.printed && !t.value.is_zero())
        else {
            return false;
        };
        let after = &terms[i + 1..];
        let run = after.iter().take_while(|t| t.is_some()).count();
        (2..=run).any(|n| {
            identity::verdict(
                Relation::Equal,
                head,
                after[..n].iter().flatten().map(|t| (1, t)),
            )
            .holds()
        })
    })
}

/// True for a row named like a department or unit (无锡市应急管理局, …（本级）, …服务中心),
/// not like a project.
fn is_organisation(key: &str) -> bool {
    const ENDS: [&str; 20] = [
        "局",
        "中心",
        "委员会",
        "办公室",
        "院",
        "所",
        "站",
        "队",
        "馆",
        "处",
        "厅",
        "委",
        "学校",
        "小学",
        "中学",
        "幼儿园",
        "本级",
        "机关",
        "协会",
        "联合会",
    ];
    ENDS.iter().any(|e| key.ends_with(e))
}

/// True when a row's sub-items are its whole: 公务用车购置及运行费 over 购置费 and 运行费.
fn names_its_parts(parent: &Row, subs: &[&Row]) -> bool {
    let p = label_key(&parent.label);
    subs.len() == 2
        && p.has("购置及运行")
        && subs.iter().any(|r| r.label.has("购置"))
        && subs.iter().any(|r| r.label.has("运行"))
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings_of;

    const ID: &str = "table.item-total-mismatch";

    /// A budget income table by unit: the department's row, then its two units.
    const BY_UNIT: &str = "表2\n2026年部门收入预算总表\n单位：万元\n单位名称\t合计\t一般公共预算拨款收入\t政府性基金预算拨款收入\n合计\t9,096.11\t8,326.11\t770.00\n无锡市应急管理局\t9,096.11\t8,326.11\t770.00\n无锡市应急管理局（本级）\t7,959.88\t7,189.88\t770.00\n无锡市应急管理综合行政执法监督局\t1,136.23\t1,136.23\t\n";

    /// A 三公 table printed as a column.
    const SANGONG: &str = "十、一般公共预算“三公”经费支出预算表\n2026年度一般公共预算“三公”经费支出预算表\n单位：万元\n项目\t预算数\n合计\t84.10\n1、因公出国（境）费用\t70.00\n2、公务接待费\t6.10\n3、公务用车购置及运行费\t8.00\n其中：（1）公务用车购置费\t0.00\n（2）公务用车运行费\t8.00\n";

    #[test]
    fn consistent_tables_pass() {
        assert!(findings_of(BY_UNIT, ID).is_empty());
        assert!(findings_of(SANGONG, ID).is_empty());
    }

    #[test]
    fn a_changed_unit_figure_is_found_on_its_line() {
        let text = BY_UNIT.replace("7,959.88\t7,189.88", "7,969.88\t7,189.88");
        let f = findings_of(&text, ID);
        assert!(!f.is_empty());
        assert!(f.iter().all(|f| f.location.line == 7), "{f:#?}");
    }

    /// A 绩效目标表's tasks over a total printed last, in two columns that agree.
    const TASKS: &str = "部门整体支出绩效目标表\n单位：万元\n任务名称\t总额\t财政拨款\n任务1 机关运行\t2311.19\t2311.19\n任务2 综合运行服务\t185.4\t185.4\n任务3 系统运行维护\t98.85\t98.85\n金额合计\t2595.44\t2595.44\n";

    #[test]
    fn a_total_printed_last_is_checked_in_each_of_two_columns() {
        assert!(findings_of(TASKS, ID).is_empty());
        // One of the two columns broken: the structure still holds in the other.
        let text = TASKS.replace("综合运行服务\t185.4\t", "综合运行服务\t186.4\t");
        let f = findings_of(&text, ID);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(f[0].message.contains("金额合计"), "{}", f[0].message);
    }

    #[test]
    fn a_changed_total_is_found_on_its_line() {
        let text = BY_UNIT.replace("合计\t9,096.11\t8,326.11", "合计\t9,096.11\t8,336.11");
        let f = findings_of(&text, ID);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].location.line, 5);
    }

    #[test]
    fn the_sangong_column_adds_up_at_both_levels() {
        // One identity broken: the total is reported, the changed row is among its addends.
        let text = SANGONG.replace("公务接待费\t6.10", "公务接待费\t6.80");
        let f = findings_of(&text, ID);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].location.line, 5);
        assert!(f[0].related.iter().any(|l| l.location.line == 7), "{f:#?}");
        let text = SANGONG.replace("公务用车运行费\t8.00", "公务用车运行费\t7.00");
        let f = findings_of(&text, ID);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].location.line, 8);
        assert!(f[0].related.iter().any(|l| l.location.line == 10), "{f:#?}");
    }

    /// A list of projects by unit: the department, its two units, each over its projects.
    const PROJECTS: &str = "专项业务经费支出表\n单位：元\n单位（项目）名称\t项目金额\n合计\t1500\n某某局\t1500\n某某局（本级）\t1000\n项目甲\t600\n项目乙\t400\n某某服务中心\t500\n项目丙\t200\n项目丁\t300\n";

    #[test]
    fn units_over_their_projects_add_up_at_each_level() {
        assert!(findings_of(PROJECTS, ID).is_empty());
        // A project changed: its unit's sum breaks, the department's holds.
        let text = PROJECTS.replace("项目甲\t600", "项目甲\t700");
        let f = findings_of(&text, ID);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(f[0].message.contains("其下2个项目之和"), "{}", f[0].message);
        // Located at the unit, whose own figure its department vouches for; the projects are
        // its related cells.
        assert_eq!(f[0].location.line, 6, "{f:#?}");
        assert!(f[0].related.iter().any(|l| l.location.line == 7), "{f:#?}");
        // A unit changed: it breaks both its projects' sum and the department's.
        let text = PROJECTS.replace("服务中心\t500", "服务中心\t510");
        let f = findings_of(&text, ID);
        assert!(
            !f.is_empty() && f.iter().all(|f| f.location.line == 9),
            "{f:#?}"
        );
    }

    #[test]
    fn projects_grouped_under_headings_are_not_summed_twice() {
        // 项目丙 heads 丙1 and 丙2: the unit is not the sum of all four rows, and is left alone.
        let text = "专项业务经费支出表\n单位：元\n单位（项目）名称\t项目金额\n合计\t1500\n某某局\t1000\n项目甲\t600\n项目乙\t400\n某某服务中心\t500\n项目丙\t500\n丙1\t200\n丙2\t300\n";
        assert!(findings_of(text, ID).is_empty());
    }

    #[test]
    fn a_block_whose_columns_mostly_disagree_is_left_alone() {
        // Every column off: the reader (or a several-level list of units) is the likelier
        // cause, not the document.
        let text = BY_UNIT.replace("7,959.88\t7,189.88\t770.00", "7,000.00\t7,000.00\t700.00");
        assert!(findings_of(&text, ID).is_empty());
    }
}
