//! The room and the other instances serving its document (Redis mode): applying what they
//! stored, forwarding their clients' presence, and publishing ours.

use bytes::Bytes;
use polyphony_shared::protocol;
use yrs::{ReadTxn, Transact, Update};

use std::task::{Context, Poll};

use super::{Delivery, Room};
use crate::replication::RemoteEvent;

impl Room {
    /// Polls for the next event from other instances: `Ready(None)` once they are gone,
    /// and never ready for a room that follows none.
    pub(in crate::room) fn poll_remote(&mut self, cx: &mut Context<'_>) -> Poll<Option<RemoteEvent>> {
        match &mut self.replication {
            Some((_, following)) => following.events.poll_recv(cx),
            None => Poll::Pending,
        }
    }
}

impl Room {
    /// Takes what another instance stored or sent; governed state changed there is read
    /// into the rules by the board ([`Room::fresh_rules`]).
    pub(in crate::room) fn apply_remote(&mut self, event: RemoteEvent) {
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
            // The board stops every room at once ([`crate::room::board`]).
            RemoteEvent::Deleted => {}
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
