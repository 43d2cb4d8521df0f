//! Restore points of a board's content: taking them, listing them, previewing one, and
//! bringing the board (or one card) back to it ([`polyphony_shared::history`]).
//!
//! Points are whole states of the content document, kept in the store beside it (a bounded
//! number per board). The content room takes one every few minutes while people write
//! ([`crate::room`]); the commands here take one before every phase change and before
//! every restore, so a restore can itself be undone.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use polyphony_shared::history::{PointInfo, PointPreview, PreviewCard};
use polyphony_shared::schema::{RestoreLimits, RestoreScope};
use polyphony_shared::{BoardDoc, BoardId, DocName};
use yrs::updates::decoder::Decode;
use yrs::{ReadTxn, StateVector, Transact};

use crate::access::now_ms;
use crate::room::{DocWrite, GovernError, Rooms};
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

/// A restore point of a content document as it is now.
pub fn point_of(doc: &yrs::Doc, label: String) -> RestorePoint {
    let state = doc.transact().encode_state_as_update_v1(&StateVector::default());
    let then = BoardDoc::from_doc(doc.clone()).snapshot();
    RestorePoint { info: PointInfo::of(now_ms(), label, &then), state: Bytes::from(state) }
}

/// Takes a restore point of the board's content now.
pub async fn take(
    rooms: &Rooms,
    store: &dyn Store,
    board: BoardId,
    label: String,
    settings: PointSettings,
) -> Result<(), GovernError> {
    let content = DocKey { board, doc: DocName::Content };
    let point =
        rooms.read(content, move |doc, _| point_of(doc, label.clone())).await.map_err(|_| GovernError::Unavailable)?;
    store.save_point(content, point, settings.kept).await.map_err(|_| GovernError::Unavailable)
}

/// The board's restore points, newest first.
pub async fn list(store: &dyn Store, board: BoardId) -> Result<Vec<PointInfo>, GovernError> {
    let mut points =
        store.points(DocKey { board, doc: DocName::Content }).await.map_err(|_| GovernError::Unavailable)?;
    points.reverse();
    Ok(points)
}

/// What a restore point holds, compared with the board now. Cards hidden now show no words.
pub async fn preview(rooms: &Rooms, store: &dyn Store, board: BoardId, id: u64) -> Result<PointPreview, GovernError> {
    let (info, then) = load(store, board, id).await?;
    let content = DocKey { board, doc: DocName::Content };
    let (now, hidden) = rooms
        .read(content, |doc, rules| (BoardDoc::from_doc(doc.clone()).snapshot(), rules.hidden.clone()))
        .await
        .map_err(|_| GovernError::Unavailable)?;
    let then = then.snapshot();
    let cards = then
        .cards
        .iter()
        .map(|card| {
            let hidden = hidden.contains(&card.id);
            PreviewCard {
                id: card.id.clone(),
                text: if hidden { String::new() } else { card.text.clone() },
                unchanged: now.cards.iter().any(|current| current.id == card.id && current.text == card.text),
                perspective: card.perspective,
            }
        })
        .collect();
    Ok(PointPreview {
        info,
        problem_statement: then.problem_statement,
        questions: then.questions.into_iter().map(|question| question.text).collect(),
        cards,
    })
}

/// Brings the board, or one card, back to restore point `id`, after taking a point of how
/// it is now.
pub async fn restore(
    rooms: &Rooms,
    store: &dyn Store,
    board: BoardId,
    id: u64,
    scope: RestoreScope,
    settings: PointSettings,
) -> Result<(), GovernError> {
    let (info, then) = load(store, board, id).await?;
    let label = match &scope {
        RestoreScope::Board => format!("Before going back to “{}”", info.label),
        RestoreScope::Card(_) => format!("Before bringing back a card from “{}”", info.label),
    };
    take(rooms, store, board, label, settings).await?;
    let then = Arc::new(then.snapshot());
    let write: DocWrite = Arc::new(move |doc, rules| {
        let content = BoardDoc::from_doc(doc.clone());
        let mut txn = doc.transact_mut();
        let limits = RestoreLimits { hidden: &rules.hidden, anonymous: rules.anonymous, now_ms: now_ms() as f64 };
        if !content.restore_to(&mut txn, &then, &scope, limits) {
            return Err(GovernError::NotFound("card in this restore point"));
        }
        Ok(txn.encode_update_v1())
    });
    rooms.write(DocKey { board, doc: DocName::Content }, write).await
}

async fn load(store: &dyn Store, board: BoardId, id: u64) -> Result<(PointInfo, BoardDoc), GovernError> {
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
