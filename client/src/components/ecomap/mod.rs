//! An eco-map activity's screen (issue 18): the family's map drawn together, and the same
//! map as a list that a keyboard edits and a screen reader reads.
//!
//! - [`drawing`]: the map itself: drag a circle to move it, or draw a tie from one circle
//!   to another with a finger; tap a tie or a circle to find it in the list.
//! - [`list`]: the centre, every person or service and every tie, each editable in place.
//! - [`export`]: saving the map as SVG or as a PNG picture.
//! - [`members`]: the facilitator names who may open the map (the family and their worker).

mod compare;
mod drawing;
mod export;
mod list;
mod members;
mod versions;

use leptos::prelude::*;

use crate::sync::BoardHandle;

/// What is picked on the map (its list entry is highlighted and brought into view).
#[derive(Debug, Clone, Copy)]
pub struct Picked(pub RwSignal<Option<String>>);

/// The eco-map screen, on the activity's document (the activity screen's connection).
#[component]
pub fn EcoMapScreen(
    /// The eco-map's activity.
    activity: polyphony_shared::ids::ActivityId,
) -> impl IntoView {
    let board = expect_context::<BoardHandle>();
    let map = board.eco_map();
    let picked = Picked(RwSignal::new(None));
    provide_context(picked);
    // What is picked on the map comes into view in the list, for its fields.
    Effect::new(move |_| {
        let Some(id) = picked.0.get() else { return };
        let selector = format!(".ecomap-list [data-id=\"{id}\"]");
        if let Ok(Some(entry)) = document().query_selector(&selector) {
            let options = web_sys::ScrollIntoViewOptions::new();
            options.set_block(web_sys::ScrollLogicalPosition::Nearest);
            entry.scroll_into_view_with_scroll_into_view_options(&options);
        }
    });
    view! {
        <section class="panel ecomap" data-testid="ecomap" aria-labelledby="ecomap-heading">
            <h2 id="ecomap-heading">"Eco-map"</h2>
            <p class="hint">"The family in the middle; around them the people and services in their life. A thick line is a strong tie, a dashed one a weak tie, a jagged one a stressful tie; arrows show which way help flows."</p>
            <members::MapMembers activity=activity />
            <div class="ecomap-body">
                <div class="ecomap-map"><export::MapExport map=map /><drawing::Drawing map=map /></div>
                <list::MapList map=map />
            </div>
            <versions::MapVersions activity=activity map=map />
        </section>
    }
}
