//! The shape of a board's content document: the only code that knows its root names.
//!
//! Every root type is created up front in [`BoardDoc::new`], so the server and every client
//! agree on the type behind each name. Reads return plain Rust values; writes are methods
//! that take the caller's transaction, so several edits can travel as one update.

use std::collections::BTreeMap;

use yrs::types::ToJson;
use yrs::{
    Any, Doc, GetString, Map, MapPrelim, MapRef, OffsetKind, Options, Out, ReadTxn, Text, TextRef, Transact,
    TransactionMut,
};

/// The version of the layout below. Bump it deliberately, together with a migration.
pub const SCHEMA_VERSION: i64 = 1;

const META: &str = "meta";
const PROBLEM_STATEMENT: &str = "problemStatement";
const CARDS: &str = "cards";
const META_SCHEMA_VERSION: &str = "schemaVersion";
const CARD_TEXT: &str = "text";

/// A board's content document with typed access to its parts.
#[derive(Clone)]
pub struct BoardDoc {
    doc: Doc,
    meta: MapRef,
    problem_statement: TextRef,
    cards: MapRef,
}

impl Default for BoardDoc {
    fn default() -> Self {
        BoardDoc::new()
    }
}

impl BoardDoc {
    /// A new, empty board document with all root types defined.
    ///
    /// Text positions count UTF-16 code units, as JavaScript strings and Yjs do, so the web
    /// client and any Yjs peer agree on every index.
    pub fn new() -> Self {
        let options = Options { offset_kind: OffsetKind::Utf16, ..Options::default() };
        BoardDoc::from_doc(Doc::with_options(options))
    }

    /// Wraps an existing document (for example one synced from the server).
    pub fn from_doc(doc: Doc) -> Self {
        let meta = doc.get_or_insert_map(META);
        let problem_statement = doc.get_or_insert_text(PROBLEM_STATEMENT);
        let cards = doc.get_or_insert_map(CARDS);
        BoardDoc { doc, meta, problem_statement, cards }
    }

    /// The underlying yrs document, for syncing.
    pub fn doc(&self) -> &Doc {
        &self.doc
    }

    /// The update that starts every new board: it records the schema version.
    ///
    /// The server stores it when a board is created, before anyone joins.
    pub fn seed_update() -> Vec<u8> {
        let board = BoardDoc::new();
        let mut txn = board.doc.transact_mut();
        board.meta.insert(&mut txn, META_SCHEMA_VERSION, SCHEMA_VERSION);
        txn.encode_update_v1()
    }

    /// The schema version recorded in the document, if the seed update has arrived.
    pub fn schema_version(&self) -> Option<i64> {
        let txn = self.doc.transact();
        match self.meta.get(&txn, META_SCHEMA_VERSION) {
            Some(Out::Any(any)) => any.cast::<i64>().ok(),
            _ => None,
        }
    }

    /// The problem statement as plain text.
    pub fn problem_statement(&self) -> String {
        self.problem_statement.get_string(&self.doc.transact())
    }

    /// Replaces the whole problem statement in one transaction.
    pub fn set_problem_statement(&self, text: &str) {
        let mut txn = self.doc.transact_mut();
        let length = self.problem_statement.len(&txn);
        self.problem_statement.remove_range(&mut txn, 0, length);
        self.problem_statement.insert(&mut txn, 0, text);
    }

    /// Inserts text into the problem statement at a UTF-16 index (clamped to the end).
    pub fn insert_problem_text(&self, txn: &mut TransactionMut, index: u32, text: &str) {
        let index = index.min(self.problem_statement.len(txn));
        self.problem_statement.insert(txn, index, text);
    }

    /// Sets a card's text, creating the card if it does not exist yet.
    pub fn set_card_text(&self, txn: &mut TransactionMut, card_id: &str, text: &str) {
        match self.cards.get(txn, card_id) {
            Some(Out::YMap(card)) => {
                card.insert(txn, CARD_TEXT, text);
            }
            _ => {
                let card = MapPrelim::from([(CARD_TEXT.to_owned(), Any::from(text))]);
                self.cards.insert(txn, card_id, card);
            }
        }
    }

    /// Every card's text by card id.
    pub fn card_texts(&self) -> BTreeMap<String, String> {
        let txn = self.doc.transact();
        self.cards
            .iter(&txn)
            .filter_map(|(card_id, card)| match card {
                Out::YMap(card) => match card.get(&txn, CARD_TEXT) {
                    Some(Out::Any(Any::String(text))) => Some((card_id.to_owned(), text.to_string())),
                    _ => None,
                },
                _ => None,
            })
            .collect()
    }

    /// The whole document as JSON, for comparing replicas in tests and for debugging.
    pub fn to_json(&self) -> Any {
        let txn = self.doc.transact();
        let mut roots = std::collections::HashMap::new();
        roots.insert(META.to_owned(), self.meta.to_json(&txn));
        roots.insert(PROBLEM_STATEMENT.to_owned(), Any::from(self.problem_statement.get_string(&txn)));
        roots.insert(CARDS.to_owned(), self.cards.to_json(&txn));
        Any::from(roots)
    }

    /// The document's state vector, encoded, for comparing replicas cheaply.
    pub fn state_vector(&self) -> yrs::StateVector {
        self.doc.transact().state_vector()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yrs::Update;
    use yrs::updates::decoder::Decode;

    fn exchange(from: &BoardDoc, to: &BoardDoc) {
        let update = from.doc().transact().encode_diff_v1(&to.state_vector());
        let update = Update::decode_v1(&update).expect("valid update");
        to.doc().transact_mut().apply_update(update).expect("applies");
    }

    #[test]
    fn seed_update_records_schema_version() {
        let board = BoardDoc::new();
        let seed = Update::decode_v1(&BoardDoc::seed_update()).expect("valid update");
        board.doc().transact_mut().apply_update(seed).expect("applies");
        assert_eq!(board.schema_version(), Some(SCHEMA_VERSION));
    }

    #[test]
    fn concurrent_text_and_card_edits_converge() {
        let alice = BoardDoc::new();
        let bob = BoardDoc::new();
        alice.set_problem_statement("Families wait too long.");
        exchange(&alice, &bob);
        {
            let mut txn = alice.doc().transact_mut();
            alice.insert_problem_text(&mut txn, 0, "Alice: ");
            alice.set_card_text(&mut txn, "c1", "drop-in hours");
        }
        {
            let mut txn = bob.doc().transact_mut();
            bob.insert_problem_text(&mut txn, 1000, " Bob agrees.");
            bob.set_card_text(&mut txn, "c2", "peer mentors");
        }
        exchange(&alice, &bob);
        exchange(&bob, &alice);
        assert_eq!(alice.to_json(), bob.to_json());
        assert_eq!(alice.problem_statement(), "Alice: Families wait too long. Bob agrees.");
        assert_eq!(alice.card_texts().len(), 2);
    }
}
