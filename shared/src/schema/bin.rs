//! Deleting without losing: a deleted card or question stays in the document, marked with
//! when it was deleted, so that its author's undo or a facilitator brings it back with
//! everything on it (text, colour, place, cluster, dots). Views leave marked items out. A
//! facilitator can also delete one for good.

use yrs::{Map, MapRef, Out, ReadTxn, TransactionMut};

use super::{BoardDoc, entry, string};
use crate::model::{Deleted, ItemKind};

/// When an item was deleted (ms since the epoch); missing while it is on the board.
const DELETED_AT_MS: &str = "deletedAtMs";
const TEXT: &str = "text";

/// Whether an item's map is marked deleted.
pub(super) fn is_deleted(map: &MapRef, txn: &impl ReadTxn) -> bool {
    map.get(txn, DELETED_AT_MS).is_some()
}

impl BoardDoc {
    /// Deletes a card: it leaves every view and waits in the bin.
    pub fn delete_card(&self, txn: &mut TransactionMut, id: &str, at_ms: f64) {
        self.mark_deleted(txn, ItemKind::Card, id, at_ms);
    }

    /// Deletes a question: it leaves every view and waits in the bin.
    pub fn delete_question(&self, txn: &mut TransactionMut, id: &str, at_ms: f64) {
        self.mark_deleted(txn, ItemKind::Question, id, at_ms);
    }

    /// Puts a deleted item back where it was.
    pub fn restore(&self, txn: &mut TransactionMut, kind: ItemKind, id: &str) {
        if let Some(item) = entry(self.root_of(kind), txn, id) {
            item.remove(txn, DELETED_AT_MS);
        }
    }

    /// Removes a deleted item for good (items on the board are left alone).
    pub fn purge(&self, txn: &mut TransactionMut, kind: ItemKind, id: &str) {
        let root = self.root_of(kind);
        if entry(root, txn, id).is_some_and(|item| is_deleted(&item, txn)) {
            root.remove(txn, id);
        }
    }

    /// Whether an item of `kind` with this id is on the board (not deleted).
    pub fn is_on_board(&self, txn: &impl ReadTxn, kind: ItemKind, id: &str) -> bool {
        entry(self.root_of(kind), txn, id).is_some_and(|item| !is_deleted(&item, txn))
    }

    /// The id of every item of `kind`, on the board or in the bin.
    pub fn all_item_ids(&self, txn: &impl ReadTxn, kind: ItemKind) -> Vec<String> {
        self.root_of(kind).keys(txn).map(str::to_owned).collect()
    }

    /// Everything in the bin, most recently deleted first.
    pub(super) fn read_deleted(&self, txn: &impl ReadTxn) -> Vec<Deleted> {
        let mut deleted: Vec<Deleted> = [ItemKind::Card, ItemKind::Question]
            .into_iter()
            .flat_map(|kind| {
                self.root_of(kind).iter(txn).filter_map(move |(id, value)| match value {
                    Out::YMap(map) => match map.get(txn, DELETED_AT_MS) {
                        Some(Out::Any(at)) => Some(Deleted {
                            kind,
                            id: id.to_owned(),
                            text: string(&map, txn, TEXT),
                            at_ms: at.cast::<f64>().unwrap_or(0.0),
                        }),
                        _ => None,
                    },
                    _ => None,
                })
            })
            .collect();
        deleted.sort_unstable_by(|a, b| b.at_ms.total_cmp(&a.at_ms).then_with(|| a.id.cmp(&b.id)));
        deleted
    }

    fn mark_deleted(&self, txn: &mut TransactionMut, kind: ItemKind, id: &str, at_ms: f64) {
        if let Some(item) = entry(self.root_of(kind), txn, id) {
            item.insert(txn, DELETED_AT_MS, at_ms);
        }
    }

    fn root_of(&self, kind: ItemKind) -> &MapRef {
        match kind {
            ItemKind::Card => &self.cards,
            ItemKind::Question => &self.questions,
        }
    }
}
