//! The JS API, for pages that embed the checker without its UI. It lives in the worker's module
//! (`juesuan-worker.js`), which carries the core, so the page's own module stays small:
//!
//! ```js
//! const { check } = await (await import('https://your.host/juesuan/embed.js')).load();
//! const report = check(text, { path: '2022决算.txt' });
//! report.findings[0].message   // same shape as `juesuan check --format json`
//! ```

use juesuan::json::ReportJson;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

/// `check`'s options (all optional).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Options {
    /// The name the report gives the input (the CLI's `path`); default "粘贴内容".
    path: Option<String>,
}

fn serializer() -> serde_wasm_bindgen::Serializer {
    // Maps as plain objects and None as null: exactly what JSON.parse of the CLI's line gives.
    serde_wasm_bindgen::Serializer::json_compatible()
}

/// Check a disclosure's text. Returns the CLI's JSON shape (`ReportJson`) as a JS object:
/// `{path, unit, year, kind, tables, findings}`; amounts are decimal strings.
#[wasm_bindgen]
pub fn check(text: &str, options: JsValue) -> Result<JsValue, JsError> {
    let options: Options = if options.is_undefined() || options.is_null() {
        Options::default()
    } else {
        serde_wasm_bindgen::from_value(options).map_err(|e| JsError::new(&e.to_string()))?
    };
    let path = options
        .path
        .unwrap_or_else(|| crate::analysis::INPUT_NAME.to_string());
    let report = juesuan::check(text);
    ReportJson::new(&path, &report)
        .serialize(&serializer())
        .map_err(|e| JsError::new(&e.to_string()))
}

/// The rule catalogue: `[{id, severity, summary, summary_en, doc}]`.
#[wasm_bindgen]
pub fn rules() -> Result<JsValue, JsError> {
    #[derive(Serialize)]
    struct RuleJson {
        id: &'static str,
        severity: &'static str,
        summary: &'static str,
        summary_en: &'static str,
        doc: &'static str,
    }
    let list: Vec<RuleJson> = juesuan::rules::RULES
        .iter()
        .map(|r| RuleJson {
            id: r.id,
            severity: r.severity.as_str(),
            summary: r.summary,
            summary_en: r.summary_en,
            doc: r.doc,
        })
        .collect();
    list.serialize(&serializer())
        .map_err(|e| JsError::new(&e.to_string()))
}

/// The crate version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// The page's own check, when it cannot start a worker (a host page's policy forbids it): the
/// answers the worker sends (`Answer::Checked`, then `Answer::Json`), encoded the same way
/// (bincode bytes of the pair).
#[wasm_bindgen(js_name = analyzeForPage)]
pub fn analyze_for_page(text: &str) -> JsValue {
    use crate::analysis::{analyze_report, export_json, Answer};
    use gloo::worker::Codec;
    let (checked, report) = analyze_report(text);
    let answers = (Answer::Checked(checked), Answer::Json(export_json(&report)));
    gloo::worker::Bincode::encode(answers)
}
