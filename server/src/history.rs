//! Restore points of a board's content: taking them, listing them, previewing one, and
//! bringing the board (or one card) back to it ([`polyphony_shared::history`]).
//!
//! Points are whole states of the content document, kept in the store beside it (a bounded
//! number per board). The content room takes one every few minutes while people write
//! ([`crate::room`]); the board's task takes one before every phase change and before
//! every restore, so a restore can itself be undone ([`crate::room::board::history`]).

use std::time::Duration;

use bytes::Bytes;
use polyphony_shared::history::PointInfo;
use polyphony_shared::{BoardDoc, BoardId, DocName};
use yrs::updates::decoder::Decode;
use yrs::{ReadTxn, StateVector, Transact};

use crate::room::GovernError;
use crate::store::{DocKey, RestorePoint, Store};

/// How often restore points are taken while people write, and how many are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PointSettings {
    /// At most one automatic point per this long.
    pub every: Duration,
    /// Points kept per board.
    pub kept: usize,
}

/// The label of the points taken while people write.
pub const EVERY_FEW_MINUTES: &str = "Every few minutes";

/// A restore point of a content document as it is now, taken at `now_ms` (its id).
pub fn point_of(doc: &yrs::Doc, label: String, now_ms: u64) -> RestorePoint {
    let state = doc.transact().encode_state_as_update_v1(&StateVector::default());
    let then = BoardDoc::from_doc(doc.clone()).snapshot();
    RestorePoint { info: PointInfo::of(now_ms, label, &then), state: Bytes::from(state) }
}

/// The board's restore points, newest first.
pub async fn list(store: &dyn Store, board: BoardId) -> Result<Vec<PointInfo>, GovernError> {
    let mut points =
        store.points(DocKey { board, doc: DocName::Content }).await.map_err(|_| GovernError::Unavailable)?;
    points.reverse();
    Ok(points)
}

/// A stored restore point of the board's content, as a document.
pub(crate) async fn load(store: &dyn Store, board: BoardId, id: u64) -> Result<(PointInfo, BoardDoc), GovernError> {
    let content = DocKey { board, doc: DocName::Content };
    let points = store.points(content).await.map_err(|_| GovernError::Unavailable)?;
    let info = points.into_iter().find(|point| point.id == id).ok_or(GovernError::NotFound("restore point"))?;
    let state = store.point(content, id).await.map_err(|_| GovernError::Unavailable)?;
    let state = state.ok_or(GovernError::NotFound("restore point"))?;
    let then = BoardDoc::new();
    let update = yrs::Update::decode_v1(&state).map_err(|_| GovernError::Unavailable)?;
    then.doc().transact_mut().apply_update(update).map_err(|_| GovernError::Unavailable)?;
    Ok((info, then))
}
