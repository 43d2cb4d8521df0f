//! The registry of running boards: starts a board's task on first use, forgets it when it stops.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use polyphony_shared::drafts::Draft;
use polyphony_shared::governance::commands::FreshIds;
use polyphony_shared::history::PointPreview;
use polyphony_shared::voting::MyVotes;
use polyphony_shared::withheld::Withheld;
use polyphony_shared::{BoardId, BoardInfo, Command, Participant, RoundId};
use tokio::sync::{mpsc, oneshot};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use super::board::Board;
use super::rules::SharedRules;
use super::{
    BoardHandle, BoardRequest, CommandRequest, Done, GovernError, Joined, RoomDeps, RoomError, RoomGone, RoomSettings,
    RoomStats, Whose,
};
use crate::access::{Access, Signer};
use crate::replication::Replication;
use crate::store::{DocKey, Store, StoreError};

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
        clock: Arc<dyn crate::clock::Clock>,
    ) -> Self {
        let stats = Arc::new(RoomStats::default());
        let deps = RoomDeps { store, replication, settings, stats, tasks, signer, clock };
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
        self.ask(board, RoomError::ShuttingDown, RoomError::Unavailable, |board| async move {
            board.request(|reply| BoardRequest::Rules { reply }).await
        })
        .await
    }

    /// Carries out a client's command on its board; answers once its changes are stored.
    pub async fn command(
        &self,
        board: BoardId,
        access: Access,
        command: Command,
        now_ms: u64,
        fresh: FreshIds,
    ) -> Result<Done, GovernError> {
        // A board that stopped before answering did not store all of it; every command is
        // safe to carry out again.
        self.answer(board, |reply| {
            let command = Box::new(CommandRequest { access, command: command.clone(), now_ms, fresh });
            BoardRequest::Command { command, reply }
        })
        .await
    }

    /// Adds a participant who just joined the board; whether they wait in the lobby.
    pub async fn add_participant(&self, board: BoardId, participant: Participant) -> Result<bool, GovernError> {
        self.answer(board, |reply| BoardRequest::AddParticipant { participant: Box::new(participant.clone()), reply })
            .await
    }

    /// The sender's dots in a round and how many they have left.
    pub async fn my_votes(&self, board: BoardId, access: Access, round: RoundId) -> Result<MyVotes, GovernError> {
        self.answer(board, |reply| BoardRequest::MyVotes { access, round, reply }).await
    }

    /// The sender's own private cards.
    pub async fn my_drafts(&self, board: BoardId, access: Access) -> Result<Vec<Draft>, GovernError> {
        self.answer(board, |reply| BoardRequest::MyDrafts { access, reply }).await
    }

    /// The hidden cards' words the sender may read (a facilitator all, anyone else their own).
    pub async fn withheld(&self, board: BoardId, access: Access) -> Result<Vec<Withheld>, GovernError> {
        self.answer(board, |reply| BoardRequest::Withheld { access, reply }).await
    }

    /// The balance of voices as the sender may see it.
    pub async fn balance(
        &self,
        board: BoardId,
        access: Access,
    ) -> Result<polyphony_shared::balance::Balance, GovernError> {
        self.answer(board, |reply| BoardRequest::Balance { access, reply }).await
    }

    /// What a restore point holds, compared with the board now.
    pub async fn preview(&self, board: BoardId, point: u64) -> Result<PointPreview, GovernError> {
        self.answer(board, |reply| BoardRequest::Preview { point, reply }).await
    }

    /// A poll's answers as anonymous CSV.
    pub async fn poll_csv(
        &self,
        board: BoardId,
        activity: polyphony_shared::ids::ActivityId,
    ) -> Result<String, GovernError> {
        self.answer(board, |reply| BoardRequest::PollCsv { activity, reply }).await
    }

    /// An action plan as CSV.
    pub async fn actions_csv(
        &self,
        board: BoardId,
        activity: polyphony_shared::ids::ActivityId,
    ) -> Result<String, GovernError> {
        self.answer(board, |reply| BoardRequest::ActionsCsv { activity, reply }).await
    }

    /// The board's report: for a facilitator (`key` none), or at its public link (`key`,
    /// refused as not found unless it is the link shared now).
    pub async fn report(
        &self,
        board: BoardId,
        key: Option<String>,
    ) -> Result<polyphony_shared::report::Report, GovernError> {
        self.answer(board, |reply| BoardRequest::Report { key: key.clone(), reply }).await
    }

    /// An activity's cards as CSV.
    pub async fn cards_csv(
        &self,
        board: BoardId,
        activity: polyphony_shared::ids::ActivityId,
    ) -> Result<String, GovernError> {
        self.answer(board, |reply| BoardRequest::CardsCsv { activity, reply }).await
    }

    /// Every document of the board, whole, for a backup.
    pub async fn backup(&self, board: BoardId) -> Result<Vec<crate::room::DocState>, GovernError> {
        self.answer(board, |reply| BoardRequest::Backup { reply }).await
    }

    /// Deletes a board and every record of it. The store refuses any write for it from then
    /// on, so a room still running anywhere cannot bring part of it back; the board's task
    /// here stops without storing and closes its connections as deleted, and in Redis mode
    /// the other instances are told to do the same. The deleted board's metadata, or `None`
    /// if there was no such board.
    pub async fn delete(&self, board: BoardId) -> Result<Option<BoardInfo>, StoreError> {
        let deleted = self.inner.deps.store.delete_board(board).await?;
        let running = self.inner.lock().boards.get(&board).map(|(handle, _)| handle.clone());
        if let Some(handle) = running {
            // A task that stopped meanwhile has closed its connections already.
            handle.request(|reply| BoardRequest::Delete { reply }).await.ok();
        }
        Ok(deleted)
    }

    /// Erases the names of one participant or of everyone on the board, from its documents,
    /// their stored logs and its restore points; their contributions stay.
    pub async fn erase_names(&self, board: BoardId, whose: Whose) -> Result<(), GovernError> {
        self.answer(board, |reply| BoardRequest::EraseNames { whose, reply }).await
    }

    /// Sends a request whose answer may be a refusal.
    async fn answer<T>(
        &self,
        board: BoardId,
        make: impl Fn(oneshot::Sender<Result<T, GovernError>>) -> BoardRequest,
    ) -> Result<T, GovernError> {
        let make = &make;
        self.ask(board, GovernError::Unavailable, GovernError::Unavailable, |handle| async move {
            handle.request(make).await
        })
        .await?
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

    /// What `/metrics` exports, with the boards loaded now.
    pub fn metrics_text(&self) -> String {
        self.inner.deps.stats.metrics.render(self.loaded())
    }

    /// The server's metrics, to count with.
    pub fn metrics(&self) -> &crate::metrics::Metrics {
        &self.inner.deps.stats.metrics
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
                Err(StoreError::BoardGone(_)) => tracing::debug!(%board, "a request for a deleted board"),
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
