//! The worker's entry point (Trunk builds it with `data-type="worker"` as an ES module). The
//! same module is the JS API (`check`, `rules`, `version`) for pages that import it, and the
//! page's own checker when no worker may be started; there `main` does nothing.

#[cfg(target_arch = "wasm32")]
pub use juesuan_web::api::*;

#[cfg(target_arch = "wasm32")]
fn main() {
    use gloo::worker::Registrable;
    use wasm_bindgen::JsCast;
    if js_sys::global()
        .dyn_into::<web_sys::WorkerGlobalScope>()
        .is_ok()
    {
        juesuan_web::worker::CheckWorker::registrar().register();
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
