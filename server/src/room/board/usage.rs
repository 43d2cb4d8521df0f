//! When a board was last used, for the operator's listing and the retention of data:
//! noted in the store when the first person joins the loaded board, then at most hourly
//! while people keep joining (a reload, a reconnect, a newcomer).

use std::sync::Arc;
use std::time::Duration;

use super::Board;

/// How often a board in use notes so again.
const NOTE_EVERY: Duration = Duration::from_secs(3600);

impl Board {
    /// Someone joined one of the board's documents: note it, unless it was noted lately.
    pub(super) fn note_use(&mut self) {
        if self.touched.is_some_and(|noted| noted.elapsed() < NOTE_EVERY) {
            return;
        }
        self.touched = Some(tokio::time::Instant::now());
        let (store, board, at_ms) = (Arc::clone(&self.deps.store), self.id, self.deps.clock.now_ms());
        // Off the board's task: a slow store must not hold the join up.
        self.deps.tasks.spawn(async move {
            if let Err(err) = store.touch(board, at_ms).await {
                tracing::warn!(%board, ?err, "could not note when the board was last used");
            }
        });
    }
}
