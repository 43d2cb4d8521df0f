//! Hidden cards' words, kept from everyone but their author and the facilitators.
//!
//! Hiding a card (personal data, say) takes its text and author name out of the content
//! document, so no client receives them any more and every browser's copy drops them on its
//! next sync. The words are kept here, in the server-only drafts document, until a
//! facilitator restores the card:
//!
//! ```text
//! withheld  Map  card id -> { text, authorName, author?, atMs }
//! ```

use crate::item_ids::CardId;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use yrs::{Any, Map, Out, ReadTxn, TransactionMut};

use crate::drafts::DraftsDoc;
use crate::ids::ParticipantId;

/// A hidden card's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Withheld {
    /// The card.
    pub card: CardId,
    /// What it said.
    pub text: String,
    /// The name it was signed with (empty when unsigned).
    pub author_name: String,
    /// Who wrote it, when the server could tell: they may read it back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<ParticipantId>,
    /// When it was hidden, in milliseconds since the Unix epoch.
    pub at_ms: u64,
}

impl DraftsDoc {
    /// Keeps a hidden card's words (replacing what was kept for that card).
    pub fn withhold(&self, txn: &mut TransactionMut, words: &Withheld) {
        let mut fields: HashMap<String, Any> = [
            ("text", Any::from(words.text.as_str())),
            ("authorName", Any::from(words.author_name.as_str())),
            ("atMs", Any::from(words.at_ms as f64)),
        ]
        .into_iter()
        .map(|(key, value)| (key.to_owned(), value))
        .collect();
        if let Some(author) = words.author {
            fields.insert("author".to_owned(), Any::from(author.to_string()));
        }
        self.withheld_map().insert(txn, words.card.as_str(), Any::from(fields));
    }

    /// The words kept for one card.
    pub fn withheld(&self, txn: &impl ReadTxn, card: &str) -> Option<Withheld> {
        read_withheld(card, self.withheld_map().get(txn, card)?)
    }

    /// Every hidden card's words, by card id.
    pub fn all_withheld(&self, txn: &impl ReadTxn) -> Vec<Withheld> {
        let mut all: Vec<Withheld> =
            self.withheld_map().iter(txn).filter_map(|(card, value)| read_withheld(card, value)).collect();
        all.sort_by(|left, right| left.card.cmp(&right.card));
        all
    }

    /// Forgets a card's words (it was restored).
    pub fn release(&self, txn: &mut TransactionMut, card: &str) {
        self.withheld_map().remove(txn, card);
    }
}

fn read_withheld(card: &str, value: Out) -> Option<Withheld> {
    let Out::Any(Any::Map(fields)) = value else { return None };
    let text = |key: &str| match fields.get(key) {
        Some(Any::String(text)) => Some(text.to_string()),
        _ => None,
    };
    Some(Withheld {
        card: card.into(),
        text: text("text")?,
        author_name: text("authorName").unwrap_or_default(),
        author: text("author").and_then(|author| ParticipantId::parse(&author).ok()),
        at_ms: fields.get("atMs").and_then(|at| at.clone().cast::<f64>().ok()).unwrap_or(0.0).max(0.0) as u64,
    })
}

#[cfg(test)]
mod tests {
    use yrs::{Doc, Transact};

    use super::*;

    #[test]
    fn words_are_kept_read_and_released_apart_from_drafts() {
        let doc = Doc::new();
        let drafts = DraftsDoc::from_doc(doc.clone());
        let words = Withheld {
            card: "card-1".into(),
            text: "Joe at number 12".into(),
            author_name: "Ana".into(),
            author: Some(ParticipantId::random_from(&mut (1u8..=8))),
            at_ms: 5,
        };
        drafts.withhold(&mut doc.transact_mut(), &words);
        assert_eq!(drafts.withheld(&doc.transact(), "card-1"), Some(words.clone()));
        drafts.clear(&mut doc.transact_mut());
        assert_eq!(drafts.all_withheld(&doc.transact()), vec![words], "revealing drafts keeps hidden words");
        drafts.release(&mut doc.transact_mut(), "card-1");
        assert_eq!(drafts.withheld(&doc.transact(), "card-1"), None);
    }
}
