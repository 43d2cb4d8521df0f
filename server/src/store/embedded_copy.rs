//! A consistent copy of the embedded store taken while it serves (`polyphony backup`), and
//! checking a copy before it is put in place (`polyphony restore`).
//!
//! The copy reads every table in one read transaction: redb's MVCC gives it the state of
//! the last commit, whole, while the writer goes on committing. Every update acknowledged
//! to a client before the copy began is in that commit (a room broadcasts an update only
//! once its append has returned). The rows go into a new database file, written and
//! committed (fsynced) before the copy counts as made.

use std::path::Path;

use redb::{Database, Key, ReadableDatabase, ReadableTable, TableDefinition, Value};

use super::boards::{LAST_USED, NAMES_ERASED};
use super::points::{POINT_INFO, POINT_STATE};
use super::{BOARDS, JOIN_CODES, QUARANTINE, SETTINGS, SNAPSHOTS, TOKEN_SECRET, UPDATES};
use crate::store::{StoreCopy, StoreError};

/// Copies every table of `db` into a new database file at `path` (which must not exist).
pub(super) fn copy_to(db: &Database, path: &Path) -> Result<StoreCopy, StoreError> {
    let copy = Database::builder().create(path).map_err(redb::Error::from)?;
    let from = db.begin_read().map_err(redb::Error::from)?;
    let to = copy.begin_write().map_err(redb::Error::from)?;
    let boards = copy_table(&from, &to, BOARDS)?;
    copy_table(&from, &to, JOIN_CODES)?;
    let updates = copy_table(&from, &to, UPDATES)?;
    copy_table(&from, &to, SNAPSHOTS)?;
    copy_table(&from, &to, QUARANTINE)?;
    copy_table(&from, &to, SETTINGS)?;
    copy_table(&from, &to, POINT_INFO)?;
    copy_table(&from, &to, POINT_STATE)?;
    copy_table(&from, &to, LAST_USED)?;
    copy_table(&from, &to, NAMES_ERASED)?;
    to.commit().map_err(redb::Error::from)?;
    drop(copy);
    let bytes = std::fs::metadata(path)?.len();
    Ok(StoreCopy { boards, updates, bytes })
}

/// Copies one table's rows; how many.
fn copy_table<K: Key + 'static, V: Value + 'static>(
    from: &redb::ReadTransaction,
    to: &redb::WriteTransaction,
    table: TableDefinition<K, V>,
) -> Result<u64, redb::Error> {
    let source = from.open_table(table)?;
    let mut target = to.open_table(table)?;
    let mut rows = 0;
    for entry in source.iter()? {
        let (key, value) = entry?;
        target.insert(key.value(), value.value())?;
        rows += 1;
    }
    Ok(rows)
}

/// Checks that `path` is a copy of a Polyphony store: a redb file that opens, with the
/// board table and the token secret. What it holds, or why it is refused.
pub fn check_copy(path: &Path) -> Result<StoreCopy, StoreError> {
    let db = redb::ReadOnlyDatabase::open(path).map_err(redb::Error::from)?;
    let txn = db.begin_read().map_err(redb::Error::from)?;
    let boards = txn.open_table(BOARDS).map_err(redb::Error::from)?;
    let settings = txn.open_table(SETTINGS).map_err(redb::Error::from)?;
    if settings.get(TOKEN_SECRET).map_err(redb::Error::from)?.is_none() {
        return Err(StoreError::CorruptSecret);
    }
    let updates = txn.open_table(UPDATES).map_err(redb::Error::from)?;
    Ok(StoreCopy {
        boards: redb::ReadableTableMetadata::len(&boards).map_err(redb::Error::from)?,
        updates: redb::ReadableTableMetadata::len(&updates).map_err(redb::Error::from)?,
        bytes: std::fs::metadata(path)?.len(),
    })
}
