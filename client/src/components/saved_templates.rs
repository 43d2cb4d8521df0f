//! Agendas saved as templates: a facilitator saves a board's agenda in this browser (and can
//! download it as a JSON file, the same data as the built-in templates), and starts later
//! boards from it on the home page.

use js_sys::Array;
use leptos::prelude::*;
use polyphony_shared::templates::Template;
use wasm_bindgen::JsValue;

use crate::governance::Governance;
use crate::json;

/// The agendas saved in this browser, newest last.
pub fn saved() -> Vec<Template> {
    let Some(list) = crate::sync::saved_templates().and_then(|text| json::parse(&text)) else { return Vec::new() };
    Array::from(&list).iter().filter_map(|value| json::read::<Template>(&value)).collect()
}

/// A template as the JSON object the server and the built-in files read.
pub fn to_value(template: &Template) -> JsValue {
    let activities: Array = template
        .activities
        .iter()
        .map(|item| {
            json::build(&[
                ("kind", JsValue::from_str(&item.kind)),
                ("phase", JsValue::from_str(item.phase.as_str())),
                ("title", JsValue::from_str(&item.title)),
                ("minutes", JsValue::from_f64(f64::from(item.minutes))),
                ("prompt", JsValue::from_str(&item.prompt)),
                ("instructions", JsValue::from_str(&item.instructions)),
            ])
        })
        .collect();
    json::build(&[
        ("name", JsValue::from_str(&template.name)),
        ("description", JsValue::from_str(&template.description)),
        ("activities", activities.into()),
    ])
}

/// Keeps `template` in this browser, in place of one saved before under the same name.
fn keep(template: &Template) {
    let mut all = saved();
    all.retain(|other| other.name != template.name);
    all.push(template.clone());
    let list: Array = all.iter().map(to_value).collect();
    if let Some(text) = json::stringify(&list) {
        crate::sync::remember_saved_templates(&text);
    }
}

/// The facilitator's "save this agenda as a template", with a download of the file.
#[component]
pub fn SaveAsTemplate(
    /// The board's title, offered as the template's name.
    title: Signal<Option<String>>,
) -> impl IntoView {
    let governance = expect_context::<Governance>();
    let saved_as = RwSignal::new(None::<(String, String)>);
    let save = move |_| {
        let offered = title.get_untracked().unwrap_or_default();
        let asked = window().prompt_with_message_and_default("Name of the template", &offered).ok().flatten();
        let Some(name) = asked.filter(|name| !name.trim().is_empty()) else { return };
        let agenda = governance.view.with_untracked(|view| view.activities.values().cloned().collect::<Vec<_>>());
        let template = Template::from_agenda(&name, "", agenda);
        keep(&template);
        let file = json::stringify(&to_value(&template)).unwrap_or_default();
        let link = format!("data:application/json;charset=utf-8,{}", String::from(js_sys::encode_uri_component(&file)));
        saved_as.set(Some((template.name, link)));
    };
    view! {
        <div class="save-template">
            <button type="button" class="secondary small" data-testid="save-template" on:click=save>
                "Save this agenda as a template"</button>
            {move || saved_as.get().map(|(name, link)| view! {
                <p class="hint" role="status" data-testid="template-saved">
                    "Saved as “" {name.clone()} "”: it is offered when you start a board on this device. "
                    <a href=link download=format!("{name}.json")>"Download the file"</a>
                </p>
            })}
        </div>
    }
}
