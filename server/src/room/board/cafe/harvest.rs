//! Gathering a World Café's harvest ([`polyphony_shared::cafe::harvest`]): the board reads
//! every table's notes, the shared code decides where each goes, and the board writes them
//! into the café's own document, adding only what is not there yet.

use polyphony_shared::cafe::Cafe;
use polyphony_shared::cafe::harvest::{self, HarvestCluster};
use polyphony_shared::cafe::run::CafeRunError;
use polyphony_shared::governance::Refusal;
use polyphony_shared::ids::ActivityId;
use polyphony_shared::schema::NewCard;
use polyphony_shared::{BoardDoc, DocName, GovernedDoc};
use yrs::Transact;

use crate::room::GovernError;
use crate::room::board::Board;

/// The café of `activity` as governed state has it now.
pub(super) async fn cafe(board: &mut Board, activity: ActivityId) -> Result<Cafe, GovernError> {
    let read = move |doc: &yrs::Doc, _: &_| GovernedDoc::from_doc(doc.clone()).cafes(&doc.transact()).remove(&activity);
    Ok(board.look(DocName::Governed, read).await?.ok_or(Refusal::CafeNotSetUp)?)
}

/// Gathers every table's notes of the café of `activity` into its own document.
pub(super) async fn gather(board: &mut Board, activity: ActivityId) -> Result<(), GovernError> {
    let cafe = cafe(board, activity).await?;
    if !cafe.harvesting() {
        return Err(Refusal::Cafe(CafeRunError::NotHarvesting).into());
    }
    let mut notes = Vec::with_capacity(cafe.tables.len());
    for table in 0..cafe.tables.len() {
        // A café has at most `MAX_TABLES` (20) tables, so every index fits.
        let table = u8::try_from(table).unwrap_or(u8::MAX);
        let doc = DocName::Table { cafe: activity, table };
        notes.push(board.look(doc, |doc, _| BoardDoc::from_doc(doc.clone()).snapshot()).await?);
    }
    let (anonymous, hidden) = (board.rules().anonymous, board.rules().hidden.clone());
    let clusters = harvest::plan(activity, &cafe, &notes, &hidden, anonymous);
    board.change(DocName::Activity(activity), move |doc, _| write(doc, &clusters)).await
}

/// Writes what is new of `clusters` into the café's document `doc`.
fn write(doc: &yrs::Doc, clusters: &[HarvestCluster]) -> Result<Vec<u8>, GovernError> {
    let target = BoardDoc::from_doc(doc.clone());
    let mut txn = doc.transact_mut();
    let clusters_there: Vec<String> =
        target.snapshot_in(&txn).clusters.into_iter().map(|cluster| cluster.id.to_string()).collect();
    for cluster in clusters {
        if !clusters_there.contains(&cluster.id) {
            target.add_cluster(&mut txn, &cluster.id, &cluster.title, cluster.x, cluster.y);
        }
        for (order, card) in cluster.cards.iter().enumerate() {
            if target.has_item(&txn, &card.id) {
                continue;
            }
            let new = NewCard {
                id: &card.id,
                text: &card.text,
                colour: card.colour,
                author_name: &card.author_name,
                perspective: card.perspective,
                // Inside a cluster a card's place only orders it: the tables' notes, in turn.
                x: 0.0,
                y: order as f64,
                cluster: Some(&cluster.id),
            };
            // No link back: it stays in the café, whose tables the harvest shows anyway.
            target.add_card(&mut txn, new);
        }
    }
    Ok(txn.encode_update_v1())
}
