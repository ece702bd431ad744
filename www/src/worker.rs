//! The Web Worker that runs the check, so a large paste never freezes the page.

use crate::analysis::{analyze, Checked};
use gloo::worker::{HandlerId, Worker, WorkerScope};

/// Input: (generation, text); output: (generation, result).
pub struct CheckWorker;

impl Worker for CheckWorker {
    type Message = ();
    type Input = (u64, String);
    type Output = (u64, Checked);

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
        scope.respond(id, (generation, analyze(&text)));
    }
}
