//! Thin wrappers over browser APIs: storage, downloads, clipboard, scrolling, files.

use crate::convert::{self, Encoding, FileKind};
use crate::i18n::{tf, Key, Lang};
use crate::state::Settings;
use wasm_bindgen::JsCast;

const INPUT_KEY: &str = "juesuan.input";
const SETTINGS_KEY: &str = "juesuan.settings";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn load_input() -> Option<String> {
    storage()?.get_item(INPUT_KEY).ok().flatten()
}

/// Save the input; false if the browser refused (quota).
pub fn save_input(text: &str) -> bool {
    let Some(s) = storage() else {
        return false;
    };
    if text.is_empty() {
        return s.remove_item(INPUT_KEY).is_ok();
    }
    let ok = s.set_item(INPUT_KEY, text).is_ok();
    if !ok {
        let _ = s.remove_item(INPUT_KEY);
    }
    ok
}

pub fn load_settings() -> Option<Settings> {
    let json = storage()?.get_item(SETTINGS_KEY).ok().flatten()?;
    Settings::from_storage(&json)
}

pub fn save_settings(settings: &Settings) {
    if let Some(s) = storage() {
        let _ = s.set_item(SETTINGS_KEY, &settings.to_storage());
    }
}

/// A User Timing mark (performance.mark), for measuring the page's start in tests.
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// Tell the page (a `name` event on the window) that something happened, for its own scripts:
/// `register-sw.js` waits for `juesuan-ready` (the first result) before the service worker
/// starts precaching, so the worker's download does not share the line with it.
pub fn announce(name: &str) {
    if let (Some(w), Ok(event)) = (web_sys::window(), web_sys::Event::new(name)) {
        let _ = w.dispatch_event(&event);
    }
}

/// Offer `content` as a file download.
pub fn download(name: &str, mime: &str, content: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&content.into());
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(a) = document.create_element("a") {
        let a: web_sys::HtmlAnchorElement = a.unchecked_into();
        a.set_href(&url);
        a.set_download(name);
        a.set_attribute("hidden", "").ok();
        if let Some(body) = document.body() {
            body.append_child(&a).ok();
            a.click();
            body.remove_child(&a).ok();
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Write text to the clipboard.
pub async fn copy(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let clipboard = window.navigator().clipboard();
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text))
        .await
        .is_ok()
}

/// Scroll the first element matching `selector` under `root` into view, focus it and flash it.
pub fn reveal(root: &web_sys::Element, selector: &str) {
    let Ok(Some(el)) = root.query_selector(selector) else {
        return;
    };
    let opts = web_sys::ScrollIntoViewOptions::new();
    opts.set_block(web_sys::ScrollLogicalPosition::Center);
    opts.set_behavior(web_sys::ScrollBehavior::Smooth);
    el.scroll_into_view_with_scroll_into_view_options(&opts);
    if let Some(h) = el.dyn_ref::<web_sys::HtmlElement>() {
        let _ = h.focus();
    }
    let list = el.class_list();
    let _ = list.remove_1("flash");
    // Restart the animation on the next frame.
    let el2 = el.clone();
    gloo::timers::callback::Timeout::new(20, move || {
        let _ = el2.class_list().add_1("flash");
    })
    .forget();
}

/// Decode bytes as GB18030 with the browser's decoder.
fn decode_gb18030(bytes: &[u8]) -> Option<String> {
    let decoder = web_sys::TextDecoder::new_with_label("gb18030").ok()?;
    decoder.decode_with_u8_array(bytes).ok()
}

/// Read a dropped or chosen file into text the core reads, with a notice for the user.
/// Unsupported formats and unreadable files give an error message (never silence).
pub async fn read_file(file: web_sys::File, lang: Lang) -> Result<(String, String), String> {
    let name = file.name();
    let kind = convert::file_kind(&name);
    if kind == FileKind::Unsupported {
        let ext = convert::extension(&name);
        let ext = if ext.is_empty() {
            "?".to_string()
        } else {
            format!(".{ext}")
        };
        return Err(tf(
            lang,
            Key::FileUnsupported,
            &[("name", &name), ("ext", &ext)],
        ));
    }
    let size = file.size();
    let blob = gloo::file::Blob::from(file);
    let bytes = gloo::file::futures::read_as_bytes(&blob)
        .await
        .map_err(|e| {
            tf(
                lang,
                Key::FileReadFailed,
                &[("name", &name), ("error", &e.to_string())],
            )
        })?;
    let (encoding, text) = convert::decode(&bytes);
    let (text, note) = match (encoding, text) {
        (_, Some(text)) => (
            text,
            tf(
                lang,
                Key::FileLoaded,
                &[("name", &name), ("size", &human_size(size))],
            ),
        ),
        (Encoding::NeedsGb18030, None) | (_, None) => match decode_gb18030(&bytes) {
            Some(text) => (text, tf(lang, Key::FileDecodedGb, &[("name", &name)])),
            None => {
                return Err(tf(
                    lang,
                    Key::FileReadFailed,
                    &[("name", &name), ("error", "not text")],
                ))
            }
        },
    };
    let text = match kind {
        FileKind::Csv => convert::csv_to_tsv(&text),
        _ => text,
    };
    Ok((text, note))
}

fn human_size(bytes: f64) -> String {
    crate::convert::human_size(bytes.max(0.0) as u64)
}

/// The URL `path` resolved against `base` (or the page), and whether it is same-origin.
pub fn resolve(path: &str, base: Option<&str>) -> Option<(String, bool)> {
    let window = web_sys::window()?;
    let href = window.location().href().ok()?;
    let base_url = base.unwrap_or(&href);
    let url = web_sys::Url::new_with_base(path, base_url).ok()?;
    let origin = window.location().origin().ok()?;
    Some((url.href(), url.origin() == origin))
}
