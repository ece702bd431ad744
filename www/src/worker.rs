//! The Web Worker that runs the check, so a large paste never freezes the page.

use crate::analysis::{analyze, Checked};
use gloo::worker::{HandlerId, Worker, WorkerScope};

/// Input: (generation, text); output: (generation, result, milliseconds the check took here).
pub struct CheckWorker;

impl Worker for CheckWorker {
    type Message = ();
    type Input = (u64, String);
    type Output = (u64, Checked, f64);

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
        let checked = analyze(&text);
        scope.respond(id, (generation, checked, now() - start));
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
