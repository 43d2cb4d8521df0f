//! Reading and writing World Cafés in the governed document.
//!
//! ```text
//! cafes  Map   activity id -> { tables: [{ question, colour, host?, remote }], rounds,
//!                               roundMinutes, remoteTogether, round,
//!                               seating: [{ participant id: table index }],
//!                               online: [participant id] }
//! ```
//!
//! A café is written whole, by the server only.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use yrs::{Any, Map, Out, ReadTxn, TransactionMut};

use super::GovernedDoc;
use crate::cafe::{Cafe, CafeTable, TableColour};
use crate::ids::{ActivityId, ParticipantId};
use crate::names::Named;

const TABLES: &str = "tables";
const QUESTION: &str = "question";
const COLOUR: &str = "colour";
const HOST: &str = "host";
const REMOTE: &str = "remote";
const ROUNDS: &str = "rounds";
const ROUND_MINUTES: &str = "roundMinutes";
const REMOTE_TOGETHER: &str = "remoteTogether";
const ROUND: &str = "round";
const SEATING: &str = "seating";
const ONLINE: &str = "online";

impl GovernedDoc {
    /// Every café, by its activity.
    pub fn cafes(&self, txn: &impl ReadTxn) -> BTreeMap<ActivityId, Cafe> {
        self.cafes
            .iter(txn)
            .filter_map(|(key, value)| Some((ActivityId::parse(key).ok()?, read_cafe(value)?)))
            .collect()
    }

    /// Writes a café whole.
    pub fn set_cafe(&self, txn: &mut TransactionMut, activity: ActivityId, cafe: &Cafe) {
        let tables: Vec<Any> = cafe.tables.iter().map(write_table).collect();
        let seating: Vec<Any> = cafe
            .seating
            .iter()
            .map(|round| {
                let seats: HashMap<String, Any> =
                    round.iter().map(|(who, table)| (who.to_string(), number(*table as f64))).collect();
                Any::from(seats)
            })
            .collect();
        let fields: HashMap<String, Any> = [
            (TABLES, Any::from(tables)),
            (ROUNDS, number(f64::from(cafe.rounds))),
            (ROUND_MINUTES, number(f64::from(cafe.round_minutes))),
            (REMOTE_TOGETHER, Any::from(cafe.remote_together)),
            (ROUND, number(f64::from(cafe.round))),
            (SEATING, Any::from(seating)),
            (ONLINE, Any::from(cafe.online.iter().map(|who| Any::from(who.to_string())).collect::<Vec<_>>())),
        ]
        .into_iter()
        .map(|(key, value)| (key.to_owned(), value))
        .collect();
        self.cafes.insert(txn, activity.to_string(), Any::from(fields));
    }
}

fn number(value: f64) -> Any {
    Any::from(value)
}

fn write_table(table: &CafeTable) -> Any {
    let mut fields: HashMap<String, Any> = [
        (QUESTION.to_owned(), Any::from(table.question.as_str())),
        (COLOUR.to_owned(), Any::from(table.colour.as_str())),
        (REMOTE.to_owned(), Any::from(table.remote)),
    ]
    .into_iter()
    .collect();
    if let Some(host) = table.host {
        fields.insert(HOST.to_owned(), Any::from(host.to_string()));
    }
    Any::from(fields)
}

fn whole(value: Option<&Any>) -> Option<u32> {
    u32::try_from(value?.clone().cast::<i64>().ok()?).ok()
}

fn read_table(value: &Any) -> Option<CafeTable> {
    let Any::Map(fields) = value else { return None };
    let text = |key: &str| match fields.get(key) {
        Some(Any::String(text)) => Some(text.to_string()),
        _ => None,
    };
    Some(CafeTable {
        question: text(QUESTION)?,
        colour: text(COLOUR).and_then(|name| TableColour::named(&name)).unwrap_or_default(),
        host: text(HOST).and_then(|id| ParticipantId::parse(&id).ok()),
        remote: matches!(fields.get(REMOTE), Some(Any::Bool(true))),
    })
}

fn read_cafe(value: Out) -> Option<Cafe> {
    let Out::Any(Any::Map(fields)) = value else { return None };
    let tables = match fields.get(TABLES) {
        Some(Any::Array(tables)) => tables.iter().filter_map(read_table).collect(),
        _ => return None,
    };
    let seating = match fields.get(SEATING) {
        Some(Any::Array(rounds)) => rounds
            .iter()
            .map(|round| match round {
                Any::Map(seats) => seats
                    .iter()
                    .filter_map(|(who, table)| {
                        Some((ParticipantId::parse(who).ok()?, usize::try_from(whole(Some(table))?).ok()?))
                    })
                    .collect(),
                _ => BTreeMap::new(),
            })
            .collect(),
        _ => Vec::new(),
    };
    let online: BTreeSet<ParticipantId> = match fields.get(ONLINE) {
        Some(Any::Array(people)) => people
            .iter()
            .filter_map(|who| match who {
                Any::String(id) => ParticipantId::parse(id).ok(),
                _ => None,
            })
            .collect(),
        _ => BTreeSet::new(),
    };
    Some(Cafe {
        online,
        tables,
        rounds: whole(fields.get(ROUNDS)).unwrap_or(0),
        round_minutes: whole(fields.get(ROUND_MINUTES)).unwrap_or(0),
        remote_together: matches!(fields.get(REMOTE_TOGETHER), Some(Any::Bool(true))),
        round: whole(fields.get(ROUND)).unwrap_or(0),
        seating,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use yrs::Transact;

    #[test]
    fn cafes_round_trip_with_their_seating() {
        let governed = GovernedDoc::new();
        let activity = ActivityId::random_from(&mut (1u8..));
        let [ana, bo] = [1u8, 2].map(|seed| ParticipantId::random_from(&mut (seed..)));
        let cafe = Cafe {
            tables: vec![
                CafeTable { question: "What helps?".into(), colour: TableColour::Teal, host: Some(ana), remote: false },
                CafeTable { question: "Who helps?".into(), colour: TableColour::Blue, host: None, remote: true },
            ],
            rounds: 3,
            round_minutes: 20,
            remote_together: true,
            round: 2,
            seating: vec![BTreeMap::from([(ana, 0), (bo, 1)]), BTreeMap::from([(ana, 0), (bo, 0)])],
            online: BTreeSet::from([bo]),
        };
        governed.set_cafe(&mut governed.doc().transact_mut(), activity, &cafe);
        assert_eq!(governed.cafes(&governed.doc().transact()).get(&activity), Some(&cafe));
    }
}
