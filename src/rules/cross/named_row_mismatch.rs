use crate::declare_rule;
use crate::model::{Block, Table, TableKind};
use crate::rules::codes::name_key;
use crate::rules::table::columns::total_column;
use crate::rules::table::misread;
use crate::rules::table::named_subtotal_mismatch::read;
use crate::rules::table::summary::class_of_key;
use crate::rules::{Context, Identity, Sink, Term};

declare_rule! {
    /// 两表中同一款、项的支出数对不上：收支总表（公开01表）支出一侧按名称列出的款、项应
    /// 等于支出总表（公开03表）同一款、项的合计，财政拨款收支总表（公开04表）列出的款、项
    /// 应等于一般公共预算支出表（公开05表）同一款、项的合计。
    ///
    /// 款、项按其所在的类与款的名称对应（有编码的表按编码前缀找到类、款的名称），不靠位置；
    /// 类由 cross.expenditure-class-mismatch 核对。只在收支总表一侧只有一个金额栏时核对；
    /// 多数对应不成立时（多为两表口径不同或读取错位）不核对。一处数字写错时，它所在表内的
    /// 款、项之和与这一对应会同时不成立，据此指出错的是哪一格。
    ///
    /// The same 款 or 项 has different amounts in two tables: 01's expenditure side (names
    /// without codes) against 03's total column, 04's against 05's. Rows are paired by the
    /// names of their class and 款 (coded tables by code prefix), not by position; classes are
    /// cross.expenditure-class-mismatch's. Checked only when the summary side has one amount
    /// column, and left alone when most pairs disagree (other scopes, or a misread layout).
    pub static NAMED_ROW_MISMATCH = Rule {
        id: "cross.named-row-mismatch",
        family: Cross,
        severity: Error,
        summary: "两表同一款、项的支出数不一致",
        summary_en: "The same 款 or 项 has different amounts in two tables",
        run: Some(check),
    };
}

/// A 款 or 项 by the names of its class, 款 (and 项), with its figure.
type Path = (Vec<String>, Term);

fn check(ctx: &Context, sink: &mut Sink) {
    for (summary, detail) in [
        (TableKind::IncomeExpenditureSummary, TableKind::Expenditure),
        (
            TableKind::FiscalSummary,
            TableKind::GeneralBudgetExpenditure,
        ),
    ] {
        let (Some(s), Some(d)) = (ctx.view.standard(summary), ctx.view.standard(detail)) else {
            continue;
        };
        let ours: Vec<Path> = s
            .blocks
            .iter()
            .filter(|b| ctx.view.amount_columns(b).len() == 1)
            .flat_map(|b| named_paths(ctx, s, b))
            .collect();
        if ours.is_empty() {
            continue;
        }
        let theirs: Vec<Path> = d
            .blocks
            .iter()
            .flat_map(|b| match b.rows.iter().any(|r| r.code.is_some()) {
                true => coded_paths(ctx, d, b),
                false => named_paths(ctx, d, b),
            })
            .collect();
        let pairs: Vec<(Term, Term)> = ours
            .iter()
            .filter_map(|(path, a)| {
                let mut found = theirs.iter().filter(|(p, _)| p == path);
                match (found.next(), found.next()) {
                    (Some((_, b)), None) => Some((a.clone(), b.clone())),
                    _ => None, // absent, or listed twice: not one row to compare with
                }
            })
            .collect();
        let sums: Vec<(Term, Vec<Term>)> = pairs
            .iter()
            .map(|(a, b)| (a.clone(), vec![b.clone()]))
            .collect();
        if misread(&sums) {
            continue;
        }
        for (a, b) in pairs {
            sink.identity(Identity::same(a, b));
        }
    }
}

/// The 款 and 项 of a block listing names without codes, with their figure in its one amount
/// column or its total column.
fn named_paths(ctx: &Context, table: &Table, block: &Block) -> Vec<Path> {
    let columns = ctx.view.amount_columns(block);
    let Some(col) = total_column(&ctx.view, block).or_else(|| columns.first().copied()) else {
        return Vec::new();
    };
    let Some(classes) = read(ctx, table, block, col) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for class in &classes {
        let stem = class.stem;
        for (kuan, xiang) in &class.kuan {
            let kuan_path = vec![stem.to_string(), name_key(&kuan.label)];
            if let Some(t) = ctx.view.term(table, block, kuan, col) {
                out.push((kuan_path.clone(), t));
            }
            for x in xiang {
                let mut path = kuan_path.clone();
                path.push(name_key(&x.label));
                if let Some(t) = ctx.view.term(table, block, x, col) {
                    out.push((path, t));
                }
            }
        }
    }
    out
}

/// The 款 (5-digit) and 项 (7-digit) rows of a coded block, by the names of the rows their
/// code prefixes name, with their figure in the total column.
fn coded_paths(ctx: &Context, table: &Table, block: &Block) -> Vec<Path> {
    let Some(col) = total_column(&ctx.view, block) else {
        return Vec::new();
    };
    let keys = ctx.view.row_keys(block);
    let named = |code: &str| {
        block
            .rows
            .iter()
            .position(|r| r.code.as_ref().is_some_and(|c| c.digits == code))
    };
    let mut out = Vec::new();
    for row in &block.rows {
        let Some(code) = row.code.as_ref().map(|c| c.digits.as_str()) else {
            continue;
        };
        if code.len() != 5 && code.len() != 7 {
            continue;
        }
        let Some(stem) = named(&code[..3]).and_then(|i| class_of_key(&keys[i])) else {
            continue;
        };
        let mut path = vec![stem.to_string()];
        if code.len() == 7 {
            let Some(i) = named(&code[..5]) else { continue };
            path.push(name_key(&block.rows[i].label));
        }
        path.push(name_key(&row.label));
        if let Some(t) = ctx.view.term(table, block, row, col) {
            out.push((path, t));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings_of;

    const ID: &str = "cross.named-row-mismatch";
    const HANGZHOU: &str =
        include_str!("../../../tests/fixtures/samples/2026-hangzhou-justice-budget.txt");

    #[test]
    fn the_hangzhou_budget_agrees() {
        assert!(findings_of(HANGZHOU, ID).is_empty());
    }

    #[test]
    fn a_changed_item_of_01_is_found_on_its_line() {
        // 01's 司法 / 普法宣传 119.63 (line 560): its 款's sum and its tie to 03 both break.
        let text = HANGZHOU.replacen(
            "普法宣传                   119.63",
            "普法宣传                   129.63",
            1,
        );
        assert_ne!(text, HANGZHOU);
        let all = crate::check(&text).findings;
        let errors: Vec<_> = all
            .iter()
            .filter(|f| f.severity == crate::Severity::Error)
            .collect();
        assert!(!errors.is_empty());
        assert!(errors.iter().all(|f| f.location.line == 560), "{errors:#?}");
        assert!(findings_of(&text, ID)
            .iter()
            .any(|f| f.location.line == 560));
    }
}
