//! An action plan as CSV for a facilitator ([`polyphony_shared::actions::csv`]): read from
//! the activity's document, hidden actions left out, no volunteer named on an anonymous
//! board.

use polyphony_shared::DocName;
use polyphony_shared::actions::doc::ActionsDoc;
use polyphony_shared::agenda::ActivityKind;
use polyphony_shared::governance::{Invalid, Missing, Refusal};
use polyphony_shared::ids::ActivityId;

use super::Board;
use crate::room::GovernError;

/// The action plan of `activity` as CSV.
pub(crate) async fn csv(board: &mut Board, activity: ActivityId) -> Result<String, GovernError> {
    match board.rules().activities.get(&activity) {
        None => return Err(Refusal::NotFound(Missing::Activity).into()),
        Some(found) if found.kind != ActivityKind::ActionPlan => {
            return Err(Refusal::Invalid(Invalid::NotAnActionPlan).into());
        }
        Some(_) => {}
    }
    let (anonymous, hidden) = (board.rules().anonymous, board.rules().hidden.clone());
    let mut actions =
        board.look(DocName::Activity(activity), |doc, _| ActionsDoc::from_doc(doc.clone()).read()).await?;
    actions.retain(|action| !hidden.contains(&action.id));
    let titles = board
        .look(DocName::Governed, |doc, _| {
            use yrs::Transact;
            polyphony_shared::GovernedDoc::from_doc(doc.clone()).activities(&doc.transact())
        })
        .await?;
    let from = |action: &polyphony_shared::actions::Action| {
        action
            .from
            .as_ref()
            .and_then(|link| titles.get(&link.activity))
            .map(|from| from.title.clone())
            .unwrap_or_default()
    };
    Ok(polyphony_shared::actions::csv::csv(&actions, anonymous, from))
}
