//! Reading and writing moderation in the governed document.
//!
//! ```text
//! hidden  Map   card id -> { reason, atMs }
//! ```
//!
//! A hidden card stays in the content document (a facilitator can restore it), but views
//! show it only to facilitators and to its author, who sees the reason.

use std::collections::{BTreeMap, HashMap};

use yrs::{Any, Map, Out, ReadTxn, TransactionMut};

use super::GovernedDoc;

const REASON: &str = "reason";
const AT_MS: &str = "atMs";

/// Why and when a facilitator hid a card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hidden {
    /// The reason, shown to the card's author.
    pub reason: String,
    /// When, in milliseconds since the Unix epoch.
    pub at_ms: u64,
}

impl GovernedDoc {
    /// Every hidden card, by card id.
    pub fn hidden_cards(&self, txn: &impl ReadTxn) -> BTreeMap<String, Hidden> {
        self.hidden.iter(txn).filter_map(|(card, value)| Some((card.to_owned(), read_hidden(value)?))).collect()
    }

    /// Hides a card with a reason.
    pub fn hide_card(&self, txn: &mut TransactionMut, card: &str, hidden: &Hidden) {
        let fields: HashMap<String, Any> = [
            (REASON.to_owned(), Any::from(hidden.reason.as_str())),
            (AT_MS.to_owned(), Any::from(hidden.at_ms as f64)),
        ]
        .into_iter()
        .collect();
        self.hidden.insert(txn, card, Any::from(fields));
    }

    /// Shows a hidden card again; false if it was not hidden.
    pub fn restore_card(&self, txn: &mut TransactionMut, card: &str) -> bool {
        self.hidden.remove(txn, card).is_some()
    }
}

fn read_hidden(value: Out) -> Option<Hidden> {
    let Out::Any(Any::Map(fields)) = value else { return None };
    let Some(Any::String(reason)) = fields.get(REASON) else { return None };
    let at_ms = fields.get(AT_MS).and_then(|at| at.clone().cast::<f64>().ok()).unwrap_or(0.0).max(0.0) as u64;
    Some(Hidden { reason: reason.to_string(), at_ms })
}

#[cfg(test)]
mod tests {
    use super::*;
    use yrs::Transact;

    #[test]
    fn cards_are_hidden_and_restored() {
        let governed = GovernedDoc::new();
        let hidden = Hidden { reason: "personal data".into(), at_ms: 5 };
        governed.hide_card(&mut governed.doc().transact_mut(), "card-1", &hidden);
        assert_eq!(governed.hidden_cards(&governed.doc().transact()), BTreeMap::from([("card-1".to_owned(), hidden)]));
        assert!(governed.restore_card(&mut governed.doc().transact_mut(), "card-1"));
        assert!(!governed.restore_card(&mut governed.doc().transact_mut(), "card-1"));
        assert!(governed.hidden_cards(&governed.doc().transact()).is_empty());
    }
}
