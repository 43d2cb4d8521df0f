//! "Your name on this board": who the board knows you as, and erasing your name from it.
//! What you wrote stays, shown as "a participant"; your name goes from every card, plan
//! and list of people, and from everything the server kept. A second, explicit step
//! asks first, in plain words.

use leptos::prelude::*;
use polyphony_shared::erasure::shown_name;
use polyphony_shared::{BoardId, Command};

use crate::components::second_step::SecondStep;
use crate::governance::Governance;
use crate::sync;

/// Who the board knows you as, and the way to erase your name.
#[component]
pub fn EraseMyName(
    /// The board.
    board: BoardId,
) -> impl IntoView {
    let governance = expect_context::<Governance>();
    let working = RwSignal::new(false);
    let name = move || governance.my_name().unwrap_or_default();
    let perspective = move || {
        governance
            .view
            .with(|view| view.participants.get(&governance.me()).map(|record| record.participant.perspective.label()))
    };
    let erase = move || {
        working.set(true);
        governance.send_or(
            Command::EraseMyName,
            move |_| {
                sync::remember_nameless(board);
                sync::leave_notice("Your name was erased from this board. What you wrote stays, as “a participant”.");
                window().location().reload().ok();
            },
            move |_| working.set(false),
        );
    };
    view! {
        <details class="panel your-name" data-testid="your-name">
            <summary data-testid="your-name-toggle">"Your name on this board"</summary>
            <p>"You take part as " <strong data-testid="my-name">{move || shown_name(&name()).to_owned()}</strong>
                {move || perspective().map(|label| format!(" ({label})"))} "."</p>
            <Show when=move || !name().is_empty() fallback=|| view! {
                <p data-testid="name-erased">"Your name was erased from this board. What you write here carries no name."</p>
            }>
                <p>"You can erase your name from this board. What you wrote stays, shown as “a participant”, \
                    and nobody will see your name on it any more."</p>
                <SecondStep id="erase-my-name" class="secondary" start="Erase my name…"
                    question="Erase your name from this board? This cannot be undone."
                    yes="Yes, erase my name" no="Cancel" working=working on_yes=Callback::new(move |()| erase()) />
            </Show>
        </details>
    }
}
