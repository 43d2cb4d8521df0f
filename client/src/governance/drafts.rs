//! Private writing from this page: my cards kept on the server until a facilitator reveals
//! them all. I can write them, change them and take them back; nobody else reads them.

use leptos::prelude::*;
use leptos::task::spawn_local;
use polyphony_shared::item_ids::CardId;
use polyphony_shared::{CardColour, Command};

use super::Governance;
use crate::api;

/// One of my private cards.
#[derive(Debug, Clone, PartialEq)]
pub struct MyDraft {
    /// The id it will have on the board.
    pub card: CardId,
    /// The idea.
    pub text: String,
    /// Its colour.
    pub colour: CardColour,
}

impl Governance {
    /// Whether new cards stay private now (facilitators' too: their ideas should not steer
    /// the others' before everyone's are revealed).
    pub fn writes_privately(&self) -> bool {
        self.view.with(|view| view.facilitation.private_writing)
    }

    /// Keeps a card private until the facilitator reveals the private cards; sent again
    /// with the same id, it replaces what the card said. `refused` gets the reason when
    /// the server turns it down, so the caller can give the text back.
    pub fn submit_card(&self, draft: MyDraft, refused: impl FnOnce(String) + 'static) {
        let my_drafts = self.my_drafts;
        let command = Command::SubmitCard { card: draft.card.clone(), text: draft.text.clone(), colour: draft.colour };
        let kept = move |_| {
            my_drafts.update(|drafts| match drafts.iter_mut().find(|mine| mine.card == draft.card) {
                Some(mine) => *mine = draft,
                None => drafts.push(draft),
            })
        };
        self.send_or(command, kept, refused);
    }

    /// Takes back one of my private cards.
    pub fn withdraw_card(&self, card: CardId) {
        let my_drafts = self.my_drafts;
        let command = Command::WithdrawCard { card: card.clone() };
        self.send(command, move |_| my_drafts.update(|drafts| drafts.retain(|mine| mine.card != card)));
    }

    /// Loads my private cards from the server (after a reload, say).
    pub fn load_my_drafts(&self) {
        let (board, token, my_drafts) = (self.board, self.token.get_value(), self.my_drafts);
        spawn_local(async move {
            if let Ok(drafts) = api::my_drafts(board, &token).await {
                my_drafts.set(drafts);
            }
        });
    }
}
