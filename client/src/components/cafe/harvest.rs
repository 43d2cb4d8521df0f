//! The harvest of a World Café: every table's notes, gathered by the server into the
//! café's own document as one cluster per question, side by side (the host's summary
//! first). The room moves cards together into themes and names them, dots the insights
//! that matter, and the facilitator carries them forward like an idea board's.

use leptos::prelude::*;
use polyphony_shared::Command;
use polyphony_shared::ids::ActivityId;

use crate::components::idea_board::{CardsWording, IdeaBoard};
use crate::governance::Governance;

/// The harvest screen, on the café's own document (the activity screen's connection).
#[component]
pub fn CafeHarvest(
    /// The café's activity.
    activity: ActivityId,
) -> impl IntoView {
    let governance = expect_context::<Governance>();
    provide_context(CardsWording {
        heading: "What all tables found",
        placeholder: "An insight from the tables…",
        label: "New insight",
    });
    view! {
        <section class="panel cafe-harvest" data-testid="cafe-harvest" aria-labelledby="harvest-heading">
            <h2 id="harvest-heading">"The harvest"</h2>
            <p class="hint">"Every table's notes, by question, with each host's summary first. Move cards that belong together into a group and name it: that is an insight."</p>
            {governance.facilitates().then(|| view! {
                <button type="button" class="secondary small" data-testid="gather-notes"
                    title="Adds what tables wrote since the harvest began"
                    on:click=move |_| governance.command(Command::GatherCafeNotes { activity })>"Gather the tables' notes again"</button>
            })}
        </section>
        <IdeaBoard />
    }
}
