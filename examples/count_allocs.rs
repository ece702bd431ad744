//! Count the heap allocations of reading and checking one file (the first, warm-up check is
//! reported apart: it builds the lazily made tables):
//! `cargo run --release --example count_allocs -- FILE`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;

static ALLOCS: AtomicUsize = AtomicUsize::new(0);
static REALLOCS: AtomicUsize = AtomicUsize::new(0);
static BYTES: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on to the system allocator unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        BYTES.fetch_add(layout.size(), Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        REALLOCS.fetch_add(1, Relaxed);
        BYTES.fetch_add(new_size, Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn report(stage: &str) {
    eprintln!(
        "{stage:>8}: {} allocations, {} reallocations, {} bytes",
        ALLOCS.swap(0, Relaxed),
        REALLOCS.swap(0, Relaxed),
        BYTES.swap(0, Relaxed)
    );
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: count_allocs FILE");
    let text = std::fs::read_to_string(path).expect("readable file");
    report("start");
    std::hint::black_box(juesuan::check(&text));
    report("warm-up");
    let parsed = juesuan::parse(&text);
    report("parse");
    std::hint::black_box(juesuan::rules::run_all(&parsed.document));
    report("rules");
    std::hint::black_box(juesuan::check(&text));
    report("check");
}
