//! The embedded store's writer thread: it drains the queue of writes, commits them in one
//! redb transaction (group commit) and answers every caller; a batch that fails is retried
//! write by write, so one bad write never fails its neighbours.

use bytes::Bytes;
use polyphony_shared::{BoardId, BoardInfo, DocName};
use redb::{Database, ReadableTable, Table};
use tokio::sync::{mpsc, oneshot};

use super::boards::{LAST_USED, NAMES_ERASED};
use super::points;
use super::{BOARDS, JOIN_CODES, MAX_BATCH, QUARANTINE, SETTINGS, SNAPSHOTS, TOKEN_SECRET, UPDATES};
use crate::access::token::SECRET_BYTES;
use crate::store::{DocKey, Quarantined, Seq, StoreError};

/// One queued write and where to send its outcome.
pub(super) struct Write {
    pub(super) op: WriteOp,
    pub(super) reply: oneshot::Sender<Result<Outcome, StoreError>>,
}

pub(super) enum WriteOp {
    CreateBoard {
        board: BoardInfo,
        seeds: Vec<(DocName, Bytes)>,
    },
    TokenSecret {
        candidate: [u8; SECRET_BYTES],
    },
    Append {
        key: DocKey,
        updates: Vec<Bytes>,
    },
    Compact {
        key: DocKey,
        snapshot: Bytes,
        through: Seq,
    },
    Quarantine {
        key: DocKey,
        entries: Vec<Quarantined>,
    },
    SavePoint {
        key: DocKey,
        id: u64,
        info: Vec<u8>,
        state: Bytes,
        keep: usize,
    },
    /// Notes when the board was last used, or (`names`) when its names were erased.
    Note {
        board: BoardId,
        at_ms: u64,
        names: bool,
    },
    DeleteBoard {
        board: BoardId,
    },
}

impl WriteOp {
    /// The document a write goes to, if it goes to one.
    fn doc_key(&self) -> Option<DocKey> {
        match self {
            WriteOp::Append { key, .. }
            | WriteOp::Compact { key, .. }
            | WriteOp::Quarantine { key, .. }
            | WriteOp::SavePoint { key, .. } => Some(*key),
            WriteOp::CreateBoard { .. }
            | WriteOp::TokenSecret { .. }
            | WriteOp::Note { .. }
            | WriteOp::DeleteBoard { .. } => None,
        }
    }
}

pub(super) enum Outcome {
    Done,
    Appended(Seq),
    Secret([u8; SECRET_BYTES]),
    Deleted(Option<BoardInfo>),
}

/// The writer thread: drain the queue, commit the batch once, answer every caller.
pub(super) fn write_worker(db: &Database, mut queue: mpsc::Receiver<Write>) {
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
            last_used: txn.open_table(LAST_USED)?,
            names_erased: txn.open_table(NAMES_ERASED)?,
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

/// Every table, open in one write transaction.
pub(super) struct Tables<'txn> {
    pub(super) boards: Table<'txn, &'static str, &'static [u8]>,
    pub(super) join_codes: Table<'txn, &'static str, &'static str>,
    pub(super) updates: Table<'txn, (&'static str, u64), &'static [u8]>,
    pub(super) snapshots: Table<'txn, &'static str, (u64, &'static [u8])>,
    settings: Table<'txn, &'static str, &'static [u8]>,
    pub(super) quarantine: Table<'txn, (&'static str, u64), (&'static str, &'static [u8])>,
    pub(super) last_used: Table<'txn, &'static str, u64>,
    pub(super) names_erased: Table<'txn, &'static str, u64>,
    pub(super) points: points::PointTables<'txn>,
}

impl Tables<'_> {
    /// Applies one write. The outer error aborts the transaction; the inner one answers only this caller.
    fn apply(&mut self, op: &WriteOp) -> Result<OpResult, redb::Error> {
        // A deleted board's room may still be running (on another instance, or finishing a
        // compaction): nothing of it is written again.
        if let Some(key) = op.doc_key()
            && !self.has_board(key.board)?
        {
            return Ok(Err(StoreError::BoardGone(key.board)));
        }
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
                self.last_used.insert(id.as_str(), board.created_at_ms)?;
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
            WriteOp::Note { board, at_ms, names } => {
                self.note(*board, *at_ms, *names)?;
                Ok(Ok(Outcome::Done))
            }
            WriteOp::DeleteBoard { board } => Ok(self.delete_board(*board)?.map(Outcome::Deleted)),
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
