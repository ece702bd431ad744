//! The performance self-evaluation tables (部门整体/项目支出绩效自评表).
//!
//! The reader gives these tables as generic blocks whose cells hold label text and figures in
//! whatever order the province prints them. [`sheets`] reads each one into a [`Sheet`]: the
//! funding block (合计 / 当年财政拨款 / 上年结转资金 / 其他资金 against 年初预算数 / 全年预算数 /
//! 全年执行数 / 分值 / 执行率 / 得分), the indicator rows (一级/二级/三级指标, 指标值, 实际完成值,
//! 分值, 得分, 偏差原因) and the 总分 row. Columns are found by the header row's words, never by
//! position.

use crate::text::Has;
pub mod deduction_unexplained;
pub mod execution_rate_wrong;
pub mod full_score_with_shortfall;
pub mod fund_score_wrong;
pub mod funding_total_mismatch;
pub mod grade_mismatch;
pub mod indicator_misplaced;
pub mod indicator_score_out_of_range;
pub mod investment_below_budget;
pub mod level_points_mismatch;
pub mod low_execution_full_marks;
pub mod score_rounding;
pub mod spending_tie;
pub mod target_budget_mismatch;
pub mod target_funding_mismatch;
pub mod total_score_mismatch;

use crate::diagnostic::{CellRef, Finding};
use crate::model::{Block, Cell, MoneyUnit, Row, Table, TableKind};
use crate::rules::identity::Desc;
use crate::rules::view::{label_key, label_key_cow, squash_cow};
use crate::rules::{Context, Rule, Term};
use crate::source::Location;
use crate::tolerance::{self, Approx, Verdict};
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::cell::OnceCell;

/// The columns of the funding block.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct FundColumns {
    pub initial: Option<usize>,
    pub annual: Option<usize>,
    pub executed: Option<usize>,
    pub points: Option<usize>,
    pub rate: Option<usize>,
    pub score: Option<usize>,
}

impl FundColumns {
    /// Take column `i` as the funding column its header `key` names, unless an earlier
    /// column already is.
    fn note(&mut self, key: &str, i: usize) {
        let slot = match fund_column(key) {
            Some(0) => &mut self.initial,
            Some(1) => &mut self.annual,
            Some(2) => &mut self.executed,
            Some(3) => &mut self.points,
            Some(4) => &mut self.rate,
            Some(5) => &mut self.score,
            _ => return,
        };
        if slot.is_none() {
            *slot = Some(i);
        }
    }

    /// The columns, when the budget and executed columns were both found.
    fn usable(self) -> Option<Self> {
        (self.annual.is_some() && self.executed.is_some()).then_some(self)
    }
}

/// The funding block: 合计 and its parts.
pub(crate) struct Funding<'t> {
    pub cols: FundColumns,
    pub total: &'t Row,
    pub fiscal: Option<&'t Row>,
    pub carry: Option<&'t Row>,
    pub other: Option<&'t Row>,
}

/// One indicator row (三级指标).
pub(crate) struct Indicator<'t> {
    /// 一级指标 key ("产出指标") and the row it was printed on.
    pub level1: Cow<'t, str>,
    pub level1_row: Option<&'t Row>,
    pub level1_cell: Option<&'t Cell>,
    /// The points the 一级 header states ("产出指标（50分）" → 50).
    pub level1_points: Option<Decimal>,
    pub level2: Cow<'t, str>,
    pub level2_cell: Option<&'t Cell>,
    pub level3: Cow<'t, str>,
    pub target: Cow<'t, str>,
    pub target_cell: Option<&'t Cell>,
    pub points: Option<&'t Cell>,
    pub score: Option<&'t Cell>,
    pub reason: Cow<'t, str>,
}

impl Indicator<'_> {
    /// The indicator's name: its 三级指标, or its 二级指标 when it has none.
    pub fn name(&self) -> &str {
        if self.level3.is_empty() {
            &self.level2
        } else {
            &self.level3
        }
    }
}

/// An indicator whose 分值 and 得分 both print a figure.
pub(crate) struct Scored<'s, 't> {
    pub indicator: &'s Indicator<'t>,
    pub points: &'t Cell,
    pub score: &'t Cell,
    /// The figures of `points` and `score`.
    pub pv: Decimal,
    pub sv: Decimal,
}

/// The indicators of a sheet whose 分值 and 得分 both print a figure.
pub(crate) fn scored<'s, 't>(sheet: &'s Sheet<'t>) -> impl Iterator<Item = Scored<'s, 't>> {
    sheet.indicators.iter().filter_map(|ind| {
        let (p, s) = (ind.points?, ind.score?);
        Some(Scored {
            indicator: ind,
            points: p,
            score: s,
            pv: p.value()?,
            sv: s.value()?,
        })
    })
}

/// A finding of `rule` on the 得分 column of a sheet's row `row` (an indicator's name, or
/// "合计"), stating `stated`.
pub(crate) fn score_finding(
    rule: &Rule,
    sheet: &Sheet,
    row: &str,
    location: Location,
    stated: Decimal,
    message: String,
    message_en: String,
) -> Finding {
    let mut f = Finding::new(rule.id, rule.severity, location, message, message_en);
    f.table = Some(sheet.table.id.clone());
    f.cell = Some(CellRef {
        table: sheet.table.id.clone(),
        row: row.to_string(),
        column: "得分".into(),
    });
    f.stated = Some(stated);
    f
}

/// The 总分 row.
pub(crate) struct Total<'t> {
    pub row: &'t Row,
    pub points_col: Option<usize>,
    pub score_col: Option<usize>,
    /// The grade (优/良/中/差) and the cell it is in.
    pub grade: Option<(char, &'t Cell)>,
}

/// One self-evaluation table read by meaning.
pub(crate) struct Sheet<'t> {
    pub table: &'t Table,
    pub block: &'t Block,
    /// "部门整体支出绩效自评表" or "项目支出绩效自评表（项目名）".
    pub name: String,
    /// The table id and `name`, shared by the descriptions of the sheet's cells.
    names: std::rc::Rc<crate::rules::identity::SheetName>,
    pub project: bool,
    pub funding: Option<Funding<'t>>,
    pub indicators: Vec<Indicator<'t>>,
    pub total: Option<Total<'t>>,
    /// 项目总投资: the row and the column of its figure.
    pub investment: Option<(&'t Row, usize)>,
    /// The unit the funding block states ("资金情况（万元）"), if any.
    pub unit: Option<MoneyUnit>,
    /// [`Sheet::rate_check`], read once.
    rate_check: OnceCell<Option<tolerance::PercentCheck>>,
    /// [`Sheet::fund_score`], read once.
    fund_score: OnceCell<Option<fund_score_wrong::FundScore<'t>>>,
}

impl<'t> Sheet<'t> {
    /// A cell as an identity term, named for messages.
    pub fn term(
        &self,
        ctx: &Context,
        row: &Row,
        col: usize,
        row_what: impl Into<Cow<'static, str>>,
        col_what: &'static str,
    ) -> Option<Term> {
        let mut t = ctx.view.term(self.table, self.block, row, col)?;
        if t.unit != "%" {
            // The self-evaluation tables state their own unit and precision; the standard
            // tables' (perhaps 元) do not apply.
            if let Some(u) = self.unit {
                t.factor = u.yuan_factor();
                t.unit = u.as_str();
            }
            t.decimals = ctx.view.precision(self.table);
            t.half = tolerance::half_unit(t.decimals);
        }
        t.desc = self.desc(row_what, col_what);
        Some(t)
    }

    /// How messages name a cell of the sheet: "项目支出绩效自评表（…） 合计（得分）".
    pub fn desc(&self, row_what: impl Into<Cow<'static, str>>, col_what: &'static str) -> Desc {
        Desc::Sheet(crate::rules::identity::SheetCell {
            sheet: self.names.clone(),
            row: row_what.into(),
            column: col_what,
            what: None,
        })
    }

    /// The amount in a funding column of a row (non-percent numbers only).
    pub fn amount(row: &Row, col: Option<usize>) -> Option<(Decimal, u32, &Cell)> {
        let cell = row.cell(col?)?;
        let n = cell.number?;
        if n.percent {
            return None;
        }
        Some((n.value, n.decimals, cell))
    }

    /// The stated execution rate checked against 全年执行数 / 全年预算数 at the table's
    /// precision ([`rate_check`]), read once. `None` when the sheet states no rate or lacks
    /// the figures, or no ratio can be formed.
    pub(crate) fn rate_check(&self, ctx: &Context) -> Option<tolerance::PercentCheck> {
        *self.rate_check.get_or_init(|| {
            let f = self.funding.as_ref()?;
            let (rate, rd, pct, _) = stated_rate(f)?;
            let (e, _, b, _) = executed_and_budget(self, f)?;
            let dec = self.decimals(ctx);
            rate_check(
                rate,
                rd,
                pct,
                Approx::printed(e, dec),
                Approx::printed(b, dec),
            )
        })
    }

    /// The funding score checked against points × execution rate (see
    /// [`fund_score_wrong::fund_score`]), read once.
    pub(crate) fn fund_score(&self, ctx: &Context) -> Option<fund_score_wrong::FundScore<'t>> {
        *self
            .fund_score
            .get_or_init(|| fund_score_wrong::fund_score(ctx, self))
    }

    /// The table's amount precision (decimals).
    pub fn decimals(&self, ctx: &Context) -> u32 {
        ctx.view.precision(self.table)
    }
}

/// Every self-evaluation table of the document, read once per check.
pub(crate) fn sheets<'c, 't>(ctx: &'c Context<'t>) -> &'c [Sheet<'t>] {
    ctx.sheets()
}

/// Read every self-evaluation table of the document.
pub(crate) fn read_sheets<'t>(ctx: &Context<'t>) -> Vec<Sheet<'t>> {
    let mut out = Vec::new();
    for table in &ctx.doc.tables {
        let project = match table.kind {
            TableKind::PerformanceProject => true,
            TableKind::PerformanceOverall => false,
            _ => continue,
        };
        for block in &table.blocks {
            if let Some(sheet) = read(table, block, project) {
                out.push(sheet);
            }
        }
    }
    out
}

fn key_of(cell: &Cell) -> Cow<'_, str> {
    // A figure's key is only ever compared with header words (项目名称, 总投资, 等级, 优良中差):
    // without a Chinese character it cannot match them, and "" does not either.
    if cell.number.is_some() && cell.raw.bytes().all(|b| b < 0xE0) {
        return Cow::Borrowed("");
    }
    label_key_cow(&cell.raw)
}

/// A block's cell keys (`key_of` of every cell, made on first use) and which rows are funding
/// or indicator headers, read once per block.
struct Keys<'r> {
    rows: &'r [Row],
    /// Per row: where its cells' keys start in `cells`.
    starts: Vec<usize>,
    cells: Vec<OnceCell<Cow<'r, str>>>,
    /// Per cell (in the order of `cells`): its [`Marks`].
    marks: Vec<Marks>,
    fund_header: Vec<Option<FundColumns>>,
    indicator_header: Vec<bool>,
}

/// The keys of one row's cells (`key_of` of each, made on first use).
#[derive(Clone, Copy)]
struct RowKeys<'k, 'r> {
    cells: &'r [Cell],
    keys: &'k [OnceCell<Cow<'r, str>>],
    marks: &'k [Marks],
}

impl<'k, 'r: 'k> RowKeys<'k, 'r> {
    /// The key of cell `i` (`None` past the row's end).
    fn get(self, i: usize) -> Option<&'k str> {
        let cell = self.cells.get(i)?;
        Some(self.keys.get(i)?.get_or_init(|| key_of(cell)))
    }

    /// The key of cell `i` as made (borrowed from the cell where it can be).
    fn get_cow(self, i: usize) -> Option<Cow<'r, str>> {
        let cell = self.cells.get(i)?;
        Some(self.keys.get(i)?.get_or_init(|| key_of(cell)).clone())
    }

    /// The [`Marks`] of cell `i` (none past the row's end).
    fn marks(self, i: usize) -> Marks {
        self.marks.get(i).copied().unwrap_or_default()
    }

    /// The cells with their keys.
    fn iter(self) -> impl Iterator<Item = (&'r Cell, &'k str)> {
        self.cells
            .iter()
            .zip(self.keys)
            .map(|(cell, key)| (cell, &**key.get_or_init(|| key_of(cell))))
    }
}

impl<'r> Keys<'r> {
    fn of(rows: &'r [Row]) -> Keys<'r> {
        let mut starts = Vec::with_capacity(rows.len());
        let mut n = 0;
        for r in rows {
            starts.push(n);
            n += r.cells.len();
        }
        let mut keys = Keys {
            rows,
            starts,
            cells: (0..n).map(|_| OnceCell::new()).collect(),
            marks: Vec::with_capacity(n),
            fund_header: Vec::new(),
            indicator_header: Vec::new(),
        };
        keys.marks.extend(
            rows.iter()
                .flat_map(|r| &r.cells)
                .map(|c| Marks::of(&c.raw)),
        );
        keys.fund_header = (0..rows.len())
            .map(|j| read_fund_header(&rows[j], keys.row(j)))
            .collect();
        keys.indicator_header = (0..rows.len())
            .map(|j| is_indicator_header(&rows[j], keys.row(j)))
            .collect();
        keys
    }

    /// The keys of row `j`'s cells.
    fn row(&self, j: usize) -> RowKeys<'_, 'r> {
        let cells = self.rows.get(j).map(|r| r.cells.as_slice()).unwrap_or(&[]);
        let start = self.starts.get(j).copied().unwrap_or(0);
        let keys = self.cells.get(start..start + cells.len()).unwrap_or(&[]);
        let marks = self.marks.get(start..start + cells.len()).unwrap_or(&[]);
        RowKeys { cells, keys, marks }
    }

    /// The funding columns row `j` names, when it is a funding header.
    fn fund(&self, j: usize) -> Option<FundColumns> {
        self.fund_header.get(j).copied().flatten()
    }

    /// Whether row `j` is an indicator header.
    fn indicator(&self, j: usize) -> bool {
        self.indicator_header.get(j).copied().unwrap_or(false)
    }
}

fn is_text(cell: &Cell) -> bool {
    !cell.raw.is_empty() && cell.number.is_none()
}

/// Which funding column a header cell names.
fn fund_column(key: &str) -> Option<u8> {
    if key.starts_with("得分") {
        Some(5)
    } else if key.has("执行率") {
        Some(4)
    } else if key.starts_with("分值") || key == "权重" {
        Some(3)
    } else if key.has("年初预算") {
        Some(0)
    } else if key.has("全年预算") || key.has("调整后预算") || key.has("预算数") {
        Some(1)
    } else if key.has("执行数") || key.has("实际支出") || key.has("决算数") {
        Some(2)
    } else {
        None
    }
}

/// The characters [`Marks`] looks for, with their bits.
const MARKED: [(char, u32); 26] = [
    ('得', Marks::DE),
    ('分', Marks::FEN),
    ('执', Marks::ZHI_EXEC),
    ('行', Marks::XING),
    ('值', Marks::ZHI_VALUE),
    ('权', Marks::QUAN),
    ('重', Marks::ZHONG),
    ('预', Marks::YU),
    ('算', Marks::SUAN),
    ('实', Marks::SHI),
    ('际', Marks::JI),
    ('支', Marks::ZHI_PAY),
    ('决', Marks::JUE),
    ('指', Marks::ZHI_INDICATOR),
    ('级', Marks::JI_LEVEL),
    ('名', Marks::MING),
    ('称', Marks::CHENG),
    ('投', Marks::TOU),
    ('资', Marks::ZI),
    ('等', Marks::GRADE),
    ('优', Marks::GRADE),
    ('良', Marks::GRADE),
    ('中', Marks::GRADE),
    ('差', Marks::GRADE),
    ('总', Marks::TOTAL),
    ('合', Marks::TOTAL),
];

/// The slot of a character in [`MARK_SLOTS`] (a multiplicative hash under which the characters
/// of [`MARKED`] take distinct slots).
const fn mark_slot(c: u32) -> usize {
    (c.wrapping_mul(0x81E7_4EF5) >> 26) as usize
}

/// [`MARKED`] by [`mark_slot`]: (character, bits), or (`u32::MAX`, 0) for an empty slot.
const MARK_SLOTS: [(u32, u32); 64] = {
    let mut slots = [(u32::MAX, 0); 64];
    let mut i = 0;
    while i < MARKED.len() {
        let c = MARKED[i].0 as u32;
        let s = mark_slot(c);
        // Two characters in one slot would be a build error.
        assert!(slots[s].0 == u32::MAX);
        slots[s] = (c, MARKED[i].1);
        i += 1;
    }
    slots
};

/// Which of the characters the reader looks for before it reads a cell's key a cell's text
/// holds (a key's Chinese characters are among its cell's own, so a cell without the
/// characters of a word has no key with the word): one bit per character, read in one walk.
#[derive(Clone, Copy, Default)]
struct Marks(u32);

impl Marks {
    const DE: u32 = 1 << 0; // 得
    const FEN: u32 = 1 << 1; // 分
    const ZHI_EXEC: u32 = 1 << 2; // 执
    const XING: u32 = 1 << 3; // 行
    const ZHI_VALUE: u32 = 1 << 4; // 值
    const QUAN: u32 = 1 << 5; // 权
    const ZHONG: u32 = 1 << 6; // 重
    const YU: u32 = 1 << 7; // 预
    const SUAN: u32 = 1 << 8; // 算
    const SHI: u32 = 1 << 9; // 实
    const JI: u32 = 1 << 10; // 际
    const ZHI_PAY: u32 = 1 << 11; // 支
    const JUE: u32 = 1 << 12; // 决
    const ZHI_INDICATOR: u32 = 1 << 13; // 指
    const JI_LEVEL: u32 = 1 << 14; // 级
    const MING: u32 = 1 << 15; // 名
    const CHENG: u32 = 1 << 16; // 称
    const TOU: u32 = 1 << 17; // 投
    const ZI: u32 = 1 << 18; // 资
    const GRADE: u32 = 1 << 19; // 等 优 良 中 差
    const TOTAL: u32 = 1 << 20; // 总 合

    fn of(text: &str) -> Marks {
        // Every character looked for is a three-byte one: only those are decoded (from their
        // bytes, which are valid UTF-8), the others skipped by their lead byte.
        let bytes = text.as_bytes();
        let mut held = 0;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0xE0 {
                i += if b < 0x80 { 1 } else { 2 };
                continue;
            }
            if b >= 0xF0 {
                i += 4;
                continue;
            }
            let (Some(&b1), Some(&b2)) = (bytes.get(i + 1), bytes.get(i + 2)) else {
                break;
            };
            i += 3;
            let c =
                (u32::from(b & 0x0F) << 12) | (u32::from(b1 & 0x3F) << 6) | u32::from(b2 & 0x3F);
            let (k, bits) = MARK_SLOTS[mark_slot(c)];
            if k == c {
                held |= bits;
            }
        }
        Marks(held)
    }

    /// Whether every character of `bits` is held.
    fn all(self, bits: u32) -> bool {
        self.0 & bits == bits
    }

    /// Whether the characters of one of the words [`fund_column`] looks for are held (得分,
    /// 执行…, 分值, 权重, 预算…, 实际支出, 决算数).
    fn may_name_fund_column(self) -> bool {
        [
            Self::DE | Self::FEN,
            Self::ZHI_EXEC | Self::XING,
            Self::FEN | Self::ZHI_VALUE,
            Self::QUAN | Self::ZHONG,
            Self::YU | Self::SUAN,
            Self::SHI | Self::JI | Self::ZHI_PAY,
            Self::JUE | Self::SUAN,
        ]
        .iter()
        .any(|&word| self.all(word))
    }

    /// Whether the characters of 一级指标, 二级指标 or 三级指标 are held (their common 级指).
    fn may_name_indicator_level(self) -> bool {
        self.all(Self::ZHI_INDICATOR | Self::JI_LEVEL)
    }

    /// Whether the characters of 名称 or 投资 are held (项目名称 …, 总投资).
    fn may_name_project(self) -> bool {
        self.all(Self::MING | Self::CHENG) || self.all(Self::TOU | Self::ZI)
    }

    /// Whether 总 or 合 is held (总分…, 合计).
    fn may_total(self) -> bool {
        self.0 & Self::TOTAL != 0
    }

    /// Whether one of 等优良中差 is held (a grade).
    fn may_grade(self) -> bool {
        self.0 & Self::GRADE != 0
    }
}

/// The funding columns a row names (`keys`: its cells' keys).
fn read_fund_header(row: &Row, keys: RowKeys) -> Option<FundColumns> {
    let mut cols = FundColumns::default();
    for (i, cell) in row.cells.iter().enumerate() {
        if !is_text(cell) || !keys.marks(i).may_name_fund_column() {
            continue;
        }
        let Some(key) = keys.get(i) else { break };
        cols.note(key, i);
    }
    cols.usable()
}

/// The label words of a row: its text cells before the first value column (`keys`: its
/// cells' keys), joined with `|` after its label's key, into `s` (cleared first).
fn row_words<'s>(s: &'s mut String, row: &Row, keys: RowKeys, before: usize) -> &'s str {
    s.clear();
    s.push_str(&label_key_cow(&row.label));
    for key in row
        .cells
        .iter()
        .enumerate()
        .take(before)
        .filter(|(_, cell)| is_text(cell))
        .map_while(|(i, _)| keys.get(i))
    {
        s.push('|');
        s.push_str(key);
    }
    s
}

fn is_indicator_header(row: &Row, keys: RowKeys) -> bool {
    let text_keys = || {
        row.cells
            .iter()
            .enumerate()
            .filter(|&(i, c)| is_text(c) && keys.marks(i).may_name_indicator_level())
            .filter_map(move |(i, _)| keys.get(i))
    };
    text_keys().any(|k| k.starts_with("一级指标"))
        && text_keys().any(|k| k.starts_with("二级指标") || k.starts_with("三级指标"))
}

/// Points stated in a 一级指标 label: "产出指标（50分）" → 50.
pub(crate) fn stated_points(text: &str) -> Option<Decimal> {
    let folded = crate::text::fold_for_match(text);
    let end = folded.find('分')?;
    let head = &folded[..end];
    let digits: String = head
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if digits.is_empty() {
        return None;
    }
    digits.parse().ok()
}

/// The key of a 一级/二级 label without its points: "产出指标(50分)" → "产出指标".
/// (`k` is the label's `label_key`.)
fn indicator_key(k: Cow<'_, str>) -> Cow<'_, str> {
    let cut = k
        .char_indices()
        .find(|(_, c)| c.is_ascii_digit())
        .map(|(i, _)| i)
        .unwrap_or(k.len());
    match k {
        Cow::Borrowed(k) => Cow::Borrowed(&k[..cut]),
        Cow::Owned(mut k) => {
            k.truncate(cut);
            Cow::Owned(k)
        }
    }
}

fn grade_of<'r>(row: &'r Row, keys: RowKeys) -> Option<(char, &'r Cell)> {
    for (i, cell) in row.cells.iter().enumerate() {
        // A grade is read from 等级… or from one of 优良中差: a cell without those characters
        // has none.
        if !keys.marks(i).may_grade() {
            continue;
        }
        let Some(k) = keys.get(i) else { break };
        let after = match k.find("等级") {
            Some(i) => &k[i + "等级".len()..],
            None if k.chars().count() == 1 => k,
            None => continue,
        };
        if let Some(c) = after.chars().find(|c| "优良中差".contains(*c)) {
            return Some((c, cell));
        }
    }
    None
}

/// The funding columns named by the block's column headers (when the reader took the header
/// row as the columns).
fn columns_fund_header(block: &Block) -> Option<FundColumns> {
    let mut cols = FundColumns::default();
    for (i, col) in block.columns.iter().enumerate() {
        cols.note(&label_key(&col.header.join("")), i);
    }
    cols.usable()
}

/// The unit a funding header states ("资金情况（万元）").
fn unit_of(header: &Row, block: &Block) -> Option<MoneyUnit> {
    let mut words = String::new();
    for c in &header.cells {
        crate::text::squash_into(&mut words, &c.raw);
    }
    for c in &block.columns {
        for h in &c.header {
            words.push_str(h);
        }
    }
    words.push_str(&header.label);
    if words.has("万元") {
        Some(MoneyUnit::WanYuan)
    } else if words.has("（元）") || words.has("(元)") {
        Some(MoneyUnit::Yuan)
    } else {
        None
    }
}

/// The 合计 row and its parts from `first` on: the funding block and the index after it.
fn scan_funding<'r>(
    words: &mut String,
    rows: &'r [Row],
    keys: &Keys,
    first: usize,
    cols: FundColumns,
) -> Option<(Funding<'r>, usize)> {
    let first_value = [cols.initial, cols.annual, cols.executed]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(0);
    let mut f_total = None;
    let mut fiscal = None;
    let mut carry = None;
    let mut other = None;
    let mut j = first;
    while j < rows.len() && j < first + 8 {
        let r = &rows[j];
        if keys.fund(j).is_some() || keys.indicator(j) {
            break;
        }
        let words = row_words(words, r, keys.row(j), first_value);
        let has_values = [cols.initial, cols.annual, cols.executed]
            .into_iter()
            .flatten()
            .any(|c| r.cell(c).is_some_and(|c| c.number.is_some()));
        let rate_or_score = [cols.rate, cols.score, cols.points]
            .into_iter()
            .flatten()
            .any(|c| r.cell(c).is_some_and(|c| c.number.is_some()));
        if words.has("财政拨款") {
            fiscal.get_or_insert(r);
        } else if words.has("上年结转") {
            carry.get_or_insert(r);
        } else if words.has("其他资金") {
            other.get_or_insert(r);
        } else if (words.has("合计") || words.has("资金总额") || words.has("总额"))
            && (has_values || rate_or_score)
            && f_total.is_none()
        {
            f_total = Some(r);
        } else if !has_values && words.has("目标") {
            break;
        }
        j += 1;
    }
    let total = f_total?;
    Some((
        Funding {
            cols,
            total,
            fiscal,
            carry,
            other,
        },
        j,
    ))
}

fn read<'t>(table: &'t Table, block: &'t Block, project: bool) -> Option<Sheet<'t>> {
    let mut funding: Option<Funding<'t>> = None;
    let mut indicators = Vec::new();
    let mut total = None;
    let mut investment = None;
    let mut project_name = None;
    let mut unit = table.unit;
    let rows = &block.rows;
    let keys = Keys::of(rows);
    // The words of a row (see `row_words`), one buffer for all.
    let mut words = String::new();
    let mut i = 0;
    while i < rows.len() {
        let row = &rows[i];
        let row_keys = keys.row(i);
        // 项目名称 and 项目总投资 may share a row.
        for ci in 0..row.cells.len() {
            if !row_keys.marks(ci).may_name_project() {
                continue;
            }
            let Some(k) = row_keys.get(ci) else { break };
            if project_name.is_none() && matches!(k, "项目名称" | "项目支出名称" | "专项名称")
            {
                project_name = row_keys
                    .iter()
                    .skip(ci + 1)
                    .find(|(c, k)| {
                        is_text(c) && !matches!(*k, "项目名称" | "专项名称" | "项目支出名称")
                    })
                    .filter(|(_, k)| !k.has("总投资") && !k.has("主管部门"))
                    .map(|(c, _)| crate::text::squash(&c.raw));
            }
            if investment.is_none() && k.has("总投资") {
                if let Some(off) = row.cells[ci + 1..]
                    .iter()
                    .position(|c| c.number.is_some_and(|n| !n.percent && !n.dash) || is_text(c))
                {
                    let at = ci + 1 + off;
                    if row.cells[at].number.is_some() {
                        investment = Some((row, at));
                    }
                }
            }
        }
        if funding.is_none() {
            // The header is a row of the block, or (space-aligned pastes) the block's columns.
            let from_row = keys.fund(i).map(|c| (c, i + 1, row));
            let from_columns = (i == 0)
                .then(|| columns_fund_header(block))
                .flatten()
                .map(|c| (c, i, row));
            if let Some((cols, first, header)) = from_row.or(from_columns) {
                if let Some(u) = unit_of(header, block) {
                    unit = Some(u);
                }
                if let Some((f, next)) = scan_funding(&mut words, rows, &keys, first, cols) {
                    funding = Some(f);
                    i = next;
                    continue;
                }
            }
        }
        if keys.indicator(i) {
            let mut cols: [Option<usize>; 8] = [None; 8];
            for (ci, cell) in row.cells.iter().enumerate() {
                if !is_text(cell) {
                    continue;
                }
                let Some(k) = row_keys.get(ci) else { break };
                let slot = if k.starts_with("一级指标") {
                    0
                } else if k.starts_with("二级指标") {
                    1
                } else if k.starts_with("三级指标") {
                    2
                } else if k.has("指标值") || k.has("目标值") {
                    3
                } else if k.has("完成值") || k.has("实际值") || k.has("完成情况") {
                    4
                } else if k.starts_with("分值") || k.starts_with("权重") {
                    5
                } else if k.starts_with("得分") {
                    6
                } else if k.has("偏差") || k.has("原因") {
                    7
                } else {
                    continue;
                };
                if cols[slot].is_none() {
                    cols[slot] = Some(ci);
                }
            }
            let (Some(points_col), Some(score_col)) = (cols[5], cols[6]) else {
                i += 1;
                continue;
            };
            let text_at = |r: &'t Row, c: Option<usize>| -> Option<&'t Cell> {
                c.and_then(|c| r.cell(c)).filter(|c| is_text(c))
            };
            let mut level1 = Cow::Borrowed("");
            let mut level1_row = None;
            let mut level1_cell = None;
            let mut level1_points = None;
            let mut level2 = Cow::Borrowed("");
            let mut level2_cell = None;
            let mut j = i + 1;
            while j < rows.len() {
                let r = &rows[j];
                let before = points_col.min(score_col);
                // A word "总分…" or "合计" among the row's words has 总 or 合, and so has its
                // label or text cell: without one, the words need not be read.
                let row_keys = keys.row(j);
                let may_total = r.label.contains(['总', '合'])
                    || r.cells
                        .iter()
                        .enumerate()
                        .take(before)
                        .any(|(i, c)| is_text(c) && row_keys.marks(i).may_total());
                if may_total
                    && row_words(&mut words, r, keys.row(j), before)
                        .split('|')
                        .any(|w| w.starts_with("总分") || w == "合计")
                {
                    total = Some(Total {
                        row: r,
                        points_col: Some(points_col),
                        score_col: Some(score_col),
                        grade: grade_of(r, keys.row(j))
                            .or_else(|| rows.get(j + 1).and_then(|n| grade_of(n, keys.row(j + 1)))),
                    });
                    break;
                }
                if keys.indicator(j) || keys.fund(j).is_some() {
                    break;
                }
                let key_at = |c: Option<usize>| c.and_then(|c| keys.row(j).get_cow(c));
                if let Some(c) = text_at(r, cols[0]) {
                    level1 = key_at(cols[0]).map(indicator_key).unwrap_or_default();
                    level1_points = stated_points(&c.raw);
                    level1_row = Some(r);
                    level1_cell = Some(c);
                    level2 = Cow::Borrowed("");
                    level2_cell = None;
                }
                if let Some(c) = text_at(r, cols[1]) {
                    level2 = key_at(cols[1]).map(indicator_key).unwrap_or_default();
                    level2_cell = Some(c);
                }
                let points = r.cell(points_col).filter(|c| c.number.is_some());
                let score = r.cell(score_col).filter(|c| c.number.is_some());
                if points.is_some() || score.is_some() {
                    let text = |c: Option<usize>| {
                        c.and_then(|c| r.cell(c))
                            .map(|c| squash_cow(&c.raw))
                            .unwrap_or_default()
                    };
                    indicators.push(Indicator {
                        level1: level1.clone(),
                        level1_row,
                        level1_cell,
                        level1_points,
                        level2: level2.clone(),
                        level2_cell,
                        level3: text(cols[2]),
                        target: text(cols[3]),
                        target_cell: cols[3].and_then(|c| r.cell(c)),
                        points,
                        score,
                        reason: text(cols[7]),
                    });
                }
                j += 1;
            }
            i = j + 1;
            continue;
        }
        i += 1;
    }
    if funding.is_none() && indicators.is_empty() {
        return None;
    }
    let name = if project {
        match project_name {
            Some(n) if !n.is_empty() => format!("项目支出绩效自评表（{n}）"),
            _ => "项目支出绩效自评表".to_string(),
        }
    } else {
        "部门整体支出绩效自评表".to_string()
    };
    let names = std::rc::Rc::new(crate::rules::identity::SheetName {
        table: table.id.clone(),
        name: name.clone(),
    });
    Some(Sheet {
        table,
        block,
        name,
        names,
        project,
        funding,
        indicators,
        total,
        investment,
        unit,
        rate_check: OnceCell::new(),
        fund_score: OnceCell::new(),
    })
}

/// The execution rate the figures imply, as a check of a stated rate: `stated` with
/// `decimals` against `executed / budget`. Accepts a rate printed as a fraction (0.95) and a
/// rate capped at 100 % when spending exceeds the budget. `None` when no ratio can be formed.
pub(crate) fn rate_check(
    stated: Decimal,
    decimals: u32,
    percent: bool,
    executed: Approx,
    budget: Approx,
) -> Option<tolerance::PercentCheck> {
    let check = tolerance::check_percent(stated, decimals, executed, budget)?;
    if check.verdict != Verdict::Breaks {
        return Some(check);
    }
    // Capped at 100 %.
    if stated == Decimal::ONE_HUNDRED && executed.value >= budget.value {
        let mut capped = check;
        capped.verdict = Verdict::Exact;
        return Some(capped);
    }
    // 0.95 for 95 %.
    if !percent && stated <= Decimal::ONE && decimals >= 1 {
        let as_pct = stated.checked_mul(Decimal::ONE_HUNDRED)?;
        let alt = tolerance::check_percent(as_pct, decimals.saturating_sub(2), executed, budget)?;
        if alt.verdict != Verdict::Breaks {
            return Some(alt);
        }
    }
    Some(check)
}

/// The funding figures of a sheet as approximations, for rate checks: (executed, annual).
pub(crate) fn executed_and_budget(
    sheet: &Sheet,
    f: &Funding,
) -> Option<(Decimal, u32, Decimal, u32)> {
    let (e, ed, _) = Sheet::amount(f.total, f.cols.executed)?;
    let (b, bd, _) = Sheet::amount(f.total, f.cols.annual)?;
    let _ = sheet;
    Some((e, ed, b, bd))
}

/// The stated execution rate of the funding block: (value, decimals, percent sign, cell).
pub(crate) fn stated_rate<'t>(f: &Funding<'t>) -> Option<(Decimal, u32, bool, &'t Cell)> {
    let cell = f.total.cell(f.cols.rate?)?;
    let n = cell.number?;
    if n.dash {
        return None;
    }
    Some((n.value, n.decimals, n.percent, cell))
}

/// The recomputed execution rate in percent (exact), when the budget is positive.
/// The related place "分值 N" (an indicator's or the funding's points).
pub(crate) fn points_label(location: Location, points: Decimal) -> crate::diagnostic::Label {
    crate::diagnostic::Label::new(
        location,
        format!("分值 {}", points.normalize()),
        format!("points {}", points.normalize()),
    )
}

/// The related place "全年预算数 N" (the sheet's annual budget), for findings that compare
/// another figure with it.
pub(crate) fn annual_budget_label(cell: &Cell, annual: Decimal) -> crate::diagnostic::Label {
    crate::diagnostic::Label::new(
        cell.location,
        format!("全年预算数 {}", annual.normalize()),
        format!("the annual budget (全年预算数) {}", annual.normalize()),
    )
    .with_value(annual)
}

pub(crate) fn exact_rate(executed: Decimal, budget: Decimal) -> Option<Decimal> {
    if budget <= Decimal::ZERO {
        return None;
    }
    executed
        .checked_mul(Decimal::ONE_HUNDRED)?
        .checked_div(budget)
}

/// True when the stated rate of a sheet is consistent with its figures (or cannot be checked).
pub(crate) fn rate_is_consistent(ctx: &Context, sheet: &Sheet) -> bool {
    sheet
        .rate_check(ctx)
        .is_none_or(|c| c.verdict != Verdict::Breaks)
}

/// A score or points cell as an identity term: unit 分, no money factor. Assigned scores are
/// exact (`printed = false`: no rounding allowance); computed ones (the funding score) keep
/// the half-unit of their printed digits.
pub(crate) fn score_term(
    sheet: &Sheet,
    cell: &Cell,
    value: Decimal,
    computed: bool,
    row: impl Into<Cow<'static, str>>,
    col: &'static str,
) -> Term {
    Term {
        value,
        decimals: cell.number.map(|n| n.decimals).unwrap_or(0),
        printed: computed,
        half: tolerance::half_unit(cell.number.map(|n| n.decimals).unwrap_or(0)),
        factor: Decimal::ONE,
        unit: "分",
        location: cell.location,
        desc: sheet.desc(row, col),
    }
}

#[cfg(test)]
pub(crate) mod testing {
    /// A minimal project self-evaluation table in the Hunan layout, tab-separated.
    pub const PROJECT: &str = "附件2\n\n2022年度项目支出绩效自评表\n\n\
部门名称\t某某单位\t\t\t\t\t\t\t\n\
项目支出名称\t专项名称\t\t平台运营\t\t项目总投资（万元）\t\t4\t\n\
\t支出方向名称（子项目）\t\t\t\t其中：财政拨款\t\t4\t\n\
年度项目资金（万元）\t年度资金总额\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分（分值×执行率）\n\
\t合计\t\t4\t4\t3.8\t10\t95%\t9.5\n\
\t其中：当年财政拨款\t\t4\t4\t3.8\t\t\t\n\
\t上年结转资金\t\t\t\t\t\t\t\n\
\t其他资金\t\t\t\t\t\t\t\n\
年度总体目标\t预期目标\t\t\t\t实际完成情况\t\t\t\n\
\t运营平台\t\t\t\t平台运营良好\t\t\t\n\
绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n\
\t产出指标（50分）\t数量指标\t服务企业数\t24家\t25家\t20\t20\t\n\
\t\t质量指标\t服务水平\t不断提升\t不断提升\t10\t10\t\n\
\t\t时效指标\t完成时间\t2022年12月\t2022年12月\t10\t10\t\n\
\t\t成本指标\t不超过预算\t≤4万元\t预算内完成\t10\t10\t\n\
\t效益指标（30分）\t社会效益指标\t营商环境\t不断提升\t不断提升\t15\t15\t\n\
\t\t可持续影响指标\t长效机制\t市考核标准\t较好完成\t15\t14\t机制有待完善\n\
\t满意度指标（10分）\t服务对象满意度指标\t企业满意度\t满意\t满意\t10\t10\t\n\
总分\t\t\t\t\t\t100\t98.5\t等级：优\n\
\n备注：1.“执行率”=“全年执行数”/“全年预算数”；\n";

    #[test]
    fn the_sheet_is_read() {
        let doc = crate::parse(PROJECT).document;
        let ctx = crate::rules::Context::new(&doc);
        let sheets = super::sheets(&ctx);
        assert_eq!(sheets.len(), 1, "{:#?}", doc.tables);
        let s = &sheets[0];
        assert_eq!(s.name, "项目支出绩效自评表（平台运营）");
        let f = s.funding.as_ref().expect("funding");
        assert!(f.fiscal.is_some() && f.carry.is_some() && f.other.is_some());
        assert_eq!(s.indicators.len(), 7);
        assert_eq!(s.indicators[0].level1, "产出指标");
        assert_eq!(s.indicators[0].level1_points, Some(50.into()));
        assert_eq!(s.indicators[5].level2, "可持续影响指标");
        assert_eq!(
            s.total.as_ref().and_then(|t| t.grade).map(|g| g.0),
            Some('优')
        );
        assert!(s.investment.is_some());
    }
}

#[cfg(test)]
mod marks_tests {
    use super::Marks;

    /// [`Marks::of`] reads the same characters as a walk over `chars()` would.
    #[test]
    fn marks_read_every_character_looked_for() {
        let words = "得分执行值权重预算实际支决指级名称投资等优良中差总合";
        for c in words.chars() {
            let bit = Marks::of(&c.to_string()).0;
            assert_ne!(bit, 0, "{c}");
            for text in [
                format!("a{c}b"),
                format!("é{c}😀"),
                format!("（{c}）"),
                format!("{c}"),
            ] {
                assert_eq!(Marks::of(&text).0, bit, "{text}");
            }
        }
        assert_eq!(Marks::of("abc 123 é😀 一二三").0, 0);
        // No other character marks anything.
        for c in (0x800..=0xFFFF).filter_map(char::from_u32) {
            if !words.contains(c) {
                assert_eq!(Marks::of(&c.to_string()).0, 0, "{c}");
            }
        }
        assert_eq!(
            Marks::of("得分（分值×执行率）").0,
            Marks::DE | Marks::FEN | Marks::ZHI_VALUE | Marks::ZHI_EXEC | Marks::XING
        );
    }
}
