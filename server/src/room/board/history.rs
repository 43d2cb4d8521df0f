//! Restore points inside the board's task: taking one of the content now, previewing one
//! against the board now, and bringing the board (or one card) back to one
//! ([`crate::history`] keeps what needs only the store).

use polyphony_shared::history::{PointPreview, PreviewCard};
use polyphony_shared::schema::{RestoreLimits, RestoreScope};
use polyphony_shared::{BoardDoc, DocName};
use yrs::Transact;

use super::Board;
use crate::history::{load, point_of};
use crate::room::{BoardRules, GovernError};
use crate::store::DocKey;

/// Takes a restore point of the board's content now (`now_ms`, the command's time).
pub(crate) async fn take(board: &mut Board, label: String, now_ms: u64) -> Result<(), GovernError> {
    let point = board.look(DocName::Content, |doc, _| point_of(doc, label, now_ms)).await?;
    let content = DocKey { board: board.id(), doc: DocName::Content };
    let kept = board.point_settings().kept;
    board.store().save_point(content, point, kept).await.map_err(|_| GovernError::Unavailable)
}

/// What a restore point holds, compared with the board now. Cards hidden now show no words.
pub(crate) async fn preview(board: &mut Board, id: u64) -> Result<PointPreview, GovernError> {
    let (info, then) = load(board.store(), board.id(), id).await?;
    let (now, hidden) = board
        .look(DocName::Content, |doc, rules| (BoardDoc::from_doc(doc.clone()).snapshot(), rules.hidden.clone()))
        .await?;
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
pub(crate) async fn restore(board: &mut Board, id: u64, scope: RestoreScope, now_ms: u64) -> Result<(), GovernError> {
    let (info, then) = load(board.store(), board.id(), id).await?;
    let label = match &scope {
        RestoreScope::Board => format!("Before going back to “{}”", info.label),
        RestoreScope::Card(_) => format!("Before bringing back a card from “{}”", info.label),
    };
    take(board, label, now_ms).await?;
    let then = then.snapshot();
    let write = move |doc: &yrs::Doc, rules: &BoardRules| {
        let content = BoardDoc::from_doc(doc.clone());
        let mut txn = doc.transact_mut();
        let limits = RestoreLimits { hidden: &rules.hidden, anonymous: rules.anonymous, now_ms: now_ms as f64 };
        if !content.restore_to(&mut txn, &then, &scope, limits) {
            return Err(GovernError::NotFound("card in this restore point"));
        }
        Ok(txn.encode_update_v1())
    };
    board.change(DocName::Content, write).await
}
