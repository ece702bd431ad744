use crate::declare_rule;
use crate::model::{Block, Row, Table, TableKind};
use crate::rules::view::{amount_columns, label_key_cow};
use crate::rules::{Context, Identity, Sink, Term};
use crate::text::Has;

declare_rule! {
    /// 基本支出表（公开06表及预算中的一般公共预算基本支出表）的人员经费、公用经费与经济分类
    /// 对不上：人员经费 = 工资福利支出（301）+ 对个人和家庭的补助（303）；公用经费 = 其余各类
    /// （302 商品和服务支出、307、309、310、399 等）之和。
    ///
    /// 核对决算表表尾的“人员经费合计”“公用经费合计”。预算表以“人员经费”“公用经费”两栏列示时
    /// 不核对：不少地区把部分 303、302 款目（如公务交通补贴）计入另一类，分栏本身由合计栏
    /// 规则核对。这组等式也用来判断经济分类表中哪个数字错了：公开06表 303 印 6.74、其唯一的
    /// 款 30309 印 46.7，人员经费合计 86.44 = 79.70 + 6.74 成立，说明 6.74 可信。
    ///
    /// The footer rows 人员经费合计 (personnel) must equal classes 301 + 303 and 公用经费合计
    /// (public) the other economic classes. Budgets split by columns are left to the column
    /// rule, since regions assign some items differently.
    pub static PERSONNEL_PUBLIC_MISMATCH = Rule {
        id: "table.personnel-public-mismatch",
        family: Table,
        severity: Error,
        summary: "人员经费、公用经费与经济分类不符",
        summary_en: "Personnel / public funds disagree with the economic classes",
        run: Some(check),
    };
}

/// True for an economic class that counts as 人员经费.
pub(crate) fn is_personnel(code: &str) -> bool {
    code == "301" || code == "303"
}

/// The economic classes (3-digit 3xx codes) of a table, each once, with their block.
pub(crate) fn economic_classes(table: &Table) -> Vec<(&Block, &Row)> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for block in &table.blocks {
        for row in &block.rows {
            if let Some(code) = &row.code {
                if code.digits.len() == 3
                    && code.digits.starts_with('3')
                    && seen.insert(code.digits.clone())
                {
                    out.push((block, row));
                }
            }
        }
    }
    out
}

/// The one amount column of a single-figure block.
pub(crate) fn single_column(block: &Block) -> Option<usize> {
    match block.columns.len() {
        1 => Some(0),
        _ => match amount_columns(block).as_slice() {
            [one] => Some(*one),
            _ => None,
        },
    }
}

/// A footer row (人员经费合计 / 公用经费合计) of a 06 table.
pub(crate) fn footer<'t>(table: &'t Table, word: &str) -> Option<(&'t Block, &'t Row)> {
    table.blocks.iter().find_map(|b| {
        b.rows
            .iter()
            .find(|r| {
                // Coded rows are never footers: their labels need no key.
                if r.code.is_some() {
                    return false;
                }
                let k = label_key_cow(&r.label);
                k.has(word) && (k.ends_with("合计") || k.ends_with(word))
            })
            .map(|r| (b, r))
    })
}

fn check(ctx: &Context, sink: &mut Sink) {
    for table in &ctx.doc.tables {
        if table.kind != TableKind::GeneralBudgetBasicExpenditure {
            continue;
        }
        let classes = economic_classes(table);
        if classes.is_empty() {
            continue;
        }
        let class_term =
            |b: &Block, r: &Row| -> Option<Term> { ctx.view.term(table, b, r, single_column(b)?) };
        for (word, personnel) in [("人员经费", true), ("公用经费", false)] {
            let Some((fb, fr)) = footer(table, word) else {
                continue;
            };
            let Some(total) = single_column(fb).and_then(|c| ctx.view.term(table, fb, fr, c))
            else {
                continue;
            };
            let parts: Option<Vec<Term>> = classes
                .iter()
                .filter(|(_, r)| {
                    r.code
                        .as_ref()
                        .is_some_and(|c| is_personnel(&c.digits) == personnel)
                })
                .map(|(b, r)| class_term(b, r))
                .collect();
            state(sink, total, parts, personnel);
        }
    }
}

fn state(sink: &mut Sink, total: Term, parts: Option<Vec<Term>>, personnel: bool) {
    let Some(parts) = parts else { return };
    if !total.printed && parts.iter().all(|p| !p.printed) {
        return;
    }
    let (zh, en) = if personnel {
        (
            "工资福利支出（301）与对个人和家庭的补助（303）之和",
            "classes 301 plus 303",
        )
    } else {
        (
            "除 301、303 以外各经济分类之和",
            "the economic classes other than 301 and 303",
        )
    };
    sink.identity(Identity::equal(total, parts, zh, en));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings_of;

    const SAMPLE: &str = include_str!("../../../tests/fixtures/samples/000.txt");

    #[test]
    fn the_sample_footers_hold_and_blame_30309() {
        assert!(findings_of(SAMPLE, "table.personnel-public-mismatch").is_empty());
        let f = findings_of(SAMPLE, "table.subtotal-mismatch");
        let s01: Vec<_> = f
            .iter()
            .filter(|f| f.severity == crate::Severity::Error)
            .collect();
        assert_eq!(s01.len(), 1, "{f:#?}");
        assert_eq!(s01[0].location.line, 306);
        assert_eq!(s01[0].expected.unwrap().to_string(), "6.74");
    }
}
