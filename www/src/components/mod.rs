//! The Yew components. They render the state and dispatch actions; the logic is in `state`.

mod banner;
mod document;
mod findings;
mod input;
mod inspector;

use crate::i18n::{t, tf, Key, Lang};
use crate::runner::{Event, Runner};
use crate::state::{Action, Notice, Settings, State};
use crate::web;
use gloo::timers::callback::Timeout;
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
    let runner_cell = use_mut_ref(|| None::<Rc<Runner>>);

    // Check after the text settles (debounced); stale answers are dropped by the runner and
    // the reducer.
    {
        let dispatch = store.dispatcher();
        let text = state.input.clone();
        let base = props.base.clone();
        let runner_cell = runner_cell.clone();
        // Typing is checked once the text settles; a paste, a file or the sample at once.
        let delay = if state.typing { 200 } else { 0 };
        use_effect_with(state.generation, move |&generation| {
            let timeout = Timeout::new(delay, move || {
                let runner = runner_cell
                    .borrow_mut()
                    .get_or_insert_with(|| {
                        Runner::new(base, move |event| match event {
                            Event::Checked {
                                generation,
                                text,
                                checked,
                                timing,
                            } => dispatch.dispatch(Action::Checked {
                                generation,
                                text,
                                checked: Rc::new(checked),
                                timing: Some(timing),
                            }),
                            Event::Json { generation, json } => dispatch.dispatch(Action::Json {
                                generation,
                                json: json.into(),
                            }),
                            Event::OnPage => dispatch.dispatch(Action::Notify(Some(Notice {
                                text: t(lang, Key::WorkerFallback).to_string(),
                                is_error: false,
                            }))),
                            Event::Failed(error) => {
                                dispatch.dispatch(Action::Notify(Some(Notice {
                                    text: tf(lang, Key::CheckerUnavailable, &[("error", &error)]),
                                    is_error: true,
                                })))
                            }
                        })
                    })
                    .clone();
                runner.run(generation, text);
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
                timing={outcome.as_ref().and_then(|o| o.timing)}
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
                            json={outcome.json.clone()}
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
    crate::runner::prestart(base.as_deref());
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

/// Mount the app inside `element` (e.g. a shadow root's container): `lang` is "zh-CN" or "en";
/// `base` is the URL the app's files are served from (for the worker), default the page's.
#[cfg(not(feature = "worker"))]
#[wasm_bindgen::prelude::wasm_bindgen(js_name = mount)]
pub fn mount_js(element: web_sys::Element, lang: Option<String>, base: Option<String>) {
    let lang = lang.as_deref().map(Lang::parse).unwrap_or_default();
    mount(element, lang, base, true);
}

/// The page's entry point: mount into `#juesuan-app` when the page has one (index.html); a host
/// page that embeds `<juesuan-check>` has none and calls `mount` itself.
#[cfg(not(feature = "worker"))]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    web::mark("juesuan-start");
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(el) = document.get_element_by_id("juesuan-app") {
        let lang = el
            .get_attribute("data-lang")
            .map(|l| Lang::parse(&l))
            .unwrap_or_default();
        // The worker first, then the app one task later: starting a worker takes a few turns
        // of the page's main thread, which the first layout (the restored text) would hold
        // for 100 ms and more; the static shell stays on screen meanwhile.
        crate::runner::prestart(None);
        gloo::timers::callback::Timeout::new(0, move || {
            el.set_inner_html("");
            mount(el, lang, None, false);
        })
        .forget();
    }
}
