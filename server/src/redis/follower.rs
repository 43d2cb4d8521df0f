//! A follower: one task per loaded document that turns channel messages into gap-free
//! [`RemoteEvent`]s for the document's room.
//!
//! It keeps the log position through which the room has everything. A published update at
//! the next position is passed on at once; one further ahead means messages were missed, and
//! so does a [`BusMessage::Resync`]: then the follower reads the log from its position (or
//! the snapshot, if the log was compacted past it) before going on.

use std::time::Duration;

use bytes::Bytes;
use tokio::sync::mpsc;

use super::bus::BusMessage;
use super::store::{CatchUp, RedisStore};
use super::wire::{self, ChannelMessage};
use crate::replication::RemoteEvent;
use crate::store::{DocKey, Seq};

/// Pause before reading the log again after a failed read.
const RETRY: Duration = Duration::from_millis(500);

pub(super) struct Follower {
    key: DocKey,
    store: RedisStore,
    /// The log position through which the room has (or is about to get) everything.
    position: Seq,
    inbox: mpsc::Receiver<BusMessage>,
    room: mpsc::Sender<RemoteEvent>,
    /// Set while a log read failed: it is retried after [`RETRY`].
    behind: bool,
    /// Updates accepted from the channel but not yet sent to the room.
    batch: Vec<Bytes>,
    /// The position last sent to the room.
    reported: Seq,
    /// Counts how far behind it was each time it caught up.
    meter: crate::metrics::RedisMeter,
}

/// Most channel messages folded into one event for the room.
const MAX_BATCH: usize = 256;

impl Follower {
    /// A follower for a room whose document has the log through `position`.
    pub(super) fn new(
        key: DocKey,
        store: RedisStore,
        position: Seq,
        inbox: mpsc::Receiver<BusMessage>,
        room: mpsc::Sender<RemoteEvent>,
        meter: crate::metrics::RedisMeter,
    ) -> Self {
        Follower { key, store, position, inbox, room, behind: false, batch: Vec::new(), reported: position, meter }
    }

    /// Runs until the room stops following (its receiver is dropped) or the bus drops the inbox.
    pub(super) async fn run(mut self) {
        loop {
            let message = tokio::select! {
                message = self.inbox.recv() => message,
                () = tokio::time::sleep(RETRY), if self.behind => Some(BusMessage::Resync),
                () = self.room.closed() => return,
            };
            let Some(mut message) = message else { return };
            for _ in 0..MAX_BATCH {
                let handled = match message {
                    BusMessage::Resync => self.catch_up().await,
                    BusMessage::Published(payload) => self.on_published(&payload).await,
                };
                if handled.is_err() {
                    return;
                }
                match self.inbox.try_recv() {
                    Ok(next) => message = next,
                    Err(_) => break,
                }
            }
            if self.flush().await.is_err() {
                return;
            }
        }
    }
}

/// The room is gone; the follower ends.
struct Stop;

impl Follower {
    async fn on_published(&mut self, payload: &[u8]) -> Result<(), Stop> {
        match wire::decode(payload) {
            Some(ChannelMessage::Update { origin, seq, update }) => {
                if seq <= self.position {
                    return Ok(()); // Already read from the log.
                }
                if seq > self.position + 1 {
                    return self.catch_up().await;
                }
                self.position = seq;
                if origin != self.store.origin() {
                    self.batch.push(update);
                }
                Ok(())
            }
            Some(ChannelMessage::Awareness { origin, frame }) if origin != self.store.origin() => {
                // Presence may overtake batched updates: the two are independent.
                self.room.send(RemoteEvent::Awareness(frame)).await.map_err(|_| Stop)
            }
            Some(ChannelMessage::Awareness { .. }) => Ok(()),
            Some(ChannelMessage::Deleted) => self.room.send(RemoteEvent::Deleted).await.map_err(|_| Stop),
            None => {
                tracing::warn!(board = %self.key, "malformed message on the board's channel; ignored");
                Ok(())
            }
        }
    }

    async fn catch_up(&mut self) -> Result<(), Stop> {
        match self.store.read_after(self.key, self.position).await {
            Ok(caught_up) => self.apply(caught_up).await,
            Err(err) => {
                tracing::debug!(board = %self.key, ?err, "reading the log failed; retrying");
                self.behind = true;
                Ok(())
            }
        }
    }

    async fn apply(&mut self, caught_up: CatchUp) -> Result<(), Stop> {
        self.behind = false;
        self.meter.caught_up(caught_up.entries.len());
        let own = self.store.origin();
        let position = self.position;
        let updates =
            caught_up.entries.into_iter().filter(|entry| entry.seq > position && entry.origin != own.as_str());
        self.batch.extend(updates.map(|entry| entry.update));
        self.position = caught_up.through.max(self.position);
        if let Some(snapshot) = caught_up.snapshot {
            // The snapshot goes first; what was batched before it is in it or comes after it.
            let updates = std::mem::take(&mut self.batch);
            let event = RemoteEvent::Updates { snapshot: Some(snapshot), updates, through: self.position };
            self.reported = self.position;
            self.room.send(event).await.map_err(|_| Stop)?;
        }
        Ok(())
    }

    /// Sends the batched updates and the position they reach to the room.
    async fn flush(&mut self) -> Result<(), Stop> {
        if self.batch.is_empty() && self.position == self.reported {
            return Ok(());
        }
        self.reported = self.position;
        let updates = std::mem::take(&mut self.batch);
        let event = RemoteEvent::Updates { snapshot: None, updates, through: self.position };
        self.room.send(event).await.map_err(|_| Stop)
    }
}
