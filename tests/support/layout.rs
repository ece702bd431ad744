//! Tab-separated tables re-typeset as `pdftotext -layout` prints them: columns on a character
//! grid (a CJK character is one column) as wide as their figures or names, names and codes
//! left-aligned, figures right-aligned, headings wrapped at their column's width (inside a
//! word, as a PDF breaks them) and centred over their columns both ways (a heading followed by
//! empty cells is centred over the columns it spans).

/// Re-typeset every run of tab-separated lines of `text`; other lines are kept as they are.
pub fn to_layout(text: &str) -> String {
    to_layout_mapped(text).0
}

/// [`to_layout`], and for each line of `text` (0-based) the 1-based line it is printed on
/// (a wrapped heading takes several).
pub fn to_layout_mapped(text: &str) -> (String, Vec<u32>) {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut map: Vec<u32> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        if !lines[i].contains('\t') {
            map.push(out.len() as u32 + 1);
            out.push(lines[i].to_string());
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && lines[i].contains('\t') {
            i += 1;
        }
        for printed in table(&lines[start..i]) {
            // The row's own line: its last (a heading's wrapped pieces come first).
            let base = out.len() as u32;
            map.push(base + printed.len() as u32);
            out.extend(printed);
        }
    }
    (out.join("\n"), map)
}

fn width(s: &str) -> usize {
    s.chars().count()
}

fn is_number(s: &str) -> bool {
    let t = s.trim_start_matches('-').trim_end_matches('%');
    !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        && t.chars().next().is_some_and(|c| c.is_ascii_digit())
}

fn is_code(s: &str) -> bool {
    matches!(s.len(), 3 | 5 | 7) && s.bytes().all(|b| b.is_ascii_digit())
}

/// A cell to print: its column, the header rows it stands across, and its pieces (each with
/// the column it starts at).
type Cell = (usize, usize, Vec<(String, usize)>);

/// The printed lines of each row of a table.
fn table(lines: &[&str]) -> Vec<Vec<String>> {
    let rows: Vec<Vec<&str>> = lines
        .iter()
        .map(|l| l.split('\t').map(str::trim).collect())
        .collect();
    let ncols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let cell = |r: usize, c: usize| rows[r].get(c).copied().unwrap_or("");
    // Header rows: those before the first row with a figure.
    let header = rows
        .iter()
        .position(|r| r.iter().any(|c| is_number(c) && !is_code(c)))
        .unwrap_or(rows.len());
    // A column of figures is right-aligned; names and codes are left-aligned.
    let numeric: Vec<bool> = (0..ncols)
        .map(|c| {
            let cells: Vec<&str> = (header..rows.len())
                .map(|r| cell(r, c))
                .filter(|s| !s.is_empty())
                .collect();
            !cells.is_empty()
                && cells.iter().all(|s| is_number(s))
                && !cells.iter().all(|s| is_code(s))
        })
        .collect();
    // A header cell spans the empty cells after it when header rows below fill them (a group
    // heading over its sub-headings).
    let span = |r: usize, c: usize| -> usize {
        if r + 1 >= header {
            return 1;
        }
        let mut k = c + 1;
        while k < ncols
            && cell(r, k).is_empty()
            && (r + 1..header).any(|rr| !cell(rr, k).is_empty())
        {
            k += 1;
        }
        k - c
    };
    // A column is as wide as its figures or names (4 at least); headings wrap inside it.
    let mut widths = vec![4usize; ncols];
    for row in &rows[header..] {
        for (c, s) in row.iter().enumerate() {
            widths[c] = widths[c].max(width(s));
        }
    }
    const GAP: usize = 3;
    let mut x = vec![0usize; ncols + 1];
    for c in 0..ncols {
        x[c + 1] = x[c] + widths[c] + GAP;
    }
    // A header cell with nothing under it in the header rows below stands across them
    // (a merged cell), centred vertically.
    let vspan = |r: usize, c: usize| -> usize {
        let n = span(r, c);
        let mut rr = r + 1;
        while rr < header && (c..c + n).all(|k| cell(rr, k).is_empty()) {
            rr += 1;
        }
        rr - r
    };
    // Each cell's pieces, each with the column it starts at.
    let pieces = |r: usize, c: usize, s: &str| -> Vec<(String, usize)> {
        let n = span(r, c);
        let (lo, hi) = (x[c], x[c + n] - GAP);
        let at = |w: usize| {
            if r < header {
                lo + (hi - lo).saturating_sub(w) / 2
            } else if numeric[c] {
                hi.saturating_sub(w)
            } else {
                lo
            }
        };
        if r < header {
            let chars: Vec<char> = s.chars().collect();
            chars
                .chunks(hi - lo)
                .map(|p| (p.iter().collect::<String>(), at(p.len())))
                .collect()
        } else {
            vec![(s.to_string(), at(width(s)))]
        }
    };
    let cells: Vec<Vec<Cell>> = rows
        .iter()
        .enumerate()
        .map(|(r, row)| {
            row.iter()
                .enumerate()
                .filter(|(_, s)| !s.is_empty())
                .map(|(c, s)| (c, if r < header { vspan(r, c) } else { 1 }, pieces(r, c, s)))
                .collect()
        })
        .collect();
    // Each row's height: its tallest cell of one row; a cell across rows gets its lines from
    // the last of them.
    let mut heights: Vec<usize> = cells
        .iter()
        .map(|row| {
            row.iter()
                .filter(|(_, v, _)| *v == 1)
                .map(|(_, _, p)| p.len())
                .max()
                .unwrap_or(1)
                .max(1)
        })
        .collect();
    for (r, row) in cells.iter().enumerate() {
        for (_, v, p) in row {
            let room: usize = heights[r..r + v].iter().sum();
            if p.len() > room {
                heights[r + v - 1] += p.len() - room;
            }
        }
    }
    let start: Vec<usize> = heights
        .iter()
        .scan(0, |acc, h| {
            let s = *acc;
            *acc += h;
            Some(s)
        })
        .collect();
    let total: usize = heights.iter().sum();
    // Every piece on its line, then each line's pieces left to right.
    let mut placed: Vec<Vec<(usize, &str)>> = vec![Vec::new(); total];
    for (r, row) in cells.iter().enumerate() {
        for (_, v, p) in row {
            let room: usize = heights[r..r + v].iter().sum();
            let top = start[r] + (room - p.len()) / 2;
            for (k, (text, at)) in p.iter().enumerate() {
                placed[top + k].push((*at, text));
            }
        }
    }
    let mut lines: Vec<Vec<char>> = vec![Vec::new(); total];
    for (line, mut pieces) in lines.iter_mut().zip(placed) {
        pieces.sort_by_key(|(at, _)| *at);
        for (at, text) in pieces {
            // Never glue onto the previous cell.
            let at = if line.is_empty() {
                at
            } else {
                at.max(line.len() + 1)
            };
            line.resize(at, ' ');
            line.extend(text.chars());
        }
    }
    let mut lines = lines
        .into_iter()
        .map(|l| l.into_iter().collect::<String>().trim_end().to_string());
    heights
        .iter()
        .map(|&h| lines.by_ref().take(h).collect())
        .collect()
}
