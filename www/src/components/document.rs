//! The document rendered back: every table as an HTML table, the narrative as text, each
//! finding's figure highlighted and its row tinted. Text is only ever inserted as text nodes.

use super::Store;
use crate::analysis::{clip_segments, header_rows, table_name, Block, Checked, HeaderCell};
use crate::i18n::{Key, Lang};
use crate::state::Action;
use juesuan::highlight::{self, Line, Role, Segment};
use juesuan::Severity;
use std::collections::{BTreeMap, HashSet};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub text: Rc<str>,
    pub checked: Rc<Checked>,
    pub selected: Option<usize>,
    pub lang: Lang,
    pub dispatch: UseReducerDispatcher<Store>,
}

fn sev_class(s: Severity) -> &'static str {
    s.as_str()
}

fn join<I: Iterator<Item = String>>(it: I) -> String {
    it.collect::<Vec<_>>().join(" ")
}

fn segment(text: &str, seg: &Segment, selected: Option<usize>) -> Html {
    let s = &text[seg.span.start..seg.span.end];
    if seg.is_plain() {
        return html! { { s } };
    }
    let primaries = join(
        seg.marks
            .iter()
            .filter(|m| m.role == Role::Primary)
            .map(|m| m.finding.to_string()),
    );
    let related = join(seg.marks.iter().filter_map(|m| match m.role {
        Role::Related(j) => Some(format!("{}.{j}", m.finding)),
        Role::Primary => None,
    }));
    let is_selected = selected.is_some_and(|i| {
        seg.marks
            .iter()
            .any(|m| m.finding == i && m.role == Role::Primary)
    });
    let is_selected_related = selected.is_some_and(|i| {
        seg.marks
            .iter()
            .any(|m| m.finding == i && matches!(m.role, Role::Related(_)))
    });
    let class = classes!(
        "hl",
        match seg.primary_severity() {
            Some(sev) => vec!["primary", sev_class(sev)],
            None => vec!["related"],
        },
        seg.span.is_empty().then_some("point"),
        is_selected.then_some("selected"),
        is_selected_related.then_some("selected-related"),
    );
    let main = seg.main_finding().unwrap_or(0).to_string();
    html! {
        <mark class={class} tabindex="0" role="button" data-main={main}
            data-p={(!primaries.is_empty()).then_some(primaries)}
            data-r={(!related.is_empty()).then_some(related)}>
            if seg.span.is_empty() { { "⚑" } } else { { s } }
        </mark>
    }
}

fn line_class(line: &Line) -> Classes {
    classes!(line
        .primary_severity()
        .map(|s| format!("tint-{}", sev_class(s))))
}

/// Up to this many lines the whole document is rendered at once; a longer one (a 10 MB paste)
/// renders its blocks as they come near the screen (or hold a selected figure).
const RENDER_ALL: usize = 3000;
/// Lines rendered at once at the top of a long document.
const FIRST_LINES: usize = 400;

/// The input's lines and their blocks (computed once per result).
struct Layout {
    lines: Vec<Line>,
    blocks: Vec<Block>,
    /// The whole text's highlight segments, in order (for cutting table cells out of lines).
    segments: Vec<Segment>,
}

fn layout(text: &str, checked: &Checked) -> Layout {
    let segments = highlight::segments(text, checked.marks());
    let lines = highlight::lines(text, &segments);
    let blocks = checked.blocks(&lines);
    Layout {
        lines,
        blocks,
        segments,
    }
}

/// A table as the checker read it: the column headers over the figures, each row's printed
/// code and name before its cells; the table's other lines (units, notes, wrapped names) as
/// text. Falls back to [`render_table`] for other tables and a table read without rows.
fn render_grid(
    text: &str,
    checked: &Checked,
    layout: &Layout,
    lines: &[Line],
    t: usize,
    selected: Option<usize>,
) -> Html {
    let table = &checked.tables[t];
    // The standard tables (公开01–09表) are read into columns; a 绩效自评表 or another table
    // is read cell by cell from its lines, and shown that way.
    let standard = table.id.len() == 2 && table.id.bytes().all(|b| b.is_ascii_digit());
    if !standard
        || table
            .blocks
            .iter()
            .all(|b| b.rows.is_empty() || b.columns.is_empty())
    {
        return render_table(text, checked, lines, t, selected);
    }
    let blocks = &table.blocks;
    let mut at: BTreeMap<u32, Vec<(usize, usize)>> = BTreeMap::new();
    for (bi, b) in blocks.iter().enumerate() {
        for (ri, r) in b.rows.iter().enumerate() {
            at.entry(r.line).or_default().push((bi, ri));
        }
    }
    let widths: Vec<usize> = blocks.iter().map(|b| 1 + b.columns.len()).collect();
    let total: usize = widths.iter().sum();
    // Header: each block's rows, bottom-aligned to the deepest block.
    let heads: Vec<Vec<Vec<HeaderCell>>> = blocks.iter().map(|b| header_rows(&b.columns)).collect();
    let depth = heads.iter().map(Vec::len).max().unwrap_or(1);
    let named = blocks.iter().any(|b| b.name.is_some()) && blocks.len() > 1;
    let header_lines = depth + usize::from(named);
    let mut head_rows: Vec<Html> = Vec::new();
    if named {
        head_rows.push(html! {
            <tr class="block-names">
                <th class="ln" rowspan={header_lines.to_string()} />
                { for blocks.iter().zip(&widths).map(|(b, w)| html! {
                    <th colspan={w.to_string()}>{ b.name.clone().unwrap_or_default() }</th>
                }) }
            </tr>
        });
    }
    for level in 0..depth {
        let cells = blocks.iter().zip(&heads).flat_map(|(_, h)| {
            let d = h.len();
            let mut out: Vec<Html> = Vec::new();
            if level == 0 {
                out.push(html! { <th class="label-head" rowspan={depth.to_string()}>{ "项目" }</th> });
            }
            if let Some(row) = h.get(level) {
                for c in row {
                    // Cells reaching the block's bottom stretch to the table's.
                    let rowspan = if level + c.rowspan == d { c.rowspan + depth - d } else { c.rowspan };
                    out.push(html! {
                        <th colspan={c.colspan.to_string()} rowspan={rowspan.to_string()}>{ &c.text }</th>
                    });
                }
            }
            out
        });
        head_rows.push(html! {
            <tr>
                if level == 0 && !named {
                    <th class="ln" rowspan={header_lines.to_string()} />
                }
                { for cells }
            </tr>
        });
    }
    let seg_html = |segs: Vec<Segment>| -> Html {
        html! { <>{ for segs.iter().map(|s| segment(text, s, selected)) }</> }
    };
    let body = lines.iter().filter_map(|l| {
        let raw = &text[l.span.start..l.span.end];
        match at.get(&l.number) {
            Some(here) => {
                // Left to right: each block's printed name region, then its cells. Where a
                // block's name ends: at its first printed cell, else where the next block on
                // the line starts (its name or first cell), else at the end of the line.
                let printed = |bi: usize, ri: usize| -> Vec<(usize, usize, usize)> {
                    let mut cells: Vec<(usize, usize, usize)> =
                        blocks[bi].rows[ri].cells.iter().copied().filter(|&(_, s, e)| s < e).collect();
                    cells.sort_by_key(|&(_, s, _)| s);
                    cells
                };
                let starts_at = |bi: usize, ri: usize| -> Option<usize> {
                    let row = &blocks[bi].rows[ri];
                    [row.code_start, row.label_span.map(|(s, _)| s)]
                        .into_iter()
                        .flatten()
                        .min()
                        .or_else(|| printed(bi, ri).first().map(|&(_, s, _)| s))
                };
                let mut pos = l.span.start;
                let mut tds: Vec<Html> = Vec::new();
                for (bi, b) in blocks.iter().enumerate() {
                    let Some(&(_, ri)) = here.iter().find(|(x, _)| *x == bi) else {
                        tds.push(html! { <td colspan={widths[bi].to_string()} class="empty-block" /> });
                        continue;
                    };
                    let row = &b.rows[ri];
                    // Printed cells, left to right (a blank cell has an empty span).
                    let cells = printed(bi, ri);
                    let is_last_block = here.iter().all(|(x, _)| *x <= bi);
                    let next_start = here
                        .iter()
                        .filter(|(x, _)| *x > bi)
                        .filter_map(|&(x, r)| starts_at(x, r))
                        .min();
                    let label_end = cells
                        .first()
                        .map(|&(_, s, _)| s)
                        .or(next_start)
                        .unwrap_or(l.span.end)
                        .clamp(pos, l.span.end.max(pos));
                    // Without the layout's indentation and padding (the text between is kept).
                    let (name_start, name_end) = match text.get(pos..label_end) {
                        Some(name) => {
                            let lead = name.len() - name.trim_start().len();
                            (pos + lead, pos + name.trim_end().len())
                        }
                        None => (pos, label_end),
                    };
                    tds.push(html! {
                        <td class="label">{ seg_html(clip_segments(&layout.segments, name_start, name_end.max(name_start))) }</td>
                    });
                    pos = label_end;
                    for col in 0..b.columns.len() {
                        match row.cells.iter().find(|&&(c, _, _)| c == col) {
                            Some(&(_, s, e)) => {
                                // The last cell of the line keeps any text after it.
                                let is_last = s < e
                                    && is_last_block
                                    && cells.last().is_some_and(|&(_, ls, _)| ls == s);
                                let end = if is_last { l.span.end.max(e) } else { e };
                                if row.unplaced.contains(&col) {
                                    let title = format!(
                                        "{} / {}",
                                        crate::i18n::t(Lang::Zh, Key::Unplaced),
                                        crate::i18n::t(Lang::En, Key::Unplaced)
                                    );
                                    tds.push(html! { <td class="num unplaced" {title}>{ seg_html(clip_segments(&layout.segments, s, end)) }</td> });
                                } else {
                                    tds.push(html! { <td class="num">{ seg_html(clip_segments(&layout.segments, s, end)) }</td> });
                                }
                                if s < e {
                                    pos = pos.max(end);
                                }
                            }
                            None => tds.push(html! { <td class="num" /> }),
                        }
                    }
                }
                Some(html! {
                    <tr class={line_class(l)} data-line={l.number.to_string()}>
                        <th class="ln" scope="row">{ l.number }</th>
                        { for tds }
                    </tr>
                })
            }
            None if raw.trim().is_empty() || highlight::is_rule_line(raw) => None,
            None => Some(html! {
                <tr class={classes!(line_class(l), "raw")} data-line={l.number.to_string()}>
                    <th class="ln" scope="row">{ l.number }</th>
                    <td colspan={total.to_string()} class="wide">
                        { for l.segments.iter().map(|s| segment(text, s, selected)) }
                    </td>
                </tr>
            }),
        }
    });
    html! {
        <figure class="sheet grid" data-table={table.id.clone()}>
            <figcaption>
                <span class="table-id">{ table_name(&table.id) }</span>{ " " }{ &table.title }
            </figcaption>
            <div class="sheet-scroll">
            <table>
                <thead>{ for head_rows }</thead>
                <tbody>{ for body }</tbody>
            </table>
            </div>
        </figure>
    }
}

fn render_table(
    text: &str,
    checked: &Checked,
    lines: &[Line],
    table: usize,
    selected: Option<usize>,
) -> Html {
    let table = &checked.tables[table];
    let rows: Vec<(&Line, Vec<Vec<Segment>>)> = lines
        .iter()
        .filter(|l| {
            let s = &text[l.span.start..l.span.end];
            !s.trim().is_empty() && !highlight::is_rule_line(s)
        })
        .map(|l| (l, highlight::cells(text, l)))
        .collect();
    let width = rows.iter().map(|(_, c)| c.len()).max().unwrap_or(1).max(1);
    html! {
        <figure class="sheet" data-table={table.id.clone()}>
            <figcaption>
                <span class="table-id">{ table_name(&table.id) }</span>{ " " }{ &table.title }
            </figcaption>
            <div class="sheet-scroll">
            <table>
                <tbody>
                { for rows.iter().map(|(l, cells)| {
                    let single = cells.len() <= 1;
                    html! {
                        <tr class={line_class(l)} data-line={l.number.to_string()}>
                            <th class="ln" scope="row">{ l.number }</th>
                            { for cells.iter().map(|c| html! {
                                <td colspan={single.then(|| width.to_string())}
                                    class={classes!(single.then_some("wide"))}>
                                    { for c.iter().map(|s| segment(text, s, selected)) }
                                </td>
                            }) }
                        </tr>
                    }
                }) }
                </tbody>
            </table>
            </div>
        </figure>
    }
}

fn render_narrative(text: &str, lines: &[Line], selected: Option<usize>) -> Html {
    html! {
        <div class="narrative">
            { for lines.iter().map(|l| {
                if l.span.is_empty() && l.segments.is_empty() {
                    html! { <div class="gap" data-line={l.number.to_string()} /> }
                } else {
                    html! {
                        <p class={line_class(l)} data-line={l.number.to_string()}>
                            <span class="ln" aria-hidden="true">{ l.number }</span>
                            { for l.segments.iter().map(|s| segment(text, s, selected)) }
                        </p>
                    }
                }
            }) }
        </div>
    }
}

/// Which blocks to render: all of a short document; of a long one the first lines, the blocks
/// that came near the screen, and those holding the selected finding's figures.
fn wanted(
    layout: &Layout,
    checked: &Checked,
    selected: Option<usize>,
    near: &HashSet<usize>,
) -> Vec<bool> {
    let n = layout.blocks.len();
    if layout.lines.len() <= RENDER_ALL {
        return vec![true; n];
    }
    let mut want: Vec<bool> = (0..n)
        .map(|i| near.contains(&i) || layout.blocks[i].start < FIRST_LINES)
        .collect();
    if let Some(f) = selected.and_then(|i| checked.findings.get(i)) {
        for line in std::iter::once(f.line).chain(f.related.iter().map(|r| r.line)) {
            // Lines are numbered from 1 in order, so line k is at index k - 1.
            let index = (line as usize).saturating_sub(1);
            let b = layout.blocks.partition_point(|b| b.end <= index);
            if let Some(w) = want.get_mut(b) {
                *w = true;
            }
        }
    }
    want
}

fn render(
    text: &str,
    checked: &Checked,
    layout: &Layout,
    want: &[bool],
    selected: Option<usize>,
) -> Html {
    html! {
        <>
        { for layout.blocks.iter().enumerate().map(|(i, b)| {
            let lines = &layout.lines[b.start..b.end];
            if !want.get(i).copied().unwrap_or(true) {
                // Held back: a placeholder of about the same height, rendered when it comes
                // near the screen (see the observer below).
                return html! {
                    <div key={format!("held-{i}")} class="lazy" data-block={i.to_string()}
                        data-lines={lines.len().to_string()} aria-busy="true" />
                };
            }
            let body = match b.table {
                Some(t) => render_grid(text, checked, layout, lines, t, selected),
                None => render_narrative(text, lines, selected),
            };
            // Another key than the placeholder's: a fresh element, without its height.
            html! { <div key={format!("block-{i}")} class="block" data-block={i.to_string()}>{ body }</div> }
        }) }
        </>
    }
}

fn finding_of(e: &Event) -> Option<usize> {
    let target = e.target()?.dyn_into::<web_sys::Element>().ok()?;
    let mark = target.closest("mark.hl").ok()??;
    mark.get_attribute("data-main")?.parse().ok()
}

#[function_component(DocumentView)]
pub fn document_view(props: &Props) -> Html {
    let key = (
        Rc::as_ptr(&props.text) as *const u8 as usize,
        Rc::as_ptr(&props.checked) as usize,
    );
    let layout = {
        let text = props.text.clone();
        let checked = props.checked.clone();
        use_memo(key, move |_| layout(&text, &checked))
    };
    // Blocks of a long document that came near the screen (reset with each result).
    let near = use_state(HashSet::<usize>::new);
    {
        let near = near.clone();
        use_effect_with(key, move |_| {
            near.set(HashSet::new());
        });
    }
    // Printing: every block (a printed review shows the whole document).
    {
        let near = near.clone();
        let blocks = layout.blocks.len();
        use_effect_with(key, move |_| {
            let listener = web_sys::window().map(|w| {
                gloo::events::EventListener::new(&w, "beforeprint", move |_| {
                    near.set((0..blocks).collect());
                })
            });
            move || drop(listener)
        });
    }
    let want = wanted(&layout, &props.checked, props.selected, &near);
    // Re-render only when the result, the selection or the blocks shown change.
    let body = {
        let text = props.text.clone();
        let checked = props.checked.clone();
        let layout = layout.clone();
        use_memo(
            (key, props.selected, want.clone()),
            move |(_, selected, want)| render(&text, &checked, &layout, want, *selected),
        )
    };
    // Watch the placeholders: one that comes within a screen or two is rendered.
    let root = use_node_ref();
    {
        let root = root.clone();
        let near = near.clone();
        let held = want.iter().filter(|w| !**w).count();
        use_effect_with((key, held), move |_| {
            let observer = (held > 0)
                .then(|| root.cast::<web_sys::Element>())
                .flatten()
                .and_then(|el| observe(&el, near));
            move || {
                if let Some((observer, _closure)) = observer {
                    observer.disconnect();
                }
            }
        });
    }
    let on_click = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(i) = finding_of(&e) {
                dispatch.dispatch(Action::Open(i));
            }
        })
    };
    let on_key = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                if let Some(i) = finding_of(&e) {
                    e.prevent_default();
                    dispatch.dispatch(Action::Open(i));
                }
            }
        })
    };
    html! {
        <div class="doc" lang="zh-CN" data-testid="document" ref={root} onclick={on_click} onkeydown={on_key}>
            { (*body).clone() }
        </div>
    }
}

type Observer = (
    web_sys::IntersectionObserver,
    Closure<dyn FnMut(js_sys::Array, web_sys::IntersectionObserver)>,
);

/// Size the placeholders under `root` and watch them; those that come near the screen are
/// added to `near`.
fn observe(root: &web_sys::Element, near: UseStateHandle<HashSet<usize>>) -> Option<Observer> {
    let closure = Closure::<dyn FnMut(js_sys::Array, web_sys::IntersectionObserver)>::new(
        move |entries: js_sys::Array, _observer: web_sys::IntersectionObserver| {
            let mut next = (*near).clone();
            let mut changed = false;
            for entry in entries.iter() {
                let entry: web_sys::IntersectionObserverEntry = entry.unchecked_into();
                if !entry.is_intersecting() {
                    continue;
                }
                let block = entry
                    .target()
                    .get_attribute("data-block")
                    .and_then(|b| b.parse::<usize>().ok());
                if let Some(b) = block {
                    changed |= next.insert(b);
                }
            }
            if changed {
                near.set(next);
            }
        },
    );
    let init = web_sys::IntersectionObserverInit::new();
    init.set_root_margin("1500px 0px");
    let observer =
        web_sys::IntersectionObserver::new_with_options(closure.as_ref().unchecked_ref(), &init)
            .ok()?;
    let held = root.query_selector_all(".lazy").ok()?;
    for i in 0..held.length() {
        let Some(el) = held
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        else {
            continue;
        };
        // Height through the CSSOM (the CSP allows no inline style attribute).
        let lines: u32 = el
            .get_attribute("data-lines")
            .and_then(|n| n.parse().ok())
            .unwrap_or(1);
        let _ = el
            .style()
            .set_property("height", &format!("{}px", lines.saturating_mul(23)));
        observer.observe(&el);
    }
    Some((observer, closure))
}
