//! Where boards live when they are not in memory: the [`Store`] trait and its errors.
//!
//! A board document is stored as an optional snapshot plus an ordered log of updates.
//! The room that owns a document appends every update it accepts ([`Store::append`]) and
//! only broadcasts it once the append has returned, so an update any peer has seen is
//! durable. Now and then the room folds the log into a new snapshot ([`Store::compact`]).
//!
//! [`embedded::EmbeddedStore`] (redb, one file in the data directory) is the default;
//! [`crate::redis::RedisStore`] is shared by several instances.

pub mod embedded;

use async_trait::async_trait;
use bytes::Bytes;
use polyphony_shared::history::PointInfo;
use polyphony_shared::{BoardId, BoardInfo, DocName, JoinCode};

use crate::access::token::SECRET_BYTES;

/// Position of an update in a document's log; strictly increasing per document, starting at 1.
pub type Seq = u64;

/// Names one stored document: a board and which of its documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DocKey {
    /// The board the document belongs to.
    pub board: BoardId,
    /// Which of the board's documents.
    pub doc: DocName,
}

impl std::fmt::Display for DocKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.board, self.doc)
    }
}

/// A document as stored: the newest snapshot and the updates logged after it.
#[derive(Debug, Default, Clone)]
pub struct StoredDoc {
    /// A v1 update holding the whole document up to `snapshot_seq`, if one was written.
    pub snapshot: Option<Bytes>,
    /// The log position the snapshot covers (0 without a snapshot).
    pub snapshot_seq: Seq,
    /// v1 updates logged after the snapshot, in order.
    pub updates: Vec<Bytes>,
    /// The position of the last update (or of the snapshot when the log is empty).
    pub last_seq: Seq,
}

/// A stored update that no longer applies to its document, set aside for an operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quarantined {
    /// Why it was set aside.
    pub reason: String,
    /// The v1 update as it was stored.
    pub update: Bytes,
}

/// Why a storage operation failed. Internal detail: never shown to clients.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The embedded database reported an error.
    #[error("embedded database")]
    Database(#[from] redb::Error),
    /// A stored record does not parse.
    #[error("stored board record is corrupt")]
    CorruptRecord(#[from] serde_json::Error),
    /// A board with this id exists already.
    #[error("board {0} exists already")]
    BoardExists(BoardId),
    /// Another board already uses this join code; the caller picks a new one.
    #[error("join code {0} is taken")]
    JoinCodeTaken(JoinCode),
    /// The storage worker has stopped (the server is shutting down or crashed).
    #[error("storage worker is gone")]
    WorkerGone,
    /// A blocking storage task panicked or was cancelled.
    #[error("storage task failed")]
    Task(#[from] tokio::task::JoinError),
    /// Creating the data directory or opening the database file failed.
    #[error("cannot open the data directory")]
    Io(#[from] std::io::Error),
    /// Redis failed or could not be reached.
    #[error("redis")]
    Redis(#[from] redis::RedisError),
    /// A stream entry in Redis lacks the fields this server writes.
    #[error("log entry {0} is malformed")]
    CorruptLogEntry(String),
    /// The stored token secret has the wrong length.
    #[error("stored token secret is malformed")]
    CorruptSecret,
    /// The board was deleted: nothing more is stored for it.
    #[error("board {0} was deleted")]
    BoardGone(BoardId),
    /// This store is not copied by the server (Redis keeps its own snapshots).
    #[error("this server keeps its boards in Redis: back up Redis itself (its RDB snapshots or append-only file)")]
    NotCopyable,
}

impl StoreError {
    /// Whether the store may work again by itself (Redis restarting, say), so that a room
    /// should hold its updates and retry instead of closing.
    pub fn is_transient(&self) -> bool {
        match self {
            StoreError::Redis(err) => crate::redis::is_connection_trouble(err),
            _ => false,
        }
    }
}

/// A document as it was at one moment, with its listing.
#[derive(Debug, Clone)]
pub struct RestorePoint {
    /// How it is listed (its id is when it was taken).
    pub info: PointInfo,
    /// The whole document then, as one v1 update.
    pub state: Bytes,
}

/// A stored board as the operator sees it ([`Store::boards`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredBoard {
    /// Its metadata.
    pub info: BoardInfo,
    /// When someone last opened it ([`Store::touch`]); its creation if nobody has since.
    pub last_used_ms: u64,
    /// Bytes its records take in the store.
    pub bytes: u64,
    /// When the names of everyone in it were last erased ([`Store::mark_names_erased`]).
    pub names_erased_ms: Option<u64>,
}

/// What a copy of the store holds ([`Store::copy_to`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoreCopy {
    /// Boards in it.
    pub boards: u64,
    /// Logged updates in it (beside the snapshots).
    pub updates: u64,
    /// The size of its file.
    pub bytes: u64,
}

/// Persistent storage of board metadata and board documents.
///
/// Implementations must make [`Store::append`] durable before it returns: the caller
/// broadcasts the updates right after.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Records a new board, its join code, and the first update (the schema seed) of each
    /// of its documents.
    async fn create_board(&self, board: BoardInfo, seeds: Vec<(DocName, Bytes)>) -> Result<(), StoreError>;

    /// The secret that signs tokens: the one stored, or `candidate` if none was stored yet
    /// (it is stored then). Every instance sharing the store gets the same secret, so
    /// tokens and facilitator keys work on all of them and across restarts.
    async fn token_secret(&self, candidate: [u8; SECRET_BYTES]) -> Result<[u8; SECRET_BYTES], StoreError>;

    /// The board's metadata, or `None` if no such board exists.
    async fn board(&self, id: BoardId) -> Result<Option<BoardInfo>, StoreError>;

    /// The board a join code belongs to, or `None`.
    async fn board_by_code(&self, code: JoinCode) -> Result<Option<BoardInfo>, StoreError>;

    /// Reads a document's snapshot and its log after the snapshot.
    async fn load(&self, key: DocKey) -> Result<StoredDoc, StoreError>;

    /// Appends updates to a document's log, durably, and returns the position of the last.
    async fn append(&self, key: DocKey, updates: Vec<Bytes>) -> Result<Seq, StoreError>;

    /// Replaces the snapshot by one covering the log through `through`, and drops that part
    /// of the log. A snapshot older than the stored one is ignored, so two compactions that
    /// race cannot lose updates.
    async fn compact(&self, key: DocKey, snapshot: Bytes, through: Seq) -> Result<(), StoreError>;

    /// Keeps stored updates that no longer apply beside the document, with the reason, so
    /// that an operator can look at them. The room then compacts the document without them.
    async fn quarantine(&self, key: DocKey, entries: Vec<Quarantined>) -> Result<(), StoreError>;

    /// The updates set aside for a document, oldest first.
    async fn quarantined(&self, key: DocKey) -> Result<Vec<Quarantined>, StoreError>;

    /// Keeps a restore point of a document, then drops the oldest beyond the newest `keep`.
    async fn save_point(&self, key: DocKey, point: RestorePoint, keep: usize) -> Result<(), StoreError>;

    /// A document's restore points, oldest first.
    async fn points(&self, key: DocKey) -> Result<Vec<PointInfo>, StoreError>;

    /// The state a restore point kept (a v1 update of the whole document), if it is kept.
    async fn point(&self, key: DocKey, id: u64) -> Result<Option<Bytes>, StoreError>;

    /// Every stored board, with when it was last used and what it takes.
    async fn boards(&self) -> Result<Vec<StoredBoard>, StoreError>;

    /// Notes that someone used the board at `at_ms` (milliseconds since the Unix epoch).
    async fn touch(&self, board: BoardId, at_ms: u64) -> Result<(), StoreError>;

    /// Notes that the names of everyone on the board were erased at `at_ms`.
    async fn mark_names_erased(&self, board: BoardId, at_ms: u64) -> Result<(), StoreError>;

    /// Deletes the board and every record of it: metadata, join code, every document's log
    /// and snapshot, restore points, quarantined updates. Any write for it afterwards fails
    /// with [`StoreError::BoardGone`], so a room still running somewhere cannot bring part
    /// of it back. Returns the deleted board's metadata, `None` if there was no such board.
    async fn delete_board(&self, board: BoardId) -> Result<Option<BoardInfo>, StoreError>;

    /// Where the store still holds anything of this board (its metadata, join code,
    /// documents, restore points…), one line per table or key: empty once it is deleted.
    async fn records_of(&self, board: &BoardInfo) -> Result<Vec<String>, StoreError>;

    /// Writes a consistent copy of the whole store, taken while it serves, to a new file at
    /// `path`: every update acknowledged before the call is in it.
    async fn copy_to(&self, path: std::path::PathBuf) -> Result<StoreCopy, StoreError> {
        let _ = path;
        Err(StoreError::NotCopyable)
    }

    /// Checks that the store answers; for `/healthz`.
    async fn check(&self) -> Result<(), StoreError> {
        Ok(())
    }
}
