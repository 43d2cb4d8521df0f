//! Polls ([`polyphony_shared::polls`]): a facilitator sets one up, participants answer with
//! commands, and the board keeps the answers in the ballots document, which no client reads.
//! Counts are published in governed state by perspective: on the board's tick while the poll
//! shows results live (so a burst of answers shows as one change, whose order ties no answer
//! to a person), and at the reveal.

use polyphony_shared::agenda::Activity;
use polyphony_shared::ballots::BallotsDoc;
use polyphony_shared::governance::{Missing, Refusal};
use polyphony_shared::ids::ActivityId;
use polyphony_shared::polls::{self, AllAnswers, Poll, PollStatus};
use polyphony_shared::{DocName, GovernedDoc};
use yrs::Transact;

use crate::room::board::Board;

mod carry;
mod moderation;
mod panel;
mod plan;

use crate::access::Access;
use crate::room::{BoardRules, GovernError};
pub(crate) use carry::carry_answers;
pub(crate) use moderation::{hide, show};
pub(crate) use panel::{ask, mark_answered, upvote};
pub(crate) use plan::{PollCommand, run};

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
    Ok(!all_answers(board, activity).await?.is_empty())
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
    let check = move |current: &Activity, poll: Option<&Poll>| polls::check_answering(current, poll, &given);
    checked(board, voter, activity, check).await?;
    keep(board, activity, move |ballots, txn| {
        ballots.set_answer(txn, activity, voter.participant, &answer);
    })
    .await
}

/// Adds `voter`'s answer in words to the open question of `activity` (in place of the one
/// before, unless the question takes several).
pub(crate) async fn answer_text(
    board: &mut Board,
    voter: Access,
    activity: ActivityId,
    text: String,
) -> Result<(), GovernError> {
    let read = move |doc: &yrs::Doc, _: &BoardRules| {
        BallotsDoc::from_doc(doc.clone()).texts(&doc.transact(), activity, voter.participant)
    };
    let given = board.look(DocName::Ballots, read).await?;
    let (count, answer) = (given.len(), text.trim().to_owned());
    let said = answer.clone();
    let check = move |current: &Activity, poll: Option<&Poll>| {
        polls::check_text_answering(current, poll, &said, count)?;
        Ok(poll.is_some_and(|poll| poll.several))
    };
    let several = checked(board, voter, activity, check).await?;
    keep(board, activity, move |ballots, txn| {
        let mut texts = if several { given } else { Vec::new() };
        texts.push(answer);
        ballots.set_texts(txn, activity, voter.participant, &texts);
    })
    .await
}

/// Keeps what someone gave to the poll of `activity` in the ballots document, which only
/// the server reads; its results are counted again on the next tick.
pub(super) async fn keep(
    board: &mut Board,
    activity: ActivityId,
    write: impl FnOnce(&BallotsDoc, &mut yrs::TransactionMut) + Send + 'static,
) -> Result<(), GovernError> {
    let change = move |doc: &yrs::Doc, _: &BoardRules| {
        let ballots = BallotsDoc::from_doc(doc.clone());
        let mut txn = doc.transact_mut();
        write(&ballots, &mut txn);
        Ok(txn.encode_update_v1())
    };
    board.change(DocName::Ballots, change).await?;
    board.poll_answered(activity);
    Ok(())
}

/// Runs `check` on the activity and the poll `voter` answers, if the board still admits them.
pub(super) async fn checked<T: Send + 'static>(
    board: &mut Board,
    voter: Access,
    activity: ActivityId,
    check: impl FnOnce(&Activity, Option<&Poll>) -> Result<T, Refusal> + Send + 'static,
) -> Result<T, GovernError> {
    let read = move |doc: &yrs::Doc, rules: &BoardRules| {
        if !rules.admits(voter) {
            return Err(Refusal::Removed);
        }
        let governed = GovernedDoc::from_doc(doc.clone());
        let txn = doc.transact();
        let agenda = governed.activities(&txn);
        let current = agenda.get(&activity).ok_or(Refusal::NotFound(Missing::Activity))?;
        check(current, governed.polls(&txn).get(&activity))
    };
    Ok(board.look(DocName::Governed, read).await??)
}

/// Everything given to the poll of `activity`.
pub(super) async fn all_answers(board: &mut Board, activity: ActivityId) -> Result<AllAnswers, GovernError> {
    let read =
        move |doc: &yrs::Doc, _: &BoardRules| BallotsDoc::from_doc(doc.clone()).poll_answers(&doc.transact(), activity);
    board.look(DocName::Ballots, read).await
}

/// The results of `poll`, of `activity`, as governed state `governed` meets them.
pub(super) fn results(
    governed: &GovernedDoc,
    txn: &yrs::TransactionMut,
    activity: ActivityId,
    poll: &Poll,
    answers: &AllAnswers,
) -> polls::PollResults {
    let kind = governed.activities(txn).get(&activity).map(|activity| activity.kind);
    let kind = kind.unwrap_or(polyphony_shared::agenda::ActivityKind::Choice);
    polls::results_for(kind, poll, answers, &governed.participants(txn))
}

/// Closes the poll of `activity` (`reveal`: and shows its results to everyone).
pub(crate) async fn close(board: &mut Board, activity: ActivityId, reveal: bool) -> Result<(), GovernError> {
    let answers = all_answers(board, activity).await?;
    board
        .govern(move |governed, txn| {
            let mut poll = governed.polls(txn).remove(&activity).ok_or(Refusal::NotFound(Missing::Poll))?;
            match (poll.status, reveal) {
                (PollStatus::Revealed, _) | (PollStatus::Closed, false) => return Err(Refusal::PollClosed.into()),
                (_, true) => poll.status = PollStatus::Revealed,
                (PollStatus::Open, false) => poll.status = PollStatus::Closed,
            }
            if poll.live || poll.status == PollStatus::Revealed {
                poll.results = Some(results(governed, txn, activity, &poll, &answers));
            }
            governed.set_poll(txn, activity, &poll);
            Ok(())
        })
        .await
}

/// Publishes the counts of the polls answered since the last tick that show results live.
pub(crate) async fn publish(board: &mut Board, activities: Vec<ActivityId>) -> Result<(), GovernError> {
    for activity in activities {
        let answers = all_answers(board, activity).await?;
        board
            .govern(move |governed, txn| {
                let Some(mut poll) = governed.polls(txn).remove(&activity) else { return Ok(()) };
                if poll.live || poll.status == PollStatus::Revealed {
                    let results = results(governed, txn, activity, &poll, &answers);
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

/// The answers to the poll of `activity` as CSV: perspectives only, sorted, the answers of
/// people still on the board.
pub(crate) async fn csv(board: &mut Board, activity: ActivityId) -> Result<String, GovernError> {
    let AllAnswers { chosen: answers, texts, asked, .. } = all_answers(board, activity).await?;
    let export = move |doc: &yrs::Doc, _: &BoardRules| {
        let governed = GovernedDoc::from_doc(doc.clone());
        let txn = doc.transact();
        let kind = governed.activities(&txn).get(&activity).map(|activity| activity.kind);
        let kind = kind.ok_or(Refusal::NotFound(Missing::Activity))?;
        let poll = governed.polls(&txn).remove(&activity).ok_or(Refusal::NotFound(Missing::Poll))?;
        let people = governed.participants(&txn);
        let perspective = |who: &polyphony_shared::ParticipantId| {
            people.get(who).filter(|record| record.present()).map(|record| record.participant.perspective)
        };
        let answers: Vec<_> =
            answers.into_iter().filter_map(|(who, chosen)| Some((perspective(&who)?, chosen))).collect();
        let asked = asked.into_iter().map(|(_, who, text)| (who, vec![text]));
        let texts: Vec<_> =
            texts.into_iter().chain(asked).filter_map(|(who, said)| Some((perspective(&who)?, said))).collect();
        Ok::<_, Refusal>(polls::csv(kind, &poll, &answers, &texts))
    };
    Ok(board.look(DocName::Governed, export).await??)
}
