//! Items carried forward from another activity ([`crate::agenda::Link`]): a card or a
//! question the server wrote with a `from` field that links back to where it came from.
//!
//! ```text
//! cards/<id>      { …, from: "activity/item" }
//! questions/<id>  { …, from: "activity/item" }
//! ```
//!
//! Only the server writes `from` ([`super::changes`] reports a client's write of it as a
//! change of structure, which is refused), so a link always names where the item came from.

use yrs::{Any, Map, MapRef, ReadTxn, TransactionMut};

use super::{BoardDoc, entry, optional_string};
use crate::agenda::Link;

/// The field that links a carried item back.
pub(super) const FROM: &str = "from";

impl BoardDoc {
    /// Adds a card carried from another activity, linked back.
    pub fn carry_card(&self, txn: &mut TransactionMut, card: super::NewCard<'_>, from: &Link) {
        let id = card.id;
        self.add_card(txn, card);
        if let Some(map) = entry(&self.cards, txn, id) {
            map.insert(txn, FROM, Any::from(from.to_string()));
        }
    }

    /// Adds a question carried from another activity at the end of the list, linked back.
    pub fn carry_question(&self, txn: &mut TransactionMut, id: &str, text: &str, from: &Link) {
        self.add_question(txn, id, text);
        if let Some(map) = entry(&self.questions, txn, id) {
            map.insert(txn, FROM, Any::from(from.to_string()));
        }
    }

    /// Whether a card or question with this id exists (even in the bin).
    pub fn has_item(&self, txn: &impl ReadTxn, id: &str) -> bool {
        entry(&self.cards, txn, id).is_some() || entry(&self.questions, txn, id).is_some()
    }
}

/// Where the card or question `map` came from, if it was carried.
pub(super) fn carried_from(map: &MapRef, txn: &impl ReadTxn) -> Option<Link> {
    optional_string(map, txn, FROM).and_then(|link| Link::parse(&link))
}
