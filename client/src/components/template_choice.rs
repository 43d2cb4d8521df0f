//! Choosing how a new board starts: blank, from one of the built-in workshop templates
//! ([`polyphony_shared::templates`]), or from an agenda saved in this browser
//! ([`crate::components::saved_templates`]), with what each one holds.

use leptos::prelude::*;
use polyphony_shared::templates::{BUILT_IN, Template};

use crate::components::saved_templates;

/// How a new board starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Chosen {
    /// With an empty agenda.
    #[default]
    Blank,
    /// From the built-in template with this id.
    BuiltIn(&'static str),
    /// From the agenda saved in this browser at this place in the list.
    Saved(usize),
}

/// The built-in templates, read with the browser's JSON parser.
fn built_in() -> Vec<(&'static str, Template)> {
    BUILT_IN
        .into_iter()
        .filter_map(|(id, json)| Some((id, crate::json::read::<Template>(&crate::json::parse(json)?)?)))
        .collect()
}

/// Every choice: its value, its test id and the template.
fn choices() -> Vec<(Chosen, String, Option<Template>)> {
    let blank = (Chosen::Blank, "template-blank".to_owned(), None);
    let built_in =
        built_in().into_iter().map(|(id, template)| (Chosen::BuiltIn(id), format!("template-{id}"), Some(template)));
    let saved = saved_templates::saved()
        .into_iter()
        .enumerate()
        .map(|(at, template)| (Chosen::Saved(at), format!("template-saved-{at}"), Some(template)));
    std::iter::once(blank).chain(built_in).chain(saved).collect()
}

/// Radio buttons for a blank board and each template; the chosen one shows what it holds.
#[component]
pub fn TemplateChoice(
    /// The choice.
    chosen: RwSignal<Chosen>,
) -> impl IntoView {
    let all = StoredValue::new(choices());
    let described = move || {
        let chosen = chosen.get();
        all.with_value(|all| {
            all.iter().find(|(value, _, _)| *value == chosen).and_then(|(_, _, template)| template.clone())
        })
    };
    view! {
        <fieldset class="templates" data-testid="templates">
            <legend>"How do you want to start?"</legend>
            {all.with_value(|all| all.iter().map(|(value, testid, template)| {
                let value = *value;
                let name = match (value, template) {
                    (Chosen::Saved(_), Some(template)) => format!("{} (saved on this device)", template.name),
                    (_, Some(template)) => template.name.clone(),
                    (_, None) => "Blank board".to_owned(),
                };
                view! {
                    <label class="choice">
                        <input type="radio" name="template" data-testid=testid.clone()
                            prop:checked=move || chosen.get() == value on:change=move |_| chosen.set(value) />
                        {name}
                    </label>
                }
            }).collect_view())}
            {move || described().map(|template| view! {
                <div class="template-preview" data-testid="template-preview">
                    <p>{template.description}</p>
                    <ol>
                        {template.activities.into_iter().map(|activity| {
                            let coming = activity.available_kind().is_none().then_some(" (coming soon)");
                            view! { <li>{activity.title} <span class="hint">{coming}</span></li> }
                        }).collect_view()}
                    </ol>
                </div>
            })}
        </fieldset>
    }
}

/// What to send for `chosen`: a built-in template's id, or a saved agenda.
pub fn request_parts(chosen: Chosen) -> (Option<&'static str>, Option<Template>) {
    match chosen {
        Chosen::Blank => (None, None),
        Chosen::BuiltIn(id) => (Some(id), None),
        Chosen::Saved(at) => (None, saved_templates::saved().into_iter().nth(at)),
    }
}
