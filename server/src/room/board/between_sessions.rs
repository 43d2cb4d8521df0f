//! Activities open between sessions close when their date comes
//! ([`polyphony_shared::governance::agenda::due_to_close`]): the board checks as it loads
//! and on every tick while it is loaded, so a participant's write lands at most one tick
//! after the date.

use polyphony_shared::agenda::ActivityState;
use polyphony_shared::governance::agenda::due_to_close;

use super::Board;

impl Board {
    /// Finishes every activity whose time open between sessions has run out.
    pub(super) async fn close_due_activities(&mut self) {
        let open = self.rules().activities.values().any(|activity| activity.state == ActivityState::Open);
        if !open {
            return;
        }
        let (board, now_ms) = (self.id, self.deps.clock.now_ms());
        let closed = self
            .govern(move |governed, txn| {
                for effect in due_to_close(&governed.activities(txn), now_ms) {
                    governed.apply(txn, &effect);
                }
                Ok(())
            })
            .await;
        if let Err(err) = closed {
            tracing::error!(%board, ?err, "closing activities whose date has come failed");
        }
    }
}
