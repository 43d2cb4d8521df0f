//! The default store: one redb database file in the data directory.
//!
//! redb is a pure-Rust, copy-on-write B-tree with checksummed, fsynced commits: a `kill -9`
//! or a power cut leaves the last committed transaction intact, and it needs no C toolchain
//! or external service. All writes go through one worker thread that drains its queue
//! and commits everything queued in one transaction (group commit), so many boards and
//! clients share each fsync. Reads run on tokio's blocking pool in MVCC read transactions
//! and never wait for the writer.

use std::path::Path;
use std::sync::Arc;

use async_trait::async_trait;
use bytes::Bytes;
use polyphony_shared::history::PointInfo;
use polyphony_shared::{BoardId, BoardInfo, DocName, JoinCode};
use redb::{Database, ReadableDatabase, TableDefinition};
use tokio::sync::{mpsc, oneshot};

use super::{DocKey, Quarantined, RestorePoint, Seq, Store, StoreCopy, StoreError, StoredBoard, StoredDoc};
use crate::access::token::SECRET_BYTES;
pub use copy::check_copy;

#[path = "embedded_boards.rs"]
mod boards;
#[path = "embedded_copy.rs"]
mod copy;
#[path = "embedded_points.rs"]
mod points;
#[path = "embedded_writer.rs"]
mod writer;

use writer::{Outcome, Write, WriteOp, write_worker};

/// Board id → JSON-encoded [`BoardInfo`].
const BOARDS: TableDefinition<&str, &[u8]> = TableDefinition::new("boards");
/// Join code → board id.
const JOIN_CODES: TableDefinition<&str, &str> = TableDefinition::new("join_codes");
/// (document key, log position) → v1 update.
const UPDATES: TableDefinition<(&str, u64), &[u8]> = TableDefinition::new("updates");
/// Document key → (log position covered, v1 update of the whole document).
const SNAPSHOTS: TableDefinition<&str, (u64, &[u8])> = TableDefinition::new("snapshots");
/// (document key, number) → (reason, v1 update): stored updates that no longer apply.
const QUARANTINE: TableDefinition<(&str, u64), (&str, &[u8])> = TableDefinition::new("quarantine");
/// Server-wide settings: the token secret.
const SETTINGS: TableDefinition<&str, &[u8]> = TableDefinition::new("settings");
/// The key of the token secret in [`SETTINGS`].
const TOKEN_SECRET: &str = "token_secret";

/// File name of the database inside the data directory.
pub const DATABASE_FILE: &str = "polyphony.redb";
/// Queued writes the worker accepts before callers wait; bounds memory under overload.
const WRITE_QUEUE: usize = 4096;
/// Most writes folded into one transaction, so one commit never grows without bound.
const MAX_BATCH: usize = 1024;
/// Pages redb keeps in memory. Its default (1 GiB) would let a server's memory grow with
/// the boards it has read; rooms hold their documents anyway, so reads need little cache.
const CACHE_BYTES: usize = 32 * 1024 * 1024;

/// A redb database plus the thread that performs all its writes.
pub struct EmbeddedStore {
    /// Shared with the writer thread; redb allows concurrent readers beside one writer.
    db: Arc<Database>,
    writes: mpsc::Sender<Write>,
    /// Joined on drop, so the database file is closed when the store is gone.
    worker: Option<std::thread::JoinHandle<()>>,
}

impl Drop for EmbeddedStore {
    fn drop(&mut self) {
        // Close the queue so the worker finishes its last batch and exits, then wait for it.
        let (closed, _) = mpsc::channel(1);
        drop(std::mem::replace(&mut self.writes, closed));
        if let Some(worker) = self.worker.take()
            && worker.join().is_err()
        {
            tracing::error!("store writer thread panicked");
        }
    }
}

impl EmbeddedStore {
    /// Opens (or creates) the store in `data_dir` and starts its writer thread. Blocking.
    pub fn open(data_dir: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(data_dir)?;
        let db = Database::builder()
            .set_cache_size(CACHE_BYTES)
            .create(data_dir.join(DATABASE_FILE))
            .map_err(redb::Error::from)?;
        create_tables(&db)?;
        let db = Arc::new(db);
        let (writes, queue) = mpsc::channel(WRITE_QUEUE);
        let worker_db = Arc::clone(&db);
        let worker = std::thread::Builder::new()
            .name("polyphony-store".into())
            .spawn(move || write_worker(&worker_db, queue))?;
        Ok(EmbeddedStore { db, writes, worker: Some(worker) })
    }

    async fn write(&self, op: WriteOp) -> Result<Outcome, StoreError> {
        let (reply, outcome) = oneshot::channel();
        self.writes.send(Write { op, reply }).await.map_err(|_| StoreError::WorkerGone)?;
        outcome.await.map_err(|_| StoreError::WorkerGone)?
    }

    async fn read<T, F>(&self, read: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Database) -> Result<T, StoreError> + Send + 'static,
    {
        let db = Arc::clone(&self.db);
        tokio::task::spawn_blocking(move || read(&db)).await?
    }
}

fn create_tables(db: &Database) -> Result<(), redb::Error> {
    let txn = db.begin_write()?;
    txn.open_table(BOARDS)?;
    txn.open_table(JOIN_CODES)?;
    txn.open_table(UPDATES)?;
    txn.open_table(SNAPSHOTS)?;
    txn.open_table(SETTINGS)?;
    txn.open_table(QUARANTINE)?;
    txn.open_table(points::POINT_INFO)?;
    txn.open_table(points::POINT_STATE)?;
    txn.open_table(boards::LAST_USED)?;
    txn.open_table(boards::NAMES_ERASED)?;
    txn.commit()?;
    Ok(())
}

#[async_trait]
impl Store for EmbeddedStore {
    async fn create_board(&self, board: BoardInfo, seeds: Vec<(DocName, Bytes)>) -> Result<(), StoreError> {
        self.write(WriteOp::CreateBoard { board, seeds }).await.map(|_| ())
    }

    async fn token_secret(&self, candidate: [u8; SECRET_BYTES]) -> Result<[u8; SECRET_BYTES], StoreError> {
        match self.write(WriteOp::TokenSecret { candidate }).await? {
            Outcome::Secret(secret) => Ok(secret),
            _ => Err(StoreError::WorkerGone),
        }
    }

    async fn board(&self, id: BoardId) -> Result<Option<BoardInfo>, StoreError> {
        self.read(move |db| read_board(db, &id.to_string())).await
    }

    async fn board_by_code(&self, code: JoinCode) -> Result<Option<BoardInfo>, StoreError> {
        self.read(move |db| {
            let board_id = {
                let txn = db.begin_read().map_err(redb::Error::from)?;
                let codes = txn.open_table(JOIN_CODES).map_err(redb::Error::from)?;
                let Some(board_id) = codes.get(code.as_str()).map_err(redb::Error::from)? else {
                    return Ok(None);
                };
                board_id.value().to_owned()
            };
            read_board(db, &board_id)
        })
        .await
    }

    async fn load(&self, key: DocKey) -> Result<StoredDoc, StoreError> {
        self.read(move |db| Ok(load_doc(db, &key.to_string())?)).await
    }

    async fn append(&self, key: DocKey, updates: Vec<Bytes>) -> Result<Seq, StoreError> {
        match self.write(WriteOp::Append { key, updates }).await? {
            Outcome::Appended(seq) => Ok(seq),
            _ => Err(StoreError::WorkerGone),
        }
    }

    async fn compact(&self, key: DocKey, snapshot: Bytes, through: Seq) -> Result<(), StoreError> {
        self.write(WriteOp::Compact { key, snapshot, through }).await.map(|_| ())
    }

    async fn quarantine(&self, key: DocKey, entries: Vec<Quarantined>) -> Result<(), StoreError> {
        self.write(WriteOp::Quarantine { key, entries }).await.map(|_| ())
    }

    async fn save_point(&self, key: DocKey, point: RestorePoint, keep: usize) -> Result<(), StoreError> {
        let info = serde_json::to_vec(&point.info)?;
        self.write(WriteOp::SavePoint { key, id: point.info.id, info, state: point.state, keep }).await.map(|_| ())
    }

    async fn points(&self, key: DocKey) -> Result<Vec<PointInfo>, StoreError> {
        self.read(move |db| points::list(db, &key.to_string())).await
    }

    async fn point(&self, key: DocKey, id: u64) -> Result<Option<Bytes>, StoreError> {
        self.read(move |db| points::state(db, &key.to_string(), id)).await
    }

    async fn boards(&self) -> Result<Vec<StoredBoard>, StoreError> {
        self.read(boards::list).await
    }

    async fn touch(&self, board: BoardId, at_ms: u64) -> Result<(), StoreError> {
        self.write(WriteOp::Note { board, at_ms, names: false }).await.map(|_| ())
    }

    async fn mark_names_erased(&self, board: BoardId, at_ms: u64) -> Result<(), StoreError> {
        self.write(WriteOp::Note { board, at_ms, names: true }).await.map(|_| ())
    }

    async fn delete_board(&self, board: BoardId) -> Result<Option<BoardInfo>, StoreError> {
        match self.write(WriteOp::DeleteBoard { board }).await? {
            Outcome::Deleted(deleted) => Ok(deleted),
            _ => Err(StoreError::WorkerGone),
        }
    }

    async fn records_of(&self, board: &BoardInfo) -> Result<Vec<String>, StoreError> {
        let board = board.clone();
        self.read(move |db| Ok(boards::records_of(db, &board)?)).await
    }

    async fn copy_to(&self, path: std::path::PathBuf) -> Result<StoreCopy, StoreError> {
        self.read(move |db| copy::copy_to(db, &path)).await
    }

    async fn quarantined(&self, key: DocKey) -> Result<Vec<Quarantined>, StoreError> {
        self.read(move |db| {
            let key = key.to_string();
            let txn = db.begin_read().map_err(redb::Error::from)?;
            let table = txn.open_table(QUARANTINE).map_err(redb::Error::from)?;
            let mut entries = Vec::new();
            for entry in table.range((key.as_str(), 0)..=(key.as_str(), u64::MAX)).map_err(redb::Error::from)? {
                let (_, value) = entry.map_err(redb::Error::from)?;
                let (reason, update) = value.value();
                entries.push(Quarantined { reason: reason.to_owned(), update: Bytes::copy_from_slice(update) });
            }
            Ok(entries)
        })
        .await
    }
}

fn read_board(db: &Database, id: &str) -> Result<Option<BoardInfo>, StoreError> {
    let txn = db.begin_read().map_err(redb::Error::from)?;
    let boards = txn.open_table(BOARDS).map_err(redb::Error::from)?;
    let Some(record) = boards.get(id).map_err(redb::Error::from)? else {
        return Ok(None);
    };
    Ok(Some(serde_json::from_slice(record.value())?))
}

fn load_doc(db: &Database, key: &str) -> Result<StoredDoc, redb::Error> {
    let txn = db.begin_read()?;
    let snapshots = txn.open_table(SNAPSHOTS)?;
    let updates = txn.open_table(UPDATES)?;
    let mut stored = StoredDoc::default();
    if let Some(entry) = snapshots.get(key)? {
        let (seq, snapshot) = entry.value();
        stored.snapshot = Some(Bytes::copy_from_slice(snapshot));
        stored.snapshot_seq = seq;
    }
    stored.last_seq = stored.snapshot_seq;
    for entry in updates.range((key, stored.snapshot_seq + 1)..=(key, u64::MAX))? {
        let (position, update) = entry?;
        stored.last_seq = position.value().1;
        stored.updates.push(Bytes::copy_from_slice(update.value()));
    }
    Ok(stored)
}

#[cfg(test)]
#[path = "embedded_tests.rs"]
mod tests;
