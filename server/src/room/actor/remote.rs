//! The room and the other instances serving its document (Redis mode): applying what they
//! stored, forwarding their clients' presence, and publishing ours.

use std::panic::AssertUnwindSafe;

use bytes::Bytes;
use polyphony_shared::protocol;
use yrs::sync::Message;
use yrs::updates::decoder::Decode;
use yrs::{ReadTxn, Transact, Update};

use super::{Delivery, Room};
use crate::replication::{Following, RemoteEvent, Replication};
use crate::room::ConnId;

/// The owner recorded for presence entries set by clients of other instances.
pub(super) const REMOTE: ConnId = 0;

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
                for update in updates {
                    if self.apply_stored(&update) {
                        self.deliveries.push(Delivery::AllExcept(None, Bytes::from(protocol::update(update.to_vec()))));
                    }
                }
                self.covered = through;
            }
            RemoteEvent::Updates { snapshot: Some(snapshot), updates, through } => {
                // Caught up past a compaction: send clients the difference it made, as one update.
                let before = self.doc.transact().state_vector();
                for update in std::iter::once(&snapshot).chain(&updates) {
                    self.apply_stored(update);
                }
                let diff = self.doc.transact().encode_diff_v1(&before);
                if diff != Update::EMPTY_V1 {
                    self.deliveries.push(Delivery::AllExcept(None, Bytes::from(protocol::update(diff))));
                }
                self.logged_since_snapshot = updates.len() as u64;
                self.covered = through;
            }
            RemoteEvent::Awareness(frame) => {
                let Ok(messages) = protocol::decode(&frame) else { return };
                for message in messages {
                    if let Message::Awareness(update) = message
                        && self.presence.apply(REMOTE, update).is_err()
                    {
                        return;
                    }
                }
                self.deliveries.push(Delivery::AllExcept(None, frame));
            }
        }
    }

    /// Applies an update another instance stored; false if it does not decode or apply.
    fn apply_stored(&mut self, bytes: &[u8]) -> bool {
        let Ok(update) = Update::decode_v1(bytes) else {
            tracing::error!(board = %self.key, "stored update does not decode; skipped");
            return false;
        };
        let doc = &self.doc;
        let applied = std::panic::catch_unwind(AssertUnwindSafe(|| doc.transact_mut().apply_update(update).is_ok()));
        let applied = matches!(applied, Ok(true));
        if !applied {
            tracing::error!(board = %self.key, "stored update does not apply; skipped");
        }
        applied
    }

    /// Sends a presence frame from one of this room's clients to the other instances.
    pub(super) fn publish_awareness(&self, frame: &Bytes) {
        if let Some((replication, _)) = &self.replication {
            replication.publish_awareness(self.key, frame.clone());
        }
    }
}
