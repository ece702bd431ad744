//! The rule catalogue.
//!
//! Every check is one rule with a stable, problem-naming id, declared with [`declare_rule!`] in a
//! file of its own under a family folder (`table/`, `cross/`, `narrative/`, `perf/`,
//! `completeness/`, `codes/`). The declaration's doc comment *is* the rule's documentation: the
//! registry keeps it, `juesuan explain ID` prints it and `docs/rules.md` is generated from it.
//!
//! A rule looks at the [`Context`] (the document read, plus derived views) and reports into a
//! [`Sink`], either plain findings or arithmetic [`identity::Identity`]s. Identities are judged
//! by the one rounding rule ([`crate::tolerance`]) and, when several disagree, the framework
//! decides which figure is most likely wrong from all identities together (see
//! [`identity::resolve`]).

pub mod codes;
pub mod completeness;
pub mod cross;
pub mod identity;
pub mod narrative;
pub mod parser;
pub mod perf;
pub mod roles;
pub mod table;
pub mod view;

#[cfg(test)]
pub(crate) mod testing;

mod registry;

use crate::diagnostic::{Finding, Severity};
use crate::model::Document;
pub use identity::{Identity, Term};
pub use registry::RULES;
pub use view::View;

/// The families rules are grouped in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    /// What the reader reports about the input itself.
    Input,
    /// Arithmetic within one table.
    Table,
    /// Agreement between tables.
    Cross,
    /// The narrative (情况说明) against the tables and itself.
    Narrative,
    /// The performance self-evaluation tables (绩效自评表).
    Perf,
    /// What must be present, and in the right place.
    Completeness,
    /// Classification codes and their names.
    Codes,
}

impl Family {
    pub fn title(self) -> (&'static str, &'static str) {
        match self {
            Family::Input => ("输入与读取", "Input and reading"),
            Family::Table => ("表内勾稽", "Within a table"),
            Family::Cross => ("表间勾稽", "Across tables"),
            Family::Narrative => ("说明与表格", "Narrative against tables"),
            Family::Perf => ("绩效自评表", "Performance self-evaluation"),
            Family::Completeness => ("完整性与规范", "Completeness and form"),
            Family::Codes => ("科目编码与名称", "Classification codes"),
        }
    }
}

/// A rule: its identity, documentation and check.
pub struct Rule {
    /// Stable id, `family.problem-name`.
    pub id: &'static str,
    pub family: Family,
    /// The severity of a clear breach (rounding differences are always `Info`).
    pub severity: Severity,
    /// One-line summary in Chinese.
    pub summary: &'static str,
    /// One-line summary in English.
    pub summary_en: &'static str,
    /// The documentation (the declaration's doc comment, Markdown).
    pub doc: &'static str,
    /// The check; `None` for findings the reader itself emits.
    pub run: Option<fn(&Context, &mut Sink)>,
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule").field("id", &self.id).finish()
    }
}

/// Declare a rule. The doc comment becomes [`Rule::doc`].
///
/// ```text
/// declare_rule! {
///     /// What it checks, why, an example, how to fix.
///     pub static COLUMN_TOTAL = Rule {
///         id: "table.column-total-mismatch",
///         family: Table,
///         severity: Error,
///         summary: "合计行不等于各行之和",
///         summary_en: "A total row is not the sum of its rows",
///         run: check,
///     };
/// }
/// ```
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub static $name:ident = Rule {
            id: $id:literal,
            family: $family:ident,
            severity: $severity:ident,
            summary: $summary:literal,
            summary_en: $summary_en:literal,
            run: $run:expr $(,)?
        };
    ) => {
        $(#[doc = $doc])*
        pub static $name: $crate::rules::Rule = $crate::rules::Rule {
            id: $id,
            family: $crate::rules::Family::$family,
            severity: $crate::diagnostic::Severity::$severity,
            summary: $summary,
            summary_en: $summary_en,
            doc: concat!($($doc, "\n"),*),
            run: $run,
        };
    };
}

/// What a rule sees.
pub struct Context<'d> {
    pub doc: &'d Document,
    pub view: View<'d>,
    /// Readings several rules of a family share, made once per document on first use.
    narrative: std::cell::OnceCell<narrative::Narrative<'d>>,
    /// Per narrative figure: the quantity it quotes and the table figures that resolves to
    /// (see [`narrative::bind`]), each read once.
    bindings: std::cell::OnceCell<Vec<Binding>>,
    sheets: std::cell::OnceCell<Vec<perf::Sheet<'d>>>,
    /// The narrative's detail section read against table 05 (see
    /// [`narrative::detail_item_mismatch::detail`]).
    detail: std::cell::OnceCell<Option<narrative::detail_item_mismatch::Detail<'d>>>,
    /// Every coded row of every table (see [`codes::coded_rows`]).
    coded_rows: std::cell::OnceCell<Vec<codes::CodedRow<'d>>>,
    /// Per table: its reading as a summary table (see [`table::summary::Summary`]).
    summaries: Vec<std::cell::OnceCell<table::summary::Summary<'d>>>,
    /// Per table: its lines as [`roles::summary_lines`] reads them.
    summary_lines: Vec<std::cell::OnceCell<SummaryLines<'d>>>,
    /// Per table: whether its unit line disagrees with its figures (see
    /// [`cross::unit_mismatch::unit_suspect`]).
    unit_suspect: Vec<std::cell::OnceCell<bool>>,
    /// Per table: its largest amount in 元 (see [`cross::unit_mismatch::largest`]).
    largest: Vec<std::cell::OnceCell<Option<rust_decimal::Decimal>>>,
    /// The magnitude tables' units are judged against (see
    /// [`cross::unit_mismatch::reference`]).
    unit_reference: std::cell::OnceCell<Option<rust_decimal::Decimal>>,
    /// The 三公 table's columns (see [`Context::own_sangong_columns`]).
    sangong_columns: std::cell::OnceCell<Option<SanGongColumns>>,
}

/// What one narrative figure quotes (see [`Context::bound`], [`Context::resolved`]).
#[derive(Default)]
struct Binding {
    quantity: std::cell::OnceCell<Option<narrative::bind::Quantity>>,
    cells: std::cell::OnceCell<Option<Vec<Term>>>,
}

/// A 三公 table's columns (see [`roles::sangong_columns`]).
type SanGongColumns = Vec<(roles::Stage, roles::SanGong, usize)>;

/// A summary table's lines (see [`roles::summary_lines`]).
type SummaryLines<'d> = Vec<(roles::Line, usize, &'d crate::model::Row)>;

impl<'d> Context<'d> {
    pub fn new(doc: &'d Document) -> Self {
        Context {
            doc,
            view: View::new(doc),
            narrative: std::cell::OnceCell::new(),
            bindings: std::cell::OnceCell::new(),
            sheets: std::cell::OnceCell::new(),
            detail: std::cell::OnceCell::new(),
            coded_rows: std::cell::OnceCell::new(),
            summaries: doc
                .tables
                .iter()
                .map(|_| std::cell::OnceCell::new())
                .collect(),
            summary_lines: doc
                .tables
                .iter()
                .map(|_| std::cell::OnceCell::new())
                .collect(),
            unit_suspect: doc
                .tables
                .iter()
                .map(|_| std::cell::OnceCell::new())
                .collect(),
            largest: doc
                .tables
                .iter()
                .map(|_| std::cell::OnceCell::new())
                .collect(),
            unit_reference: std::cell::OnceCell::new(),
            sangong_columns: std::cell::OnceCell::new(),
        }
    }

    /// The lines of a summary table (see [`roles::summary_lines`]), read once per table.
    pub(crate) fn summary_lines(
        &self,
        table: &'d crate::model::Table,
    ) -> std::borrow::Cow<'_, SummaryLines<'d>> {
        match view::index_in(&self.doc.tables, table).and_then(|i| self.summary_lines.get(i)) {
            Some(cell) => std::borrow::Cow::Borrowed(
                cell.get_or_init(|| roles::summary_lines_in(&self.view, table)),
            ),
            None => std::borrow::Cow::Owned(roles::summary_lines_in(&self.view, table)),
        }
    }

    /// A table read as a summary table (01/04 and their budget twins), read once per table.
    pub(crate) fn summary(
        &self,
        table: &'d crate::model::Table,
    ) -> std::borrow::Cow<'_, table::summary::Summary<'d>> {
        let make = || table::summary::Summary::of(&self.view, table);
        match view::index_in(&self.doc.tables, table).and_then(|i| self.summaries.get(i)) {
            Some(cell) => std::borrow::Cow::Borrowed(cell.get_or_init(make)),
            None => std::borrow::Cow::Owned(make()),
        }
    }

    /// Whether a table's unit line disagrees with its figures (see
    /// [`cross::unit_mismatch::unit_suspect`]), read once per table.
    pub(crate) fn unit_suspect(&self, table: &'d crate::model::Table) -> bool {
        let make = || cross::unit_mismatch::unit_suspect(self, table);
        match view::index_in(&self.doc.tables, table).and_then(|i| self.unit_suspect.get(i)) {
            Some(cell) => *cell.get_or_init(make),
            None => make(),
        }
    }

    /// A table's largest amount in 元 (see [`cross::unit_mismatch::largest`]), read once per
    /// table.
    pub(crate) fn largest(&self, table: &crate::model::Table) -> Option<rust_decimal::Decimal> {
        let make = || cross::unit_mismatch::largest(self, table);
        match view::index_in(&self.doc.tables, table).and_then(|i| self.largest.get(i)) {
            Some(cell) => *cell.get_or_init(make),
            None => make(),
        }
    }

    /// The magnitude tables' units are judged against (see
    /// [`cross::unit_mismatch::reference`]), read once.
    pub(crate) fn unit_reference(&self) -> Option<rust_decimal::Decimal> {
        *self
            .unit_reference
            .get_or_init(|| cross::unit_mismatch::reference(self))
    }

    /// The columns of the 三公 table (公开07, when it has a single block) as
    /// [`roles::sangong_columns`] reads them with the report's own stage, read once.
    pub(crate) fn own_sangong_columns(&self) -> Option<&[(roles::Stage, roles::SanGong, usize)]> {
        self.sangong_columns
            .get_or_init(|| {
                let t = self
                    .view
                    .standard(crate::model::TableKind::ThreePublicExpenses)?;
                let [block] = t.blocks.as_slice() else {
                    return None;
                };
                let default = if self.view.is_budget() {
                    roles::Stage::Budget
                } else {
                    roles::Stage::Actual
                };
                Some(roles::sangong_columns(&self.view, block, default))
            })
            .as_deref()
    }

    /// The narrative figures with their topics (see [`narrative::Narrative`]), read once.
    pub fn narrative(&self) -> &narrative::Narrative<'d> {
        self.narrative
            .get_or_init(|| narrative::Narrative::new(self.doc))
    }

    /// The cache of figure `i`'s binding, when `n` is the context's own narrative.
    fn binding(&self, n: &narrative::Narrative<'_>, i: usize) -> Option<&Binding> {
        let own = self.narrative.get()?;
        if !std::ptr::eq(own as *const _ as *const u8, n as *const _ as *const u8) {
            return None;
        }
        self.bindings
            .get_or_init(|| (0..own.figs.len()).map(|_| Binding::default()).collect())
            .get(i)
    }

    /// The quantity figure `i` of `n` quotes ([`narrative::bind::bind`]), read once per figure.
    pub(crate) fn bound(
        &self,
        n: &narrative::Narrative<'_>,
        i: usize,
    ) -> std::borrow::Cow<'_, Option<narrative::bind::Quantity>> {
        match self.binding(n, i) {
            Some(b) => std::borrow::Cow::Borrowed(
                b.quantity.get_or_init(|| narrative::bind::bind(self, n, i)),
            ),
            None => std::borrow::Cow::Owned(narrative::bind::bind(self, n, i)),
        }
    }

    /// The table figures the quantity figure `i` of `n` quotes resolves to
    /// ([`narrative::bind::resolve`] of [`Context::bound`]), read once per figure.
    pub(crate) fn resolved(
        &self,
        n: &narrative::Narrative<'_>,
        i: usize,
    ) -> std::borrow::Cow<'_, Option<Vec<Term>>> {
        let make = || {
            self.bound(n, i)
                .as_ref()
                .as_ref()
                .and_then(|q| narrative::bind::resolve(self, q))
        };
        match self.binding(n, i) {
            Some(b) => std::borrow::Cow::Borrowed(b.cells.get_or_init(make)),
            None => std::borrow::Cow::Owned(make()),
        }
    }

    /// The narrative's detail section read against table 05, read once.
    pub(crate) fn detail(&self) -> Option<&narrative::detail_item_mismatch::Detail<'d>> {
        self.detail
            .get_or_init(|| narrative::detail_item_mismatch::detail(self, self.narrative()))
            .as_ref()
    }

    /// Every coded row of every table, read once (see [`codes::coded_rows`]).
    pub(crate) fn coded_rows(&self) -> &[codes::CodedRow<'d>] {
        self.coded_rows.get_or_init(|| codes::coded_rows(self.doc))
    }

    /// The self-evaluation tables, read once (see [`perf::Sheet`]).
    pub(crate) fn sheets(&self) -> &[perf::Sheet<'d>] {
        self.sheets.get_or_init(|| perf::read_sheets(self))
    }
}

/// Where a rule reports.
#[derive(Default)]
pub struct Sink {
    pub findings: Vec<Finding>,
    pub identities: Vec<Identity>,
    rule: Option<&'static Rule>,
}

impl Sink {
    /// The rule currently running.
    pub fn rule(&self) -> &'static Rule {
        self.rule.unwrap_or(&parser::INPUT_NO_TEXT)
    }
    /// Report a finding (its rule id and severity are the caller's).
    pub fn push(&mut self, finding: Finding) {
        self.findings.push(finding);
    }
    /// Report an arithmetic identity; the framework judges and words it.
    pub fn identity(&mut self, identity: Identity) {
        self.identities.push(identity);
    }
}

/// Look a rule up by id.
pub fn find(id: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.id == id)
}

/// Run every rule over a document.
pub fn run_all(doc: &Document) -> Vec<Finding> {
    let ctx = Context::new(doc);
    let mut sink = Sink::default();
    for rule in RULES {
        if let Some(run) = rule.run {
            sink.rule = Some(rule);
            let before = sink.identities.len();
            run(&ctx, &mut sink);
            for identity in &mut sink.identities[before..] {
                identity.rule = rule;
            }
        }
    }
    let mut findings = sink.findings;
    findings.extend(identity::resolve(&ctx, &sink.identities));
    findings
}

/// The catalogue as Markdown (`docs/rules.md`).
pub fn docs_markdown() -> String {
    let mut out = String::from(
        "# 规则目录 Rule catalogue\n\n\
         <!-- Generated from the rule registry by `cargo test` (tests/docs.rs); do not edit. -->\n\n",
    );
    let mut families: Vec<Family> = RULES.iter().map(|r| r.family).collect();
    families.sort();
    families.dedup();
    for family in families {
        let (zh, en) = family.title();
        out.push_str(&format!("## {zh} — {en}\n\n"));
        for rule in RULES.iter().filter(|r| r.family == family) {
            out.push_str(&format!(
                "### `{}`\n\n**{}** — {} ({})\n\n{}\n",
                rule.id,
                rule.summary,
                rule.summary_en,
                rule.severity.as_str(),
                unindent(rule.doc).trim_end()
            ));
            out.push('\n');
        }
    }
    out
}

/// Doc comments arrive with one leading space per line.
pub fn unindent(doc: &str) -> String {
    doc.lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_well_formed_and_documented() {
        for (i, rule) in RULES.iter().enumerate() {
            let id = rule.id;
            let (family, name) = id.split_once('.').expect(id);
            assert!(
                !family.is_empty()
                    && !name.is_empty()
                    && id.chars().all(|c| c.is_ascii_lowercase()
                        || c.is_ascii_digit()
                        || c == '.'
                        || c == '-'),
                "{id}"
            );
            assert!(
                !rule.summary.is_empty() && !rule.summary_en.is_empty(),
                "{id}"
            );
            assert!(rule.doc.trim().len() > 40, "{id} needs a doc comment");
            assert!(RULES[..i].iter().all(|r| r.id != id), "{id} twice");
        }
        assert!(find("input.no-text").is_some());
        assert!(find("no.such-rule").is_none());
    }

    /// Every rule file under src/rules/<family>/ declares a rule that is registered.
    #[test]
    fn every_rule_file_is_registered() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
        for family in std::fs::read_dir(&root).unwrap() {
            let family = family.unwrap().path();
            if !family.is_dir() {
                continue;
            }
            for file in std::fs::read_dir(&family).unwrap() {
                let file = file.unwrap().path();
                let text = std::fs::read_to_string(&file).unwrap();
                for line in text.lines() {
                    let line = line.trim();
                    if let Some(rest) = line.strip_prefix("id: \"") {
                        let id = rest.split('"').next().unwrap();
                        assert!(
                            find(id).is_some(),
                            "{id} in {} is not in the registry",
                            file.display()
                        );
                    }
                }
            }
        }
    }

    /// Over every fixture document (tests/fixtures: samples, variants): every finding's help
    /// and related places are worded in English too (see [`testing::english_problems`]).
    #[test]
    fn every_help_and_related_place_of_the_fixtures_is_in_english() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let (mut documents, mut helps, mut labels) = (0, 0, 0);
        let mut problems = Vec::new();
        for dir in ["samples", "variants", "documents"] {
            let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
                continue;
            };
            for path in entries.map(|e| e.unwrap().path()) {
                if !matches!(
                    path.extension().and_then(|e| e.to_str()),
                    Some("txt" | "tsv" | "md")
                ) {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                let findings = crate::check(&text).findings;
                documents += 1;
                helps += findings.iter().filter(|f| f.help.is_some()).count();
                labels += findings.iter().map(|f| f.related.len()).sum::<usize>();
                problems.extend(
                    testing::english_problems(&text, &findings)
                        .into_iter()
                        .map(|p| format!("{}: {p}", path.display())),
                );
            }
        }
        assert!(documents >= 10, "{documents} fixture documents");
        assert!(helps > 0 && labels > 0, "{helps} helps, {labels} labels");
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}
