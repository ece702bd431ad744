//! The document rendered back: every table as an HTML table, the narrative as text, each
//! finding's figure highlighted and its row tinted. Text is only ever inserted as text nodes.

use super::Store;
use crate::analysis::{table_name, Checked};
use crate::i18n::Lang;
use crate::state::Action;
use juesuan::highlight::{self, Line, Role, Segment};
use juesuan::Severity;
use std::rc::Rc;
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

fn render(text: &str, checked: &Checked, selected: Option<usize>) -> Html {
    let lines = checked.lines(text);
    let mut out: Vec<Html> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        if let Some(table) = checked.table_at(line.number) {
            // The whole table region at once.
            let mut j = i;
            while j < lines.len() && lines[j].number <= table.last_line {
                j += 1;
            }
            let rows: Vec<(&Line, Vec<Vec<Segment>>)> = lines[i..j]
                .iter()
                .filter(|l| {
                    let s = &text[l.span.start..l.span.end];
                    !s.trim().is_empty() && !highlight::is_rule_line(s)
                })
                .map(|l| (l, highlight::cells(text, l)))
                .collect();
            let width = rows.iter().map(|(_, c)| c.len()).max().unwrap_or(1).max(1);
            out.push(html! {
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
            });
            i = j;
            continue;
        }
        // Narrative: a run of lines up to the next table.
        let start = i;
        while i < lines.len() && checked.table_at(lines[i].number).is_none() {
            i += 1;
        }
        out.push(html! {
            <div class="narrative">
                { for lines[start..i].iter().map(|l| {
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
        });
    }
    html! { <>{ for out }</> }
}

fn finding_of(e: &Event) -> Option<usize> {
    let target = e.target()?.dyn_into::<web_sys::Element>().ok()?;
    let mark = target.closest("mark.hl").ok()??;
    mark.get_attribute("data-main")?.parse().ok()
}

#[function_component(DocumentView)]
pub fn document_view(props: &Props) -> Html {
    // Re-render only when the text, the result or the selection changes.
    let key = (
        Rc::as_ptr(&props.text) as *const u8 as usize,
        Rc::as_ptr(&props.checked) as usize,
        props.selected,
    );
    let text = props.text.clone();
    let checked = props.checked.clone();
    let body = use_memo(key, move |&(_, _, selected)| {
        render(&text, &checked, selected)
    });
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
        <div class="doc" data-testid="document" onclick={on_click} onkeydown={on_key}>
            { (*body).clone() }
        </div>
    }
}
