//! Board-wide records of the embedded store: when each board was last used, the operator's
//! listing of every board, and deleting a board with every record of it.
//!
//! Every table keys a board's documents by `"<board>/<doc>"` (hex board id, then a slash),
//! so all of one board's rows lie in one key range: from `"<board>/"` up to `"<board>0"`
//! (`'0'` follows `'/'`).

use polyphony_shared::{BoardId, BoardInfo};
use redb::{Database, ReadableDatabase, ReadableTable, TableDefinition};

use super::points::{POINT_INFO, POINT_STATE};
use super::writer::Tables;
use super::{BOARDS, QUARANTINE, SNAPSHOTS, UPDATES};
use crate::store::{StoreError, StoredBoard};

/// Board id → when someone last opened it (milliseconds since the Unix epoch).
pub(super) const LAST_USED: TableDefinition<&str, u64> = TableDefinition::new("last_used");
/// Board id → when everyone's names on it were erased (milliseconds since the Unix epoch).
pub(super) const NAMES_ERASED: TableDefinition<&str, u64> = TableDefinition::new("names_erased");

/// The range of document keys that belong to `board`: `start..end`.
fn doc_range(board: &str) -> (String, String) {
    (format!("{board}/"), format!("{board}0"))
}

impl Tables<'_> {
    /// Whether the board is stored; writes for a board that is not are refused.
    pub(super) fn has_board(&self, board: BoardId) -> Result<bool, redb::Error> {
        Ok(self.boards.get(board.to_string().as_str())?.is_some())
    }

    /// Notes when the board was last used (or, with `names`, when its names were erased),
    /// if it is stored.
    pub(super) fn note(&mut self, board: BoardId, at_ms: u64, names: bool) -> Result<(), redb::Error> {
        let id = board.to_string();
        if self.boards.get(id.as_str())?.is_some() {
            let table = if names { &mut self.names_erased } else { &mut self.last_used };
            table.insert(id.as_str(), at_ms)?;
        }
        Ok(())
    }

    /// Removes the board and every row of it; its metadata if it was stored.
    pub(super) fn delete_board(
        &mut self,
        board: BoardId,
    ) -> Result<Result<Option<BoardInfo>, StoreError>, redb::Error> {
        let id = board.to_string();
        let Some(record) = self.boards.remove(id.as_str())? else {
            return Ok(Ok(None));
        };
        let info: Result<BoardInfo, _> = serde_json::from_slice(record.value());
        drop(record);
        let info = match info {
            Ok(info) => info,
            Err(err) => return Ok(Err(err.into())),
        };
        // The join code goes only if it still opens this board.
        let code = info.join_code;
        if self.join_codes.get(code.as_str())?.is_some_and(|owner| owner.value() == id) {
            self.join_codes.remove(code.as_str())?;
        }
        self.last_used.remove(id.as_str())?;
        self.names_erased.remove(id.as_str())?;
        let (start, end) = doc_range(&id);
        let (start, end) = (start.as_str(), end.as_str());
        self.updates.retain_in((start, 0)..(end, 0), |_, _| false)?;
        self.snapshots.retain_in(start..end, |_, _| false)?;
        self.quarantine.retain_in((start, 0)..(end, 0), |_, _| false)?;
        self.points.info.retain_in((start, 0)..(end, 0), |_, _| false)?;
        self.points.state.retain_in((start, 0)..(end, 0), |_, _| false)?;
        Ok(Ok(Some(info)))
    }
}

/// Every stored board with its last use and size. Blocking; one read transaction.
pub(super) fn list(db: &Database) -> Result<Vec<StoredBoard>, StoreError> {
    let txn = db.begin_read().map_err(redb::Error::from)?;
    let boards = txn.open_table(BOARDS).map_err(redb::Error::from)?;
    let last_used = txn.open_table(LAST_USED).map_err(redb::Error::from)?;
    let names_erased = txn.open_table(NAMES_ERASED).map_err(redb::Error::from)?;
    let updates = txn.open_table(UPDATES).map_err(redb::Error::from)?;
    let snapshots = txn.open_table(SNAPSHOTS).map_err(redb::Error::from)?;
    let quarantine = txn.open_table(QUARANTINE).map_err(redb::Error::from)?;
    let point_info = txn.open_table(POINT_INFO).map_err(redb::Error::from)?;
    let point_state = txn.open_table(POINT_STATE).map_err(redb::Error::from)?;
    let mut listed = Vec::new();
    for entry in boards.iter().map_err(redb::Error::from)? {
        let (id, record) = entry.map_err(redb::Error::from)?;
        let info: BoardInfo = serde_json::from_slice(record.value())?;
        let id = id.value();
        let used = last_used.get(id).map_err(redb::Error::from)?.map(|at| at.value());
        let names_erased_ms = names_erased.get(id).map_err(redb::Error::from)?.map(|at| at.value());
        let (start, end) = doc_range(id);
        let (start, end) = (start.as_str(), end.as_str());
        let mut bytes = (id.len() + record.value().len()) as u64;
        for row in updates.range((start, 0)..(end, 0)).map_err(redb::Error::from)? {
            let (key, value) = row.map_err(redb::Error::from)?;
            bytes += (key.value().0.len() + 8 + value.value().len()) as u64;
        }
        for row in snapshots.range(start..end).map_err(redb::Error::from)? {
            let (key, value) = row.map_err(redb::Error::from)?;
            bytes += (key.value().len() + 8 + value.value().1.len()) as u64;
        }
        for row in quarantine.range((start, 0)..(end, 0)).map_err(redb::Error::from)? {
            let (key, value) = row.map_err(redb::Error::from)?;
            let (reason, update) = value.value();
            bytes += (key.value().0.len() + 8 + reason.len() + update.len()) as u64;
        }
        for table in [&point_info, &point_state] {
            for row in table.range((start, 0)..(end, 0)).map_err(redb::Error::from)? {
                let (key, value) = row.map_err(redb::Error::from)?;
                bytes += (key.value().0.len() + 8 + value.value().len()) as u64;
            }
        }
        let last_used_ms = used.unwrap_or(info.created_at_ms).max(info.created_at_ms);
        listed.push(StoredBoard { info, last_used_ms, bytes, names_erased_ms });
    }
    Ok(listed)
}

/// Where anything of the board is left: one line per table that still has rows of it.
pub(super) fn records_of(db: &Database, board: &BoardInfo) -> Result<Vec<String>, redb::Error> {
    let txn = db.begin_read()?;
    let id = board.id.to_string();
    let (start, end) = doc_range(&id);
    let (start, end) = (start.as_str(), end.as_str());
    let mut left = Vec::new();
    let mut note = |table: &str, rows: usize| {
        if rows > 0 {
            left.push(format!("{table}: {rows} rows"));
        }
    };
    note("boards", usize::from(txn.open_table(BOARDS)?.get(id.as_str())?.is_some()));
    note("last_used", usize::from(txn.open_table(LAST_USED)?.get(id.as_str())?.is_some()));
    note("names_erased", usize::from(txn.open_table(NAMES_ERASED)?.get(id.as_str())?.is_some()));
    let codes = txn.open_table(super::JOIN_CODES)?;
    note("join_codes", usize::from(codes.get(board.join_code.as_str())?.is_some_and(|owner| owner.value() == id)));
    note("updates", txn.open_table(UPDATES)?.range((start, 0)..(end, 0))?.count());
    note("snapshots", txn.open_table(SNAPSHOTS)?.range(start..end)?.count());
    note("quarantine", txn.open_table(QUARANTINE)?.range((start, 0)..(end, 0))?.count());
    note("point_info", txn.open_table(POINT_INFO)?.range((start, 0)..(end, 0))?.count());
    note("point_state", txn.open_table(POINT_STATE)?.range((start, 0)..(end, 0))?.count());
    Ok(left)
}
