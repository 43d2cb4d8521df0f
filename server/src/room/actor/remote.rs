//! The room and the other instances serving its document (Redis mode): applying what they
//! stored, forwarding their clients' presence, and publishing ours.

use bytes::Bytes;
use polyphony_shared::protocol;
use yrs::{ReadTxn, Transact, Update};

use super::{Delivery, Room};
use crate::replication::{Following, RemoteEvent, Replication};

/// The next event from other instances; never resolves for a room that follows none.
pub(super) async fn next_event(
    replication: &mut Option<(std::sync::Arc<dyn Replication>, Following)>,
) -> Option<RemoteEvent> {
    match replication {
        Some((_, following)) => following.events.recv().await,
        None => std::future::pending().await,
    }
}

impl Room {
    pub(super) fn on_remote(&mut self, event: RemoteEvent) {
        let changes_document = matches!(event, RemoteEvent::Updates { .. });
        self.apply_remote(event);
        if changes_document {
            // Governed state may have changed on another instance.
            self.publish_rules();
        }
    }

    fn apply_remote(&mut self, event: RemoteEvent) {
        match event {
            RemoteEvent::Updates { snapshot: None, updates, through } => {
                self.logged_since_snapshot += updates.len() as u64;
                self.stored_bytes += updates.iter().map(|update| update.len() as u64).sum::<u64>();
                for update in updates {
                    if self.apply_stored(&update) {
                        self.deliveries.push(Delivery::AllExcept(None, Bytes::from(protocol::update(update.to_vec()))));
                    }
                }
                self.covered = through;
            }
            RemoteEvent::Updates { snapshot: Some(snapshot), updates, through } => {
                // Caught up past a compaction: send clients the difference it made, as one update.
                let before = self.document.doc().transact().state_vector();
                for update in std::iter::once(&snapshot).chain(&updates) {
                    self.apply_stored(update);
                }
                let diff = self.document.doc().transact().encode_diff_v1(&before);
                if diff != Update::EMPTY_V1 {
                    self.deliveries.push(Delivery::AllExcept(None, Bytes::from(protocol::update(diff))));
                }
                self.logged_since_snapshot = updates.len() as u64;
                self.stored_bytes = std::iter::once(&snapshot).chain(&updates).map(|update| update.len() as u64).sum();
                self.covered = through;
            }
            RemoteEvent::Awareness(frame) => {
                if let Some(for_clients) = self.presence.apply_remote(&frame) {
                    self.deliveries.push(Delivery::AllExcept(None, for_clients));
                }
            }
        }
    }

    /// Applies an update another instance stored; false if it does not fit the document,
    /// in which case it is reported and left out (the store keeps it, and the next load
    /// quarantines it).
    fn apply_stored(&mut self, bytes: &[u8]) -> bool {
        match self.document.apply_trusted(bytes) {
            Ok(changed) => {
                if changed {
                    self.document_changed();
                }
                changed
            }
            Err(crate::room::document::EntryError::Apply(err)) => {
                // yrs failed on it: the document is not trusted any more; a reload rebuilds it.
                tracing::error!(board = %self.key, %err, "an update from another instance broke the document");
                self.poisoned = true;
                false
            }
            Err(err) => {
                tracing::error!(board = %self.key, %err, "an update from another instance does not apply; left out");
                false
            }
        }
    }

    /// Sends a presence frame from one of this room's clients to the other instances.
    pub(super) fn publish_awareness(&self, frame: &Bytes) {
        if let Some((replication, _)) = &self.replication {
            replication.publish_awareness(self.key, frame.clone());
        }
    }
}
