//! Gathers the balance of voices ([`polyphony_shared::balance`]) from a board's documents:
//! cards from the board's own content and every activity's document, dots, poll answers and
//! questions to the panel from the ballots, which only the server reads. Facilitators get it
//! person by person with the prompt; everyone else by perspective, once a facilitator shows it.

use polyphony_shared::balance::{Balance, Contribution, Tally, words};
use polyphony_shared::ballots::BallotsDoc;
use polyphony_shared::governance::Refusal;
use polyphony_shared::ids::ActivityId;
use polyphony_shared::{BoardDoc, DocName, GovernedDoc, Perspective, RoundId};
use yrs::Transact;

use super::Board;
use crate::access::Access;
use crate::room::GovernError;

/// A card as the balance counts it: its signature and its words.
type Signed = (String, Perspective, u32);

/// The balance of voices as `access` may see it.
pub(crate) async fn gather(board: &mut Board, access: Access) -> Result<Balance, GovernError> {
    let facilitates = board.rules().current(access).role.facilitates();
    let (people, facilitation, activities, rounds, polls) = board
        .look(DocName::Governed, |doc, _| {
            let governed = GovernedDoc::from_doc(doc.clone());
            let txn = doc.transact();
            (
                governed.participants(&txn),
                governed.facilitation(&txn),
                governed.activities(&txn).into_keys().collect::<Vec<ActivityId>>(),
                governed.rounds(&txn).into_keys().collect::<Vec<RoundId>>(),
                governed.polls(&txn).into_keys().collect::<Vec<ActivityId>>(),
            )
        })
        .await?;
    if !facilitates && !facilitation.balance_shown {
        return Err(Refusal::FacilitatorsOnly.into());
    }
    let mut cards: Vec<Signed> = Vec::new();
    for doc in std::iter::once(DocName::Content).chain(activities.into_iter().map(DocName::Activity)) {
        let signed = board
            .look(doc, |doc, _| {
                let content = BoardDoc::from_doc(doc.clone());
                let cards = content.snapshot().cards;
                cards
                    .into_iter()
                    .map(|card| (card.author_name, card.perspective, words(&card.text)))
                    .collect::<Vec<_>>()
            })
            .await?;
        cards.extend(signed);
    }
    let mut tally = Tally::new(&people);
    for (name, perspective, words) in &cards {
        tally.signed(name, *perspective, Contribution::Card { words: *words });
    }
    let ballots = board
        .look(DocName::Ballots, |doc, _| {
            let ballots = BallotsDoc::from_doc(doc.clone());
            let txn = doc.transact();
            let mut found = Vec::new();
            for round in &rounds {
                for (who, allocation) in ballots.round(&txn, *round) {
                    found.push((who, Contribution::Dots(allocation.values().sum())));
                }
            }
            for poll in &polls {
                found.extend(
                    ballots.answers(&txn, *poll).into_iter().map(|(who, _)| (who, Contribution::Answer { words: 0 })),
                );
                for (who, texts) in ballots.all_texts(&txn, *poll) {
                    found.extend(texts.iter().map(|text| (who, Contribution::Answer { words: words(text) })));
                }
                found.extend(ballots.asked(&txn, *poll).into_iter().map(|(_, who, _)| (who, Contribution::Question)));
            }
            found
        })
        .await?;
    for (who, contribution) in ballots {
        tally.by(who, contribution);
    }
    let over = if facilitates { facilitation.prompt_over() } else { 0.0 };
    Ok(tally.balance(facilitates, over))
}
