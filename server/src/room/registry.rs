//! The registry of running rooms: starts a room on the first join, forgets it when it stops.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use polyphony_shared::{BoardId, DocName};
use tokio::sync::{mpsc, watch};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use super::actor::Room;
use super::rules::{RulesLink, SharedRules};
use super::{DocWrite, GovernError, Joined, RoomDeps, RoomError, RoomHandle, RoomSettings, RoomStats};
use crate::access::{Access, Signer};
use crate::replication::Replication;
use crate::store::{DocKey, Store};

/// Commands queued for one room before senders wait. Senders are the room's own sockets,
/// so a full queue slows down exactly the clients of the busy room.
const COMMAND_QUEUE: usize = 1024;
/// How often a join retries when the room it found was just stopping.
const JOIN_ATTEMPTS: usize = 3;

/// Every loaded document's room. Cheap to clone.
#[derive(Clone)]
pub struct Rooms {
    inner: Arc<RoomsInner>,
}

struct RoomsInner {
    /// A std mutex: every critical section is a map lookup or insert, never held across `.await`.
    running: Mutex<Running>,
    store: Arc<dyn Store>,
    replication: Option<Arc<dyn Replication>>,
    settings: RoomSettings,
    shutdown: CancellationToken,
    tasks: TaskTracker,
    stats: Arc<RoomStats>,
    signer: Signer,
}

#[derive(Default)]
struct Running {
    rooms: HashMap<DocKey, (RoomHandle, u64)>,
    /// Per board, the rules its governed room publishes and its other rooms follow. Kept
    /// while any room of the board holds a receiver, so a governed room that restarts
    /// publishes to the rooms that were already following.
    rules: HashMap<BoardId, Arc<watch::Sender<SharedRules>>>,
    /// Tells a stopped room's entry from its successor's, so the old one cannot remove the new.
    next_generation: u64,
}

impl Rooms {
    /// An empty registry. Rooms stop when `shutdown` is cancelled; `tasks` tracks them.
    /// With `replication`, rooms follow their documents on other instances.
    pub fn new(
        store: Arc<dyn Store>,
        replication: Option<Arc<dyn Replication>>,
        settings: RoomSettings,
        shutdown: CancellationToken,
        tasks: TaskTracker,
        signer: Signer,
    ) -> Self {
        let running = Mutex::new(Running::default());
        let stats = Arc::new(RoomStats::default());
        let inner = RoomsInner { running, store, replication, settings, shutdown, tasks, stats, signer };
        Rooms { inner: Arc::new(inner) }
    }

    /// Joins a document's room, loading the document if no room is running for it.
    pub async fn join(&self, key: DocKey, access: Access) -> Result<Joined, RoomError> {
        for _ in 0..JOIN_ATTEMPTS {
            if self.inner.shutdown.is_cancelled() {
                return Err(RoomError::ShuttingDown);
            }
            let (handle, generation) = self.running_room(key);
            match handle.join(access).await {
                Ok(joined) => return joined,
                Err(_) => self.inner.forget(key, generation),
            }
        }
        Err(RoomError::Unavailable)
    }

    /// The board's rules, from its governed document's room (started if need be).
    pub async fn rules(&self, board: BoardId) -> Result<SharedRules, RoomError> {
        let key = DocKey { board, doc: DocName::Governed };
        for _ in 0..JOIN_ATTEMPTS {
            if self.inner.shutdown.is_cancelled() {
                return Err(RoomError::ShuttingDown);
            }
            let (handle, generation) = self.running_room(key);
            match handle.rules().await {
                Ok(rules) => return Ok(rules),
                Err(_) => self.inner.forget(key, generation),
            }
        }
        Err(RoomError::Unavailable)
    }

    /// Makes a checked change to the board's governed document and waits until it is stored.
    pub async fn govern(&self, board: BoardId, change: DocWrite) -> Result<(), GovernError> {
        self.write(DocKey { board, doc: DocName::Governed }, change).await
    }

    /// Makes a checked change to a server-written document and waits until it is stored.
    pub async fn write(&self, key: DocKey, change: DocWrite) -> Result<(), GovernError> {
        for _ in 0..JOIN_ATTEMPTS {
            if self.inner.shutdown.is_cancelled() {
                return Err(GovernError::Unavailable);
            }
            let (handle, generation) = self.running_room(key);
            match handle.write(Arc::clone(&change)).await {
                Ok(done) => return done,
                // Stopped before answering: the change was not stored, so trying again is safe.
                Err(_) => self.inner.forget(key, generation),
            }
        }
        Err(GovernError::Unavailable)
    }

    /// Reads a document (loading it if need be) with the board's rules.
    pub async fn read<T: Send + 'static>(
        &self,
        key: DocKey,
        read: impl Fn(&yrs::Doc, &super::BoardRules) -> T + Send + Sync + Clone + 'static,
    ) -> Result<T, RoomError> {
        for _ in 0..JOIN_ATTEMPTS {
            if self.inner.shutdown.is_cancelled() {
                return Err(RoomError::ShuttingDown);
            }
            let (handle, generation) = self.running_room(key);
            match handle.read(read.clone()).await {
                Ok(value) => return Ok(value),
                Err(_) => self.inner.forget(key, generation),
            }
        }
        Err(RoomError::Unavailable)
    }

    /// Whether a document is loaded (its board therefore exists).
    pub fn is_loaded(&self, key: DocKey) -> bool {
        self.inner.lock().rooms.contains_key(&key)
    }

    /// Stored updates set aside since the server started, because they no longer applied.
    pub fn quarantined(&self) -> u64 {
        self.inner.stats.quarantined.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// How many documents are loaded in memory right now.
    pub fn loaded(&self) -> usize {
        self.inner.lock().rooms.len()
    }

    fn running_room(&self, key: DocKey) -> (RoomHandle, u64) {
        let mut running = self.inner.lock();
        if let Some(entry) = running.rooms.get(&key) {
            return entry.clone();
        }
        let generation = running.next_generation;
        running.next_generation += 1;
        let (commands, inbox) = mpsc::channel(COMMAND_QUEUE);
        let handle = RoomHandle { commands };
        running.rooms.insert(key, (handle.clone(), generation));
        let sender =
            running.rules.entry(key.board).or_insert_with(|| Arc::new(watch::Sender::new(SharedRules::default())));
        let rules = match key.doc {
            DocName::Governed => RulesLink::Publishes(Arc::clone(sender)),
            _ => RulesLink::Follows(sender.subscribe()),
        };
        drop(running);

        let inner = Arc::clone(&self.inner);
        let room_handle = handle.clone();
        self.inner.tasks.spawn(async move {
            let deps = RoomDeps {
                store: Arc::clone(&inner.store),
                replication: inner.replication.clone(),
                settings: inner.settings.clone(),
                stats: Arc::clone(&inner.stats),
                tasks: inner.tasks.clone(),
                signer: inner.signer.clone(),
            };
            // Boxed: the loading state would otherwise stay part of the task as long as the room runs.
            let loading = Box::pin(Room::load(key, deps, room_handle, rules));
            match loading.await {
                Ok(room) => room.run(inbox, inner.shutdown.clone()).await,
                Err(err) => tracing::error!(board = %key, ?err, "loading the board failed"),
            }
            inner.forget(key, generation);
        });
        (handle, generation)
    }
}

impl RoomsInner {
    fn lock(&self) -> std::sync::MutexGuard<'_, Running> {
        // A panic while holding this lock cannot leave the map half-updated, so poison is ignored.
        self.running.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn forget(&self, key: DocKey, generation: u64) {
        let mut running = self.lock();
        if running.rooms.get(&key).is_some_and(|(_, current)| *current == generation) {
            running.rooms.remove(&key);
        }
        let board_idle = !running.rooms.keys().any(|loaded| loaded.board == key.board);
        if board_idle {
            running.rules.remove(&key.board);
        }
    }
}
