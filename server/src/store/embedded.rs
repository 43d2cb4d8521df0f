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
use redb::{Database, ReadableDatabase, ReadableTable, Table, TableDefinition};
use tokio::sync::{mpsc, oneshot};

use super::{DocKey, Quarantined, RestorePoint, Seq, Store, StoreError, StoredDoc};
use crate::access::token::SECRET_BYTES;

#[path = "embedded_points.rs"]
mod points;

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
const DATABASE_FILE: &str = "polyphony.redb";
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

/// One queued write and where to send its outcome.
struct Write {
    op: WriteOp,
    reply: oneshot::Sender<Result<Outcome, StoreError>>,
}

enum WriteOp {
    CreateBoard { board: BoardInfo, seeds: Vec<(DocName, Bytes)> },
    TokenSecret { candidate: [u8; SECRET_BYTES] },
    Append { key: DocKey, updates: Vec<Bytes> },
    Compact { key: DocKey, snapshot: Bytes, through: Seq },
    Quarantine { key: DocKey, entries: Vec<Quarantined> },
    SavePoint { key: DocKey, id: u64, info: Vec<u8>, state: Bytes, keep: usize },
}

enum Outcome {
    Done,
    Appended(Seq),
    Secret([u8; SECRET_BYTES]),
}

/// The writer thread: drain the queue, commit the batch once, answer every caller.
fn write_worker(db: &Database, mut queue: mpsc::Receiver<Write>) {
    while let Some(first) = queue.blocking_recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(write) => batch.push(write),
                Err(_) => break,
            }
        }
        let ops: Vec<&WriteOp> = batch.iter().map(|write| &write.op).collect();
        match commit_batch(db, &ops) {
            Ok(outcomes) => {
                for (write, outcome) in batch.into_iter().zip(outcomes) {
                    write.reply.send(outcome).ok();
                }
            }
            Err(err) => {
                // One bad write must not fail its neighbours: retry each in its own transaction.
                tracing::warn!(%err, batch = batch.len(), "group commit failed, retrying writes one by one");
                for write in batch {
                    let outcome = commit_batch(db, &[&write.op])
                        .map_err(StoreError::from)
                        .and_then(|mut outcomes| outcomes.pop().unwrap_or(Err(StoreError::WorkerGone)));
                    if let Err(err) = &outcome {
                        tracing::error!(%err, "store write failed");
                    }
                    write.reply.send(outcome).ok();
                }
            }
        }
    }
}

type OpResult = Result<Outcome, StoreError>;

fn commit_batch(db: &Database, ops: &[&WriteOp]) -> Result<Vec<OpResult>, redb::Error> {
    let txn = db.begin_write()?;
    let mut outcomes = Vec::with_capacity(ops.len());
    {
        let mut tables = Tables {
            boards: txn.open_table(BOARDS)?,
            join_codes: txn.open_table(JOIN_CODES)?,
            updates: txn.open_table(UPDATES)?,
            snapshots: txn.open_table(SNAPSHOTS)?,
            settings: txn.open_table(SETTINGS)?,
            quarantine: txn.open_table(QUARANTINE)?,
            points: points::PointTables {
                info: txn.open_table(points::POINT_INFO)?,
                state: txn.open_table(points::POINT_STATE)?,
            },
        };
        for op in ops {
            outcomes.push(tables.apply(op)?);
        }
    }
    txn.commit()?;
    Ok(outcomes)
}

struct Tables<'txn> {
    boards: Table<'txn, &'static str, &'static [u8]>,
    join_codes: Table<'txn, &'static str, &'static str>,
    updates: Table<'txn, (&'static str, u64), &'static [u8]>,
    snapshots: Table<'txn, &'static str, (u64, &'static [u8])>,
    settings: Table<'txn, &'static str, &'static [u8]>,
    quarantine: Table<'txn, (&'static str, u64), (&'static str, &'static [u8])>,
    points: points::PointTables<'txn>,
}

impl Tables<'_> {
    /// Applies one write. The outer error aborts the transaction; the inner one answers only this caller.
    fn apply(&mut self, op: &WriteOp) -> Result<OpResult, redb::Error> {
        match op {
            WriteOp::CreateBoard { board, seeds } => {
                let id = board.id.to_string();
                if self.boards.get(id.as_str())?.is_some() {
                    return Ok(Err(StoreError::BoardExists(board.id)));
                }
                if self.join_codes.get(board.join_code.as_str())?.is_some() {
                    return Ok(Err(StoreError::JoinCodeTaken(board.join_code)));
                }
                let record = match serde_json::to_vec(board) {
                    Ok(record) => record,
                    Err(err) => return Ok(Err(err.into())),
                };
                self.boards.insert(id.as_str(), record.as_slice())?;
                self.join_codes.insert(board.join_code.as_str(), id.as_str())?;
                for (doc, seed) in seeds {
                    let key = DocKey { board: board.id, doc: *doc }.to_string();
                    self.updates.insert((key.as_str(), 1), seed.as_ref())?;
                }
                Ok(Ok(Outcome::Done))
            }
            WriteOp::TokenSecret { candidate } => {
                if let Some(stored) = self.settings.get(TOKEN_SECRET)? {
                    let secret = <[u8; SECRET_BYTES]>::try_from(stored.value()).map_err(|_| StoreError::CorruptSecret);
                    return Ok(secret.map(Outcome::Secret));
                }
                self.settings.insert(TOKEN_SECRET, candidate.as_slice())?;
                Ok(Ok(Outcome::Secret(*candidate)))
            }
            WriteOp::Append { key, updates } => {
                let key = key.to_string();
                let mut seq = self.last_seq(&key)?;
                for update in updates {
                    seq += 1;
                    self.updates.insert((key.as_str(), seq), update.as_ref())?;
                }
                Ok(Ok(Outcome::Appended(seq)))
            }
            WriteOp::Compact { key, snapshot, through } => {
                let key = key.to_string();
                let stored_seq = self.snapshots.get(key.as_str())?.map(|entry| entry.value().0).unwrap_or(0);
                if *through <= stored_seq {
                    return Ok(Ok(Outcome::Done));
                }
                self.snapshots.insert(key.as_str(), (*through, snapshot.as_ref()))?;
                self.updates.retain_in((key.as_str(), 0)..=(key.as_str(), *through), |_, _| false)?;
                Ok(Ok(Outcome::Done))
            }
            WriteOp::Quarantine { key, entries } => {
                let key = key.to_string();
                let last =
                    self.quarantine.range((key.as_str(), 0)..=(key.as_str(), u64::MAX))?.next_back().transpose()?;
                let mut number = last.map_or(0, |(position, _)| position.value().1);
                for entry in entries {
                    number += 1;
                    self.quarantine.insert((key.as_str(), number), (entry.reason.as_str(), entry.update.as_ref()))?;
                }
                Ok(Ok(Outcome::Done))
            }
            WriteOp::SavePoint { key, id, info, state, keep } => {
                self.points.save(&key.to_string(), *id, info, state, *keep)?;
                Ok(Ok(Outcome::Done))
            }
        }
    }

    /// The position of the document's newest update or snapshot.
    fn last_seq(&self, key: &str) -> Result<Seq, redb::Error> {
        let logged = self.updates.range((key, 0)..=(key, u64::MAX))?.next_back().transpose()?;
        if let Some((position, _)) = logged {
            return Ok(position.value().1);
        }
        Ok(self.snapshots.get(key)?.map(|entry| entry.value().0).unwrap_or(0))
    }
}

#[cfg(test)]
#[path = "embedded_tests.rs"]
mod tests;
