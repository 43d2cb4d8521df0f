//! The board's task: one per loaded board, owning all of its documents.
//!
//! The task takes requests ([`BoardRequest`]) in batches: every request already queued (up to
//! [`MAX_BATCH`]) goes to the room of its document, loaded on demand; then each room stores
//! what the batch changed and only then releases its frames and answers ([`Room::release`]).
//! The governed document is loaded first, since every other room needs the rules it makes:
//! after each request, and each update from another instance, the task reads the rules again
//! if the governed document changed and hands them to every room before the next request.
//! A lock is therefore in force before the command that set it is answered.
//!
//! A command ([`crate::commands`]) runs whole inside the task, across as many documents as
//! it needs, with nothing else in between: a reveal reads the ballots and writes the results
//! in one step. The code that does so is split by the data it works on: [`ballots`] (votes),
//! [`drafts`] (private cards), [`hiding`] (hidden cards' words), [`history`] (restore points
//! of the content).
//!
//! The board unloads once every room has been idle for a while; a room that cannot be
//! trusted any more (its document failed to build) or cannot store stops the whole board,
//! whose clients reconnect to a fresh one.

mod actions;
pub(crate) mod assisted;
mod backup;
pub(crate) mod balance;
pub(crate) mod ballots;
mod between_sessions;
pub(crate) mod cafe;
pub(crate) mod carry;
pub(crate) mod drafts;
pub(crate) mod ecomap;
pub(crate) mod erasure;
pub(crate) mod hiding;
pub(crate) mod history;
mod migration;
pub(crate) mod polls;
mod report;
mod requests;
#[cfg(test)]
mod tests;
mod usage;

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::Arc;
use std::task::Poll;
use std::time::Duration;

use polyphony_shared::governance::{Missing, Refusal};
use polyphony_shared::{BoardId, DocName};
use tokio::sync::{mpsc, oneshot};
use tokio_util::sync::CancellationToken;

use super::actor::{Exit, Room};
use super::rules::SharedRules;
use super::{BoardHandle, BoardRequest, RoomCommand, RoomDeps, RoomError};
use crate::replication::RemoteEvent;
use crate::store::{DocKey, StoreError};

/// How often the board sweeps presence, resyncs lagging clients, compacts, and checks idleness.
const BOARD_TICK: Duration = Duration::from_millis(500);
/// Most requests handled before the batch is stored and released.
const MAX_BATCH: usize = 512;

/// One loaded board: its rooms and its rules.
pub(crate) struct Board {
    id: BoardId,
    deps: RoomDeps,
    /// The way back to this task, handed to the connections that join a room.
    handle: BoardHandle,
    rooms: HashMap<DocName, Box<Room>>,
    rules: SharedRules,
    /// Answers to requests handled in this batch, sent once its changes are stored.
    answers: Vec<Answer>,
    /// The documents a request changed, in the order it first changed them: they are
    /// stored in this order, so a crash in between keeps what a later step relies on (a
    /// revealed card is stored before its draft is forgotten).
    changed: Vec<DocName>,
    /// Polls answered since the last tick, whose counts may need publishing.
    polls_answered: std::collections::BTreeSet<polyphony_shared::ids::ActivityId>,
    /// Set when the board is to be deleted: it stops after this batch without storing
    /// anything, then answers here.
    deleting: Option<oneshot::Sender<()>>,
    /// When this task last noted that someone uses the board ([`crate::store::Store::touch`]).
    touched: Option<tokio::time::Instant>,
}

/// An answer waiting for the batch to be stored.
type Answer = Box<dyn FnOnce() + Send>;

/// Whether a batch of requests may go on after a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Batch {
    GoesOn,
    Ends,
}

/// Something that happened to one of the board's rooms outside a request.
enum RoomEvent {
    Remote(Option<RemoteEvent>),
    Built(Result<super::actor::building::Built, tokio::task::JoinError>),
}

impl Board {
    /// Loads a board's governed document and the rules it makes.
    pub(super) async fn load(id: BoardId, deps: RoomDeps, handle: BoardHandle) -> Result<Board, StoreError> {
        // A deleted board (or one never made) is not brought back by a late request.
        if deps.store.board(id).await?.is_none() {
            return Err(StoreError::BoardGone(id));
        }
        let rooms = HashMap::new();
        let mut board = Board {
            id,
            deps,
            handle,
            rooms,
            rules: SharedRules::default(),
            answers: Vec::new(),
            changed: Vec::new(),
            polls_answered: std::collections::BTreeSet::new(),
            deleting: None,
            touched: None,
        };
        board.open(DocName::Governed).await?;
        board.migrate().await;
        board.refresh_rules();
        board.close_due_activities().await;
        Ok(board)
    }

    /// Runs until the board is idle, the server shuts down, or a room fails.
    pub(super) async fn run(mut self, mut requests: mpsc::Receiver<BoardRequest>, shutdown: CancellationToken) {
        let mut tick = tokio::time::interval(BOARD_TICK);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let exit = loop {
            // Presence held back by its pace wakes the board when due; the release after the
            // select sends it.
            let presence_due = self.rooms.values().filter_map(|room| room.presence_due()).min();
            let presence_wake = tokio::time::Instant::from_std(
                presence_due.unwrap_or_else(|| std::time::Instant::now() + Duration::from_secs(3600)),
            );
            tokio::select! {
                request = requests.recv() => {
                    let Some(request) = request else { break Exit::Shutdown };
                    // Boxed, as are the other rare or bulky steps below: the task's own
                    // future is then small, which is most of what an idle board costs.
                    if let Err(err) = Box::pin(self.handle_batch(request, &mut requests)).await {
                        break self.exit_after(&err);
                    }
                    if self.deleting.is_some() {
                        break Exit::Deleted;
                    }
                }
                (doc, event) = self.next_room_event() => match event {
                    RoomEvent::Remote(Some(RemoteEvent::Deleted)) => break Exit::Deleted,
                    RoomEvent::Remote(Some(event)) => {
                        if let Some(room) = self.rooms.get_mut(&doc) {
                            room.apply_remote(event);
                        }
                    }
                    RoomEvent::Remote(None) => break Exit::Shutdown,
                    RoomEvent::Built(built) => {
                        if let Some(room) = self.rooms.get_mut(&doc) {
                            Box::pin(room.finish_loading(built)).await;
                        }
                    }
                },
                _ = tick.tick() => {
                    if let Err(err) = Box::pin(self.on_tick()).await {
                        break self.exit_after(&err);
                    }
                    if self.rooms.values().all(|room| room.is_idle()) {
                        break Exit::Idle;
                    }
                }
                () = tokio::time::sleep_until(presence_wake), if presence_due.is_some() => {}
                () = shutdown.cancelled() => break Exit::Shutdown,
            }
            self.refresh_rules();
            if self.rooms.values().any(|room| room.is_poisoned()) {
                tracing::error!(board = %self.id, "a document could not be built; closing the board's connections");
                break Exit::StoreFailed;
            }
            if let Err(err) = self.release().await {
                break self.exit_after(&err);
            }
        };
        // Requests queued behind the exit get no answer and retry with a fresh board.
        requests.close();
        for room in self.rooms.values_mut() {
            Box::pin(room.stop(exit)).await;
        }
        if let Some(reply) = self.deleting.take() {
            reply.send(()).ok();
        }
        tracing::debug!(board = %self.id, ?exit, "board unloaded");
    }

    /// How the board stops after storing failed: deleted boards quietly, others with an error.
    fn exit_after(&self, err: &StoreError) -> Exit {
        let exit = Exit::after_store_error(err);
        if exit == Exit::Deleted {
            tracing::info!(board = %self.id, "the board was deleted; closing its connections");
        } else {
            tracing::error!(board = %self.id, ?err, "storing updates failed; closing the board's connections");
        }
        exit
    }

    /// Handles `first` and whatever else is queued, up to [`MAX_BATCH`] requests. A command
    /// that changes several documents is stored on its own, in the order it changed them:
    /// what the batch changed before it is stored first, and the batch ends after it.
    async fn handle_batch(
        &mut self,
        first: BoardRequest,
        requests: &mut mpsc::Receiver<BoardRequest>,
    ) -> Result<(), StoreError> {
        if self.handle(first).await? == Batch::Ends {
            return Ok(());
        }
        for _ in 1..MAX_BATCH {
            if self.deleting.is_some() {
                break;
            }
            let Ok(request) = requests.try_recv() else { break };
            if self.handle(request).await? == Batch::Ends {
                break;
            }
        }
        Ok(())
    }

    async fn handle(&mut self, request: BoardRequest) -> Result<Batch, StoreError> {
        let batch = match &request {
            BoardRequest::Command { command, .. } if crate::commands::changes_several_documents(&command.command) => {
                if !self.changed.is_empty() {
                    self.release().await?;
                }
                Batch::Ends
            }
            _ => Batch::GoesOn,
        };
        match request {
            // An activity not on the agenda (or a café table it does not have) is refused
            // before anything is loaded for it, so made-up ids cannot fill the board with
            // empty rooms.
            BoardRequest::Doc { doc, command: RoomCommand::Join { access, reply } } => {
                if let Some(missing) = self.unknown_document(doc) {
                    reply.send(Err(RoomError::Refused(Refusal::NotFound(missing)))).ok();
                } else {
                    self.note_use();
                    match self.open(doc).await {
                        Ok(room) => room.handle(RoomCommand::Join { access, reply }).await,
                        Err(_) => {
                            reply.send(Err(RoomError::Unavailable)).ok();
                        }
                    }
                }
            }
            BoardRequest::Doc { doc, command } => {
                // Frames and leaves come from connections that joined, so the room is loaded.
                if let Some(room) = self.rooms.get_mut(&doc) {
                    room.handle(command).await;
                }
            }
            BoardRequest::Rules { reply } => {
                reply.send(Arc::clone(&self.rules)).ok();
            }
            request => Box::pin(self.answer_request(request)).await,
        }
        self.refresh_rules();
        Ok(batch)
    }

    /// What a document names that this board does not have: an activity not on the agenda,
    /// a table its café does not have.
    fn unknown_document(&self, doc: DocName) -> Option<Missing> {
        match doc {
            DocName::Activity(id) => (!self.rules.activities.contains_key(&id)).then_some(Missing::Activity),
            DocName::Table { cafe, table } => match self.rules.cafes.get(&cafe) {
                None if !self.rules.activities.contains_key(&cafe) => Some(Missing::Activity),
                Some(seats) if usize::from(table) < seats.tables => None,
                _ => Some(Missing::Table),
            },
            DocName::Content | DocName::Governed | DocName::Ballots | DocName::Drafts => None,
        }
    }

    /// Sends `answer` on `reply` once this batch's changes are stored.
    fn answer_later<T: Send + 'static>(&mut self, reply: oneshot::Sender<T>, answer: T) {
        self.answers.push(Box::new(move || {
            reply.send(answer).ok();
        }));
    }

    /// The room of `doc`, loaded from the store if it is not yet.
    async fn open(&mut self, doc: DocName) -> Result<&mut Box<Room>, StoreError> {
        match self.rooms.entry(doc) {
            Entry::Occupied(room) => Ok(room.into_mut()),
            Entry::Vacant(vacant) => {
                let key = DocKey { board: self.id, doc };
                let room = Room::load(key, self.deps.clone(), self.handle.room(doc), Arc::clone(&self.rules)).await;
                let mut room = room.inspect_err(|err| tracing::error!(%key, ?err, "loading a document failed"))?;
                // An activity's document starts, like every board document, with its schema.
                if matches!(doc, DocName::Activity(_) | DocName::Table { .. })
                    && migration::seed_if_new(&mut room).await
                {
                    self.changed.push(doc);
                }
                Ok(vacant.insert(room))
            }
        }
    }

    /// Reads the rules again if the governed document changed, and hands them to every room.
    fn refresh_rules(&mut self) {
        let Some(fresh) = self.rooms.get_mut(&DocName::Governed).and_then(|governed| governed.fresh_rules()) else {
            return;
        };
        if *self.rules == fresh {
            return;
        }
        self.rules = Arc::new(fresh);
        for room in self.rooms.values_mut() {
            room.enforce_rules(&self.rules);
        }
    }

    /// The next event of any room: an update from another instance, or a finished build.
    async fn next_room_event(&mut self) -> (DocName, RoomEvent) {
        std::future::poll_fn(|cx| {
            for (doc, room) in &mut self.rooms {
                if let Poll::Ready(event) = room.poll_remote(cx) {
                    return Poll::Ready((*doc, RoomEvent::Remote(event)));
                }
                if let Poll::Ready(built) = room.poll_built(cx) {
                    return Poll::Ready((*doc, RoomEvent::Built(built)));
                }
            }
            Poll::Pending
        })
        .await
    }

    async fn on_tick(&mut self) -> Result<(), StoreError> {
        self.close_due_activities().await;
        let answered: Vec<_> = std::mem::take(&mut self.polls_answered).into_iter().collect();
        if !answered.is_empty()
            && let Err(err) = polls::publish(self, answered).await
        {
            tracing::error!(board = %self.id, ?err, "publishing poll counts failed");
        }
        for room in self.rooms.values_mut() {
            room.on_tick().await?;
        }
        Ok(())
    }

    /// Stores each room's changes and releases its frames, then answers the batch's requests.
    /// The rooms a request changed go first, in the order it changed them.
    async fn release(&mut self) -> Result<(), StoreError> {
        let changed = std::mem::take(&mut self.changed);
        for doc in &changed {
            if let Some(room) = self.rooms.get_mut(doc) {
                room.release().await?;
            }
        }
        for (doc, room) in &mut self.rooms {
            if !changed.contains(doc) {
                room.release().await?;
            }
        }
        for answer in self.answers.drain(..) {
            answer();
        }
        Ok(())
    }
}
