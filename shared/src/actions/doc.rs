//! Where an action's plan is kept: beside the fields of its card in the activity's
//! `cards` map ([`crate::schema`]).
//!
//! ```text
//! cards  Map  id -> Map { text, …the card's fields…, why, owners, supporters, resources,
//!                         firstStep, indicator, progress, due, status,
//!                         volunteer:<participant id>: name }
//! ```
//!
//! Every field is a plain value, last writer wins. Each volunteer is a key of their own, so
//! two people volunteering at once are both kept; the board's rules let a person write only
//! their own key ([`crate::schema::ContentChange::Volunteer`]).

use yrs::{Any, Doc, Map, MapRef, ReadTxn, Transact, TransactionMut};

use super::{Action, ActionStatus, PlanField};
use crate::ids::ParticipantId;
use crate::names::Named;
use crate::schema::{BoardDoc, NewCard, entry, string};

/// The key of a card's due date.
pub const DUE: &str = "due";
/// The key of a card's status.
pub const STATUS: &str = "status";
/// What a volunteer's key starts with, before their participant id.
pub const VOLUNTEER: &str = "volunteer:";

/// The action plan of a document.
#[derive(Clone)]
pub struct ActionsDoc {
    doc: Doc,
    board: BoardDoc,
    cards: MapRef,
}

impl ActionsDoc {
    /// The actions of `doc`.
    pub fn from_doc(doc: Doc) -> ActionsDoc {
        let board = BoardDoc::from_doc(doc.clone());
        let cards = doc.get_or_insert_map(crate::schema::CARDS);
        ActionsDoc { doc, board, cards }
    }

    /// The actions as they stand.
    pub fn read(&self) -> Vec<Action> {
        self.read_in(&self.doc.transact())
    }

    /// The actions as `txn` sees them, in the order they were put on the plan.
    pub fn read_in(&self, txn: &impl ReadTxn) -> Vec<Action> {
        let mut cards = self.board.snapshot_in(txn).cards;
        cards.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)).then_with(|| a.id.cmp(&b.id)));
        cards
            .into_iter()
            .filter_map(|card| {
                let map = entry(&self.cards, txn, &card.id)?;
                let plan = PlanField::ALL
                    .into_iter()
                    .map(|field| (field, string(&map, txn, field.key())))
                    .filter(|(_, text)| !text.trim().is_empty())
                    .collect();
                let volunteers = map
                    .iter(txn)
                    .filter_map(|(key, value)| {
                        let id = ParticipantId::parse(key.strip_prefix(VOLUNTEER)?).ok()?;
                        match value {
                            yrs::Out::Any(Any::String(name)) => Some((id, name.to_string())),
                            _ => None,
                        }
                    })
                    .collect();
                Some(Action {
                    id: card.id,
                    what: card.text,
                    plan,
                    due: Some(string(&map, txn, DUE)).filter(|due| super::is_due_date(due)).unwrap_or_default(),
                    status: ActionStatus::named(&string(&map, txn, STATUS)).unwrap_or_default(),
                    volunteers,
                    perspective: card.perspective,
                    from: card.from,
                })
            })
            .collect()
    }

    /// Puts a new action last on the plan.
    pub fn add(&self, txn: &mut TransactionMut, action: NewCard<'_>) {
        let last = self.board.snapshot_in(txn).cards.iter().map(|card| card.y).fold(0.0, f64::max);
        self.board.add_card(txn, NewCard { x: 0.0, y: last + 1.0, ..action });
    }

    /// Writes one field of an action's plan (none if the action is gone).
    pub fn set_field(&self, txn: &mut TransactionMut, id: &str, field: PlanField, text: &str) {
        if let Some(map) = entry(&self.cards, txn, id) {
            map.insert(txn, field.key(), Any::from(text));
        }
    }

    /// Sets when an action is due (a `yyyy-mm-dd` date, or empty).
    pub fn set_due(&self, txn: &mut TransactionMut, id: &str, due: &str) {
        if let Some(map) = entry(&self.cards, txn, id) {
            map.insert(txn, DUE, Any::from(due));
        }
    }

    /// Moves an action to another column.
    pub fn set_status(&self, txn: &mut TransactionMut, id: &str, status: ActionStatus) {
        if let Some(map) = entry(&self.cards, txn, id) {
            map.insert(txn, STATUS, Any::from(status.as_str()));
        }
    }

    /// Erases the names of the volunteers an erasure covers; they stay volunteers. How many.
    pub fn erase_volunteer_names(&self, txn: &mut TransactionMut, erasing: &crate::erasure::Erasing) -> usize {
        let mut named = Vec::new();
        for (_, value) in self.cards.iter(txn) {
            let yrs::Out::YMap(card) = value else { continue };
            for (key, name) in card.iter(txn) {
                let Some(participant) = key.strip_prefix(VOLUNTEER) else { continue };
                let Ok(participant) = ParticipantId::parse(participant) else { continue };
                let has_name = matches!(&name, yrs::Out::Any(Any::String(name)) if !name.is_empty());
                if has_name && erasing.covers(participant) {
                    named.push((card.clone(), key.to_owned()));
                }
            }
        }
        for (card, key) in &named {
            card.insert(txn, key.as_str(), Any::from(crate::erasure::ERASED_NAME));
        }
        named.len()
    }

    /// Puts `participant` (called `name`) down as a volunteer for an action, or takes them off.
    pub fn volunteer(&self, txn: &mut TransactionMut, id: &str, participant: ParticipantId, name: &str, on: bool) {
        let Some(map) = entry(&self.cards, txn, id) else { return };
        let key = format!("{VOLUNTEER}{participant}");
        if on {
            map.insert(txn, key, Any::from(name));
        } else {
            map.remove(txn, &key);
        }
    }
}
