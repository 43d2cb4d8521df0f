//! Reading and writing voting rounds in the governed document.
//!
//! ```text
//! rounds  Map   round id -> { title, target, budget, cap, status, activity?, results? { item: tally } }
//! ```

use std::collections::{BTreeMap, HashMap};

use yrs::{Any, Map, Out, ReadTxn, TransactionMut};

use super::GovernedDoc;
use crate::ids::RoundId;
use crate::voting::{Round, RoundStatus, Tally, VoteTarget};

const TITLE: &str = "title";
const TARGET: &str = "target";
const BUDGET: &str = "budget";
const CAP: &str = "cap";
const STATUS: &str = "status";
const RESULTS: &str = "results";
const ACTIVITY: &str = "activity";

impl GovernedDoc {
    /// Every round, by id.
    pub fn rounds(&self, txn: &impl ReadTxn) -> BTreeMap<RoundId, Round> {
        self.rounds.iter(txn).filter_map(|(key, value)| read_round(key, value)).map(|round| (round.id, round)).collect()
    }

    /// One round.
    pub fn round(&self, txn: &impl ReadTxn, id: RoundId) -> Option<Round> {
        read_round(&id.to_string(), self.rounds.get(txn, &id.to_string())?)
    }

    /// Writes a round whole.
    pub fn set_round(&self, txn: &mut TransactionMut, round: &Round) {
        let mut fields: HashMap<String, Any> = [
            (TITLE, Any::from(round.title.as_str())),
            (TARGET, Any::from(round.target.as_str())),
            (BUDGET, Any::from(round.budget as f64)),
            (CAP, Any::from(round.cap as f64)),
            (STATUS, Any::from(round.status.as_str())),
        ]
        .into_iter()
        .map(|(key, value)| (key.to_owned(), value))
        .collect();
        if let Some(activity) = round.activity {
            fields.insert(ACTIVITY.to_owned(), Any::from(activity.to_string()));
        }
        if let Some(results) = &round.results {
            let tallies: HashMap<String, Any> =
                results.iter().map(|(item, tally)| (item.clone(), tally_value(tally))).collect();
            fields.insert(RESULTS.to_owned(), Any::from(tallies));
        }
        self.rounds.insert(txn, round.id.to_string(), Any::from(fields));
    }
}

fn tally_value(tally: &Tally) -> Any {
    let fields: HashMap<String, Any> = [
        ("total", tally.total),
        ("citizen", tally.citizen),
        ("professional", tally.professional),
        ("other", tally.other),
    ]
    .into_iter()
    .map(|(key, dots)| (key.to_owned(), Any::from(dots as f64)))
    .collect();
    Any::from(fields)
}

fn read_round(key: &str, value: Out) -> Option<Round> {
    let Out::Any(Any::Map(fields)) = value else { return None };
    let text = |name: &str| match fields.get(name) {
        Some(Any::String(text)) => Some(text.to_string()),
        _ => None,
    };
    let results = match fields.get(RESULTS) {
        Some(Any::Map(items)) => {
            Some(items.iter().filter_map(|(item, tally)| Some((item.clone(), read_tally(tally)?))).collect())
        }
        _ => None,
    };
    Some(Round {
        id: RoundId::parse(key).ok()?,
        title: text(TITLE)?,
        target: VoteTarget::parse(&text(TARGET)?)?,
        budget: count(fields.get(BUDGET)?)?,
        cap: count(fields.get(CAP)?)?,
        status: RoundStatus::parse(&text(STATUS)?)?,
        results,
        activity: text(ACTIVITY).and_then(|id| crate::ids::ActivityId::parse(&id).ok()),
    })
}

fn read_tally(value: &Any) -> Option<Tally> {
    let Any::Map(fields) = value else { return None };
    let get = |name: &str| fields.get(name).and_then(count).unwrap_or(0);
    Some(Tally { total: get("total"), citizen: get("citizen"), professional: get("professional"), other: get("other") })
}

fn count(value: &Any) -> Option<u32> {
    u32::try_from(value.clone().cast::<i64>().ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use yrs::Transact;

    #[test]
    fn rounds_round_trip_with_results() {
        let governed = GovernedDoc::new();
        let mut round = Round {
            id: RoundId::random_from(&mut (1u8..=8)),
            title: "Which ideas first?".into(),
            target: VoteTarget::Cards,
            budget: 5,
            cap: 2,
            status: RoundStatus::Open,
            results: None,
            activity: Some(crate::ids::ActivityId::random_from(&mut (3u8..))),
        };
        governed.set_round(&mut governed.doc().transact_mut(), &round);
        assert_eq!(governed.round(&governed.doc().transact(), round.id), Some(round.clone()));
        round.status = RoundStatus::Revealed;
        round.results =
            Some(BTreeMap::from([("card-1".to_owned(), Tally { total: 3, citizen: 2, professional: 1, other: 0 })]));
        governed.set_round(&mut governed.doc().transact_mut(), &round);
        assert_eq!(governed.rounds(&governed.doc().transact()).into_values().collect::<Vec<_>>(), vec![round]);
    }
}
