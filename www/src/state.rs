//! The page's state and the pure reducer that changes it (yew's `use_reducer`). Components
//! dispatch `Action`s; side effects (running the check, saving to localStorage, scrolling) are
//! done by the components from the state, never here. Tested natively.

use crate::analysis::{table_name, Checked, Sev, Timing};
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};
use std::rc::Rc;

/// What the findings list shows.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Filter {
    /// Words that must all occur in the rule id, table or message (case-insensitive).
    pub text: String,
    /// Severities hidden from the list (error, warning, info).
    pub hidden: Vec<Sev>,
}

impl Filter {
    pub fn shows(&self, f: &crate::analysis::FindingView) -> bool {
        if self.hidden.contains(&f.severity) {
            return false;
        }
        let words: Vec<String> = self
            .text
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        if words.is_empty() {
            return true;
        }
        let hay = format!(
            "{} {} {} {} {}",
            f.rule,
            f.table.as_deref().map(table_name).unwrap_or_default(),
            f.message,
            f.message_en,
            f.cell.as_deref().unwrap_or_default()
        )
        .to_lowercase();
        words.iter().all(|w| hay.contains(w.as_str()))
    }
}

/// The settings kept across visits.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Settings {
    pub lang: Lang,
    #[serde(default)]
    pub filter: Filter,
}

impl Settings {
    /// The settings as localStorage keeps them: `lang=en`, `hidden=info,warning` and
    /// `filter=…` lines (a plain format: the page's module carries no JSON reader).
    pub fn to_storage(&self) -> String {
        let hidden: Vec<&str> = self.filter.hidden.iter().map(|s| s.as_str()).collect();
        format!(
            "lang={}\nhidden={}\nfilter={}",
            self.lang.code(),
            hidden.join(","),
            self.filter.text.replace(['\n', '\r'], " ")
        )
    }

    /// Read [`Settings::to_storage`]'s text; unknown lines are skipped, None if it is not ours.
    pub fn from_storage(text: &str) -> Option<Settings> {
        let mut settings = Settings::default();
        let mut ours = false;
        for line in text.lines() {
            let Some((key, value)) = line.split_once('=') else {
                continue;
            };
            match key {
                "lang" => {
                    settings.lang = Lang::parse(value);
                    ours = true;
                }
                "hidden" => {
                    settings.filter.hidden = value.split(',').filter_map(Sev::parse).collect();
                }
                "filter" => settings.filter.text = value.to_string(),
                _ => {}
            }
        }
        ours.then_some(settings)
    }
}

/// A check's result together with the text it was made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub generation: u64,
    pub text: Rc<str>,
    pub checked: Rc<Checked>,
    pub timing: Option<Timing>,
    /// The CLI's JSON of this result, for export; it arrives just after the result.
    pub json: Option<Rc<str>>,
}

/// A short message shown under the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub is_error: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct State {
    pub input: Rc<str>,
    /// Bumped on every edit; a result is shown only for the latest generation.
    pub generation: u64,
    pub outcome: Option<Outcome>,
    pub settings: Settings,
    /// The finding selected (index in the outcome's findings).
    pub selected: Option<usize>,
    /// Whether the calculation inspector shows the selected finding.
    pub inspector_open: bool,
    pub notice: Option<Notice>,
    /// Whether the last change was typing (checked once the text settles) rather than a
    /// paste, a file or the sample (checked at once).
    pub typing: bool,
}

pub enum Action {
    /// The text was replaced (paste, file, sample, restore).
    SetInput(String),
    /// The text changed by typing.
    Type(String),
    /// A check finished.
    Checked {
        generation: u64,
        text: Rc<str>,
        checked: Rc<Checked>,
        timing: Option<Timing>,
    },
    /// The export JSON of the result of `generation` arrived.
    Json {
        generation: u64,
        json: Rc<str>,
    },
    SetLang(Lang),
    SetFilterText(String),
    ToggleSeverity(Sev),
    /// Select a finding and open the inspector.
    Open(usize),
    /// Move the selection through the visible list.
    Next,
    Previous,
    /// Open the inspector on the selection (Enter).
    OpenSelected,
    CloseInspector,
    Notify(Option<Notice>),
}

/// One group of the findings list: one rule at one severity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub severity: Sev,
    pub rule: String,
    pub summary: String,
    pub summary_en: String,
    /// Indices into the findings, in document order.
    pub items: Vec<usize>,
}

/// The findings the filter shows, grouped by severity (errors first) and rule id.
pub fn groups(checked: &Checked, filter: &Filter) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    for (i, f) in checked.findings.iter().enumerate() {
        if !filter.shows(f) {
            continue;
        }
        match out
            .iter_mut()
            .find(|g| g.severity == f.severity && g.rule == f.rule)
        {
            Some(g) => g.items.push(i),
            None => out.push(Group {
                severity: f.severity,
                rule: f.rule.clone(),
                summary: f.summary.clone(),
                summary_en: f.summary_en.clone(),
                items: vec![i],
            }),
        }
    }
    out.sort_by(|a, b| (a.severity, &a.rule).cmp(&(b.severity, &b.rule)));
    out
}

/// The visible findings in list order (what J/K walk through).
pub fn visible(checked: &Checked, filter: &Filter) -> Vec<usize> {
    groups(checked, filter)
        .into_iter()
        .flat_map(|g| g.items)
        .collect()
}

impl State {
    pub fn new(input: String, settings: Settings) -> Self {
        State {
            input: input.into(),
            settings,
            ..State::default()
        }
    }

    pub fn checked(&self) -> Option<&Checked> {
        self.outcome.as_ref().map(|o| &*o.checked)
    }

    /// True while the text shown differs from the last checked one.
    pub fn is_checking(&self) -> bool {
        match &self.outcome {
            Some(o) => o.generation != self.generation,
            None => !self.input.is_empty(),
        }
    }

    fn step(&mut self, forward: bool) {
        let Some(checked) = self.checked() else {
            return;
        };
        let order = visible(checked, &self.settings.filter);
        if order.is_empty() {
            return;
        }
        let at = self
            .selected
            .and_then(|s| order.iter().position(|&i| i == s));
        let next = match (at, forward) {
            (None, true) => 0,
            (None, false) => order.len() - 1,
            (Some(p), true) => (p + 1).min(order.len() - 1),
            (Some(p), false) => p.saturating_sub(1),
        };
        self.selected = Some(order[next]);
    }

    /// Apply one action.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::SetInput(text) | Action::Type(text) if *self.input == *text => {}
            Action::SetInput(text) => {
                self.input = text.into();
                self.generation += 1;
                self.typing = false;
            }
            Action::Type(text) => {
                self.input = text.into();
                self.generation += 1;
                self.typing = true;
            }
            Action::Checked {
                generation,
                text,
                checked,
                timing,
            } => {
                if generation != self.generation {
                    return; // a stale result: the text changed since
                }
                let same_findings = self
                    .checked()
                    .is_some_and(|c| c.findings.len() == checked.findings.len());
                if !same_findings {
                    self.selected = None;
                    self.inspector_open = false;
                }
                self.outcome = Some(Outcome {
                    generation,
                    text,
                    checked,
                    timing,
                    json: None,
                });
            }
            Action::Json { generation, json } => {
                if let Some(outcome) = self.outcome.as_mut() {
                    if outcome.generation == generation {
                        outcome.json = Some(json);
                    }
                }
            }
            Action::SetLang(lang) => self.settings.lang = lang,
            Action::SetFilterText(text) => self.settings.filter.text = text,
            Action::ToggleSeverity(sev) => {
                let hidden = &mut self.settings.filter.hidden;
                if let Some(p) = hidden.iter().position(|&s| s == sev) {
                    hidden.remove(p);
                } else {
                    hidden.push(sev);
                    hidden.sort();
                }
            }
            Action::Open(i) => {
                if self.checked().is_some_and(|c| i < c.findings.len()) {
                    self.selected = Some(i);
                    self.inspector_open = true;
                }
            }
            Action::Next => self.step(true),
            Action::Previous => self.step(false),
            Action::OpenSelected => self.inspector_open = self.selected.is_some(),
            Action::CloseInspector => self.inspector_open = false,
            Action::Notify(notice) => self.notice = notice,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;

    const SAMPLE: &str = include_str!("../../tests/fixtures/samples/000.txt");

    fn checked_state() -> State {
        let mut s = State::new(String::new(), Settings::default());
        s.apply(Action::SetInput(SAMPLE.to_string()));
        assert!(s.is_checking());
        s.apply(Action::Checked {
            generation: s.generation,
            text: SAMPLE.into(),
            checked: Rc::new(analyze(SAMPLE)),
            timing: None,
        });
        assert!(!s.is_checking());
        s
    }

    #[test]
    fn typing_waits_for_the_text_to_settle_and_pastes_do_not() {
        let mut s = State::default();
        s.apply(Action::Type("a".into()));
        assert!(s.typing);
        s.apply(Action::SetInput("ab".into()));
        assert!(!s.typing);
        let g = s.generation;
        // The same text again is no change at all.
        s.apply(Action::Type("ab".into()));
        assert_eq!((s.generation, s.typing), (g, false));
    }

    #[test]
    fn stale_results_are_dropped() {
        let mut s = State::default();
        s.apply(Action::SetInput("a".into()));
        let old = s.generation;
        s.apply(Action::SetInput("ab".into()));
        s.apply(Action::Checked {
            generation: old,
            text: "a".into(),
            checked: Rc::new(analyze("a")),
            timing: None,
        });
        assert!(s.outcome.is_none());
        assert!(s.is_checking());
    }

    #[test]
    fn the_export_json_joins_its_own_result_only() {
        let mut s = checked_state();
        let g = s.generation;
        assert_eq!(s.outcome.as_ref().unwrap().json, None);
        s.apply(Action::Json {
            generation: g - 1,
            json: "{}".into(),
        });
        assert_eq!(
            s.outcome.as_ref().unwrap().json,
            None,
            "an older result's JSON"
        );
        s.apply(Action::Json {
            generation: g,
            json: "{\"path\":1}".into(),
        });
        assert_eq!(
            s.outcome.as_ref().unwrap().json.as_deref(),
            Some("{\"path\":1}")
        );
        // A new result starts without JSON until its own arrives.
        s.apply(Action::SetInput("x".into()));
        s.apply(Action::Checked {
            generation: s.generation,
            text: "x".into(),
            checked: Rc::new(analyze("x")),
            timing: None,
        });
        assert_eq!(s.outcome.as_ref().unwrap().json, None);
    }

    #[test]
    fn same_text_does_not_recheck() {
        let mut s = checked_state();
        let g = s.generation;
        s.apply(Action::SetInput(SAMPLE.to_string()));
        assert_eq!(s.generation, g);
    }

    #[test]
    fn groups_put_errors_first_and_cover_every_finding() {
        let s = checked_state();
        let c = s.checked().unwrap();
        let gs = groups(c, &Filter::default());
        let n: usize = gs.iter().map(|g| g.items.len()).sum();
        assert_eq!(n, c.findings.len(), "the list is never capped");
        assert!(gs.windows(2).all(|w| w[0].severity <= w[1].severity));
        assert_eq!(gs[0].severity, Sev::Error);
    }

    #[test]
    fn filter_by_severity_and_words() {
        let mut s = checked_state();
        s.apply(Action::ToggleSeverity(Sev::Error));
        let c = s.checked().unwrap();
        assert!(visible(c, &s.settings.filter)
            .iter()
            .all(|&i| c.findings[i].severity != Sev::Error));
        let rule = c.findings[0].rule.clone();
        s.apply(Action::ToggleSeverity(Sev::Error));
        assert!(s.settings.filter.hidden.is_empty());
        s.apply(Action::SetFilterText(rule.to_uppercase()));
        let c = s.checked().unwrap();
        let shown = visible(c, &s.settings.filter);
        assert!(!shown.is_empty());
        assert!(shown.iter().all(|&i| c.findings[i].rule == rule));
        s.apply(Action::SetFilterText("没有这样的词 zzz".into()));
        assert!(visible(s.checked().unwrap(), &s.settings.filter).is_empty());
    }

    #[test]
    fn keyboard_walks_the_visible_order() {
        let mut s = checked_state();
        let order = visible(s.checked().unwrap(), &s.settings.filter);
        s.apply(Action::Next);
        assert_eq!(s.selected, Some(order[0]));
        assert!(!s.inspector_open);
        s.apply(Action::Next);
        assert_eq!(s.selected, Some(order[1]));
        s.apply(Action::Previous);
        s.apply(Action::Previous);
        assert_eq!(s.selected, Some(order[0]));
        s.apply(Action::OpenSelected);
        assert!(s.inspector_open);
        s.apply(Action::CloseInspector);
        assert!(!s.inspector_open);
        s.apply(Action::Open(usize::MAX));
        assert!(!s.inspector_open);
    }

    #[test]
    fn settings_round_trip_through_storage() {
        let mut s = Settings {
            lang: Lang::En,
            ..Settings::default()
        };
        s.filter.hidden.push(Sev::Info);
        s.filter.hidden.push(Sev::Warning);
        s.filter.text = "table. 06=x\nnext".into();
        let stored = s.to_storage();
        let back = Settings::from_storage(&stored).unwrap();
        assert_eq!(back.lang, Lang::En);
        assert_eq!(back.filter.hidden, s.filter.hidden);
        assert_eq!(back.filter.text, "table. 06=x next");
        // Partial settings load; what is not ours (an older JSON value, junk) does not.
        assert_eq!(
            Settings::from_storage("lang=zh-CN"),
            Some(Settings::default())
        );
        assert_eq!(Settings::from_storage(r#"{"lang":"en"}"#), None);
        assert_eq!(Settings::from_storage(""), None);
    }
}
