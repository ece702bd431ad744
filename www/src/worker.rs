//! The Web Worker that runs the check, so a large paste never freezes the page.

use crate::analysis::{analyze_report, export_json, Answer};
use gloo::worker::{HandlerId, Worker, WorkerScope};

/// Input: (generation, text). Outputs, for each input: (generation, `Answer::Checked`,
/// milliseconds the check took here), then (generation, `Answer::Json`, 0).
pub struct CheckWorker;

impl Worker for CheckWorker {
    type Message = ();
    type Input = (u64, String);
    type Output = (u64, Answer, f64);

    fn create(_scope: &WorkerScope<Self>) -> Self {
        CheckWorker
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: ()) {}

    fn received(
        &mut self,
        scope: &WorkerScope<Self>,
        (generation, text): Self::Input,
        id: HandlerId,
    ) {
        let start = now();
        let (checked, report) = analyze_report(&text);
        scope.respond(id, (generation, Answer::Checked(checked), now() - start));
        scope.respond(id, (generation, Answer::Json(export_json(&report)), 0.0));
    }
}

/// performance.now() in a window or a worker (ms); 0 where there is no clock.
pub fn now() -> f64 {
    use wasm_bindgen::JsCast;
    let global = js_sys::global();
    if let Some(w) = global.dyn_ref::<web_sys::Window>() {
        return w.performance().map_or(0.0, |p| p.now());
    }
    global
        .dyn_ref::<web_sys::WorkerGlobalScope>()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}
