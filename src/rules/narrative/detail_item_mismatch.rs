use super::Narrative;
use super::{Prose, Topic};
use crate::declare_rule;
use crate::model::{Block, MoneyUnit, Row, Table, TableKind};
use crate::rules::codes::{loose_key, strip_brackets};
use crate::rules::cross::{cell, total_block};
use crate::rules::identity::{Relation, Term};
use crate::rules::narrative::GbPart;
use crate::rules::{Context, Identity, Sink};
use crate::text::Has;
use crate::tolerance;

declare_rule! {
    /// 一般公共预算财政拨款支出决算“具体情况”中逐项说明的支出决算数与公开05表该项不符，或
    /// 各项的年初预算数、决算数之和不等于段首所写的总数。
    ///
    /// 每一项按其标题行（“1、一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）
    /// 行政运行（项）”，或其中印出的 7 位科目编码）对应到公开05表的项级科目：编码相符，或
    /// 类、款、项名称都相符且只有一行相符时，才与该行的合计比较。名称有误（见
    /// `codes.narrative-name-mismatch`）时只在金额也相符、且只有一行可选时认定对应，不报告
    /// 金额问题。段首的支出决算总数应等于公开05表合计；说明列出了公开05表中所有有金额的项
    /// 时，再核对各项年初预算数之和等于段首的年初预算总数（各项决算数已逐项与表核对）。
    ///
    /// 部门预算的“一般公共预算（当年）拨款支出”说明逐项只写一个数，即当年预算数（“（3）公共
    /// 安全支出（类）司法（款）行政运行（项）8,553.80万元”“（一）2011301-行政运行 2163.74万元”）：
    /// 按同样的办法对应到公开05表的项，与该行合计比较。公开05表不印编码时，按缩进认定类、
    /// 款、项，且只在每个类、款都等于其下各行之和时才采用。说明数是表中较精确数字（如以元
    /// 列示）舍入所得时视为相符。
    ///
    /// 例：“1、一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）。
    /// 年初预算为97.57万元，支出决算为110.41万元”，而公开05表 2010301 行政运行为 100.41
    /// 万元。修正：按表中数字改正说明。
    ///
    /// An item of the 一般公共预算 detail section (具体情况) states an actual amount that
    /// differs from its 项 row in table 05, or the items' budgets do not add
    /// up to the budget total stated first. Items are bound to 05 rows by the code, or by the 类/款/项
    /// names when exactly one row fits; a wrongly named item is only taken as bound when its
    /// amount also fits a single row (and then nothing is reported about its amount).
    ///
    /// Budgets (部门预算) state one amount per item, the year's budget; it is bound the same
    /// way and compared with the row's 合计. When table 05 prints no codes, the 类/款/项
    /// levels are read from the indents, and only trusted when every class and 款 equals the
    /// sum of the rows under it. An item amount that is the table's finer figure rounded is
    /// taken as the same figure.
    pub static DETAIL_ITEM_MISMATCH = Rule {
        id: "narrative.detail-item-mismatch",
        family: Narrative,
        severity: Error,
        summary: "说明中逐项的金额与公开05表或段首总数不符",
        summary_en: "A detail item's amount differs from table 05 or from the stated totals",
        run: Some(check),
    };
}

/// How an item was tied to a 05 row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Binding {
    /// By the printed code, or by all its names with one row fitting.
    Named(usize),
    /// By its amount among the rows its (partly wrong) names allow.
    ByAmount(usize),
    /// No row could be chosen.
    Unbound,
}

/// One item of the detail section.
pub(crate) struct Item {
    /// Figure indices (into the narrative) of its budget and actual amounts.
    pub budget: usize,
    pub actual: usize,
    pub binding: Binding,
}

/// The detail section as read.
pub(crate) struct Detail<'t> {
    pub table: &'t Table,
    pub block: &'t Block,
    /// The 05 项 rows (7-digit codes) with their 合计 term.
    pub rows: Vec<(&'t Row, Term)>,
    /// The total stated first (budget, actual), if any.
    pub total: Option<(usize, usize)>,
    pub items: Vec<Item>,
    /// Figure index of the first item (for locating section-level findings).
    pub first: usize,
}

/// The 类/款/项 names and code of an item heading.
#[derive(Debug, Default)]
struct Heading {
    class: Option<String>,
    kuan: Option<String>,
    xiang: Option<String>,
    code: Option<String>,
}

/// The item heading in the text before an item's budget figure: the last clause naming a
/// 项 or printing a 7-digit function code.
fn heading(text: &str) -> Option<Heading> {
    let t = text.replace('(', "（").replace(')', "）");
    let pieces: Vec<&str> = t.split(['。', '；', ';']).collect();
    let piece = pieces
        .iter()
        .rev()
        .find(|p| p.has("项）") || seven_digits(p).is_some())?;
    let mut h = Heading {
        code: seven_digits(piece),
        ..Heading::default()
    };
    let class_end = piece.find("类）");
    let kuan_end = piece.find("款）");
    let xiang_end = piece.find("项）");
    let open = |end: usize| piece[..end].rfind('（').unwrap_or(end);
    if let Some(e) = class_end {
        // The class name: the Han characters before the marker.
        h.class = Some(han_tail(&piece[..open(e)]).to_string());
    }
    match (kuan_end, class_end) {
        (Some(k), Some(c)) if k > c => {
            h.kuan = Some(piece[c + "类）".len()..open(k)].to_string());
        }
        // No class in the clause (it heads the section: "（二）卫生健康支出（类）" over
        // "1.行政事业单位医疗（款）行政单位医疗（项）"): the Han characters before the marker.
        (Some(k), None) => {
            let name = han_tail(&piece[..open(k)]);
            if !name.is_empty() {
                h.kuan = Some(name.to_string());
            }
        }
        _ => {}
    }
    if let Some(x) = xiang_end {
        let from = kuan_end
            .filter(|k| *k < x)
            .map(|k| k + "款）".len())
            .unwrap_or(0);
        if from <= open(x) {
            let s = &piece[from..open(x)];
            let name: String = s
                .chars()
                .rev()
                .take_while(|c| crate::text::is_han(*c) || matches!(c, '（' | '）'))
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            h.xiang = Some(name);
        }
    }
    Some(h)
}

/// The Han characters at the end of `s` (a name before its "（类）"/"（款）" marker).
fn han_tail(s: &str) -> &str {
    let start = s
        .char_indices()
        .rev()
        .take_while(|(_, c)| crate::text::is_han(*c))
        .last()
        .map_or(s.len(), |(i, _)| i);
    &s[start..]
}

/// A 7-digit function code (starting with 2) printed in the text.
fn seven_digits(s: &str) -> Option<String> {
    let mut run = String::new();
    for c in s.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            run.push(c);
            continue;
        }
        if run.len() == 7 && run.starts_with('2') {
            return Some(run);
        }
        run.clear();
    }
    None
}

fn key(name: &str) -> String {
    loose_key(&strip_brackets(name))
}

/// True when a name the text gives fits the name a table prints (given by their [`key`]s).
fn fits(said: &str, printed: &str) -> bool {
    !said.is_empty()
        && (said == printed || printed.chars().count() >= 4 && said.starts_with(printed))
}

fn row_of<'t>(block: &'t Block, code: &str) -> Option<&'t Row> {
    block
        .rows
        .iter()
        .find(|r| r.code.as_ref().is_some_and(|c| c.digits == code))
}

/// The class and 款 rows above each 项 row (by code prefix in a coded table).
type Parents<'t> = Vec<(Option<&'t Row>, Option<&'t Row>)>;

/// [`Parents`] of coded 项 rows: the first rows printing the 3- and 5-digit prefixes.
fn coded_parents<'t>(block: &'t Block, rows: &[(&'t Row, Term)]) -> Parents<'t> {
    rows.iter()
        .map(|(r, _)| {
            let code = r.code.as_ref().map(|c| c.digits.as_str()).unwrap_or("");
            let up = |len: usize| code.get(..len).and_then(|c| row_of(block, c));
            (up(3), up(5))
        })
        .collect()
}

/// The [`key`]s of the names printed for the 项 rows: each row's class's, its 款's and its own,
/// each made on first use (the rows are looked at for every item heading).
struct PrintedKeys<'p, 't> {
    parents: &'p Parents<'t>,
    rows: &'p [(&'t Row, Term)],
    keys: Vec<[std::cell::OnceCell<String>; 3]>,
}

impl<'p, 't> PrintedKeys<'p, 't> {
    fn new(parents: &'p Parents<'t>, rows: &'p [(&'t Row, Term)]) -> Self {
        PrintedKeys {
            parents,
            rows,
            keys: rows.iter().map(|_| Default::default()).collect(),
        }
    }

    /// The key of row `i`'s class (`level` 0), 款 (1) or own name (2), when it has that row.
    fn get(&self, i: usize, level: usize) -> Option<&str> {
        let row = match level {
            0 => self.parents.get(i)?.0?,
            1 => self.parents.get(i)?.1?,
            _ => self.rows.get(i)?.0,
        };
        Some(
            self.keys
                .get(i)?
                .get(level)?
                .get_or_init(|| key(&row.label)),
        )
    }
}

/// The 05 row an item heading names: (names fit, index).
fn choose(
    h: &Heading,
    printed: &PrintedKeys,
    rows: &[(&Row, Term)],
    actual: &super::Fig,
) -> Binding {
    if let Some(code) = &h.code {
        if let Some(i) = rows
            .iter()
            .position(|(r, _)| r.code.as_ref().is_some_and(|c| c.digits == code))
        {
            return Binding::Named(i);
        }
    }
    // The keys of the names given (those with one).
    let said = |name: &Option<String>| name.as_deref().map(key).filter(|k| !k.is_empty());
    let (class_said, kuan_said, xiang_said) = (said(&h.class), said(&h.kuan), said(&h.xiang));
    // Per row: which of the given names fit.
    let mut all = Vec::new();
    let mut some = Vec::new();
    for i in 0..rows.len() {
        // The class name may run on from the words before it ("其中一般公共服务支出").
        let class = class_said.as_deref().and_then(|a| {
            let b = printed.get(i, 0)?;
            Some(!b.is_empty() && a.ends_with(b))
        });
        let kuan = kuan_said
            .as_deref()
            .and_then(|a| Some(fits(a, printed.get(i, 1)?)));
        let xiang = xiang_said
            .as_deref()
            .map(|a| fits(a, printed.get(i, 2).unwrap_or_default()));
        let given = [class, kuan, xiang];
        let fitted = given.iter().filter(|x| **x == Some(true)).count();
        let named = given.iter().filter(|x| x.is_some()).count();
        if named >= 2 && fitted == named {
            all.push(i);
        } else if class != Some(false) && fitted >= 1 {
            some.push(i);
        }
    }
    if let [one] = all.as_slice() {
        return Binding::Named(*one);
    }
    if !all.is_empty() {
        return Binding::Unbound;
    }
    let Some(a) = actual.approx_yuan() else {
        return Binding::Unbound;
    };
    let same: Vec<usize> = some
        .into_iter()
        .filter(|&i| {
            let t = &rows[i].1;
            let v = t.value * t.factor;
            let half = if t.printed {
                t.half * t.factor
            } else {
                0.into()
            };
            tolerance::judge(v - a.value, half + a.half).holds()
        })
        .collect();
    match same.as_slice() {
        [one] => Binding::ByAmount(*one),
        _ => Binding::Unbound,
    }
}

/// Table 05, its block with the total row, and its 项 rows (7-digit codes) with their 合计.
#[allow(clippy::type_complexity)]
fn xiang_rows<'t>(ctx: &Context<'t>) -> Option<(&'t Table, &'t Block, Vec<(&'t Row, Term)>)> {
    let table = crate::rules::cross::table(ctx, TableKind::GeneralBudgetExpenditure)?;
    let (block, _) = total_block(ctx, table)?;
    let rows: Vec<(&Row, Term)> = block
        .rows
        .iter()
        .filter(|r| r.code.as_ref().is_some_and(|c| c.digits.len() == 7))
        .filter_map(|r| Some((r, cell(ctx, table, block, r, &[], &[])?)))
        .collect();
    if rows.is_empty() {
        return None;
    }
    Some((table, block, rows))
}

/// The items of a budget's detail part: each states one amount, the budget for the year.
pub(crate) struct BudgetDetail<'t> {
    /// The 05 项 rows (7-digit codes) with their 合计 term.
    pub rows: Vec<(&'t Row, Term)>,
    /// (figure index of the item's amount, its binding).
    pub items: Vec<(usize, Binding)>,
}

/// True when figure `i` sits in the 一般公共预算 (or 财政拨款) spending section of a budget: the
/// innermost section title naming a topic names that expenditure, or is a generic 支出 part
/// ("2、支出按功能科目分类的明细情况") of it. Item headings printed as titles ("（一）2011301-
/// 行政运行2163.74万元") name no topic and are passed over.
fn in_general_budget(doc: &crate::model::Document, section: Option<usize>) -> bool {
    for s in super::section_path(doc, section) {
        match super::title_topic(&s.title) {
            Some(Topic::GeneralBudget(GbPart::Structure)) => return false,
            Some(Topic::GeneralBudget(_)) => return true,
            // "五、财政拨款支出预算情况说明" listing its 项 ("1.应急管理事务（款）行政运行（项）
            // 支出 2,323.98 万元"): a 项 of 05 is all 一般公共预算 money; an item 05 does not
            // hold (a 政府性基金 项) binds to no row and is left alone.
            Some(Topic::FiscalExpenditure) => return true,
            None | Some(Topic::Expenditure) => {}
            Some(_) => return false,
        }
    }
    false
}

/// The 项 rows of an uncoded table 05 (names only, the levels shown by indenting) with their
/// 合计 and their class and 款 rows. The rows must sit at (at least) three indents, and every
/// class and 款 must equal the sum of the rows under it (within rounding): otherwise the
/// levels are not trusted and nothing is returned.
#[allow(clippy::type_complexity)]
fn uncoded_rows<'t>(ctx: &Context<'t>) -> Option<(Vec<(&'t Row, Term)>, Parents<'t>)> {
    let table = crate::rules::cross::table(ctx, TableKind::GeneralBudgetExpenditure)?;
    let (block, total) = total_block(ctx, table)?;
    if block.rows.iter().any(|r| r.code.is_some()) {
        return None;
    }
    let mut body: Vec<(&Row, u32, Term)> = Vec::new();
    for r in &block.rows {
        if std::ptr::eq(r, total) || key(&r.label).is_empty() {
            continue;
        }
        let indent = r.label_location?.column;
        body.push((r, indent, cell(ctx, table, block, r, &[], &[])?));
    }
    let mut indents: Vec<u32> = body.iter().map(|b| b.1).collect();
    indents.sort_unstable();
    indents.dedup();
    // The three least indents are the levels; a row indented further (a page break's form
    // feed shifts a line by one) is taken as a 项, which the sums below then confirm.
    let [c, k, _, ..] = indents.as_slice() else {
        return None;
    };
    let level = |indent: u32| -> usize {
        if indent == *c {
            0
        } else if indent == *k {
            1
        } else {
            2
        }
    };
    // The rows in order with their levels; each must follow a row one level up (or its own).
    let levels: Vec<usize> = body.iter().map(|b| level(b.1)).collect();
    if levels.first() != Some(&0) {
        return None;
    }
    for w in levels.windows(2) {
        if w[1] > w[0] + 1 {
            return None;
        }
    }
    // Every parent equals the sum of its children (judged as any identity is).
    for (i, (_, _, term)) in body.iter().enumerate() {
        let l = levels[i];
        if l == 2 {
            continue;
        }
        let children = body[i + 1..]
            .iter()
            .zip(&levels[i + 1..])
            .take_while(|(_, &lj)| lj > l)
            .filter(|(_, &lj)| lj == l + 1)
            .map(|(b, _)| (1, &b.2));
        if children.clone().next().is_none()
            || !crate::rules::identity::verdict(Relation::Equal, term, children).holds()
        {
            return None;
        }
    }
    let mut rows = Vec::new();
    let mut parents = Vec::new();
    let (mut class, mut kuan): (Option<&Row>, Option<&Row>) = (None, None);
    for (i, (r, _, term)) in body.iter().enumerate() {
        match levels[i] {
            0 => (class, kuan) = (Some(*r), None),
            1 => kuan = Some(*r),
            _ => {
                rows.push((*r, term.clone()));
                parents.push((class, kuan));
            }
        }
    }
    (!rows.is_empty()).then_some((rows, parents))
}

/// Read a budget's detail items against table 05: every amount in the 一般公共预算 section
/// that directly follows an item heading (a clause naming a 项 or printing a 7-digit code,
/// with no change word such as 增加 between the heading and the amount).
pub(crate) fn budget_detail<'t>(ctx: &Context<'t>, n: &Narrative) -> Option<BudgetDetail<'t>> {
    let (rows, parents) = match xiang_rows(ctx) {
        Some((_, block, rows)) => {
            let parents = coded_parents(block, &rows);
            (rows, parents)
        }
        None => uncoded_rows(ctx)?,
    };
    let printed = PrintedKeys::new(&parents, &rows);
    let prose = Prose::new(ctx.doc);
    let mut items = Vec::new();
    let mut prev_end: Option<usize> = None;
    for (i, fig) in n.figs.iter().enumerate() {
        let f = fig.f;
        let start = prev_end.unwrap_or(f.location.span.start);
        prev_end = Some(f.location.span.end);
        if !fig.is_amount() || MoneyUnit::from_text(&f.unit).is_none() {
            continue;
        }
        if !in_general_budget(ctx.doc, f.section) {
            continue;
        }
        let text = prose.between(start, f.location.span.start);
        let text = text.replace('(', "（").replace(')', "）");
        // The heading must be in the clause right before the amount.
        let last = text.rsplit(['。', '；', ';']).next().unwrap_or_default();
        let Some(h) = heading(last) else { continue };
        let tail = match (last.rfind("项）"), &h.code) {
            (Some(p), _) => &last[p + "项）".len()..],
            (None, Some(code)) => last
                .rfind(code.as_str())
                .map_or("", |p| &last[p + code.len()..]),
            (None, None) => continue,
        };
        if super::is_change_words(tail) {
            continue;
        }
        items.push((i, choose(&h, &printed, &rows, fig)));
    }
    drop(printed);
    if items.is_empty() {
        return None;
    }
    Some(BudgetDetail { rows, items })
}

/// Read the detail section against table 05 (決算 disclosures only; budgets:
/// [`budget_detail`]).
pub(crate) fn detail<'t>(ctx: &Context<'t>, n: &Narrative) -> Option<Detail<'t>> {
    if ctx.view.is_budget() {
        return None;
    }
    let (table, block, rows) = xiang_rows(ctx)?;
    let parents = coded_parents(block, &rows);
    let printed = PrintedKeys::new(&parents, &rows);
    let prose = Prose::new(ctx.doc);
    let mut total = None;
    let mut items = Vec::new();
    let mut prev_end: Option<usize> = None;
    let mut first = None;
    let mut section = None;
    for &e in n.executions() {
        let b = &n.figs[e.budget];
        if b.topic != Topic::GeneralBudget(GbPart::Detail) {
            continue;
        }
        if section.is_some_and(|s| s != n.section(e.budget)) {
            // Only one detail section.
            break;
        }
        section = Some(n.section(e.budget));
        let start = prev_end.unwrap_or_else(|| {
            n.section(e.budget)
                .and_then(|s| ctx.doc.sections.get(s))
                .map(|s| s.location.span.end)
                .unwrap_or(b.f.location.span.start)
        });
        let text = prose.between(start, b.f.location.span.start);
        let end = e.rate.unwrap_or(e.actual);
        prev_end = Some(n.figs[end].f.location.span.end);
        match heading(&text) {
            None if items.is_empty() && total.is_none() => total = Some((e.budget, e.actual)),
            None => {}
            Some(h) => {
                first.get_or_insert(e.budget);
                let binding = choose(&h, &printed, &rows, &n.figs[e.actual]);
                items.push(Item {
                    budget: e.budget,
                    actual: e.actual,
                    binding,
                });
            }
        }
    }
    drop(printed);
    Some(Detail {
        table,
        block,
        rows,
        total,
        items,
        first: first?,
    })
}

impl Detail<'_> {
    /// True when every item was tied to a row and every non-zero 05 项 row has an item.
    pub(crate) fn complete(&self) -> bool {
        self.items.iter().all(|i| i.binding != Binding::Unbound) && self.missing().is_empty()
    }

    /// Indices of the non-zero 05 项 rows no item is tied to.
    pub(crate) fn missing(&self) -> Vec<usize> {
        (0..self.rows.len())
            .filter(|&r| !self.rows[r].1.value.is_zero())
            .filter(|&r| {
                !self.items.iter().any(
                    |i| matches!(i.binding, Binding::Named(x) | Binding::ByAmount(x) if x == r),
                )
            })
            .collect()
    }
}

/// True when a narrative figure is the table's figure rounded to fewer decimals (or shown in
/// a larger unit): the same figure, nothing to report.
fn rounded_from(fig: &crate::model::Figure, cell: &Term) -> bool {
    let unit = MoneyUnit::from_text(&fig.unit).unwrap_or(MoneyUnit::WanYuan);
    let finer = cell.factor < unit.yuan_factor()
        || cell.factor == unit.yuan_factor() && cell.decimals >= fig.decimals;
    let Some(v) = cell
        .value
        .checked_mul(cell.factor)
        .and_then(|y| y.checked_div(unit.yuan_factor()))
    else {
        return false;
    };
    finer && tolerance::round(v, fig.decimals) == fig.value && fig.value != v
}

fn check(ctx: &Context, sink: &mut Sink) {
    let n = ctx.narrative();
    if ctx.view.is_budget() {
        let Some(d) = budget_detail(ctx, n) else {
            return;
        };
        for &(i, binding) in &d.items {
            if let Binding::Named(r) = binding {
                let cell = d.rows[r].1.clone();
                if rounded_from(n.figs[i].f, &cell) {
                    continue;
                }
                sink.identity(Identity::same(ctx.view.figure_term(n.figs[i].f), cell));
            }
        }
        return;
    }
    let Some(d) = ctx.detail() else { return };
    let term = |i: usize| ctx.view.figure_term(n.figs[i].f);
    for item in &d.items {
        if let Binding::Named(r) = item.binding {
            let cell = d.rows[r].1.clone();
            sink.identity(Identity::same(term(item.actual), cell));
        }
    }
    let Some((tb, ta)) = d.total else { return };
    if let Some(total) = crate::rules::view::total_row(d.block)
        .and_then(|r| cell(ctx, d.table, d.block, r, &[], &[]))
    {
        sink.identity(Identity::same(term(ta), total));
    }
    if !d.complete() || d.items.is_empty() {
        return;
    }
    sink.identity(Identity::equal(
        term(tb),
        d.items.iter().map(|i| term(i.budget)),
        "说明中各项年初预算数之和",
        "the sum of the items' budgets in the narrative",
    ));
}

#[cfg(test)]
mod tests {
    use super::heading;
    use crate::rules::testing::findings_of;

    const SAMPLE: &str = include_str!("../../../tests/fixtures/samples/000.txt");
    const ID: &str = "narrative.detail-item-mismatch";

    #[test]
    fn headings_are_read() {
        let h = heading("，其中：1、一般公共服务支出（类）政府办公厅及相关机构事务（款）行政运行（项）。年初预算为").unwrap();
        assert_eq!(h.class.as_deref(), Some("一般公共服务支出"));
        assert_eq!(h.kuan.as_deref(), Some("政府办公厅及相关机构事务"));
        assert_eq!(h.xiang.as_deref(), Some("行政运行"));
        let h = heading("（1）行政运行（2010301）：年初预算为").unwrap();
        assert_eq!(h.code.as_deref(), Some("2010301"));
        assert!(heading("2022年度财政拨款支出年初预算数为").is_none());
        let h =
            heading("2.行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）支出").unwrap();
        assert_eq!(h.class, None);
        assert_eq!(h.kuan.as_deref(), Some("行政事业单位养老支出"));
        assert_eq!(h.xiang.as_deref(), Some("机关事业单位职业年金缴费支出"));
    }

    #[test]
    fn the_sample_items_agree() {
        let f = findings_of(SAMPLE, ID);
        assert!(f.is_empty(), "{f:#?}");
    }

    #[test]
    fn a_wrong_item_amount_is_found() {
        let text = SAMPLE.replace(
            "年初预算为97.57万元，支出决算为100.41万元",
            "年初预算为97.57万元，支出决算为110.41万元",
        );
        let f = findings_of(&text, ID);
        assert!(
            f.iter().any(|f| f.location.line == 398
                && f.stated.map(|s| s.to_string()) == Some("110.41".into())
                && f.expected.map(|s| s.to_string()) == Some("100.41".into())),
            "{f:#?}"
        );
    }

    const HANGZHOU: &str =
        include_str!("../../../tests/fixtures/samples/2026-hangzhou-justice-budget.txt");
    const FUZHOU: &str =
        include_str!("../../../tests/fixtures/samples/2026-fuzhou-commerce-budget.txt");
    const XIAN: &str =
        include_str!("../../../tests/fixtures/samples/2026-xian-medicalsecurity-budget.txt");

    #[test]
    fn the_budget_samples_items_agree() {
        for text in [HANGZHOU, FUZHOU, XIAN] {
            let f = findings_of(text, ID);
            assert!(f.is_empty(), "{f:#?}");
        }
    }

    #[test]
    fn a_budget_fiscal_section_lists_05_items() {
        // Wuxi's 五、财政拨款支出预算情况说明 lists the 项 by 款 and 项 name; the 政府性基金 项
        // (彩票公益金) is not in 05 and binds to nothing.
        const WUXI: &str =
            include_str!("../../../tests/fixtures/samples/2026-wuxi-emergency-budget.txt");
        assert!(findings_of(WUXI, ID).is_empty());
        // All but 彩票公益金 (政府性基金) and the 0 under 其他支出 bind by name.
        assert_eq!(items_bound(WUXI), (13, 11));
        let text = WUXI.replacen(
            "行政运行（项）支出 2,323.98 万元",
            "行政运行（项）支出 2,333.98 万元",
            1,
        );
        assert_ne!(text, WUXI);
        let f = findings_of(&text, ID);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].location.line, 871);
    }

    #[test]
    fn every_budget_item_is_bound() {
        for (text, count) in [(HANGZHOU, 28), (FUZHOU, 12), (XIAN, 15)] {
            assert_eq!(items_bound(text), (count, count));
        }
    }

    /// A budget's detail items: how many, and how many bound by code or name.
    fn items_bound(text: &str) -> (usize, usize) {
        let doc = crate::parse(text).document;
        let ctx = crate::rules::Context::new(&doc);
        let d = super::budget_detail(&ctx, ctx.narrative()).expect("items");
        let bound = d
            .items
            .iter()
            .filter(|(_, b)| matches!(b, super::Binding::Named(_)))
            .count();
        (d.items.len(), bound)
    }

    #[test]
    fn a_wrong_budget_item_is_found() {
        // An uncoded table 05 (levels by indent), the item named by 类/款/项.
        let text = HANGZHOU.replace("8,553.80 万元", "8,653.80 万元");
        let f = findings_of(&text, ID);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].location.line, 144, "{f:#?}");
        assert_eq!(f[0].stated.map(|s| s.to_string()), Some("8653.80".into()));
        assert_eq!(f[0].expected.map(|s| s.to_string()), Some("8553.80".into()));
        assert!(
            f[0].related.iter().any(|r| r.location.line == 778),
            "{f:#?}"
        );
        // A coded table 05, the item named by its code.
        let text = FUZHOU.replace(
            "2011301-行政运行 2163.74 万元",
            "2011301-行政运行 2263.74 万元",
        );
        let f = findings_of(&text, ID);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].location.line, 659, "{f:#?}");
        assert!(
            f[0].related.iter().any(|r| r.location.line == 360),
            "{f:#?}"
        );
    }

    #[test]
    fn item_budgets_must_add_up() {
        let text = SAMPLE.replace(
            "年初预算为97.57万元，支出决算为100.41万元",
            "年初预算为98.57万元，支出决算为100.41万元",
        );
        let f = findings_of(&text, ID);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(f[0].message.contains("年初预算数之和"), "{f:#?}");
    }
}
