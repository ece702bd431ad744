//! The `juesuan` binary end to end: exit codes, input handling and the JSON Lines shape.
//!
//! These tests hold whatever the readers and rules find: they check the contract of the
//! command line (exit code agrees with the findings, the JSON has exactly the documented keys),
//! not particular findings, except for inputs whose outcome the reader guarantees.

use serde_json::{Map, Value};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const SAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/samples");

/// A narrative with a disclosure title and no tables or figures: read as narrative-only, which is
/// a warning, never an error.
const NARRATIVE: &str = "\
某某市某某管理局2024年度部门决算

第一部分 部门概况
一、部门职责
负责全市某某管理工作的统筹协调、监督检查和政策研究，组织实施有关规划和标准。
二、机构设置
本部门内设办公室、综合业务科和监督检查科，另有下属事业单位一个。
第二部分 部门决算表
部门决算表格见附件。
";

fn juesuan() -> Command {
    Command::new(env!("CARGO_BIN_EXE_juesuan"))
}

fn run(args: &[&str]) -> Output {
    juesuan().args(args).output().expect("run juesuan")
}

fn run_with_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = juesuan()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start juesuan");
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().expect("run juesuan")
}

/// A file with the given bytes in a directory of its own for this test.
fn temp_file(test: &str, name: &str, bytes: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli")
        .join(test);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("exited normally")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

/// The JSON Lines of `check --format json`, each checked against the documented shape.
fn json_lines(output: &Output) -> Vec<Value> {
    stdout(output)
        .lines()
        .map(|line| {
            let value: Value = serde_json::from_str(line).expect("each line is one JSON value");
            assert_report_shape(&value);
            value
        })
        .collect()
}

fn object(value: &Value) -> &Map<String, Value> {
    value
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {value}"))
}

fn assert_keys(value: &Value, keys: &[&str]) {
    let mut have: Vec<&str> = object(value).keys().map(String::as_str).collect();
    have.sort_unstable();
    let mut want = keys.to_vec();
    want.sort_unstable();
    assert_eq!(have, want, "keys of {value}");
}

fn is_str_or_null(v: &Value) -> bool {
    v.is_string() || v.is_null()
}

fn assert_report_shape(report: &Value) {
    assert_keys(
        report,
        &["path", "unit", "year", "kind", "tables", "findings"],
    );
    assert!(report["path"].is_string());
    assert!(is_str_or_null(&report["unit"]));
    assert!(report["year"].is_i64() || report["year"].is_null());
    assert!(
        matches!(report["kind"].as_str(), Some("final" | "budget")) || report["kind"].is_null()
    );
    for table in report["tables"].as_array().expect("tables is an array") {
        assert_keys(table, &["id", "title", "line"]);
        assert!(table["id"].is_string() && table["title"].is_string());
        assert!(table["line"].as_u64().is_some_and(|l| l >= 1));
    }
    for finding in report["findings"].as_array().expect("findings is an array") {
        assert_keys(
            finding,
            &[
                "rule",
                "severity",
                "message",
                "line",
                "column",
                "table",
                "stated",
                "expected",
                "difference",
                "allowance",
                "related",
                "message_en",
                "help",
                "help_en",
            ],
        );
        assert!(finding["rule"].is_string() && finding["message"].is_string());
        assert!(matches!(
            finding["severity"].as_str(),
            Some("error" | "warning" | "info")
        ));
        assert!(finding["line"].as_u64().is_some_and(|l| l >= 1));
        assert!(finding["column"].as_u64().is_some_and(|c| c >= 1));
        assert!(is_str_or_null(&finding["table"]));
        assert!(finding["message_en"].is_string());
        assert!(is_str_or_null(&finding["help"]) && is_str_or_null(&finding["help_en"]));
        assert_eq!(
            finding["help"].is_null(),
            finding["help_en"].is_null(),
            "help and help_en come together: {finding}"
        );
        for amount in [
            &finding["stated"],
            &finding["expected"],
            &finding["difference"],
            &finding["allowance"],
        ] {
            assert!(is_str_or_null(amount));
            if let Some(s) = amount.as_str() {
                assert!(
                    s.parse::<rust_decimal::Decimal>().is_ok(),
                    "decimal string: {s}"
                );
            }
        }
        for related in finding["related"].as_array().expect("related is an array") {
            assert_keys(
                related,
                &["line", "column", "message", "message_en", "value"],
            );
            assert!(related["message"].is_string() && related["message_en"].is_string());
            assert!(related["line"].as_u64().is_some_and(|l| l >= 1));
            assert!(related["column"].as_u64().is_some_and(|c| c >= 1));
        }
    }
}

fn has_error(report: &Value) -> bool {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["severity"] == "error")
}

fn rules(report: &Value) -> Vec<&str> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect()
}

#[test]
fn empty_file_is_an_error() {
    let path = temp_file("empty", "empty.txt", b"");
    let path = path.to_str().unwrap();

    let text = run(&["check", path]);
    assert_eq!(code(&text), 1, "{}", stderr(&text));
    let out = stdout(&text);
    assert!(
        out.contains(&format!("{path}:1:1: error[input.no-text]: ")),
        "{out}"
    );
    assert!(
        out.ends_with(&format!(
            "{path}: 1 个错误，0 个警告，0 个提示（识别公开表 0 张、其他表 0 张）\n"
        )),
        "{out}"
    );

    let json = run(&["check", "--format", "json", path]);
    assert_eq!(code(&json), 1);
    let lines = json_lines(&json);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["path"], path);
    assert_eq!(rules(&lines[0]), ["input.no-text"]);
    assert!(lines[0]["tables"].as_array().unwrap().is_empty());
}

#[test]
fn narrative_without_errors_exits_zero() {
    let path = temp_file("narrative", "narrative.txt", NARRATIVE.as_bytes());
    let output = run(&["check", "--format=json", path.to_str().unwrap()]);
    assert_eq!(code(&output), 0, "{}", stdout(&output));
    let lines = json_lines(&output);
    assert_eq!(lines.len(), 1);
    assert!(!has_error(&lines[0]));
    assert_eq!(lines[0]["year"], 2024);
    assert_eq!(lines[0]["kind"], "final");
}

#[test]
fn missing_file_exits_two_and_the_others_are_still_checked() {
    let good = temp_file("missing", "narrative.txt", NARRATIVE.as_bytes());
    let empty = temp_file("missing", "empty.txt", b"");
    let missing = good.with_file_name("does-not-exist.txt");
    let (good, empty, missing) = (
        good.to_str().unwrap(),
        empty.to_str().unwrap(),
        missing.to_str().unwrap(),
    );

    let output = run(&["check", "--format", "json", missing, good]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).starts_with(&format!("{missing}: error: ")),
        "{}",
        stderr(&output)
    );
    let lines = json_lines(&output);
    assert_eq!(lines.len(), 1, "the missing file gives no JSON line");
    assert_eq!(lines[0]["path"], good);

    // 2 wins over 1.
    let output = run(&["check", empty, missing]);
    assert_eq!(code(&output), 2);
    assert!(stdout(&output).contains("error[input.no-text]"));
}

#[test]
fn non_utf8_file_exits_two() {
    // "部门决算" in GBK.
    let gbk = temp_file("gbk", "gbk.txt", b"\xb2\xbf\xc3\xc5\xbe\xf6\xcb\xe3\n");
    let good = temp_file("gbk", "narrative.txt", NARRATIVE.as_bytes());
    let output = run(&["check", gbk.to_str().unwrap(), good.to_str().unwrap()]);
    assert_eq!(code(&output), 2);
    let err = stderr(&output);
    assert!(
        err.starts_with(&format!("{}: error: 不是 UTF-8 文本", gbk.display())),
        "{err}"
    );
    let out = stdout(&output);
    assert!(
        out.contains(&format!("{}: 0 个错误", good.display())),
        "{out}"
    );
    assert!(!out.contains(gbk.to_str().unwrap()), "{out}");
}

#[test]
fn utf16_with_a_byte_order_mark_is_decoded() {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(NARRATIVE.encode_utf16().flat_map(u16::to_le_bytes));
    let path = temp_file("utf16", "utf16le.txt", &bytes);
    let utf16 = run(&["check", "--format", "json", path.to_str().unwrap()]);
    let utf8 = run_with_stdin(&["check", "--format", "json"], NARRATIVE.as_bytes());
    assert_eq!(code(&utf16), code(&utf8));
    let (mut a, mut b) = (json_lines(&utf16), json_lines(&utf8));
    a[0]["path"] = Value::Null;
    b[0]["path"] = Value::Null;
    assert_eq!(a, b);
}

#[test]
fn stdin_is_read_for_dash_and_for_no_file() {
    for args in [
        &["check", "--format", "json", "-"][..],
        &["check", "--format", "json"][..],
    ] {
        let output = run_with_stdin(args, b"");
        assert_eq!(code(&output), 1, "{args:?}");
        let lines = json_lines(&output);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0]["path"], "<stdin>");
        assert_eq!(rules(&lines[0]), ["input.no-text"]);
    }
    let output = run_with_stdin(&["check", "-"], NARRATIVE.as_bytes());
    assert_eq!(code(&output), 0);
    assert!(
        stdout(&output).contains("<stdin>: 0 个错误"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn two_files_give_two_json_lines_in_order() {
    let a = temp_file("two", "a.txt", NARRATIVE.as_bytes());
    let b = temp_file("two", "b.txt", b"");
    let output = run(&[
        "check",
        "--format",
        "json",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
    ]);
    assert_eq!(code(&output), 1);
    let lines = json_lines(&output);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["path"], a.to_str().unwrap());
    assert_eq!(lines[1]["path"], b.to_str().unwrap());
}

#[test]
fn exit_code_agrees_with_the_findings_on_every_sample() {
    let mut samples: Vec<PathBuf> = std::fs::read_dir(SAMPLES)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    samples.sort();
    assert!(!samples.is_empty());
    let mut args = vec!["check".to_string(), "--format".into(), "json".into()];
    args.extend(samples.iter().map(|p| p.to_str().unwrap().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = run(&args);
    let lines = json_lines(&output);
    assert_eq!(lines.len(), samples.len());
    let any_error = lines.iter().any(has_error);
    assert_eq!(code(&output), i32::from(any_error), "{}", stderr(&output));
    for (line, sample) in lines.iter().zip(&samples) {
        assert_eq!(line["path"], sample.to_str().unwrap());
        // Each sample alone gives the same exit code as its findings say.
        let alone = run(&["check", sample.to_str().unwrap()]);
        assert_eq!(
            code(&alone),
            i32::from(has_error(line)),
            "{}",
            sample.display()
        );
    }
}

#[test]
fn text_lines_match_the_json_findings() {
    let sample = format!("{SAMPLES}/000.txt");
    let text = stdout(&run(&["check", &sample]));
    let json = json_lines(&run(&["check", "--format", "json", &sample]));
    let heads: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with(&format!("{sample}:")))
        .collect();
    let findings = json[0]["findings"].as_array().unwrap();
    // One head line per finding, then the summary.
    assert_eq!(heads.len(), findings.len() + 1, "{text}");
    for (head, f) in heads.iter().zip(findings) {
        let want = format!(
            "{sample}:{}:{}: {}[{}]: {}",
            f["line"],
            f["column"],
            f["severity"].as_str().unwrap(),
            f["rule"].as_str().unwrap(),
            f["message"].as_str().unwrap()
        );
        assert_eq!(*head, want);
    }
    let tables = json[0]["tables"].as_array().unwrap();
    let standard = tables
        .iter()
        .filter(|t| t["id"].as_str().unwrap().len() == 2)
        .count();
    assert!(
        heads.last().unwrap().ends_with(&format!(
            "（识别公开表 {standard} 张、其他表 {} 张）",
            tables.len() - standard
        )),
        "{text}"
    );
}

#[test]
fn parse_dumps_the_model() {
    let path = temp_file("parse", "narrative.txt", NARRATIVE.as_bytes());
    let output = run(&["parse", "--format", "json", path.to_str().unwrap()]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let out = stdout(&output);
    assert!(out.starts_with("{\n"), "pretty-printed: {out}");
    let value: Value = serde_json::from_str(&out).unwrap();
    assert_keys(&value, &["document", "findings"]);
    for key in [
        "class", "unit", "year", "kind", "tables", "sections", "figures",
    ] {
        assert!(value["document"].get(key).is_some(), "document.{key}");
    }
    assert!(value["findings"].is_array());

    let missing = run(&["parse", path.with_file_name("nope.txt").to_str().unwrap()]);
    assert_eq!(code(&missing), 2);
}

#[test]
fn explain_lists_and_describes_rules() {
    let list = run(&["explain"]);
    assert_eq!(code(&list), 0);
    let out = stdout(&list);
    for rule in juesuan::rules::RULES {
        assert!(
            out.contains(rule.id) && out.contains(rule.summary) && out.contains(rule.summary_en),
            "{}",
            rule.id
        );
    }
    let one = run(&["explain", "input.no-text"]);
    assert_eq!(code(&one), 0);
    assert!(stdout(&one).starts_with("input.no-text\n"));
    let unknown = run(&["explain", "no.such-rule"]);
    assert_eq!(code(&unknown), 2);
    assert!(stderr(&unknown).contains("no.such-rule"));
}

#[test]
fn help_version_and_usage_errors() {
    for flag in ["--help", "-h"] {
        let out = run(&[flag]);
        assert_eq!(code(&out), 0);
        assert!(stdout(&out).contains("juesuan check [--format text|json] [FILE|-]..."));
    }
    let out = run(&["check", "--help"]);
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("Usage"));

    let version = run(&["--version"]);
    assert_eq!(code(&version), 0);
    assert_eq!(
        stdout(&version),
        format!("juesuan {}\n", env!("CARGO_PKG_VERSION"))
    );

    for args in [
        &[][..],
        &["frobnicate"],
        &["check", "--format", "xml"],
        &["check", "--bogus"],
    ] {
        let out = run(args);
        assert_eq!(code(&out), 2, "{args:?}");
        assert!(stdout(&out).is_empty(), "{args:?}");
        assert!(stderr(&out).contains("--help"), "{args:?}");
    }
}
