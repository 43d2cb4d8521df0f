//! Boards and their rooms: one actor task per loaded board, owning all of its documents.
//!
//! A board's task ([`board`]) owns one room per loaded document (content, governed, ballots,
//! drafts, and any later ones), loads each on demand, derives the board's rules from the
//! governed document, and unloads the whole board once nobody is connected. A room is one
//! document and the presence (awareness) of everyone connected to it. Sockets never touch a
//! document: they decode frames ([`ClientFrame`]) and send them to the board through a
//! [`RoomHandle`] (one hop); the room applies them, stores accepted updates, and only then
//! fans them out. Each connection gets a bounded outbox; a connection that cannot keep up
//! is resynced from its state vector or closed, and never holds back the board.
//!
//! # Layout
//! - [`registry`]: [`Rooms`], which maps a board to its running task and starts it on demand.
//! - [`board`]: the board's task: its requests, its rooms, its rules, its idleness.
//! - [`actor`]: one room, the state of one loaded document, split by what it works on.
//! - [`document`]: the room's yrs document and the ledger that judges updates before they apply.
//! - [`inbound`]: checking and decoding a client frame into room-ready messages.
//! - [`presence`]: awareness entries, who owns them, and their expiry.
//! - [`rules`]: what the governed document decides, enforced by every room of a board.
//! - [`writers`]: which participant owns each yrs client id of the content.

mod actor;
pub(crate) mod board;
pub mod document;
pub mod inbound;
pub(crate) mod presence;
pub mod presence_stamp;
pub mod registry;
pub mod rules;
pub mod writers;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize};
use std::time::Duration;

use bytes::Bytes;
use polyphony_shared::drafts::Draft;
use polyphony_shared::history::PointPreview;
use polyphony_shared::voting::MyVotes;
use polyphony_shared::withheld::Withheld;
use polyphony_shared::{CloseReason, Command, DocName, Participant, RoundId};
use tokio::sync::{mpsc, oneshot};

use crate::access::Access;
pub use board::erasure::Whose;
pub use inbound::ClientFrame;
pub use registry::Rooms;
pub use rules::{BoardRules, SharedRules};

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
    /// Longest a text may grow, in UTF-16 units (characters, for most scripts).
    pub max_text_len: u64,
    /// Most bytes one document may take in the store; updates beyond it are refused.
    pub max_document_bytes: u64,
    /// Restore points of the content: how often while people write, how many kept.
    pub points: crate::history::PointSettings,
}

/// Counters every room adds to, read by `/healthz`.
#[derive(Debug, Default)]
pub struct RoomStats {
    /// Stored updates set aside because they no longer apply to their document.
    pub quarantined: AtomicU64,
    /// What `/metrics` exports.
    pub metrics: crate::metrics::Metrics,
}

/// What a board and its rooms need from the server besides their keys.
#[derive(Clone)]
pub(crate) struct RoomDeps {
    pub(crate) store: Arc<dyn crate::store::Store>,
    pub(crate) replication: Option<Arc<dyn crate::replication::Replication>>,
    pub(crate) settings: RoomSettings,
    pub(crate) stats: Arc<RoomStats>,
    /// Tracks the work a room starts beside itself (compactions), so shutdown waits for it
    /// and the store is closed only after.
    pub(crate) tasks: tokio_util::task::TaskTracker,
    /// Seals the content's client ids to their writers ([`writers`]).
    pub(crate) signer: crate::access::Signer,
    /// The wall clock: activities open between sessions close when their date comes.
    pub(crate) clock: Arc<dyn crate::clock::Clock>,
}

/// A message to a board's task. Closed set: this is the board's whole API. Requests with
/// a reply are answered once what they changed is stored.
pub(crate) enum BoardRequest {
    /// For one of the board's documents, loaded first if need be.
    Doc {
        /// The document.
        doc: DocName,
        /// What to do with it.
        command: RoomCommand,
    },
    /// The board's rules as they are now.
    Rules { reply: oneshot::Sender<SharedRules> },
    /// A client's command, checked and carried out at once ([`crate::commands`]). Boxed, so
    /// that requests stay small (see [`RoomCommand::Frame`]).
    Command { command: Box<CommandRequest>, reply: oneshot::Sender<Result<Done, GovernError>> },
    /// Adds a participant who just joined, unless they would pass for a facilitator.
    AddParticipant { participant: Box<Participant>, reply: oneshot::Sender<Result<bool, GovernError>> },
    /// The sender's dots in a round, and how many they have left.
    MyVotes { access: Access, round: RoundId, reply: oneshot::Sender<Result<MyVotes, GovernError>> },
    /// The sender's own private cards.
    MyDrafts { access: Access, reply: oneshot::Sender<Result<Vec<Draft>, GovernError>> },
    /// The hidden cards' words the sender may read.
    Withheld { access: Access, reply: oneshot::Sender<Result<Vec<Withheld>, GovernError>> },
    /// The balance of voices as the sender may see it.
    Balance { access: Access, reply: oneshot::Sender<Result<polyphony_shared::balance::Balance, GovernError>> },
    /// What a restore point holds, compared with the board now.
    Preview { point: u64, reply: oneshot::Sender<Result<PointPreview, GovernError>> },
    /// A poll's answers as anonymous CSV.
    PollCsv { activity: polyphony_shared::ids::ActivityId, reply: oneshot::Sender<Result<String, GovernError>> },
    /// An action plan as CSV.
    ActionsCsv { activity: polyphony_shared::ids::ActivityId, reply: oneshot::Sender<Result<String, GovernError>> },
    /// An activity's cards as CSV.
    CardsCsv { activity: polyphony_shared::ids::ActivityId, reply: oneshot::Sender<Result<String, GovernError>> },
    /// Every document of the board, whole, for a backup.
    Backup { reply: oneshot::Sender<Result<Vec<DocState>, GovernError>> },
    /// The board's report, for a facilitator (no key) or at its public link (the link's key).
    Report { key: Option<String>, reply: oneshot::Sender<Result<polyphony_shared::report::Report, GovernError>> },
    /// Erase the names of one participant or everyone ([`board::erasure`]); answered once
    /// they are gone from the store.
    EraseNames { whose: Whose, reply: oneshot::Sender<Result<(), GovernError>> },
    /// Stop the board at once without storing anything, closing its connections as deleted;
    /// answered once every room has stopped.
    Delete { reply: oneshot::Sender<()> },
}

/// A command as the board's task carries it out.
pub(crate) struct CommandRequest {
    /// Who sent it.
    pub(crate) access: Access,
    /// What they asked for.
    pub(crate) command: Command,
    /// When it was sent, by the server's clock (timers, hidden cards).
    pub(crate) now_ms: u64,
    /// The ids whatever the command creates gets (a round, an activity).
    pub(crate) fresh: polyphony_shared::governance::commands::FreshIds,
}

/// What a command did, for its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Done {
    /// Nothing to tell but that it is done.
    Nothing,
    /// It opened a round with this id.
    OpenedRound(RoundId),
    /// It was a vote; these are the sender's votes in the round now.
    Votes(MyVotes),
    /// It replaced the facilitator key; this is the new one.
    FacilitatorKey(String),
    /// It shared the report; this is the public link's path.
    ReportLink(String),
}

/// A document's name and its whole yrs state (for a backup).
pub type DocState = (polyphony_shared::DocName, Vec<u8>);

/// A message to one room of a board.
pub(crate) enum RoomCommand {
    /// A new connection with a verified identity; the room answers with its outbox, or
    /// refuses a removed participant.
    Join { access: Access, reply: oneshot::Sender<Result<Joined, RoomError>> },
    /// A decoded frame from a connection. Boxed, so that commands stay small: a board's queue
    /// allocates its slots in blocks, and an idle board pays for one block.
    Frame { conn: ConnId, frame: Box<ClientFrame> },
    /// The connection ended.
    Leave { conn: ConnId },
}

/// Why a change to governed state was not made; the text is shown to the person who asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GovernError {
    /// The rules forbid it (the message says which rule).
    #[error("{0}")]
    Refused(String),
    /// It names a participant (or item) the board does not have.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The board could not be reached or the change could not be stored.
    #[error("the board is unavailable; try again")]
    Unavailable,
    /// A rule of the board turns it down ([`polyphony_shared::governance`]).
    #[error("{0}")]
    Rule(#[from] polyphony_shared::governance::Refusal),
}

/// What a connection gets when it joins a room.
pub struct Joined {
    /// The connection's number, to put on every command it sends.
    pub conn: ConnId,
    /// Frames to send to the client, in order.
    pub outbox: mpsc::Receiver<Bytes>,
    /// Bytes in `outbox` not yet written: the connection subtracts each frame it writes.
    pub queued_bytes: Arc<AtomicUsize>,
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
    /// The participant was removed from the board by a facilitator.
    #[error("removed from this board")]
    NotAllowed,
    /// The board's rules keep this document from the participant (an activity the
    /// facilitators are still preparing, or one not on the agenda).
    #[error("{0}")]
    Refused(polyphony_shared::governance::Refusal),
}

impl RoomError {
    /// Why someone kept off the board altogether ([`BoardRules::exclusion`]) is refused:
    /// removed, or still waiting to be let in.
    pub fn excluded(exclusion: polyphony_shared::governance::Refusal) -> Self {
        match exclusion {
            polyphony_shared::governance::Refusal::Removed => RoomError::NotAllowed,
            waiting => RoomError::Refused(waiting),
        }
    }
}

/// The cloneable way to talk to a board's task.
#[derive(Clone)]
pub(crate) struct BoardHandle {
    requests: mpsc::Sender<BoardRequest>,
}

impl BoardHandle {
    /// The way to one of the board's rooms.
    pub(crate) fn room(&self, doc: DocName) -> RoomHandle {
        RoomHandle { board: self.clone(), doc }
    }

    /// Sends the request `make` builds around a reply channel, and waits for the reply.
    pub(crate) async fn request<T>(
        &self,
        make: impl FnOnce(oneshot::Sender<T>) -> BoardRequest,
    ) -> Result<T, RoomGone> {
        let (reply, answer) = oneshot::channel();
        self.requests.send(make(reply)).await.map_err(|_| RoomGone)?;
        answer.await.map_err(|_| RoomGone)
    }

    async fn send(&self, doc: DocName, command: RoomCommand) -> Result<(), RoomGone> {
        self.requests.send(BoardRequest::Doc { doc, command }).await.map_err(|_| RoomGone)
    }
}

/// The cloneable way to talk to one room of a board's task.
#[derive(Clone)]
pub struct RoomHandle {
    board: BoardHandle,
    doc: DocName,
}

/// The board's task has ended; the caller may retry with a fresh one.
#[derive(Debug)]
pub(crate) struct RoomGone;

impl RoomHandle {
    pub(crate) async fn join(&self, access: Access) -> Result<Result<Joined, RoomError>, RoomGone> {
        let doc = self.doc;
        self.board.request(|reply| BoardRequest::Doc { doc, command: RoomCommand::Join { access, reply } }).await
    }

    /// Hands a decoded frame to the room; waits while the room's queue is full (backpressure).
    pub async fn frame(&self, conn: ConnId, frame: ClientFrame) -> Result<(), RoomGoneError> {
        self.board.send(self.doc, RoomCommand::Frame { conn, frame: Box::new(frame) }).await.map_err(|_| RoomGoneError)
    }

    /// Tells the room that a connection ended.
    pub async fn leave(&self, conn: ConnId) {
        // A room that is gone has forgotten the connection already.
        self.board.send(self.doc, RoomCommand::Leave { conn }).await.ok();
    }
}

/// The room stopped while a connection was still sending to it.
#[derive(Debug, thiserror::Error)]
#[error("room has stopped")]
pub struct RoomGoneError;
