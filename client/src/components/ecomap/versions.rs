//! Dated versions of the map (issue 18's "change over time"): whoever draws the map saves it
//! as it stands, dated by the server and named if they like ("First visit"); everyone who
//! may open the map picks two versions, or a version and the map now, and sees them side by
//! side ([`super::compare`]).

use leptos::prelude::*;
use polyphony_shared::Command;
use polyphony_shared::ecomap::EcoMap;
use polyphony_shared::ecomap::versions::{MAX_LABEL_CHARS, MapVersion};
use polyphony_shared::ids::ActivityId;

use super::compare::{Compared, SideBySide};
use crate::components::between_sessions::date_and_time;
use crate::governance::Governance;
use crate::sync::BoardHandle;

/// The choice that stands for the map as it is now.
const NOW: &str = "now";

/// How a version is named: "Sat 5 Dec, 18:00 — First visit".
fn title_of(version: &MapVersion) -> String {
    let when = date_and_time(version.saved_ms);
    if version.label.is_empty() { when } else { format!("{when} — {}", version.label) }
}

/// The two maps chosen for comparison: a saved version (the latest, until another is
/// chosen) and the map now or another version.
fn chosen(versions: &[MapVersion], earlier: Option<&str>, later: &str, now: &EcoMap) -> Option<Compared> {
    let pick = |id: &str| versions.iter().find(|version| version.id == id);
    let first = earlier.and_then(pick).or_else(|| versions.last())?;
    let (later_title, later_map) = match pick(later) {
        Some(version) => (title_of(version), version.map.clone()),
        None => ("The map now".to_owned(), now.clone()),
    };
    Some(Compared { earlier_title: title_of(first), earlier: first.map.clone(), later_title, later: later_map })
}

/// Saving a version, the versions saved, and the comparison.
#[component]
pub fn MapVersions(
    /// The eco-map's activity.
    activity: ActivityId,
    /// The map, followed live.
    map: ReadSignal<EcoMap>,
) -> impl IntoView {
    let board = expect_context::<BoardHandle>();
    let governance = expect_context::<Governance>();
    let versions = board.map_versions();
    let label = RwSignal::new(String::new());
    let refusal = Memo::new(move |_| governance.map_refusal());
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        governance.command(Command::SaveMapVersion { activity, label: label.get_untracked().trim().to_owned() });
        label.set(String::new());
    };
    let earlier = RwSignal::new(None::<String>);
    let later = RwSignal::new(NOW.to_owned());
    let compared = Memo::new(move |_| {
        let (earlier, later) = (earlier.get(), later.get());
        map.with(|now| versions.with(|versions| chosen(versions, earlier.as_deref(), &later, now)))
    });
    let options = move |with_now: bool, selected: Signal<String>| {
        let saved = versions.get().into_iter().rev().map(move |version| {
            let id = version.id.clone();
            view! { <option value=version.id.clone() selected=move || selected.get() == id>{title_of(&version)}</option> }
        });
        let now =
            with_now.then(|| view! { <option value=NOW selected=move || selected.get() == NOW>"The map now"</option> });
        view! { {now}{saved.collect_view()} }
    };
    let earlier_shown = Signal::derive(move || {
        earlier
            .get()
            .or_else(|| versions.with(|versions| versions.last().map(|version| version.id.clone())))
            .unwrap_or_default()
    });
    view! {
        <section class="ecomap-versions" data-testid="map-versions" aria-labelledby="versions-heading">
            <h3 id="versions-heading">"Versions"</h3>
            <p class="hint">"Save the map as it is today; next time, compare it with how it is then."</p>
            <form class="ecomap-save-version" on:submit=save>
                <label>"Name this version (if you like)"
                    <input type="text" data-testid="version-label" maxlength=MAX_LABEL_CHARS.to_string()
                        placeholder="First visit" prop:value=move || label.get()
                        on:input=move |event| label.set(event_target_value(&event)) /></label>
                <button type="submit" data-testid="save-version" disabled=move || refusal.get().is_some()>"Save this version"</button>
            </form>
            {move || refusal.get().map(|reason| view! { <p class="hint">{reason}</p> })}
            <ol class="ecomap-version-list" data-testid="version-list">
                {move || versions.get().into_iter().map(|version| view! {
                    <li data-testid="map-version">{title_of(&version)}</li>
                }).collect_view()}
            </ol>
            <Show when=move || versions.with(|versions| !versions.is_empty())>
                <div class="ecomap-compare-pick">
                    <label>"Compare "
                        <select data-testid="compare-earlier" on:change=move |event| earlier.set(Some(event_target_value(&event)))>
                            {move || options(false, earlier_shown)}
                        </select></label>
                    <label>" with "
                        <select data-testid="compare-later" on:change=move |event| later.set(event_target_value(&event))>
                            {move || options(true, later.into())}
                        </select></label>
                </div>
            </Show>
            {move || compared.get().map(|compared| view! { <SideBySide compared=compared /> })}
        </section>
    }
}
