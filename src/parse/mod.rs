//! Reading pasted disclosures into the document model.
//!
//! Pipeline (see `shared/domain/parsing-notes.md`):
//! 1. split lines, keeping byte offsets into the original input; mark page furniture;
//! 2. classify the document (disclosure / narrative only / not a disclosure / no text);
//! 3. find table titles (skipping the 目录), or recognise a lone pasted table by its header;
//! 4. read each table's span: delimited rows (tabs, markdown pipes) or space-aligned layout;
//! 5. read the narrative outside the tables: sections and figures.

#![allow(clippy::needless_range_loop, clippy::explicit_counter_loop)]

use crate::text::Has;
pub mod delimited;
pub mod grid;
pub mod layout;
pub mod lines;
pub mod narrative;
pub mod tables;
pub mod titles;

use crate::diagnostic::{Finding, Severity};
use crate::model::{Document, DocumentClass, ReportKind, TableKind};
use crate::source::{LineIndex, Location, Span};
use crate::text::{han_count, squash};
use lines::Line;

/// A document as read, with the problems met while reading it.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub document: Document,
    pub findings: Vec<Finding>,
}

/// Everything the readers share: the input, its lines and a position index.
pub(crate) struct Ctx<'a> {
    pub input: &'a str,
    pub lines: Vec<Line<'a>>,
    pub index: LineIndex,
    pub findings: Vec<Finding>,
    /// The last location computed: the next one on the same line counts on from it.
    last_loc: std::cell::Cell<Option<Location>>,
}

impl<'a> Ctx<'a> {
    pub fn new(input: &'a str) -> Self {
        let (index, tabs) = LineIndex::with_tabs(input);
        Ctx {
            input,
            // The index knows where the lines start and which hold a tab: the input is
            // searched for them once.
            lines: lines::split_lines_at(input, index.line_starts(), &tabs),
            index,
            findings: Vec::new(),
            last_loc: std::cell::Cell::new(None),
        }
    }
    pub fn loc(&self, span: Span) -> Location {
        // Cells of a row are located left to right: count on from the last location when
        // it is on the same line, before this one (only char boundaries are remembered).
        if !self.input.is_char_boundary(span.start) {
            return self.index.locate(self.input, span);
        }
        if let Some(last) = self.last_loc.get() {
            // 0-based index of the line after the last location's.
            let next = last.line as usize;
            let same_line =
                next >= self.index.line_count() || span.start < self.index.line_start(next);
            let between = self.input.get(last.span.start..span.start);
            if let (true, Some(between)) = (same_line, between) {
                let loc = Location {
                    span,
                    line: last.line,
                    column: last.column + between.chars().count() as u32,
                };
                self.last_loc.set(Some(loc));
                return loc;
            }
        }
        let loc = self.index.locate(self.input, span);
        self.last_loc.set(Some(loc));
        loc
    }
    /// Location of the start of a line's text.
    pub fn line_loc(&self, line: usize) -> Location {
        let l = &self.lines[line];
        let lead = l.text.len() - l.text.trim_start_matches(crate::text::is_space).len();
        let start = l.start + lead;
        let end = start + l.trimmed().len();
        // The line is known (line `i` of `lines` is line `i` of the index): only what comes
        // before the text on it is counted, not looked up and counted by `loc`.
        let before = self.input.get(self.index.line_start(line)..start);
        Location {
            span: Span::new(start, end),
            line: line as u32 + 1,
            column: before.map_or(0, |s| s.chars().count()) as u32 + 1,
        }
    }
}

/// Read a disclosure. Never panics; whatever cannot be read becomes a finding.
pub fn parse(input: &str) -> Parsed {
    let mut ctx = Ctx::new(input);
    let tables = tables::read_tables(&mut ctx);
    let mut in_table = vec![false; ctx.lines.len()];
    for t in &tables {
        for l in t.first_line..=t.last_line {
            if let Some(slot) = in_table.get_mut(l as usize - 1) {
                *slot = true;
            }
        }
    }
    let (sections, figures) =
        narrative::read(&ctx, &|line| in_table[line] || ctx.lines[line].furniture);
    let (unit, year, kind) = identify(&ctx, &tables);
    let class = classify(&ctx, &tables, kind);
    let narrative_line = |i: usize| !in_table[i] && !ctx.lines[i].is_void();
    let mut narrative =
        Vec::with_capacity((0..ctx.lines.len()).filter(|&i| narrative_line(i)).count());
    narrative.extend(
        (0..ctx.lines.len())
            .filter(|&i| narrative_line(i))
            .map(|i| crate::model::TextLine {
                text: ctx.lines[i].trimmed().to_string(),
                location: ctx.line_loc(i),
            }),
    );
    let mut document = Document {
        class,
        unit,
        year,
        kind,
        tables,
        sections,
        figures,
        narrative,
    };
    report_class(&mut ctx, &document);
    report_missing_tables(&mut ctx, &document);
    if document.class != DocumentClass::Disclosure {
        // Figures of something that is not a disclosure are noise for the rules.
        if matches!(
            document.class,
            DocumentClass::NotDisclosure | DocumentClass::NoText
        ) {
            document.figures.clear();
        }
    }
    Parsed {
        document,
        findings: ctx.findings,
    }
}

/// Department name, year and report kind, from the cover, the titles and the table headers.
fn identify(
    ctx: &Ctx<'_>,
    tables: &[crate::model::Table],
) -> (Option<String>, Option<i32>, Option<ReportKind>) {
    let mut head: Vec<&str> = Vec::with_capacity(60);
    head.extend(
        ctx.lines
            .iter()
            .filter(|l| !l.is_void())
            .take(60)
            .map(|l| l.trimmed()),
    );
    let mut year = None;
    let mut kind = None;
    for t in &head {
        let s = squash(crate::text::strip_markdown(t));
        if year.is_none() {
            year = find_year(&s);
        }
        if kind.is_none() {
            if s.has("决算") {
                kind = Some(ReportKind::Final);
            } else if s.has("预算") && !s.has("预算执行") {
                kind = Some(ReportKind::Budget);
            }
        }
        if year.is_some() && kind.is_some() {
            break;
        }
    }
    if kind.is_none() {
        for t in tables {
            if t.title.has("决算") {
                kind = Some(ReportKind::Final);
                break;
            }
            if t.title.has("预算") {
                kind = Some(ReportKind::Budget);
            }
        }
    }
    if year.is_none() {
        year = tables.iter().find_map(|t| find_year(&t.title));
    }
    // The unit: the organisation most tables name, else the cover line naming a 局/中心/….
    let mut counts: Vec<(String, usize)> = Vec::new();
    for t in tables {
        if let Some(o) = &t.organisation {
            match counts.iter_mut().find(|(n, _)| n == o) {
                Some(e) => e.1 += 1,
                None => counts.push((o.clone(), 1)),
            }
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    let mut unit = counts.into_iter().next().map(|(n, _)| n);
    if unit.is_none() {
        // "部门名称：X" on the cover or a page of its own
        unit = ctx.lines.iter().filter(|l| !l.is_void()).find_map(|l| {
            tables::organisation_of(l.text).filter(|_| squash(l.text).starts_with("部门"))
        });
    }
    if unit.is_none() {
        for t in &head {
            let s = squash(crate::text::strip_markdown(t));
            if let Some(name) = org_from_cover(&s) {
                unit = Some(name);
                break;
            }
        }
    }
    (unit, year, kind)
}

/// A 4-digit year 2000–2099 followed by 年.
pub(crate) fn find_year(s: &str) -> Option<i32> {
    let chars: Vec<char> = s.chars().collect();
    for i in 0..chars.len().saturating_sub(4) {
        let w = &chars[i..i + 4];
        if w.iter().all(|c| c.is_ascii_digit())
            && chars.get(i + 4) == Some(&'年')
            && (i == 0 || !chars[i - 1].is_ascii_digit())
        {
            let y: i32 = w.iter().collect::<String>().parse().ok()?;
            if (2000..2100).contains(&y) {
                return Some(y);
            }
        }
    }
    None
}

fn org_from_cover(s: &str) -> Option<String> {
    const ENDINGS: [&str; 14] = [
        "局",
        "中心",
        "委员会",
        "办公室",
        "厅",
        "委",
        "院",
        "所",
        "站",
        "队",
        "馆",
        "会",
        "部",
        "处",
    ];
    let s = s.trim_start_matches(|c: char| c.is_ascii_digit() || c == '年' || c == '度');
    if han_count(s) < 4
        || s.chars().count() > 40
        || s.contains(['：', ':', '，', ',', '。', '、', '；'])
    {
        return None;
    }
    let name = s
        .split("部门决算")
        .next()
        .unwrap_or(s)
        .split("部门预算")
        .next()
        .unwrap_or(s);
    let name = name.trim_end_matches(|c: char| c.is_ascii_digit() || c == '年' || c == '度');
    if ENDINGS.iter().any(|e| name.ends_with(e)) && han_count(name) >= 4 {
        Some(name.to_string())
    } else {
        None
    }
}

fn classify(
    ctx: &Ctx<'_>,
    tables: &[crate::model::Table],
    kind: Option<ReportKind>,
) -> DocumentClass {
    // Only compared with 50 and 200 below: stop counting past that.
    let mut han = 0;
    for l in &ctx.lines {
        han += crate::text::han_count_capped(l.text, 201 - han);
        if han > 200 {
            break;
        }
    }
    let standard = tables
        .iter()
        .filter(|t| t.kind.standard_number().is_some())
        .count();
    if han < 50 && tables.is_empty() {
        return DocumentClass::NoText;
    }
    let head_says = ctx.lines.iter().filter(|l| !l.is_void()).take(40).any(|l| {
        let s = squash(l.text);
        s.has("部门决算")
            || s.has("部门预算")
            || s.has("单位决算")
            || s.has("单位预算")
            || s.has("综合预算")
            || s.has("预算公开")
            || s.has("决算公开")
            || (s.has("决算") && s.has("部门"))
    });
    if !tables.is_empty() && !head_says && tables.iter().all(|t| t.first_line <= 12) {
        return DocumentClass::TablesOnly;
    }
    if standard > 0 || tables.iter().any(|t| t.kind != TableKind::Other) {
        return DocumentClass::Disclosure;
    }
    if head_says || kind.is_some() && han > 200 {
        return DocumentClass::NarrativeOnly;
    }
    if !tables.is_empty() {
        return DocumentClass::TablesOnly;
    }
    DocumentClass::NotDisclosure
}

fn report_class(ctx: &mut Ctx<'_>, doc: &Document) {
    let at = ctx.loc(Span::empty(0));
    let f = match doc.class {
        DocumentClass::NoText => Finding::new(
            "input.no-text",
            Severity::Error,
            at,
            "没有读到可核对的文字：输入为空，或是扫描图片制成的 PDF。请提供文字版（可复制文字的 PDF、Word 或网页），或先做文字识别（OCR）。",
            "No text to check: the input is empty or a scanned (image-only) PDF. Provide a text version, or run OCR first.",
        ),
        DocumentClass::NotDisclosure => Finding::new(
            "input.not-a-disclosure",
            Severity::Error,
            at,
            "这份文字看起来不是部门决算或部门预算公开材料（没有找到“部门决算/部门预算”标题，也没有找到公开表），无法核对。",
            "This does not look like a department final-accounts or budget disclosure (no such title and no standard table found).",
        ),
        DocumentClass::NarrativeOnly => Finding::new(
            "input.tables-missing",
            Severity::Warning,
            at,
            "只读到了说明文字，没有找到公开表（可能在附件或图片中）。请把附件中的表格也一并粘贴；现在只做说明文字内部的核对。",
            "Only the narrative was found, not the tables (they may be in an attachment or images). Paste the tables too; only narrative-internal checks ran.",
        ),
        _ => return,
    };
    ctx.findings.push(f);
}

/// A disclosure should publish all nine tables, empty ones included (财预〔2016〕143号).
fn report_missing_tables(ctx: &mut Ctx<'_>, doc: &Document) {
    if doc.class != DocumentClass::Disclosure {
        return;
    }
    let at = doc
        .tables
        .first()
        .map(|t| t.title_location)
        .unwrap_or_else(|| ctx.loc(Span::empty(0)));
    for kind in TableKind::STANDARD {
        if doc.table_of_kind(kind).is_some() {
            continue;
        }
        let number = kind.standard_number().unwrap_or_default();
        let name = kind.standard_name(doc.kind);
        ctx.findings.push(
            Finding::new(
                "table.missing-standard",
                Severity::Warning,
                at,
                format!("没有找到公开{number}表“{name}”。无数据的表也应公开（空表并注明原因）；如果它在图片或附件中，请一并提供文字。"),
                format!("Standard table {number} ({name}) was not found. Tables without data should still be published, with a note; if it is an image or attachment, paste its text too."),
            )
            .in_table(number),
        );
    }
}
