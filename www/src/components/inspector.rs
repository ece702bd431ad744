//! The calculation inspector: one finding's rule, message, stated vs expected, difference and
//! allowance, and the figures it was checked against (each jumpable).

use super::Store;
use crate::analysis::{table_name_in, Checked};
use crate::i18n::{severity, t, tf, Key, Lang};
use crate::state::Action;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub checked: Rc<Checked>,
    pub index: usize,
    pub dispatch: UseReducerDispatcher<Store>,
    pub on_related: Callback<(usize, usize)>,
    pub on_primary: Callback<usize>,
}

#[function_component(Inspector)]
pub fn inspector(props: &Props) -> Html {
    let lang = props.lang;
    let i = props.index;
    let Some(f) = props.checked.findings.get(i) else {
        return Html::default();
    };
    let (message, other) = match lang {
        Lang::Zh => (&f.message, &f.message_en),
        Lang::En => (&f.message_en, &f.message),
    };
    let summary = match lang {
        Lang::Zh => &f.summary,
        Lang::En => &f.summary_en,
    };
    let close = {
        let d = props.dispatch.clone();
        Callback::from(move |_| d.dispatch(Action::CloseInspector))
    };
    let prev = {
        let d = props.dispatch.clone();
        Callback::from(move |_| {
            d.dispatch(Action::Previous);
            d.dispatch(Action::OpenSelected);
        })
    };
    let next = {
        let d = props.dispatch.clone();
        Callback::from(move |_| {
            d.dispatch(Action::Next);
            d.dispatch(Action::OpenSelected);
        })
    };
    let jump = {
        let cb = props.on_primary.clone();
        Callback::from(move |_| cb.emit(i))
    };
    let amount = |key: Key, value: &Option<String>, class: &'static str| {
        value.as_ref().map(|v| {
            html! {
                <>
                    <dt>{ t(lang, key) }</dt>
                    <dd class={classes!("amount", class)} data-testid={format!("inspector-{class}")}>{ v }</dd>
                </>
            }
        })
    };
    html! {
        <section class={classes!("inspector", f.severity.as_str())} data-testid="inspector"
            aria-label={t(lang, Key::Inspector)}>
            <header>
                <h2>{ t(lang, Key::Inspector) }</h2>
                <div class="inspector-nav">
                    <button type="button" onclick={prev} title={t(lang, Key::Previous)}>{ "↑" }</button>
                    <button type="button" onclick={next} title={t(lang, Key::Next)}>{ "↓" }</button>
                    <button type="button" onclick={close} aria-label={t(lang, Key::Close)}
                        data-testid="inspector-close">{ "×" }</button>
                </div>
            </header>
            <p class="inspector-rule">
                <span class={classes!("badge", f.severity.as_str())}>{ severity(lang, f.severity) }</span>
                <code>{ &f.rule }</code>
                if !summary.is_empty() {
                    <span class="summary">{ summary }</span>
                }
            </p>
            <p class="inspector-message" data-testid="inspector-message">{ message }</p>
            <p class="inspector-other" lang={lang.other().code()}>{ other }</p>
            <dl class="calc">
                <dt>{ t(lang, Key::Location) }</dt>
                <dd>
                    <button type="button" class="link" onclick={jump}>
                        { tf(lang, Key::LineCol, &[("line", &f.line.to_string()), ("column", &f.column.to_string())]) }
                    </button>
                    if let Some(table) = &f.table {
                        { " · " }{ table_name_in(table, lang) }
                    }
                </dd>
                if let Some(cell) = if lang == Lang::En { &f.cell_en } else { &f.cell } {
                    <dt>{ t(lang, Key::Cell) }</dt>
                    <dd>{ cell }</dd>
                }
                { for amount(Key::Stated, &f.stated, "stated") }
                { for amount(Key::Expected, &f.expected, "expected") }
                { for amount(Key::Difference, &f.difference, "difference") }
                { for amount(Key::Allowance, &f.allowance, "allowance") }
            </dl>
            if !f.related.is_empty() {
                <h3>{ t(lang, Key::Related) }</h3>
                <ol class="related" data-testid="inspector-related">
                    { for f.related.iter().enumerate().map(|(j, r)| {
                        let cb = props.on_related.clone();
                        let onclick = Callback::from(move |_| cb.emit((i, j)));
                        html! {
                            <li>
                                <button type="button" class="link related-jump" onclick={onclick}
                                    title={t(lang, Key::JumpTo)}>
                                    <span class="where">{ tf(lang, Key::LineCol, &[("line", &r.line.to_string()), ("column", &r.column.to_string())]) }</span>
                                    <span class="what">{ r.what(lang) }</span>
                                    if let Some(v) = &r.value {
                                        <span class="amount">{ v }</span>
                                    }
                                </button>
                            </li>
                        }
                    }) }
                </ol>
            }
            if let Some(help) = if lang == Lang::En { f.help_en.as_ref().or(f.help.as_ref()) } else { f.help.as_ref() } {
                <h3>{ t(lang, Key::Help) }</h3>
                <p class="help">{ help }</p>
            }
            if let Some(doc) = props.checked.rule_doc(&f.rule) {
                <details class="rule-doc" data-testid="inspector-doc">
                    <summary>{ t(lang, Key::AboutRule) }</summary>
                    { for doc.paragraphs(lang).iter().map(|p| html! { <p>{ p }</p> }) }
                </details>
            }
        </section>
    }
}
