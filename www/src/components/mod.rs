//! The Yew components. They render the state and dispatch actions; the logic is in `state`.

mod banner;
mod document;
mod findings;
mod input;
mod inspector;

use crate::analysis::{analyze, Checked};
use crate::i18n::{t, Key, Lang};
use crate::state::{Action, Notice, Settings, State};
use crate::web;
use crate::worker::CheckWorker;
use gloo::timers::callback::Timeout;
use gloo::worker::{Spawnable, WorkerBridge};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// The reducer state as yew sees it.
#[derive(PartialEq)]
pub struct Store(pub State);

impl Reducible for Store {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = self.0.clone();
        next.apply(action);
        Rc::new(Store(next))
    }
}

#[derive(Properties, PartialEq, Clone)]
pub struct AppProps {
    /// The language to start in when none was saved.
    pub lang: Lang,
    /// Where the app's files are (for the worker); None = the page's location.
    pub base: Option<String>,
    /// Mounted by `<juesuan-check>` in another page.
    pub embedded: bool,
}

/// How checks are run: in the worker, or on the page when no worker can be had.
enum Runner {
    Worker(WorkerBridge<CheckWorker>),
    Inline,
}

/// The text last sent to the worker, to pair with its answer.
type Sent = Rc<RefCell<Option<(u64, Rc<str>)>>>;

fn runner(base: Option<&str>, sent: Sent, dispatch: UseReducerDispatcher<Store>) -> Runner {
    let Some((url, same_origin)) = web::resolve("juesuan-worker_loader.js", base) else {
        return Runner::Inline;
    };
    if !same_origin {
        // Browsers only start workers from the page's own origin.
        return Runner::Inline;
    }
    let bridge = CheckWorker::spawner()
        .with_loader(true)
        .as_module(false)
        .callback(move |(generation, checked): (u64, Checked)| {
            let text = sent.borrow().as_ref().and_then(|(g, text)| {
                if *g == generation {
                    Some(text.clone())
                } else {
                    None
                }
            });
            if let Some(text) = text {
                dispatch.dispatch(Action::Checked {
                    generation,
                    text,
                    checked: Rc::new(checked),
                });
            }
        })
        .spawn(&url);
    Runner::Worker(bridge)
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let initial_lang = props.lang;
    let store = use_reducer(move || {
        let settings = web::load_settings().unwrap_or(Settings {
            lang: initial_lang,
            ..Settings::default()
        });
        let input = web::load_input().unwrap_or_default();
        let mut state = State::new(String::new(), settings);
        let restored = !input.is_empty();
        state.apply(Action::SetInput(input));
        if restored {
            state.apply(Action::Notify(Some(Notice {
                text: t(state.settings.lang, Key::Restored).to_string(),
                is_error: false,
            })));
        }
        Store(state)
    });
    let state = &store.0;
    let lang = state.settings.lang;
    let root = use_node_ref();
    let sent: Sent = use_mut_ref(|| None).clone();
    let runner_cell = use_mut_ref(|| None::<Runner>);

    // Check after the text settles (debounced); stale answers are dropped by the reducer.
    {
        let dispatch = store.dispatcher();
        let text = state.input.clone();
        let base = props.base.clone();
        let sent = sent.clone();
        let runner_cell = runner_cell.clone();
        use_effect_with(state.generation, move |&generation| {
            let timeout = Timeout::new(200, move || {
                let mut slot = runner_cell.borrow_mut();
                let runner = slot
                    .get_or_insert_with(|| runner(base.as_deref(), sent.clone(), dispatch.clone()));
                match runner {
                    Runner::Worker(bridge) => {
                        *sent.borrow_mut() = Some((generation, text.clone()));
                        bridge.send((generation, text.to_string()));
                    }
                    Runner::Inline => dispatch.dispatch(Action::Checked {
                        generation,
                        checked: Rc::new(analyze(&text)),
                        text,
                    }),
                }
            });
            move || drop(timeout)
        });
    }

    // Keep the user's work: the input (debounced) and the settings.
    {
        let text = state.input.clone();
        let dispatch = store.dispatcher();
        use_effect_with(state.generation, move |_| {
            let timeout = Timeout::new(500, move || {
                if !web::save_input(&text) {
                    dispatch.dispatch(Action::Notify(Some(Notice {
                        text: t(lang, Key::NotSaved).to_string(),
                        is_error: true,
                    })));
                }
            });
            move || drop(timeout)
        });
    }
    use_effect_with(state.settings.clone(), |settings| {
        web::save_settings(settings);
    });
    {
        let embedded = props.embedded;
        use_effect_with(lang, move |lang| {
            if !embedded {
                if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
                    if let Some(el) = doc.document_element() {
                        let _ = el.set_attribute("lang", lang.code());
                    }
                    doc.set_title(t(*lang, Key::AppTitle));
                }
            }
        });
    }

    // Scroll the document to the selected finding.
    {
        let root = root.clone();
        use_effect_with(state.selected, move |selected| {
            if let (Some(i), Some(el)) = (selected, root.cast::<web_sys::Element>()) {
                web::reveal(&el, &format!(".doc [data-p~=\"{i}\"]"));
                if let Ok(Some(item)) = el.query_selector(&format!("#finding-{i}")) {
                    let opts = web_sys::ScrollIntoViewOptions::new();
                    opts.set_block(web_sys::ScrollLogicalPosition::Nearest);
                    item.scroll_into_view_with_scroll_into_view_options(&opts);
                }
            }
        });
    }

    let on_keydown = {
        let dispatch = store.dispatcher();
        Callback::from(move |e: KeyboardEvent| {
            let typing = e
                .target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
                .is_some_and(|el| matches!(el.tag_name().as_str(), "TEXTAREA" | "INPUT"));
            if typing || e.ctrl_key() || e.meta_key() || e.alt_key() {
                return;
            }
            let action = match e.key().as_str() {
                "j" | "J" | "ArrowDown" => Action::Next,
                "k" | "K" | "ArrowUp" => Action::Previous,
                "Escape" => Action::CloseInspector,
                _ => return,
            };
            e.prevent_default();
            dispatch.dispatch(action);
        })
    };

    let dispatch = store.dispatcher();
    let outcome = state.outcome.clone();
    let checked = outcome.as_ref().map(|o| o.checked.clone());
    let switch_lang = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::SetLang(lang.other())))
    };
    let reveal_related = {
        let root = root.clone();
        Callback::from(move |(finding, j): (usize, usize)| {
            if let Some(el) = root.cast::<web_sys::Element>() {
                web::reveal(&el, &format!(".doc [data-r~=\"{finding}.{j}\"]"));
            }
        })
    };
    let reveal_primary = {
        let root = root.clone();
        Callback::from(move |finding: usize| {
            if let Some(el) = root.cast::<web_sys::Element>() {
                web::reveal(&el, &format!(".doc [data-p~=\"{finding}\"]"));
            }
        })
    };

    let class = classes!(
        "juesuan",
        props.embedded.then_some("embedded"),
        state.inspector_open.then_some("inspecting")
    );
    html! {
        <div class={class} ref={root} lang={lang.code()} onkeydown={on_keydown}>
            <header class="top">
                <div class="brand">
                    <h1>{ t(lang, Key::AppTitle) }</h1>
                    <p class="subtitle">{ t(lang, Key::AppSubtitle) }</p>
                </div>
                <button class="lang" type="button" onclick={switch_lang}
                    aria-label={t(lang, Key::SwitchLangLabel)} data-testid="lang">
                    { t(lang, Key::SwitchLang) }
                </button>
            </header>
            <input::InputPanel
                lang={lang}
                text={state.input.clone()}
                checking={state.is_checking()}
                notice={state.notice.clone()}
                dispatch={dispatch.clone()} />
            <banner::Banner
                lang={lang}
                checked={checked.clone()}
                has_input={!state.input.is_empty()} />
            if let Some(outcome) = outcome {
                <div class="workspace">
                    <section class="doc-panel" aria-label={t(lang, Key::Document)}>
                        <h2>{ t(lang, Key::Document) }</h2>
                        <document::DocumentView
                            text={outcome.text.clone()}
                            checked={outcome.checked.clone()}
                            selected={state.selected}
                            lang={lang}
                            dispatch={dispatch.clone()} />
                    </section>
                    <aside class="side">
                        if state.inspector_open {
                            if let Some(i) = state.selected {
                                <inspector::Inspector
                                    lang={lang}
                                    checked={outcome.checked.clone()}
                                    index={i}
                                    dispatch={dispatch.clone()}
                                    on_related={reveal_related.clone()}
                                    on_primary={reveal_primary.clone()} />
                            }
                        }
                        <findings::FindingsList
                            lang={lang}
                            checked={outcome.checked.clone()}
                            filter={state.settings.filter.clone()}
                            selected={state.selected}
                            name={if state.input.as_ref() == crate::SAMPLE { crate::SAMPLE_NAME } else { crate::analysis::INPUT_NAME }}
                            dispatch={dispatch.clone()} />
                    </aside>
                </div>
            }
        </div>
    }
}

/// Render the app into `element`.
pub fn mount(element: web_sys::Element, lang: Lang, base: Option<String>, embedded: bool) {
    yew::Renderer::<App>::with_root_and_props(
        element,
        AppProps {
            lang,
            base,
            embedded,
        },
    )
    .render();
}

/// The page's entry point: mount into `#juesuan-app` when the page has one (index.html); a host
/// page that embeds `<juesuan-check>` has none and calls `mount` itself.
#[cfg(not(feature = "worker"))]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(el) = document.get_element_by_id("juesuan-app") {
        let lang = el
            .get_attribute("data-lang")
            .map(|l| Lang::parse(&l))
            .unwrap_or_default();
        el.set_inner_html("");
        mount(el, lang, None, false);
    }
}
