//! The input text split into display segments: plain text, a finding's primary figure, a
//! figure a finding was checked against (related).
//!
//! Renderers (the browser app) show the document back with its findings marked. They need the
//! text cut at every place a finding points to, then into lines, then, inside tables, into cells.
//! That cutting is pure and lives here, tested natively; a renderer only maps segments to
//! elements.
//!
//! ```
//! use juesuan::highlight::{segments, Mark, Role};
//! use juesuan::{source::Span, Severity};
//! let text = "合计\t105.08\n";
//! let at = Span::new(7, 13);
//! let segs = segments(text, [(at, Mark { finding: 0, role: Role::Primary, severity: Severity::Error })]);
//! assert_eq!(segs.iter().map(|s| &text[s.span.start..s.span.end]).collect::<Vec<_>>(), ["合计\t", "105.08", "\n"]);
//! assert_eq!(segs[1].primary_severity(), Some(Severity::Error));
//! ```

use crate::diagnostic::{Finding, Severity};
use crate::source::{floor_char_boundary, Span};
use serde::Serialize;

/// What a marked place is to a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Role {
    /// The figure most likely wrong.
    Primary,
    /// The finding's `related[i]`: a figure it was checked against.
    Related(usize),
}

/// One finding's claim on a segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Mark {
    /// Index of the finding in the report's order.
    pub finding: usize,
    pub role: Role,
    /// The finding's severity.
    pub severity: Severity,
}

/// A piece of the input and the findings that point at it. An empty span is a place a finding
/// points at without covering any text (a blank cell, a missing line).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    pub span: Span,
    pub marks: Vec<Mark>,
}

impl Segment {
    /// True if no finding points here.
    pub fn is_plain(&self) -> bool {
        self.marks.is_empty()
    }
    /// The highest severity of the findings whose primary figure this is.
    pub fn primary_severity(&self) -> Option<Severity> {
        self.marks
            .iter()
            .filter(|m| m.role == Role::Primary)
            .map(|m| m.severity)
            .max()
    }
    /// True if this is a figure some finding was checked against.
    pub fn is_related(&self) -> bool {
        self.marks
            .iter()
            .any(|m| matches!(m.role, Role::Related(_)))
    }
    /// The finding to open when this segment is selected: the most severe primary one, else the
    /// first finding that relates to it.
    pub fn main_finding(&self) -> Option<usize> {
        self.marks
            .iter()
            .filter(|m| m.role == Role::Primary)
            .max_by(|a, b| a.severity.cmp(&b.severity).then(b.finding.cmp(&a.finding)))
            .or_else(|| self.marks.first())
            .map(|m| m.finding)
    }
}

/// The marks of a report's findings: each primary location and each related label.
pub fn marks(findings: &[Finding]) -> Vec<(Span, Mark)> {
    let mut out = Vec::new();
    for (i, f) in findings.iter().enumerate() {
        let mark = |role| Mark {
            finding: i,
            role,
            severity: f.severity,
        };
        out.push((f.location.span, mark(Role::Primary)));
        for (j, label) in f.related.iter().enumerate() {
            out.push((label.location.span, mark(Role::Related(j))));
        }
    }
    out
}

/// Cut `text` at every start and end of a marked span. The non-empty segments cover the text
/// exactly, in order; an empty marked span becomes an empty segment at its offset (before the
/// text that starts there). Spans are clamped to the text and to character boundaries.
pub fn segments(text: &str, marks: impl IntoIterator<Item = (Span, Mark)>) -> Vec<Segment> {
    let clamp = |i: usize| floor_char_boundary(text, i.min(text.len()));
    let mut ranged: Vec<(Span, Mark)> = Vec::new();
    let mut points: Vec<(usize, Mark)> = Vec::new();
    let mut cuts = vec![0, text.len()];
    for (span, mark) in marks {
        let (start, end) = (clamp(span.start), clamp(span.end.max(span.start)));
        if start == end {
            points.push((start, mark));
            cuts.push(start);
        } else {
            ranged.push((Span::new(start, end), mark));
            cuts.push(start);
            cuts.push(end);
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    points.sort_by_key(|&(at, m)| (at, m.finding, m.role));
    points.dedup();

    // Sweep: marks sorted by start; the active ones are those whose span covers the piece.
    ranged.sort_by_key(|&(span, m)| (span.start, m.finding, m.role));
    let mut next = 0;
    let mut active: Vec<(Span, Mark)> = Vec::new();
    let mut point = points.into_iter().peekable();
    let mut out = Vec::with_capacity(cuts.len() * 2);
    for pair in cuts.windows(2) {
        let (start, end) = (pair[0], pair[1]);
        let mut here = Vec::new();
        while let Some(&(at, m)) = point.peek() {
            if at > start {
                break;
            }
            here.push(m);
            point.next();
        }
        if !here.is_empty() {
            out.push(Segment {
                span: Span::empty(start),
                marks: here,
            });
        }
        active.retain(|(span, _)| span.end > start);
        while next < ranged.len() && ranged[next].0.start <= start {
            active.push(ranged[next]);
            next += 1;
        }
        let mut marks: Vec<Mark> = active.iter().map(|&(_, m)| m).collect();
        marks.sort_by_key(|m| (m.finding, m.role));
        marks.dedup();
        out.push(Segment {
            span: Span::new(start, end),
            marks,
        });
    }
    let rest: Vec<Mark> = point.map(|(_, m)| m).collect();
    if !rest.is_empty() {
        out.push(Segment {
            span: Span::empty(text.len()),
            marks: rest,
        });
    }
    out
}

/// One line of the input with its segments (the line break itself is left out).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    /// 1-based line number.
    pub number: u32,
    /// The line's text, without `\r\n` / `\n`.
    pub span: Span,
    pub segments: Vec<Segment>,
}

impl Line {
    /// The highest severity of a primary figure on this line.
    pub fn primary_severity(&self) -> Option<Severity> {
        self.segments
            .iter()
            .filter_map(Segment::primary_severity)
            .max()
    }
}

/// Split segments (as made by [`segments`]) into lines. Every line of the text is returned,
/// including empty ones; empty segments at a line's end stay on that line.
pub fn lines(text: &str, segments: &[Segment]) -> Vec<Line> {
    let mut out = Vec::new();
    let mut seg = segments.iter().peekable();
    let mut start = 0;
    let mut number = 1;
    loop {
        let newline = text[start..].find('\n').map(|i| start + i);
        let end_incl = newline.map(|i| i + 1).unwrap_or(text.len());
        let mut content_end = newline.unwrap_or(text.len());
        if content_end > start && text.as_bytes()[content_end - 1] == b'\r' {
            content_end -= 1;
        }
        let mut parts = Vec::new();
        while let Some(s) = seg.peek() {
            let (s_start, s_end) = (s.span.start, s.span.end);
            let last = newline.is_none();
            if s_start >= end_incl && !(last && s_start == end_incl) {
                break;
            }
            let piece = Span::new(s_start.max(start), s_end.min(content_end));
            if s.span.is_empty() || piece.start < piece.end {
                parts.push(Segment {
                    span: if s.span.is_empty() {
                        Span::empty(s_start.min(content_end))
                    } else {
                        piece
                    },
                    marks: s.marks.clone(),
                });
            }
            if s_end > end_incl {
                break; // continues on the next line
            }
            seg.next();
        }
        out.push(Line {
            number,
            span: Span::new(start, content_end),
            segments: parts,
        });
        match newline {
            Some(i) => {
                start = i + 1;
                number += 1;
            }
            None => break,
        }
    }
    out
}

/// How a table line separates its cells.
fn separator(line: &str) -> Separator {
    let t = line.trim_start();
    if line.contains('\t') {
        Separator::Tab
    } else if t.starts_with('|') {
        Separator::Pipe
    } else {
        Separator::Spaces
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Separator {
    Tab,
    Pipe,
    Spaces,
}

/// True for a markdown table rule line (`|---|:--:|`), which shows no cells.
pub fn is_rule_line(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('|')
        && t.contains('-')
        && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// The cells of a table line: byte spans of each cell's trimmed text. Cells are separated by
/// tabs, by markdown pipes (`| a | b |`), or, for text copied from a PDF, by runs of two or more
/// spaces (ASCII or full-width).
pub fn cell_spans(text: &str, line: Span) -> Vec<Span> {
    let s = &text[line.start..line.end];
    let mut raw: Vec<(usize, usize)> = Vec::new();
    match separator(s) {
        Separator::Tab => {
            let mut at = 0;
            for part in s.split('\t') {
                raw.push((at, at + part.len()));
                at += part.len() + 1;
            }
        }
        Separator::Pipe => {
            let mut at = 0;
            let parts: Vec<&str> = s.split('|').collect();
            let n = parts.len();
            for (i, part) in parts.iter().enumerate() {
                let edge = (i == 0 || i + 1 == n) && part.trim().is_empty();
                if !edge {
                    raw.push((at, at + part.len()));
                }
                at += part.len() + 1;
            }
        }
        Separator::Spaces => {
            let mut cell_start: Option<usize> = None;
            let mut gap_start = 0;
            let mut gap_width = 0;
            for (i, c) in s.char_indices() {
                if c == ' ' || c == '\u{3000}' {
                    if gap_width == 0 {
                        gap_start = i;
                    }
                    gap_width += if c == ' ' { 1 } else { 2 };
                    continue;
                }
                if let Some(cs) = cell_start {
                    if gap_width >= 2 {
                        raw.push((cs, gap_start));
                        cell_start = Some(i);
                    }
                } else {
                    cell_start = Some(i);
                }
                gap_width = 0;
            }
            if let Some(cs) = cell_start {
                let end = if gap_width > 0 { gap_start } else { s.len() };
                raw.push((cs, end));
            }
        }
    }
    raw.into_iter()
        .map(|(a, b)| {
            let part = &s[a..b];
            let lead = part.len() - part.trim_start().len();
            let trail = part.len() - part.trim_end().len();
            let (a, b) = (a + lead, (b - trail).max(a + lead));
            Span::new(line.start + a, line.start + b)
        })
        .collect()
}

/// A line's segments cut into its cells (see [`cell_spans`]). Text between cells (separators,
/// padding) is dropped; an empty segment goes to the cell it falls in or, between cells, to
/// the next one (the last one at the end).
pub fn cells(text: &str, line: &Line) -> Vec<Vec<Segment>> {
    let spans = cell_spans(text, line.span);
    let mut out: Vec<Vec<Segment>> = vec![Vec::new(); spans.len()];
    if spans.is_empty() {
        return out;
    }
    for seg in &line.segments {
        if seg.span.is_empty() {
            let at = seg.span.start;
            let i = spans
                .iter()
                .position(|c| at <= c.end)
                .unwrap_or(spans.len() - 1);
            out[i].push(seg.clone());
            continue;
        }
        for (i, cell) in spans.iter().enumerate() {
            let a = seg.span.start.max(cell.start);
            let b = seg.span.end.min(cell.end);
            if a < b {
                out[i].push(Segment {
                    span: Span::new(a, b),
                    marks: seg.marks.clone(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(finding: usize, role: Role, severity: Severity) -> Mark {
        Mark {
            finding,
            role,
            severity,
        }
    }

    fn texts<'a>(text: &'a str, segs: &[Segment]) -> Vec<&'a str> {
        segs.iter()
            .map(|s| &text[s.span.start..s.span.end])
            .collect()
    }

    #[test]
    fn plain_text_is_one_segment() {
        let segs = segments("收入\t1\n", []);
        assert_eq!(segs.len(), 1);
        assert!(segs[0].is_plain());
        assert_eq!(segments("", []), vec![]);
    }

    #[test]
    fn overlapping_marks_split_and_combine() {
        let text = "abcdefgh";
        let segs = segments(
            text,
            [
                (Span::new(2, 6), mark(0, Role::Primary, Severity::Warning)),
                (Span::new(4, 8), mark(1, Role::Related(0), Severity::Error)),
                (Span::new(4, 6), mark(1, Role::Primary, Severity::Error)),
            ],
        );
        assert_eq!(texts(text, &segs), ["ab", "cd", "ef", "gh"]);
        assert_eq!(segs[1].primary_severity(), Some(Severity::Warning));
        assert_eq!(segs[2].primary_severity(), Some(Severity::Error));
        assert_eq!(segs[2].main_finding(), Some(1));
        assert!(segs[3].is_related());
        assert_eq!(segs[3].primary_severity(), None);
        assert_eq!(segs[3].main_finding(), Some(1));
    }

    #[test]
    fn empty_and_out_of_range_spans_are_points() {
        let text = "合计\t\n";
        let blank = Span::empty(7);
        let segs = segments(
            text,
            [
                (blank, mark(0, Role::Primary, Severity::Error)),
                (Span::new(1, 99), mark(1, Role::Related(0), Severity::Info)),
            ],
        );
        // 1 is inside 合 (bytes 0..3): clamped down to 0; 99 clamped to the end.
        let covered: usize = segs.iter().map(|s| s.span.len()).sum();
        assert_eq!(covered, text.len());
        let point = segs.iter().find(|s| s.span.is_empty()).unwrap();
        assert_eq!(point.span.start, 7);
        assert_eq!(point.primary_severity(), Some(Severity::Error));
    }

    #[test]
    fn point_at_end_of_text_is_kept() {
        let segs = segments(
            "ab",
            [(Span::empty(2), mark(0, Role::Primary, Severity::Info))],
        );
        assert_eq!(segs.last().unwrap().span, Span::empty(2));
        let ls = lines("ab", &segs);
        assert_eq!(ls.len(), 1);
        assert_eq!(ls[0].segments.len(), 2);
    }

    #[test]
    fn lines_split_segments_and_drop_line_breaks() {
        let text = "a\r\nbc\n\nd";
        let segs = segments(
            text,
            [(Span::new(0, 5), mark(0, Role::Primary, Severity::Error))],
        );
        let ls = lines(text, &segs);
        assert_eq!(ls.len(), 4);
        assert_eq!(texts(text, &ls[0].segments), ["a"]);
        assert_eq!(texts(text, &ls[1].segments), ["bc"]);
        assert!(ls[1].segments[0].primary_severity().is_some());
        assert_eq!(ls[1].primary_severity(), Some(Severity::Error));
        assert!(ls[2].segments.is_empty());
        assert_eq!(texts(text, &ls[3].segments), ["d"]);
        assert_eq!(ls[3].primary_severity(), None);
        assert_eq!(ls[3].number, 4);
    }

    #[test]
    fn cells_by_tab_pipe_and_spaces() {
        let t = "科目\t 合计 \t\t12.5";
        assert_eq!(
            cell_spans(t, Span::new(0, t.len()))
                .iter()
                .map(|s| &t[s.start..s.end])
                .collect::<Vec<_>>(),
            ["科目", "合计", "", "12.5"]
        );
        let t = "| 收入 | 1.00 |";
        assert_eq!(
            cell_spans(t, Span::new(0, t.len()))
                .iter()
                .map(|s| &t[s.start..s.end])
                .collect::<Vec<_>>(),
            ["收入", "1.00"]
        );
        let t = "  一般公共服务支出   1 200.00  3.5";
        assert_eq!(
            cell_spans(t, Span::new(0, t.len()))
                .iter()
                .map(|s| &t[s.start..s.end])
                .collect::<Vec<_>>(),
            ["一般公共服务支出", "1 200.00", "3.5"]
        );
        assert!(is_rule_line("|---|:--:|"));
        assert!(!is_rule_line("| 1 | 2 |"));
    }

    #[test]
    fn cells_carry_their_marks() {
        let text = "合计\t105.08\t\n";
        let figure = Span::new(7, 13);
        let segs = segments(
            text,
            [
                (figure, mark(0, Role::Primary, Severity::Error)),
                (Span::empty(14), mark(1, Role::Primary, Severity::Info)),
            ],
        );
        let ls = lines(text, &segs);
        let cs = cells(text, &ls[0]);
        assert_eq!(cs.len(), 3);
        assert_eq!(texts(text, &cs[1]), ["105.08"]);
        assert_eq!(cs[1][0].primary_severity(), Some(Severity::Error));
        assert_eq!(cs[2].len(), 1);
        assert!(cs[2][0].span.is_empty());
    }

    #[test]
    fn report_findings_become_marks() {
        let report = crate::check(include_str!("../tests/fixtures/samples/000.txt"));
        let text = include_str!("../tests/fixtures/samples/000.txt");
        let segs = segments(text, marks(&report.findings));
        let covered: usize = segs.iter().map(|s| s.span.len()).sum();
        assert_eq!(covered, text.len());
        for (i, f) in report.findings.iter().enumerate() {
            if f.location.span.is_empty() {
                continue;
            }
            let seg = segs
                .iter()
                .find(|s| s.span.start == f.location.span.start && !s.span.is_empty())
                .expect("a segment starts at every primary figure");
            assert!(seg
                .marks
                .iter()
                .any(|m| m.finding == i && m.role == Role::Primary));
        }
        let ls = lines(text, &segs);
        assert_eq!(
            ls.len(),
            text.lines().count() + usize::from(text.ends_with('\n'))
        );
    }
}
