//! One café table's notes: the host's short summary, written together, and the table's
//! cards, both in the table's own document ([`DocName::Table`]). Everyone reads every
//! table, so what earlier rounds wrote here is here to read; the server lets only the
//! people seated at it in the round running write, and the controls say so in its words.

use leptos::prelude::*;
use polyphony_shared::{DocName, Section, TextField};

use super::Connection;
use crate::components::bin::LastDeleted;
use crate::components::collab_text::CollabText;
use crate::components::idea_board::{CardsWording, IdeaBoard};
use crate::components::lock_note::LockNote;
use crate::governance::Governance;
use crate::sync;

/// The notes of the table `doc`, connected while shown.
#[component]
pub fn TableNotes(
    /// The table's document.
    doc: DocName,
    /// How to open it.
    connection: Connection,
) -> impl IntoView {
    let DocName::Table { table, .. } = doc else { return ().into_any() };
    let governance = expect_context::<Governance>().in_document(doc);
    let Connection { board, me, token } = connection;
    let handle = sync::connect(board, doc, me, token, governance);
    if let Some(targets) = use_context::<crate::components::undo_buttons::UndoTargets>() {
        targets.register(handle);
    }
    provide_context(handle);
    provide_context(LastDeleted::new());
    provide_context(governance);
    provide_context(CardsWording {
        heading: "Notes of this table",
        placeholder: "What was said? One thought per card…",
        label: "New note for this table",
    });
    let number = u32::from(table) + 1;
    view! {
        <div class="table-notes" data-testid="table-notes" data-table=number>
            <section class="panel table-summary" aria-labelledby="summary-heading">
                <h2 id="summary-heading">{format!("Table {number}: the host's summary")}</h2>
                <p class="hint">"What this table found so far, in a few lines. The host tells newcomers what was said; notes from earlier rounds stay below."</p>
                <LockNote section=Section::ProblemStatement />
                <CollabText field=TextField::ProblemStatement label=format!("Summary of table {number}")
                    placeholder="What this table found…" rows=3 testid="table-summary" />
            </section>
            <IdeaBoard />
        </div>
    }
    .into_any()
}
