//! The retention of data: now and then the server looks for boards nobody has opened for
//! the configured days and deletes them, or erases the names of the people in them, and
//! logs each. A board someone is on right now is left alone whatever its dates say.

use std::sync::Arc;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::clock::Clock;
use crate::config::RetentionAction;
use crate::deletion::{DeletedBy, delete_board};
use crate::room::Rooms;
use crate::store::Store;

/// A day in milliseconds.
const DAY_MS: u64 = 24 * 3600 * 1000;

/// How the retention runs.
#[derive(Debug, Clone, Copy)]
pub struct Retention {
    /// Days a board may go unused.
    pub days: u32,
    /// What then happens to it.
    pub action: RetentionAction,
    /// How long between two looks.
    pub every: Duration,
}

/// What one look did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Swept {
    /// Boards deleted.
    pub deleted: usize,
    /// Boards whose participants' names were erased.
    pub names_erased: usize,
    /// Boards it could not finish with (logged); tried again at the next look.
    pub failed: usize,
}

/// Looks for boards past their retention every [`Retention::every`] until `shutdown`.
pub async fn run(
    retention: Retention,
    rooms: Rooms,
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    shutdown: CancellationToken,
) {
    tracing::info!(days = retention.days, action = ?retention.action, "retention of data: on");
    let mut ticks = tokio::time::interval(retention.every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = ticks.tick() => {}
            () = shutdown.cancelled() => return,
        }
        match sweep(&retention, &rooms, store.as_ref(), clock.now_ms()).await {
            Ok(swept) if swept == Swept::default() => {}
            Ok(swept) => tracing::info!(?swept, "retention of data: done"),
            Err(err) => tracing::warn!(?err, "retention of data: cannot list the boards; trying again later"),
        }
    }
}

/// One look: acts on every board unused since before the cutoff that is not loaded.
pub async fn sweep(
    retention: &Retention,
    rooms: &Rooms,
    store: &dyn Store,
    now_ms: u64,
) -> Result<Swept, crate::store::StoreError> {
    let cutoff = now_ms.saturating_sub(u64::from(retention.days) * DAY_MS);
    let mut swept = Swept::default();
    for board in store.boards().await? {
        let id = board.info.id;
        if board.last_used_ms >= cutoff || rooms.is_loaded(id) {
            continue;
        }
        let unused_days = now_ms.saturating_sub(board.last_used_ms) / DAY_MS;
        match retention.action {
            RetentionAction::Delete => match delete_board(rooms, store, id, DeletedBy::Retention).await {
                Ok(_) => {
                    tracing::info!(board = %id, unused_days, "retention of data: board deleted");
                    swept.deleted += 1;
                }
                Err(err) => {
                    tracing::error!(board = %id, ?err, "retention of data: the board could not be deleted");
                    swept.failed += 1;
                }
            },
            RetentionAction::EraseNames => {
                if board.names_erased_ms.is_some_and(|erased| erased >= board.last_used_ms) {
                    continue;
                }
                match rooms.erase_names(id, crate::room::Whose::Everyone).await {
                    Ok(()) => {
                        if let Err(err) = store.mark_names_erased(id, now_ms).await {
                            tracing::warn!(board = %id, ?err, "retention of data: cannot note the erasure");
                        }
                        tracing::info!(board = %id, unused_days, "retention of data: participants' names erased");
                        swept.names_erased += 1;
                    }
                    Err(err) => {
                        tracing::error!(board = %id, ?err, "retention of data: names could not be erased");
                        swept.failed += 1;
                    }
                }
            }
        }
    }
    Ok(swept)
}
