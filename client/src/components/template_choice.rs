//! Choosing how a new board starts: blank, or from one of the built-in workshop templates
//! ([`polyphony_shared::templates`]), with what each one holds.

use leptos::prelude::*;
use polyphony_shared::templates::{BUILT_IN, Template};

/// The built-in templates, read with the browser's JSON parser.
fn templates() -> Vec<(&'static str, Template)> {
    BUILT_IN
        .into_iter()
        .filter_map(|(id, json)| Some((id, crate::json::read::<Template>(&crate::json::parse(json)?)?)))
        .collect()
}

/// Radio buttons for a blank board and each template; the chosen one shows what it holds.
#[component]
pub fn TemplateChoice(
    /// The chosen template's id; `None` for a blank board.
    chosen: RwSignal<Option<&'static str>>,
) -> impl IntoView {
    let all = StoredValue::new(templates());
    let options = std::iter::once((None, "Blank board".to_owned())).chain(
        all.with_value(|all| all.iter().map(|(id, template)| (Some(*id), template.name.clone())).collect::<Vec<_>>()),
    );
    let described = move || {
        let id = chosen.get()?;
        all.with_value(|all| all.iter().find(|(known, _)| *known == id).map(|(_, template)| template.clone()))
    };
    view! {
        <fieldset class="templates" data-testid="templates">
            <legend>"How do you want to start?"</legend>
            {options.map(|(id, name)| view! {
                <label class="choice">
                    <input type="radio" name="template" data-testid=format!("template-{}", id.unwrap_or("blank"))
                        prop:checked=move || chosen.get() == id on:change=move |_| chosen.set(id) />
                    {name}
                </label>
            }).collect_view()}
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
