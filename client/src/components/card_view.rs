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
    let (delete_id, colour_id) = (id.clone(), id.clone());
    view! {
        <CollabText field=TextField::Card(id.clone()) label="Card text".to_owned() rows=3 testid=format!("card-text-{id}") />
        <footer class="card-footer">
            <span class="author" data-testid="card-author">{author}</span>
            <select class="colour-choice" aria-label="Card colour" data-testid=format!("card-colour-{id}")
                prop:value=move || card.with(|card| card.as_ref().map(|card| card.colour.as_str()).unwrap_or_default())
                on:change=move |event| {
                    let (id, colour) = (colour_id.clone(), CardColour::parse(&event_target_value(&event)));
                    board.edit(move |doc, txn| doc.set_card_colour(txn, &id, colour));
                }>
                {CardColour::ALL.into_iter().map(|colour| view! { <option value=colour.as_str()>{colour.label()}</option> }).collect_view()}
            </select>
            <button class="danger small" aria-label="Delete card" data-testid=format!("delete-card-{id}")
                on:click=move |_| { let id = delete_id.clone(); board.edit(move |doc, txn| doc.delete_card(txn, &id)) }>"✕"</button>
        </footer>
    }
}
