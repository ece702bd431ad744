//! Finding tables in the input and reading their bodies.
//!
//! A table starts at a recognised title that is followed by table furniture (a unit line, an
//! organisation line, header words or delimited rows) — a title followed by another title is a
//! 目录 entry. It ends at a note (注/说明/备注), a heading, a prose paragraph or the next title.
//! Its body is read by the delimited reader (tabs, markdown pipes) or the layout reader (columns
//! aligned with spaces); both produce a [`Grid`], and [`build_blocks`] turns a grid into the
//! model's blocks, columns and rows the same way for both, so that every shape of paste gives
//! the same model.

use super::grid::{build_blocks, kind_from_header, Grid};
use super::lines::Line;
use super::titles::{classify_title, classify_title_md, is_number_md, TitleMatch};
use super::{delimited, layout, Ctx};
use crate::diagnostic::{Finding, Severity};
use crate::model::{CompactString, MoneyUnit, Note, Table, TableKind};
use crate::source::Span;
use crate::text::Has;
use crate::text::{
    han_count, han_count_capped, is_space, squash, squash_contains, squash_eq, squash_into,
    squashed_chars, strip_markdown,
};

/// A title line that starts a table.
struct Start {
    line: usize,
    title: TitleMatch,
}

pub(crate) fn read_tables(ctx: &mut Ctx<'_>) -> Vec<Table> {
    // Classify every line once; the finders and readers below look titles up here.
    let titles: Vec<Option<TitleMatch>> = ctx
        .lines
        .iter()
        .map(|l| {
            if l.is_void() {
                None
            } else {
                classify_title_md(l.md(), l.has_tab())
            }
        })
        .collect();
    let starts = find_starts(ctx, &titles);
    let mut tables: Vec<Table> = Vec::new();
    if starts.is_empty() {
        if let Some(t) = lone_table(ctx) {
            tables.push(t);
        }
        return tables;
    }
    tables.reserve(starts.len());
    let n = ctx.lines.len();
    for (k, start) in starts.iter().enumerate() {
        let limit = starts.get(k + 1).map_or(n, |s| s.line);
        let Some(mut table) = read_table(ctx, &titles, start, limit) else {
            continue;
        };
        // A title reprinted on the next page continues the previous table.
        if let Some(prev) = tables.last_mut() {
            if prev.kind == table.kind
                && table.kind.standard_number().is_some()
                && prev.title == table.title
                && prev.notes.is_empty()
                && prev.organisation == table.organisation
            {
                merge_into(prev, table);
                continue;
            }
        }
        table.id = String::new();
        tables.push(table);
    }
    assign_ids(&mut tables);
    tables
}

fn merge_into(prev: &mut Table, next: Table) {
    for (pb, nb) in prev.blocks.iter_mut().zip(next.blocks) {
        if pb.columns.len() == nb.columns.len() {
            pb.rows.extend(nb.rows);
        }
    }
    prev.notes.extend(next.notes);
    prev.last_line = next.last_line;
}

/// Ids: the best-matching table of each standard kind gets "01".."09"; self-evaluation tables
/// "perf-1".., the rest "t-<n>".
fn assign_ids(tables: &mut [Table]) {
    let scores: Vec<u8> = tables.iter().map(score_of).collect();
    for kind in TableKind::STANDARD {
        let best = (0..tables.len())
            .filter(|&i| tables[i].kind == kind)
            .max_by(|&a, &b| scores[a].cmp(&scores[b]).then(b.cmp(&a)));
        for i in 0..tables.len() {
            if tables[i].kind == kind {
                tables[i].id = if Some(i) == best {
                    kind.standard_number().unwrap_or_default().to_string()
                } else {
                    format!("t-{}", i + 1)
                };
            }
        }
    }
    let mut perf = 0;
    for (i, t) in tables.iter_mut().enumerate() {
        if t.id.is_empty() {
            t.id = match t.kind {
                TableKind::PerformanceOverall | TableKind::PerformanceProject => {
                    perf += 1;
                    format!("perf-{perf}")
                }
                _ => format!("t-{}", i + 1),
            };
        }
    }
}

fn score_of(t: &Table) -> u8 {
    classify_title(&t.title).map_or(0, |m| m.score)
}

/// Title lines that start tables.
fn find_starts(ctx: &Ctx<'_>, titles: &[Option<TitleMatch>]) -> Vec<Start> {
    let n = ctx.lines.len();
    let mut out: Vec<Start> = Vec::new();
    let mut i = 0;
    while i < n {
        let Some(title) = titles[i].clone() else {
            i += 1;
            continue;
        };
        match evidence_after(ctx, titles, i) {
            Evidence::Table => {
                out.push(Start { line: i, title });
            }
            Evidence::AnotherTitle(j) => {
                // "五、一般公共预算拨款支出预算表" heading directly over the real title: skip it.
                if let Some(next) = &titles[j] {
                    if next.kind == title.kind && j - i <= 3 {
                        i = j;
                        continue;
                    }
                }
            }
            Evidence::None => {}
        }
        i += 1;
    }
    out
}

enum Evidence {
    Table,
    AnotherTitle(usize),
    None,
}

/// Look at the next few content lines after a title candidate.
fn evidence_after(ctx: &Ctx<'_>, titles: &[Option<TitleMatch>], i: usize) -> Evidence {
    let mut seen = 0;
    for j in i + 1..ctx.lines.len() {
        let l = &ctx.lines[j];
        if l.is_void() {
            continue;
        }
        let t = l.md();
        if is_number_md(t) {
            continue;
        }
        if titles[j].is_some() {
            return Evidence::AnotherTitle(j);
        }
        // The cheap tests first (the order does not change the answer).
        if l.has_tab() || t.starts_with('|') || unit_of(t).is_some() || organisation_of(t).is_some()
        {
            return Evidence::Table;
        }
        if header_like(t) {
            return Evidence::Table;
        }
        seen += 1;
        if seen >= 6 {
            break;
        }
    }
    Evidence::None
}

/// A line of column headings: several separated words, some of them header words.
fn header_like(t: &str) -> bool {
    const WORDS: [&str; 14] = [
        "项目",
        "科目",
        "合计",
        "预算数",
        "决算数",
        "栏次",
        "金额",
        "行次",
        "小计",
        "基本支出",
        "项目支出",
        "本年",
        "人员经费",
        "功能分类",
    ];
    let parts = t
        .split(|c: char| is_space(c))
        .filter(|p| !p.is_empty())
        .count();
    let s = squash(t);
    parts >= 2 && !s.contains('。') && !s.contains('，') && WORDS.iter().any(|w| s.has(w))
}

/// `单位：万元`, `单位:元`, `金额单位：万元`, `（单位：万元）` anywhere in the line.
pub(crate) fn unit_of(t: &str) -> Option<MoneyUnit> {
    // Most lines name no 单位: they need no squashed copy.
    if !squash_contains(t, "单位") {
        return None;
    }
    let s = squash(t);
    let mut from = 0;
    while let Some(p) = crate::text::find(&s[from..], "单位") {
        let after = &s[from + p + "单位".len()..];
        let after = after.trim_start_matches(['：', ':']);
        if after.len() < s[from + p + "单位".len()..].len() {
            for (w, u) in [
                ("万元", MoneyUnit::WanYuan),
                ("亿元", MoneyUnit::YiYuan),
                ("元", MoneyUnit::Yuan),
            ] {
                if after.starts_with(w) {
                    return Some(u);
                }
            }
        }
        from += p + "单位".len();
    }
    None
}

/// `部门：X`, `部门名称：X`, `单位名称：X`, `编制单位：X`, `部门（单位）：X`, `单位：X` (not a currency).
pub(crate) fn organisation_of(t: &str) -> Option<String> {
    let t = strip_markdown(t);
    // Every key starts with 部, 单 or 编.
    if !t.starts_with(['部', '单', '编']) {
        return None;
    }
    const KEYS: [&str; 7] = [
        "部门（单位）",
        "部门(单位)",
        "部门名称",
        "单位名称",
        "编制单位",
        "部门",
        "单位",
    ];
    for key in KEYS {
        let Some(rest) = t.strip_prefix(key) else {
            continue;
        };
        let rest = rest.trim_start_matches(is_space);
        let Some(rest) = rest
            .strip_prefix(['：', ':'])
            .or_else(|| rest.strip_prefix('\t'))
        else {
            continue;
        };
        let rest = rest.trim_start_matches(|c: char| is_space(c) || c == '\t');
        // Up to a wide gap, a tab or the unit.
        let mut end = rest.len();
        for pat in ["  ", "\t", "单位：", "单位:", "金额单位"] {
            if let Some(p) = crate::text::find(rest, pat) {
                end = end.min(p);
            }
        }
        // Squashed (copied) only when there is whitespace to remove; most names are refused.
        let name = &rest[..end];
        let name: std::borrow::Cow<'_, str> = if name.contains(is_space) {
            squash(name).into()
        } else {
            name.into()
        };
        let prose = name.contains(['，', ',', '。', '；', '、']) || name.chars().count() > 40;
        if han_count(&name) >= 2 && !prose && !matches!(&*name, "万元" | "元" | "亿元") {
            return Some(name.into_owned());
        }
    }
    None
}

/// Whether a line (its [`strip_markdown`] form) starts a note.
fn is_note_start(md: &str) -> bool {
    let s = md.trim_start_matches(is_space);
    [
        "注：",
        "注:",
        "注 ：",
        "说明：",
        "说明:",
        "备注：",
        "备注:",
        "注释：",
    ]
    .iter()
    .any(|p| s.starts_with(p))
        || s.starts_with("注") && s.chars().nth(1).is_some_and(|c| c.is_ascii_digit())
}

/// A line that ends a table body: a markdown or outline heading, a part heading, prose.
fn ends_body(l: &Line<'_>) -> bool {
    let raw = l.text;
    if raw.trim_start().starts_with('#') {
        return true;
    }
    // `t` is trimmed, so it starts with 第 when its squashed form does; whitespace is neither
    // Han nor punctuation, so the tests below read the same on `t` as on its squashed form.
    let t = l.md();
    if t.starts_with('第') && squash_contains(t, "部分") && squashed_chars(t).count() < 30 {
        return true;
    }
    if is_outline_heading(t) {
        return true;
    }
    // Prose: a long sentence with Chinese punctuation and no amounts, not a table row. The
    // cheap tests first: most lines met here are table rows, delimited by tabs or pipes.
    !l.has_tab()
        && !raw.trim_start().starts_with('|')
        && (t.contains('。') || t.matches('，').nth(1).is_some())
        && han_count_capped(t, 28) >= 28
        && !has_amount(raw)
}

/// A top-level heading of the narrative after a table ("八、其他重要事项说明", "三、名词解释"):
/// a Chinese ordinal, then words only (no figure, no gap between cells) ending as section titles
/// do. A row label such as "一、一般公共服务支出" does not end so.
fn is_outline_heading(t: &str) -> bool {
    let rest = t.trim_start_matches(crate::text::is_cn_digit);
    let Some(words) = rest.strip_prefix('、') else {
        return false;
    };
    rest.len() < t.len()
        && words.chars().count() <= 24
        && !words.contains(|c: char| c.is_ascii_digit() || c == '\t' || c == '|')
        && !crate::text::trim(words).has("  ")
        && ["说明", "情况", "概况", "名词解释", "事项"]
            .iter()
            .any(|end| crate::text::trim(words).ends_with(end))
}

/// A line of prose set in a table's cell rather than a paragraph: indented past a paragraph's
/// indent, or printed beside another cell (a gap of two or more spaces between its words).
fn in_cell(raw: &str) -> bool {
    let t = raw.trim_end_matches(is_space);
    let indent = t.chars().take_while(|c| is_space(*c)).count();
    indent >= 6 || t.trim_start_matches(is_space).has("  ")
}

fn has_amount(raw: &str) -> bool {
    raw.split(|c: char| is_space(c) || c == '\t' || c == '|')
        .any(|tok| crate::number::parse_number(tok).is_some_and(|n| n.decimals > 0 || n.grouped))
}

/// Read one table from its title line up to (not including) `limit`.
fn read_table(
    ctx: &mut Ctx<'_>,
    titles: &[Option<TitleMatch>],
    start: &Start,
    limit: usize,
) -> Option<Table> {
    let title_line = start.line;
    let title_text = strip_markdown(ctx.lines[title_line].text);
    let title_start = ctx.lines[title_line].start
        + (title_text.as_ptr() as usize - ctx.lines[title_line].text.as_ptr() as usize);
    let title_loc = ctx.loc(Span::new(title_start, title_start + title_text.len()));
    let mut printed_number = start.title.printed_number.clone();
    // A number line just above or below the title.
    for j in title_line.saturating_sub(3)..(title_line + 4).min(ctx.lines.len()) {
        if j != title_line && is_number_md(ctx.lines[j].md()) && printed_number.is_none() {
            let t = ctx.lines[j].md();
            printed_number = super::titles::split_number(t).map(|(n, _)| n);
        }
    }
    let mut unit = None;
    let mut organisation = None;
    let mut body: Vec<usize> = Vec::with_capacity(limit - title_line);
    let mut notes: Vec<Note> = Vec::new();
    let mut last = title_line;
    let mut i = title_line + 1;
    let generic = matches!(
        start.title.kind,
        TableKind::PerformanceOverall | TableKind::PerformanceProject
    );
    while i < limit {
        let l = &ctx.lines[i];
        if l.is_void() {
            i += 1;
            continue;
        }
        let t = l.text;
        if is_note_start(l.md()) {
            // The note runs to a blank line, a heading or the next title.
            let mut text = String::new();
            let note_start = i;
            let mut j = i;
            while j < limit {
                let lj = &ctx.lines[j];
                if lj.furniture {
                    j += 1;
                    continue;
                }
                if lj.is_blank() && !text.is_empty() {
                    // a numbered continuation ("2. 本套报表…") may follow a blank line
                    let next = (j + 1..limit).find(|&k| !ctx.lines[k].is_void());
                    match next {
                        Some(k) if continues_note(ctx.lines[k].text) => {
                            j = k;
                            continue;
                        }
                        _ => break,
                    }
                }
                if j > note_start && (lj.text.trim_start().starts_with('#') || titles[j].is_some())
                {
                    break;
                }
                if j > note_start && (lj.has_tab() || ends_body(lj)) {
                    break;
                }
                squash_into(&mut text, lj.md());
                j += 1;
            }
            let end_line = j.saturating_sub(1).max(note_start);
            let loc = ctx.line_loc(note_start);
            notes.push(Note {
                text,
                location: loc,
            });
            last = end_line;
            i = j;
            if !generic {
                break;
            }
            continue;
        }
        if body.is_empty() || !l.has_tab() {
            if unit.is_none() {
                if let Some(u) = unit_of(t) {
                    unit = Some(u);
                    if organisation.is_none() {
                        organisation = organisation_of(t);
                    }
                    last = i;
                    i += 1;
                    continue;
                }
            }
            if organisation.is_none() && body.is_empty() {
                if let Some(o) = organisation_of(t) {
                    organisation = Some(o);
                    last = i;
                    i += 1;
                    continue;
                }
            }
        }
        if is_number_md(l.md()) {
            i += 1;
            continue;
        }
        if ends_body(l) && !(generic && in_cell(t)) {
            break;
        }
        // After its note, a self-evaluation table goes on only with rows of cells (a heading
        // such as `附件 2` ends it).
        if generic
            && !notes.is_empty()
            && !t.contains(['\t', '|'])
            && !crate::text::trim(t).has("  ")
        {
            break;
        }
        if titles[i].as_ref().map(|m| m.kind) == Some(start.title.kind)
            && squash_eq(l.md(), &start.title.title)
        {
            // reprinted title on a continuation page
            i += 1;
            continue;
        }
        if titles[i].is_some() && !body.is_empty() {
            // the heading of the next table (`七、国有资本经营预算拨款支出预算表` over its title)
            break;
        }
        body.push(i);
        last = i;
        i += 1;
    }
    if generic && organisation.is_none() {
        // 部门名称 ⟶ name as the first row of a self-evaluation table.
        for &b in &body {
            let fields: Vec<&str> = ctx.lines[b]
                .text
                .split(['\t', '|'])
                .flat_map(|f| f.split("  "))
                .map(crate::text::trim)
                .filter(|f| !f.is_empty())
                .collect();
            if fields.len() >= 2 && fields[0].has("名称") && fields[0].has("部门") {
                organisation = Some(squash(fields[1]));
                break;
            }
        }
    }
    let grid = read_body(ctx, &body, generic);
    let blocks = build_blocks(ctx, grid, generic);
    Some(Table {
        id: String::new(),
        kind: start.title.kind,
        title: start.title.title.clone(),
        title_location: title_loc,
        printed_number,
        unit,
        organisation,
        blocks,
        notes,
        first_line: title_line as u32 + 1,
        last_line: last as u32 + 1,
    })
}

fn continues_note(t: &str) -> bool {
    let s = strip_markdown(t);
    let digits = s.chars().take_while(|c| c.is_ascii_digit()).count();
    (digits > 0 && s[digits..].starts_with(['.', '、', '．']))
        || s.starts_with('（') && s.ends_with('）')
}

/// Read body lines into a grid with the reader that fits them.
fn read_body(ctx: &mut Ctx<'_>, body: &[usize], generic: bool) -> Grid {
    let tabbed = body.iter().filter(|&&i| ctx.lines[i].has_tab()).count();
    let piped = body
        .iter()
        .filter(|&&i| ctx.lines[i].text.trim_start().starts_with('|'))
        .count();
    if body.is_empty() {
        return Grid::default();
    }
    if tabbed * 2 >= body.len() || piped * 2 >= body.len() {
        delimited::read(ctx, body, generic)
    } else {
        layout::read(ctx, body, generic)
    }
}

/// A table pasted alone (from a spreadsheet), recognised by its header words.
fn lone_table(ctx: &mut Ctx<'_>) -> Option<Table> {
    let body: Vec<usize> = (0..ctx.lines.len())
        .filter(|&i| !ctx.lines[i].is_void())
        .collect();
    if body.is_empty() {
        return None;
    }
    let delimited_lines = body
        .iter()
        .filter(|&&i| ctx.lines[i].has_tab() || ctx.lines[i].text.trim_start().starts_with('|'))
        .count();
    if delimited_lines * 2 < body.len() || delimited_lines < 2 {
        return None;
    }
    let body: Vec<usize> = body
        .into_iter()
        .filter(|&i| ctx.lines[i].has_tab() || ctx.lines[i].text.trim_start().starts_with('|'))
        .collect();
    let grid = delimited::read(ctx, &body, false);
    let header_words: String = grid
        .header_rows
        .iter()
        .flatten()
        .map(CompactString::as_str)
        .collect();
    let first_labels: String = (0..grid.data.len().min(12))
        .flat_map(|k| grid.row_cells(k).iter().flatten().map(|f| f.text.as_str()))
        .collect();
    let kind = kind_from_header(&header_words, &first_labels)?;
    let first = body[0];
    let last = *body.last().unwrap_or(&first);
    let title_loc = ctx.line_loc(first);
    let blocks = build_blocks(ctx, grid, false);
    if blocks.iter().all(|b| b.rows.is_empty()) {
        return None;
    }
    ctx.findings.push(
        Finding::new(
            "input.single-table",
            Severity::Info,
            title_loc,
            format!("输入只有一张表，按表头识别为“{}”；只做这张表内部的核对。", kind.standard_name(None)),
            format!("The input is a single table, recognised by its header as {}; only checks within it ran.", kind.standard_name(None)),
        )
        .in_table(kind.standard_number().unwrap_or("t-1")),
    );
    Some(Table {
        id: kind.standard_number().unwrap_or("t-1").to_string(),
        kind,
        title: kind.standard_name(None).to_string(),
        title_location: title_loc,
        printed_number: None,
        unit: None,
        organisation: None,
        blocks,
        notes: Vec::new(),
        first_line: first as u32 + 1,
        last_line: last as u32 + 1,
    })
}
