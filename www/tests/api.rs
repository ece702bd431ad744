//! The JS API in a real browser (wasm-bindgen-test, headless Chromium): `check` returns the
//! CLI's JSON shape, the same findings as the core, and plain JS values (null, strings).
#![cfg(all(target_arch = "wasm32", feature = "worker"))]

use juesuan_web::api;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn get(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &key.into()).unwrap()
}

#[wasm_bindgen_test]
fn check_returns_the_cli_json_shape() {
    let report = api::check(juesuan_web::SAMPLE, JsValue::UNDEFINED).unwrap();
    // Identical to the CLI's JSON line, parsed.
    let cli = juesuan::json::ReportJson::new("粘贴内容", &juesuan::check(juesuan_web::SAMPLE));
    let expected = js_sys::JSON::parse(&serde_json::to_string(&cli).unwrap()).unwrap();
    let got = js_sys::JSON::stringify(&report).unwrap();
    let want = js_sys::JSON::stringify(&expected).unwrap();
    assert_eq!(String::from(got), String::from(want));

    let findings: js_sys::Array = get(&report, "findings").dyn_into().unwrap();
    assert!(findings.length() > 0);
    let first = findings.get(0);
    for key in [
        "rule",
        "severity",
        "message",
        "message_en",
        "line",
        "column",
        "related",
    ] {
        assert!(!get(&first, key).is_undefined(), "{key}");
    }
    assert!(get(&report, "unit").is_string());
}

#[wasm_bindgen_test]
fn options_name_the_input_and_missing_values_are_null() {
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"path".into(), &"a.txt".into()).unwrap();
    let report = api::check("", options.into()).unwrap();
    assert_eq!(get(&report, "path").as_string().as_deref(), Some("a.txt"));
    assert!(get(&report, "year").is_null());
    assert!(get(&report, "unit").is_null());
}

#[wasm_bindgen_test]
fn bad_options_are_an_error_not_a_panic() {
    assert!(api::check("x", JsValue::from(5)).is_err());
}

#[wasm_bindgen_test]
fn rules_lists_the_registry() {
    let rules: js_sys::Array = api::rules().unwrap().dyn_into().unwrap();
    assert_eq!(rules.length() as usize, juesuan::rules::RULES.len());
    assert!(get(&rules.get(0), "id").is_string());
}

#[wasm_bindgen_test]
fn the_page_fallback_gives_what_the_worker_sends() {
    use gloo::worker::{Bincode, Codec};
    use juesuan_web::analysis::{analyze_report, export_json, Answer};
    let bytes = api::analyze_for_page(juesuan_web::SAMPLE);
    let answers: (Answer, Answer) = Bincode::decode(bytes);
    let (checked, report) = analyze_report(juesuan_web::SAMPLE);
    assert!(checked.counts().error > 0);
    // The result, then the export JSON, as the worker sends them.
    assert_eq!(
        answers,
        (Answer::Checked(checked), Answer::Json(export_json(&report)))
    );
}
