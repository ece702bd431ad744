//! Run the whole check (parse + rules + report) repeatedly on one file, for profilers:
//! `cargo build --release --example profile_check && valgrind --tool=callgrind
//! target/release/examples/profile_check FILE [N]`.

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: profile_check FILE [N]");
    let n: usize = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(50);
    let text = std::fs::read_to_string(path).expect("readable file");
    let mut findings = 0;
    for _ in 0..n {
        findings += juesuan::check(std::hint::black_box(&text)).findings.len();
    }
    println!("{findings}");
}
