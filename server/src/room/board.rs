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
//! The board unloads once every room has been idle for a while; a room that cannot be
//! trusted any more (its document failed to build) or cannot store stops the whole board,
//! whose clients reconnect to a fresh one.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::Arc;
use std::task::Poll;
use std::time::Duration;

use polyphony_shared::{BoardId, DocName};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::actor::{Exit, Room};
use super::rules::SharedRules;
use super::{BoardHandle, BoardRequest, RoomCommand, RoomDeps};
use crate::replication::RemoteEvent;
use crate::store::{DocKey, StoreError};

/// How often the board sweeps presence, resyncs lagging clients, compacts, and checks idleness.
const BOARD_TICK: Duration = Duration::from_millis(500);
/// Most requests handled before the batch is stored and released.
const MAX_BATCH: usize = 512;

/// One loaded board: its rooms and its rules.
pub(super) struct Board {
    id: BoardId,
    deps: RoomDeps,
    /// The way back to this task, handed to the connections that join a room.
    handle: BoardHandle,
    rooms: HashMap<DocName, Box<Room>>,
    rules: SharedRules,
}

/// Something that happened to one of the board's rooms outside a request.
enum RoomEvent {
    Remote(Option<RemoteEvent>),
    Built(Result<super::actor::building::Built, tokio::task::JoinError>),
}

impl Board {
    /// Loads a board's governed document and the rules it makes.
    pub(super) async fn load(id: BoardId, deps: RoomDeps, handle: BoardHandle) -> Result<Board, StoreError> {
        let mut board = Board { id, deps, handle, rooms: HashMap::new(), rules: SharedRules::default() };
        board.open(DocName::Governed).await?;
        board.refresh_rules();
        Ok(board)
    }

    /// Runs until the board is idle, the server shuts down, or a room fails.
    pub(super) async fn run(mut self, mut requests: mpsc::Receiver<BoardRequest>, shutdown: CancellationToken) {
        let mut tick = tokio::time::interval(BOARD_TICK);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let exit = loop {
            tokio::select! {
                request = requests.recv() => {
                    let Some(request) = request else { break Exit::Shutdown };
                    // Boxed, as are the other rare or bulky steps below: the task's own
                    // future is then small, which is most of what an idle board costs.
                    Box::pin(self.handle_batch(request, &mut requests)).await;
                }
                (doc, event) = self.next_room_event() => match event {
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
                        tracing::error!(board = %self.id, ?err, "storing held updates failed; closing the board's connections");
                        break Exit::StoreFailed;
                    }
                    if self.rooms.values().all(|room| room.is_idle()) {
                        break Exit::Idle;
                    }
                }
                () = shutdown.cancelled() => break Exit::Shutdown,
            }
            self.refresh_rules();
            if self.rooms.values().any(|room| room.is_poisoned()) {
                tracing::error!(board = %self.id, "a document could not be built; closing the board's connections");
                break Exit::StoreFailed;
            }
            if let Err(err) = self.release().await {
                tracing::error!(board = %self.id, ?err, "storing updates failed; closing the board's connections");
                break Exit::StoreFailed;
            }
        };
        // Requests queued behind the exit get no answer and retry with a fresh board.
        requests.close();
        for room in self.rooms.values_mut() {
            Box::pin(room.stop(exit)).await;
        }
        tracing::debug!(board = %self.id, ?exit, "board unloaded");
    }

    /// Handles `first` and whatever else is queued, up to [`MAX_BATCH`] requests.
    async fn handle_batch(&mut self, first: BoardRequest, requests: &mut mpsc::Receiver<BoardRequest>) {
        self.handle(first).await;
        for _ in 1..MAX_BATCH {
            let Ok(request) = requests.try_recv() else { break };
            self.handle(request).await;
        }
    }

    async fn handle(&mut self, request: BoardRequest) {
        match request {
            BoardRequest::Doc { doc, command } => {
                let loaded = matches!(command, RoomCommand::Frame { .. } | RoomCommand::Leave { .. });
                let room = if loaded { self.rooms.get_mut(&doc) } else { self.open(doc).await.ok() };
                match room {
                    Some(room) => room.handle(command).await,
                    None => command.unavailable(),
                }
            }
            BoardRequest::Rules { reply } => {
                reply.send(Arc::clone(&self.rules)).ok();
            }
        }
        self.refresh_rules();
    }

    /// The room of `doc`, loaded from the store if it is not yet.
    async fn open(&mut self, doc: DocName) -> Result<&mut Box<Room>, StoreError> {
        match self.rooms.entry(doc) {
            Entry::Occupied(room) => Ok(room.into_mut()),
            Entry::Vacant(vacant) => {
                let key = DocKey { board: self.id, doc };
                let room = Room::load(key, self.deps.clone(), self.handle.room(doc), Arc::clone(&self.rules)).await;
                let room = room.inspect_err(|err| tracing::error!(%key, ?err, "loading a document failed"))?;
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
        for room in self.rooms.values_mut() {
            room.on_tick().await?;
        }
        Ok(())
    }

    /// Stores each room's changes, then releases its frames and answers.
    async fn release(&mut self) -> Result<(), StoreError> {
        for room in self.rooms.values_mut() {
            room.release().await?;
        }
        Ok(())
    }
}
