//! The list of every rule, in the order they run and are documented. A test fails when a rule
//! file declares an id that is missing here.

use super::Rule;
use super::{parser, table};

/// Every rule.
pub static RULES: &[&Rule] = &[
    &parser::INPUT_NO_TEXT,
    &parser::INPUT_NOT_A_DISCLOSURE,
    &parser::INPUT_TABLES_MISSING,
    &parser::PARSE_RAGGED_ROW,
    &parser::PARSE_UNREADABLE_NUMBER,
    &parser::TABLE_MISSING_STANDARD,
    // Within a table
    &table::subtotal_mismatch::SUBTOTAL_MISMATCH,
];
