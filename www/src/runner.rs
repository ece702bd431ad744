//! Where checks run. The page's own module carries no checker (it would double the first
//! download); the worker's module does. So:
//!
//! 1. In a Web Worker, when one can be started: on the app's own origin from Trunk's loader
//!    script; embedded in a page of another origin (browsers start workers only from the page's
//!    origin) from a `blob:` script that imports the worker's module by its absolute URL.
//! 2. Otherwise (the host page's policy forbids workers, or the worker never answers), on the
//!    page: the worker's module is imported into the page and its `analyzeForPage` called.
//!
//! Answers are paired with the text they were asked about; stale ones are dropped.
//!
//! The worker is started (`prestart`) before the app's first render, so that it loads and
//! compiles on the other core while the page lays out; the runner, made after the first render,
//! takes it over.

use crate::analysis::{Answer, Checked, Timing};
use crate::web;
use crate::worker::{now, CheckWorker};
use gloo::timers::callback::Timeout;
use gloo::worker::{Bincode, Codec, Spawnable, WorkerBridge};
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;

/// The worker's module, relative to the app's files.
const WORKER_JS: &str = "juesuan-worker.js";
/// Trunk's loader for it (same origin only).
const WORKER_LOADER: &str = "juesuan-worker_loader.js";
/// The worker's wasm, for loading its module into the page.
const WORKER_WASM: &str = "juesuan-worker_bg.wasm";
/// How long a worker may stay silent before its first answer before the page checks by itself
/// (a worker the host page's policy blocks never answers; a first check of a 10 MB paste takes
/// a few seconds).
const FIRST_ANSWER_MS: u32 = 20_000;

#[wasm_bindgen(inline_js = "export async function load_module(js, wasm) {\
    const m = await import(js);\
    await m.default({ module_or_path: wasm });\
    return m;\
}\
export function may_start_blob_worker(ms) {\
    return new Promise((resolve) => {\
        let worker, url, timer;\
        const done = (ok) => {\
            clearTimeout(timer);\
            if (worker) worker.terminate();\
            if (url) URL.revokeObjectURL(url);\
            resolve(ok);\
        };\
        try {\
            url = URL.createObjectURL(new Blob(['postMessage(1)'], { type: 'text/javascript' }));\
            worker = new Worker(url, { type: 'module' });\
        } catch (e) {\
            done(false);\
            return;\
        }\
        timer = setTimeout(() => done(false), ms);\
        worker.onmessage = () => done(true);\
        worker.onerror = () => done(false);\
    });\
}")]
extern "C" {
    /// Import the worker's module into the page and instantiate its wasm.
    #[wasm_bindgen(catch)]
    async fn load_module(js: &str, wasm: &str) -> Result<JsValue, JsValue>;
    /// Whether this page may start a `blob:` module worker (a host page's CSP may forbid it):
    /// resolves to a boolean once a trial worker has spoken, failed, or `ms` have passed.
    async fn may_start_blob_worker(ms: u32) -> JsValue;
}

/// How long the trial worker may take to say it runs.
const TRIAL_MS: u32 = 3_000;

/// What the runner tells the app.
pub enum Event {
    /// The answer for `generation` (whose text was `text`).
    Checked {
        generation: u64,
        text: Rc<str>,
        checked: Checked,
        timing: Timing,
    },
    /// The CLI's JSON of the result of `generation`, for export (sent after `Checked`).
    Json { generation: u64, json: String },
    /// The check moved from the worker to the page.
    OnPage,
    /// The checker could not be loaded at all (the message says why).
    Failed(String),
}

enum Mode {
    /// Finding out whether a worker may be started here.
    Starting,
    Worker(WorkerBridge<CheckWorker>),
    Page,
}

/// Runs checks and reports [`Event`]s.
pub struct Runner {
    base: Option<String>,
    report: Rc<dyn Fn(Event)>,
    mode: RefCell<Mode>,
    /// The text last asked about.
    last: RefCell<Option<(u64, Rc<str>)>>,
    /// When it was asked (performance.now(), ms).
    asked_at: Cell<f64>,
    /// Whether the worker has answered once.
    answered: Cell<bool>,
    watchdog: RefCell<Option<Timeout>>,
    /// The page's copy of `analyzeForPage`, once loaded.
    page_fn: RefCell<Option<js_sys::Function>>,
    page_loading: Cell<bool>,
}

impl Runner {
    /// A runner for the app whose files are at `base` (None: the page's own location).
    pub fn new(base: Option<String>, report: impl Fn(Event) + 'static) -> Rc<Runner> {
        web::mark("juesuan-runner");
        let runner = Rc::new_cyclic(|weak: &Weak<Runner>| {
            let mode = match web::resolve(WORKER_LOADER, base.as_deref()) {
                // The app's own page: its CSP allows workers from 'self'.
                Some((loader, true)) => {
                    Mode::Worker(take_early(&loader, weak).unwrap_or_else(|| {
                        spawner(Rc::new(RefCell::new(weak.clone())))
                            .with_loader(true)
                            .spawn(&loader)
                    }))
                }
                // Another origin: see below.
                Some((_, false)) => Mode::Starting,
                None => Mode::Page,
            };
            Runner {
                base,
                report: Rc::new(report),
                mode: RefCell::new(mode),
                last: RefCell::new(None),
                asked_at: Cell::new(0.0),
                answered: Cell::new(false),
                watchdog: RefCell::new(None),
                page_fn: RefCell::new(None),
                page_loading: Cell::new(false),
            }
        });
        if matches!(*runner.mode.borrow(), Mode::Starting) {
            // Browsers start workers only from the page's own origin: gloo starts ours from a
            // blob: script that imports the worker's module by its absolute URL, if this page
            // allows blob: workers at all.
            let weak = Rc::downgrade(&runner);
            wasm_bindgen_futures::spawn_local(async move {
                let allowed = may_start_blob_worker(TRIAL_MS).await.is_truthy();
                let Some(this) = weak.upgrade() else {
                    return;
                };
                let module = web::resolve(WORKER_JS, this.base.as_deref()).map(|(m, _)| m);
                match module.filter(|_| allowed) {
                    Some(module) => {
                        let target = Rc::new(RefCell::new(weak.clone()));
                        let bridge = spawner(target).with_loader(false).spawn(&module);
                        *this.mode.borrow_mut() = Mode::Worker(bridge);
                        let last = this.last.borrow_mut().take();
                        if let Some((generation, text)) = last {
                            this.run(generation, text);
                        }
                    }
                    None => this.move_to_page(),
                }
            });
        }
        runner
    }

    /// Check `text` (answer tagged `generation`).
    pub fn run(self: &Rc<Self>, generation: u64, text: Rc<str>) {
        *self.last.borrow_mut() = Some((generation, text.clone()));
        self.asked_at.set(now());
        let sent = match &*self.mode.borrow() {
            Mode::Starting => return, // run when the worker is known
            Mode::Worker(bridge) => {
                bridge.send((generation, text.to_string()));
                true
            }
            Mode::Page => false,
        };
        if !sent {
            self.run_on_page();
        } else if !self.answered.get() && self.watchdog.borrow().is_none() {
            let weak = Rc::downgrade(self);
            *self.watchdog.borrow_mut() = Some(Timeout::new(FIRST_ANSWER_MS, move || {
                if let Some(this) = weak.upgrade() {
                    if !this.answered.get() {
                        this.move_to_page();
                    }
                }
            }));
        }
    }

    fn answer(&self, generation: u64, checked: Checked, check_ms: f64) {
        let in_worker = matches!(*self.mode.borrow(), Mode::Worker(_));
        let timing = Timing::from_ms(check_ms, now() - self.asked_at.get(), in_worker);
        if !self.answered.get() {
            // For measuring the cold load: navigation start → first result.
            web::mark("juesuan-first-result");
            web::announce("juesuan-ready");
        }
        self.answered.set(true);
        self.watchdog.borrow_mut().take();
        let text = match &*self.last.borrow() {
            Some((g, text)) if *g == generation => text.clone(),
            _ => return,
        };
        (self.report)(Event::Checked {
            generation,
            text,
            checked,
            timing,
        });
    }

    /// The export JSON of a result already answered.
    fn json(&self, generation: u64, json: String) {
        let current = matches!(&*self.last.borrow(), Some((g, _)) if *g == generation);
        if current {
            (self.report)(Event::Json { generation, json });
        }
    }

    fn move_to_page(self: &Rc<Self>) {
        *self.mode.borrow_mut() = Mode::Page;
        (self.report)(Event::OnPage);
        self.run_on_page();
    }

    /// Check the last text on the page, loading the worker's module first if need be.
    fn run_on_page(self: &Rc<Self>) {
        let Some((generation, text)) = self.last.borrow().clone() else {
            return;
        };
        let f = self.page_fn.borrow().clone();
        if let Some(f) = f {
            let start = now();
            match f.call1(&JsValue::NULL, &JsValue::from_str(&text)) {
                Ok(bytes) => {
                    let check_ms = now() - start;
                    match Bincode::decode(bytes) {
                        (Answer::Checked(checked), Answer::Json(json)) => {
                            self.answer(generation, checked, check_ms);
                            self.json(generation, json);
                        }
                        _ => (self.report)(Event::Failed("analyzeForPage?".to_string())),
                    }
                }
                Err(e) => (self.report)(Event::Failed(describe(&e))),
            }
            return;
        }
        if self.page_loading.replace(true) {
            return; // the load under way runs the last text when it is done
        }
        let (Some((js, _)), Some((wasm, _))) = (
            web::resolve(WORKER_JS, self.base.as_deref()),
            web::resolve(WORKER_WASM, self.base.as_deref()),
        ) else {
            (self.report)(Event::Failed(format!("{WORKER_JS}?")));
            return;
        };
        let weak = Rc::downgrade(self);
        wasm_bindgen_futures::spawn_local(async move {
            let loaded = load_module(&js, &wasm).await.and_then(|m| {
                js_sys::Reflect::get(&m, &JsValue::from_str("analyzeForPage"))?
                    .dyn_into::<js_sys::Function>()
            });
            let Some(this) = weak.upgrade() else {
                return;
            };
            this.page_loading.set(false);
            match loaded {
                Ok(f) => {
                    *this.page_fn.borrow_mut() = Some(f);
                    this.run_on_page();
                }
                Err(e) => (this.report)(Event::Failed(describe(&e))),
            }
        });
    }
}

/// Where a worker's answers go: the runner, once there is one.
type Target = Rc<RefCell<Weak<Runner>>>;

thread_local! {
    /// The worker `prestart` started (its loader's URL, the bridge, its target), until a runner
    /// takes it.
    static EARLY: RefCell<Option<(String, WorkerBridge<CheckWorker>, Target)>> =
        const { RefCell::new(None) };
}

/// Start the worker now (on the page's own origin only; elsewhere the runner first finds out
/// whether it may), for the runner made later with the same `base`.
pub fn prestart(base: Option<&str>) {
    let Some((loader, true)) = web::resolve(WORKER_LOADER, base) else {
        return;
    };
    let started = EARLY.with(|early| {
        early
            .borrow()
            .as_ref()
            .is_some_and(|(url, _, _)| *url == loader)
    });
    if !started {
        let target = Target::default();
        let bridge = spawner(target.clone()).with_loader(true).spawn(&loader);
        EARLY.with(|early| *early.borrow_mut() = Some((loader, bridge, target)));
    }
}

/// The worker `prestart` started from `loader`, from now on answering `runner`.
fn take_early(loader: &str, runner: &Weak<Runner>) -> Option<WorkerBridge<CheckWorker>> {
    let (url, bridge, target) = EARLY.with(|early| early.borrow_mut().take())?;
    if url != loader {
        return None; // dropping the bridge ends that worker
    }
    *target.borrow_mut() = runner.clone();
    Some(bridge)
}

/// A worker spawner whose answers go to `target`'s runner.
fn spawner(target: Target) -> gloo::worker::WorkerSpawner<CheckWorker> {
    let mut spawner = CheckWorker::spawner();
    spawner
        .as_module(true)
        .callback(move |(generation, answer, check_ms): (u64, Answer, f64)| {
            let runner = target.borrow().upgrade();
            if let Some(runner) = runner {
                match answer {
                    Answer::Checked(checked) => runner.answer(generation, checked, check_ms),
                    Answer::Json(json) => runner.json(generation, json),
                }
            }
        });
    spawner
}

fn describe(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| format!("{e:?}"))
}
