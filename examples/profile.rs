//! Run the checker repeatedly on one file, for profilers:
//! `cargo build --release --example profile && perf record target/release/examples/profile FILE`.

fn main() {
    let path = std::env::args().nth(1).expect("usage: profile FILE [N]");
    let n: usize = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(50);
    let text = std::fs::read_to_string(path).expect("readable file");
    let document = juesuan::parse(&text).document;
    let mut findings = 0;
    for _ in 0..n {
        findings += juesuan::rules::run_all(&document).len();
    }
    println!("{findings}");
}
