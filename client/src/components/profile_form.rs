//! "Your name" and "I take part as": the only things Polyphony asks of a person.

use leptos::prelude::*;
use polyphony_shared::Perspective;

use crate::sync::{Me, offline_me, remember_me};

/// Name and perspective fields, bound to signals owned by the caller.
#[component]
pub fn ProfileFields(
    /// The display name being typed.
    name: RwSignal<String>,
    /// The chosen perspective.
    perspective: RwSignal<Perspective>,
    /// Prefix for element ids, so two forms on one page do not clash.
    id_prefix: &'static str,
) -> impl IntoView {
    let name_id = format!("{id_prefix}-name");
    view! {
        <label for=name_id.clone()>"Your name"</label>
        <input id=name_id data-testid=format!("{id_prefix}-name") required maxlength="40" autocomplete="nickname"
            prop:value=move || name.get() on:input=move |event| name.set(event_target_value(&event)) />
        <fieldset class="perspective">
            <legend>"I take part as"</legend>
            {Perspective::ALL.into_iter().map(|option| view! {
                <label class="choice">
                    <input type="radio" name=format!("{id_prefix}-perspective") value=option.as_str()
                        data-testid=format!("{id_prefix}-perspective-{}", option.as_str())
                        prop:checked=move || perspective.get() == option
                        on:change=move |_| perspective.set(option) />
                    {option.label()}
                </label>
            }).collect_view()}
        </fieldset>
    }
}

/// Signals for the profile fields, pre-filled from what this browser remembers.
pub fn profile_signals() -> (RwSignal<String>, RwSignal<Perspective>) {
    let remembered = offline_me();
    let name = RwSignal::new(remembered.as_ref().map(|me| me.name.clone()).unwrap_or_default());
    let perspective = RwSignal::new(remembered.map(|me| me.perspective).unwrap_or_default());
    (name, perspective)
}

/// Takes the profile from the fields and remembers it, or shows what is missing in `error`.
/// Returns whether the person may go on.
pub fn introduce(name: RwSignal<String>, perspective: RwSignal<Perspective>, error: RwSignal<Option<String>>) -> bool {
    match profile_from(&name.get_untracked(), perspective.get_untracked()) {
        Ok(me) => {
            remember_me(&me);
            error.set(None);
            true
        }
        Err(message) => {
            error.set(Some(message));
            false
        }
    }
}

/// Turns the fields into a profile, or says what is missing.
pub fn profile_from(name: &str, perspective: Perspective) -> Result<Me, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("please tell the others your name (any name you like)".into());
    }
    let color = offline_me().map(|me| me.color).unwrap_or_else(random_color);
    Ok(Me { name: name.chars().take(40).collect(), perspective, color })
}

fn random_color() -> String {
    let hue = (js_sys::Math::random() * 360.0) as u32;
    format!("hsl({hue} 65% 38%)")
}
