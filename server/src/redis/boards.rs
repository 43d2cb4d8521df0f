//! Board-wide operations of the Redis store: the operator's listing of every board, deleting
//! a board with every key of it, and finding what is left of one.
//!
//! Keys are found with `SCAN` (never `KEYS`, which would stop Redis while it runs), on every
//! primary of a cluster: every key of a board carries its id as a hash tag ([`super::keys`]),
//! so one board's keys sit on one shard and are deleted in one slot's batches.

use std::collections::HashMap;

use polyphony_shared::{BoardId, BoardInfo, DocName};
use redis::AsyncCommands;

use super::keys::{self, DocKeys};
use super::store::RedisStore;
use super::wire;
use crate::store::{DocKey, StoreError, StoredBoard};

/// Keys per pipeline and per `DEL`.
const STEP: usize = 1000;

impl RedisStore {
    /// Every key matching `pattern`, on every shard.
    async fn scan(&self, pattern: &str) -> Result<Vec<String>, StoreError> {
        self.call(self.connection().scan(pattern)).await
    }

    /// Every board with metadata, when it was last used, and the memory its keys take.
    pub(super) async fn list_boards(&self) -> Result<Vec<StoredBoard>, StoreError> {
        let mut by_board: HashMap<BoardId, Vec<String>> = HashMap::new();
        for key in self.scan(keys::EVERY_BOARD).await? {
            if let Some(board) = keys::board_of(&key) {
                by_board.entry(board).or_default().push(key);
            }
        }
        let mut connection = self.connection();
        let mut listed = Vec::with_capacity(by_board.len());
        for (board, board_keys) in by_board {
            let (info, used, names_erased_ms): (Option<String>, Option<u64>, Option<u64>) = self
                .call(
                    redis::pipe()
                        .get(keys::info(board))
                        .get(keys::used(board))
                        .get(keys::names_erased(board))
                        .query_async(&mut connection),
                )
                .await?;
            // Keys without metadata are what a deletion in progress has not reached yet.
            let Some(info) = info else { continue };
            let info: BoardInfo = serde_json::from_str(&info)?;
            let mut bytes = 0;
            for chunk in board_keys.chunks(STEP) {
                let mut pipeline = redis::pipe();
                for key in chunk {
                    pipeline.cmd("MEMORY").arg("USAGE").arg(key);
                }
                let sizes: Vec<Option<u64>> = self.call(pipeline.query_async(&mut connection)).await?;
                bytes += sizes.into_iter().flatten().sum::<u64>();
            }
            let last_used_ms = used.unwrap_or(info.created_at_ms).max(info.created_at_ms);
            listed.push(StoredBoard { info, last_used_ms, bytes, names_erased_ms });
        }
        Ok(listed)
    }

    /// Deletes the board's metadata first (from then on every script refuses to write the
    /// board), tells every instance to stop it, then deletes the rest of its keys.
    pub(super) async fn delete(&self, board: BoardId) -> Result<Option<BoardInfo>, StoreError> {
        let mut connection = self.connection();
        let json: Option<String> =
            self.call(redis::cmd("GETDEL").arg(keys::info(board)).query_async(&mut connection)).await?;
        let Some(json) = json else { return Ok(None) };
        // Every loaded board follows its governed document's channel.
        let channel = DocKeys::new(DocKey { board, doc: DocName::Governed }).channel;
        let _listeners: i64 = self.call(connection.publish(channel, wire::deleted(self.origin()))).await?;
        let left = self.scan(&keys::all_of(board)).await?;
        for chunk in left.chunks(STEP) {
            let _deleted: i64 = self.call(connection.del(chunk)).await?;
        }
        let info: BoardInfo = serde_json::from_str(&json)?;
        let mut release = self.scripts().release_code.key(keys::join_code(info.join_code));
        release.arg(board.to_string());
        let _released: i64 = self.call(release.invoke_async(&mut connection)).await?;
        Ok(Some(info))
    }

    /// Notes a moment of the board under `key`, if the board is still there.
    pub(super) async fn note(&self, board: BoardId, key: String, at_ms: u64) -> Result<(), StoreError> {
        let mut connection = self.connection();
        let mut invocation = self.scripts().note.key(keys::info(board));
        invocation.key(key).arg(at_ms);
        let _noted: i64 = self.call(invocation.invoke_async(&mut connection)).await?;
        Ok(())
    }

    /// Every key that still holds something of the board.
    pub(super) async fn keys_of(&self, board: &BoardInfo) -> Result<Vec<String>, StoreError> {
        let mut left = self.scan(&keys::all_of(board.id)).await?;
        let mut connection = self.connection();
        let code = keys::join_code(board.join_code);
        let owner: Option<String> = self.call(connection.get(&code)).await?;
        if owner == Some(board.id.to_string()) {
            left.push(code);
        }
        left.sort();
        Ok(left)
    }
}
