//! The verdict and the counts by severity.

use crate::analysis::{Checked, Class, Sev, Timing};
use crate::i18n::{t, tf, Key, Lang};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub checked: Option<Rc<Checked>>,
    /// How long the shown result took (None: not measured).
    pub timing: Option<Timing>,
    pub has_input: bool,
}

#[function_component(Banner)]
pub fn banner(props: &Props) -> Html {
    let lang = props.lang;
    let Some(checked) = props.checked.as_ref().filter(|_| props.has_input) else {
        return html! {
            <section class="banner empty" data-testid="banner" data-verdict="empty">
                <p class="verdict">{ t(lang, Key::VerdictEmpty) }</p>
            </section>
        };
    };
    let counts = checked.counts();
    let (verdict, key) = if counts.error > 0 {
        ("error", Key::VerdictErrors)
    } else if matches!(checked.class, Class::NotDisclosure | Class::NoText) {
        ("unknown", Key::VerdictNotDisclosure)
    } else if counts.warning > 0 {
        ("warning", Key::VerdictWarnings)
    } else {
        ("clean", Key::VerdictClean)
    };
    let chip = |sev: Sev, label: Key| {
        html! {
            <span class={classes!("count", sev.as_str())} data-testid={format!("count-{}", sev.as_str())}>
                <b>{ counts.get(sev) }</b>{ " " }{ t(lang, label) }
            </span>
        }
    };
    let colon = match lang {
        Lang::Zh => "：",
        Lang::En => ": ",
    };
    let kind = checked.kind.as_deref().map(|k| {
        t(
            lang,
            if k == "budget" {
                Key::KindBudget
            } else {
                Key::KindFinal
            },
        )
    });
    html! {
        <section class={classes!("banner", verdict)} data-testid="banner" data-verdict={verdict} role="status">
            <p class="verdict">{ t(lang, key) }</p>
            <div class="counts">
                { chip(Sev::Error, Key::Errors) }
                { chip(Sev::Warning, Key::Warnings) }
                { chip(Sev::Info, Key::Infos) }
            </div>
            <p class="meta">
                if let Some(unit) = &checked.unit {
                    <span>{ t(lang, Key::Unit) }{ colon }{ unit }</span>
                }
                if let Some(year) = checked.year {
                    <span>{ t(lang, Key::Year) }{ colon }{ year }</span>
                }
                if let Some(kind) = kind {
                    <span>{ kind }</span>
                }
                <span>{ t(lang, Key::TablesFound) }{ colon }{ checked.tables.len() }</span>
                if let Some(timing) = props.timing {
                    <span class="timing" data-testid="timing"
                        data-check-us={timing.check_us.to_string()}
                        data-total-us={timing.total_us.to_string()}
                        data-where={if timing.in_worker { "worker" } else { "page" }}>
                        { tf(lang, Key::Took, &[("ms", &timing.total_ms())]) }
                        if !timing.in_worker { { t(lang, Key::OnPage) } }
                    </span>
                }
            </p>
        </section>
    }
}
