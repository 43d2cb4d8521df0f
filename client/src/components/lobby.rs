//! The waiting room, from both sides: a joiner waits on [`Lobby`] until a facilitator lets
//! them in, and facilitators see who waits on [`WaitingRoom`], with a button each to let
//! them in or turn them away, and a [`WaitingChip`] in the bar that stays in view.

use std::time::Duration;

use leptos::prelude::*;
use polyphony_shared::api::Admission;
use polyphony_shared::erasure::shown_name;
use polyphony_shared::{BoardId, Command, Participant};

use crate::api::{self, Pass};
use crate::governance::Governance;

/// How often a waiting browser asks whether it was let in.
const ASK_EVERY: Duration = Duration::from_secs(2);

/// What a joiner sees while they wait: plain words, and nothing to do but keep the page
/// open. Calls `admitted` with the pass, no longer waiting, once a facilitator lets them in.
#[component]
pub fn Lobby(
    /// The board they joined.
    board: BoardId,
    /// Their pass, waiting.
    pass: Pass,
    /// The name they joined under, shown so they know what the facilitator sees.
    name: String,
    /// Called once they are let in.
    admitted: Callback<Pass>,
) -> impl IntoView {
    let turned_away = RwSignal::new(false);
    let asking = RwSignal::new(false);
    let ask = move || {
        if asking.get_untracked() || turned_away.get_untracked() {
            return;
        }
        asking.set(true);
        let pass = pass.clone();
        leptos::task::spawn_local(async move {
            match api::admission(board, &pass.token).await {
                Ok(Admission::Admitted) => admitted.run(Pass { waiting: false, ..pass }),
                Ok(Admission::TurnedAway) => turned_away.set(true),
                // Still waiting, or offline for a moment: ask again at the next tick.
                Ok(Admission::Waiting) | Err(_) => {}
            }
            asking.set(false);
        });
    };
    ask();
    if let Ok(ticking) = set_interval_with_handle(ask, ASK_EVERY) {
        on_cleanup(move || ticking.clear());
    }
    view! {
        <div class="card lobby" data-testid="lobby">
            {move || if turned_away.get() {
                view! {
                    <h1>"You were not let in"</h1>
                    <p role="alert" data-testid="lobby-turned-away">
                        "The facilitator did not let you into this board. If you think this is a mistake, please speak to them."</p>
                }.into_any()
            } else {
                view! {
                    <h1>"Almost there"</h1>
                    <p role="status" data-testid="lobby-waiting">"The facilitator will let you in soon. Please keep this page open."</p>
                    <p class="lobby-name">"You joined as " <strong>{name.clone()}</strong> "."</p>
                    <span class="lobby-dots" aria-hidden="true"><span></span><span></span><span></span></span>
                }.into_any()
            }}
        </div>
    }
}

/// Who waits to be let in, by name.
fn waiting_people(governance: Governance) -> Memo<Vec<Participant>> {
    Memo::new(move |_| {
        let mut waiting: Vec<_> = governance.view.with(|view| {
            view.participants
                .values()
                .filter(|record| record.waiting && !record.removed)
                .map(|record| record.participant.clone())
                .collect()
        });
        waiting.sort_by_key(|participant| participant.name.to_lowercase());
        waiting
    })
}

/// How many wait, in the bar that stays at the top of a facilitator's screen; a tap brings
/// the waiting room into view.
#[component]
pub fn WaitingChip() -> impl IntoView {
    let governance = expect_context::<Governance>();
    let waiting = waiting_people(governance);
    let show = move |_| {
        if let Some(room) = document().get_element_by_id(WAITING_ROOM) {
            room.scroll_into_view();
        }
    };
    view! {
        <Show when=move || governance.facilitates() && waiting.with(|waiting| !waiting.is_empty())>
            <button type="button" class="waiting-chip" data-testid="waiting-chip" on:click=show>
                {move || format!("{} waiting to join", waiting.with(Vec::len))}</button>
        </Show>
    }
}

/// The waiting room's element id, for the chip to bring it into view.
const WAITING_ROOM: &str = "waiting-room";

/// Who waits to be let in, shown to facilitators near the top of the board while anyone
/// waits.
#[component]
pub fn WaitingRoom() -> impl IntoView {
    let governance = expect_context::<Governance>();
    let waiting = waiting_people(governance);
    let let_everyone_in = move |_| {
        for participant in waiting.get_untracked() {
            governance.command(Command::Admit { participant: participant.id });
        }
    };
    view! {
        <section class="panel waiting-room" id=WAITING_ROOM aria-live="polite" data-testid="waiting-room"
            hidden=move || waiting.with(Vec::is_empty)>
            <h2>{move || match waiting.with(Vec::len) {
                1 => "1 person is waiting to join".to_owned(),
                count => format!("{count} people are waiting to join"),
            }}</h2>
            <ul>
                <For each=move || waiting.get() key=|participant| participant.id let:participant>
                    <li data-testid="waiting-row">
                        <span class="waiting-who">{shown_name(&participant.name).to_owned()} " · " {participant.perspective.label()}
                            {(participant.role == polyphony_shared::Role::Observer).then_some(" · screen or guest")}</span>
                        {
                            let (id, name) = (participant.id, shown_name(&participant.name).to_owned());
                            view! {
                                <button type="button" class="small" data-testid="let-in" aria-label=format!("Let {name} in")
                                    on:click=move |_| governance.command(Command::Admit { participant: id })>"Let in"</button>
                                <button type="button" class="danger small" aria-label=format!("Turn {name} away")
                                    on:click=move |_| governance.command(Command::RemoveParticipant { participant: id })>"Turn away"</button>
                            }
                        }
                    </li>
                </For>
            </ul>
            <Show when=move || { waiting.with(Vec::len) > 1 }>
                <button type="button" class="secondary" data-testid="let-everyone-in" on:click=let_everyone_in>"Let everyone in"</button>
            </Show>
        </section>
    }
}
