//! Saving a dated version of an eco-map ([`polyphony_shared::ecomap::versions`]): the board
//! checks that the sender may draw the map now, then copies the map as it stands into the
//! activity's document at the server's clock, so nobody can back-date or alter a version.

use polyphony_shared::DocName;
use polyphony_shared::agenda::ActivityKind;
use polyphony_shared::ecomap::doc::EcoMapDoc;
use polyphony_shared::governance::{Access, Invalid, Missing, Refusal};
use polyphony_shared::ids::ActivityId;
use yrs::Transact;

use super::Board;
use crate::room::GovernError;

/// Saves the eco-map of `activity` as it stands, dated `now_ms` and named `label`.
pub(crate) async fn save_version(
    board: &mut Board,
    access: Access,
    activity: ActivityId,
    label: String,
    now_ms: u64,
) -> Result<(), GovernError> {
    let rules = board.rules();
    match rules.activities.get(&activity) {
        None => return Err(Refusal::NotFound(Missing::Activity).into()),
        Some(found) if found.kind != ActivityKind::EcoMap => return Err(Refusal::Invalid(Invalid::NotAnEcoMap).into()),
        Some(_) => {}
    }
    let doc = DocName::Activity(activity);
    if let Some(refusal) = rules.write_refusal(doc, rules.current(access)) {
        return Err(refusal.into());
    }
    board
        .change(doc, move |doc, _| {
            // The roots are taken before the transaction opens.
            let map = EcoMapDoc::from_doc(doc.clone());
            let mut txn = doc.transact_mut();
            map.save_version(&mut txn, now_ms, &label).map_err(|error| Refusal::Invalid(Invalid::MapVersion(error)))?;
            Ok(txn.encode_update_v1())
        })
        .await
}
