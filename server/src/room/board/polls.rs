//! Polls ([`polyphony_shared::polls`]): a facilitator sets one up, participants answer with
//! commands, and the board keeps the answers in the ballots document, which no client reads.
//! Counts are published in governed state by perspective: on the board's tick while the poll
//! shows results live (so a burst of answers shows as one change, whose order ties no answer
//! to a person), and at the reveal.

use polyphony_shared::ballots::BallotsDoc;
use polyphony_shared::governance::{Missing, Refusal};
use polyphony_shared::ids::ActivityId;
use polyphony_shared::polls::{self, PollStatus};
use polyphony_shared::{DocName, GovernedDoc};
use yrs::Transact;

use super::Board;
use crate::access::Access;
use crate::room::{BoardRules, GovernError};

/// What a facilitator sets up a poll with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setup {
    /// A choice poll's options; a scale's end labels.
    pub options: Vec<String>,
    /// A scale's points.
    pub points: u32,
    /// Several answers per person (a choice poll).
    pub several: bool,
    /// Results while people answer.
    pub live: bool,
}

/// Whether anyone has answered the poll of `activity`.
async fn answered(board: &mut Board, activity: ActivityId) -> Result<bool, GovernError> {
    let read = move |doc: &yrs::Doc, _: &BoardRules| {
        !BallotsDoc::from_doc(doc.clone()).answers(&doc.transact(), activity).is_empty()
    };
    board.look(DocName::Ballots, read).await
}

/// Sets up the poll of `activity`; refused once anyone has answered it.
pub(crate) async fn set_up(board: &mut Board, activity: ActivityId, setup: Setup) -> Result<(), GovernError> {
    let answered = answered(board, activity).await?;
    board
        .govern(move |governed, txn| {
            let agenda = governed.activities(txn);
            let current = agenda.get(&activity).ok_or(Refusal::NotFound(Missing::Activity))?;
            let existing = governed.polls(txn).remove(&activity);
            let Setup { options, points, several, live } = setup;
            let poll = polls::setup(current, existing.as_ref(), answered, &options, points, several, live)?;
            governed.set_poll(txn, activity, &poll);
            Ok(())
        })
        .await?;
    board.poll_answered(activity);
    Ok(())
}

/// Keeps `voter`'s answer to the poll of `activity`, in place of one given before.
pub(crate) async fn answer(
    board: &mut Board,
    voter: Access,
    activity: ActivityId,
    answer: Vec<u32>,
) -> Result<(), GovernError> {
    let given = answer.clone();
    let check = move |doc: &yrs::Doc, rules: &BoardRules| {
        if !rules.admits(voter) {
            return Err(Refusal::Removed);
        }
        let governed = GovernedDoc::from_doc(doc.clone());
        let txn = doc.transact();
        let agenda = governed.activities(&txn);
        let current = agenda.get(&activity).ok_or(Refusal::NotFound(Missing::Activity))?;
        polls::check_answering(current, governed.polls(&txn).get(&activity), &given)
    };
    board.look(DocName::Governed, check).await??;
    let keep = move |doc: &yrs::Doc, _: &BoardRules| {
        let ballots = BallotsDoc::from_doc(doc.clone());
        let mut txn = doc.transact_mut();
        ballots.set_answer(&mut txn, activity, voter.participant, &answer);
        Ok(txn.encode_update_v1())
    };
    board.change(DocName::Ballots, keep).await?;
    board.poll_answered(activity);
    Ok(())
}

/// Closes the poll of `activity` (`reveal`: and shows its results to everyone).
pub(crate) async fn close(board: &mut Board, activity: ActivityId, reveal: bool) -> Result<(), GovernError> {
    let read =
        move |doc: &yrs::Doc, _: &BoardRules| BallotsDoc::from_doc(doc.clone()).answers(&doc.transact(), activity);
    let answers = board.look(DocName::Ballots, read).await?;
    board
        .govern(move |governed, txn| {
            let mut poll = governed.polls(txn).remove(&activity).ok_or(Refusal::NotFound(Missing::Poll))?;
            match (poll.status, reveal) {
                (PollStatus::Revealed, _) | (PollStatus::Closed, false) => return Err(Refusal::PollClosed.into()),
                (_, true) => poll.status = PollStatus::Revealed,
                (PollStatus::Open, false) => poll.status = PollStatus::Closed,
            }
            if poll.live || poll.status == PollStatus::Revealed {
                poll.results = Some(polls::results_of(&answers, &governed.participants(txn)));
            }
            governed.set_poll(txn, activity, &poll);
            Ok(())
        })
        .await
}

/// Publishes the counts of the polls answered since the last tick that show results live.
pub(crate) async fn publish(board: &mut Board, activities: Vec<ActivityId>) -> Result<(), GovernError> {
    for activity in activities {
        let read =
            move |doc: &yrs::Doc, _: &BoardRules| BallotsDoc::from_doc(doc.clone()).answers(&doc.transact(), activity);
        let answers = board.look(DocName::Ballots, read).await?;
        board
            .govern(move |governed, txn| {
                let Some(mut poll) = governed.polls(txn).remove(&activity) else { return Ok(()) };
                if poll.live || poll.status == PollStatus::Revealed {
                    let results = polls::results_of(&answers, &governed.participants(txn));
                    if poll.results.as_ref() != Some(&results) {
                        poll.results = Some(results);
                        governed.set_poll(txn, activity, &poll);
                    }
                }
                Ok(())
            })
            .await?;
    }
    Ok(())
}
