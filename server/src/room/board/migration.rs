//! Boards stored before the agenda get theirs as they load
//! ([`polyphony_shared::governed::migration`]): the change is the server's own, stored and
//! sent like any governed change, before the board answers its first request.

use super::Board;

impl Board {
    /// Gives the board its agenda if it was stored before there was one.
    pub(super) async fn migrate(&mut self) {
        let board = self.id;
        let migrated = self
            .govern(|governed, txn| {
                if governed.migrate(txn, board) {
                    tracing::info!(%board, "a board from before the agenda now has one");
                }
                Ok(())
            })
            .await;
        if let Err(err) = migrated {
            tracing::error!(%board, ?err, "giving a board from before the agenda its agenda failed");
        }
    }
}
