//! The World Café on every screen (issue 17).
//!
//! - [`card`]: a participant's table for the round running, in big type.
//! - [`setup`]: the facilitator's tables, rounds and hosts, before the first round.
//! - [`tables`]: the facilitator's view of a running café: who sits where, moving people,
//!   the next round.
//! - [`notes`]: one table's notes (cards and the host's summary), its own document.
//! - [`harvest`]: every table's notes by question, regrouped into insights.
//!
//! [`CafeScreen`] picks what a person sees from the café's state and their role.

pub mod card;
pub mod harvest;
pub mod notes;
pub mod setup;
pub mod tables;

use leptos::prelude::*;
use polyphony_shared::ids::ActivityId;
use polyphony_shared::{BoardId, DocName};

use crate::governance::Governance;
use crate::sync::Me;

/// Where a café stands, as a screen shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Not set up, or set up and waiting for the first round.
    Before,
    /// A round runs.
    Round,
    /// Every round is over.
    Harvest,
}

/// The stage of the café of `activity` in governance's view.
pub fn stage_of(governance: Governance, activity: ActivityId) -> Memo<Stage> {
    Memo::new(move |_| {
        governance.view.with(|view| match view.cafes.get(&activity) {
            Some(cafe) if cafe.harvesting() => Stage::Harvest,
            Some(cafe) if cafe.round > 0 => Stage::Round,
            _ => Stage::Before,
        })
    })
}

/// What the board page needs to open a table's document.
#[derive(Debug, Clone)]
pub struct Connection {
    /// The board.
    pub board: BoardId,
    /// Who uses this browser.
    pub me: Me,
    /// Their token.
    pub token: String,
}

/// The café of `activity`, as this person should see it now.
#[component]
pub fn CafeScreen(
    /// The café's activity.
    activity: ActivityId,
    /// How to open its tables' documents.
    connection: Connection,
) -> impl IntoView {
    let governance = expect_context::<Governance>();
    let stage = stage_of(governance, activity);
    let my_table = Memo::new(move |_| {
        governance.view.with(|view| view.cafes.get(&activity).and_then(|cafe| cafe.table_now(governance.me())))
    });
    move || {
        let connection = connection.clone();
        match (stage.get(), governance.facilitates()) {
            (Stage::Before, true) => view! { <setup::CafeSetup activity=activity /> }.into_any(),
            (Stage::Before, false) => view! { <card::CafeCard activity=activity /> }.into_any(),
            (Stage::Round, true) => {
                view! { <tables::RunningCafe activity=activity connection=connection /> }.into_any()
            }
            (Stage::Round, false) => view! {
                <card::CafeCard activity=activity />
                {move || my_table.get().map(|table| {
                    let doc = DocName::Table { cafe: activity, table: u8::try_from(table).unwrap_or(u8::MAX) };
                    view! { <notes::TableNotes doc=doc connection=connection.clone() /> }
                })}
            }
            .into_any(),
            (Stage::Harvest, _) => view! { <harvest::CafeHarvest activity=activity /> }.into_any(),
        }
    }
}
