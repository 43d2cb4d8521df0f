//! Every document of a board as its whole yrs state, for a backup
//! ([`polyphony_shared::backup`]): the fixed four, each activity's own document and each
//! café table's, read one at a time inside the board's task.

use polyphony_shared::agenda::{ActivityHome, ActivityKind};
use polyphony_shared::{DocName, GovernedDoc};
use yrs::{ReadTxn, StateVector, Transact};

use super::Board;
use crate::room::GovernError;

/// Each document's name and whole state.
pub(crate) async fn documents(board: &mut Board) -> Result<Vec<crate::room::DocState>, GovernError> {
    let names = board
        .look(DocName::Governed, |doc, _| {
            let governed = GovernedDoc::from_doc(doc.clone());
            let txn = doc.transact();
            let cafes = governed.cafes(&txn);
            let mut names = DocName::FIXED.to_vec();
            for activity in governed.activities(&txn).values().filter(|activity| activity.home == ActivityHome::Own) {
                names.push(DocName::Activity(activity.id));
                if activity.kind != ActivityKind::WorldCafe {
                    continue;
                }
                let tables = cafes.get(&activity.id).map_or(0, |cafe| cafe.tables.len());
                let tables = (0..tables).filter_map(|table| u8::try_from(table).ok());
                names.extend(tables.map(|table| DocName::Table { cafe: activity.id, table }));
            }
            names
        })
        .await?;
    let mut documents = Vec::with_capacity(names.len());
    for name in names {
        let state =
            board.look(name, |doc, _| doc.transact().encode_state_as_update_v1(&StateVector::default())).await?;
        documents.push((name, state));
    }
    Ok(documents)
}
