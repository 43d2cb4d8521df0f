//! The inside of a card, shared by the canvas and the list: its text, who wrote it from
//! which perspective, its colour, and delete.

use leptos::prelude::*;
use polyphony_shared::item_ids::CardId;
use polyphony_shared::{Card, CardColour, Command, ItemKind, Section, TextField};

use polyphony_shared::anonymity::Disclosure;
use polyphony_shared::voting::VoteTarget;

use crate::components::bin::{LastDeleted, delete_item};
use crate::components::carried::CarriedFrom;
use crate::components::collab_text::CollabText;
use crate::components::item_votes::ItemVotes;
use crate::components::since_last_visit::NewCards;
use crate::governance::Governance;
use crate::sync::{self, BoardHandle};

/// The card with `id`, found through the board's index (not a scan per card), and changed
/// only when the card does.
pub fn card_memo(board: BoardHandle, id: CardId) -> Memo<Option<Card>> {
    let at = Memo::new(move |_| board.card_index.with(|index| index.get(&id).copied()));
    Memo::new(move |_| at.get().and_then(|at| board.snapshot.with(|snapshot| snapshot.cards.get(at).cloned())))
}

/// A card's editable content.
#[component]
pub fn CardBody(
    /// The card's id.
    id: CardId,
) -> impl IntoView {
    let board = expect_context::<BoardHandle>();
    let governance = expect_context::<Governance>();
    let hidden_id = id.clone();
    let hidden = Memo::new(move |_| {
        governance.view.with(|view| view.hidden.get(hidden_id.as_str()).map(|hidden| hidden.reason.clone()))
    });
    let mine = sync::is_my_card(board.board(), &id);
    let body_id = id.clone();
    move || match hidden.get() {
        Some(reason) if !governance.facilitates() => {
            let words = governance.withheld_text(&body_id);
            let note = if mine || words.is_some() {
                format!("The facilitator hid your card: {reason}")
            } else {
                "Hidden by the facilitator.".to_owned()
            };
            let words = words.map(|words| view! { <p class="withheld-words">"You wrote: “" {words} "”"</p> });
            view! { <p class="hidden-note" data-testid="hidden-note">{note}</p> {words} }.into_any()
        }
        hidden => view! { <VisibleCard id=body_id.clone() hidden=hidden /> }.into_any(),
    }
}

/// A card as shown when it is not hidden from this person.
#[component]
fn VisibleCard(
    /// The card's id.
    id: CardId,
    /// The reason it is hidden from others (facilitators see it).
    hidden: Option<String>,
) -> impl IntoView {
    let board = expect_context::<BoardHandle>();
    let governance = expect_context::<Governance>();
    let card = card_memo(board, id.clone());
    let refusal = governance.refusal(Section::Ideas);
    let locked = move || refusal.get().is_some();
    let anonymous = move || governance.view.with(|view| view.facilitation.anonymous);
    let author = move || {
        card.with(|card| {
            card.as_ref()
                .map(|card| {
                    governance.crowded.with(|crowded| {
                        Disclosure { anonymous: anonymous(), crowded }.byline(&card.author_name, card.perspective)
                    })
                })
                .unwrap_or_default()
        })
    };
    let (delete_id, colour_id, hide_id, restore_id) = (id.clone(), id.clone(), id.clone(), id.clone());
    // New since this person's last visit (a card that arrived while they were away).
    let new_badge = use_context::<NewCards>().map(|NewCards(new)| {
        let card = id.clone();
        move || {
            new.with(|new| new.contains(&card))
                .then(|| view! { <span class="new-badge" data-testid="new-badge">"New"</span> })
        }
    });
    let last_deleted = expect_context::<LastDeleted>();
    let facilitates = governance.facilitates();
    let hidden_note = hidden
        .clone()
        .filter(|_| facilitates)
        .map(|reason| view! { <p class="hidden-note">"Hidden from participants: " {reason}</p> });
    let restore_testid = format!("restore-card-{id}");
    let restore = (facilitates && hidden.is_some()).then(|| {
        view! {
            <button type="button" class="secondary small" data-testid=restore_testid
                on:click=move |event| {
                    close_menu(&event);
                    governance.command(Command::RestoreCard { card: restore_id.clone() });
                }>"Restore"</button>
        }
    });
    let moderation = (facilitates && hidden.is_none()).then(|| view! {
            <button type="button" class="secondary small" data-testid=format!("hide-card-{id}")
                on:click=move |event| {
                    close_menu(&event);
                    let reason = window().prompt_with_message("Why hide this card? Its author will read this.").ok().flatten();
                    if let Some(reason) = reason.filter(|reason| !reason.trim().is_empty()) {
                        governance.command(Command::HideCard { card: hide_id.clone(), reason });
                    }
                }>"Hide"</button>
    });
    // A hidden card's words are no longer on the board: facilitators read them from the server.
    let words = match &hidden {
        None => view! {
            <CollabText field=TextField::Card(id.to_string()) label="Card text".to_owned() rows=3 testid=format!("card-text-{id}") />
        }
        .into_any(),
        Some(_) => {
            let card = id.clone();
            view! {
                <p class="withheld-words" data-testid=format!("withheld-{id}")>
                    {move || governance.withheld_text(&card).unwrap_or_default()}
                </p>
            }
            .into_any()
        }
    };
    view! {
        {words}
        {hidden_note}
        {move || view! { <CarriedFrom from=card.with(|card| card.as_ref().and_then(|card| card.from.clone())) /> }}
        {new_badge}
        <ItemVotes id=id.to_string() target=VoteTarget::Cards />
        // Someone without a device: who added it for them, on a line of its own.
        {move || card.with(|card| card.as_ref().map(|card| card.helped_by.clone()).filter(|helper| !helper.is_empty()))
            .map(|helper| view! { <p class="helped-by" data-testid="card-helped-by">"added with the help of " {helper}</p> })}
        <footer class="card-footer">
            <span class="author" data-testid="card-author">{author}</span>
            // Colour, delete and moderation live in a small menu: the card reads as a note.
            <details class="card-menu">
            <summary aria-label="Card options" data-testid=format!("card-menu-{id}")>"⋯"</summary>
            <div class="card-menu-items">
            <select class="colour-choice" aria-label="Card colour" data-testid=format!("card-colour-{id}") disabled=locked
                prop:value=move || card.with(|card| card.as_ref().map(|card| card.colour.as_str()).unwrap_or_default())
                on:change=move |event| {
                    let (id, colour) = (colour_id.clone(), CardColour::parse(&event_target_value(&event)));
                    board.edit(Section::Ideas, move |doc, txn| doc.set_card_colour(txn, &id, colour));
                }>
                {CardColour::ALL.into_iter().map(|colour| view! { <option value=colour.as_str()>{colour.label()}</option> }).collect_view()}
            </select>
            <button class="danger small" aria-label="Delete card" data-testid=format!("delete-card-{id}") disabled=locked
                on:click=move |_| delete_item(board, last_deleted, ItemKind::Card, delete_id.to_string())>"✕ Delete"</button>
            {moderation}
            {restore}
            </div>
            </details>
        </footer>
    }
}

/// Closes the card menu an action was chosen in, so it does not cover the card.
fn close_menu(event: &web_sys::MouseEvent) {
    use wasm_bindgen::JsCast;
    let menu = event.target().and_then(|target| target.dyn_into::<web_sys::Element>().ok());
    if let Some(Ok(Some(details))) = menu.map(|element| element.closest("details")) {
        details.remove_attribute("open").ok();
    }
}
