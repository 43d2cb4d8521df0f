//! The shape of a board's ballots document: votes, kept from every client.
//!
//! ```text
//! meta     Map   schemaVersion
//! ballots  Map   "<round>/<participant>" -> { item id: dots }
//! answers  Map   "<activity>/<participant>" -> [option or point, …]
//! texts    Map   "<activity>/<participant>" -> [answer in words, …]
//! panel    Map   "<activity>/<question>" -> { by: participant, text }
//! upvotes  Map   "<activity>/<participant>" -> [question id, …]
//! ```
//!
//! Only the server reads and writes it. Each person's dots in a round are one value,
//! replaced whole, so two writes racing on two server instances resolve to one of two
//! allocations that were each checked against the budget and cap, never to a sum of both.

use std::collections::HashMap;

use yrs::{Any, Doc, Map, MapRef, Out, ReadTxn, TransactionMut};

use crate::ids::{ActivityId, ParticipantId, RoundId};
use crate::voting::Allocation;

const BALLOTS: &str = "ballots";
const ANSWERS: &str = "answers";
const TEXTS: &str = "texts";
const PANEL: &str = "panel";
const UPVOTES: &str = "upvotes";

mod panel;
/// The version of the layout above.
pub const BALLOTS_SCHEMA_VERSION: i64 = 1;

/// A board's ballots document with typed access.
#[derive(Clone)]
pub struct BallotsDoc {
    ballots: MapRef,
    answers: MapRef,
    texts: MapRef,
    panel: MapRef,
    upvotes: MapRef,
}

impl BallotsDoc {
    /// Wraps a document loaded by the server.
    pub fn from_doc(doc: Doc) -> Self {
        let ballots = doc.get_or_insert_map(BALLOTS);
        let answers = doc.get_or_insert_map(ANSWERS);
        let texts = doc.get_or_insert_map(TEXTS);
        let panel = doc.get_or_insert_map(PANEL);
        let upvotes = doc.get_or_insert_map(UPVOTES);
        BallotsDoc { ballots, answers, texts, panel, upvotes }
    }

    /// The update that starts every new board's ballots document.
    pub fn seed_update() -> Vec<u8> {
        crate::schema::versioned_seed(BALLOTS_SCHEMA_VERSION)
    }

    /// One person's dots in a round (empty if none).
    pub fn allocation(&self, txn: &impl ReadTxn, round: RoundId, participant: ParticipantId) -> Allocation {
        match self.ballots.get(txn, &key(round, participant)) {
            Some(Out::Any(Any::Map(fields))) => fields
                .iter()
                .filter_map(|(item, dots)| Some((item.clone(), u32::try_from(dots.clone().cast::<i64>().ok()?).ok()?)))
                .filter(|(_, dots)| *dots > 0)
                .collect(),
            _ => Allocation::new(),
        }
    }

    /// Replaces one person's dots in a round.
    pub fn set_allocation(
        &self,
        txn: &mut TransactionMut,
        round: RoundId,
        participant: ParticipantId,
        allocation: &Allocation,
    ) {
        let fields: HashMap<String, Any> = allocation
            .iter()
            .filter(|(_, dots)| **dots > 0)
            .map(|(item, dots)| (item.clone(), Any::from(*dots as f64)))
            .collect();
        self.ballots.insert(txn, key(round, participant), Any::from(fields));
    }

    /// Everyone's dots in a round.
    pub fn round(&self, txn: &impl ReadTxn, round: RoundId) -> Vec<(ParticipantId, Allocation)> {
        let prefix = format!("{round}/");
        self.ballots
            .keys(txn)
            .filter_map(|key| ParticipantId::parse(key.strip_prefix(&prefix)?).ok())
            .collect::<Vec<_>>()
            .into_iter()
            .map(|participant| (participant, self.allocation(txn, round, participant)))
            .collect()
    }
}

fn key(round: RoundId, participant: ParticipantId) -> String {
    format!("{round}/{participant}")
}

impl BallotsDoc {
    /// Replaces one person's answer to a poll.
    pub fn set_answer(
        &self,
        txn: &mut TransactionMut,
        activity: ActivityId,
        participant: ParticipantId,
        answer: &[u32],
    ) {
        let values: Vec<Any> = answer.iter().map(|choice| Any::from(f64::from(*choice))).collect();
        self.answers.insert(txn, format!("{activity}/{participant}"), Any::from(values));
    }

    /// One person's answer to a poll, if they gave one.
    pub fn answer(&self, txn: &impl ReadTxn, activity: ActivityId, participant: ParticipantId) -> Option<Vec<u32>> {
        read_answer(self.answers.get(txn, &format!("{activity}/{participant}"))?)
    }

    /// Everyone's answers to a poll.
    pub fn answers(&self, txn: &impl ReadTxn, activity: ActivityId) -> Vec<(ParticipantId, Vec<u32>)> {
        let prefix = format!("{activity}/");
        self.answers
            .iter(txn)
            .filter_map(|(key, value)| {
                let participant = ParticipantId::parse(key.strip_prefix(&prefix)?).ok()?;
                Some((participant, read_answer(value)?))
            })
            .collect()
    }
}

impl BallotsDoc {
    /// One person's answers in words to an open question.
    pub fn texts(&self, txn: &impl ReadTxn, activity: ActivityId, participant: ParticipantId) -> Vec<String> {
        self.texts.get(txn, &format!("{activity}/{participant}")).and_then(read_texts).unwrap_or_default()
    }

    /// Replaces one person's answers in words to an open question.
    pub fn set_texts(
        &self,
        txn: &mut TransactionMut,
        activity: ActivityId,
        participant: ParticipantId,
        texts: &[String],
    ) {
        let values: Vec<Any> = texts.iter().map(|text| Any::from(text.as_str())).collect();
        self.texts.insert(txn, format!("{activity}/{participant}"), Any::from(values));
    }

    /// Everyone's answers in words to an open question.
    pub fn all_texts(&self, txn: &impl ReadTxn, activity: ActivityId) -> Vec<(ParticipantId, Vec<String>)> {
        let prefix = format!("{activity}/");
        self.texts
            .iter(txn)
            .filter_map(|(key, value)| {
                Some((ParticipantId::parse(key.strip_prefix(&prefix)?).ok()?, read_texts(value)?))
            })
            .collect()
    }
}

fn read_texts(value: Out) -> Option<Vec<String>> {
    let Out::Any(Any::Array(values)) = value else { return None };
    Some(
        values
            .iter()
            .filter_map(|value| match value {
                Any::String(text) => Some(text.to_string()),
                _ => None,
            })
            .collect(),
    )
}

fn read_answer(value: Out) -> Option<Vec<u32>> {
    let Out::Any(Any::Array(values)) = value else { return None };
    values.iter().map(|value| u32::try_from(value.clone().cast::<i64>().ok()?).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use yrs::Transact;

    #[test]
    fn allocations_are_kept_per_round_and_person() {
        let doc = Doc::new();
        let ballots = BallotsDoc::from_doc(doc.clone());
        let round = RoundId::random_from(&mut (1u8..=8));
        let other_round = RoundId::random_from(&mut (2u8..=9));
        let ana = ParticipantId::random_from(&mut (3u8..=10));
        let allocation =
            Allocation::from([("card-1".to_owned(), 2), ("card-2".to_owned(), 1), ("card-3".to_owned(), 0)]);
        {
            let mut txn = doc.transact_mut();
            ballots.set_allocation(&mut txn, round, ana, &allocation);
            ballots.set_allocation(&mut txn, other_round, ana, &Allocation::from([("q".to_owned(), 1)]));
        }
        let txn = doc.transact();
        let expected = Allocation::from([("card-1".to_owned(), 2), ("card-2".to_owned(), 1)]);
        assert_eq!(ballots.allocation(&txn, round, ana), expected);
        assert_eq!(ballots.round(&txn, round), vec![(ana, expected)]);
    }
}
