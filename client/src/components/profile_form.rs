//! "Your name" and "I take part as": the only things Polyphony asks of a person. Nothing is
//! preselected: each person says how they take part. What is missing is said next to the
//! field, which gets the focus.

use leptos::prelude::*;
use polyphony_shared::Perspective;

use crate::sync::{Me, offline_me, remember_me};

/// The field a problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileField {
    /// The display name.
    Name,
    /// The perspective.
    Perspective,
}

/// The profile being filled in, and what is missing from it. Cheap to copy.
#[derive(Clone, Copy)]
pub struct Profile {
    name: RwSignal<String>,
    perspective: RwSignal<Option<Perspective>>,
    problem: RwSignal<Option<(ProfileField, String)>>,
    id_prefix: &'static str,
}

impl Profile {
    /// A profile pre-filled from what this browser remembers.
    pub fn remembered(id_prefix: &'static str) -> Profile {
        let remembered = offline_me();
        Profile {
            name: RwSignal::new(remembered.as_ref().map(|me| me.name.clone()).unwrap_or_default()),
            perspective: RwSignal::new(remembered.map(|me| me.perspective)),
            problem: RwSignal::new(None),
            id_prefix,
        }
    }

    /// The filled-in profile, remembered for next time; or `None`, with what is missing
    /// shown next to its field and the focus moved there.
    pub fn take(&self) -> Option<Me> {
        match profile_from(&self.name.get_untracked(), self.perspective.get_untracked()) {
            Ok(me) => {
                remember_me(&me);
                self.problem.set(None);
                Some(me)
            }
            Err((field, message)) => {
                self.problem.set(Some((field, message)));
                let target = match field {
                    ProfileField::Name => format!("{}-name", self.id_prefix),
                    ProfileField::Perspective => format!("{}-perspective-citizen", self.id_prefix),
                };
                if let Some(element) = document().get_element_by_id(&target)
                    && let Ok(element) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(element)
                {
                    element.focus().ok();
                }
                None
            }
        }
    }
}

/// Name and perspective fields.
#[component]
pub fn ProfileFields(
    /// The profile they fill in.
    profile: Profile,
) -> impl IntoView {
    let Profile { name, perspective, problem, id_prefix } = profile;
    let name_id = format!("{id_prefix}-name");
    let problem_with = move |field: ProfileField| {
        move || {
            problem.get().filter(|(about, _)| *about == field).map(|(_, message)| {
                view! { <p class="error" role="alert" id=format!("{id_prefix}-problem") data-testid=format!("{id_prefix}-problem")>{message}</p> }
            })
        }
    };
    view! {
        <label for=name_id.clone()>"Your name"</label>
        <input id=name_id data-testid=format!("{id_prefix}-name") required maxlength="40" autocomplete="nickname"
            aria-invalid=move || problem.with(|p| matches!(p, Some((ProfileField::Name, _)))).to_string()
            prop:value=move || name.get() on:input=move |event| name.set(event_target_value(&event)) />
        {problem_with(ProfileField::Name)}
        <fieldset class="perspective">
            <legend>"I take part as"</legend>
            {Perspective::ALL.into_iter().map(|option| view! {
                <label class="choice">
                    <input type="radio" name=format!("{id_prefix}-perspective") value=option.as_str()
                        id=format!("{id_prefix}-perspective-{}", option.as_str())
                        data-testid=format!("{id_prefix}-perspective-{}", option.as_str())
                        prop:checked=move || perspective.get() == Some(option)
                        on:change=move |_| perspective.set(Some(option)) />
                    {option.label()}
                </label>
            }).collect_view()}
        </fieldset>
        {problem_with(ProfileField::Perspective)}
    }
}

/// Turns the fields into a profile, or says which field is missing what.
pub fn profile_from(name: &str, perspective: Option<Perspective>) -> Result<Me, (ProfileField, String)> {
    // Folded as the server folds it: a card is signed with exactly the name the server knows.
    let name = polyphony_shared::access::fold_name(name);
    if name.is_empty() {
        return Err((ProfileField::Name, "Please tell the others your name (any name you like).".into()));
    }
    let Some(perspective) = perspective else {
        return Err((ProfileField::Perspective, "Please choose how you take part.".into()));
    };
    let color = offline_me().map(|me| me.color).unwrap_or_else(random_color);
    Ok(Me { name: name.chars().take(40).collect(), perspective, color })
}

fn random_color() -> String {
    let hue = (js_sys::Math::random() * 360.0) as u32;
    format!("hsl({hue} 65% 38%)")
}
