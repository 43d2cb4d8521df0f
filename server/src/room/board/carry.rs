//! Carrying results forward ([`polyphony_shared::governance::carry`]): the board reads the
//! words from the activity they are in, the shared code decides, and the board writes.
//!
//! An agreed question is read from its activity's document and marked in governed state,
//! where the next idea board takes it as its prompt. Carrying a revealed round's results
//! reads the items with most dots from the round's activity and adds them to the other
//! activity's document, each under an id that follows from where it came from: carrying
//! again adds only what is not there yet. A hidden card is not carried, and on an anonymous
//! board no name goes with a card.

use polyphony_shared::agenda::Link;
use polyphony_shared::governance::carry::{self, Carry};
use polyphony_shared::governance::commands::GovernedState;
use polyphony_shared::governance::{Missing, Refusal};
use polyphony_shared::item_ids::QuestionId;
use polyphony_shared::schema::NewCard;
use polyphony_shared::voting::VoteTarget;
use polyphony_shared::{BoardDoc, BoardSnapshot, DocName, GovernedDoc, RoundId, layout};
use yrs::Transact;

use super::Board;
use crate::room::GovernError;

/// Marks `question` as the one `activity` agreed on (none takes the mark away).
pub(crate) async fn agree(
    board: &mut Board,
    activity: polyphony_shared::ids::ActivityId,
    question: Option<QuestionId>,
) -> Result<(), GovernError> {
    // The activity is checked (on the agenda, with questions) before its words are read.
    let agenda =
        board.look(DocName::Governed, |doc, _| GovernedDoc::from_doc(doc.clone()).activities(&doc.transact())).await?;
    carry::agree(&agenda, activity, None)?;
    let words = match question {
        None => None,
        Some(question) => {
            let document = agenda.get(&activity).ok_or(Refusal::NotFound(Missing::Activity))?.document();
            let read = |doc: &yrs::Doc, _: &_| BoardDoc::from_doc(doc.clone()).snapshot();
            let snapshot = board.look(document, read).await?;
            let found = snapshot.questions.into_iter().find(|item| item.id == question);
            let text = found.ok_or(Refusal::NotFound(Missing::Question))?.text;
            Some((question, text.trim().to_owned()))
        }
    };
    board
        .govern(move |governed, txn| {
            for effect in carry::agree(&governed.activities(txn), activity, words)? {
                governed.apply(txn, &effect);
            }
            Ok(())
        })
        .await
}

/// Carries the `count` items with most dots in the revealed `round` on to the activity `to`.
pub(crate) async fn carry_forward(
    board: &mut Board,
    round: RoundId,
    to: polyphony_shared::ids::ActivityId,
    count: u32,
) -> Result<(), GovernError> {
    let plan = board
        .look(DocName::Governed, move |doc, _| {
            let governed = GovernedDoc::from_doc(doc.clone());
            carry::carry(&GovernedState::read(&governed, &doc.transact()), round, to, count)
        })
        .await??;
    let source = board.look(plan.from_document, |doc, _| BoardDoc::from_doc(doc.clone()).snapshot()).await?;
    let (anonymous, hidden) = (board.rules().anonymous, board.rules().hidden.clone());
    board
        .change(plan.to_document, move |doc, _| {
            let target = BoardDoc::from_doc(doc.clone());
            let mut txn = doc.transact_mut();
            let carried = Carried { plan: &plan, source: &source, anonymous };
            for item in plan.items.iter().filter(|item| !hidden.contains(item.as_str())) {
                let id = carry::carried_id(plan.from, item);
                if !target.has_item(&txn, &id) {
                    carried.add(&target, &mut txn, item, &id);
                }
            }
            Ok(txn.encode_update_v1())
        })
        .await
}

/// What is carried, from where.
struct Carried<'a> {
    plan: &'a Carry,
    source: &'a BoardSnapshot,
    anonymous: bool,
}

impl Carried<'_> {
    /// Adds `item` of the source as `id` to `target`, linked back; an item that is no longer
    /// there (deleted since the reveal) is left out.
    fn add(&self, target: &BoardDoc, txn: &mut yrs::TransactionMut, item: &str, id: &str) {
        let from = Link { activity: self.plan.from, item: item.to_owned() };
        match self.plan.target {
            VoteTarget::Cards => {
                let Some(card) = self.source.cards.iter().find(|card| card.id == item) else { return };
                let author_name = if self.anonymous { "" } else { card.author_name.as_str() };
                let carried = NewCard {
                    id,
                    text: &card.text,
                    colour: card.colour,
                    author_name,
                    perspective: card.perspective,
                    x: 0.0,
                    y: 0.0,
                    cluster: None,
                };
                place_card(target, txn, carried, &from);
            }
            VoteTarget::Questions => {
                let Some(question) = self.source.questions.iter().find(|question| question.id == item) else { return };
                target.carry_question(txn, id, &question.text, &from);
            }
        }
    }
}

/// Puts a carried card on the first free spot of `target`, linked back to `from`.
pub(super) fn place_card(target: &BoardDoc, txn: &mut yrs::TransactionMut, card: NewCard<'_>, from: &Link) {
    let spot = layout::Layout::of(&target.snapshot_in(txn));
    let (x, y) = layout::free_spot(&spot, layout::CARD, layout::DEFAULT_WIDTH);
    target.carry_card(txn, NewCard { x, y, ..card }, from);
}
