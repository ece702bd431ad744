//! Every piece of UI text, Chinese first, English second. Components never hold literal text:
//! they ask `t(lang, Key::…)`, so a missing translation cannot compile.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Lang {
    #[default]
    #[serde(rename = "zh-CN")]
    Zh,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }
    /// `zh`, `zh-CN`, `zh-Hans` … are Chinese; `en…` English; anything else Chinese.
    pub fn parse(s: &str) -> Lang {
        if s.trim().to_ascii_lowercase().starts_with("en") {
            Lang::En
        } else {
            Lang::Zh
        }
    }
    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }
}

macro_rules! keys {
    ($($key:ident => $zh:expr, $en:expr;)*) => {
        /// A piece of UI text.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Key { $($key),* }

        impl Key {
            pub const ALL: &'static [Key] = &[$(Key::$key),*];
        }

        /// The text of `key` in `lang`.
        pub fn t(lang: Lang, key: Key) -> &'static str {
            match (key, lang) {
                $((Key::$key, Lang::Zh) => $zh, (Key::$key, Lang::En) => $en,)*
            }
        }
    };
}

keys! {
    AppTitle => "决算核对", "juesuan — disclosure checker";
    Unplaced => "栏位不确定：粘贴的文字没有对齐信息，这个数字不参与核对",
        "Column uncertain: the pasted text lost its alignment, so this figure is not used in any check";
    AppSubtitle => "部门决算、预算公开文本的勾稽核对 · 全部在本机浏览器中完成，不上传任何内容",
        "Cross-checks Chinese department final-accounts and budget disclosures · runs entirely in your browser, nothing is uploaded";
    SwitchLang => "English", "中文";
    SwitchLangLabel => "切换到英文界面", "Switch to Chinese";
    InputLabel => "公开文本", "Disclosure text";
    InputPlaceholder => "在此粘贴整份部门决算（预算）公开文本，或从 Excel / WPS 复制的一张表；也可以把 .txt / .csv / .tsv 文件拖到这里。",
        "Paste a whole department final-accounts (budget) disclosure here, or one table copied from Excel / WPS; or drop a .txt / .csv / .tsv file here.";
    LoadSample => "载入示例", "Load sample";
    ChooseFile => "选择文件…", "Choose file…";
    Clear => "清空", "Clear";
    Checking => "正在核对…", "Checking…";
    DropHere => "松开鼠标以读取文件", "Drop the file to read it";
    VerdictErrors => "发现勾稽错误", "Contradictions found";
    VerdictWarnings => "未发现错误，有需要人工判断的疑点", "No errors; some points need a person's judgement";
    VerdictClean => "未发现问题", "No problems found";
    VerdictEmpty => "尚未输入内容", "Nothing to check yet";
    VerdictNotDisclosure => "这段文字看起来不是部门决算或预算公开文本", "This text does not look like a department final-accounts or budget disclosure";
    Errors => "错误", "errors";
    Warnings => "警告", "warnings";
    Infos => "提示", "infos";
    Error => "错误", "error";
    Warning => "警告", "warning";
    Info => "提示", "info";
    TablesFound => "识别的表", "tables read";
    Took => "用时 {ms} 毫秒", "checked in {ms} ms";
    AboutRule => "规则说明", "About this rule";
    ShowMore => "显示本组其余 {n} 条", "Show the other {n} in this group";
    OnPage => "（在页面内核对）", " (on the page)";
    Document => "原文", "Document";
    Findings => "问题清单", "Findings";
    FilterPlaceholder => "筛选：规则、表号或文字", "Filter: rule, table or text";
    NoMatch => "没有符合筛选条件的问题", "No finding matches the filter";
    ShowingOf => "显示 {shown} / 共 {total} 条", "showing {shown} of {total}";
    Inspector => "核算详情", "Calculation";
    Rule => "规则", "Rule";
    Location => "位置", "Location";
    LineCol => "第 {line} 行第 {column} 列", "line {line}, column {column}";
    Cell => "单元格", "Cell";
    Stated => "填报数", "Stated";
    Expected => "应为", "Expected";
    Difference => "差额", "Difference";
    Allowance => "允许误差", "Allowance";
    Related => "相关数字", "Related figures";
    Help => "修改建议", "How to fix";
    Close => "关闭", "Close";
    Previous => "上一条", "Previous";
    Next => "下一条", "Next";
    ExportJson => "导出 JSON", "Export JSON";
    ExportCsv => "导出 CSV", "Export CSV";
    CopyFindings => "复制问题清单", "Copy findings";
    Copied => "已复制到剪贴板", "Copied to the clipboard";
    CopyFailed => "无法访问剪贴板，请改用导出", "The clipboard is not available; use export instead";
    Print => "打印", "Print";
    FileUnsupported => "暂不支持读取 {name}（{ext} 格式），后续版本会支持。请打开文件，复制其中的文字或表格后粘贴到这里；也可另存为 .txt / .csv 后再选择。",
        "{name} ({ext}) cannot be read yet; support is planned. Open the file, copy its text or tables and paste them here, or save it as .txt / .csv and choose that.";
    FileReadFailed => "读取文件 {name} 失败：{error}", "Could not read {name}: {error}";
    FileLoaded => "已读取 {name}（{size}）", "Read {name} ({size})";
    FileDecodedGb => "已读取 {name}：按 GB18030 编码解读", "Read {name}: decoded as GB18030";
    PastedTables => "已将剪贴板中的 {n} 张表格转换为制表符分隔的文字", "Converted {n} table(s) from the clipboard into tab-separated text";
    Restored => "已恢复上次输入的内容", "Your last input was restored";
    CheckerUnavailable => "无法加载核对程序（{error}）。请检查网络或页面的安全设置后刷新；已输入的内容不会丢失", "The checker could not be loaded ({error}). Check the network or the page's security settings and reload; what you typed is kept";
    WorkerFallback => "后台核对不可用，改在页面内核对", "Background checking is unavailable; checking on the page instead";
    Offline => "离线可用", "Works offline";
    KeyboardHint => "快捷键：J / K 上一条、下一条，Enter 打开，Esc 关闭", "Keys: J / K next / previous, Enter open, Esc close";
    Line => "行", "line";
    AllRules => "全部", "all";
    Narrative => "说明文字", "Narrative";
    Unit => "单位", "Unit";
    Year => "年度", "Year";
    KindFinal => "部门决算", "final accounts";
    KindBudget => "部门预算", "budget";
    PrintedAt => "核对报告", "Review report";
    JumpTo => "跳转到原文", "Show in the document";
    NoFindingsHere => "此处无问题", "Nothing here";
    NotSaved => "内容过大，浏览器未能保存，刷新后不会恢复", "Too large for the browser to keep; it will not be restored after a reload";
    Sample => "示例", "sample";
}

/// `t` with `{name}` placeholders filled.
pub fn tf(lang: Lang, key: Key, args: &[(&str, &str)]) -> String {
    let mut s = t(lang, key).to_string();
    for (name, value) in args {
        s = s.replace(&format!("{{{name}}}"), value);
    }
    s
}

/// The label of a severity in `lang`.
pub fn severity(lang: Lang, sev: crate::analysis::Sev) -> &'static str {
    use crate::analysis::Sev;
    t(
        lang,
        match sev {
            Sev::Error => Key::Error,
            Sev::Warning => Key::Warning,
            Sev::Info => Key::Info,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_both_languages_and_the_same_placeholders() {
        for &key in Key::ALL {
            let (zh, en) = (t(Lang::Zh, key), t(Lang::En, key));
            assert!(!zh.is_empty() && !en.is_empty(), "{key:?}");
            let holes = |s: &str| {
                let mut v: Vec<String> = s
                    .split('{')
                    .skip(1)
                    .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_string()))
                    .collect();
                v.sort();
                v
            };
            assert_eq!(holes(zh), holes(en), "{key:?}");
        }
    }

    #[test]
    fn chinese_is_the_default() {
        assert_eq!(Lang::default(), Lang::Zh);
        assert_eq!(Lang::parse("zh-CN"), Lang::Zh);
        assert_eq!(Lang::parse("en-US"), Lang::En);
        assert_eq!(Lang::parse("fr"), Lang::Zh);
        assert_eq!(
            tf(Lang::En, Key::ShowingOf, &[("shown", "2"), ("total", "5")]),
            "showing 2 of 5"
        );
    }
}
