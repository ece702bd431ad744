//! Tables aligned with spaces (text copied from a PDF viewer, `pdftotext -layout`).
use super::grid::Grid;
use super::Ctx;

pub(crate) fn read(_ctx: &mut Ctx<'_>, _body: &[usize], _generic: bool) -> Grid {
    Grid::default()
}
