//! The narrative (情况说明) against the tables and against itself.
//!
//! Every rule here reads the figures the parser found in the narrative ([`crate::model::Figure`])
//! through one shared view, [`Narrative`]: each figure with the *topic* of the template section
//! it sits in (收入决算, 支出决算, 一般公共预算财政拨款支出 …, recognised by key words of the
//! section titles, never by their numbers, which differ between templates), its sentence and
//! clause, and the words of its subject. [`bind`] ties a figure to the table quantity it quotes;
//! when the binding is not certain the rules stay silent.

use crate::text::Has;
pub mod amount_mismatch;
pub mod bind;
pub mod change_mismatch;
pub mod completion_rate_mismatch;
pub mod detail_item_mismatch;
pub mod detail_item_missing;
pub mod empty_claim_contradicts_table;
pub mod listed_item_blank;
pub mod office_expense_mismatch;
pub mod parts_sum_mismatch;
pub mod procurement_sum_mismatch;
pub mod rate_on_zero_budget;
pub mod sangong_count_contradiction;
pub mod share_mismatch;
pub mod vehicle_count_mismatch;
pub mod vehicle_holding_exceeds_total;
pub mod wording_contradicts_numbers;

use super::view::label_key_cow;
use crate::diagnostic::Label;
use crate::model::{Document, Figure, FigureKind, MoneyUnit, Section};
use crate::rules::identity::Term;
use crate::tolerance::Approx;
use rust_decimal::Decimal;

/// What a template section is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    /// 收入支出决算总体情况 / 收支预算总体情况
    Overall,
    /// 收入决算 / 收入预算
    Income,
    /// 支出决算 / 支出预算
    Expenditure,
    /// 财政拨款收入支出（决算/预算）总体情况
    FiscalOverall,
    /// 财政拨款支出 (all fiscal funds, e.g. a budget's 财政拨款支出预算情况说明)
    FiscalExpenditure,
    /// 一般公共预算财政拨款支出
    GeneralBudget(GbPart),
    /// 一般公共预算财政拨款基本支出（人员经费、公用经费）
    Basic,
    /// “三公”经费
    SanGong,
    /// 政府性基金预算
    GovernmentFund,
    /// 国有资本经营预算
    StateCapital,
    /// 机关运行经费
    OfficeExpense,
    /// 政府采购
    Procurement,
    /// 会议费、培训费 (一般性支出)
    General,
    /// Sections whose figures are not the accounts (绩效, 资产, 报表, 概况 …).
    Other,
}

/// The parts of the 一般公共预算财政拨款支出 section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GbPart {
    /// （一）总体情况, or the section without parts
    Total,
    /// （二）结构情况
    Structure,
    /// （三）具体情况 (年初预算, 决算, 完成率 per 项)
    Detail,
}

/// Classify one section title, if it names a topic.
fn title_topic(title: &str) -> Option<Topic> {
    let k = label_key_cow(title);
    let has = |w: &str| k.has(w);
    if has("绩效") || has("报表") || has("公开表") || has("附件") || has("名词解释") {
        return Some(Topic::Other);
    }
    if has("资产") || has("概况") || has("职责") || has("机构设置") || has("单位构成")
    {
        return Some(Topic::Other);
    }
    if has("机关运行经费") {
        return Some(Topic::OfficeExpense);
    }
    if has("政府采购") {
        return Some(Topic::Procurement);
    }
    if has("三公") {
        return Some(Topic::SanGong);
    }
    if has("一般性支出") || (has("会议费") && !has("三公")) {
        return Some(Topic::General);
    }
    if has("政府性基金") {
        return Some(Topic::GovernmentFund);
    }
    if has("国有资本经营") {
        return Some(Topic::StateCapital);
    }
    // Only titles that read as a template heading (…情况, …说明) name a topic; item headings
    // such as "1、一般公共服务支出（类）…（项）" do not.
    if !(has("情况") || has("说明")) {
        return None;
    }
    if has("其他重要事项") {
        return Some(Topic::Other);
    }
    if has("基本支出") && (has("一般公共预算") || has("财政拨款")) {
        return Some(Topic::Basic);
    }
    if has("一般公共预算") || has("当年拨款") {
        let part = if has("结构") {
            GbPart::Structure
        } else if has("具体") || has("明细") || has("项级") {
            GbPart::Detail
        } else {
            GbPart::Total
        };
        return Some(Topic::GeneralBudget(part));
    }
    if has("财政拨款") {
        if has("总体") || has("收入支出") || has("收支") {
            return Some(Topic::FiscalOverall);
        }
        if has("支出") {
            return Some(Topic::FiscalExpenditure);
        }
        return None;
    }
    if has("总体") || has("收入支出") || has("收支") {
        return Some(Topic::Overall);
    }
    if has("收入") && !has("支出") {
        return Some(Topic::Income);
    }
    if has("支出") && !has("收入") {
        return Some(Topic::Expenditure);
    }
    None
}

/// The sections from `section` out to the outermost (at most 16: a malformed parent chain
/// cannot loop).
pub(crate) fn section_path(
    doc: &Document,
    section: Option<usize>,
) -> impl Iterator<Item = &crate::model::Section> {
    std::iter::successors(section.and_then(|i| doc.sections.get(i)), move |s| {
        s.parent.and_then(|p| doc.sections.get(p))
    })
    .take(16)
}

/// The topic of a section: the innermost title on its path that names one. A part heading
/// under the 一般公共预算 section ("（二）财政拨款支出决算结构情况") keeps the family of its parent
/// and names the part.
pub fn section_topic(doc: &Document, section: Option<usize>) -> Topic {
    section_topic_with(doc, section, &mut |s| title_topic(&doc.sections[s].title))
}

/// [`section_topic`], with the topic of each section's own title (as an index into
/// `doc.sections`) from `title_of` (so that a caller can read each title once).
fn section_topic_with(
    doc: &Document,
    section: Option<usize>,
    title_of: &mut dyn FnMut(usize) -> Option<Topic>,
) -> Topic {
    let mut inner: Option<(Topic, &str)> = None;
    let indices = std::iter::successors(section.filter(|&i| i < doc.sections.len()), |&i| {
        doc.sections[i].parent.filter(|&p| p < doc.sections.len())
    })
    .take(16);
    for i in indices {
        let s = &doc.sections[i];
        if let Some(t) = title_of(i) {
            match inner {
                None => inner = Some((t, s.title.as_str())),
                Some((Topic::FiscalOverall | Topic::FiscalExpenditure | Topic::Overall, title))
                    if matches!(t, Topic::GeneralBudget(_)) =>
                {
                    let k = label_key_cow(title);
                    let part = if k.has("结构") {
                        GbPart::Structure
                    } else if k.has("具体") || k.has("明细") {
                        GbPart::Detail
                    } else {
                        GbPart::Total
                    };
                    return Topic::GeneralBudget(part);
                }
                Some(_) => {}
            }
        }
    }
    inner.map(|(t, _)| t).unwrap_or(Topic::Other)
}

/// One narrative figure as the rules see it.
#[derive(Debug, Clone)]
pub struct Fig<'d> {
    pub f: &'d Figure,
    pub topic: Topic,
    /// Sentence number (figures in one sentence share it).
    pub sentence: usize,
    /// Clause number (figures in one clause share it).
    pub clause: usize,
    /// The subject reduced for matching (see [`label_key`](super::view::label_key)).
    pub key: std::borrow::Cow<'d, str>,
    /// [`is_change_words`] of `key`.
    change: bool,
}

impl Fig<'_> {
    pub fn is_amount(&self) -> bool {
        self.f.kind == FigureKind::Amount
    }
    pub fn is_percent(&self) -> bool {
        self.f.kind == FigureKind::Percent
    }
    pub fn value(&self) -> Decimal {
        self.f.value
    }
    /// The amount in 元 (a figure without a money unit counts as 万元).
    pub fn yuan(&self) -> Option<Decimal> {
        let unit = MoneyUnit::from_text(&self.f.unit).unwrap_or(MoneyUnit::WanYuan);
        self.f.value.checked_mul(unit.yuan_factor())
    }
    /// The figure as an interval in 元.
    pub fn approx_yuan(&self) -> Option<Approx> {
        let unit = MoneyUnit::from_text(&self.f.unit).unwrap_or(MoneyUnit::WanYuan);
        let factor = unit.yuan_factor();
        // A zero in prose means nothing at all, not "less than half a unit".
        let half = if self.f.value.is_zero() {
            Decimal::ZERO
        } else {
            crate::tolerance::half_unit(self.f.decimals).checked_mul(factor)?
        };
        Some(Approx {
            value: self.f.value.checked_mul(factor)?,
            half,
        })
    }
    /// True when the subject speaks of a change or of last year (增加, 下降, 上年 …).
    pub fn is_change(&self) -> bool {
        self.change
    }
}

/// Words that make a figure a change or a last-year figure, not the current amount.
pub fn is_change_words(key: &str) -> bool {
    // A word is looked for only where one of the words' first characters is.
    key.char_indices().any(|(i, c)| {
        let rest = &key[i..];
        is_change_first_char(c)
            && CHANGE_WORDS.iter().any(|w| rest.starts_with(w))
            // 上年结转（结余）is this year's opening balance, not last year's figure.
            && !rest.starts_with("上年结转")
            && !rest.starts_with("上年结余")
    })
}

/// The words [`is_change_words`] looks for.
const CHANGE_WORDS: &[&str] = &[
    "增加", "减少", "增长", "下降", "降低", "增减", "减幅", "增幅", "持平", "上年", "去年", "同比",
    "上升", "节约", "压减", "核减", "变动",
];

/// The first characters of [`CHANGE_WORDS`].
fn is_change_first_char(c: char) -> bool {
    matches!(
        c,
        '增' | '减' | '下' | '降' | '持' | '上' | '去' | '同' | '节' | '压' | '核' | '变'
    )
}

/// The narrative's figures with their topics, sentences and clauses.
pub struct Narrative<'d> {
    pub doc: &'d Document,
    pub figs: Vec<Fig<'d>>,
    /// The budget / actual pairs (see [`completion_rate_mismatch::executions`]), read once.
    executions: std::cell::OnceCell<Vec<completion_rate_mismatch::Execution>>,
}

impl<'d> Narrative<'d> {
    pub fn new(doc: &'d Document) -> Self {
        let prose = Prose::new(doc);
        let mut figs: Vec<Fig<'d>> = Vec::with_capacity(doc.figures.len());
        let mut sentence = 0usize;
        let mut clause = 0usize;
        let mut prev: Option<&Figure> = None;
        // Per section (as an index into `doc.sections`): the topic of its own title, and its
        // topic (see `section_topic`), each read once.
        let mut title_topics: Vec<Option<Option<Topic>>> = vec![None; doc.sections.len()];
        let mut topics: Vec<Option<Topic>> = vec![None; doc.sections.len()];
        let mut no_section_topic = None;
        for f in &doc.figures {
            if f.section
                .and_then(|s| doc.sections.get(s))
                .is_some_and(|s| s.in_toc)
            {
                continue;
            }
            // Whether the text since the previous figure of the sentence holds a clause break;
            // `None` at a new sentence (a new section, an end of sentence, or more than 400
            // characters between).
            let gap = match prev {
                Some(p) if p.section == f.section => {
                    prose.sentence_gap_breaks(p.location.span.end, f.location.span.start, 400)
                }
                _ => None,
            };
            match gap {
                None => {
                    sentence += 1;
                    clause += 1;
                }
                Some(true) => clause += 1,
                Some(false) => {}
            }
            let slot = match f.section {
                Some(s) if s < topics.len() => &mut topics[s],
                _ => &mut no_section_topic,
            };
            let topic = *slot.get_or_insert_with(|| {
                section_topic_with(doc, f.section, &mut |i| {
                    *title_topics[i].get_or_insert_with(|| title_topic(&doc.sections[i].title))
                })
            });
            let key = label_key_cow(&f.subject);
            let change = is_change_words(&key);
            figs.push(Fig {
                f,
                topic,
                sentence,
                clause,
                key,
                change,
            });
            prev = Some(f);
        }
        Narrative {
            doc,
            figs,
            executions: std::cell::OnceCell::new(),
        }
    }

    /// The budget / actual pairs (see [`completion_rate_mismatch::executions`]).
    pub fn executions(&self) -> &[completion_rate_mismatch::Execution] {
        self.executions
            .get_or_init(|| completion_rate_mismatch::executions(self))
    }

    /// Indices of the figures of sentence `s`, in order.
    pub fn sentence_of(&self, i: usize) -> std::ops::Range<usize> {
        let s = self.figs[i].sentence;
        let mut a = i;
        while a > 0 && self.figs[a - 1].sentence == s {
            a -= 1;
        }
        let mut b = i + 1;
        while b < self.figs.len() && self.figs[b].sentence == s {
            b += 1;
        }
        a..b
    }

    /// The section (as an index into `doc.sections`) of figure `i`.
    pub fn section(&self, i: usize) -> Option<usize> {
        self.figs[i].f.section
    }
}

/// The narrative text by input offsets (to read the words between figures).
pub struct Prose<'d> {
    lines: &'d [crate::model::TextLine],
}

impl<'d> Prose<'d> {
    pub fn new(doc: &'d Document) -> Self {
        Prose {
            lines: &doc.narrative,
        }
    }

    /// The narrative's text in the byte range `a..b` of the input, line by line.
    fn slices_between(&self, a: usize, b: usize) -> impl Iterator<Item = &'d str> + '_ {
        let first = if b <= a {
            self.lines.len()
        } else {
            self.lines.partition_point(|l| l.location.span.end <= a)
        };
        self.lines[first..]
            .iter()
            .take_while(move |line| line.location.span.start < b)
            .filter_map(move |line| {
                let span = line.location.span;
                let from = a.saturating_sub(span.start);
                let to = b.min(span.end).saturating_sub(span.start);
                line.text.get(from..to)
            })
    }

    /// The narrative's characters in the byte range `a..b` of the input, whitespace skipped.
    fn chars_between(&self, a: usize, b: usize) -> impl Iterator<Item = char> + '_ {
        self.slices_between(a, b)
            .flat_map(str::chars)
            .filter(|c| !c.is_whitespace())
    }

    /// The narrative text in the byte range `a..b` of the input, whitespace removed (copied
    /// run by run: [`crate::text::squash_into`] drops exactly the Unicode whitespace).
    pub fn between(&self, a: usize, b: usize) -> String {
        let mut out = String::with_capacity(b.saturating_sub(a));
        for t in self.slices_between(a, b) {
            crate::text::squash_into(&mut out, t);
        }
        out
    }

    /// When the text of [`Prose::between`] holds no end of sentence (。！？!?) and at most
    /// `max` characters: whether it holds a clause break (，；：,;:); `None` otherwise (read only
    /// as far as needed to tell).
    pub fn sentence_gap_breaks(&self, a: usize, b: usize, max: usize) -> Option<bool> {
        let mut breaks = false;
        for (count, c) in self.chars_between(a, b).enumerate() {
            if count >= max || matches!(c, '。' | '！' | '？' | '!' | '?') {
                return None;
            }
            breaks |= matches!(c, '，' | '；' | '：' | ',' | ';' | ':');
        }
        Some(breaks)
    }

    /// The narrative text from offset `a` to the end of its sentence (at most `max` chars).
    pub fn rest_of_sentence(&self, a: usize, max: usize) -> String {
        let mut out = String::with_capacity(max.min(100) * 3);
        // The characters in `out`.
        let mut count = 0;
        let first = self.lines.partition_point(|l| l.location.span.end <= a);
        for line in &self.lines[first..] {
            let span = line.location.span;
            let from = a.saturating_sub(span.start);
            let Some(t) = line.text.get(from..) else {
                continue;
            };
            for c in t.chars() {
                if c.is_whitespace() {
                    continue;
                }
                if matches!(c, '。' | '！' | '？') || count >= max {
                    return out;
                }
                out.push(c);
                count += 1;
            }
        }
        out
    }
}

/// The part of a subject after the last framing word ("2022年度支出合计" → "支出合计",
/// "包括一般公共服务支出" → "一般公共服务支出").
pub fn core_subject(key: &str) -> &str {
    // Cutting after the last occurrence of each marker in turn (in the rest left by the earlier
    // ones) is cutting after its last occurrence in the whole key when that starts within the
    // rest: one walk finds every marker's last start.
    let mut last: [Option<usize>; CORE_MARKERS.len()] = [None; CORE_MARKERS.len()];
    for (i, c) in key.char_indices() {
        if !is_marker_first_char(c) {
            continue;
        }
        let rest = &key[i..];
        for (slot, marker) in last.iter_mut().zip(CORE_MARKERS) {
            if rest.starts_with(marker) {
                *slot = Some(i);
            }
        }
    }
    let mut cut = 0;
    for (p, marker) in last.iter().zip(CORE_MARKERS) {
        if let Some(p) = *p {
            if p >= cut {
                cut = p + marker.len();
            }
        }
    }
    let mut s = key.get(cut..).unwrap_or("");
    // A leading year: "2026年收入预算".
    let digits = s.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits == 4 {
        if let Some(rest) = s[digits..].strip_prefix('年') {
            s = rest;
        }
    }
    s
}

/// The framing words [`core_subject`] cuts at, in the order it looks for them.
const CORE_MARKERS: [&str; 10] = [
    "其中",
    "包括",
    "用于",
    "方面",
    "主要是",
    "分别为",
    "分别是",
    "年度",
    "本部门",
    "本单位",
];

/// The first characters of [`CORE_MARKERS`].
fn is_marker_first_char(c: char) -> bool {
    matches!(c, '其' | '包' | '用' | '方' | '主' | '分' | '年' | '本')
}

/// `s.trim_end_matches(suffix)` (every trailing `suffix` removed), without building a
/// substring searcher.
pub(crate) fn trim_end_all<'a>(mut s: &'a str, suffix: &str) -> &'a str {
    if suffix.is_empty() {
        return s;
    }
    while let Some(t) = s.strip_suffix(suffix) {
        s = t;
    }
    s
}

/// `s.trim_start_matches(prefix)` (every leading `prefix` removed), without building a
/// substring searcher.
pub(crate) fn trim_start_all<'a>(mut s: &'a str, prefix: &str) -> &'a str {
    if prefix.is_empty() {
        return s;
    }
    while let Some(t) = s.strip_prefix(prefix) {
        s = t;
    }
    s
}

/// The section heading of a figure, for messages: "三、支出决算情况说明".
pub fn section_name(doc: &Document, fig: &Figure) -> String {
    fig.section
        .and_then(|i| doc.sections.get(i))
        .map(|s: &Section| s.title.clone())
        .unwrap_or_default()
}

/// A figure as printed: "116.61万元", "95.39%".
pub fn shown(fig: &Figure) -> String {
    let mut v = fig.value;
    v.rescale(fig.decimals.min(20));
    crate::rules::identity::with_unit(v, &fig.unit)
}

/// A related label for a narrative figure: "说明“三、支出决算情况说明”中“基本支出”97.57万元",
/// "the narrative (三、支出决算情况说明) “基本支出” 97.57万元".
pub fn fig_label(doc: &Document, fig: &Figure) -> Label {
    let section = fig
        .section
        .and_then(|i| doc.sections.get(i))
        .map(|s: &Section| s.title.as_str())
        .unwrap_or("");
    let subject: &str = &fig.subject;
    let (open, close) = if subject.is_empty() {
        ("", "")
    } else {
        ("“", "”")
    };
    let shown = shown(fig);
    let mut en = String::with_capacity(
        "the narrative () “” ".len() + section.len() + subject.len() + shown.len(),
    );
    en.push_str("the narrative");
    if !section.is_empty() {
        en.push_str(" (");
        en.push_str(section);
        en.push(')');
    }
    if !subject.is_empty() {
        en.push(' ');
        en.push_str(open);
        en.push_str(subject);
        en.push_str(close);
    }
    en.push(' ');
    en.push_str(&shown);
    Label::new(
        fig.location,
        crate::text::concat(&["说明“", section, "”中", open, subject, close, &shown]),
        en,
    )
    .with_value(fig.value)
}

/// A related label for a table figure.
pub fn term_label(doc: &Document, term: &Term) -> Label {
    term.label(doc)
}

/// The sum of table figures as an interval in 元.
pub fn terms_approx(terms: &[Term]) -> Option<Approx> {
    let mut value = Decimal::ZERO;
    let mut half = Decimal::ZERO;
    for t in terms {
        value = value.checked_add(t.value.checked_mul(t.factor)?)?;
        if t.printed {
            half =
                half.checked_add(crate::tolerance::half_unit(t.decimals).checked_mul(t.factor)?)?;
        }
    }
    Some(Approx { value, half })
}

/// A recomputed percentage to the stated one's decimals (at least two).
pub fn percent_shown(value: Decimal, decimals: u32) -> Decimal {
    let d = decimals.clamp(2, 20);
    let mut v = crate::tolerance::round(value, d);
    v.rescale(d);
    v
}

/// A finding at a stated percentage that a recomputation contradicts: stated, expected (shown
/// to the stated decimals, at least two), difference and allowance from the check.
pub fn percent_finding(
    rule: &'static str,
    severity: crate::diagnostic::Severity,
    stated: &Figure,
    check: &crate::tolerance::PercentCheck,
    zh: String,
    en: String,
) -> crate::diagnostic::Finding {
    let mut f = crate::diagnostic::Finding::new(rule, severity, stated.location, zh, en);
    f.stated = Some(stated.value);
    f.expected = Some(percent_shown(check.expected, stated.decimals));
    f.difference = Some(check.difference);
    f.allowance = Some(check.allowance());
    f
}

/// Show an amount in 元 in the unit of a figure ("111.61万元").
pub fn in_unit_of(yuan: Decimal, fig: &Figure) -> String {
    let unit = MoneyUnit::from_text(&fig.unit).unwrap_or(MoneyUnit::WanYuan);
    let v = yuan
        .checked_div(unit.yuan_factor())
        .unwrap_or(Decimal::ZERO);
    let mut v = crate::tolerance::round(v, fig.decimals.max(2));
    v = v.normalize();
    format!("{}{}", v, unit.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topics_of_the_sample_sections() {
        let doc = crate::parse(include_str!("../../../tests/fixtures/samples/000.txt")).document;
        let n = Narrative::new(&doc);
        let topic_at = |value: &str, unit: &str| {
            n.figs
                .iter()
                .find(|f| f.f.value.to_string() == value && f.f.unit == unit)
                .map(|f| f.topic)
        };
        assert_eq!(topic_at("116.61", "万元"), Some(Topic::Expenditure));
        assert_eq!(topic_at("90.43", "%"), Some(Topic::Income));
        assert_eq!(
            topic_at("96.69", "%"),
            Some(Topic::GeneralBudget(GbPart::Structure))
        );
        assert_eq!(
            topic_at("97.57", "万元"),
            Some(Topic::GeneralBudget(GbPart::Detail))
        );
        assert_eq!(topic_at("86.09", "%"), Some(Topic::Basic));
        assert_eq!(topic_at("17.17", "万元"), Some(Topic::OfficeExpense));
        assert_eq!(topic_at("13.52", "万元"), Some(Topic::Procurement));
        assert_eq!(topic_at("2251.77", "万元"), Some(Topic::Overall));
        assert_eq!(topic_at("2249.9", "万元"), Some(Topic::FiscalOverall));
        assert_eq!(core_subject("2022年度支出合计"), "支出合计");
        assert_eq!(core_subject("其中基本支出"), "基本支出");
        assert_eq!(trim_end_all("支出支出比例比例", "比例"), "支出支出");
        assert_eq!(trim_start_all("本年本年收入", "本年"), "收入");
        assert_eq!(trim_end_all("收入", ""), "收入");
    }

    /// One walk for every marker cuts where cutting at each marker in turn does.
    #[test]
    fn core_subject_cuts_at_each_marker_in_turn() {
        fn by_search(key: &str) -> &str {
            let mut s = key;
            for marker in CORE_MARKERS {
                if let Some(p) = s.rfind(marker) {
                    s = &s[p + marker.len()..];
                }
            }
            let digits = s.chars().take_while(|c| c.is_ascii_digit()).count();
            if digits == 4 {
                if let Some(rest) = s[digits..].strip_prefix('年') {
                    s = rest;
                }
            }
            s
        }
        let pieces: Vec<&str> = CORE_MARKERS
            .iter()
            .copied()
            .chain(["支出", "2022年", "其", "分别", "主要", "基本", ""])
            .collect();
        for &a in &pieces {
            for &b in &pieces {
                for &c in &pieces {
                    for d in ["", "其中", "年度"] {
                        let key = format!("{a}{b}{c}{d}费");
                        assert_eq!(core_subject(&key), by_search(&key), "{key}");
                    }
                }
            }
        }
    }

    #[test]
    fn first_characters_cover_their_words() {
        for w in CHANGE_WORDS {
            assert!(is_change_first_char(w.chars().next().unwrap()), "{w}");
        }
        for w in CORE_MARKERS {
            assert!(is_marker_first_char(w.chars().next().unwrap()), "{w}");
        }
    }
}
