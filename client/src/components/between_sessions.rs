//! Between sessions (seed 000's "bridging home activities"): a facilitator keeps an activity
//! open for contributions until a date; everyone sees what is open, and goes to it.

use leptos::prelude::*;
use polyphony_shared::Command;
use polyphony_shared::agenda::{Activity, ActivityState, Visibility, in_order};
use polyphony_shared::ids::ActivityId;
use wasm_bindgen::JsValue;

use crate::components::activity_screen::LookingBack;
use crate::governance::Governance;

/// A moment as people read it: "Sat 5 Dec, 18:00" in the browser's language.
pub fn date_and_time(ms: u64) -> String {
    // Milliseconds since 1970 fit a double exactly for the next 285,000 years.
    #[allow(clippy::cast_precision_loss)]
    let date = js_sys::Date::new(&JsValue::from_f64(ms as f64));
    let options = js_sys::Object::new();
    for (key, value) in
        [("weekday", "short"), ("day", "numeric"), ("month", "short"), ("hour", "2-digit"), ("minute", "2-digit")]
    {
        js_sys::Reflect::set(&options, &JsValue::from_str(key), &JsValue::from_str(value)).ok();
    }
    let language = window().navigator().language().unwrap_or_else(|| "en-GB".to_owned());
    date.to_locale_string(&language, &options).into()
}

/// A facilitator's "keep open until": a date and time, a week from now at first.
#[component]
pub fn OpenUntilControl(
    /// The activity.
    activity: ActivityId,
) -> impl IntoView {
    let governance = expect_context::<Governance>();
    let week = js_sys::Date::new(&JsValue::from_f64(js_sys::Date::now() + 7.0 * 86_400_000.0));
    let default = format!("{:04}-{:02}-{:02}T18:00", week.get_full_year(), week.get_month() + 1, week.get_date());
    let until = RwSignal::new(default);
    let open = move |_| {
        // A datetime-local value is read in the browser's own time zone.
        let chosen = js_sys::Date::new(&JsValue::from_str(&until.get_untracked())).get_time();
        if chosen.is_finite() && chosen > 0.0 {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            governance.command(Command::OpenActivity { activity, until_ms: chosen as u64 });
        }
    };
    view! {
        <details class="open-until">
            <summary data-testid="open-between-sessions">"Open between sessions…"</summary>
            <label>"Open for contributions until "
                <input type="datetime-local" data-testid="open-until"
                    prop:value=move || until.get() on:input=move |event| until.set(event_target_value(&event)) />
            </label>
            <button type="button" class="small" data-testid="open-activity" on:click=open>"Keep it open"</button>
        </details>
    }
}

/// The activities open between sessions, when nothing is live: what they ask and until
/// when, and a way into each.
#[component]
pub fn OpenNow() -> impl IntoView {
    let governance = expect_context::<Governance>();
    let looking_back = expect_context::<LookingBack>();
    let open = Memo::new(move |_| {
        governance.view.with(|view| {
            let live = view.activities.values().any(|activity| activity.state == ActivityState::Live);
            let open = view.activities.values().filter(|activity| {
                activity.state == ActivityState::Open && activity.visibility == Visibility::Everyone
            });
            if live { Vec::new() } else { in_order(open.cloned()) }
        })
    });
    move || {
        open.get()
            .into_iter()
            .map(|activity: Activity| {
                let id = activity.id;
                let until = activity.open_until_ms.map(date_and_time).unwrap_or_default();
                view! {
                    <div class="now-live open-now" data-testid="open-now">
                        <p class="now-label">"Open for your contributions until " {until}</p>
                        <h2>{activity.title}</h2>
                        <p class="prompt">{activity.prompt}</p>
                        <button type="button" data-testid="go-to-open" on:click=move |_| looking_back.0.set(Some(id))>
                            "Take part"</button>
                    </div>
                }
            })
            .collect_view()
    }
}
