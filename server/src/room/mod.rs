//! Rooms: one actor task per loaded board document.
//!
//! A room owns its yrs document and the presence (awareness) of everyone connected. Sockets
//! never touch the document: they decode frames ([`ClientFrame`]) and send them to the room
//! through a [`RoomHandle`]; the room applies them, stores accepted updates, and only then
//! fans them out. Each connection gets a bounded outbox; a connection that cannot keep up
//! is resynced from its state vector or closed, and never holds back the room.
//!
//! # Layout
//! - [`registry`]: [`Rooms`], which maps a document to its running room and starts rooms on demand.
//! - [`actor`]: the room task itself.
//! - [`inbound`]: decoding a client frame into room-ready messages.
//! - [`presence`]: awareness entries, who owns them, and their expiry.

mod actor;
pub mod inbound;
mod presence;
pub mod registry;

use std::time::Duration;

use bytes::Bytes;
use polyphony_shared::CloseReason;
use tokio::sync::{mpsc, oneshot};

pub use inbound::ClientFrame;
pub use registry::Rooms;

/// A connection's number within its room.
pub type ConnId = u64;

/// Timing and sizing of rooms, taken from the server [`crate::config::Config`].
#[derive(Debug, Clone)]
pub struct RoomSettings {
    /// How long a room with nobody connected stays loaded.
    pub idle_unload: Duration,
    /// How long a silent client's awareness entries live.
    pub awareness_timeout: Duration,
    /// How long a lagging client may stay behind before it is closed.
    pub client_timeout: Duration,
    /// Logged updates after which the log is folded into a snapshot.
    pub compact_after_updates: u64,
}

/// A message to a room task. Closed set: this is the room's whole API.
pub enum RoomCommand {
    /// A new connection; the room answers with its outbox.
    Join { reply: oneshot::Sender<Joined> },
    /// A decoded frame from a connection.
    Frame { conn: ConnId, frame: ClientFrame },
    /// The connection ended.
    Leave { conn: ConnId },
}

/// What a connection gets when it joins a room.
pub struct Joined {
    /// The connection's number, to put on every command it sends.
    pub conn: ConnId,
    /// Frames to send to the client, in order.
    pub outbox: mpsc::Receiver<Bytes>,
    /// Fires when the room closes this connection, with the reason to send.
    pub kicked: oneshot::Receiver<CloseReason>,
    /// The room, to send frames to.
    pub room: RoomHandle,
}

/// Why a connection could not join a room.
#[derive(Debug, thiserror::Error)]
pub enum RoomError {
    /// The room could not be started (its document failed to load) or kept stopping.
    #[error("board is unavailable")]
    Unavailable,
    /// The server is shutting down and starts no new rooms.
    #[error("server is shutting down")]
    ShuttingDown,
}

/// The cloneable way to talk to a room task.
#[derive(Clone)]
pub struct RoomHandle {
    commands: mpsc::Sender<RoomCommand>,
}

/// The room's task has ended; the caller may retry with a fresh room.
#[derive(Debug)]
pub(crate) struct RoomGone;

impl RoomHandle {
    pub(crate) async fn join(&self) -> Result<Joined, RoomGone> {
        let (reply, joined) = oneshot::channel();
        self.commands.send(RoomCommand::Join { reply }).await.map_err(|_| RoomGone)?;
        joined.await.map_err(|_| RoomGone)
    }

    /// Hands a decoded frame to the room; waits while the room's queue is full (backpressure).
    pub async fn frame(&self, conn: ConnId, frame: ClientFrame) -> Result<(), RoomGoneError> {
        self.commands.send(RoomCommand::Frame { conn, frame }).await.map_err(|_| RoomGoneError)
    }

    /// Tells the room that a connection ended.
    pub async fn leave(&self, conn: ConnId) {
        // A room that is gone has forgotten the connection already.
        self.commands.send(RoomCommand::Leave { conn }).await.ok();
    }
}

/// The room stopped while a connection was still sending to it.
#[derive(Debug, thiserror::Error)]
#[error("room has stopped")]
pub struct RoomGoneError;
