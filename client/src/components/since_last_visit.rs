//! For someone who comes back between sessions: what changed on the agenda since their last
//! visit ([`crate::visits`]), and which cards of the activity on screen are new to them.

use std::collections::HashSet;

use leptos::prelude::*;
use polyphony_shared::item_ids::CardId;
use polyphony_shared::{BoardId, DocName};

use crate::components::between_sessions::date_and_time;
use crate::governance::Governance;
use crate::sync::{self, BoardHandle};
use crate::visits::{self, Seen};

/// The changes on the agenda since this browser's last visit, until the person has read
/// them. What is seen now is kept for the next visit as it changes.
#[component]
pub fn SinceLastVisit(
    /// The board.
    board: BoardId,
) -> impl IntoView {
    let governance = expect_context::<Governance>();
    let last = sync::last_visit(board).map(|text| Seen::decode(&text));
    let changes = RwSignal::new(Vec::<String>::new());
    let compared = StoredValue::new(false);
    Effect::new(move |_| {
        let facilitates = governance.facilitates();
        // Governed state has arrived once it knows this person.
        let (seen, arrived) = governance
            .view
            .with(|view| (Seen::of(&view.activities, &view.rounds, facilitates), !view.participants.is_empty()));
        if !arrived {
            return;
        }
        if !compared.get_value() {
            compared.set_value(true);
            if let Some(last) = last.as_ref().filter(|last| !last.is_empty()) {
                let found = governance.view.with_untracked(|view| {
                    visits::changes(last, &view.activities, &view.rounds, facilitates, date_and_time)
                });
                changes.set(found);
            }
        }
        sync::remember_visit(board, &seen.encode());
    });
    move || {
        (!changes.with(Vec::is_empty)).then(|| {
            view! {
                <section class="notice since-last-visit" role="status" data-testid="since-last-visit">
                    <h2>"Since your last visit"</h2>
                    <ul>{changes.get().into_iter().map(|change| view! { <li>{change}</li> }).collect_view()}</ul>
                    <button type="button" class="secondary small" data-testid="seen-changes"
                        on:click=move |_| changes.set(Vec::new())>"Got it"</button>
                </section>
            }
        })
    }
}

/// The cards of the document on screen that arrived while this browser was away.
#[derive(Debug, Clone, Copy)]
pub struct NewCards(pub Memo<HashSet<CardId>>);

/// Marks the cards that are new since the last visit to `document` (none on a first visit)
/// and says how many; keeps what is seen for the next visit.
#[component]
pub fn NewSinceLastVisit(
    /// The board.
    board: BoardId,
    /// The document on screen.
    document: DocName,
) -> impl IntoView {
    let handle = expect_context::<BoardHandle>();
    let seen_before = sync::seen_cards(board, document);
    let new = Memo::new(move |_| {
        let Some(seen) = seen_before.as_ref() else { return HashSet::new() };
        handle
            .first_sync
            .with(|first| {
                first.as_ref().map(|cards| cards.iter().filter(|card| !seen.contains(card.as_str())).cloned().collect())
            })
            .unwrap_or_default()
    });
    provide_context(NewCards(new));
    // What is on screen now counts as seen next time: kept every few seconds and on leaving.
    let keep = move || {
        // On leaving, the board's signals may already be gone: nothing is kept then.
        handle.snapshot.try_with_untracked(|snapshot| {
            sync::remember_seen_cards(board, document, snapshot.cards.iter().map(|card| card.id.as_str()));
        });
    };
    // Kept two seconds after a change (one write for a burst of them), and when the page goes.
    let scheduled = StoredValue::new(false);
    Effect::new(move |_| {
        handle.snapshot.with(|_| ());
        if handle.first_sync.with(Option::is_none) || scheduled.get_value() {
            return;
        }
        scheduled.set_value(true);
        set_timeout(
            move || {
                scheduled.try_set_value(false);
                keep();
            },
            std::time::Duration::from_secs(2),
        );
    });
    let leaving = window_event_listener(leptos::ev::pagehide, move |_| keep());
    on_cleanup(move || leaving.remove());
    on_cleanup(keep);
    move || {
        let count = new.with(HashSet::len);
        (count > 0).then(|| {
            let cards = if count == 1 { "1 new card".to_owned() } else { format!("{count} new cards") };
            view! { <p class="hint new-since" data-testid="new-since-visit">{cards} " since your last visit, marked “New”."</p> }
        })
    }
}
