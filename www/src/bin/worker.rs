//! The worker's entry point (Trunk builds it with `data-type="worker"`).

#[cfg(target_arch = "wasm32")]
fn main() {
    use gloo::worker::Registrable;
    juesuan_web::worker::CheckWorker::registrar().register();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
