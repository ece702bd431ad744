//! How long reading and checking a whole disclosure takes.
//!
//! `cargo bench --bench parse`. The inputs are a tab-separated 决算 (000) and a space-aligned
//! 预算 copied from a PDF (Wuxi). It measures with the allocator the CLI uses (mimalloc, with the
//! default `cli` feature); `--no-default-features` measures with the system allocator.

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

#[cfg(feature = "cli")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SAMPLES: &[(&str, &str)] = &[
    ("000", include_str!("../tests/fixtures/samples/000.txt")),
    (
        "wuxi",
        include_str!("../tests/fixtures/samples/2026-wuxi-emergency-budget.txt"),
    ),
];

fn bench(c: &mut Criterion) {
    for (name, input) in SAMPLES {
        c.bench_function(&format!("parse/{name}"), |b| {
            b.iter(|| juesuan::parse(black_box(input)))
        });
        c.bench_function(&format!("check/{name}"), |b| {
            b.iter(|| juesuan::check(black_box(input)))
        });
        let document = juesuan::parse(input).document;
        c.bench_function(&format!("rules/{name}"), |b| {
            b.iter(|| juesuan::rules::run_all(black_box(&document)))
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
