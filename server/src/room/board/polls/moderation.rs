//! Hiding a word, an answer or a question to the panel from a poll's results, with a
//! reason, and showing it again ([`polyphony_shared::polls::hidden_key`]). The answers stay
//! in the ballots document; only what everyone sees changes, at once.

use polyphony_shared::agenda::ActivityKind;
use polyphony_shared::governance::{Invalid, Missing, Refusal};
use polyphony_shared::ids::ActivityId;
use polyphony_shared::polls::{AllAnswers, HideWhat, Poll, PollStatus, hidden_key};

use crate::room::GovernError;
use crate::room::board::Board;

/// Hides `text` (a word, an answer, or a question's id) from the results of the poll of
/// `activity`.
pub(crate) async fn hide(
    board: &mut Board,
    activity: ActivityId,
    what: HideWhat,
    text: String,
    reason: String,
) -> Result<(), GovernError> {
    let key = hidden_key(what, &text).ok_or(Refusal::Invalid(Invalid::HiddenItem))?;
    let kind = board.rules().activities.get(&activity).map(|activity| activity.kind);
    let fits = match what {
        HideWhat::Word | HideWhat::Answer => kind == Some(ActivityKind::OpenQuestion),
        HideWhat::Question => kind == Some(ActivityKind::PanelQuestions),
    };
    if kind.is_some() && !fits {
        return Err(Refusal::Invalid(Invalid::HiddenItem).into());
    }
    let answers = super::all_answers(board, activity).await?;
    rewrite(board, activity, answers, move |poll| {
        poll.hidden.insert(key, reason.trim().to_owned());
        Ok(())
    })
    .await
}

/// Shows again what is hidden under `key`.
pub(crate) async fn show(board: &mut Board, activity: ActivityId, key: String) -> Result<(), GovernError> {
    let answers = super::all_answers(board, activity).await?;
    rewrite(board, activity, answers, move |poll| {
        poll.hidden.remove(&key).map(|_| ()).ok_or(Refusal::NotFound(Missing::HiddenItem))
    })
    .await
}

/// Changes the poll of `activity` with `change` and counts its results again where
/// everyone sees them, in one step.
pub(super) async fn rewrite(
    board: &mut Board,
    activity: ActivityId,
    answers: AllAnswers,
    change: impl FnOnce(&mut Poll) -> Result<(), Refusal> + Send + 'static,
) -> Result<(), GovernError> {
    board
        .govern(move |governed, txn| {
            let mut poll = governed.polls(txn).remove(&activity).ok_or(Refusal::NotFound(Missing::Poll))?;
            change(&mut poll)?;
            if poll.live || poll.status == PollStatus::Revealed {
                poll.results = Some(super::results(governed, txn, activity, &poll, &answers));
            }
            governed.set_poll(txn, activity, &poll);
            Ok(())
        })
        .await
}
