//! Server writes to the content document that moderation needs: anonymity that holds for
//! what was written before it was turned on.

use std::sync::Arc;

use polyphony_shared::{BoardDoc, BoardId, DocName};
use yrs::Transact;

use crate::room::{DocWrite, GovernError, Rooms};
use crate::store::DocKey;

/// Takes the author's name off every card on the board (anonymous mode was just turned
/// on). The names are overwritten, so the server's copy no longer holds them and no
/// client that syncs from now on receives them; browsers that already had them keep
/// what they had.
pub async fn strip_author_names(rooms: &Rooms, board: BoardId) -> Result<(), GovernError> {
    let strip: DocWrite = Arc::new(|doc, _| {
        let content = BoardDoc::from_doc(doc.clone());
        let mut txn = doc.transact_mut();
        content.clear_author_names(&mut txn);
        Ok(txn.encode_update_v1())
    });
    rooms.write(DocKey { board, doc: DocName::Content }, strip).await
}
