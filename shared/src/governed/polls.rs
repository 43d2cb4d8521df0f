//! Reading and writing polls in the governed document.
//!
//! ```text
//! polls  Map   activity id -> { options: [text], points, several, live, status,
//!                               results?: { counts: { choice: [c, p, o] }, answered: [c, p, o],
//!                                           words: { term: [c, p, o] }, texts: [answer] } }
//! ```
//!
//! A poll is written whole, like a round, by the server only.

use std::collections::{BTreeMap, HashMap};

use yrs::{Any, Map, Out, ReadTxn, TransactionMut};

use super::GovernedDoc;
use crate::ids::ActivityId;
use crate::polls::{ByPerspective, Poll, PollResults, PollStatus};

const OPTIONS: &str = "options";
const POINTS: &str = "points";
const SEVERAL: &str = "several";
const LIVE: &str = "live";
const STATUS: &str = "status";
const RESULTS: &str = "results";
const COUNTS: &str = "counts";
const ANSWERED: &str = "answered";
const WORDS: &str = "words";
const TEXTS: &str = "texts";

impl GovernedDoc {
    /// Every poll, by its activity.
    pub fn polls(&self, txn: &impl ReadTxn) -> BTreeMap<ActivityId, Poll> {
        self.polls
            .iter(txn)
            .filter_map(|(key, value)| Some((ActivityId::parse(key).ok()?, read_poll(value)?)))
            .collect()
    }

    /// Writes a poll whole.
    pub fn set_poll(&self, txn: &mut TransactionMut, activity: ActivityId, poll: &Poll) {
        let options: Vec<Any> = poll.options.iter().map(|option| Any::from(option.as_str())).collect();
        let mut fields: HashMap<String, Any> = [
            (OPTIONS, Any::from(options)),
            (POINTS, Any::from(f64::from(poll.points))),
            (SEVERAL, Any::from(poll.several)),
            (LIVE, Any::from(poll.live)),
            (STATUS, Any::from(poll.status.as_str())),
        ]
        .into_iter()
        .map(|(key, value)| (key.to_owned(), value))
        .collect();
        if let Some(results) = &poll.results {
            let counts: HashMap<String, Any> =
                results.counts.iter().map(|(choice, counts)| (choice.to_string(), triple(counts))).collect();
            let words: HashMap<String, Any> =
                results.words.iter().map(|(word, counts)| (word.clone(), triple(counts))).collect();
            let texts: Vec<Any> = results.texts.iter().map(|text| Any::from(text.as_str())).collect();
            let results: HashMap<String, Any> = [
                (COUNTS.to_owned(), Any::from(counts)),
                (ANSWERED.to_owned(), triple(&results.answered)),
                (WORDS.to_owned(), Any::from(words)),
                (TEXTS.to_owned(), Any::from(texts)),
            ]
            .into_iter()
            .collect();
            fields.insert(RESULTS.to_owned(), Any::from(results));
        }
        self.polls.insert(txn, activity.to_string(), Any::from(fields));
    }
}

fn triple(counts: &ByPerspective) -> Any {
    Any::from(counts.iter().map(|count| Any::from(f64::from(*count))).collect::<Vec<_>>())
}

fn read_triple(value: &Any) -> Option<ByPerspective> {
    let Any::Array(items) = value else { return None };
    let mut counts = [0u32; 3];
    for (slot, item) in counts.iter_mut().zip(items.iter()) {
        *slot = u32::try_from(item.clone().cast::<i64>().ok()?).ok()?;
    }
    Some(counts)
}

fn read_poll(value: Out) -> Option<Poll> {
    let Out::Any(Any::Map(fields)) = value else { return None };
    let options = match fields.get(OPTIONS) {
        Some(Any::Array(options)) => options
            .iter()
            .filter_map(|option| match option {
                Any::String(text) => Some(text.to_string()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    let flag = |name: &str| matches!(fields.get(name), Some(Any::Bool(true)));
    let status = match fields.get(STATUS) {
        Some(Any::String(name)) => PollStatus::ALL.into_iter().find(|status| status.as_str() == name.as_ref())?,
        _ => return None,
    };
    let results = match fields.get(RESULTS) {
        Some(Any::Map(results)) => {
            let counts = match results.get(COUNTS) {
                Some(Any::Map(counts)) => counts
                    .iter()
                    .filter_map(|(choice, counts)| Some((choice.parse().ok()?, read_triple(counts)?)))
                    .collect(),
                _ => BTreeMap::new(),
            };
            let answered = results.get(ANSWERED).and_then(read_triple).unwrap_or_default();
            let words = match results.get(WORDS) {
                Some(Any::Map(words)) => {
                    words.iter().filter_map(|(word, counts)| Some((word.clone(), read_triple(counts)?))).collect()
                }
                _ => BTreeMap::new(),
            };
            let texts = match results.get(TEXTS) {
                Some(Any::Array(texts)) => texts
                    .iter()
                    .filter_map(|text| match text {
                        Any::String(text) => Some(text.to_string()),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            Some(PollResults { counts, answered, words, texts })
        }
        _ => None,
    };
    Some(Poll {
        options,
        points: fields
            .get(POINTS)
            .and_then(|points| u32::try_from(points.clone().cast::<i64>().ok()?).ok())
            .unwrap_or(0),
        several: flag(SEVERAL),
        live: flag(LIVE),
        status,
        results,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use yrs::Transact;

    #[test]
    fn polls_round_trip_with_results() {
        let governed = GovernedDoc::new();
        let activity = ActivityId::random_from(&mut (1u8..));
        let mut poll = Poll {
            options: vec!["Bus".into(), "Lift".into()],
            points: 0,
            several: true,
            live: true,
            status: PollStatus::Open,
            results: None,
        };
        governed.set_poll(&mut governed.doc().transact_mut(), activity, &poll);
        assert_eq!(governed.polls(&governed.doc().transact()).get(&activity), Some(&poll));
        poll.status = PollStatus::Revealed;
        poll.results = Some(PollResults {
            counts: BTreeMap::from([(1, [2, 0, 1])]),
            answered: [2, 1, 1],
            words: BTreeMap::from([("bus".to_owned(), [1, 0, 0])]),
            texts: vec!["Buses".into()],
        });
        governed.set_poll(&mut governed.doc().transact_mut(), activity, &poll);
        assert_eq!(governed.polls(&governed.doc().transact()).get(&activity), Some(&poll));
    }
}
