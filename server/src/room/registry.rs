//! The registry of running boards: starts a board's task on first use, forgets it when it stops.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use polyphony_shared::BoardId;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use super::board::Board;
use super::rules::SharedRules;
use super::{BoardHandle, DocWrite, GovernError, Joined, RoomDeps, RoomError, RoomGone, RoomSettings, RoomStats};
use crate::access::{Access, Signer};
use crate::replication::Replication;
use crate::store::{DocKey, Store};

/// Requests queued for one board before senders wait. Senders are the board's own sockets
/// and handlers, so a full queue slows down exactly the clients of the busy board.
const REQUEST_QUEUE: usize = 1024;
/// How often a request retries when the board it found was just stopping.
const ATTEMPTS: usize = 3;

/// Every loaded board's task. Cheap to clone.
#[derive(Clone)]
pub struct Rooms {
    inner: Arc<RoomsInner>,
}

struct RoomsInner {
    /// A std mutex: every critical section is a map lookup or insert, never held across `.await`.
    running: Mutex<Running>,
    deps: RoomDeps,
    shutdown: CancellationToken,
}

#[derive(Default)]
struct Running {
    boards: HashMap<BoardId, (BoardHandle, u64)>,
    /// Tells a stopped board's entry from its successor's, so the old one cannot remove the new.
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
        let stats = Arc::new(RoomStats::default());
        let deps = RoomDeps { store, replication, settings, stats, tasks, signer };
        Rooms { inner: Arc::new(RoomsInner { running: Mutex::default(), deps, shutdown }) }
    }

    /// Joins a document's room, loading the board and the document if need be.
    pub async fn join(&self, key: DocKey, access: Access) -> Result<Joined, RoomError> {
        self.ask(key.board, RoomError::ShuttingDown, RoomError::Unavailable, |board| async move {
            board.room(key.doc).join(access).await
        })
        .await?
    }

    /// The board's rules (the board is loaded if need be).
    pub async fn rules(&self, board: BoardId) -> Result<SharedRules, RoomError> {
        self.ask(board, RoomError::ShuttingDown, RoomError::Unavailable, |board| async move { board.rules().await })
            .await
    }

    /// Makes a checked change to the board's governed document and waits until it is stored.
    pub async fn govern(&self, board: BoardId, change: DocWrite) -> Result<(), GovernError> {
        self.write(DocKey { board, doc: polyphony_shared::DocName::Governed }, change).await
    }

    /// Makes a checked change to a server-written document and waits until it is stored.
    pub async fn write(&self, key: DocKey, change: DocWrite) -> Result<(), GovernError> {
        // A board that stopped before answering did not store the change, so trying again is safe.
        self.ask(key.board, GovernError::Unavailable, GovernError::Unavailable, |board| {
            let change = Arc::clone(&change);
            async move { board.room(key.doc).write(change).await }
        })
        .await?
    }

    /// Reads a document (loading it if need be) with the board's rules.
    pub async fn read<T: Send + 'static>(
        &self,
        key: DocKey,
        read: impl Fn(&yrs::Doc, &super::BoardRules) -> T + Send + Sync + Clone + 'static,
    ) -> Result<T, RoomError> {
        self.ask(key.board, RoomError::ShuttingDown, RoomError::Unavailable, |board| {
            let read = read.clone();
            async move { board.room(key.doc).read(read).await }
        })
        .await
    }

    /// Sends a request to the board's task, starting it if need be, and waits for the answer;
    /// tries again with a fresh task if the one it found stopped before answering.
    async fn ask<T, E, F>(
        &self,
        board: BoardId,
        shutting_down: E,
        unavailable: E,
        request: impl Fn(BoardHandle) -> F,
    ) -> Result<T, E>
    where
        F: Future<Output = Result<T, RoomGone>>,
    {
        for _ in 0..ATTEMPTS {
            if self.inner.shutdown.is_cancelled() {
                return Err(shutting_down);
            }
            let (handle, generation) = self.running_board(board);
            match request(handle).await {
                Ok(answer) => return Ok(answer),
                Err(RoomGone) => self.inner.forget(board, generation),
            }
        }
        Err(unavailable)
    }

    /// Whether a board is loaded (it therefore exists).
    pub fn is_loaded(&self, board: BoardId) -> bool {
        self.inner.lock().boards.contains_key(&board)
    }

    /// Stored updates set aside since the server started, because they no longer applied.
    pub fn quarantined(&self) -> u64 {
        self.inner.deps.stats.quarantined.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// How many boards are loaded in memory right now.
    pub fn loaded(&self) -> usize {
        self.inner.lock().boards.len()
    }

    fn running_board(&self, board: BoardId) -> (BoardHandle, u64) {
        let mut running = self.inner.lock();
        if let Some(entry) = running.boards.get(&board) {
            return entry.clone();
        }
        let generation = running.next_generation;
        running.next_generation += 1;
        let (requests, inbox) = mpsc::channel(REQUEST_QUEUE);
        let handle = BoardHandle { requests };
        running.boards.insert(board, (handle.clone(), generation));
        drop(running);

        let inner = Arc::clone(&self.inner);
        let board_handle = handle.clone();
        self.inner.deps.tasks.spawn(async move {
            // Boxed: the loading state would otherwise stay part of the task as long as the board runs.
            let loading = Box::pin(Board::load(board, inner.deps.clone(), board_handle));
            match loading.await {
                Ok(loaded) => loaded.run(inbox, inner.shutdown.clone()).await,
                Err(err) => tracing::error!(%board, ?err, "loading the board failed"),
            }
            inner.forget(board, generation);
        });
        (handle, generation)
    }
}

impl RoomsInner {
    fn lock(&self) -> std::sync::MutexGuard<'_, Running> {
        // A panic while holding this lock cannot leave the map half-updated, so poison is ignored.
        self.running.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn forget(&self, board: BoardId, generation: u64) {
        let mut running = self.lock();
        if running.boards.get(&board).is_some_and(|(_, current)| *current == generation) {
            running.boards.remove(&board);
        }
    }
}
