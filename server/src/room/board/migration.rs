//! Boards stored before the agenda get theirs as they load
//! ([`polyphony_shared::governed::migration`]): the change is the server's own, stored and
//! sent like any governed change, before the board answers its first request. An
//! activity's document gets the schema version the first time it is opened.

use polyphony_shared::BoardDoc;
use yrs::Transact;
use yrs::updates::decoder::Decode;

use super::Board;
use crate::room::GovernError;
use crate::room::actor::Room;

/// Writes the schema's seed into a document that has none yet (an activity's, opened for
/// the first time); returns whether it did.
pub(super) async fn seed_if_new(room: &mut Room) -> bool {
    let mut seeded = false;
    let seed = |doc: &yrs::Doc, _: &_| {
        if BoardDoc::from_doc(doc.clone()).schema_version().is_some() {
            return Ok(yrs::Update::EMPTY_V1.to_vec());
        }
        let update = yrs::Update::decode_v1(&BoardDoc::seed_update()).map_err(|_| GovernError::Unavailable)?;
        let mut txn = doc.transact_mut();
        txn.apply_update(update).map_err(|_| GovernError::Unavailable)?;
        seeded = true;
        Ok(txn.encode_update_v1())
    };
    let result = room.change(seed).await;
    if let Err(err) = result {
        tracing::error!(?err, "seeding an activity's document failed");
    }
    seeded
}

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
