//! The words of hidden cards that I may read: all of them when I facilitate, my own
//! otherwise. The board no longer holds them (hiding takes them out of every replica), so
//! they are fetched from the server whenever the set of hidden cards changes.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::Governance;
use crate::api;

impl Governance {
    /// Keeps [`Governance::withheld`] in step with the hidden cards.
    pub(super) fn follow_withheld(&self) {
        let view = self.view;
        let hidden = Memo::new(move |_| view.with(|view| view.hidden.keys().cloned().collect::<Vec<_>>()));
        let (board, token, withheld) = (self.board, self.token, self.withheld);
        let facilitating = self.facilitating;
        Effect::new(move |_| {
            let cards = hidden.get();
            let _facilitating = facilitating.get(); // A new facilitator reads them all.
            if cards.is_empty() {
                withheld.set(BTreeMap::new());
                return;
            }
            let token = token.get_value();
            spawn_local(async move {
                if let Ok(words) = api::withheld(board, &token).await {
                    withheld.set(words);
                }
            });
        });
    }

    /// What a hidden card said, if I may read it.
    pub fn withheld_text(&self, card: &str) -> Option<String> {
        self.withheld.with(|withheld| withheld.get(card).cloned())
    }
}
