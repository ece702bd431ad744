//! The findings list: grouped by severity and rule, filterable, keyboard-navigable, exportable.
//! Every finding the filter shows is listed; the count of hidden ones is always stated.

use super::Store;
use crate::analysis::{table_name_in, Checked, Sev};
use crate::export;
use crate::i18n::{severity, t, tf, Key, Lang};
use crate::state::{groups, Action, Filter, Notice};
use crate::web;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub checked: Rc<Checked>,
    /// The CLI's JSON for export (arrives just after the result; the button waits for it).
    pub json: Option<Rc<str>>,
    pub filter: Filter,
    pub selected: Option<usize>,
    /// The input's name in exports.
    pub name: &'static str,
    pub dispatch: UseReducerDispatcher<Store>,
}

/// Items a group lists before its "show the other N" button (a 10 MB paste can have thousands
/// of findings of one rule; the button always says how many more there are).
const GROUP_FIRST: usize = 100;

fn stem(name: &str) -> &str {
    name.rsplit_once('.').map(|(s, _)| s).unwrap_or(name)
}

#[function_component(FindingsList)]
pub fn findings_list(props: &Props) -> Html {
    let lang = props.lang;
    let checked = &props.checked;
    let gs = groups(checked, &props.filter);
    let shown: usize = gs.iter().map(|g| g.items.len()).sum();
    let total = checked.findings.len();
    let counts = checked.counts();
    // Groups opened in full (by severity and rule), reset with each result.
    let opened = use_state(Vec::<(Sev, String)>::new);
    {
        let opened = opened.clone();
        use_effect_with(Rc::as_ptr(checked) as usize, move |_| {
            opened.set(Vec::new())
        });
    }

    let on_filter = {
        let d = props.dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            d.dispatch(Action::SetFilterText(input.value()));
        })
    };
    let toggle = |sev: Sev| {
        let d = props.dispatch.clone();
        Callback::from(move |_| d.dispatch(Action::ToggleSeverity(sev)))
    };
    let export_json = {
        let json = props.json.clone();
        let name = props.name;
        Callback::from(move |_| {
            if let Some(json) = &json {
                web::download(
                    &format!("{}.juesuan.json", stem(name)),
                    "application/json",
                    &format!("{json}\n"),
                )
            }
        })
    };
    let export_csv = {
        let c = checked.clone();
        let name = props.name;
        Callback::from(move |_| {
            web::download(
                &format!("{}.juesuan.csv", stem(name)),
                "text/csv;charset=utf-8",
                &export::csv(&c, lang),
            )
        })
    };
    let copy = {
        let c = checked.clone();
        let d = props.dispatch.clone();
        let name = props.name;
        Callback::from(move |_| {
            let text = export::text(&c, name, lang);
            let d = d.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let ok = web::copy(&text).await;
                d.dispatch(Action::Notify(Some(Notice {
                    text: t(lang, if ok { Key::Copied } else { Key::CopyFailed }).to_string(),
                    is_error: !ok,
                })));
            });
        })
    };
    let print = Callback::from(|_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    });

    html! {
        <section class="findings" data-testid="findings" aria-label={t(lang, Key::Findings)}>
            <header>
                <h2>{ t(lang, Key::Findings) }</h2>
                <div class="exports">
                    <button type="button" onclick={export_json} disabled={props.json.is_none()} data-testid="export-json">{ t(lang, Key::ExportJson) }</button>
                    <button type="button" onclick={export_csv} data-testid="export-csv">{ t(lang, Key::ExportCsv) }</button>
                    <button type="button" onclick={copy} data-testid="copy">{ t(lang, Key::CopyFindings) }</button>
                    <button type="button" onclick={print} data-testid="print">{ t(lang, Key::Print) }</button>
                </div>
            </header>
            <div class="filters">
                <input type="search" placeholder={t(lang, Key::FilterPlaceholder)}
                    aria-label={t(lang, Key::FilterPlaceholder)}
                    value={props.filter.text.clone()} oninput={on_filter} data-testid="filter" />
                <div class="toggles">
                    { for Sev::ALL.iter().map(|&sev| {
                        let on = !props.filter.hidden.contains(&sev);
                        html! {
                            <button type="button" aria-pressed={on.to_string()}
                                class={classes!("toggle", sev.as_str(), on.then_some("on"))}
                                onclick={toggle(sev)} data-testid={format!("toggle-{}", sev.as_str())}>
                                { severity(lang, sev) }{ " " }{ counts.get(sev) }
                            </button>
                        }
                    }) }
                </div>
            </div>
            <p class="shown" data-testid="shown">
                { tf(lang, Key::ShowingOf, &[("shown", &shown.to_string()), ("total", &total.to_string())]) }
                <span class="hint">{ " · " }{ t(lang, Key::KeyboardHint) }</span>
            </p>
            if shown == 0 && total > 0 {
                <p class="none">{ t(lang, Key::NoMatch) }</p>
            }
            { for gs.iter().map(|g| {
                let summary = match lang { Lang::Zh => &g.summary, Lang::En => &g.summary_en };
                let is_open = opened.iter().any(|(s, r)| *s == g.severity && *r == g.rule);
                // Listed: the first GROUP_FIRST, all of an opened group, and always up to the
                // selected finding (J / K walk past the first ones).
                let upto = g.items.iter().position(|&i| props.selected == Some(i)).map_or(0, |p| p + 1);
                let listed = if is_open { g.items.len() } else { g.items.len().min(GROUP_FIRST.max(upto)) };
                let more = g.items.len() - listed;
                let open_all = {
                    let opened = opened.clone();
                    let key = (g.severity, g.rule.clone());
                    Callback::from(move |_| {
                        let mut next = (*opened).clone();
                        next.push(key.clone());
                        opened.set(next);
                    })
                };
                html! {
                    <section class={classes!("group", g.severity.as_str())}>
                        <h3>
                            <span class={classes!("badge", g.severity.as_str())}>{ severity(lang, g.severity) }</span>
                            <code>{ &g.rule }</code>
                            <span class="summary">{ summary }</span>
                            <span class="n">{ g.items.len() }</span>
                        </h3>
                        <ul>
                            { for g.items[..listed].iter().map(|&i| {
                                let f = &checked.findings[i];
                                let d = props.dispatch.clone();
                                let onclick = Callback::from(move |_| d.dispatch(Action::Open(i)));
                                let message = match lang { Lang::Zh => &f.message, Lang::En => &f.message_en };
                                html! {
                                    <li>
                                        <button type="button" id={format!("finding-{i}")}
                                            class={classes!("finding", (props.selected == Some(i)).then_some("selected"))}
                                            aria-current={(props.selected == Some(i)).then_some("true")}
                                            onclick={onclick} data-finding={i.to_string()}>
                                            <span class="where">
                                                { t(lang, Key::Line) }{ " " }{ f.line }
                                                if let Some(tb) = &f.table { { " · " }{ table_name_in(tb, lang) } }
                                            </span>
                                            <span class="msg">{ message }</span>
                                        </button>
                                    </li>
                                }
                            }) }
                        </ul>
                        if more > 0 {
                            <button type="button" class="more" onclick={open_all} data-testid="more">
                                { tf(lang, Key::ShowMore, &[("n", &more.to_string())]) }
                            </button>
                        }
                    </section>
                }
            }) }
        </section>
    }
}
