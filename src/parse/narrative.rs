//! The narrative (情况说明): numbered sections and the figures quoted in sentences.
//!
//! Two passes over the lines that are neither table nor page furniture:
//!
//! 1. **Lines.** Numbered headings (`第三部分`, `一、`, `（一）`, `1、`) open sections; the block
//!    after a `目录` line is the table of contents, whose entries become `in_toc` sections and
//!    whose text is otherwise ignored. Every other line is appended to a *clean stream*: lines
//!    joined without inserting anything, spaces touching CJK text deleted, full-width digits,
//!    `．` and `％` folded, markdown `**` dropped, each character keeping its byte offset in the
//!    original input. A heading is fenced off from the text around it by a boundary mark.
//! 2. **Figures.** One forward scan of the stream finds every number followed by a unit
//!    (`万元`, `%`, `辆`, …) and binds it to the words before it in its clause (`subject`),
//!    its sentence and the section in force at that point. Numbers split by a line break
//!    (`9,096.11 万` / `元`, `4,321` / `.09万元`) and letter-spaced justified text read as if
//!    they had been printed on one line.
//!
//! Both passes are linear in the input. Locations are computed with a forward cursor, not by
//! re-counting columns from the start of the line for every figure.

use super::lines::{BuildFx, Line};
use super::Ctx;
use crate::model::{CompactString, Figure, FigureKind, Section};
use crate::number::parse_number;
use crate::source::{Location, Span};
use crate::text::{
    chinese_numeral, fold_for_match, fold_for_match_into, is_cjk, is_cn_digit, is_han, is_space,
};
use std::collections::HashSet;

/// A level-3 heading (`1、…`) is at most this many characters, number included.
const LEVEL3_MAX_CHARS: usize = 40;
/// A line absorbed into a heading whose number stands alone is at most this long.
const ABSORB_MAX_CHARS: usize = 40;
/// A line of the 目录 longer than this (without dot leaders) reads as prose.
const TOC_PROSE_CHARS: usize = 60;
/// At most this many characters of a figure's clause are kept as its subject.
const SUBJECT_MAX_CHARS: usize = 120;
/// At most this many characters on each side of a figure are kept of its sentence.
const SENTENCE_SIDE_CHARS: usize = 200;
/// Beyond this many figures the input is not a disclosure; stop collecting.
const MAX_FIGURES: usize = 100_000;
/// A unit further than this (in bytes of the original) from its number is not part of the
/// figure's location.
const UNIT_GAP_BYTES: usize = 256;
/// Marks a heading boundary in the stream (never part of a line's text).
const BOUNDARY: char = '\n';

/// Units recognised after a number, longest first where one is a prefix of another.
/// The second element is the unit as reported.
const UNITS: &[(&str, &str, FigureKind)] = &[
    ("亿元", "亿元", FigureKind::Amount),
    ("万元", "万元", FigureKind::Amount),
    ("元", "元", FigureKind::Amount),
    ("%", "%", FigureKind::Percent),
    ("人次", "人次", FigureKind::Count),
    ("台（套）", "台（套）", FigureKind::Count),
    ("台(套)", "台（套）", FigureKind::Count),
    ("台", "台", FigureKind::Count),
    ("套", "套", FigureKind::Count),
    ("批次", "批次", FigureKind::Count),
    ("次", "次", FigureKind::Count),
    ("个", "个", FigureKind::Count),
    ("人", "人", FigureKind::Count),
    ("辆", "辆", FigureKind::Count),
    ("家", "家", FigureKind::Count),
    ("项", "项", FigureKind::Count),
    ("条", "条", FigureKind::Count),
    ("户", "户", FigureKind::Count),
];

/// Words that start with a unit character but are not a unit (`1个百分点`, `元旦`).
const NOT_UNITS: &[&str] = &["个百分点", "人民", "元旦", "次年", "次日"];

/// Read sections and figures from every line for which `skip` is false.
pub(crate) fn read(ctx: &Ctx<'_>, skip: &dyn Fn(usize) -> bool) -> (Vec<Section>, Vec<Figure>) {
    let (sections, stream, marks) = read_lines(ctx, skip);
    let figures = read_figures(ctx, &stream, &marks);
    (sections, figures)
}

// ---------------------------------------------------------------------------------------------
// Headings
// ---------------------------------------------------------------------------------------------

/// A numbered heading recognised at the start of a line.
#[derive(Debug)]
struct Heading {
    level: u8,
    /// The numbering as printed ("第三部分", "五", "（三）", "1").
    number: CompactString,
    /// Number and title text, whitespace and markdown removed.
    title: String,
    /// Byte range of the heading text within the line's text.
    start: usize,
    end: usize,
    /// Nothing follows the number (the title is on the next line, if anywhere).
    empty: bool,
    /// Short enough and without clause punctuation: may be a level-3 heading.
    short: bool,
    /// The line reads as a sentence (ends a 目录).
    prose: bool,
    /// The title runs to the end of the line (nothing was cut off).
    whole: bool,
}

/// Byte length of the leading Chinese numeral (at most 3 characters) of `s`.
fn cn_prefix(s: &str) -> usize {
    let mut len = 0;
    for (n, c) in s.chars().enumerate() {
        if n >= 4 || !is_cn_digit(c) {
            break;
        }
        len += c.len_utf8();
    }
    len
}

fn is_any_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// The numbering at the start of `t`: its level and byte length (separator included), and the
/// numbering as reported.
fn numbering(t: &str) -> Option<(u8, usize, &str)> {
    // 第三部分
    if let Some(rest) = t.strip_prefix('第') {
        let k = cn_prefix(rest);
        if k > 0 && chinese_numeral(&rest[..k]).is_some() && rest[k..].starts_with("部分") {
            let len = '第'.len_utf8() + k + "部分".len();
            return Some((0, len, &t[..len]));
        }
        return None;
    }
    // （一） / (一)
    if let Some(rest) = t.strip_prefix('（').or_else(|| t.strip_prefix('(')) {
        let open = t.len() - rest.len();
        let k = cn_prefix(rest);
        if k == 0 || chinese_numeral(&rest[..k]).is_none() {
            return None;
        }
        let close = rest[k..].chars().next()?;
        if close == '）' || close == ')' {
            let len = open + k + close.len_utf8();
            return Some((2, len, &t[..len]));
        }
        return None;
    }
    // 一、
    let k = cn_prefix(t);
    if k > 0 {
        if chinese_numeral(&t[..k]).is_some() && t[k..].starts_with('、') {
            return Some((1, k + '、'.len_utf8(), &t[..k]));
        }
        return None;
    }
    // 1、 1. 1．
    let mut digits = 0;
    let mut k = 0;
    for c in t.chars() {
        if !is_any_digit(c) {
            break;
        }
        digits += 1;
        k += c.len_utf8();
        if digits > 2 {
            return None;
        }
    }
    if digits == 0 {
        return None;
    }
    let mut it = t[k..].chars();
    let sep = it.next()?;
    if !matches!(sep, '、' | '.' | '．') {
        return None;
    }
    if it.next().is_some_and(is_any_digit) {
        return None;
    }
    Some((3, k + sep.len_utf8(), &t[..k]))
}

/// Byte offset of `sub` (a subslice) within `s`.
fn offset_in(s: &str, sub: &str) -> usize {
    (sub.as_ptr() as usize)
        .saturating_sub(s.as_ptr() as usize)
        .min(s.len())
}

/// Start of a run of dot leaders (`……`, `......`, `···`), if any.
fn find_leader(s: &str) -> Option<usize> {
    let mut run_start = None;
    let mut dots = 0;
    let mut ellipses = 0;
    for (i, c) in s.char_indices() {
        match c {
            '.' | '．' | '·' | '・' | '•' => dots += 1,
            '…' | '⋯' => ellipses += 1,
            _ => {
                run_start = None;
                dots = 0;
                ellipses = 0;
                continue;
            }
        }
        let start = *run_start.get_or_insert(i);
        if dots >= 3 || ellipses >= 2 {
            return Some(start);
        }
    }
    None
}

/// True if `rest` (the text after a heading number) continues, after a tab or a wide gap, with
/// another numbered label of the same level or an amount: a table row, not a heading.
#[cfg(test)]
fn has_second_column(rest: &str, level: u8) -> bool {
    let mut run = 0;
    let mut tab = false;
    for (i, c) in rest.char_indices() {
        if is_space(c) {
            run += 1;
            tab |= c == '\t';
            continue;
        }
        if run >= 3 || tab {
            let after = &rest[i..];
            if numbering(after).is_some_and(|(l, _, _)| l == level) {
                return true;
            }
            let token: String = after.chars().take_while(|c| !is_space(*c)).collect();
            if token.contains('.') && parse_number(&token).is_some() {
                return true;
            }
        }
        run = 0;
        tab = false;
    }
    false
}

/// Whitespace, `*` and `#` removed.
fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    out.extend(
        s.chars()
            .filter(|c| !is_space(*c) && !matches!(c, '*' | '#')),
    );
    out
}

fn has_clause_punct(s: &str) -> bool {
    s.contains(['，', ',', '；', ';', '。'])
}

/// What one scan of the text after a heading number finds (the heading tests below used to
/// rescan the line once each).
struct RestScan {
    /// `rest` continues, after a tab or a wide gap, with another numbered label of the same
    /// level or an amount: a table row, not a heading.
    second_column: bool,
    /// First `**`.
    star: Option<usize>,
    /// First dot leader ([`find_leader`]).
    leader: Option<usize>,
    /// First `。`, `：` or `:`.
    stop: Option<usize>,
    /// First `，`, `；` or `;`.
    clause: Option<usize>,
    /// [`has_clause_punct`].
    punct: bool,
    /// Characters other than whitespace.
    nonspace: usize,
}

fn scan_rest(rest: &str, level: u8) -> RestScan {
    let mut s = RestScan {
        second_column: false,
        star: None,
        leader: None,
        stop: None,
        clause: None,
        punct: false,
        nonspace: 0,
    };
    // The whitespace run before this character.
    let mut run = 0;
    let mut tab = false;
    // `find_leader`: the current run of dots.
    let mut run_start = None;
    let mut dots = 0;
    let mut ellipses = 0;
    let mut prev_star = false;
    let mut next = 0;
    while next < rest.len() {
        let i = next;
        // Most characters are Chinese: none of the marks looked for below, and not whitespace.
        // Those of U+5000‥U+9FFF are known by their lead byte, without decoding them (the
        // character itself is not needed for a Han character).
        let (c, han) = if is_han_lead(rest.as_bytes()[i]) {
            next = i + 3;
            ('\u{5000}', true)
        } else {
            let c = rest[i..].chars().next().unwrap_or('\0');
            next = i + c.len_utf8();
            (c, is_han(c))
        };
        if !han && is_space(c) {
            run += 1;
            tab |= c == '\t';
            run_start = None;
            dots = 0;
            ellipses = 0;
            prev_star = false;
            continue;
        }
        s.nonspace += 1;
        if level > 0 && (run >= 3 || tab) {
            let after = &rest[i..];
            if numbering(after).is_some_and(|(l, _, _)| l == level) {
                s.second_column = true;
                return s;
            }
            let token = &after[..after.find(is_space).unwrap_or(after.len())];
            if token.contains('.') && parse_number(token).is_some() {
                s.second_column = true;
                return s;
            }
        }
        run = 0;
        tab = false;
        if han {
            run_start = None;
            dots = 0;
            ellipses = 0;
            prev_star = false;
            // The Han characters right after this one change nothing but the count: no
            // whitespace run precedes them and the marks' state is already reset.
            while next < rest.len() && is_han_lead(rest.as_bytes()[next]) {
                next += 3;
                s.nonspace += 1;
            }
            continue;
        }
        if c == '*' {
            if prev_star && s.star.is_none() {
                s.star = Some(i - 1);
            }
            prev_star = true;
        } else {
            prev_star = false;
        }
        if s.leader.is_none() {
            let dot = match c {
                '.' | '．' | '·' | '・' | '•' => {
                    dots += 1;
                    true
                }
                '…' | '⋯' => {
                    ellipses += 1;
                    true
                }
                _ => false,
            };
            if dot {
                let start = *run_start.get_or_insert(i);
                if dots >= 3 || ellipses >= 2 {
                    s.leader = Some(start);
                }
            } else {
                run_start = None;
                dots = 0;
                ellipses = 0;
            }
        }
        match c {
            '。' | '：' | ':' => {
                s.stop.get_or_insert(i);
            }
            '，' | '；' | ';' => {
                s.clause.get_or_insert(i);
            }
            _ => {}
        }
        s.punct |= matches!(c, '，' | ',' | '；' | ';' | '。');
    }
    s
}

/// Append `s` without whitespace, `*` and `#` (what [`clean`] keeps).
fn push_clean(out: &mut String, s: &str) {
    // What is dropped is ASCII or whitespace; whitespace that is not ASCII starts with one of
    // the lead bytes 0xC2, 0xE1, 0xE2 and 0xE3 (see `squash_into`): other characters are
    // stepped over without decoding them.
    let bytes = s.as_bytes();
    let (mut i, mut run) = (0, 0);
    while i < bytes.len() {
        let b = bytes[i];
        let width = match b {
            b'*' | b'#' => 1,
            0..=0x7F if is_space(char::from(b)) => 1,
            0xC2 | 0xE1 | 0xE2 | 0xE3 => match s[i..].chars().next() {
                Some(c) if is_space(c) => c.len_utf8(),
                _ => 0,
            },
            _ => 0,
        };
        if width == 0 {
            // Past this character: its length follows from its lead byte.
            i += crate::text::utf8_width(b);
            continue;
        }
        out.push_str(&s[run..i]);
        i += width;
        run = i;
    }
    out.push_str(&s[run..]);
}

/// A lead byte of U+5000‥U+9FFF: every such character is Han.
fn is_han_lead(b: u8) -> bool {
    (0xE5..=0xE9).contains(&b)
}

/// The numbered heading at the start of `text` (a line's text), whose markdown-stripped form
/// (`strip_markdown(text)`) is `t`.
fn parse_heading_md(text: &str, t: &str) -> Option<Heading> {
    let base = offset_in(text, t);
    let (level, nlen, number) = numbering(t)?;
    let rest = &t[nlen..];
    // One scan of `rest`; every "first X in rest[..end]" below is the first X in `rest` if it
    // is before `end` (a dot leader cannot straddle the `**` that ends the search).
    let scan = scan_rest(rest, level);
    if scan.second_column {
        return None;
    }
    let mut end = scan.star.unwrap_or(rest.len());
    let leader = scan.leader.filter(|&p| p < end);
    if let Some(p) = leader {
        end = p;
    }
    if let Some(p) = scan.stop.filter(|&p| p < end) {
        end = p;
    }
    // A long numbered paragraph (a list item): its first clause names it.
    if rest[..end].chars().count() > LEVEL3_MAX_CHARS {
        if let Some(p) = scan.clause.filter(|&p| p < end) {
            end = p;
        }
    }
    let whole = end == rest.len();
    let mut body = rest[..end].trim_end_matches(is_space);
    // A page number after dot leaders or a wide gap (目录 entries).
    let without_digits = body.trim_end_matches(|c: char| c.is_ascii_digit());
    if without_digits.len() < body.len() {
        let gap = without_digits.len() - without_digits.trim_end_matches(is_space).len();
        if leader.is_some() || gap >= 2 || without_digits.ends_with('\t') {
            body = without_digits.trim_end_matches(is_space);
        }
    }
    body =
        body.trim_end_matches(|c: char| is_space(c) || matches!(c, '：' | ':' | '*' | '#' | '、'));
    let number_text = number_text(t, nlen);
    let mut title = String::with_capacity(number_text.len() + body.len());
    push_clean(&mut title, number_text);
    let number_len = title.len();
    push_clean(&mut title, body);
    let empty = title.len() == number_len;
    let chars = title.chars().count();
    let after_number = rest.trim_start_matches(is_space);
    let first_ok = after_number
        .chars()
        .next()
        .is_some_and(|c| is_han(c) || matches!(c, '（' | '(' | '“' | '"' | '《' | '【'));
    // The numbering holds neither whitespace nor clause punctuation: `t` has them where `rest`
    // has.
    let short = chars <= LEVEL3_MAX_CHARS && !scan.punct && !t.ends_with('。') && first_ok;
    let prose = scan.punct
        || (leader.is_none() && number_text.chars().count() + scan.nonspace > TOC_PROSE_CHARS);
    Some(Heading {
        level,
        number: CompactString::from(number),
        title,
        start: base,
        end: base + nlen + body.len(),
        empty,
        short,
        prose,
        whole,
    })
}

/// The numbering including its separator (`一、`, `（一）`), for the title.
fn number_text(t: &str, nlen: usize) -> &str {
    &t[..nlen]
}

/// A line that says `目录`.
fn is_toc_marker(md: &str) -> bool {
    md.len() <= 40 && md.chars().filter(|c| !is_space(*c)).eq(['目', '录'])
}

/// A non-heading line that reads as prose.
fn is_prose(md: &str) -> bool {
    has_clause_punct(md)
        || (find_leader(md).is_none()
            && md.chars().filter(|c| !is_space(*c)).count() > TOC_PROSE_CHARS)
}

/// A short unnumbered line that completes a heading whose number stands alone
/// (`**第一部分**` / `**单位概况**`).
fn absorbable(md: &str) -> Option<String> {
    if md.is_empty() || numbering(md).is_some() || is_toc_marker(md) {
        return None;
    }
    let body = md.strip_suffix('。').unwrap_or(md);
    if body.contains(['，', ',', '；', ';', '。', '：', ':']) {
        return None;
    }
    let c = clean(body);
    if c.is_empty() || c.chars().count() > ABSORB_MAX_CHARS || !c.chars().any(is_han) {
        return None;
    }
    Some(c)
}

fn indent(line: &Line<'_>) -> usize {
    line.text.chars().take_while(|c| is_space(*c)).count()
}

/// Numbers of the sections on the path to a new heading of `level`, joined (for recognising
/// a 目录 entry repeated by the body).
fn path_key(sections: &[Section], stack: &[usize], number: &str, level: u8) -> String {
    let mut key = String::with_capacity(32);
    for &s in stack.iter().take_while(|&&s| sections[s].level < level) {
        fold_for_match_into(&mut key, &sections[s].number);
        key.push('/');
    }
    fold_for_match_into(&mut key, number);
    key
}

/// Open a section: close deeper or equal ones on `stack`, push the new one.
fn open(
    sections: &mut Vec<Section>,
    stack: &mut Vec<usize>,
    h: Heading,
    in_toc: bool,
    location: Location,
) -> usize {
    while let Some(&top) = stack.last() {
        if sections[top].level >= h.level {
            stack.pop();
        } else {
            break;
        }
    }
    let idx = sections.len();
    sections.push(Section {
        title: h.title,
        number: h.number,
        level: h.level,
        parent: stack.last().copied(),
        in_toc,
        location,
    });
    stack.push(idx);
    idx
}

#[derive(Default)]
struct Toc {
    stack: Vec<usize>,
    keys: HashSet<String, BuildFx>,
    titles: HashSet<String, BuildFx>,
}

// ---------------------------------------------------------------------------------------------
// The clean stream
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum Pending {
    None,
    /// Whitespace inside a line, starting at this byte offset.
    Space(usize),
    /// A line break (possibly with indentation around it).
    Break,
}

/// The narrative as one string of characters, each with its byte offset in the input.
struct Stream {
    chars: Vec<char>,
    offs: Vec<usize>,
    pending: Pending,
    prev_lone_number: bool,
}

/// Fold full-width digits and number punctuation; other characters unchanged. `，` is kept
/// (it is a clause separator; the number scanner accepts it as a thousands separator).
fn fold(c: char) -> char {
    match c {
        '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
        '．' => '.',
        '％' | '﹪' => '%',
        '－' | '−' => '-',
        _ => c,
    }
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}'
    )
}

/// A line holding nothing but a short number (a stray page number).
fn is_lone_number(text: &str) -> bool {
    let mut n = 0;
    for c in text.chars() {
        if is_space(c) {
            continue;
        }
        if !(is_any_digit(c) || matches!(c, ',' | '.')) {
            return false;
        }
        n += 1;
        if n > 6 {
            return false;
        }
    }
    n > 0
}

impl Stream {
    fn new() -> Self {
        Stream {
            chars: Vec::new(),
            offs: Vec::new(),
            pending: Pending::None,
            prev_lone_number: false,
        }
    }

    fn push(&mut self, c: char, off: usize) {
        self.chars.push(c);
        self.offs.push(off);
    }

    /// A hard boundary (heading start or end): no clause, sentence or number crosses it.
    fn boundary(&mut self, off: usize) {
        if self.chars.last() != Some(&BOUNDARY) {
            self.push(BOUNDARY, off);
        }
        self.pending = Pending::None;
        self.prev_lone_number = false;
    }

    /// Decide what the whitespace before `c` (at byte `off`) becomes.
    fn resolve(&mut self, c: char, off: usize, lone: bool) {
        let pending = std::mem::replace(&mut self.pending, Pending::None);
        let Some(&prev) = self.chars.last() else {
            return;
        };
        if prev == BOUNDARY {
            return;
        }
        match pending {
            Pending::None => {}
            Pending::Space(at) => {
                if !is_cjk(prev) && !is_cjk(c) && c != '%' {
                    self.push(' ', at);
                }
            }
            Pending::Break => {
                // Lines are joined as they are; only a stray number line stays apart.
                if prev.is_ascii_digit() && c.is_ascii_digit() && (self.prev_lone_number || lone) {
                    self.push(' ', off);
                }
            }
        }
    }

    /// Append the text of `line` from byte `from` on.
    fn push_line(&mut self, line: &Line<'_>, from: usize) {
        let text = line.text.get(from..).unwrap_or("");
        let lone = is_lone_number(text);
        let mut star_run = false;
        for (k, c) in text.char_indices() {
            let off = line.start + from + k;
            if is_han(c) {
                // Not a mark, not whitespace, folds to itself and is CJK: whatever whitespace
                // came before it is dropped (what `resolve` does for it).
                star_run = false;
                self.pending = Pending::None;
                self.push(c, off);
                continue;
            }
            if c == '*' {
                // `*` is one byte: the next character is `*` when the next byte is.
                let next_star = text.as_bytes().get(k + 1) == Some(&b'*');
                if star_run || next_star {
                    star_run = true;
                    continue;
                }
            }
            star_run = false;
            if is_space(c) {
                if self.pending == Pending::None {
                    self.pending = Pending::Space(off);
                }
                continue;
            }
            if is_invisible(c) {
                continue;
            }
            let f = fold(c);
            self.resolve(f, off, lone);
            self.push(f, off);
        }
        self.pending = Pending::Break;
        self.prev_lone_number = lone;
    }
}

// ---------------------------------------------------------------------------------------------
// Pass 1: lines → sections and stream
// ---------------------------------------------------------------------------------------------

/// Computes locations for offsets visited in increasing order without re-counting each line.
struct Locator<'a> {
    ctx: &'a Ctx<'a>,
    off: usize,
    line: u32,
    column: u32,
}

impl<'a> Locator<'a> {
    fn new(ctx: &'a Ctx<'a>) -> Self {
        Locator {
            ctx,
            off: 0,
            line: 1,
            column: 1,
        }
    }

    fn locate(&mut self, span: Span) -> Location {
        let input = self.ctx.input;
        let ok = span.start >= self.off
            && span.start <= span.end
            && span.end <= input.len()
            && input.is_char_boundary(span.start)
            && input.is_char_boundary(span.end);
        if !ok {
            return self.ctx.loc(span);
        }
        // `self.line` (1-based) is the 0-based index of the next line.
        let index = &self.ctx.index;
        let next = self.line as usize;
        if next < index.line_count() && span.start >= index.line_start(next) {
            let p = index.position(input, span.start);
            self.line = p.line;
            self.column = p.column;
        } else {
            self.column += input[self.off..span.start].chars().count() as u32;
        }
        self.off = span.start;
        Location {
            span,
            line: self.line,
            column: self.column,
        }
    }
}

type Marks = Vec<(usize, usize)>;

/// Headings of lines looked at before the line loop reaches them, so that no line is parsed
/// twice.
struct Ahead(Vec<(usize, Option<Heading>)>);

impl Ahead {
    /// `parse_heading_md(lines[j].text, lines[j].md()).is_some()`, remembered for when the loop reaches `j`.
    fn is_heading(&mut self, lines: &[Line<'_>], j: usize) -> bool {
        if let Some((_, h)) = self.0.iter().find(|(k, _)| *k == j) {
            return h.is_some();
        }
        let h = parse_heading_md(lines[j].text, lines[j].md());
        let some = h.is_some();
        self.0.push((j, h));
        some
    }

    /// The heading of line `i` (`text`, markdown-stripped `md`); forgets lines before it.
    fn take(&mut self, i: usize, text: &str, md: &str) -> Option<Heading> {
        let found = self.0.iter().position(|(k, _)| *k == i);
        let h = match found {
            Some(p) => self.0.swap_remove(p).1,
            None => parse_heading_md(text, md),
        };
        self.0.retain(|(k, _)| *k > i);
        h
    }
}

fn read_lines(ctx: &Ctx<'_>, skip: &dyn Fn(usize) -> bool) -> (Vec<Section>, Stream, Marks) {
    let lines = &ctx.lines;
    let n = lines.len();
    let ignored = |i: usize| lines[i].furniture || skip(i);
    let is_table = |i: usize| !lines[i].furniture && skip(i);
    let mut loc = Locator::new(ctx);
    let mut sections: Vec<Section> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    let mut stream = Stream::new();
    // Room for the stream: at most one character per byte of the lines it is read from (one
    // per two is a fair guess for Chinese text; the vectors grow if it is not enough).
    let bytes: usize = (0..n)
        .filter(|&i| !ignored(i))
        .map(|i| lines[i].text.len())
        .sum();
    stream.chars.reserve(bytes / 2);
    stream.offs.reserve(bytes / 2);
    // (stream index, section): the section in force from that index on.
    let mut marks: Marks = Vec::new();
    let mut toc: Option<Toc> = None;
    let mut ahead = Ahead(Vec::new());
    let mut i = 0;
    while i < n {
        if ignored(i) {
            if is_table(i) {
                toc = None;
            }
            i += 1;
            continue;
        }
        let line = &lines[i];
        if line.is_blank() {
            i += 1;
            continue;
        }
        let md = line.md();
        if is_toc_marker(md) {
            toc = Some(Toc::default());
            i += 1;
            continue;
        }
        let heading = ahead.take(i, line.text, md);
        if let Some(t) = toc.as_mut() {
            // The entry's keys, computed once for the test and the insertion.
            let mut entry = None;
            let ends = match &heading {
                None => is_prose(md),
                Some(h) => {
                    h.prose || {
                        let key = path_key(&sections, &t.stack, &h.number, h.level);
                        let title = fold_for_match(&h.title);
                        let seen = t.keys.contains(&key) || t.titles.contains(&title);
                        entry = Some((key, title));
                        seen
                    }
                }
            };
            if !ends {
                // Not ending with a heading: it is not prose, so its keys were computed.
                if let (Some(h), Some((key, title))) = (heading, entry) {
                    t.keys.insert(key);
                    t.titles.insert(title);
                    let span = Span::new(line.start + h.start, line.start + h.end);
                    let location = loc.locate(span);
                    open(&mut sections, &mut t.stack, h, true, location);
                }
                i += 1;
                continue;
            }
            toc = None;
        }
        if let Some(mut h) = heading {
            // Complete a number standing alone with the short line(s) after it.
            let mut last = i;
            if h.empty {
                let max = if h.level == 0 { 4 } else { 1 };
                let mut taken = 0;
                let mut j = i + 1;
                while j < n && taken < max {
                    if ignored(j) {
                        if is_table(j) {
                            break;
                        }
                        j += 1;
                        continue;
                    }
                    if lines[j].is_blank() {
                        if taken > 0 {
                            break;
                        }
                        j += 1;
                        continue;
                    }
                    let Some(extra) = absorbable(lines[j].md()) else {
                        break;
                    };
                    h.title.push_str(&extra);
                    taken += 1;
                    last = j;
                    j += 1;
                }
            }
            // A line that wraps into a less indented one is the start of a paragraph.
            let mut next = last + 1;
            while next < n && (ignored(next) || lines[next].is_blank()) {
                next += 1;
            }
            let mut wrapped = next < n
                && !lines[last]
                    .trimmed()
                    .ends_with(['。', '：', ':', '；', ';'])
                && indent(&lines[next]) < indent(&lines[last])
                && !ahead.is_heading(lines, next);
            if wrapped && h.level < 3 && !h.prose && h.whole {
                // A heading wrapped onto a short line, after which a paragraph starts:
                // `九、一般公共预算“三公”经费…支出预算情` / `况说明` / `    无锡市…`.
                let mut after = next + 1;
                while after < n && (ignored(after) || lines[after].is_blank()) {
                    after += 1;
                }
                let paragraph_follows = after >= n
                    || indent(&lines[after]) > indent(&lines[next])
                    || ahead.is_heading(lines, after);
                if paragraph_follows && !lines[next].trimmed().ends_with('。') {
                    if let Some(extra) = absorbable(lines[next].md()) {
                        h.title.push_str(&extra);
                        last = next;
                        wrapped = false;
                    }
                }
            }
            if h.level < 3 || (h.short && !wrapped) {
                let span = Span::new(line.start + h.start, line.start + h.end);
                let location = loc.locate(span);
                let from = h.start;
                stream.boundary(line.start + from);
                let idx = open(&mut sections, &mut stack, h, false, location);
                marks.push((stream.chars.len(), idx));
                stream.push_line(line, from);
                for j in i + 1..=last {
                    if !ignored(j) && !lines[j].is_blank() {
                        let from = offset_in(lines[j].text, lines[j].md());
                        stream.push_line(&lines[j], from);
                    }
                }
                if !wrapped {
                    stream.boundary(lines[last].end());
                }
                i = last + 1;
                continue;
            }
        }
        stream.push_line(line, offset_in(line.text, md));
        i += 1;
    }
    (sections, stream, marks)
}

// ---------------------------------------------------------------------------------------------
// Pass 2: stream → figures
// ---------------------------------------------------------------------------------------------

/// A number token found in the stream.
struct Token {
    /// Stream index of the first character (the minus sign, if any).
    start: usize,
    /// Stream index just past the number.
    end: usize,
    /// The number is a figure candidate (not part of a code, a dotted date, a range…).
    eligible: bool,
}

fn scan_number(ch: &[char], i: usize) -> Token {
    let len = ch.len();
    let digit = |k: usize| k < len && ch[k].is_ascii_digit();
    let mut j = i;
    while digit(j) {
        j += 1;
    }
    if j - i <= 3 {
        while j < len
            && matches!(ch[j], ',' | '，')
            && digit(j + 1)
            && digit(j + 2)
            && digit(j + 3)
            && !digit(j + 4)
        {
            j += 4;
        }
    }
    if j + 1 < len && ch[j] == '.' && digit(j + 1) {
        j += 1;
        while digit(j) {
            j += 1;
        }
    }
    let mut eligible = true;
    // 2022.12.31, 1.2.3, A1, 3G: not figures; swallow the rest of the token.
    if j + 1 < len && ch[j] == '.' && digit(j + 1) {
        eligible = false;
        while j < len && (ch[j].is_ascii_digit() || ch[j] == '.') {
            j += 1;
        }
    }
    if j < len && (ch[j].is_ascii_alphabetic() || ch[j] == '_') {
        eligible = false;
        while j < len && (ch[j].is_ascii_alphanumeric() || ch[j] == '_') {
            j += 1;
        }
    }
    let mut start = i;
    if i > 0 {
        let prev = ch[i - 1];
        let before = if i > 1 { Some(ch[i - 2]) } else { None };
        if prev.is_ascii_alphabetic() || matches!(prev, '.' | '_' | '第') {
            eligible = false;
        } else if matches!(prev, '-' | '~' | '～' | '—' | '–' | '至' | '到')
            && before.is_some_and(|b| b.is_ascii_digit())
        {
            // The upper end of a range (1-3个, 3至5次).
            eligible = false;
        } else if prev == '-' && !before.is_some_and(|b| b.is_ascii_alphanumeric()) {
            start = i - 1;
        }
    }
    Token {
        start,
        end: j,
        eligible,
    }
}

/// The unit at stream index `j`: (index past it, unit as reported, kind).
fn match_unit(ch: &[char], j: usize) -> Option<(usize, &'static str, FigureKind)> {
    let rest = ch.get(j..)?;
    let starts_with = |w: &str| {
        let mut k = 0;
        for c in w.chars() {
            if rest.get(k) != Some(&c) {
                return false;
            }
            k += 1;
        }
        true
    };
    if NOT_UNITS.iter().any(|w| starts_with(w)) {
        return None;
    }
    UNITS
        .iter()
        .find(|(printed, _, _)| starts_with(printed))
        .map(|(printed, unit, kind)| (j + printed.chars().count(), *unit, *kind))
}

/// A `（` at `i` closed within three characters (`（含）`).
fn short_parenthesis(ch: &[char], i: usize) -> bool {
    ch.iter()
        .skip(i + 1)
        .take(4)
        .any(|c| matches!(c, '）' | ')'))
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | BOUNDARY)
}

/// Remove list ordinals at the start of a subject (`（一）`, `1、`, `（1）`, `①`).
fn strip_ordinals(mut s: &str) -> &str {
    for _ in 0..3 {
        let before = s.len();
        if let Some((_, len, _)) = numbering(s) {
            s = &s[len..];
        } else if let Some(rest) = s.strip_prefix('（').or_else(|| s.strip_prefix('(')) {
            let digits = rest.chars().take_while(|c| c.is_ascii_digit()).count();
            if (1..=2).contains(&digits) {
                if let Some(r) = rest[digits..]
                    .strip_prefix('）')
                    .or_else(|| rest[digits..].strip_prefix(')'))
                {
                    s = r;
                }
            }
        } else if let Some(c) = s.chars().next() {
            if ('①'..='⑳').contains(&c) {
                s = &s[c.len_utf8()..];
            }
        }
        s = s.trim_start_matches(['、', '.', '，', ',', '：', ':']);
        if s.len() == before {
            break;
        }
    }
    s
}

/// Append the text of stream characters `from..to`, spaces and boundaries dropped.
fn push_text_of(out: &mut String, ch: &[char], from: usize, to: usize) {
    for &c in &ch[from..to] {
        if c != ' ' && c != BOUNDARY {
            out.push(c);
        }
    }
}

fn read_figures(ctx: &Ctx<'_>, stream: &Stream, marks: &Marks) -> Vec<Figure> {
    let input = ctx.input;
    let ch = &stream.chars;
    let offs = &stream.offs;
    let len = ch.len();
    let char_end = |k: usize| {
        let o = offs[k];
        o + input
            .get(o..)
            .and_then(|s| s.chars().next())
            .map_or(0, char::len_utf8)
    };
    let mut loc = Locator::new(ctx);
    let mut figures: Vec<Figure> = Vec::new();
    let mut clause = 0;
    let mut sentence = 0;
    // Index of the next sentence end at or after the current position (or `len`).
    let mut sentence_end = 0;
    let mut mark = 0;
    let mut section = None;
    let mut last_figure_end = usize::MAX;
    // The range of the last figure's sentence: figures of one sentence share its text.
    let mut last_sentence: Option<(usize, usize)> = None;
    // The number token as text, for `parse_number` (one buffer for every token).
    let mut raw = String::new();
    // A figure's clause text, before its ordinals are cut off (one buffer for every figure).
    let mut text_buf = String::new();
    let mut i = 0;
    while i < len && figures.len() < MAX_FIGURES {
        let c = ch[i];
        if is_han(c) {
            // Most characters: neither a digit nor a mark looked for below.
            i += 1;
            continue;
        }
        if !c.is_ascii_digit() {
            match c {
                _ if is_sentence_end(c) => {
                    clause = i + 1;
                    sentence = i + 1;
                }
                '，' | ',' | '；' | ';' | '：' | ':' => clause = i + 1,
                '、' if last_figure_end == i => clause = i + 1,
                // `196万元（去年预算数为0万元…）` but not `100万元（含）以上的设备`.
                '（' | '(' if last_figure_end == i && !short_parenthesis(ch, i) => clause = i + 1,
                _ => {}
            }
            i += 1;
            continue;
        }
        let token = scan_number(ch, i);
        i = token.end.max(i + 1);
        if !token.eligible {
            continue;
        }
        let Some((unit_end, unit, kind)) = match_unit(ch, token.end) else {
            continue;
        };
        raw.clear();
        raw.extend(
            ch[token.start..token.end]
                .iter()
                .map(|c| if *c == '，' { ',' } else { *c }),
        );
        let Some(number) = parse_number(&raw) else {
            continue;
        };
        i = unit_end;
        last_figure_end = unit_end;
        while mark < marks.len() && marks[mark].0 <= token.start {
            section = Some(marks[mark].1);
            mark += 1;
        }
        // Location: the number, with its unit when the unit is printed close by.
        let start = offs[token.start];
        let number_end = char_end(token.end - 1);
        let unit_start = offs[token.end];
        let end = if unit_start >= number_end && unit_start - number_end <= UNIT_GAP_BYTES {
            char_end(unit_end - 1)
        } else {
            number_end
        };
        let location = loc.locate(Span::new(start, end.max(start)));
        // Subject: the clause up to the number.
        let from = clause.max(token.start.saturating_sub(SUBJECT_MAX_CHARS));
        // Read into one buffer for every figure; only the subject is kept (inline when short).
        text_buf.clear();
        push_text_of(&mut text_buf, ch, from.min(token.start), token.start);
        let subject = CompactString::from(strip_ordinals(&text_buf));
        // Sentence: up to the next 。, within a window around the figure.
        if sentence_end < unit_end {
            sentence_end = unit_end;
            while sentence_end < len && !is_sentence_end(ch[sentence_end]) {
                sentence_end += 1;
            }
        }
        let mut s_end = sentence_end;
        if s_end < len && ch[s_end] != BOUNDARY {
            s_end += 1;
        }
        let s_end = s_end.min(unit_end + SENTENCE_SIDE_CHARS).min(len);
        let mut s_start = sentence.max(token.start.saturating_sub(SENTENCE_SIDE_CHARS));
        if s_start > sentence {
            // Cut at a clause boundary rather than inside a word.
            if let Some(k) = ch[s_start..token.start]
                .iter()
                .position(|c| matches!(c, '，' | '；' | ';' | '：' | ':'))
            {
                s_start += k + 1;
            }
        }
        let range = (s_start.min(token.start), s_end);
        let sentence_text = match (last_sentence, figures.last()) {
            (Some(r), Some(last)) if r == range => last.sentence.clone(),
            _ => {
                text_buf.clear();
                push_text_of(&mut text_buf, ch, range.0, range.1);
                std::sync::Arc::from(text_buf.as_str())
            }
        };
        last_sentence = Some(range);
        figures.push(Figure {
            kind,
            value: number.value,
            decimals: number.decimals,
            unit: CompactString::const_new(unit),
            subject,
            sentence: sentence_text,
            section,
            location,
        });
    }
    figures
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::strip_markdown;

    #[test]
    fn push_clean_keeps_what_clean_keeps() {
        for s in [
            "",
            "**一、收入支出决算总体情况说明**",
            "# 第 三 部分\t说明\u{3000}（一）\u{a0}x*y#z",
            "𠀀 表 ——  2022",
        ] {
            let mut out = String::from("前");
            push_clean(&mut out, s);
            assert_eq!(out, format!("前{}", clean(s)), "{s:?}");
        }
    }
    use rust_decimal::Decimal;
    use std::str::FromStr;

    const SAMPLE: &str = include_str!("../../tests/fixtures/samples/000.txt");
    const SAMPLES: &[&str] = &[
        SAMPLE,
        include_str!("../../tests/fixtures/samples/2024-national-final-accounts-template.txt"),
        include_str!("../../tests/fixtures/samples/2026-fuzhou-commerce-budget.txt"),
        include_str!("../../tests/fixtures/samples/2026-hangzhou-justice-budget.txt"),
        include_str!("../../tests/fixtures/samples/2026-wuxi-emergency-budget.txt"),
        include_str!("../../tests/fixtures/samples/2026-xian-medicalsecurity-budget.txt"),
    ];

    fn read_all(text: &str) -> (Vec<Section>, Vec<Figure>) {
        let ctx = super::Ctx::new(text);
        read(&ctx, &|_| false)
    }

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn find<'a>(figures: &'a [Figure], value: &str, unit: &str) -> &'a Figure {
        figures
            .iter()
            .find(|f| f.value == dec(value) && f.unit == unit)
            .unwrap_or_else(|| panic!("no figure {value}{unit} in {figures:#?}"))
    }

    fn check_locations(text: &str, sections: &[Section], figures: &[Figure]) {
        let index = crate::source::LineIndex::new(text);
        let locs = sections
            .iter()
            .map(|s| s.location)
            .chain(figures.iter().map(|f| f.location));
        for l in locs {
            let span = l.span;
            assert!(span.start <= span.end && span.end <= text.len(), "{l:?}");
            assert!(
                text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                "{l:?}"
            );
            assert_eq!(index.locate(text, span), l);
        }
        for f in figures {
            let printed = &text[f.location.span.start..f.location.span.end];
            let first = printed.chars().next().unwrap();
            assert!(is_any_digit(first) || first == '-', "{printed:?}");
        }
    }

    #[test]
    fn sample_expenditure_sentence() {
        let (sections, figures) = read_all(SAMPLE);
        let f = find(&figures, "116.61", "万元");
        assert_eq!(f.subject, "基本支出");
        assert_eq!(f.kind, FigureKind::Amount);
        assert_eq!(f.decimals, 2);
        assert_eq!(f.location.line, 376);
        let s = &sections[f.section.unwrap()];
        assert_eq!(s.title, "三、支出决算情况说明");
        assert_eq!((s.level, s.number.as_str(), s.in_toc), (1, "三", false));
        assert!(f
            .sentence
            .starts_with("2022年度支出合计117万元，其中：基本支出116.61万元"));

        let line: Vec<&Figure> = figures.iter().filter(|f| f.location.line == 376).collect();
        let got: Vec<(String, &str, &str)> = line
            .iter()
            .take(5)
            .map(|f| (f.value.to_string(), f.unit.as_str(), f.subject.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("117".to_string(), "万元", "2022年度支出合计"),
                ("116.61".to_string(), "万元", "基本支出"),
                ("95.39".to_string(), "%", "占"),
                ("5.39".to_string(), "万元", "项目支出"),
                ("4.61".to_string(), "%", "占"),
            ]
        );
        assert_eq!(line.len(), 11);
        let pct = find(&figures, "95.39", "%");
        assert_eq!((pct.kind, pct.decimals), (FigureKind::Percent, 2));

        // 一、: "与上年相比，减少2251.77万元，下降95.06%"
        let d = find(&figures, "2251.77", "万元");
        assert_eq!(d.subject, "减少");
        let p = find(&figures, "95.06", "%");
        assert_eq!(p.subject, "下降");
        assert_eq!(
            sections[p.section.unwrap()].title,
            "一、收入支出决算总体情况说明"
        );
        let b = find(&figures, "97.57", "万元");
        assert_eq!(b.subject, "年初预算为");
    }

    #[test]
    fn sample_figures_belong_to_their_sections() {
        let (sections, figures) = read_all(SAMPLE);
        check_locations(SAMPLE, &sections, &figures);
        // (first line, level-1 numeral, level-2 numeral)
        let heads: &[(u32, &str, Option<&str>)] = &[
            (366, "一、", None),
            (370, "二、", None),
            (374, "三、", None),
            (378, "四、", None),
            (382, "五、", None),
            (384, "五、", Some("（一）")),
            (388, "五、", Some("（二）")),
            (392, "五、", Some("（三）")),
            (408, "六、", None),
            (412, "七、", None),
            (414, "七、", Some("（一）")),
            (426, "七、", Some("（二）")),
            (438, "八、", None),
            (444, "九、", None),
            (448, "十、", None),
            (452, "十一、", None),
            (458, "十二、", None),
            (462, "十三、", None),
            (466, "十四、", None),
            (470, "十五、", None),
        ];
        let mut checked = 0;
        for f in figures
            .iter()
            .filter(|f| (366..=473).contains(&f.location.line))
        {
            let &(_, one, two) = heads.iter().rev().find(|h| h.0 <= f.location.line).unwrap();
            let s = &sections[f.section.expect("figure without section")];
            let level1 = match two {
                Some(two) => {
                    assert!(s.title.starts_with(two), "{f:?} in {s:?}");
                    assert_eq!(s.level, 2);
                    &sections[s.parent.unwrap()]
                }
                None => s,
            };
            assert!(level1.title.starts_with(one), "{f:?} in {level1:?}");
            assert_eq!(level1.level, 1);
            assert!(!level1.in_toc);
            let part = &sections[level1.parent.unwrap()];
            assert_eq!(part.number, "第三部分");
            checked += 1;
        }
        assert!(checked > 100, "{checked}");
        let f = find(&figures, "100.41", "万元");
        assert_eq!(f.location.line, 398);
        let s = &sections[f.section.unwrap()];
        assert_eq!(s.title, "（三）财政拨款支出决算具体情况");
        assert_eq!(sections[s.parent.unwrap()].number, "五");
        // Counts and their units.
        let cars = figures.iter().filter(|f| f.unit == "辆").count();
        assert!(cars >= 8, "{cars}");
        assert!(figures
            .iter()
            .any(|f| f.unit == "台（套）" && f.kind == FigureKind::Count));
        assert!(figures
            .iter()
            .any(|f| f.unit == "人次" && f.location.line == 432));
        let people = find(&figures, "100", "人");
        assert_eq!(people.location.line, 456);
        // The training fee clause continues across a blank line.
        let fee = find(&figures, "0.06", "万元");
        assert_eq!(fee.subject, "开支培训费");
        assert!(
            fee.sentence.ends_with("为中小企业输送人才。"),
            "{}",
            fee.sentence
        );
    }

    #[test]
    fn letter_spaced_text_and_figures_across_lines() {
        let text = "       一、收支预算总体情况说明\n       无锡市应急管理局 2026 年度收入、支出预算总计 9,096.11 万\n  元 ， 与 上 年 相 比 收 、 支 预 算 总 计 各 增 加 1,707.59 万 元 ， 增 长\n  20.0%。其中：\n";
        let (sections, figures) = read_all(text);
        check_locations(text, &sections, &figures);
        assert_eq!(sections.len(), 1);
        assert_eq!(sections[0].title, "一、收支预算总体情况说明");
        assert_eq!(figures.len(), 3, "{figures:#?}");
        let total = &figures[0];
        assert_eq!((total.value, total.decimals), (dec("9096.11"), 2));
        assert_eq!(total.unit, "万元");
        assert_eq!(total.subject, "无锡市应急管理局2026年度收入、支出预算总计");
        assert_eq!(total.location.line, 2);
        let printed = &text[total.location.span.start..total.location.span.end];
        assert!(
            printed.starts_with("9,096.11") && printed.ends_with('元'),
            "{printed:?}"
        );
        let up = &figures[1];
        assert_eq!((up.value, up.unit.as_str()), (dec("1707.59"), "万元"));
        assert_eq!(up.subject, "与上年相比收、支预算总计各增加");
        let rate = &figures[2];
        assert_eq!(
            (rate.value, rate.decimals, rate.kind),
            (dec("20.0"), 1, FigureKind::Percent)
        );
        assert_eq!(rate.subject, "增长");
        assert_eq!(rate.location.line, 4);
        assert_eq!(
            &*rate.sentence,
            "无锡市应急管理局2026年度收入、支出预算总计9,096.11万元，与上年相比收、支预算总计各增加1,707.59万元，增长20.0%。"
        );
        assert!(figures.iter().all(|f| f.section == Some(0)));
    }

    #[test]
    fn number_split_at_the_decimal_point() {
        let text = "二、收入\n本年收入合计4,321\n.09万元，占１２．５％。\n";
        let (sections, figures) = read_all(text);
        check_locations(text, &sections, &figures);
        assert_eq!(figures.len(), 2, "{figures:#?}");
        assert_eq!(figures[0].value, dec("4321.09"));
        assert_eq!(figures[0].subject, "本年收入合计");
        assert_eq!(figures[0].location.line, 2);
        assert_eq!(
            (figures[1].value, figures[1].unit.as_str()),
            (dec("12.5"), "%")
        );
        assert_eq!(figures[1].subject, "占");
    }

    #[test]
    fn stray_page_number_does_not_glue() {
        // The "3" is a page number the furniture pass did not catch.
        let text = "（二）收入\n2026 年收入预算 99,230.46 万元，比上年执行数增加\n3\n7,331.92 万元，增长 8.0%。\n";
        let (_, figures) = read_all(text);
        let v: Vec<String> = figures.iter().map(|f| f.value.to_string()).collect();
        assert_eq!(v, vec!["99230.46", "7331.92", "8.0"]);
        assert_eq!(figures[1].subject, "比上年执行数增加3");
    }

    #[test]
    fn toc_entries_are_flagged() {
        let (sections, figures) = read_all(SAMPLE);
        let toc: Vec<&Section> = sections.iter().filter(|s| s.in_toc).collect();
        assert_eq!(toc.first().unwrap().location.line, 9);
        assert_eq!(toc.last().unwrap().location.line, 69);
        assert!(toc.iter().all(|s| (9..=69).contains(&s.location.line)));
        assert_eq!(toc.len(), 5 + 2 + 9 + 15);
        assert!(toc
            .iter()
            .any(|s| s.title == "一、收入支出决算总表" && s.level == 1));
        assert_eq!(
            toc[0].title,
            "第一部分株洲市石峰区优化营商环境协调事务中心单位概况"
        );
        assert!(figures.iter().all(|f| f.location.line > 69));
        // The body's 第一部分 takes its title from the bold lines under it.
        let body = sections
            .iter()
            .find(|s| !s.in_toc && s.number == "第一部分")
            .unwrap();
        assert_eq!(
            body.title,
            "第一部分株洲市石峰区优化营商环境协调事务中心单位概况"
        );
        assert_eq!(body.location.line, 71);
        // Parents inside the TOC stay inside it.
        for s in &toc {
            if let Some(p) = s.parent {
                assert!(sections[p].in_toc);
            }
        }
        let tables = sections
            .iter()
            .find(|s| s.title == "一、收入支出决算总表")
            .unwrap();
        assert_eq!(sections[tables.parent.unwrap()].number, "第二部分");
    }

    #[test]
    fn toc_with_dot_leaders() {
        let text = "                目录\n\n第一部分 部门概况.............. 1\n\n一、收支预算总表......8\n二、收入预算总表    9\n第一部分\n部门概况\n一、部门主要职责\n  本局共有车辆 3 辆，2026 年 12 月 31 日前完成。\n";
        let (sections, figures) = read_all(text);
        check_locations(text, &sections, &figures);
        let titles: Vec<(&str, bool)> = sections
            .iter()
            .map(|s| (s.title.as_str(), s.in_toc))
            .collect();
        assert_eq!(
            titles,
            vec![
                ("第一部分部门概况", true),
                ("一、收支预算总表", true),
                ("二、收入预算总表", true),
                ("第一部分部门概况", false),
                ("一、部门主要职责", false),
            ]
        );
        assert_eq!(figures.len(), 1);
        assert_eq!(
            (figures[0].value, figures[0].unit.as_str()),
            (dec("3"), "辆")
        );
        assert_eq!(figures[0].section, Some(4));
        assert_eq!(sections[4].parent, Some(3));
    }

    #[test]
    fn years_dates_codes_and_ordinals_are_not_figures() {
        let text = "2022年度部门决算\n截至2022年12月31日，（2050803）行政运行，株优办[2022]4号，第3次会议，第2项，1、2022年度，2023.12.31，1-3个，GB2312元。\n（一）1.5万元\n";
        let (_, figures) = read_all(text);
        let v: Vec<String> = figures
            .iter()
            .map(|f| format!("{}{}", f.value, f.unit))
            .collect();
        assert_eq!(v, vec!["1.5万元"]);
        assert_eq!(figures[0].subject, "");
    }

    #[test]
    fn level3_headings_only_when_heading_like() {
        let text = "一、部门概况\n  1.承担全面依法治市重大问题的政策研究，协调全面\n依法治市工作。\n（二）支出\n       1.行政事业单位养老支出（款）机关事业单位基本养老保险缴\n  费支出（项）支出 271.17 万元，增长\n  0.83%。\n1、一般公共服务支出（类）行政运行（项）。\n年初预算为97.57万元。\n2.一般公共预算当年拨款结构情况\n支出 5 万元。\n";
        let (sections, figures) = read_all(text);
        check_locations(text, &sections, &figures);
        let titles: Vec<&str> = sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(
            titles,
            vec![
                "一、部门概况",
                "（二）支出",
                "2.一般公共预算当年拨款结构情况"
            ]
        );
        let f = find(&figures, "271.17", "万元");
        assert_eq!(
            f.subject,
            "行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）支出"
        );
        assert_eq!(f.section, Some(1));
        assert_eq!(find(&figures, "0.83", "%").subject, "增长");
        assert_eq!(find(&figures, "97.57", "万元").section, Some(1));
        let five = find(&figures, "5", "万元");
        assert_eq!(five.section, Some(2));
        assert_eq!(sections[2].parent, Some(1));
        assert_eq!(sections[2].level, 3);
        assert_eq!(sections[2].number, "2");
    }

    #[test]
    fn markdown_and_heading_with_prose() {
        let text = "# 第四部分\n\n## 名词解释\n\n**一、财政拨款收入：**指单位取得的资金。\n（一）收入预算总计 9,096.11 万元。包括：\n";
        let (sections, figures) = read_all(text);
        check_locations(text, &sections, &figures);
        let titles: Vec<&str> = sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(
            titles,
            vec![
                "第四部分名词解释",
                "一、财政拨款收入",
                "（一）收入预算总计9,096.11万元"
            ]
        );
        assert_eq!(
            &text[sections[1].location.span.start..sections[1].location.span.end],
            "一、财政拨款收入"
        );
        assert_eq!(figures.len(), 1);
        assert_eq!(figures[0].subject, "收入预算总计");
        assert_eq!(figures[0].section, Some(2));
    }

    #[test]
    fn wrapped_headings_and_parentheses() {
        let text = "       九、一般公共预算“三公”经费、会议费、培训费支出预算情\n  况说明\n       本局 2026 年度“三公”经费支出预算 14.93 万元，比上年增加 196 万元（去年预算数为 0 万元）。\n       十、国有资产占用情况说明\n       单 价 100 万 元 （ 含 ） 以 上 的 设 备 8 台\n  （套）。\n     十一、事业收入：指事业单位开展专业业务活动及辅助活\n动所取得的收入，共 3 项。\n";
        let (sections, figures) = read_all(text);
        check_locations(text, &sections, &figures);
        let titles: Vec<&str> = sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(
            titles,
            vec![
                "九、一般公共预算“三公”经费、会议费、培训费支出预算情况说明",
                "十、国有资产占用情况说明",
                "十一、事业收入",
            ]
        );
        assert_eq!(
            find(&figures, "14.93", "万元").subject,
            "本局2026年度“三公”经费支出预算"
        );
        assert_eq!(find(&figures, "0", "万元").subject, "去年预算数为");
        let sets = find(&figures, "8", "台（套）");
        assert_eq!(sets.subject, "单价100万元（含）以上的设备");
        assert_eq!(sets.section, Some(1));
        let count = find(&figures, "3", "项");
        assert_eq!((count.kind, count.section), (FigureKind::Count, Some(2)));
        assert_eq!(count.subject, "共");
    }

    #[test]
    fn skipped_lines_are_ignored() {
        let text = "一、收入\n本年收入合计\n收入\t105.8万元\n117万元。\n";
        let ctx = super::Ctx::new(text);
        let (_, figures) = read(&ctx, &|line| line == 2);
        assert_eq!(figures.len(), 1);
        assert_eq!(figures[0].subject, "本年收入合计");
        assert_eq!(figures[0].location.line, 4);
    }

    #[test]
    fn all_samples_have_valid_locations() {
        for text in SAMPLES {
            let (sections, figures) = read_all(text);
            check_locations(text, &sections, &figures);
            assert!(!figures.is_empty());
            for (k, s) in sections.iter().enumerate() {
                if let Some(p) = s.parent {
                    assert!(p < k && sections[p].level < s.level);
                }
            }
            // The real pipeline (tables skipped) too.
            let parsed = crate::parse::parse(text);
            check_locations(text, &parsed.document.sections, &parsed.document.figures);
        }
    }

    #[test]
    fn hangzhou_page_break_inside_a_sentence() {
        let text = SAMPLES[3];
        let (_, figures) = read_all(text);
        let f = figures
            .iter()
            .find(|f| f.value == dec("7331.92") && f.location.line == 93)
            .unwrap();
        assert_eq!(f.subject, "比上年执行数增加");
        let g = find(&figures, "91495.48", "万元");
        assert_eq!(g.subject, "一般公共预算拨款收入");
        assert_eq!(find(&figures, "92.2", "%").subject, "占");
    }

    #[test]
    fn one_scan_finds_what_the_separate_searches_find() {
        let extra = [
            "一、收入\t\t二、支出",
            "1、项目   12.50",
            "（一）**加粗**……8",
            "第一部分 概况.......3",
            "一、说明：其中，……。",
            "2. 一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十，再",
            "一、 *a* **b** ·· ··· …x……",
        ];
        let lines = SAMPLES
            .iter()
            .flat_map(|s| s.lines())
            .chain(extra.iter().copied());
        for line in lines {
            let t = strip_markdown(line);
            let Some((level, nlen, _)) = numbering(t) else {
                continue;
            };
            let rest = &t[nlen..];
            let s = scan_rest(rest, level);
            assert_eq!(
                s.second_column,
                level > 0 && has_second_column(rest, level),
                "{line:?}"
            );
            if s.second_column {
                continue;
            }
            assert_eq!(s.star, rest.find("**"), "{line:?}");
            assert_eq!(s.leader, find_leader(rest), "{line:?}");
            assert_eq!(s.stop, rest.find(['。', '：', ':']), "{line:?}");
            assert_eq!(s.clause, rest.find(['，', '；', ';']), "{line:?}");
            assert_eq!(s.punct, has_clause_punct(rest), "{line:?}");
            assert_eq!(
                s.nonspace,
                rest.chars().filter(|c| !is_space(*c)).count(),
                "{line:?}"
            );
            let mut title = String::new();
            push_clean(&mut title, rest);
            assert_eq!(title, clean(rest));
        }
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        let long_digits = "9".repeat(100_000);
        let many = "1%".repeat(50_000);
        let inputs = [
            "",
            "1",
            "1,",
            "，，，",
            "第",
            "第一部分",
            "（",
            "(一",
            "一、",
            "1、",
            "目录",
            "目录\n一、\n一、",
            "-",
            "-1%",
            ".5万元",
            "1.万元",
            "１２３，４５６．７万元",
            "\u{feff}\r\n\u{c}5万\r\n元",
            "**",
            "****1**万元",
            "99999999999999999999999999999999万元",
            long_digits.as_str(),
            many.as_str(),
            "\u{0}\u{10ffff}😀1万元😀",
        ];
        for text in inputs {
            let (sections, figures) = read_all(text);
            check_locations(text, &sections, &figures);
        }
        let (_, figures) = read_all(&many);
        assert_eq!(figures.len(), 50_000);
        let (_, figures) = read_all("\u{feff}\r\n\u{c}5万\r\n元");
        assert_eq!(figures.len(), 1);
    }
}
