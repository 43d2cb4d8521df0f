//! Taking a hidden card's words out of the content document, and putting them back.
//!
//! The card itself stays (its place, colour and perspective), so the board keeps its
//! layout and the author sees that it was hidden; its text and author name go, and with
//! them every copy clients hold once they sync. The words are kept by the server
//! ([`crate::withheld`]).

use yrs::{GetString, Map, ReadTxn, Text, TransactionMut};

use super::cards::AUTHOR_NAME;
use super::{BoardDoc, entry, string};

/// What a card says and who signed it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CardWords {
    /// Its text.
    pub text: String,
    /// The name it is signed with.
    pub author_name: String,
}

impl BoardDoc {
    /// Takes a card's text and author name out of the document and returns them; `None`
    /// if there is no such card.
    pub fn withhold_card(&self, txn: &mut TransactionMut, id: &str) -> Option<CardWords> {
        let card = entry(&self.cards, txn, id)?;
        let words = self.card_words(txn, id)?;
        if let Some(text) = self.card_text(txn, id) {
            let length = text.len(txn);
            text.remove_range(txn, 0, length);
        }
        if !words.author_name.is_empty() {
            card.insert(txn, AUTHOR_NAME, "");
        }
        Some(words)
    }

    /// Puts a hidden card's words back; false if the card is gone. Text already there (a
    /// restore that ran half-way before) is not written twice.
    pub fn put_back_card(&self, txn: &mut TransactionMut, id: &str, words: &CardWords) -> bool {
        let Some(card) = entry(&self.cards, txn, id) else { return false };
        if let Some(text) = self.card_text(txn, id)
            && text.len(txn) == 0
        {
            text.insert(txn, 0, &words.text);
        }
        if string(&card, txn, AUTHOR_NAME).is_empty() && !words.author_name.is_empty() {
            card.insert(txn, AUTHOR_NAME, words.author_name.as_str());
        }
        true
    }

    /// The yrs client id that created a card.
    pub fn card_writer(&self, txn: &impl ReadTxn, id: &str) -> Option<u64> {
        let card = entry(&self.cards, txn, id)?;
        match AsRef::<yrs::branch::Branch>::as_ref(&card).id() {
            yrs::branch::BranchID::Nested(id) => Some(id.client.get()),
            yrs::branch::BranchID::Root(_) => None,
        }
    }

    /// What a card says and who signed it; `None` if there is no such card.
    pub fn card_words(&self, txn: &impl ReadTxn, id: &str) -> Option<CardWords> {
        let card = entry(&self.cards, txn, id)?;
        let text = self.card_text(txn, id).map(|text| text.get_string(txn)).unwrap_or_default();
        Some(CardWords { text, author_name: string(&card, txn, AUTHOR_NAME) })
    }
}

#[cfg(test)]
mod tests {
    use yrs::{StateVector, Transact};

    use super::*;
    use crate::{CardColour, NewCard, Perspective};

    #[test]
    fn a_hidden_cards_words_leave_the_document_and_come_back() {
        let board = BoardDoc::new();
        let card = NewCard {
            id: "c1",
            text: "Joe at number 12",
            colour: CardColour::Pink,
            author_name: "Ana",
            perspective: Perspective::Citizen,
            x: 40.0,
            y: 50.0,
            cluster: None,
        };
        board.add_card(&mut board.doc().transact_mut(), card);
        assert_eq!(board.card_writer(&board.doc().transact(), "c1"), Some(board.doc().client_id().get()));
        let words = board.withhold_card(&mut board.doc().transact_mut(), "c1");
        assert_eq!(words, Some(CardWords { text: "Joe at number 12".into(), author_name: "Ana".into() }));
        let state = board.doc().transact().encode_state_as_update_v1(&StateVector::default());
        assert!(!state.windows(3).any(|window| window == b"Joe"), "the words are gone from the encoded state");
        let snapshot = board.snapshot();
        assert_eq!((snapshot.cards[0].text.as_str(), snapshot.cards[0].x), ("", 40.0));

        let words = words.unwrap_or_default();
        assert!(board.put_back_card(&mut board.doc().transact_mut(), "c1", &words));
        assert!(board.put_back_card(&mut board.doc().transact_mut(), "c1", &words), "twice is once");
        let snapshot = board.snapshot();
        assert_eq!(
            (snapshot.cards[0].text.as_str(), snapshot.cards[0].author_name.as_str()),
            ("Joe at number 12", "Ana")
        );
        assert!(board.withhold_card(&mut board.doc().transact_mut(), "missing").is_none());
    }
}
