//! A room: one loaded document of a board, run by the board's task ([`crate::room::board`]).
//! It judges frames, stores, then fans out.
//!
//! The board hands a room its commands in batches: it applies them, appends the accepted
//! updates to the store in one call ([`Room::release`]), and only then releases the frames
//! the batch produced. A peer therefore never sees an update the store does not have, and a
//! busy room shares each store commit among many updates.
//! When the store is out of reach for a while (Redis restarting), the room holds the updates,
//! keeps serving its clients, and stores them once it can ([`persist`]).
//!
//! A client's update is judged before it touches the document ([`updates`]): refusing it
//! costs what the update costs, and needs neither the store nor a rebuild. A big board opened
//! cold is served from its stored snapshot while the room builds the document ([`loading`]);
//! stored updates that no longer apply are set aside ([`building`]). In Redis mode the room
//! also follows its document on other instances ([`remote`]). A room makes the server's
//! checked changes; the governed document's room reads the board's rules, which the board
//! hands to every room to enforce ([`govern`]). The content document's room takes restore points while people write
//! ([`points`]).

pub(super) mod building;
mod clients;
mod frames;
mod govern;
mod loading;
mod persist;
mod points;
mod remote;
mod updates;

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use std::time::Instant;

use bytes::Bytes;
use polyphony_shared::{CloseReason, DocName};
use tokio::sync::{mpsc, oneshot};
use yrs::StateVector;

use super::document::Document;
use super::presence::Presence;
use super::rules::SharedRules;
use super::writers::Writers;
use super::{ConnId, RoomCommand, RoomDeps, RoomHandle, RoomSettings};
use crate::access::Access;
use crate::replication::{Following, Replication};
use crate::store::{DocKey, Seq, Store, StoreError};

/// Refused updates one connection may send before it is closed (1008). An honest client
/// meets a refusal only in the moment a lock lands, and then drops its replica.
const MAX_REFUSALS: u32 = 10;
/// Frames queued for one client before it counts as lagging. Frames are shared `Bytes`,
/// so this bounds the number of pointers held, not copies of the data.
const OUTBOX_CAPACITY: usize = 512;

/// One connected client as the room sees it.
struct Client {
    /// Who it is and what it may do.
    access: Access,
    outbox: mpsc::Sender<Bytes>,
    /// Bytes queued in `outbox` and not yet written to the socket (the connection subtracts
    /// what it writes): a client that reads nothing holds at most about this much.
    queued_bytes: Arc<AtomicUsize>,
    kick: oneshot::Sender<CloseReason>,
    /// The state vector the client last announced; a resync sends everything after it.
    state_vector: StateVector,
    /// Set when a frame could not be queued: the client has missed frames since then.
    lagging_since: Option<Instant>,
    /// Updates of this client the room refused.
    refusals: u32,
}

/// Who a frame produced during a batch goes to.
enum Delivery {
    To(ConnId, Bytes),
    AllExcept(Option<ConnId>, Bytes),
}

/// The state of one loaded document.
pub(super) struct Room {
    key: DocKey,
    store: Arc<dyn Store>,
    /// Other instances serving this document (Redis mode), and the subscription to them.
    replication: Option<(Arc<dyn Replication>, Following)>,
    settings: RoomSettings,
    /// Counters every room adds to, for `/healthz` and `/metrics`.
    stats: Arc<super::RoomStats>,
    /// Counts the document as loaded while the room lives.
    _open: crate::metrics::Loaded,
    /// Where compactions run, so that shutdown waits for them.
    tasks: tokio_util::task::TaskTracker,
    document: Document,
    /// Set while a big document is still being built: its first clients get the stored
    /// entries meanwhile, and everything else waits until it is ready.
    loading: Option<loading::Loading>,
    presence: Presence,
    clients: HashMap<ConnId, Client>,
    next_conn: ConnId,
    /// The log position through which the document has every update; a snapshot taken
    /// now covers the log through here.
    covered: Seq,
    /// Updates logged since the last snapshot.
    logged_since_snapshot: u64,
    /// Bytes the document takes in the store (its snapshot and log): what the board's
    /// budget ([`RoomSettings::max_document_bytes`]) counts.
    stored_bytes: u64,
    /// A compaction running off the room's task, if any ([`persist`]).
    compacting: Option<persist::Compaction>,
    /// Updates applied in this batch but not stored yet.
    unstored: Vec<Bytes>,
    /// When the batch's first client update reached the room, for the fan-out latency.
    updates_since: Option<Instant>,
    /// Updates already sent to clients that the store could not take yet; retried each tick.
    held: Vec<Bytes>,
    /// Frames produced in this batch, released once `unstored` is stored.
    deliveries: Vec<Delivery>,
    /// Answers to sync requests while the document has not changed, by encoded state vector:
    /// many clients asking at once for the same thing cost one diff.
    sync_answers: HashMap<Vec<u8>, Bytes>,
    /// The board's rules, as the board last handed them ([`Room::enforce_rules`]).
    rules: SharedRules,
    /// Set when the document changed: the governed document's rules are to be read again.
    rules_stale: bool,
    /// Set when the document could not be built or rebuilt: it may be wrong, so the room
    /// must stop without sending or storing anything more.
    poisoned: bool,
    empty_since: tokio::time::Instant,
    handle: RoomHandle,
    /// Who owns each client id (the content document's room only).
    writers: Option<Writers>,
    /// When the next restore point is due (the content document's room only).
    points: Option<points::PointClock>,
}

/// Why a board's task stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::room) enum Exit {
    Idle,
    Shutdown,
    StoreFailed,
    /// The board was deleted: nothing is stored, and clients are told not to come back.
    Deleted,
}

impl Exit {
    /// How a board whose storing failed with `err` stops.
    pub(in crate::room) fn after_store_error(err: &StoreError) -> Exit {
        match err {
            StoreError::BoardGone(_) => Exit::Deleted,
            _ => Exit::StoreFailed,
        }
    }
}

impl Room {
    /// Loads a document from the store into a new room. A big content document is still
    /// being built when this returns; the room serves its first clients meanwhile ([`loading`]).
    pub(in crate::room) async fn load(
        key: DocKey,
        deps: RoomDeps,
        handle: RoomHandle,
        rules: SharedRules,
    ) -> Result<Box<Room>, StoreError> {
        let RoomDeps { store, replication, settings, stats, tasks, signer, .. } = deps;
        let open = stats.metrics.document_opened();
        let writers = key.doc.clients_write().then(|| Writers::new(key.board, signer));
        let stored = persist::StoredEntries::read(store.as_ref(), key).await?;
        let max_text_len = settings.max_text_len;
        let (document, loading, built) = if loading::serves_while_building(key, &stored) {
            let building = stored.build_in_background(key, max_text_len);
            (Document::new(key.doc, max_text_len), Some(loading::Loading::new(building, &stored)), None)
        } else {
            let built = stored.build(key, max_text_len).await?;
            (Document::new(key.doc, max_text_len), None, Some(built))
        };
        let covered = stored.last_seq;
        let replication = replication.map(|replication| {
            let following = replication.follow(key, covered);
            (replication, following)
        });
        let mut room = Box::new(Room {
            key,
            store,
            replication,
            settings,
            stats,
            _open: open,
            tasks,
            document,
            loading,
            presence: Presence::new(),
            clients: HashMap::new(),
            next_conn: 1,
            covered,
            logged_since_snapshot: stored.logged,
            stored_bytes: stored.size() as u64,
            compacting: None,
            unstored: Vec::new(),
            updates_since: None,
            held: Vec::new(),
            deliveries: Vec::new(),
            sync_answers: HashMap::new(),
            rules,
            rules_stale: true,
            poisoned: false,
            empty_since: tokio::time::Instant::now(),
            handle,
            writers,
            points: (key.doc == DocName::Content).then(points::PointClock::new),
        });
        if let Some(built) = built {
            room.take_built(built, &stored.entries).await;
        }
        Ok(room)
    }

    /// Handles one command; while the document is built, only what needs no document.
    pub(in crate::room) async fn handle(&mut self, command: RoomCommand) {
        if self.loading.is_some() {
            self.handle_while_loading(command);
            return;
        }
        match command {
            RoomCommand::Join { access, reply } => self.join(access, reply),
            RoomCommand::Frame { conn, frame } => {
                if let Err(reason) = self.apply_frame(conn, *frame).await {
                    self.close_client(conn, reason);
                }
            }
            RoomCommand::Leave { conn } => self.remove_client(conn),
        }
    }

    /// Whether the document could not be built or rebuilt: it may be wrong, so the board
    /// must stop without sending or storing anything more.
    pub(in crate::room) fn is_poisoned(&self) -> bool {
        self.poisoned
    }

    /// Whether nobody has been connected for [`RoomSettings::idle_unload`] and nothing
    /// waits to be stored.
    pub(in crate::room) fn is_idle(&self) -> bool {
        self.clients.is_empty()
            && self.held.is_empty()
            && self.loading.is_none()
            && self.empty_since.elapsed() >= self.settings.idle_unload
    }

    /// When presence changes held back by their pace are due to go out, if any are.
    pub(in crate::room) fn presence_due(&self) -> Option<std::time::Instant> {
        self.presence.outgoing_due()
    }

    /// Sweeps presence, resyncs lagging clients, takes restore points, retries held
    /// updates and compacts.
    pub(in crate::room) async fn on_tick(&mut self) -> Result<(), StoreError> {
        if self.loading.is_some() {
            return Ok(()); // Nothing is applied or sent from the document yet.
        }
        let gone: Vec<ConnId> =
            self.clients.iter().filter(|(_, client)| client.outbox.is_closed()).map(|(conn, _)| *conn).collect();
        for conn in gone {
            self.remove_client(conn);
        }
        if let Some(removal) = self.presence.expire(self.settings.awareness_timeout) {
            self.deliveries.push(Delivery::AllExcept(None, Bytes::from(removal)));
        }
        self.resync_lagging();
        self.take_point_if_due();
        self.store_held().await?;
        self.finish_compaction();
        if self.logged_since_snapshot >= self.settings.compact_after_updates && self.held.is_empty() {
            self.start_compaction();
        }
        Ok(())
    }

    /// Stores what it can and closes every connection, as the board stops.
    pub(in crate::room) async fn stop(&mut self, exit: Exit) {
        if matches!(exit, Exit::Idle | Exit::Shutdown) {
            self.store_before_exit().await;
        }
        let reason = match exit {
            Exit::StoreFailed => CloseReason::InternalError,
            Exit::Deleted => CloseReason::BoardDeleted,
            Exit::Idle | Exit::Shutdown => CloseReason::GoingAway,
        };
        for (_, client) in self.clients.drain() {
            client.kick.send(reason).ok();
        }
        tracing::debug!(board = %self.key, ?exit, "board unloaded");
    }
}
