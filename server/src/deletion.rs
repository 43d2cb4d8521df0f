//! Deleting a board for good, as its facilitator, the operator or the retention of data
//! asks: the board stops everywhere it runs, every record of it leaves the store, and the
//! store is then asked what it still holds of the board — the answer must be nothing.

use polyphony_shared::BoardId;
use polyphony_shared::admin::DeletedBoard;

use crate::room::Rooms;
use crate::store::{Store, StoreError};

/// Who deleted a board, for the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeletedBy {
    /// The board's facilitator.
    Facilitator,
    /// The operator, through the admin API.
    Operator,
    /// The retention of data: nobody used it for the configured days.
    Retention,
}

/// Why a deletion did not finish.
#[derive(Debug, thiserror::Error)]
pub enum DeletionError {
    /// The store failed; whatever was deleted stays deleted, and deleting again finishes it.
    #[error("storage failed while deleting")]
    Store(#[from] StoreError),
    /// The store still holds records of the board after deleting it.
    #[error("records of the board are left after deleting it: {}", .0.join(", "))]
    RecordsLeft(Vec<String>),
}

/// Deletes the board and checks that nothing of it is left; `None` if there was no such board.
pub async fn delete_board(
    rooms: &Rooms,
    store: &dyn Store,
    board: BoardId,
    by: DeletedBy,
) -> Result<Option<DeletedBoard>, DeletionError> {
    let Some(info) = rooms.delete(board).await? else { return Ok(None) };
    let left = store.records_of(&info).await?;
    if !left.is_empty() {
        tracing::error!(%board, ?left, "records of a deleted board are left");
        return Err(DeletionError::RecordsLeft(left));
    }
    // The title may name people or places: the log keeps the id only.
    tracing::info!(%board, ?by, "board deleted with every record of it");
    Ok(Some(DeletedBoard { id: info.id, created_at_ms: info.created_at_ms }))
}
