//! The inside of a card, shared by the canvas and the list: its text, who wrote it from
//! which perspective, its colour, and delete.

use leptos::prelude::*;
use polyphony_shared::{Card, CardColour, TextField};

use crate::components::collab_text::CollabText;
use crate::sync::BoardHandle;

/// The card with `id`, re-read whenever the board changes.
pub fn card_memo(board: BoardHandle, id: String) -> Memo<Option<Card>> {
    Memo::new(move |_| board.snapshot.with(|snapshot| snapshot.cards.iter().find(|card| card.id == id).cloned()))
}

/// A card's editable content.
#[component]
pub fn CardBody(
    /// The card's id.
    id: String,
) -> impl IntoView {
    let board = expect_context::<BoardHandle>();
    let card = card_memo(board, id.clone());
    let author = move || {
        card.with(|card| {
            card.as_ref()
                .map(|card| {
                    let name = if card.author_name.is_empty() { "Someone" } else { card.author_name.as_str() };
                    format!("{name} · {}", card.perspective.label())
                })
                .unwrap_or_default()
        })
    };
    let delete_id = id.clone();
    view! {
        <CollabText field=TextField::Card(id.clone()) label="Card text".to_owned() rows=3 testid=format!("card-text-{id}") />
        <footer class="card-footer">
            <span class="author" data-testid="card-author">{author}</span>
            <div class="swatches" role="group" aria-label="Card colour">
                {CardColour::ALL.into_iter().map(|colour| {
                    let colour_id = id.clone();
                    view! {
                        <button class=format!("swatch colour-{}", colour.as_str()) aria-label=format!("Colour {}", colour.as_str())
                            aria-pressed=move || card.with(|card| card.as_ref().is_some_and(|card| card.colour == colour)).to_string()
                            on:click=move |_| { let id = colour_id.clone(); board.edit(move |doc, txn| doc.set_card_colour(txn, &id, colour)) }>
                        </button>
                    }
                }).collect_view()}
            </div>
            <button class="danger small" aria-label="Delete card" data-testid=format!("delete-card-{id}")
                on:click=move |_| { let id = delete_id.clone(); board.edit(move |doc, txn| doc.delete_card(txn, &id)) }>"✕"</button>
        </footer>
    }
}
