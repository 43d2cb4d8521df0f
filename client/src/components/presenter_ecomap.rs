//! An eco-map on the projector: a family's map is personal, so the projector shows it only
//! when a facilitator included it ("Show on the projector and in exports"); otherwise it
//! says that the map stays on the family's screens, and does not open the map at all.

use leptos::prelude::*;
use polyphony_shared::ecomap::CENTRE;
use polyphony_shared::ecomap::svg;

use crate::sync::BoardHandle;

/// The map drawn large, followed live.
#[component]
pub fn PresenterEcoMap(
    /// The eco-map activity's document, opened with the presenter's pass.
    handle: BoardHandle,
) -> impl IntoView {
    let map = handle.eco_map();
    let drawn = move || map.with(|map| svg::render(map, &format!("Eco-map of {}", map.end_name(CENTRE))));
    // Beside the question, where other activities show their results.
    view! { <section class="presenter-results presenter-map" data-testid="presenter-map" inner_html=drawn></section> }
}

/// What the projector says in place of a map nobody included.
#[component]
pub fn PrivateMap() -> impl IntoView {
    view! {
        <p class="presenter-instructions" data-testid="presenter-map-private">
            "This map is personal: it stays on the screens of the people drawing it."
        </p>
    }
}
