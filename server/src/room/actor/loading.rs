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
use std::task::{Context, Poll};

use bytes::Bytes;
use polyphony_shared::{CloseReason, protocol};
use tokio::task::{JoinError, JoinHandle};
use yrs::StateVector;

use super::building::Built;
use super::persist::StoredEntries;
use super::{ConnId, Delivery, Room};
use crate::room::RoomCommand;
use crate::room::inbound::Inbound;
use crate::store::DocKey;

/// Commands that may wait for the document; a connection that sends more meanwhile is
/// closed and comes back once the board is open.
const MAX_WAITING: usize = 1024;

/// A document being built, the frame that gives a client all of it meanwhile, and what
/// waits for it.
pub(super) struct Loading {
    building: JoinHandle<Built>,
    /// What it is built from (shared buffers), to quarantine entries that do not apply.
    entries: Vec<Bytes>,
    /// The stored snapshot as a sync answer (SyncStep2).
    whole_document: Bytes,
    /// Commands handled once the document is ready, in order.
    waiting: VecDeque<RoomCommand>,
    /// Connections with a frame waiting: their later frames wait too, to keep their order.
    held_back: HashSet<ConnId>,
    /// Connections taken in meanwhile, greeted once the document is ready.
    joined: Vec<ConnId>,
}

impl Loading {
    /// The document `building` builds from `stored`, which must be a single snapshot.
    pub(super) fn new(building: JoinHandle<Built>, stored: &StoredEntries) -> Loading {
        let snapshot = stored.entries.first().map(|entry| entry.to_vec()).unwrap_or_default();
        let whole_document = Bytes::from(protocol::sync_step2(snapshot));
        Loading {
            building,
            entries: stored.entries.clone(),
            whole_document,
            waiting: VecDeque::new(),
            held_back: HashSet::new(),
            joined: Vec::new(),
        }
    }
}

/// Whether a room serves clients while its document is built: a content document stored
/// as one snapshot (as a board unloaded cleanly is), big enough to be built in the background.
pub(super) fn serves_while_building(key: DocKey, stored: &StoredEntries) -> bool {
    key.doc.is_board_content() && stored.entries.len() == 1 && stored.is_big()
}

impl Room {
    /// Polls the build of the document, if it is being built.
    pub(in crate::room) fn poll_built(&mut self, cx: &mut Context<'_>) -> Poll<Result<Built, JoinError>> {
        match &mut self.loading {
            Some(loading) => std::pin::Pin::new(&mut loading.building).poll(cx),
            None => Poll::Pending,
        }
    }

    /// Handles a command while the document is built: joins and sync requests at once,
    /// everything else once it is ready.
    pub(super) fn handle_while_loading(&mut self, command: RoomCommand) {
        let Some(mut loading) = self.loading.take() else { return };
        match command {
            RoomCommand::Frame { conn, .. } if loading.waiting.len() >= MAX_WAITING => {
                self.close_client(conn, CloseReason::TooSlow);
            }
            RoomCommand::Join { access, reply } => {
                if let Some(conn) = self.admit(access, reply) {
                    loading.joined.push(conn);
                }
            }
            RoomCommand::Frame { conn, frame } if !loading.held_back.contains(&conn) => {
                if let [Inbound::SyncStep1(state_vector)] = frame.messages.as_slice() {
                    self.answer_from_snapshot(conn, state_vector, loading.whole_document.clone());
                } else {
                    loading.held_back.insert(conn);
                    loading.waiting.push_back(RoomCommand::Frame { conn, frame });
                }
            }
            other => loading.waiting.push_back(other),
        }
        self.loading = Some(loading);
    }

    /// Takes the built document, greets the clients that joined meanwhile, and handles what
    /// waited, in order. Sets `poisoned` if the document could not be built.
    pub(in crate::room) async fn finish_loading(&mut self, built: Result<Built, JoinError>) {
        let Some(Loading { entries, waiting, joined, .. }) = self.loading.take() else { return };
        match built {
            Ok(built) => self.take_built(built, &entries).await,
            Err(err) => {
                // The build panicked past its own recovery: nothing is safe to serve or store.
                tracing::error!(board = %self.key, ?err, "building the document failed");
                self.poisoned = true;
                return;
            }
        }
        for conn in joined {
            self.greet(conn);
        }
        for command in waiting {
            self.handle(command).await;
            if self.poisoned {
                return;
            }
        }
    }

    /// Answers a sync request with the stored snapshot, if the client may see the board.
    fn answer_from_snapshot(&mut self, conn: ConnId, state_vector: &StateVector, whole_document: Bytes) {
        let Some(client) = self.clients.get_mut(&conn) else { return };
        if !self.rules.admits(client.access) {
            self.close_client(conn, CloseReason::NotAllowed); // Removed since joining.
            return;
        }
        client.state_vector = state_vector.clone();
        self.deliveries.push(Delivery::To(conn, whole_document));
    }
}
