//! The shape of a board's content document: the only code that knows its names.
//!
//! ```text
//! meta              Map   schemaVersion
//! problemStatement  Text
//! questions         Map   id -> Map { text: Text, order: number, deletedAtMs? }
//! cards             Map   id -> Map { text: Text, colour, authorName, perspective, x, y, cluster?, deletedAtMs? }
//! clusters          Map   id -> Map { title, x, y }
//! writers           Map   clientId -> seal (server-written; see [`writers`])
//! ecoCentre, ecoNodes, ecoTies   an eco-map activity's map ([`crate::ecomap::doc`])
//! ```
//!
//! Every root type is created up front in [`BoardDoc::new`], so the server and every client
//! agree on the type behind each name. Reads return [`crate::model`] values; writes are
//! methods that take the caller's transaction, so several edits travel as one update.
//! Orders and positions are plain numbers (last writer wins), so two people reordering or
//! dragging at once can never duplicate an item.

mod bin;
mod cards;
mod carried;
mod changes;
mod hiding;
mod parts;
mod placement;
mod questions;
mod restore;
mod text;
mod undo;
pub mod writers;

use yrs::{Any, Doc, GetString, Map, MapRef, OffsetKind, Options, Out, ReadTxn, Text, TextRef, Transact};

use crate::model::BoardSnapshot;

pub use cards::NewCard;
pub use changes::{AuthorName, CONTENT_ROOTS, CONTENT_TYPE_DEPTH, ContentChange};
pub use hiding::CardWords;
pub use parts::{ChangedPart, ObservedRoot, ObservedRoots, changed_part};
pub use restore::{RestoreLimits, RestoreScope};
pub use text::{Caret, TextField};
pub use undo::{LOCAL_EDIT, UndoHistory};

/// The version of the layout above. Bump it deliberately, together with a migration.
pub const SCHEMA_VERSION: i64 = 1;

const META: &str = "meta";
const PROBLEM_STATEMENT: &str = "problemStatement";
const QUESTIONS: &str = "questions";
pub(crate) const CARDS: &str = "cards";
const CLUSTERS: &str = "clusters";
pub(crate) const META_SCHEMA_VERSION: &str = "schemaVersion";

/// A board's content document with typed access to its parts.
#[derive(Clone)]
pub struct BoardDoc {
    doc: Doc,
    meta: MapRef,
    problem_statement: TextRef,
    questions: MapRef,
    cards: MapRef,
    clusters: MapRef,
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
        let questions = doc.get_or_insert_map(QUESTIONS);
        let cards = doc.get_or_insert_map(CARDS);
        let clusters = doc.get_or_insert_map(CLUSTERS);
        BoardDoc { doc, meta, problem_statement, questions, cards, clusters }
    }

    /// The underlying yrs document, for syncing.
    pub fn doc(&self) -> &Doc {
        &self.doc
    }

    /// The update that starts every new board: it records the schema version.
    ///
    /// The server stores it when a board is created, before anyone joins.
    pub fn seed_update() -> Vec<u8> {
        versioned_seed(SCHEMA_VERSION)
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
    pub fn insert_problem_text(&self, txn: &mut yrs::TransactionMut, index: u32, text: &str) {
        let index = index.min(self.problem_statement.len(txn));
        self.problem_statement.insert(txn, index, text);
    }

    /// Everything a view renders, read in one transaction.
    pub fn snapshot(&self) -> BoardSnapshot {
        self.snapshot_in(&self.doc.transact())
    }

    /// [`BoardDoc::snapshot`] as seen inside a transaction (one that may be editing).
    pub fn snapshot_in(&self, txn: &impl ReadTxn) -> BoardSnapshot {
        BoardSnapshot {
            problem_statement: self.problem_statement.get_string(txn),
            questions: self.read_questions(txn),
            cards: self.read_cards(txn),
            clusters: self.read_clusters(txn),
            deleted: self.read_deleted(txn),
        }
    }

    /// The whole document as JSON, for comparing replicas in tests and for debugging.
    pub fn to_json(&self) -> Any {
        use yrs::types::ToJson;
        let txn = self.doc.transact();
        let roots = [
            (META, self.meta.to_json(&txn)),
            (PROBLEM_STATEMENT, Any::from(self.problem_statement.get_string(&txn))),
            (QUESTIONS, self.questions.to_json(&txn)),
            (CARDS, self.cards.to_json(&txn)),
            (CLUSTERS, self.clusters.to_json(&txn)),
        ];
        Any::from(
            roots
                .into_iter()
                .map(|(name, value)| (name.to_owned(), value))
                .collect::<std::collections::HashMap<_, _>>(),
        )
    }

    /// The document's state vector.
    pub fn state_vector(&self) -> yrs::StateVector {
        self.doc.transact().state_vector()
    }
}

/// The first update of any board document: its `meta` map records the schema version.
/// Every document of a board (content, governed, ballots, drafts) starts this way.
pub(crate) fn versioned_seed(version: i64) -> Vec<u8> {
    let doc = Doc::new();
    let meta = doc.get_or_insert_map(META);
    let mut txn = doc.transact_mut();
    meta.insert(&mut txn, META_SCHEMA_VERSION, version);
    txn.encode_update_v1()
}

/// Reads a number field of a nested map (0 when missing or not a number).
pub(crate) fn number(map: &MapRef, txn: &impl ReadTxn, key: &str) -> f64 {
    match map.get(txn, key) {
        Some(Out::Any(any)) => any.cast::<f64>().unwrap_or(0.0),
        _ => 0.0,
    }
}

/// Reads a string field of a nested map (empty when missing).
pub(crate) fn string(map: &MapRef, txn: &impl ReadTxn, key: &str) -> String {
    match map.get(txn, key) {
        Some(Out::Any(Any::String(text))) => text.to_string(),
        Some(Out::YText(text)) => text.get_string(txn),
        _ => String::new(),
    }
}

/// Reads an optional string field of a nested map.
fn optional_string(map: &MapRef, txn: &impl ReadTxn, key: &str) -> Option<String> {
    match map.get(txn, key) {
        Some(Out::Any(Any::String(text))) if !text.is_empty() => Some(text.to_string()),
        _ => None,
    }
}

/// The nested map stored under `id` in a root map.
pub(crate) fn entry(root: &MapRef, txn: &impl ReadTxn, id: &str) -> Option<MapRef> {
    match root.get(txn, id) {
        Some(Out::YMap(map)) => Some(map),
        _ => None,
    }
}

#[cfg(test)]
mod co_typing_tests;
#[cfg(test)]
mod tests;
