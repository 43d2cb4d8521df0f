//! Casting votes and revealing rounds: the two commands that touch the ballots document.
//!
//! A vote is a change of the ballots document that checks the round is open (by the board's
//! rules) and that the sender's dots stay within
//! the budget and the cap; nobody can vote as somebody else, because the voter is the
//! token's participant, and only on an item of the round's kind that is on the board and not
//! hidden. Revealing closes the round, counts the ballots of participants still on the
//! board and publishes the counts in governed state, in one step of the board's task: no
//! vote lands in between, and the stored result is the round closed and counted or not.

use std::collections::BTreeMap;

use polyphony_shared::ballots::BallotsDoc;
use polyphony_shared::voting::{MyVotes, RoundStatus, Tally, VoteTarget};
use polyphony_shared::{BoardDoc, DocName, GovernedDoc, ItemKind, RoundId};
use yrs::Transact;

use super::Board;
use crate::access::Access;
use crate::room::{BoardRules, GovernError};

/// Puts the voter's `dots` on `item` in `round` and returns their votes in the round.
pub(crate) async fn cast(
    board: &mut Board,
    voter: Access,
    round: RoundId,
    item: String,
    dots: u32,
) -> Result<MyVotes, GovernError> {
    if dots > 0 {
        check_item(board, round, &item).await?;
    }
    let change = move |doc: &yrs::Doc, rules: &BoardRules| {
        let Some(settings) = rules.open_rounds.get(&round) else {
            return Err(GovernError::Refused("this round is not open for votes".into()));
        };
        if dots > settings.cap {
            return Err(GovernError::Refused(format!("at most {} dots on one item in this round", settings.cap)));
        }
        let ballots = BallotsDoc::from_doc(doc.clone());
        let mut txn = doc.transact_mut();
        let mut allocation = ballots.allocation(&txn, round, voter.participant);
        allocation.insert(item, dots);
        let spent: u32 = allocation.values().sum();
        if spent > settings.budget {
            let left = settings.budget.saturating_sub(spent - dots);
            return Err(GovernError::Refused(format!("you have {left} dots left in this round")));
        }
        ballots.set_allocation(&mut txn, round, voter.participant, &allocation);
        Ok(txn.encode_update_v1())
    };
    board.change(DocName::Ballots, change).await?;
    my_votes(board, voter, round).await
}

/// Refuses dots on an item that is not on the board as the round's kind (a question id in
/// a round on ideas, a deleted or made-up id) or that a facilitator hid. Taking dots back
/// is always allowed, so nobody's dots are stuck on an item that went away.
async fn check_item(board: &mut Board, round: RoundId, id: &str) -> Result<(), GovernError> {
    // The round's items are in its activity's document, or the board's own.
    let rules = board.rules();
    let document = rules
        .open_rounds
        .get(&round)
        .and_then(|round| round.activity)
        .and_then(|activity| rules.activities.get(&activity))
        .map_or(DocName::Content, |activity| activity.document);
    let on_board = move |doc: &yrs::Doc, rules: &BoardRules| {
        let kind = match rules.open_rounds.get(&round)?.target {
            VoteTarget::Cards => ItemKind::Card,
            VoteTarget::Questions => ItemKind::Question,
        };
        Some(BoardDoc::from_doc(doc.clone()).is_on_board(&doc.transact(), kind, id) && !rules.hidden.contains(id))
    };
    match board.look(document, on_board).await? {
        // A round that is not open is refused, with its reason, by the vote itself.
        None | Some(true) => Ok(()),
        Some(false) => Err(GovernError::Refused("this item is not on the board to vote on".into())),
    }
}

/// The voter's dots in a round and how many they have left.
pub(crate) async fn my_votes(board: &mut Board, voter: Access, round: RoundId) -> Result<MyVotes, GovernError> {
    let read = move |doc: &yrs::Doc, rules: &BoardRules| {
        let ballots = BallotsDoc::from_doc(doc.clone());
        let allocation = ballots.allocation(&doc.transact(), round, voter.participant);
        let budget = rules.open_rounds.get(&round).map(|round| round.budget).unwrap_or(0);
        let remaining = budget.saturating_sub(allocation.values().sum());
        MyVotes { allocation, remaining }
    };
    board.look(DocName::Ballots, read).await
}

/// Closes `round` if it is open, counts its ballots per item and perspective, and shows
/// the counts to everyone.
pub(crate) async fn reveal(board: &mut Board, round: RoundId) -> Result<(), GovernError> {
    let read_ballots =
        move |doc: &yrs::Doc, _: &BoardRules| BallotsDoc::from_doc(doc.clone()).round(&doc.transact(), round);
    let ballots = board.look(DocName::Ballots, read_ballots).await?;
    board
        .govern(move |governed: &GovernedDoc, txn| {
            let Some(mut current) = governed.round(txn, round) else { return Err(GovernError::NotFound("round")) };
            if current.status == RoundStatus::Revealed {
                return Err(GovernError::Refused("this round is already revealed".into()));
            }
            let participants = governed.participants(txn);
            let mut results: BTreeMap<String, Tally> = BTreeMap::new();
            for (voter, allocation) in &ballots {
                // A removed participant's dots do not count, nor do an unknown voter's.
                let Some(record) = participants.get(voter).filter(|record| record.present()) else { continue };
                let perspective = record.participant.perspective;
                for (item, dots) in allocation {
                    results.entry(item.clone()).or_default().add(perspective, *dots);
                }
            }
            current.status = RoundStatus::Revealed;
            current.results = Some(results);
            governed.set_round(txn, &current);
            Ok(())
        })
        .await
}
