//! The room and its store: storing updates before release, holding them while the store is
//! out of reach, compacting, and reading what is stored.

use bytes::Bytes;
use tokio::task::JoinHandle;
use yrs::{ReadTxn, StateVector, Transact};

use super::building::{Built, build_document};
use super::{Delivery, Room};
use crate::store::{DocKey, Seq, Store, StoreError};

/// Stored documents from this size on are built on the blocking pool. Smaller ones are built
/// where they are needed: that takes microseconds, less than handing the work to a thread.
const BIG_DOCUMENT_BYTES: usize = 32 * 1024;

/// Held updates beyond this many are merged into one, so a long outage costs memory in
/// proportion to the document, not to the number of edits.
const MERGE_HELD_AFTER: usize = 64;

/// A compaction running on the blocking pool: it reads the document from the store, builds
/// it, and stores it as one snapshot, while the room goes on serving.
pub(super) struct Compaction {
    task: JoinHandle<Result<Compacted, StoreError>>,
    /// Bytes the room stored while it ran: they are still in the log after it.
    stored_meanwhile: u64,
    /// Updates the room logged while it ran.
    logged_meanwhile: u64,
}

/// What a finished compaction left in the store.
struct Compacted {
    snapshot_bytes: u64,
}

impl Room {
    /// Stores this batch's updates, then sends the frames the batch produced.
    ///
    /// If the store is out of reach, the updates are held for [`Room::store_held`] and the
    /// frames go out anyway: the room keeps working for the clients it has.
    pub(in crate::room) async fn release(&mut self) -> Result<(), StoreError> {
        if !self.unstored.is_empty() {
            let updates = std::mem::take(&mut self.unstored);
            if self.held.is_empty() {
                self.store(updates).await?;
            } else {
                self.held.extend(updates); // Behind earlier held ones, in order.
            }
        }
        let updates_since = self.updates_since.take();
        if let Some(presence) = self.presence.take_outgoing(std::time::Instant::now()).map(Bytes::from) {
            // Everyone, the senders too: a client ignores its own entry at the same clock.
            self.publish_awareness(&presence);
            self.deliveries.push(Delivery::AllExcept(None, presence));
        }
        for delivery in std::mem::take(&mut self.deliveries) {
            match delivery {
                Delivery::To(conn, frame) => self.send(conn, frame),
                Delivery::AllExcept(origin, frame) => {
                    let conns: Vec<_> = self.clients.keys().copied().filter(|conn| Some(*conn) != origin).collect();
                    for conn in conns {
                        self.send(conn, frame.clone());
                    }
                }
            }
        }
        if let Some(since) = updates_since {
            self.stats.metrics.fanned_out(since.elapsed().as_secs_f64());
        }
        Ok(())
    }

    /// Appends updates; holds them instead if the store is only temporarily out of reach.
    async fn store(&mut self, updates: Vec<Bytes>) -> Result<(), StoreError> {
        let count = updates.len() as u64;
        let bytes: u64 = updates.iter().map(|update| update.len() as u64).sum();
        let started = std::time::Instant::now();
        match self.store.append(self.key, updates.clone()).await {
            Ok(seq) => {
                self.stats.metrics.stored(updates.len(), started.elapsed().as_secs_f64());
                if self.replication.is_none() {
                    // Alone on the log: it holds exactly what this room stored.
                    self.covered = seq;
                }
                self.logged_since_snapshot += count;
                if let Some(compaction) = &mut self.compacting {
                    compaction.stored_meanwhile += bytes;
                    compaction.logged_meanwhile += count;
                }
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
        if self.logged_since_snapshot > 0 && self.covered > 0 {
            // The room is stopping, so nobody waits on it: the snapshot is taken right here.
            let snapshot = self.document.doc().transact().encode_state_as_update_v1(&StateVector::default());
            if let Err(err) = self.store.compact(self.key, Bytes::from(snapshot), self.covered).await {
                tracing::warn!(board = %self.key, ?err, "compaction failed; the log is kept");
            }
        }
    }

    /// Folds the stored log into a snapshot of the document as it is now, at once: what the
    /// log held before (a name just erased, say) then lives nowhere in the store. Does
    /// nothing while updates wait to be stored; those keep the log.
    pub(in crate::room) async fn compact_now(&mut self) -> Result<(), StoreError> {
        if !self.held.is_empty() || !self.unstored.is_empty() || self.covered == 0 {
            return Ok(());
        }
        let snapshot = self.document.doc().transact().encode_state_as_update_v1(&StateVector::default());
        let bytes = snapshot.len() as u64;
        self.store.compact(self.key, Bytes::from(snapshot), self.covered).await?;
        self.logged_since_snapshot = 0;
        self.stored_bytes = bytes;
        Ok(())
    }

    /// Starts folding the stored log into a snapshot, off the room's task, unless one runs.
    pub(super) fn start_compaction(&mut self) {
        if self.compacting.is_some() {
            return;
        }
        let (store, key, max_text_len) = (std::sync::Arc::clone(&self.store), self.key, self.settings.max_text_len);
        let task = self.tasks.spawn(async move {
            let stored = StoredEntries::read(store.as_ref(), key).await?;
            if stored.logged == 0 {
                return Ok(Compacted { snapshot_bytes: stored.size() as u64 });
            }
            let through = stored.last_seq;
            let snapshot = tokio::task::spawn_blocking(move || {
                // Entries that no longer apply are left out; the room quarantined them.
                let built = build_document(key, max_text_len, &stored.entries);
                built.document.doc().transact().encode_state_as_update_v1(&StateVector::default())
            })
            .await?;
            let snapshot_bytes = snapshot.len() as u64;
            store.compact(key, Bytes::from(snapshot), through).await?;
            Ok(Compacted { snapshot_bytes })
        });
        let logged_before = self.logged_since_snapshot;
        self.compacting = Some(Compaction { task, stored_meanwhile: 0, logged_meanwhile: 0 });
        tracing::debug!(board = %self.key, logged = logged_before, "compaction started");
    }

    /// Takes the result of a compaction that has finished.
    pub(super) fn finish_compaction(&mut self) {
        if !self.compacting.as_ref().is_some_and(|compaction| compaction.task.is_finished()) {
            return;
        }
        let Some(compaction) = self.compacting.take() else { return };
        let Some(result) = futures_util::FutureExt::now_or_never(compaction.task) else { return };
        match result {
            Ok(Ok(compacted)) => {
                self.logged_since_snapshot = compaction.logged_meanwhile;
                self.stored_bytes = compacted.snapshot_bytes + compaction.stored_meanwhile;
            }
            Ok(Err(err)) => tracing::warn!(board = %self.key, ?err, "compaction failed; the log is kept"),
            Err(err) => tracing::error!(board = %self.key, ?err, "compaction task failed"),
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
    pub(super) fn build_in_background(&self, key: DocKey, max_text_len: u64) -> JoinHandle<Built> {
        let entries = self.entries.clone(); // Shared buffers: no copy of the data.
        tokio::task::spawn_blocking(move || build_document(key, max_text_len, &entries))
    }

    /// Builds the document: a small one right here, a big one on the blocking pool.
    pub(super) async fn build(&self, key: DocKey, max_text_len: u64) -> Result<Built, StoreError> {
        if self.is_big() {
            Ok(self.build_in_background(key, max_text_len).await?)
        } else {
            Ok(build_document(key, max_text_len, &self.entries))
        }
    }
}
