//! Print a compact view of what the parser read (a debugging aid).
fn main() {
    let path = std::env::args().nth(1).expect("usage: dump FILE");
    let bytes = std::fs::read(&path).expect("read");
    let text = String::from_utf8_lossy(&bytes);
    let p = juesuan::parse(&text);
    let d = &p.document;
    println!(
        "class={:?} unit={:?} year={:?} kind={:?}",
        d.class, d.unit, d.year, d.kind
    );
    for t in &d.tables {
        println!(
            "== [{}] {:?} '{}' num={:?} unit={:?} org={:?} lines {}-{}",
            t.id,
            t.kind,
            t.title,
            t.printed_number,
            t.unit,
            t.organisation,
            t.first_line,
            t.last_line
        );
        for (bi, b) in t.blocks.iter().enumerate() {
            let cols: Vec<String> = b
                .columns
                .iter()
                .map(|c| {
                    format!(
                        "{}{}",
                        c.path(),
                        c.number.map(|n| format!("#{n}")).unwrap_or_default()
                    )
                })
                .collect();
            println!("  block {bi} {:?} cols={:?}", b.name, cols);
            for r in &b.rows {
                let cells: Vec<&str> = r
                    .cells
                    .iter()
                    .map(|c| {
                        if c.raw.is_empty() {
                            "·"
                        } else {
                            c.raw.as_str()
                        }
                    })
                    .collect();
                println!(
                    "    L{} {:?} {} {:?} {:?}",
                    r.line,
                    r.code.as_ref().map(|c| c.digits.as_str()),
                    r.label,
                    r.number,
                    cells
                );
            }
        }
        for n in &t.notes {
            println!("  note: {}", n.text);
        }
    }
    for f in &p.findings {
        println!(
            "finding {} {:?} L{}:{} {}",
            f.rule, f.severity, f.location.line, f.location.column, f.message
        );
    }
}
