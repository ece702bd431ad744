//! The list of every rule, in the order they run and are documented. A test fails when a rule
//! file declares an id that is missing here.

use super::Rule;
use super::{codes, completeness, narrative, perf};
use super::{cross, parser, table};

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
    &table::total_row_mismatch::TOTAL_ROW_MISMATCH,
    &table::item_total_mismatch::ITEM_TOTAL_MISMATCH,
    &table::ordinal_subtotal_mismatch::ORDINAL_SUBTOTAL_MISMATCH,
    &table::named_subtotal_mismatch::NAMED_SUBTOTAL_MISMATCH,
    &table::row_total_mismatch::ROW_TOTAL_MISMATCH,
    &table::summary_balance_mismatch::SUMMARY_BALANCE_MISMATCH,
    &table::personnel_public_mismatch::PERSONNEL_PUBLIC_MISMATCH,
    &table::fund_rollforward_mismatch::FUND_ROLLFORWARD_MISMATCH,
    &table::negative_amount::NEGATIVE_AMOUNT,
    // Across tables
    &cross::income_source_mismatch::INCOME_SOURCE_MISMATCH,
    &cross::expenditure_class_mismatch::EXPENDITURE_CLASS_MISMATCH,
    &cross::basic_vs_detail::BASIC_VS_DETAIL,
    &cross::fund_table_mismatch::FUND_TABLE_MISMATCH,
    &cross::capital_table_mismatch::CAPITAL_TABLE_MISMATCH,
    &cross::subset_exceeds_whole::SUBSET_EXCEEDS_WHOLE,
    &cross::fiscal_only_mismatch::FISCAL_ONLY_MISMATCH,
    &cross::sangong_vs_basic::SANGONG_VS_BASIC,
    &cross::unit_mismatch::UNIT_MISMATCH,
    &cross::year_mismatch::YEAR_MISMATCH,
    &cross::department_mismatch::DEPARTMENT_MISMATCH,
    // Narrative against tables
    &narrative::amount_mismatch::AMOUNT_MISMATCH,
    &narrative::share_mismatch::SHARE_MISMATCH,
    &narrative::change_mismatch::CHANGE_MISMATCH,
    &narrative::completion_rate_mismatch::COMPLETION_RATE_MISMATCH,
    &narrative::rate_on_zero_budget::RATE_ON_ZERO_BUDGET,
    &narrative::detail_item_mismatch::DETAIL_ITEM_MISMATCH,
    &narrative::detail_item_missing::DETAIL_ITEM_MISSING,
    &narrative::wording_contradicts_numbers::WORDING_CONTRADICTS_NUMBERS,
    &narrative::office_expense_mismatch::OFFICE_EXPENSE_MISMATCH,
    &narrative::procurement_sum_mismatch::PROCUREMENT_SUM_MISMATCH,
    &narrative::sangong_count_contradiction::SANGONG_COUNT_CONTRADICTION,
    &narrative::vehicle_count_mismatch::VEHICLE_COUNT_MISMATCH,
    &narrative::vehicle_holding_exceeds_total::VEHICLE_HOLDING_EXCEEDS_TOTAL,
    &narrative::listed_item_blank::LISTED_ITEM_BLANK,
    &narrative::empty_claim_contradicts_table::EMPTY_CLAIM_CONTRADICTS_TABLE,
    // Performance self-evaluation tables
    &perf::funding_total_mismatch::FUNDING_TOTAL_MISMATCH,
    &perf::execution_rate_wrong::EXECUTION_RATE_WRONG,
    &perf::fund_score_wrong::FUND_SCORE_WRONG,
    &perf::score_rounding::SCORE_ROUNDING,
    &perf::indicator_score_out_of_range::INDICATOR_SCORE_OUT_OF_RANGE,
    &perf::level_points_mismatch::LEVEL_POINTS_MISMATCH,
    &perf::indicator_misplaced::INDICATOR_MISPLACED,
    &perf::total_score_mismatch::TOTAL_SCORE_MISMATCH,
    &perf::grade_mismatch::GRADE_MISMATCH,
    &perf::full_score_with_shortfall::FULL_SCORE_WITH_SHORTFALL,
    &perf::deduction_unexplained::DEDUCTION_UNEXPLAINED,
    &perf::target_budget_mismatch::TARGET_BUDGET_MISMATCH,
    &perf::investment_below_budget::INVESTMENT_BELOW_BUDGET,
    &perf::low_execution_full_marks::LOW_EXECUTION_FULL_MARKS,
    &perf::spending_tie::SPENDING_TIE,
    // Completeness and form
    &completeness::empty_table_unexplained::EMPTY_TABLE_UNEXPLAINED,
    &completeness::section_missing::SECTION_MISSING,
    &completeness::note_of_another_table::NOTE_OF_ANOTHER_TABLE,
    &completeness::toc_entry_unmatched::TOC_ENTRY_UNMATCHED,
    &completeness::stray_text::STRAY_TEXT,
    &completeness::glossary_coverage::GLOSSARY_COVERAGE,
    &completeness::detail_level_insufficient::DETAIL_LEVEL_INSUFFICIENT,
    // Classification codes
    &codes::hierarchy_broken::HIERARCHY_BROKEN,
    &codes::name_unknown::NAME_UNKNOWN,
    &codes::name_inconsistent::NAME_INCONSISTENT,
    &codes::narrative_name_mismatch::NARRATIVE_NAME_MISMATCH,
];
