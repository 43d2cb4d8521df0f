//! Restore points in the embedded store: one table lists them, another holds their states,
//! both keyed by document and point id (when it was taken), so listing reads no state.

use bytes::Bytes;
use polyphony_shared::history::PointInfo;
use redb::{Database, ReadableDatabase, ReadableTable, Table, TableDefinition};

use super::StoreError;

/// (document key, point id) -> the point's listing (JSON [`PointInfo`]).
pub(super) const POINT_INFO: TableDefinition<(&str, u64), &[u8]> = TableDefinition::new("point_info");
/// (document key, point id) -> the document's state then (v1 update).
pub(super) const POINT_STATE: TableDefinition<(&str, u64), &[u8]> = TableDefinition::new("point_state");

/// The two tables, open in a write transaction.
pub(super) struct PointTables<'txn> {
    pub(super) info: Table<'txn, (&'static str, u64), &'static [u8]>,
    pub(super) state: Table<'txn, (&'static str, u64), &'static [u8]>,
}

impl PointTables<'_> {
    /// Keeps a point and drops the oldest beyond the newest `keep`.
    pub(super) fn save(
        &mut self,
        key: &str,
        id: u64,
        info: &[u8],
        state: &[u8],
        keep: usize,
    ) -> Result<(), redb::Error> {
        self.info.insert((key, id), info)?;
        self.state.insert((key, id), state)?;
        let ids: Vec<u64> = self
            .info
            .range((key, 0)..=(key, u64::MAX))?
            .map(|entry| entry.map(|(position, _)| position.value().1))
            .collect::<Result<_, _>>()?;
        for old in ids.iter().take(ids.len().saturating_sub(keep.max(1))) {
            self.info.remove((key, *old))?;
            self.state.remove((key, *old))?;
        }
        Ok(())
    }
}

/// A document's points, oldest first.
pub(super) fn list(db: &Database, key: &str) -> Result<Vec<PointInfo>, StoreError> {
    let txn = db.begin_read().map_err(redb::Error::from)?;
    let table = txn.open_table(POINT_INFO).map_err(redb::Error::from)?;
    let mut points = Vec::new();
    for entry in table.range((key, 0)..=(key, u64::MAX)).map_err(redb::Error::from)? {
        let (_, info) = entry.map_err(redb::Error::from)?;
        points.push(serde_json::from_slice(info.value())?);
    }
    Ok(points)
}

/// The state one point kept.
pub(super) fn state(db: &Database, key: &str, id: u64) -> Result<Option<Bytes>, StoreError> {
    let txn = db.begin_read().map_err(redb::Error::from)?;
    let table = txn.open_table(POINT_STATE).map_err(redb::Error::from)?;
    Ok(table.get((key, id)).map_err(redb::Error::from)?.map(|state| Bytes::copy_from_slice(state.value())))
}
