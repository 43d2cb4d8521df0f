//! Building a room's document from what is stored, and setting aside what no longer applies.
//!
//! Every stored update goes through the same checks as a client's ([`Document::apply_trusted`]).
//! One that fails them is never applied: it is quarantined (kept beside the document with
//! the reason, for an operator) and the document is compacted without it, so the store and
//! the room hold the same document again. If yrs fails while applying an update, the
//! half-built document is thrown away and built again without that update: a document
//! yrs failed on is never used.

use bytes::Bytes;

use super::Room;
use crate::room::document::{Document, EntryError};
use crate::store::{DocKey, Quarantined};

/// A document built from stored entries, and the entries set aside.
pub(in crate::room) struct Built {
    pub(super) document: Document,
    /// Indices into the entries it was built from, with the reason.
    pub(super) skipped: Vec<(usize, String)>,
}

/// Builds a document from its stored entries in order.
pub(super) fn build_document(key: DocKey, max_text_len: u64, entries: &[Bytes]) -> Built {
    let mut skipped: Vec<(usize, String)> = Vec::new();
    'attempt: loop {
        let mut document = Document::new(key.doc, max_text_len);
        for (index, bytes) in entries.iter().enumerate() {
            if skipped.iter().any(|(skipped, _)| *skipped == index) {
                continue;
            }
            match document.apply_trusted(bytes) {
                Ok(_) => {}
                Err(EntryError::Apply(err)) => {
                    tracing::error!(board = %key, index, %err, "a stored update broke the document; building it again without it");
                    skipped.push((index, err.to_string()));
                    continue 'attempt;
                }
                Err(err) => {
                    tracing::error!(board = %key, index, %err, "a stored update does not apply; setting it aside");
                    skipped.push((index, err.to_string()));
                }
            }
        }
        skipped.sort_unstable_by_key(|(index, _)| *index);
        return Built { document, skipped };
    }
}

impl Room {
    /// Takes a freshly built document: quarantines what it skipped and compacts without it,
    /// ([`Room::document_changed`] marks the rules to be read again).
    pub(super) async fn take_built(&mut self, built: Built, entries: &[Bytes]) {
        self.document = built.document;
        self.document_changed();
        if let Some(writers) = &mut self.writers {
            writers.forget();
        }
        if !built.skipped.is_empty() {
            let quarantined: Vec<Quarantined> = built
                .skipped
                .into_iter()
                .filter_map(|(index, reason)| Some(Quarantined { reason, update: entries.get(index)?.clone() }))
                .collect();
            self.quarantine(quarantined).await;
            self.start_compaction();
        }
    }

    /// Records quarantined updates in the store and in the server's counters.
    async fn quarantine(&mut self, entries: Vec<Quarantined>) {
        let count = entries.len();
        self.stats.quarantined.fetch_add(count as u64, std::sync::atomic::Ordering::Relaxed);
        self.stats.metrics.quarantined(count as u64);
        tracing::error!(board = %self.key, count, "stored updates quarantined; the document is compacted without them");
        if let Err(err) = self.store.quarantine(self.key, entries).await {
            tracing::error!(board = %self.key, ?err, "storing quarantined updates failed; they are dropped");
        }
    }

    /// Rebuilds the document from the store plus what is not stored yet, after yrs failed
    /// on an update the room had accepted. The room stops if the store cannot be read.
    pub(super) async fn rebuild_after_failure(&mut self) {
        let stored = match super::persist::StoredEntries::read(self.store.as_ref(), self.key).await {
            Ok(stored) => stored,
            Err(err) => {
                tracing::error!(board = %self.key, ?err, "rebuilding the document failed");
                self.poisoned = true;
                return;
            }
        };
        let stored_count = stored.entries.len();
        let mut entries = stored.entries;
        entries.extend(self.held.iter().chain(&self.unstored).cloned());
        let (key, max_text_len) = (self.key, self.settings.max_text_len);
        let building = tokio::task::spawn_blocking(move || (build_document(key, max_text_len, &entries), entries));
        let Ok((built, entries)) = building.await else {
            self.poisoned = true;
            return;
        };
        // Updates not stored yet that no longer apply are dropped rather than stored.
        let unstored_skipped: Vec<usize> =
            built.skipped.iter().map(|(index, _)| *index).filter(|index| *index >= stored_count).collect();
        if !unstored_skipped.is_empty() {
            let keep = |bytes: &Bytes| !unstored_skipped.iter().any(|index| entries.get(*index) == Some(bytes));
            self.held.retain(keep);
            self.unstored.retain(keep);
        }
        let stored_skipped: Vec<(usize, String)> =
            built.skipped.into_iter().filter(|(index, _)| *index < stored_count).collect();
        self.take_built(Built { document: built.document, skipped: stored_skipped }, &entries).await;
    }
}
