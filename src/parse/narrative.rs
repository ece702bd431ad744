//! The narrative (情况说明): numbered sections and the figures quoted in sentences.

use super::Ctx;
use crate::model::{Figure, Section};

/// Read sections and figures from every line for which `skip` is false.
pub(crate) fn read(_ctx: &Ctx<'_>, _skip: &dyn Fn(usize) -> bool) -> (Vec<Section>, Vec<Figure>) {
    (Vec::new(), Vec::new())
}
