//! Parse one file repeatedly, for profilers:
//! `cargo build --release --example profile_parse && valgrind --tool=callgrind
//! target/release/examples/profile_parse FILE [N]`. With N = 0 it prints the parsed document
//! (`{:#?}`) instead, to compare the parser's output before and after a change.

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: profile_parse FILE [N]");
    let n: usize = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(50);
    let bytes = std::fs::read(path).expect("readable file");
    let text = String::from_utf8_lossy(&bytes);
    if n == 0 {
        println!("{:#?}", juesuan::parse(&text));
        return;
    }
    let mut items = 0;
    for _ in 0..n {
        let parsed = juesuan::parse(std::hint::black_box(&text));
        items += parsed.document.tables.len() + parsed.document.figures.len();
    }
    println!("{items}");
}
