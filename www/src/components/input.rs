//! The input: a large paste area, a file picker, drag and drop, the sample.

use super::Store;
use crate::convert;
use crate::i18n::{t, tf, Key, Lang};
use crate::state::{Action, Notice};
use crate::web;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub text: Rc<str>,
    pub checking: bool,
    pub notice: Option<Notice>,
    pub dispatch: UseReducerDispatcher<Store>,
}

fn notify(dispatch: &UseReducerDispatcher<Store>, text: String, is_error: bool) {
    dispatch.dispatch(Action::Notify(Some(Notice { text, is_error })));
}

fn load_file(file: web_sys::File, lang: Lang, dispatch: UseReducerDispatcher<Store>) {
    wasm_bindgen_futures::spawn_local(async move {
        match web::read_file(file, lang).await {
            Ok((text, note)) => {
                dispatch.dispatch(Action::SetInput(text));
                notify(&dispatch, note, false);
            }
            Err(message) => notify(&dispatch, message, true),
        }
    });
}

#[function_component(InputPanel)]
pub fn input_panel(props: &Props) -> Html {
    let lang = props.lang;
    let dragging = use_state(|| false);
    let file_ref = use_node_ref();

    let on_input = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            let text = area.value();
            // A paste or a drop is checked at once; typing once the text settles.
            dispatch.dispatch(if e.input_type().starts_with("insertFrom") {
                Action::SetInput(text)
            } else {
                Action::Type(text)
            });
        })
    };
    // Tables copied from Excel / WPS / a web page come as text/html too: read their rows as
    // tab-separated lines (the plain-text version often loses the cell boundaries).
    let on_paste = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let Some(e) = e.dyn_ref::<web_sys::ClipboardEvent>() else {
                return;
            };
            let Some(data) = e.clipboard_data() else {
                return;
            };
            let html = data.get_data("text/html").unwrap_or_default();
            if !convert::has_table(&html) {
                return;
            }
            let (converted, tables) = convert::html_to_text(&html);
            if tables == 0 || converted.trim().is_empty() {
                return;
            }
            e.prevent_default();
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            let value = area.value();
            // Selection offsets are in UTF-16 code units.
            let units: Vec<u16> = value.encode_utf16().collect();
            let start = area.selection_start().ok().flatten().unwrap_or(0) as usize;
            let end = area.selection_end().ok().flatten().unwrap_or(0) as usize;
            let (start, end) = (
                start.min(units.len()),
                end.min(units.len()).max(start.min(units.len())),
            );
            let mut next = String::from_utf16_lossy(&units[..start]);
            next.push_str(&converted);
            next.push_str(&String::from_utf16_lossy(&units[end..]));
            area.set_value(&next);
            dispatch.dispatch(Action::SetInput(next));
            notify(
                &dispatch,
                tf(lang, Key::PastedTables, &[("n", &tables.to_string())]),
                false,
            );
        })
    };
    let on_sample = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| {
            dispatch.dispatch(Action::SetInput(crate::SAMPLE.to_string()));
            dispatch.dispatch(Action::Notify(None));
        })
    };
    let on_clear = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| {
            dispatch.dispatch(Action::SetInput(String::new()));
            dispatch.dispatch(Action::Notify(None));
        })
    };
    let on_choose = {
        let file_ref = file_ref.clone();
        Callback::from(move |_| {
            if let Some(input) = file_ref.cast::<web_sys::HtmlInputElement>() {
                input.click();
            }
        })
    };
    let on_file = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                load_file(file, lang, dispatch.clone());
            }
            input.set_value("");
        })
    };
    let on_drag_over = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if !*dragging {
                dragging.set(true);
            }
        })
    };
    let on_drag_leave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let on_drop = {
        let dispatch = props.dispatch.clone();
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            let file = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|f| f.get(0));
            if let Some(file) = file {
                load_file(file, lang, dispatch.clone());
            }
        })
    };

    html! {
        <section class={classes!("input", dragging.then_some("dragging"))}
            ondragover={on_drag_over} ondragleave={on_drag_leave} ondrop={on_drop}>
            <label for="juesuan-input" class="input-label">{ t(lang, Key::InputLabel) }</label>
            // The disclosure is Chinese whatever the interface language: a fixed `lang` keeps
            // a language switch from re-shaping a 10 MB text.
            <textarea id="juesuan-input" data-testid="input" spellcheck="false" lang="zh-CN"
                placeholder={t(lang, Key::InputPlaceholder)}
                value={AttrValue::from(props.text.clone())}
                oninput={on_input} onpaste={on_paste} />
            if *dragging {
                <div class="drop-hint">{ t(lang, Key::DropHere) }</div>
            }
            <div class="input-actions">
                <button type="button" class="primary" onclick={on_sample} data-testid="sample">
                    { t(lang, Key::LoadSample) }
                </button>
                <button type="button" onclick={on_choose} data-testid="choose">
                    { t(lang, Key::ChooseFile) }
                </button>
                <input type="file" ref={file_ref} hidden=true data-testid="file"
                    accept=".txt,.csv,.tsv,text/plain,text/csv,text/tab-separated-values"
                    onchange={on_file} />
                <button type="button" onclick={on_clear} data-testid="clear">{ t(lang, Key::Clear) }</button>
                if props.checking {
                    <span class="status" role="status" data-testid="checking">{ t(lang, Key::Checking) }</span>
                }
                if let Some(n) = &props.notice {
                    <span class={classes!("notice", n.is_error.then_some("error"))}
                        role={if n.is_error { "alert" } else { "status" }} data-testid="notice">
                        { &n.text }
                    </span>
                }
            </div>
        </section>
    }
}
