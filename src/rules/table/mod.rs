//! Arithmetic within one table.

pub(crate) mod columns;
pub mod fund_rollforward_mismatch;
pub mod item_total_mismatch;
pub mod named_subtotal_mismatch;
pub mod negative_amount;
pub mod ordinal_subtotal_mismatch;
pub mod personnel_public_mismatch;
pub mod row_total_mismatch;
pub mod subtotal_mismatch;
pub(crate) mod summary;
pub mod summary_balance_mismatch;
pub mod total_row_mismatch;

use crate::model::{Block, Document, Row, Table, TableKind};
use crate::rules::identity::{self, Relation};
use crate::rules::Term;

/// True for the tables whose rows are classification codes with columns that add up: income
/// (02), expenditure (03), 一般公共预算 expenditure (05) and basic expenditure (06),
/// government funds and state capital.
pub(crate) fn classified(kind: TableKind) -> bool {
    matches!(
        kind,
        TableKind::Income
            | TableKind::Expenditure
            | TableKind::GeneralBudgetExpenditure
            | TableKind::GeneralBudgetBasicExpenditure
            | TableKind::GovernmentFund
            | TableKind::StateCapital
    )
}

/// How messages name a sum of figures: "基本支出、项目支出之和" / "the sum of …".
pub(crate) fn sum_about(names: &[&str]) -> (String, String) {
    if names.is_empty() {
        return ("零".into(), "zero".into());
    }
    if names.len() == 1 {
        return (names[0].to_string(), names[0].to_string());
    }
    if names.len() <= 4 {
        (
            format!("{}之和", names.join("、")),
            format!("the sum of {}", names.join(", ")),
        )
    } else {
        (
            format!("{}等{}项之和", names[0], names.len()),
            format!("the sum of {} and {} more", names[0], names.len() - 1),
        )
    }
}

/// The coded rows of a block no other coded row is above (the classes, or the highest level
/// printed), a row repeated on a continuation page counted once.
pub(crate) fn top_coded_rows(block: &Block) -> Vec<&Row> {
    let codes: Vec<&str> = block
        .rows
        .iter()
        .filter_map(|r| r.code.as_ref().map(|c| c.digits.as_str()))
        .collect();
    // The codes kept, sorted.
    let mut seen: Vec<&str> = Vec::new();
    block
        .rows
        .iter()
        .filter(|r| {
            let Some(c) = &r.code else { return false };
            let d = c.digits.as_str();
            if codes.iter().any(|o| o.len() < d.len() && d.starts_with(o)) {
                return false;
            }
            match seen.binary_search(&d) {
                Ok(_) => false,
                Err(i) => {
                    seen.insert(i, d);
                    true
                }
            }
        })
        .collect()
}

/// The blocks that print no classification code, of every table but the self-evaluation sheets
/// (whose rows are indicators): the rules for numbered, named and listed rows read these.
pub(crate) fn uncoded_blocks(doc: &Document) -> impl Iterator<Item = (&Table, &Block)> {
    doc.tables
        .iter()
        .filter(|t| {
            !matches!(
                t.kind,
                TableKind::PerformanceOverall | TableKind::PerformanceProject
            )
        })
        .flat_map(|t| t.blocks.iter().map(move |b| (t, b)))
        .filter(|(_, b)| b.rows.iter().all(|r| r.code.is_none()))
}

/// True when most of a block's sums (`total = Σ parts`) fail with no one figure common to all
/// the failures: its rows or columns were probably misread (one wrong figure breaks at most
/// the sums it is in), and the sums say nothing about the document.
pub(crate) fn misread(sums: &[(Term, Vec<Term>)]) -> bool {
    let broken: Vec<&(Term, Vec<Term>)> = sums
        .iter()
        .filter(|(t, p)| !identity::verdict(Relation::Equal, t, p.iter().map(|t| (1, t))).holds())
        .collect();
    let in_all = |spot: &Term| {
        broken.iter().all(|(t, p)| {
            std::iter::once(t)
                .chain(p)
                .any(|x| x.location.span == spot.location.span)
        })
    };
    let one_culprit = broken
        .first()
        .is_some_and(|(t, p)| std::iter::once(t).chain(p).any(in_all));
    broken.len() >= 2 && broken.len() * 2 >= sums.len() && !one_culprit
}
