//! [`RedisStore`]: boards and their documents in Redis, shared by every instance.
//!
//! Appends go through one script that assigns the next log positions, adds the stream
//! entries and publishes them, so an update is durable in Redis (within its fsync policy)
//! before any peer can see it, and all instances see a document's updates in one order.

use std::collections::HashMap;
use std::sync::Arc;

use async_trait::async_trait;
use bytes::Bytes;
use polyphony_shared::history::PointInfo;
use polyphony_shared::{BoardId, BoardInfo, DocName, JoinCode};
use redis::streams::StreamRangeReply;
use redis::{AsyncCommands, Value};

use super::connection::RedisConnection;
use super::health::RedisHealth;
use super::keys::{self, DocKeys};
use super::scripts::{BOARD_GONE, Scripts};
use super::wire::Origin;
use crate::access::token::SECRET_BYTES;
use crate::store::{DocKey, Quarantined, RestorePoint, Seq, Store, StoreError, StoredBoard, StoredDoc};

/// One stored log entry.
#[derive(Debug)]
pub(super) struct LogEntry {
    pub seq: Seq,
    pub origin: String,
    pub update: Bytes,
}

/// What a follower needs to catch up from a log position.
#[derive(Debug)]
pub(super) struct CatchUp {
    /// Set when the log was compacted past the position: apply it before `entries`.
    pub snapshot: Option<Bytes>,
    pub entries: Vec<LogEntry>,
    /// The last position handed out.
    pub through: Seq,
}

/// Board storage in Redis. Cheap to clone: clones share one multiplexed connection.
#[derive(Clone)]
pub struct RedisStore {
    connection: RedisConnection,
    origin: Origin,
    scripts: Arc<Scripts>,
    health: RedisHealth,
}

impl RedisStore {
    pub(super) fn new(connection: RedisConnection, origin: Origin, health: RedisHealth) -> Self {
        RedisStore { connection, origin, scripts: Arc::new(Scripts::new()), health }
    }

    /// Runs a Redis call, recording whether Redis answered.
    pub(super) async fn call<T>(&self, call: impl Future<Output = redis::RedisResult<T>>) -> Result<T, StoreError> {
        let result = call.await;
        self.health.record(&result);
        Ok(result?)
    }

    /// Reads what a follower at log position `after` has missed.
    pub(super) async fn read_after(&self, key: DocKey, after: Seq) -> Result<CatchUp, StoreError> {
        let keys = DocKeys::new(key);
        let mut connection = self.connection.clone();
        let start = format!("{}-0", after + 1);
        let (range, snapshot_seq, last): (StreamRangeReply, Option<Seq>, Option<Seq>) = self
            .call(
                redis::pipe()
                    .atomic()
                    .xrange(&keys.log, start, "+")
                    .hget(&keys.snapshot, "seq")
                    .get(&keys.seq)
                    .query_async(&mut connection),
            )
            .await?;
        if snapshot_seq.unwrap_or(0) > after {
            // Compacted past `after`: the entries between are only in the snapshot now.
            let stored = self.read_doc(key).await?;
            let entries = stored.entries.into_iter().filter(|entry| entry.seq > stored.snapshot_seq).collect();
            return Ok(CatchUp { snapshot: stored.snapshot, entries, through: stored.last });
        }
        Ok(CatchUp { snapshot: None, entries: parse_entries(range)?, through: last.unwrap_or(0).max(after) })
    }

    async fn read_doc(&self, key: DocKey) -> Result<RawDoc, StoreError> {
        let keys = DocKeys::new(key);
        let mut connection = self.connection.clone();
        let (snapshot_seq, snapshot, range, last): (Option<Seq>, Option<Vec<u8>>, StreamRangeReply, Option<Seq>) = self
            .call(
                redis::pipe()
                    .atomic()
                    .hget(&keys.snapshot, "seq")
                    .hget(&keys.snapshot, "data")
                    .xrange_all(&keys.log)
                    .get(&keys.seq)
                    .query_async(&mut connection),
            )
            .await?;
        Ok(RawDoc {
            snapshot: snapshot.map(Bytes::from),
            snapshot_seq: snapshot_seq.unwrap_or(0),
            entries: parse_entries(range)?,
            last: last.unwrap_or(0),
        })
    }

    /// A handle on the shared connection.
    pub(super) fn connection(&self) -> RedisConnection {
        self.connection.clone()
    }

    /// The scripts this store runs.
    pub(super) fn scripts(&self) -> &Scripts {
        &self.scripts
    }

    /// The instance id this store writes into log entries.
    pub(super) fn origin(&self) -> Origin {
        self.origin
    }
}

/// A document as read in one atomic step.
struct RawDoc {
    snapshot: Option<Bytes>,
    snapshot_seq: Seq,
    entries: Vec<LogEntry>,
    last: Seq,
}

#[async_trait]
impl Store for RedisStore {
    async fn create_board(&self, board: BoardInfo, seeds: Vec<(DocName, Bytes)>) -> Result<(), StoreError> {
        let mut connection = self.connection.clone();
        let code_key = keys::join_code(board.join_code);
        let claimed: bool = self
            .call(redis::cmd("SET").arg(&code_key).arg(board.id.to_string()).arg("NX").query_async(&mut connection))
            .await?;
        if !claimed {
            return Err(StoreError::JoinCodeTaken(board.join_code));
        }
        let mut invocation = self.scripts.create.key(keys::info(board.id));
        invocation.arg(serde_json::to_string(&board)?).arg(self.origin.as_str());
        for (doc, seed) in &seeds {
            let doc_keys = DocKeys::new(DocKey { board: board.id, doc: *doc });
            invocation.key(doc_keys.log).key(doc_keys.seq).arg(seed.as_ref());
        }
        let created: i64 = self.call(invocation.invoke_async(&mut connection)).await?;
        if created == 0 {
            let released: redis::RedisResult<()> = connection.del(&code_key).await;
            if let Err(err) = released {
                tracing::warn!(%err, code = %board.join_code, "could not release the join code of a refused board");
            }
            return Err(StoreError::BoardExists(board.id));
        }
        Ok(())
    }

    async fn token_secret(&self, candidate: [u8; SECRET_BYTES]) -> Result<[u8; SECRET_BYTES], StoreError> {
        let mut connection = self.connection.clone();
        let key = keys::token_secret();
        let _stored: bool = self
            .call(redis::cmd("SET").arg(&key).arg(candidate.as_slice()).arg("NX").query_async(&mut connection))
            .await?;
        let secret: Vec<u8> = self.call(connection.get(&key)).await?;
        <[u8; SECRET_BYTES]>::try_from(secret.as_slice()).map_err(|_| StoreError::CorruptSecret)
    }

    async fn board(&self, id: BoardId) -> Result<Option<BoardInfo>, StoreError> {
        let mut connection = self.connection.clone();
        let json: Option<String> = self.call(connection.get(keys::info(id))).await?;
        Ok(json.map(|json| serde_json::from_str(&json)).transpose()?)
    }

    async fn board_by_code(&self, code: JoinCode) -> Result<Option<BoardInfo>, StoreError> {
        let mut connection = self.connection.clone();
        let id: Option<String> = self.call(connection.get(keys::join_code(code))).await?;
        match id.and_then(|id| BoardId::parse(&id).ok()) {
            Some(id) => self.board(id).await,
            None => Ok(None),
        }
    }

    async fn load(&self, key: DocKey) -> Result<StoredDoc, StoreError> {
        let raw = self.read_doc(key).await?;
        let updates = raw.entries.into_iter().filter(|entry| entry.seq > raw.snapshot_seq).map(|entry| entry.update);
        Ok(StoredDoc {
            snapshot: raw.snapshot,
            snapshot_seq: raw.snapshot_seq,
            updates: updates.collect(),
            last_seq: raw.last.max(raw.snapshot_seq),
        })
    }

    async fn append(&self, key: DocKey, updates: Vec<Bytes>) -> Result<Seq, StoreError> {
        let keys = DocKeys::new(key);
        let mut invocation = self.scripts.append.key(&keys.log);
        invocation.key(&keys.seq).key(keys::info(key.board)).arg(self.origin.as_str()).arg(&keys.channel);
        for update in &updates {
            invocation.arg(update.as_ref());
        }
        let mut connection = self.connection.clone();
        let last: i64 = self.call(invocation.invoke_async(&mut connection)).await?;
        Seq::try_from(last).map_err(|_| StoreError::BoardGone(key.board))
    }

    async fn compact(&self, key: DocKey, snapshot: Bytes, through: Seq) -> Result<(), StoreError> {
        let keys = DocKeys::new(key);
        let mut connection = self.connection.clone();
        let written: i64 = self
            .call(
                self.scripts
                    .compact
                    .key(&keys.log)
                    .key(&keys.snapshot)
                    .key(keys::info(key.board))
                    .arg(through)
                    .arg(snapshot.as_ref())
                    .invoke_async(&mut connection),
            )
            .await?;
        gone_if(written, key.board)
    }

    async fn quarantine(&self, key: DocKey, entries: Vec<Quarantined>) -> Result<(), StoreError> {
        let keys = DocKeys::new(key);
        let mut invocation = self.scripts.quarantine.key(keys::info(key.board));
        invocation.key(&keys.quarantine);
        for entry in &entries {
            invocation.arg(entry.reason.as_bytes()).arg(entry.update.as_ref());
        }
        let mut connection = self.connection.clone();
        let written: i64 = self.call(invocation.invoke_async(&mut connection)).await?;
        gone_if(written, key.board)
    }

    async fn quarantined(&self, key: DocKey) -> Result<Vec<Quarantined>, StoreError> {
        let keys = DocKeys::new(key);
        let mut connection = self.connection.clone();
        let range: StreamRangeReply = self.call(connection.xrange_all(&keys.quarantine)).await?;
        let entries = range.ids.into_iter().map(|mut entry| {
            let field = |value: Option<Value>| match value {
                Some(Value::BulkString(bytes)) => bytes,
                _ => Vec::new(),
            };
            let reason = String::from_utf8_lossy(&field(entry.map.remove("r"))).into_owned();
            Quarantined { reason, update: Bytes::from(field(entry.map.remove("u"))) }
        });
        Ok(entries.collect())
    }

    async fn save_point(&self, key: DocKey, point: RestorePoint, keep: usize) -> Result<(), StoreError> {
        let keys = DocKeys::new(key);
        let info = serde_json::to_vec(&point.info)?;
        let mut connection = self.connection.clone();
        let mut invocation = self.scripts.save_point.key(keys::info(key.board));
        invocation.key(&keys.points).key(&keys.point_states);
        invocation.arg(point.info.id).arg(info).arg(point.state.as_ref()).arg(keep);
        let written: i64 = self.call(invocation.invoke_async(&mut connection)).await?;
        gone_if(written, key.board)
    }

    async fn points(&self, key: DocKey) -> Result<Vec<PointInfo>, StoreError> {
        let keys = DocKeys::new(key);
        let mut connection = self.connection.clone();
        let all: HashMap<u64, Vec<u8>> = self.call(connection.hgetall(&keys.points)).await?;
        let mut points =
            all.values().map(|info| serde_json::from_slice(info)).collect::<Result<Vec<PointInfo>, _>>()?;
        points.sort_unstable_by_key(|point| point.id);
        Ok(points)
    }

    async fn point(&self, key: DocKey, id: u64) -> Result<Option<Bytes>, StoreError> {
        let keys = DocKeys::new(key);
        let mut connection = self.connection.clone();
        let state: Option<Vec<u8>> = self.call(connection.hget(&keys.point_states, id)).await?;
        Ok(state.map(Bytes::from))
    }

    async fn boards(&self) -> Result<Vec<StoredBoard>, StoreError> {
        self.list_boards().await
    }

    async fn touch(&self, board: BoardId, at_ms: u64) -> Result<(), StoreError> {
        self.note(board, keys::used(board), at_ms).await
    }

    async fn mark_names_erased(&self, board: BoardId, at_ms: u64) -> Result<(), StoreError> {
        self.note(board, keys::names_erased(board), at_ms).await
    }

    async fn delete_board(&self, board: BoardId) -> Result<Option<BoardInfo>, StoreError> {
        self.delete(board).await
    }

    async fn records_of(&self, board: &BoardInfo) -> Result<Vec<String>, StoreError> {
        self.keys_of(board).await
    }

    async fn check(&self) -> Result<(), StoreError> {
        let mut connection = self.connection.clone();
        self.call(redis::cmd("PING").query_async::<()>(&mut connection)).await
    }
}

/// A script's answer as a result: [`StoreError::BoardGone`] for [`BOARD_GONE`].
fn gone_if(answer: i64, board: BoardId) -> Result<(), StoreError> {
    if answer == BOARD_GONE { Err(StoreError::BoardGone(board)) } else { Ok(()) }
}

/// Turns stream entries into log entries; an entry this code did not write is an error.
fn parse_entries(range: StreamRangeReply) -> Result<Vec<LogEntry>, StoreError> {
    range.ids.into_iter().map(|entry| parse_entry(entry.id, entry.map)).collect()
}

fn parse_entry(id: String, mut fields: HashMap<String, Value>) -> Result<LogEntry, StoreError> {
    let seq = id.split_once('-').and_then(|(seq, _)| seq.parse().ok());
    let update = match fields.remove("u") {
        Some(Value::BulkString(bytes)) => Some(Bytes::from(bytes)),
        _ => None,
    };
    let origin = match fields.remove("o") {
        Some(Value::BulkString(bytes)) => String::from_utf8(bytes).ok(),
        _ => None,
    };
    match (seq, origin, update) {
        (Some(seq), Some(origin), Some(update)) => Ok(LogEntry { seq, origin, update }),
        _ => Err(StoreError::CorruptLogEntry(id)),
    }
}
