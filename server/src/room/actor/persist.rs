//! The room and its store: applying updates safely, storing them before release, holding
//! them while the store is out of reach, compacting, and loading.

use std::panic::AssertUnwindSafe;

use bytes::Bytes;
use polyphony_shared::CloseReason;
use yrs::updates::decoder::Decode;
use yrs::{Doc, ReadTxn, StateVector, Transact, Update};

use super::{ConnId, Delivery, Room};
use crate::store::{DocKey, Seq, Store, StoreError};

/// Stored documents from this size on are built on the blocking pool. Smaller ones are built
/// where they are needed: that takes microseconds, less than handing the work to a thread.
const BIG_DOCUMENT_BYTES: usize = 32 * 1024;

/// Held updates beyond this many are merged into one, so a long outage costs memory in
/// proportion to the document, not to the number of edits.
const MERGE_HELD_AFTER: usize = 64;

impl Room {
    /// Applies one client update. If yrs rejects it, or panics on it, the document is rebuilt
    /// from the store plus the updates not stored yet, so no trace of it remains.
    pub(super) async fn apply_update(&mut self, update: Update) -> Result<(), CloseReason> {
        let doc = &self.doc;
        let applied =
            std::panic::catch_unwind(AssertUnwindSafe(|| doc.transact_mut().apply_update(update).map_err(|_| ())));
        if matches!(applied, Ok(Ok(()))) {
            return Ok(());
        }
        tracing::warn!(board = %self.key, panicked = applied.is_err(), "update rejected; rebuilding the document");
        match Box::pin(self.rebuild()).await {
            Ok(()) => Err(CloseReason::MalformedFrame),
            Err(err) => {
                tracing::error!(board = %self.key, ?err, "rebuilding the document failed");
                self.poisoned = true;
                Err(CloseReason::InternalError)
            }
        }
    }

    pub(super) async fn rebuild(&mut self) -> Result<(), StoreError> {
        let (doc, _, _) = load_doc(self.store.as_ref(), self.key).await?;
        {
            let mut txn = doc.transact_mut();
            for bytes in self.held.iter().chain(&self.unstored) {
                if let Ok(update) = Update::decode_v1(bytes) {
                    txn.apply_update(update).ok();
                }
            }
        }
        if let Some(watch) = &self.sections {
            watch.attach(&doc);
        }
        self.doc = doc;
        Ok(())
    }

    /// Stores this batch's updates, then sends the frames the batch produced and answers the
    /// governed changes it made.
    ///
    /// If the store is out of reach, the updates are held for [`Room::store_held`] and the
    /// frames go out anyway: the room keeps working for the clients it has.
    pub(super) async fn release(&mut self) -> Result<(), StoreError> {
        if !self.unstored.is_empty() {
            let updates = std::mem::take(&mut self.unstored);
            if self.held.is_empty() {
                self.store(updates).await?;
            } else {
                self.held.extend(updates); // Behind earlier held ones, in order.
            }
        }
        for delivery in std::mem::take(&mut self.deliveries) {
            match delivery {
                Delivery::To(conn, frame) => self.send(conn, frame),
                Delivery::AllExcept(origin, frame) => {
                    let conns: Vec<ConnId> =
                        self.clients.keys().copied().filter(|conn| Some(*conn) != origin).collect();
                    for conn in conns {
                        self.send(conn, frame.clone());
                    }
                }
            }
        }
        for reply in std::mem::take(&mut self.governed_replies) {
            reply.send(Ok(())).ok();
        }
        Ok(())
    }

    /// Appends updates; holds them instead if the store is only temporarily out of reach.
    async fn store(&mut self, updates: Vec<Bytes>) -> Result<(), StoreError> {
        let count = updates.len() as u64;
        match self.store.append(self.key, updates.clone()).await {
            Ok(seq) => {
                if self.replication.is_none() {
                    // Alone on the log: it holds exactly what this room stored.
                    self.covered = seq;
                }
                self.logged_since_snapshot += count;
                Ok(())
            }
            Err(err) if err.is_transient() => {
                tracing::debug!(board = %self.key, ?err, held = updates.len(), "store out of reach; holding updates");
                self.held = updates;
                Ok(())
            }
            Err(err) => Err(err),
        }
    }

    /// Retries storing held updates; merges them while the store stays out of reach.
    pub(super) async fn store_held(&mut self) -> Result<(), StoreError> {
        if self.held.is_empty() {
            return Ok(());
        }
        let held = std::mem::take(&mut self.held);
        self.store(held).await?;
        if self.held.len() > MERGE_HELD_AFTER {
            match yrs::merge_updates_v1(&self.held) {
                Ok(merged) => self.held = vec![Bytes::from(merged)],
                Err(err) => tracing::warn!(board = %self.key, %err, "cannot merge held updates; keeping them apart"),
            }
        }
        if self.held.is_empty() {
            tracing::info!(board = %self.key, "held updates stored");
        }
        Ok(())
    }

    /// Stores what is held and folds the log into a snapshot before the room stops.
    pub(super) async fn store_before_exit(&mut self) {
        if let Err(err) = self.store_held().await {
            tracing::error!(board = %self.key, ?err, "storing held updates failed");
        }
        if !self.held.is_empty() {
            // The clients that made them still have them and send them again on reconnect.
            tracing::error!(board = %self.key, held = self.held.len(), "store out of reach at exit; updates not stored");
            return;
        }
        if self.logged_since_snapshot > 0 {
            self.compact().await;
        }
    }

    /// Replaces the stored snapshot by the document as it is, covering the log through
    /// `covered`.
    pub(super) async fn compact(&mut self) {
        if self.covered == 0 {
            return;
        }
        let snapshot = Bytes::from(self.doc.transact().encode_state_as_update_v1(&StateVector::default()));
        match self.store.compact(self.key, snapshot, self.covered).await {
            Ok(()) => self.logged_since_snapshot = 0,
            Err(err) => tracing::warn!(board = %self.key, ?err, "compaction failed; the log is kept"),
        }
    }
}

/// A document as read from the store, before it is built: its snapshot and log entries in
/// order, the last log position, and the log length.
pub(super) struct StoredEntries {
    pub(super) entries: Vec<Bytes>,
    pub(super) last_seq: Seq,
    pub(super) logged: u64,
}

impl StoredEntries {
    /// Reads a document's snapshot and log.
    pub(super) async fn read(store: &dyn Store, key: DocKey) -> Result<StoredEntries, StoreError> {
        let stored = store.load(key).await?;
        let logged = stored.updates.len() as u64;
        let entries = stored.snapshot.into_iter().chain(stored.updates).collect();
        Ok(StoredEntries { entries, last_seq: stored.last_seq, logged })
    }

    /// The stored bytes in all.
    pub(super) fn size(&self) -> usize {
        self.entries.iter().map(Bytes::len).sum()
    }

    /// Whether building the document takes long enough to belong on the blocking pool.
    pub(super) fn is_big(&self) -> bool {
        self.size() >= BIG_DOCUMENT_BYTES
    }

    /// Builds the document on the blocking pool: decoding and applying a big board takes
    /// tens of milliseconds, which would otherwise hold up every room on this worker.
    pub(super) fn build_in_background(&self, key: DocKey) -> tokio::task::JoinHandle<Doc> {
        let entries = self.entries.clone(); // Shared buffers: no copy of the data.
        tokio::task::spawn_blocking(move || build_doc(key, &entries))
    }

    /// Builds the document: a small one right here, a big one on the blocking pool.
    pub(super) async fn build(&self, key: DocKey) -> Result<Doc, StoreError> {
        if self.is_big() { Ok(self.build_in_background(key).await?) } else { Ok(build_doc(key, &self.entries)) }
    }
}

/// Builds a document from its stored snapshot and log: (doc, last log position, log length).
pub(super) async fn load_doc(store: &dyn Store, key: DocKey) -> Result<(Doc, Seq, u64), StoreError> {
    let stored = StoredEntries::read(store, key).await?;
    let doc = stored.build(key).await?;
    Ok((doc, stored.last_seq, stored.logged))
}

/// Builds a document from stored entries. One transaction for the whole log is fast; if
/// yrs panics on some entry, it builds again one entry at a time and skips the bad one, so
/// one bad entry cannot make the board unloadable.
fn build_doc(key: DocKey, entries: &[Bytes]) -> Doc {
    let doc = Doc::new();
    let whole = std::panic::catch_unwind(AssertUnwindSafe(|| {
        let mut txn = doc.transact_mut();
        for bytes in entries {
            apply_stored_entry(&mut txn, key, bytes);
        }
    }));
    if whole.is_ok() {
        return doc;
    }
    tracing::error!(board = %key, "a stored update made yrs panic; loading entry by entry");
    let doc = Doc::new();
    for bytes in entries {
        let applied =
            std::panic::catch_unwind(AssertUnwindSafe(|| apply_stored_entry(&mut doc.transact_mut(), key, bytes)));
        if applied.is_err() {
            tracing::error!(board = %key, "stored update made yrs panic; skipped");
        }
    }
    doc
}

/// Applies one stored entry, logging (and skipping) one that does not decode or apply.
fn apply_stored_entry(txn: &mut yrs::TransactionMut, key: DocKey, bytes: &[u8]) {
    match Update::decode_v1(bytes) {
        Ok(update) => {
            if let Err(err) = txn.apply_update(update) {
                tracing::error!(board = %key, %err, "stored update does not apply; skipped");
            }
        }
        Err(err) => tracing::error!(board = %key, %err, "stored update does not decode; skipped"),
    }
}
