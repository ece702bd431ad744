//! `docs/rules.md` is generated from the rule registry; this test regenerates it and fails when
//! the committed file is out of date (run `scripts/bless.sh`, or this test with `BLESS=1`).

#[test]
fn rules_doc_is_up_to_date() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let want = juesuan::rules::docs_markdown();
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    if have != want {
        if std::env::var_os("BLESS").is_some() {
            std::fs::write(&path, &want).unwrap();
        } else {
            panic!("docs/rules.md is out of date: run scripts/bless.sh");
        }
    }
}
