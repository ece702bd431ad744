//! `juesuan`: the command line around the core.
//!
//! It reads files (or standard input), hands the text to `juesuan::check`/`juesuan::parse` and
//! prints the result as compiler-style text or JSON Lines. All checking happens in the library.

use juesuan::json::ReportJson;
use juesuan::{Document, Finding, Report};
use serde::Serialize;
use std::ffi::{OsStr, OsString};
use std::io::{self, BufWriter, Read, Write};
use std::path::Path;
use std::process::ExitCode;

/// mimalloc: many small strings are allocated and freed per check, faster than with glibc's malloc.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const HELP: &str = "\
juesuan — 部门决算、部门预算公开材料核对工具
Checks Chinese department final-accounts (部门决算) and budget (部门预算) disclosures.

用法 Usage:
  juesuan check [--format text|json] [FILE|-]...
      核对每个输入；不给文件或给 `-` 时读标准输入。
      Check each input; no FILE, or `-`, reads standard input.
  juesuan parse [--format json] [FILE|-]
      以 JSON 输出读到的文档模型和读取时发现的问题。
      Print the document model as read, and the reader's findings, as JSON.
  juesuan explain [RULE]
      列出规则，或说明一条规则。
      List the rules, or explain one.

选项 Options:
  -f, --format text|json  输出格式：text 为逐行诊断（默认），json 为每个输入一行 JSON
                          output format: text = one line per finding (default),
                          json = one JSON object per input per line (JSON Lines)
  -h, --help              显示本帮助 / show this help
  -V, --version           显示版本 / show the version

退出码 Exit status (check):
  0  没有错误级问题 / no error-severity finding
  1  至少一个错误级问题 / at least one error-severity finding
  2  有输入无法读取（文件不存在、不是 UTF-8 文本）或参数有误；其余输入照常核对
     an input could not be read (missing, not UTF-8 text) or bad usage; other inputs are still checked

示例 Examples:
  juesuan check 决算.txt
  juesuan check --format json a.txt b.txt > findings.jsonl
  juesuan check - < 决算.txt
  juesuan explain input.no-text
";

/// Exit codes.
const EXIT_CLEAN: u8 = 0;
const EXIT_FINDINGS: u8 = 1;
const EXIT_TROUBLE: u8 = 2;

/// The name standard input goes by in messages and in JSON.
const STDIN_NAME: &str = "<stdin>";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
}

#[derive(Debug)]
enum Command {
    Check {
        format: Format,
        inputs: Vec<OsString>,
    },
    Parse {
        input: OsString,
    },
    Explain {
        rule: Option<String>,
    },
    Help,
    Version,
}

fn main() -> ExitCode {
    let command = match parse_args(lexopt::Parser::from_env()) {
        Ok(command) => command,
        Err(e) => {
            eprintln!("juesuan: 参数错误 (usage error): {e}\n用 `juesuan --help` 查看用法 (see `juesuan --help`).");
            return ExitCode::from(EXIT_TROUBLE);
        }
    };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let result = match command {
        Command::Check { format, inputs } => check(&mut out, format, &inputs),
        Command::Parse { input } => parse(&mut out, &input),
        Command::Explain { rule } => explain(&mut out, rule.as_deref()),
        Command::Help => out.write_all(HELP.as_bytes()).map(|()| EXIT_CLEAN),
        Command::Version => {
            writeln!(out, "juesuan {}", env!("CARGO_PKG_VERSION")).map(|()| EXIT_CLEAN)
        }
    };
    let code = match result.and_then(|code| out.flush().map(|()| code)) {
        Ok(code) => code,
        // The reader went away (`juesuan check … | head`): nothing more to say.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => EXIT_TROUBLE,
        Err(e) => {
            eprintln!("juesuan: error: 无法写出结果 (cannot write output): {e}");
            EXIT_TROUBLE
        }
    };
    ExitCode::from(code)
}

fn parse_args(mut parser: lexopt::Parser) -> Result<Command, lexopt::Error> {
    use lexopt::prelude::*;

    let command = match parser.next()? {
        None => return Err("缺少子命令 check、parse 或 explain (missing command)".into()),
        Some(Short('h') | Long("help")) => return Ok(Command::Help),
        Some(Short('V') | Long("version")) => return Ok(Command::Version),
        Some(Value(name)) => name.string()?,
        Some(arg) => return Err(arg.unexpected()),
    };
    let mut format = None;
    let mut values: Vec<OsString> = Vec::new();
    while let Some(arg) = parser.next()? {
        match arg {
            Short('h') | Long("help") => return Ok(Command::Help),
            Short('f') | Long("format") if command != "explain" => {
                format = Some(match parser.value()?.string()?.as_str() {
                    "text" => Format::Text,
                    "json" => Format::Json,
                    other => {
                        return Err(format!(
                            "未知的输出格式 `{other}`，应为 text 或 json (unknown format)"
                        )
                        .into())
                    }
                });
            }
            Value(value) => values.push(value),
            _ => return Err(arg.unexpected()),
        }
    }
    match command.as_str() {
        "check" => {
            if values.is_empty() {
                values.push("-".into());
            }
            Ok(Command::Check {
                format: format.unwrap_or(Format::Text),
                inputs: values,
            })
        }
        "parse" => {
            if format == Some(Format::Text) {
                return Err("parse 只输出 JSON：用 --format json (parse prints JSON only)".into());
            }
            if values.len() > 1 {
                return Err("parse 一次只读一个输入 (parse takes one input)".into());
            }
            Ok(Command::Parse {
                input: values.pop().unwrap_or_else(|| "-".into()),
            })
        }
        "explain" => {
            if values.len() > 1 {
                return Err("explain 一次只说明一条规则 (explain takes one rule)".into());
            }
            let rule = values.pop().map(|v| v.string()).transpose()?;
            Ok(Command::Explain { rule })
        }
        "help" => Ok(Command::Help),
        other => Err(format!(
            "未知的子命令 `{other}`，应为 check、parse 或 explain (unknown command)"
        )
        .into()),
    }
}

/// `juesuan check`: check every input, print the findings, and say how it went.
fn check(out: &mut impl Write, format: Format, inputs: &[OsString]) -> io::Result<u8> {
    let mut status = EXIT_CLEAN;
    for input in inputs {
        let name = display_name(input);
        let text = match read_input(input) {
            Ok(text) => text,
            Err(why) => {
                // Keep stdout and stderr in order on a terminal.
                out.flush()?;
                eprintln!("{name}: error: {why}");
                status = status.max(EXIT_TROUBLE);
                continue;
            }
        };
        let report = juesuan::check(&text);
        if report.has_errors() {
            status = status.max(EXIT_FINDINGS);
        }
        match format {
            Format::Text => write_text(out, &name, &report)?,
            Format::Json => {
                serde_json::to_writer(&mut *out, &ReportJson::new(&name, &report))?;
                out.write_all(b"\n")?;
            }
        }
    }
    Ok(status)
}

/// Compiler-style text: one line per finding, indented notes under it, a summary per input.
fn write_text(out: &mut impl Write, name: &str, report: &Report) -> io::Result<()> {
    for finding in &report.findings {
        write_finding(out, name, finding)?;
    }
    let counts = report.counts();
    let standard = report
        .document
        .tables
        .iter()
        .filter(|t| t.kind.standard_number() == Some(t.id.as_str()))
        .count();
    writeln!(
        out,
        "{name}: {} 个错误，{} 个警告，{} 个提示（识别公开表 {} 张、其他表 {} 张）",
        counts.error,
        counts.warning,
        counts.info,
        standard,
        report.document.tables.len() - standard
    )
}

fn write_finding(out: &mut impl Write, name: &str, f: &Finding) -> io::Result<()> {
    writeln!(
        out,
        "{name}:{}:{}: {}[{}]: {}",
        f.location.line,
        f.location.column,
        f.severity.as_str(),
        f.rule,
        f.message
    )?;
    for label in &f.related {
        writeln!(
            out,
            "  {name}:{}:{}: note: {}",
            label.location.line, label.location.column, label.message
        )?;
    }
    match (f.expected, f.stated) {
        (Some(expected), Some(stated)) => writeln!(out, "  = 应为 {expected}，实为 {stated}")?,
        (Some(expected), None) => writeln!(out, "  = 应为 {expected}")?,
        (None, Some(stated)) => writeln!(out, "  = 实为 {stated}")?,
        (None, None) => {}
    }
    if let Some(help) = &f.help {
        writeln!(out, "  = help: {help}")?;
    }
    Ok(())
}

/// What `juesuan parse` prints.
#[derive(Serialize)]
struct ParseDump<'a> {
    document: &'a Document,
    findings: &'a [Finding],
}

/// `juesuan parse`: the whole model as read, pretty-printed.
fn parse(out: &mut impl Write, input: &OsStr) -> io::Result<u8> {
    let text = match read_input(input) {
        Ok(text) => text,
        Err(why) => {
            eprintln!("{}: error: {why}", display_name(input));
            return Ok(EXIT_TROUBLE);
        }
    };
    let parsed = juesuan::parse(&text);
    let dump = ParseDump {
        document: &parsed.document,
        findings: &parsed.findings,
    };
    serde_json::to_writer_pretty(&mut *out, &dump)?;
    out.write_all(b"\n")?;
    Ok(EXIT_CLEAN)
}

/// `juesuan explain`: the rule list, or one rule.
fn explain(out: &mut impl Write, rule: Option<&str>) -> io::Result<u8> {
    use juesuan::rules;
    match rule {
        None => {
            writeln!(
                out,
                "规则目录 (rules); `juesuan explain RULE` 显示详细说明:\n"
            )?;
            let mut family = None;
            for rule in rules::RULES {
                if family != Some(rule.family) {
                    let (zh, en) = rule.family.title();
                    writeln!(out, "{zh} — {en}")?;
                    family = Some(rule.family);
                }
                writeln!(
                    out,
                    "  {:<40} {:<7} {}\n  {:<40} {:<7} {}",
                    rule.id,
                    rule.severity.as_str(),
                    rule.summary,
                    "",
                    "",
                    rule.summary_en
                )?;
            }
            Ok(EXIT_CLEAN)
        }
        Some(id) => match rules::find(id) {
            Some(rule) => {
                writeln!(
                    out,
                    "{}\n\n{} — {} ({})\n\n{}",
                    rule.id,
                    rule.summary,
                    rule.summary_en,
                    rule.severity.as_str(),
                    rules::unindent(rule.doc).trim_end()
                )?;
                Ok(EXIT_CLEAN)
            }
            None => {
                out.flush()?;
                eprintln!("juesuan: error: 没有名为 `{id}` 的规则；用 `juesuan explain` 列出全部规则 (unknown rule)");
                Ok(EXIT_TROUBLE)
            }
        },
    }
}

fn display_name(input: &OsStr) -> String {
    if input == "-" {
        STDIN_NAME.to_string()
    } else {
        Path::new(input).display().to_string()
    }
}

/// The text of an input, or why it cannot be had (a message for the user).
fn read_input(input: &OsStr) -> Result<String, String> {
    let bytes = if input == "-" {
        let mut bytes = Vec::new();
        io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("无法读取标准输入 (cannot read standard input): {e}"))?;
        bytes
    } else {
        std::fs::read(input).map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => "文件不存在 (no such file)".to_string(),
            io::ErrorKind::IsADirectory => "这是目录，不是文件 (is a directory)".to_string(),
            _ => format!("无法读取 (cannot read): {e}"),
        })?
    };
    decode(bytes)
}

/// UTF-8 as is (a BOM is left for the core, whose positions count from the file's first byte);
/// UTF-16 with a byte-order mark is decoded; anything else is refused.
fn decode(bytes: Vec<u8>) -> Result<String, String> {
    let utf16 = match bytes.as_slice() {
        [0xFF, 0xFE, rest @ ..] => Some((rest, u16::from_le_bytes as fn([u8; 2]) -> u16)),
        [0xFE, 0xFF, rest @ ..] => Some((rest, u16::from_be_bytes as fn([u8; 2]) -> u16)),
        _ => None,
    };
    if let Some((rest, unit)) = utf16 {
        if rest.len() % 2 == 0 {
            let units: Vec<u16> = rest.chunks_exact(2).map(|c| unit([c[0], c[1]])).collect();
            if let Ok(text) = String::from_utf16(&units) {
                return Ok(text);
            }
        }
        return Err("不是有效的 UTF-16 文本 (invalid UTF-16 text)".to_string());
    }
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let hint = if bytes.starts_with(b"%PDF") {
            "这是 PDF 文件，请先复制其中的文字再核对 (a PDF file: copy its text first)".to_string()
        } else if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0") {
            "这是 Word/Excel 等文件，请先复制其中的文字再核对 (an office file: copy its text first)".to_string()
        } else {
            let valid = e.utf8_error().valid_up_to();
            let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
            format!(
                "第 {line} 行有无效字节，可能是 GBK 编码；请先转成 UTF-8，例如 `iconv -f GB18030 -t UTF-8` \
                 (invalid byte on line {line}; convert to UTF-8 first)"
            )
        };
        format!("不是 UTF-8 文本：{hint}")
    })
}
