//! Questions to the panel ([`polyphony_shared::polls::panel`]): who asked and who upvoted
//! are kept in the ballots document; everyone sees the questions and their upvotes by
//! perspective in governed state, published on the board's tick.

use polyphony_shared::DocName;
use polyphony_shared::ballots::BallotsDoc;
use polyphony_shared::governance::{Missing, Refusal};
use polyphony_shared::ids::{ActivityId, PanelQuestionId};
use polyphony_shared::polls;
use yrs::Transact;

use super::{checked, keep};
use crate::access::Access;
use crate::room::board::Board;
use crate::room::{BoardRules, GovernError};

/// Keeps `asker`'s question to the panel of `activity` under the id `question`.
pub(crate) async fn ask(
    board: &mut Board,
    asker: Access,
    activity: ActivityId,
    question: PanelQuestionId,
    text: String,
) -> Result<(), GovernError> {
    let read = move |doc: &yrs::Doc, _: &BoardRules| {
        let asked = BallotsDoc::from_doc(doc.clone()).asked(&doc.transact(), activity);
        asked.iter().filter(|(_, by, _)| *by == asker.participant).count()
    };
    let asked = board.look(DocName::Ballots, read).await?;
    let text = text.trim().to_owned();
    let said = text.clone();
    let check = move |current: &_, poll: Option<&_>| polls::check_asking(current, poll, &said, asked);
    checked(board, asker, activity, check).await?;
    keep(board, activity, move |ballots, txn| {
        ballots.ask(txn, activity, question, asker.participant, &text);
    })
    .await
}

/// Adds `voter`'s upvote to `question` (or takes it back).
pub(crate) async fn upvote(
    board: &mut Board,
    voter: Access,
    activity: ActivityId,
    question: PanelQuestionId,
    up: bool,
) -> Result<(), GovernError> {
    let read = move |doc: &yrs::Doc, _: &BoardRules| {
        let ballots = BallotsDoc::from_doc(doc.clone());
        let txn = doc.transact();
        let asker = ballots.asked(&txn, activity).into_iter().find(|(id, ..)| *id == question).map(|(_, by, _)| by);
        (asker, ballots.upvotes(&txn, activity, voter.participant))
    };
    let (asker, mut upvoted) = board.look(DocName::Ballots, read).await?;
    let check = move |current: &_, poll: Option<&polls::Poll>| {
        polls::check_upvoting(current, poll, question, asker, voter.participant)
    };
    checked(board, voter, activity, check).await?;
    upvoted.retain(|id| *id != question);
    if up {
        upvoted.push(question);
    }
    keep(board, activity, move |ballots, txn| {
        ballots.set_upvotes(txn, activity, voter.participant, &upvoted);
    })
    .await
}

/// Marks `question` answered, or not.
pub(crate) async fn mark_answered(
    board: &mut Board,
    activity: ActivityId,
    question: PanelQuestionId,
    answered: bool,
) -> Result<(), GovernError> {
    let answers = super::all_answers(board, activity).await?;
    if !answers.asked.iter().any(|(id, ..)| *id == question) {
        return Err(Refusal::NotFound(Missing::PanelQuestion).into());
    }
    super::moderation::rewrite(board, activity, answers, move |poll| {
        if answered {
            poll.answered_questions.insert(question);
        } else {
            poll.answered_questions.remove(&question);
        }
        Ok(())
    })
    .await
}
