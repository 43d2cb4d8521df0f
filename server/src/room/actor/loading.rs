//! Opening a big board: its first clients get the stored document while the room still
//! builds it.
//!
//! Decoding and applying a stored board of 5,000 cards takes yrs some 30 ms. The stored
//! snapshot already is the whole document as one update, exactly what a client needs, so a
//! room opened cold answers sync requests with it at once and builds its own copy on the
//! blocking pool meanwhile. Joins are taken at once too; the server's own sync request
//! goes out once the document is built. Everything else a client sends waits, in order,
//! and is handled as usual once the document is ready.
//!
//! The snapshot goes to every client that asks meanwhile, whatever it already holds: a
//! client reconnecting with most of the board gets all of it once, which yrs takes as a
//! no-op for what it has. That only happens on a board nobody had open for a while.

use std::collections::{HashSet, VecDeque};

use bytes::Bytes;
use polyphony_shared::{CloseReason, DocName, protocol};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use yrs::StateVector;

use super::building::Built;
use super::persist::StoredEntries;
use super::{ConnId, Delivery, Room};
use crate::room::RoomCommand;
use crate::room::inbound::Inbound;
use crate::store::{DocKey, StoreError};

/// Commands that may wait for the document before the room stops taking more; beyond it,
/// senders wait on the room's queue as they would on a busy room.
const MAX_WAITING: usize = 1024;

/// A document being built, and the frame that gives a client all of it meanwhile.
pub(super) struct Loading {
    building: JoinHandle<Built>,
    /// What it is built from (shared buffers), to quarantine entries that do not apply.
    entries: Vec<Bytes>,
    /// The stored snapshot as a sync answer (SyncStep2).
    whole_document: Bytes,
}

impl Loading {
    /// The document `building` builds from `stored`, which must be a single snapshot.
    pub(super) fn new(building: JoinHandle<Built>, stored: &StoredEntries) -> Loading {
        let snapshot = stored.entries.first().map(|entry| entry.to_vec()).unwrap_or_default();
        let whole_document = Bytes::from(protocol::sync_step2(snapshot));
        Loading { building, entries: stored.entries.clone(), whole_document }
    }
}

/// Whether a room serves clients while its document is built: a content document stored
/// as one snapshot (as a board unloaded cleanly is), big enough to be built in the background.
pub(super) fn serves_while_building(key: DocKey, stored: &StoredEntries) -> bool {
    key.doc == DocName::Content && stored.entries.len() == 1 && stored.is_big()
}

impl Room {
    /// Serves joins and sync requests until the document is built, then greets the clients
    /// that joined, handles what waited, in order, and stores and releases the result. Sets
    /// `poisoned` if the document cannot be built.
    pub(super) async fn serve_while_loading(
        &mut self,
        loading: Loading,
        commands: &mut mpsc::Receiver<RoomCommand>,
    ) -> Result<(), StoreError> {
        let Loading { mut building, entries, whole_document } = loading;
        let mut waiting: VecDeque<RoomCommand> = VecDeque::new();
        // Connections with a frame waiting: their later frames wait too, to keep their order.
        let mut held_back: HashSet<ConnId> = HashSet::new();
        let mut joined: Vec<ConnId> = Vec::new();
        let mut open = true;
        let built = loop {
            tokio::select! {
                built = &mut building => break built,
                // Past MAX_WAITING the room's own bounded queue holds senders back again.
                command = commands.recv(), if open && waiting.len() < MAX_WAITING => {
                    let Some(command) = command else {
                        open = false;
                        continue;
                    };
                    match command {
                        RoomCommand::Join { access, reply } => joined.extend(self.admit(access, reply)),
                        RoomCommand::Frame { conn, frame } if !held_back.contains(&conn) => {
                            if let [Inbound::SyncStep1(state_vector)] = frame.messages.as_slice() {
                                self.answer_from_snapshot(conn, state_vector, &whole_document);
                            } else {
                                held_back.insert(conn);
                                waiting.push_back(RoomCommand::Frame { conn, frame });
                            }
                        }
                        other => waiting.push_back(other),
                    }
                    // Nothing is applied yet, so nothing waits for the store: this only sends.
                    self.release().await?;
                }
            }
        };
        match built {
            Ok(built) => self.take_built(built, &entries).await,
            Err(err) => {
                // The build panicked past its own recovery: nothing is safe to serve or store.
                tracing::error!(board = %self.key, ?err, "building the document failed");
                self.poisoned = true;
                return Ok(());
            }
        }
        for conn in joined {
            self.greet(conn);
        }
        for command in waiting {
            self.handle(command).await;
            if self.poisoned {
                return Ok(());
            }
        }
        // Stored before the room's loop starts, which may stop at once (shutdown).
        self.release().await
    }

    /// Answers a sync request with the stored snapshot, if the client may see the board.
    fn answer_from_snapshot(&mut self, conn: ConnId, state_vector: &StateVector, whole_document: &Bytes) {
        let rules = self.rules.current();
        let Some(client) = self.clients.get_mut(&conn) else { return };
        if !rules.admits(client.access) {
            self.close_client(conn, CloseReason::NotAllowed); // Removed since joining.
            return;
        }
        client.state_vector = state_vector.clone();
        self.deliveries.push(Delivery::To(conn, whole_document.clone()));
    }
}
