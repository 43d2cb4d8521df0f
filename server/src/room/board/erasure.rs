//! Erasing names from a board inside its task ([`polyphony_shared::erasure`]): a person's
//! own, at their request, or everyone's, for the retention of data.
//!
//! Every document that keeps names is changed, the governed document last (until then the
//! participant records still hold the names the cards are matched by, so an erasure cut
//! short can simply run again). The changes are stored, then each changed document's log
//! is folded into a snapshot at once and the restore points are rewritten, so the names
//! are left nowhere in the store: not in an old log entry, not in a point taken earlier.

use bytes::Bytes;
use polyphony_shared::actions::doc::ActionsDoc;
use polyphony_shared::drafts::DraftsDoc;
use polyphony_shared::erasure::Erasing;
use polyphony_shared::governance::{Missing, Refusal};
use polyphony_shared::{BoardDoc, DocName, GovernedDoc, ParticipantId};
use yrs::updates::decoder::Decode;
use yrs::{ReadTxn, StateVector, Transact};

use super::Board;
use crate::room::GovernError;
use crate::store::{DocKey, RestorePoint};

/// Whose names to erase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whose {
    /// Everyone who ever took part.
    Everyone,
    /// One participant.
    Participant(ParticipantId),
}

/// Erases the names; answers once they are gone from the store too.
pub(crate) async fn erase(board: &mut Board, whose: Whose) -> Result<(), GovernError> {
    let erasing = match whose {
        Whose::Everyone => Erasing::Everyone,
        Whose::Participant(id) => {
            let record = board
                .look(DocName::Governed, |doc, _| GovernedDoc::from_doc(doc.clone()).participant(&doc.transact(), id))
                .await?;
            let record = record.ok_or(GovernError::Rule(Refusal::NotFound(Missing::Participant)))?;
            Erasing::One(record.participant)
        }
    };
    let documents = documents_with_names(board);
    for doc in &documents {
        let erasing = erasing.clone();
        board
            .change(*doc, move |ydoc, _| {
                // The roots are taken before the transaction: taking one needs a transaction of its own.
                match doc {
                    DocName::Drafts => {
                        let drafts = DraftsDoc::from_doc(ydoc.clone());
                        let mut txn = ydoc.transact_mut();
                        drafts.erase_names(&mut txn, &erasing);
                        Ok(txn.encode_update_v1())
                    }
                    DocName::Governed => {
                        let governed = GovernedDoc::from_doc(ydoc.clone());
                        let mut txn = ydoc.transact_mut();
                        governed.erase_names(&mut txn, &erasing);
                        Ok(txn.encode_update_v1())
                    }
                    _ => {
                        let (cards, plan) = (BoardDoc::from_doc(ydoc.clone()), ActionsDoc::from_doc(ydoc.clone()));
                        let mut txn = ydoc.transact_mut();
                        cards.erase_author_names(&mut txn, &erasing);
                        plan.erase_volunteer_names(&mut txn, &erasing);
                        Ok(txn.encode_update_v1())
                    }
                }
            })
            .await?;
    }
    board.release().await.map_err(|_| GovernError::Unavailable)?;
    for doc in &documents {
        if let Some(room) = board.rooms.get_mut(doc) {
            room.compact_now().await.map_err(|_| GovernError::Unavailable)?;
        }
    }
    scrub_points(board, &erasing).await
}

/// The board's documents that may hold names, the governed document last.
fn documents_with_names(board: &Board) -> Vec<DocName> {
    let rules = board.rules();
    let activities = rules.activities.values().map(|activity| activity.document);
    let tables = rules.cafes.iter().flat_map(|(cafe, seats)| {
        (0..seats.tables)
            .filter_map(|table| u8::try_from(table).ok())
            .map(|table| DocName::Table { cafe: *cafe, table })
    });
    let mut documents: Vec<DocName> = std::iter::once(DocName::Content).chain(activities).chain(tables).collect();
    documents.sort();
    documents.dedup();
    documents.extend([DocName::Drafts, DocName::Governed]);
    documents
}

/// Rewrites every restore point of the content that holds a name the erasure covers.
async fn scrub_points(board: &mut Board, erasing: &Erasing) -> Result<(), GovernError> {
    let content = DocKey { board: board.id(), doc: DocName::Content };
    let store = board.store();
    let points = store.points(content).await.map_err(|_| GovernError::Unavailable)?;
    let kept = board.point_settings().kept;
    for info in points {
        let Some(state) = store.point(content, info.id).await.map_err(|_| GovernError::Unavailable)? else {
            continue;
        };
        let then = BoardDoc::new();
        let update = yrs::Update::decode_v1(&state).map_err(|_| GovernError::Unavailable)?;
        then.doc().transact_mut().apply_update(update).map_err(|_| GovernError::Unavailable)?;
        if then.erase_author_names(&mut then.doc().transact_mut(), erasing) == 0 {
            continue;
        }
        let state = then.doc().transact().encode_state_as_update_v1(&StateVector::default());
        let point = RestorePoint { info, state: Bytes::from(state) };
        store.save_point(content, point, kept).await.map_err(|_| GovernError::Unavailable)?;
    }
    Ok(())
}
