//! One check's result as the page needs it: plain owned data that crosses the worker boundary
//! (bincode) and that the components read. Built from the core's `Report`; pure, tested natively.

use crate::i18n::Lang;
use juesuan::diagnostic::{CellRef, Finding, Severity};
use juesuan::highlight::{self, Mark, Role, Segment};
use juesuan::json::ReportJson;
use juesuan::model::{DocumentClass, ReportKind};
use juesuan::source::Span;
use serde::{Deserialize, Serialize};

/// A finding's severity (the core's `Severity`, owned here so it can be deserialized).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Sev {
    Error,
    Warning,
    Info,
}

impl Sev {
    pub const ALL: [Sev; 3] = [Sev::Error, Sev::Warning, Sev::Info];

    pub fn as_str(self) -> &'static str {
        match self {
            Sev::Error => "error",
            Sev::Warning => "warning",
            Sev::Info => "info",
        }
    }
    pub fn parse(s: &str) -> Option<Sev> {
        Sev::ALL.into_iter().find(|v| v.as_str() == s)
    }
    fn core(self) -> Severity {
        match self {
            Sev::Error => Severity::Error,
            Sev::Warning => Severity::Warning,
            Sev::Info => Severity::Info,
        }
    }
}

impl From<Severity> for Sev {
    fn from(s: Severity) -> Sev {
        match s {
            Severity::Error => Sev::Error,
            Severity::Warning => Sev::Warning,
            Severity::Info => Sev::Info,
        }
    }
}

/// A place a finding was checked against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelatedView {
    pub start: usize,
    pub end: usize,
    pub line: u32,
    pub column: u32,
    pub message: String,
    pub message_en: String,
    pub value: Option<String>,
    pub cell: Option<String>,
    pub cell_en: Option<String>,
}

impl RelatedView {
    /// What the place is, in the interface language (row and column names stay the
    /// document's own).
    pub fn what(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.message,
            Lang::En if !self.message_en.is_empty() => &self.message_en,
            Lang::En => self.cell_en.as_deref().unwrap_or(&self.message),
        }
    }
}

/// One finding, amounts as decimal strings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingView {
    pub rule: String,
    pub severity: Sev,
    pub message: String,
    pub message_en: String,
    pub start: usize,
    pub end: usize,
    pub line: u32,
    pub column: u32,
    pub table: Option<String>,
    pub cell: Option<String>,
    pub cell_en: Option<String>,
    pub stated: Option<String>,
    pub expected: Option<String>,
    pub difference: Option<String>,
    pub allowance: Option<String>,
    pub related: Vec<RelatedView>,
    pub help: Option<String>,
    pub help_en: Option<String>,
    /// The rule's one-line summary (registry), Chinese and English.
    pub summary: String,
    pub summary_en: String,
}

/// A table found, with the lines it spans.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableView {
    pub id: String,
    pub title: String,
    pub title_line: u32,
    pub first_line: u32,
    pub last_line: u32,
    /// The table as the checker read it: its column headers and rows, each cell where it is in
    /// the text. The page draws it as a grid (so text copied from a PDF, aligned with spaces,
    /// shows its figures under the right headers) and the other lines of the table as text.
    pub blocks: Vec<GridBlock>,
}

/// One block of a table (side-by-side blocks: 收入 | 支出).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridBlock {
    pub name: Option<String>,
    /// Each column's header, outermost group first.
    pub columns: Vec<Vec<String>>,
    pub rows: Vec<GridRow>,
}

/// One row as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridRow {
    /// The line of its amounts.
    pub line: u32,
    pub code: Option<String>,
    /// Where the code is printed on `line`, if it is.
    pub code_start: Option<usize>,
    pub label: String,
    /// Where the label is printed on `line`, if it is (a wrapped label is elsewhere).
    pub label_span: Option<(usize, usize)>,
    /// (column, start, end) of each cell printed on `line`.
    pub cells: Vec<(usize, usize, usize)>,
    /// The columns whose figure was read without knowing its column (text pasted without
    /// its alignment): shown where the reader put it, used in no check.
    pub unplaced: Vec<usize>,
}

/// One header cell of a grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderCell {
    pub text: String,
    pub colspan: usize,
    pub rowspan: usize,
}

/// The segments of `segments` within `[a, b)` (clipped), and a point mark at `a` when the
/// range is empty (a blank cell).
pub fn clip_segments(segments: &[Segment], a: usize, b: usize) -> Vec<Segment> {
    let first =
        segments.partition_point(|g| g.span.end < a || (g.span.end == a && !g.span.is_empty()));
    let mut out = Vec::new();
    for g in &segments[first..] {
        if g.span.start > b || (g.span.start == b && a < b) {
            break;
        }
        if g.span.is_empty() {
            if g.span.start >= a && (g.span.start < b || a == b) {
                out.push(g.clone());
            }
            continue;
        }
        let (s, e) = (g.span.start.max(a), g.span.end.min(b));
        if s < e {
            out.push(Segment {
                span: Span::new(s, e),
                marks: g.marks.clone(),
            });
        }
    }
    out
}

/// The header rows of a block: groups spanning their columns, a column whose header ends early
/// spanning down. `columns` are header paths (outermost first).
pub fn header_rows(columns: &[Vec<String>]) -> Vec<Vec<HeaderCell>> {
    let depth = columns.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let mut rows: Vec<Vec<HeaderCell>> = vec![Vec::new(); depth];
    for level in 0..depth {
        let mut c = 0;
        while c < columns.len() {
            let path = &columns[c];
            // A column already spanned down from above, or with no header at all (level 0).
            if path.len() <= level && !(path.is_empty() && level == 0) {
                c += 1;
                continue;
            }
            let last = path.len().max(1) - 1 == level;
            let mut span = 1;
            if !last {
                // Columns sharing this group (the same path up to this level).
                while c + span < columns.len()
                    && columns[c + span].len() > level + 1
                    && columns[c + span][..=level] == path[..=level]
                {
                    span += 1;
                }
            }
            rows[level].push(HeaderCell {
                text: path.get(level).cloned().unwrap_or_default(),
                colspan: span,
                rowspan: if last { depth - level } else { 1 },
            });
            c += span;
        }
    }
    rows
}

/// A rule's documentation (its doc comment), for the inspector: the Chinese paragraphs and the
/// English ones. Sent once per rule that has findings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleDoc {
    pub id: String,
    pub zh: Vec<String>,
    pub en: Vec<String>,
}

impl RuleDoc {
    fn new(rule: &juesuan::rules::Rule) -> RuleDoc {
        let text = juesuan::rules::unindent(rule.doc);
        let (mut zh, mut en) = (Vec::new(), Vec::new());
        for paragraph in text.split("\n\n") {
            // One paragraph is one line of prose; Markdown's line breaks inside it are spaces
            // in English and nothing in Chinese.
            let lines: Vec<&str> = paragraph
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            if lines.is_empty() {
                continue;
            }
            let cjk = paragraph
                .chars()
                .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
                .count();
            let latin = paragraph
                .chars()
                .filter(|c| c.is_ascii_alphabetic())
                .count();
            // The doc comments give the Chinese paragraphs first, then the English ones.
            if cjk * 2 >= latin {
                zh.push(lines.concat());
            } else {
                en.push(lines.join(" "));
            }
        }
        RuleDoc {
            id: rule.id.to_string(),
            zh,
            en,
        }
    }

    pub fn paragraphs(&self, lang: Lang) -> &[String] {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// What the input turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Class {
    Disclosure,
    NarrativeOnly,
    TablesOnly,
    NotDisclosure,
    NoText,
}

/// The result of checking one input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checked {
    pub class: Class,
    pub unit: Option<String>,
    pub year: Option<i32>,
    /// "final" or "budget".
    pub kind: Option<String>,
    pub tables: Vec<TableView>,
    pub findings: Vec<FindingView>,
    /// The documentation of each rule that has findings.
    pub rules: Vec<RuleDoc>,
}

/// What the checker sends back for one text, in order: the result the page shows, then the
/// CLI's JSON (`ReportJson`) for export. The JSON is made after the result has been sent: the
/// page needs it only when the user exports, and making it costs about a tenth of the check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Answer {
    Checked(Checked),
    Json(String),
}

/// A stretch of the document rendered (or held back) as one piece.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Indices into the lines.
    pub start: usize,
    pub end: usize,
    /// The table shown (index into `Checked::tables`), if it is one.
    pub table: Option<usize>,
}

/// Narrative lines per block.
pub const NARRATIVE_BLOCK: usize = 200;

/// How long one check took, in microseconds: the core alone (where it ran) and the whole trip
/// the page saw (sending the text, checking, receiving the result).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Timing {
    pub check_us: u64,
    pub total_us: u64,
    /// Whether the check ran in the worker (false: on the page, see `runner`).
    pub in_worker: bool,
}

impl Timing {
    /// Milliseconds from performance.now() readings (ms, fractional); never negative.
    pub fn from_ms(check_ms: f64, total_ms: f64, in_worker: bool) -> Timing {
        let us = |ms: f64| (ms.max(0.0) * 1000.0).round() as u64;
        Timing {
            check_us: us(check_ms),
            total_us: us(total_ms.max(check_ms)),
            in_worker,
        }
    }

    /// "2.4" (ms, one decimal under 100 ms, whole above; integer arithmetic: the page's
    /// module carries no float formatting).
    pub fn total_ms(&self) -> String {
        if self.total_us >= 100_000 {
            format!("{}", (self.total_us + 500) / 1000)
        } else {
            let tenths = (self.total_us + 50) / 100;
            format!("{}.{}", tenths / 10, tenths % 10)
        }
    }
}

/// Counts by severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

impl Counts {
    pub fn get(&self, sev: Sev) -> usize {
        match sev {
            Sev::Error => self.error,
            Sev::Warning => self.warning,
            Sev::Info => self.info,
        }
    }
    pub fn total(&self) -> usize {
        self.error + self.warning + self.info
    }
}

/// The name the exported JSON gives a pasted input.
pub const INPUT_NAME: &str = "粘贴内容";

/// "公开05表" for a standard table id, the id itself otherwise ("t-3", "perf-1").
pub fn table_name(id: &str) -> String {
    table_name_in(id, Lang::Zh)
}

/// [`table_name`] in the interface language: "公开05表" / "Table 05".
pub fn table_name_in(id: &str, lang: Lang) -> String {
    if id.len() == 2 && id.bytes().all(|b| b.is_ascii_digit()) {
        match lang {
            Lang::Zh => format!("公开{id}表"),
            Lang::En => format!("Table {id}"),
        }
    } else {
        id.to_string()
    }
}

/// "公开06表 · 301 工资福利支出 · 决算数" (row and column names are the document's own).
fn cell_text(cell: &Option<CellRef>, lang: Lang) -> Option<String> {
    cell.as_ref().map(|c| {
        let mut s = format!("{} · {}", table_name_in(&c.table, lang), c.row);
        if !c.column.is_empty() {
            s.push_str(" · ");
            s.push_str(&c.column);
        }
        s
    })
}

fn view(f: &Finding) -> FindingView {
    let rule = juesuan::rules::find(f.rule);
    FindingView {
        rule: f.rule.to_string(),
        severity: f.severity.into(),
        message: f.message.clone(),
        message_en: f.message_en.clone(),
        start: f.location.span.start,
        end: f.location.span.end,
        line: f.location.line,
        column: f.location.column,
        table: f.table.clone(),
        cell: cell_text(&f.cell, Lang::Zh),
        cell_en: cell_text(&f.cell, Lang::En),
        stated: f.stated.map(|d| d.to_string()),
        expected: f.expected.map(|d| d.to_string()),
        difference: f.difference.map(|d| d.to_string()),
        allowance: f.allowance.map(|d| d.to_string()),
        related: f
            .related
            .iter()
            .map(|l| RelatedView {
                start: l.location.span.start,
                end: l.location.span.end,
                line: l.location.line,
                column: l.location.column,
                message: l.message.clone(),
                message_en: l.message_en.clone(),
                value: l.value.map(|d| d.to_string()),
                cell: cell_text(&l.cell, Lang::Zh),
                cell_en: cell_text(&l.cell, Lang::En),
            })
            .collect(),
        help: f.help.clone(),
        help_en: f.help_en.clone(),
        summary: rule.map(|r| r.summary.to_string()).unwrap_or_default(),
        summary_en: rule.map(|r| r.summary_en.to_string()).unwrap_or_default(),
    }
}

/// Check `text` with the core and keep what the page shows.
pub fn analyze(text: &str) -> Checked {
    analyze_report(text).0
}

/// The CLI's JSON (`ReportJson`) of a report, for export.
pub fn export_json(report: &juesuan::Report) -> String {
    serde_json::to_string(&ReportJson::new(INPUT_NAME, report))
        .expect("ReportJson always serializes")
}

/// Check `text` with the core: what the page shows, and the core's report (for `export_json`).
pub fn analyze_report(text: &str) -> (Checked, juesuan::Report) {
    let report = juesuan::check(text);
    let doc = &report.document;
    let checked = Checked {
        class: match doc.class {
            DocumentClass::Disclosure => Class::Disclosure,
            DocumentClass::NarrativeOnly => Class::NarrativeOnly,
            DocumentClass::TablesOnly => Class::TablesOnly,
            DocumentClass::NotDisclosure => Class::NotDisclosure,
            DocumentClass::NoText => Class::NoText,
        },
        unit: doc.unit.clone(),
        year: doc.year,
        kind: doc.kind.map(|k| match k {
            ReportKind::Final => "final".to_string(),
            ReportKind::Budget => "budget".to_string(),
        }),
        tables: doc
            .tables
            .iter()
            .map(|t| TableView {
                id: t.id.clone(),
                title: t.title.clone(),
                title_line: t.title_location.line,
                first_line: t.first_line,
                last_line: t.last_line,
                blocks: t
                    .blocks
                    .iter()
                    .map(|b| GridBlock {
                        name: b.name.clone(),
                        columns: b.columns.iter().map(|c| c.header.clone()).collect(),
                        rows: b
                            .rows
                            .iter()
                            .map(|r| GridRow {
                                line: r.line,
                                code: r.code.as_ref().map(|c| c.digits.to_string()),
                                code_start: r
                                    .code
                                    .as_ref()
                                    .filter(|c| c.location.line == r.line)
                                    .map(|c| c.location.span.start),
                                label: r.label.to_string(),
                                label_span: r
                                    .label_location
                                    .filter(|l| l.line == r.line)
                                    .map(|l| (l.span.start, l.span.end)),
                                cells: r
                                    .cells
                                    .iter()
                                    .filter(|c| c.location.line == r.line)
                                    .map(|c| (c.column, c.location.span.start, c.location.span.end))
                                    .collect(),
                                // Figures whose column is a guess (blank cells beside
                                // them are too, but show nothing).
                                unplaced: r
                                    .cells
                                    .iter()
                                    .filter(|c| c.unplaced && c.number.is_some())
                                    .map(|c| c.column)
                                    .collect(),
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
        findings: report.findings.iter().map(view).collect(),
        rules: {
            let mut ids: Vec<&str> = report.findings.iter().map(|f| f.rule).collect();
            ids.sort_unstable();
            ids.dedup();
            ids.into_iter()
                .filter_map(juesuan::rules::find)
                .map(RuleDoc::new)
                .collect()
        },
    };
    (checked, report)
}

impl Checked {
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for f in &self.findings {
            match f.severity {
                Sev::Error => c.error += 1,
                Sev::Warning => c.warning += 1,
                Sev::Info => c.info += 1,
            }
        }
        c
    }

    /// The marks for [`highlight::segments`]: each finding's figure and its related figures.
    pub fn marks(&self) -> Vec<(Span, Mark)> {
        let mut out = Vec::new();
        for (i, f) in self.findings.iter().enumerate() {
            let mark = |role| Mark {
                finding: i,
                role,
                severity: f.severity.core(),
            };
            out.push((Span::new(f.start, f.end), mark(Role::Primary)));
            for (j, r) in f.related.iter().enumerate() {
                out.push((Span::new(r.start, r.end), mark(Role::Related(j))));
            }
        }
        out
    }

    /// The input's lines with their highlight segments.
    pub fn lines(&self, text: &str) -> Vec<highlight::Line> {
        highlight::lines(text, &highlight::segments(text, self.marks()))
    }

    /// The document cut into blocks for rendering: each table whole, the narrative between
    /// them in runs of up to [`NARRATIVE_BLOCK`] lines. Covers `lines` in order, once.
    pub fn blocks(&self, lines: &[highlight::Line]) -> Vec<Block> {
        // Tables in line order, walked with a cursor (a 10 MB paste has thousands of tables
        // and hundreds of thousands of lines: no search per line).
        let mut order: Vec<usize> = (0..self.tables.len()).collect();
        order.sort_by_key(|&t| (self.tables[t].first_line, self.tables[t].last_line));
        let mut next = order.into_iter().peekable();
        let mut blocks = Vec::new();
        let mut i = 0;
        while i < lines.len() {
            let number = lines[i].number;
            // Skip tables that end before this line.
            while next
                .peek()
                .is_some_and(|&t| self.tables[t].last_line < number)
            {
                next.next();
            }
            let table = next.peek().copied();
            if let Some(t) = table.filter(|&t| self.tables[t].first_line <= number) {
                let last = self.tables[t].last_line;
                let start = i;
                while i < lines.len() && lines[i].number <= last {
                    i += 1;
                }
                blocks.push(Block {
                    start,
                    end: i,
                    table: Some(t),
                });
                next.next();
                continue;
            }
            // Narrative up to the next table's first line.
            let stop = table.map_or(u32::MAX, |t| self.tables[t].first_line);
            let start = i;
            while i < lines.len() && i - start < NARRATIVE_BLOCK && lines[i].number < stop {
                i += 1;
            }
            blocks.push(Block {
                start,
                end: i,
                table: None,
            });
        }
        blocks
    }

    /// The documentation of `rule`, when it has findings here.
    pub fn rule_doc(&self, rule: &str) -> Option<&RuleDoc> {
        self.rules.iter().find(|r| r.id == rule)
    }

    /// The table a 1-based line belongs to, if any.
    pub fn table_at(&self, line: u32) -> Option<&TableView> {
        self.tables
            .iter()
            .find(|t| t.first_line <= line && line <= t.last_line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub const SAMPLE: &str = include_str!("../../tests/fixtures/samples/000.txt");

    #[test]
    fn figures_read_without_their_columns_are_marked_for_the_page() {
        // A table copied from a PDF viewer: one space between the figures, blank cells gone.
        let text = "公开 07 表\n一般公共预算支出表\n单位：万元\n基本支出\n科目编码 科目名称 合计\n小计 人员经费 公用经费\n项目支出\n合计 8,326.11 3,604.32 3,407.38 196.94 4,721.79\n224 灾害防治及应急管理支出 7,045.77 2,323.98 2,127.04 196.94 4,721.79\n  22401 应急管理事务 7,045.77 2,323.98 2,127.04 196.94 4,721.79\n    2240104 灾害风险防治 196.00 196.00\n    2240106 安全监管 2,141.67 2,141.67\n";
        let c = analyze(text);
        let row = c
            .tables
            .iter()
            .flat_map(|t| &t.blocks)
            .flat_map(|b| &b.rows)
            .find(|r| r.label == "灾害风险防治")
            .expect("row");
        assert_eq!(row.unplaced.len(), 2, "{row:?}");
        assert!(row
            .unplaced
            .iter()
            .all(|col| row.cells.iter().any(|&(c, s, e)| c == *col && s < e)));
    }

    #[test]
    fn the_sample_reads_as_a_disclosure_with_findings() {
        let (c, report) = analyze_report(SAMPLE);
        assert_eq!(c.class, Class::Disclosure);
        assert!(c.tables.len() >= 9);
        assert_eq!(c.counts().total(), c.findings.len());
        assert!(c.counts().error > 0, "the founding sample has errors");
        // The JSON is the CLI's shape.
        let v: serde_json::Value = serde_json::from_str(&export_json(&report)).unwrap();
        assert_eq!(v["path"], INPUT_NAME);
        assert_eq!(v["findings"].as_array().unwrap().len(), c.findings.len());
    }

    #[test]
    fn marks_match_the_core() {
        let c = analyze(SAMPLE);
        let report = juesuan::check(SAMPLE);
        assert_eq!(c.marks(), highlight::marks(&report.findings));
    }

    #[test]
    fn crosses_the_worker_boundary_unchanged() {
        let c = analyze(SAMPLE);
        let bytes = serde_json::to_vec(&c).unwrap();
        let back: Checked = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(back, c);
    }

    #[test]
    fn timings_read_in_milliseconds() {
        let t = Timing::from_ms(1.25, 3.04, true);
        assert_eq!((t.check_us, t.total_us), (1250, 3040));
        assert_eq!(t.total_ms(), "3.0");
        assert_eq!(Timing::from_ms(0.0, 0.96, true).total_ms(), "1.0");
        assert_eq!(Timing::from_ms(0.0, 99.94, true).total_ms(), "99.9");
        assert_eq!(Timing::from_ms(0.0, 250.6, true).total_ms(), "251");
        // A clock that went backwards never gives a negative or a trip shorter than the check.
        let t = Timing::from_ms(2.0, -1.0, false);
        assert_eq!((t.check_us, t.total_us), (2000, 2000));
    }

    #[test]
    fn blocks_cover_every_line_once_with_tables_whole() {
        let long = format!("{SAMPLE}\n{}", "说明文字\n".repeat(450));
        for text in [SAMPLE, long.as_str(), "", "一行"] {
            let c = analyze(text);
            let lines = c.lines(text);
            let blocks = c.blocks(&lines);
            let mut at = 0;
            for b in &blocks {
                assert_eq!(b.start, at, "in order, no gap");
                assert!(b.end > b.start, "never empty");
                at = b.end;
                for l in &lines[b.start..b.end] {
                    // Each line is in its table's block, and narrative lines in none.
                    assert_eq!(
                        c.table_at(l.number).map(|t| t.id.clone()),
                        b.table.map(|t| c.tables[t].id.clone()),
                        "line {}",
                        l.number
                    );
                }
                if b.table.is_none() {
                    assert!(b.end - b.start <= NARRATIVE_BLOCK);
                }
            }
            assert_eq!(at, lines.len());
        }
        let c = analyze(SAMPLE);
        let blocks = c.blocks(&c.lines(SAMPLE));
        assert_eq!(
            blocks.iter().filter(|b| b.table.is_some()).count(),
            c.tables.len()
        );
    }

    #[test]
    fn cells_are_named_in_both_languages() {
        let c = analyze(SAMPLE);
        let f = c
            .findings
            .iter()
            .find(|f| f.stated.as_deref() == Some("46.7"))
            .expect("the sample's 46.7");
        assert!(f.cell.as_deref().unwrap().starts_with("公开06表 · 30309"));
        assert!(f
            .cell_en
            .as_deref()
            .unwrap()
            .starts_with("Table 06 · 30309"));
        let r = &f.related[0];
        assert!(r.what(Lang::Zh).starts_with("公开06表 303"));
        assert!(
            r.what(Lang::En).starts_with("table 06 row 303"),
            "{}",
            r.what(Lang::En)
        );
        assert!(f.help_en.as_deref().unwrap().contains("6.74"));
        assert_eq!(table_name_in("06", Lang::En), "Table 06");
        assert_eq!(table_name_in("perf-1", Lang::En), "perf-1");
    }

    #[test]
    fn every_finding_s_rule_is_documented_in_both_languages() {
        let c = analyze(SAMPLE);
        for f in &c.findings {
            let doc = c.rule_doc(&f.rule).expect("documented");
            assert!(!doc.zh.is_empty() && !doc.en.is_empty(), "{}", f.rule);
            assert!(doc
                .zh
                .iter()
                .all(|p| p.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))));
            assert!(
                doc.en[0]
                    .chars()
                    .filter(|c| c.is_ascii_alphabetic())
                    .count()
                    > 20,
                "{}",
                f.rule
            );
        }
        // Every rule of the registry splits into both languages.
        for rule in juesuan::rules::RULES.iter() {
            let doc = RuleDoc::new(rule);
            assert!(
                !doc.zh.is_empty() && !doc.en.is_empty(),
                "{}: {doc:?}",
                rule.id
            );
        }
        // Once per rule.
        let mut ids: Vec<&str> = c.rules.iter().map(|r| r.id.as_str()).collect();
        ids.dedup();
        assert_eq!(ids.len(), c.rules.len());
    }

    #[test]
    fn clipping_segments_to_cells() {
        let text = "合计 12.5 3";
        let marks = vec![
            (
                Span::new(7, 11),
                Mark {
                    finding: 0,
                    role: Role::Primary,
                    severity: Severity::Error,
                },
            ),
            (
                Span::empty(12),
                Mark {
                    finding: 1,
                    role: Role::Primary,
                    severity: Severity::Info,
                },
            ),
        ];
        let segs = highlight::segments(text, marks);
        let texts = |a: usize, b: usize| -> Vec<(String, bool)> {
            clip_segments(&segs, a, b)
                .iter()
                .map(|g| (text[g.span.start..g.span.end].to_string(), g.is_plain()))
                .collect()
        };
        assert_eq!(texts(0, 7), [("合计 ".to_string(), true)]);
        assert_eq!(texts(7, 11), [("12.5".to_string(), false)]);
        // A blank cell at 12 shows the point mark there, once.
        assert_eq!(texts(12, 12), [(String::new(), false)]);
        assert_eq!(texts(11, 12).len(), 1);
        assert_eq!(
            texts(12, 13),
            [(String::new(), false), ("3".to_string(), true)]
        );
    }

    #[test]
    fn header_rows_group_and_span() {
        let cols = |paths: &[&[&str]]| -> Vec<Vec<String>> {
            paths
                .iter()
                .map(|p| p.iter().map(|s| s.to_string()).collect())
                .collect()
        };
        // 合计 | 本年支出 / (基本支出 | 项目支出)
        let rows = header_rows(&cols(&[
            &["合计"],
            &["本年支出", "基本支出"],
            &["本年支出", "项目支出"],
        ]));
        assert_eq!(rows.len(), 2);
        let top: Vec<(&str, usize, usize)> = rows[0]
            .iter()
            .map(|h| (h.text.as_str(), h.colspan, h.rowspan))
            .collect();
        assert_eq!(top, [("合计", 1, 2), ("本年支出", 2, 1)]);
        let low: Vec<(&str, usize, usize)> = rows[1]
            .iter()
            .map(|h| (h.text.as_str(), h.colspan, h.rowspan))
            .collect();
        assert_eq!(low, [("基本支出", 1, 1), ("项目支出", 1, 1)]);
        // Every column is covered once at the bottom: Σ colspans of cells that reach it.
        let rows = header_rows(&cols(&[
            &[],
            &["a", "b", "c"],
            &["a", "b", "d"],
            &["a", "e"],
        ]));
        // Every level is covered exactly once across the 4 columns (cells from above that
        // span down count).
        for level in 0..rows.len() {
            let covered: usize = rows[..=level]
                .iter()
                .enumerate()
                .flat_map(|(k, row)| row.iter().filter(move |h| k + h.rowspan > level))
                .map(|h| h.colspan)
                .sum();
            assert_eq!(covered, 4, "level {level}: {rows:?}");
        }
        assert_eq!(rows[0].iter().map(|h| h.colspan).sum::<usize>(), 4);
        assert_eq!(header_rows(&[]).len(), 1);
    }

    #[test]
    fn grids_place_each_cell_on_its_row_s_line() {
        let c = analyze(SAMPLE);
        let t06 = c.tables.iter().find(|t| t.id == "06").unwrap();
        let row = t06
            .blocks
            .iter()
            .flat_map(|b| &b.rows)
            .find(|r| r.code.as_deref() == Some("30309"))
            .unwrap();
        let (_, s, e) = row
            .cells
            .iter()
            .find(|(_, s, e)| &SAMPLE[*s..*e] == "46.7")
            .copied()
            .unwrap();
        assert!(s < e);
        for t in &c.tables {
            for b in &t.blocks {
                for r in &b.rows {
                    assert!(t.first_line <= r.line && r.line <= t.last_line);
                    for &(col, s, e) in &r.cells {
                        assert!(col < b.columns.len() && s <= e && e <= SAMPLE.len());
                    }
                }
            }
        }
    }

    #[test]
    fn empty_input_has_no_text() {
        let c = analyze("");
        assert_eq!(c.class, Class::NoText);
        assert!(c.tables.is_empty());
    }
}
