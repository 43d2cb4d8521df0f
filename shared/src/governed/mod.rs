//! The shape of a board's governed document: the state that decides power.
//!
//! ```text
//! meta          Map   schemaVersion
//! participants  Map   participant id -> { name, perspective, role, removed, waiting, assisted }
//! facilitation  Map   phase, timer, locks, summon, private writing, anonymity (see [`facilitation`])
//! rounds        Map   voting rounds and, once revealed, their results (see [`rounds`])
//! hidden        Map   cards hidden by a facilitator, with the reason (see [`moderation`])
//! agenda        Map   the activities of the process (see [`agenda`])
//! polls         Map   each poll's setup, status and published counts (see [`polls`])
//! cafes         Map   each World Café's tables, rounds and seating (see [`cafes`])
//! ```
//!
//! Only the server writes this document, after checking a command against the sender's
//! role and the rules; clients sync it read-only. Values are plain (not nested shared
//! types): the server replaces a participant's record as a whole, so concurrent writes from
//! two server instances resolve to one of two valid records, never a mix.

mod agenda;
mod cafes;
mod facilitation;
pub mod migration;
mod moderation;
mod polls;
mod rounds;

pub use moderation::Hidden;

use std::collections::{BTreeMap, BTreeSet};

use yrs::{Any, Doc, Map, MapRef, Out, ReadTxn, Transact, TransactionMut};

use crate::access::{Participant, Role};
use crate::ids::ParticipantId;
use crate::model::Perspective;

/// The version of the layout above. Bump it deliberately, together with a migration:
/// version 2 added the agenda ([`migration`] gives older boards theirs).
pub const GOVERNED_SCHEMA_VERSION: i64 = 2;

const META: &str = "meta";
const PARTICIPANTS: &str = "participants";
const FACILITATION: &str = "facilitation";
const ROUNDS: &str = "rounds";
const HIDDEN: &str = "hidden";
const AGENDA: &str = "agenda";
const POLLS: &str = "polls";
const CAFES: &str = "cafes";
const NAME: &str = "name";
const PERSPECTIVE: &str = "perspective";
const ROLE: &str = "role";
const REMOVED: &str = "removed";
const WAITING: &str = "waiting";
const ASSISTED: &str = "assisted";

/// A participant as recorded in governed state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParticipantRecord {
    /// Who they are.
    pub participant: Participant,
    /// Removed by a facilitator: their connections are closed and their token refused.
    pub removed: bool,
    /// Waiting in the lobby for a facilitator to let them in: no document is open to them.
    pub waiting: bool,
    /// Takes part without a device (on paper, or through a helper): added by a facilitator
    /// or supporter, who add their ideas, votes and answers for them. Has no token.
    pub assisted: bool,
}

impl ParticipantRecord {
    /// A participant who joined and was let in.
    pub fn admitted(participant: Participant) -> Self {
        ParticipantRecord { participant, removed: false, waiting: false, assisted: false }
    }

    /// Whether they take part now: let in and not removed.
    pub fn present(&self) -> bool {
        !self.removed && !self.waiting
    }
}

/// A board's governed document with typed access to its parts.
#[derive(Clone)]
pub struct GovernedDoc {
    doc: Doc,
    meta: MapRef,
    participants: MapRef,
    facilitation: MapRef,
    rounds: MapRef,
    hidden: MapRef,
    agenda: MapRef,
    polls: MapRef,
    cafes: MapRef,
}

impl Default for GovernedDoc {
    fn default() -> Self {
        GovernedDoc::new()
    }
}

impl GovernedDoc {
    /// A new, empty governed document with all root types defined.
    pub fn new() -> Self {
        GovernedDoc::from_doc(Doc::new())
    }

    /// Wraps an existing document (one loaded by the server, or synced by a client).
    pub fn from_doc(doc: Doc) -> Self {
        let meta = doc.get_or_insert_map(META);
        let participants = doc.get_or_insert_map(PARTICIPANTS);
        let facilitation = doc.get_or_insert_map(FACILITATION);
        let rounds = doc.get_or_insert_map(ROUNDS);
        let hidden = doc.get_or_insert_map(HIDDEN);
        let agenda = doc.get_or_insert_map(AGENDA);
        let polls = doc.get_or_insert_map(POLLS);
        let cafes = doc.get_or_insert_map(CAFES);
        GovernedDoc { doc, meta, participants, facilitation, rounds, hidden, agenda, polls, cafes }
    }

    /// The underlying yrs document, for syncing.
    pub fn doc(&self) -> &Doc {
        &self.doc
    }

    /// The update that starts every new board's governed document.
    pub fn seed_update() -> Vec<u8> {
        crate::schema::versioned_seed(GOVERNED_SCHEMA_VERSION)
    }

    /// Records a participant who joined (waiting in the lobby, or let in).
    pub fn add_participant(&self, txn: &mut TransactionMut, participant: &Participant, waiting: bool) {
        let record = ParticipantRecord { participant: participant.clone(), removed: false, waiting, assisted: false };
        self.write_record(txn, &record);
    }

    /// Records someone who takes part without a device, added by a facilitator or supporter.
    pub fn add_assisted(&self, txn: &mut TransactionMut, participant: &Participant) {
        let record =
            ParticipantRecord { participant: participant.clone(), removed: false, waiting: false, assisted: true };
        self.write_record(txn, &record);
    }

    /// Lets a waiting participant in; false if there is no such participant.
    pub fn admit(&self, txn: &mut TransactionMut, id: ParticipantId) -> bool {
        let Some(mut record) = read_record(&self.participants, txn, &id.to_string()) else { return false };
        record.waiting = false;
        self.write_record(txn, &record);
        true
    }

    /// Marks a participant removed; false if there is no such participant.
    pub fn remove_participant(&self, txn: &mut TransactionMut, id: ParticipantId) -> bool {
        let Some(mut record) = read_record(&self.participants, txn, &id.to_string()) else { return false };
        record.removed = true;
        self.write_record(txn, &record);
        true
    }

    /// Erases the names of the participants an erasure covers (their perspective and role
    /// stay); how many.
    pub fn erase_names(&self, txn: &mut TransactionMut, erasing: &crate::erasure::Erasing) -> usize {
        let named: Vec<ParticipantRecord> = self
            .participants(txn)
            .into_values()
            .filter(|record| !record.participant.name.is_empty() && erasing.covers(record.participant.id))
            .collect();
        for record in &named {
            let mut erased = record.clone();
            erased.participant.name = crate::erasure::ERASED_NAME.to_owned();
            self.write_record(txn, &erased);
        }
        named.len()
    }

    /// Gives a participant another role; false if there is no such participant.
    pub fn set_role(&self, txn: &mut TransactionMut, id: ParticipantId, role: Role) -> bool {
        let Some(mut record) = read_record(&self.participants, txn, &id.to_string()) else { return false };
        record.participant.role = role;
        self.write_record(txn, &record);
        true
    }

    /// One participant's record.
    pub fn participant(&self, txn: &impl ReadTxn, id: ParticipantId) -> Option<ParticipantRecord> {
        read_record(&self.participants, txn, &id.to_string())
    }

    /// Every participant who ever joined, by id.
    pub fn participants(&self, txn: &impl ReadTxn) -> BTreeMap<ParticipantId, ParticipantRecord> {
        self.participants
            .iter(txn)
            .filter_map(|(key, _)| read_record(&self.participants, txn, key))
            .map(|record| (record.participant.id, record))
            .collect()
    }

    /// The ids of removed participants.
    pub fn removed(&self, txn: &impl ReadTxn) -> BTreeSet<ParticipantId> {
        self.participants(txn)
            .into_values()
            .filter(|record| record.removed)
            .map(|record| record.participant.id)
            .collect()
    }

    /// The whole document as JSON, for comparing replicas in tests.
    pub fn to_json(&self) -> Any {
        use yrs::types::ToJson;
        let txn = self.doc.transact();
        let roots = [
            (META, self.meta.to_json(&txn)),
            (PARTICIPANTS, self.participants.to_json(&txn)),
            (FACILITATION, self.facilitation.to_json(&txn)),
            (ROUNDS, self.rounds.to_json(&txn)),
            (HIDDEN, self.hidden.to_json(&txn)),
            (AGENDA, self.agenda.to_json(&txn)),
        ];
        Any::from(
            roots
                .into_iter()
                .map(|(name, value)| (name.to_owned(), value))
                .collect::<std::collections::HashMap<_, _>>(),
        )
    }

    fn write_record(&self, txn: &mut TransactionMut, record: &ParticipantRecord) {
        let participant = &record.participant;
        let fields = [
            (NAME, Any::from(participant.name.as_str())),
            (PERSPECTIVE, Any::from(participant.perspective.as_str())),
            (ROLE, Any::from(participant.role.as_str())),
            (REMOVED, Any::from(record.removed)),
            (WAITING, Any::from(record.waiting)),
            (ASSISTED, Any::from(record.assisted)),
        ];
        let value = Any::from(
            fields.into_iter().map(|(key, value)| (key.to_owned(), value)).collect::<std::collections::HashMap<_, _>>(),
        );
        self.participants.insert(txn, participant.id.to_string(), value);
    }
}

/// Reads a participant record; `None` for a missing or malformed one.
fn read_record(participants: &MapRef, txn: &impl ReadTxn, key: &str) -> Option<ParticipantRecord> {
    let id = ParticipantId::parse(key).ok()?;
    let Some(Out::Any(Any::Map(fields))) = participants.get(txn, key) else { return None };
    let text = |field: &str| match fields.get(field) {
        Some(Any::String(text)) => Some(text.to_string()),
        _ => None,
    };
    let participant = Participant {
        id,
        name: text(NAME)?,
        perspective: Perspective::parse(&text(PERSPECTIVE).unwrap_or_default()),
        role: Role::parse(&text(ROLE)?)?,
    };
    let removed = matches!(fields.get(REMOVED), Some(Any::Bool(true)));
    let waiting = matches!(fields.get(WAITING), Some(Any::Bool(true)));
    let assisted = matches!(fields.get(ASSISTED), Some(Any::Bool(true)));
    Some(ParticipantRecord { participant, removed, waiting, assisted })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ana() -> Participant {
        Participant {
            id: ParticipantId::random_from(&mut (1u8..=8)),
            name: "Ana".into(),
            perspective: Perspective::Citizen,
            role: Role::Participant,
        }
    }

    #[test]
    fn participants_are_recorded_and_removed() {
        let governed = GovernedDoc::new();
        let ana = ana();
        {
            let mut txn = governed.doc().transact_mut();
            governed.add_participant(&mut txn, &ana, true);
        }
        let txn = governed.doc().transact();
        assert_eq!(
            governed.participant(&txn, ana.id),
            Some(ParticipantRecord { participant: ana.clone(), removed: false, waiting: true, assisted: false })
        );
        drop(txn);
        assert!(governed.admit(&mut governed.doc().transact_mut(), ana.id));
        let txn = governed.doc().transact();
        assert_eq!(governed.participant(&txn, ana.id), Some(ParticipantRecord::admitted(ana.clone())));
        drop(txn);
        {
            let mut txn = governed.doc().transact_mut();
            assert!(governed.remove_participant(&mut txn, ana.id));
            assert!(!governed.remove_participant(&mut txn, ParticipantId::random_from(&mut std::iter::empty())));
        }
        let txn = governed.doc().transact();
        assert_eq!(governed.removed(&txn), BTreeSet::from([ana.id]));
    }
}
