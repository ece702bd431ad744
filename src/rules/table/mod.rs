//! Arithmetic within one table.

pub mod subtotal_mismatch;
