//! Reading and writing the agenda in the governed document.
//!
//! ```text
//! agenda  Map   activity id -> { kind, phase, title, prompt, instructions, minutes, state,
//!                                visibility, locked, order, home, agreed?, promptFrom?,
//!                                openUntil? }
//! ```
//!
//! An activity is written whole, like a round: two server instances writing one at once
//! leave one of the two, never a mix.

use std::collections::{BTreeMap, HashMap};

use yrs::{Any, Map, Out, ReadTxn, TransactionMut};

use super::GovernedDoc;
use crate::agenda::{Activity, ActivityHome, ActivityKind, ActivityState, Link, Visibility};
use crate::facilitation::Phase;
use crate::ids::ActivityId;
use crate::item_ids::QuestionId;
use crate::names::Named;

const KIND: &str = "kind";
const PHASE: &str = "phase";
const TITLE: &str = "title";
const PROMPT: &str = "prompt";
const INSTRUCTIONS: &str = "instructions";
const MINUTES: &str = "minutes";
const STATE: &str = "state";
const VISIBILITY: &str = "visibility";
const ORDER: &str = "order";
const LOCKED: &str = "locked";
const HOME: &str = "home";
const AGREED: &str = "agreed";
const PROMPT_FROM: &str = "promptFrom";
const OPEN_UNTIL: &str = "openUntil";
const MEMBERS: &str = "members";
const IN_OUTPUTS: &str = "inOutputs";

impl GovernedDoc {
    /// Every activity on the agenda, by id.
    pub fn activities(&self, txn: &impl ReadTxn) -> BTreeMap<ActivityId, Activity> {
        let read = |(key, value)| read_activity(key, value);
        self.agenda.iter(txn).filter_map(read).map(|activity| (activity.id, activity)).collect()
    }

    /// Writes an activity whole.
    pub fn set_activity(&self, txn: &mut TransactionMut, activity: &Activity) {
        let mut fields: HashMap<String, Any> = [
            (KIND, Any::from(activity.kind.name())),
            (PHASE, Any::from(activity.phase.name())),
            (TITLE, Any::from(activity.title.as_str())),
            (PROMPT, Any::from(activity.prompt.as_str())),
            (INSTRUCTIONS, Any::from(activity.instructions.as_str())),
            (MINUTES, Any::from(f64::from(activity.minutes))),
            (STATE, Any::from(activity.state.name())),
            (VISIBILITY, Any::from(activity.visibility.name())),
            (ORDER, Any::from(activity.order)),
            (LOCKED, Any::from(activity.locked)),
            (HOME, Any::from(activity.home.name())),
        ]
        .into_iter()
        .map(|(key, value)| (key.to_owned(), value))
        .collect();
        if let Some(agreed) = &activity.agreed {
            fields.insert(AGREED.to_owned(), Any::from(agreed.as_str()));
        }
        if let Some(link) = &activity.prompt_from {
            fields.insert(PROMPT_FROM.to_owned(), Any::from(link.to_string()));
        }
        if let Some(until) = activity.open_until_ms {
            // Milliseconds fit a double exactly for the next 285,000 years.
            #[allow(clippy::cast_precision_loss)]
            fields.insert(OPEN_UNTIL.to_owned(), Any::from(until as f64));
        }
        if !activity.members.is_empty() {
            let members: Vec<Any> = activity.members.iter().map(|member| Any::from(member.to_string())).collect();
            fields.insert(MEMBERS.to_owned(), Any::from(members));
        }
        if activity.in_outputs {
            fields.insert(IN_OUTPUTS.to_owned(), Any::from(true));
        }
        self.agenda.insert(txn, activity.id.to_string(), Any::from(fields));
    }

    /// Takes an activity off the agenda.
    pub fn remove_activity(&self, txn: &mut TransactionMut, id: ActivityId) {
        self.agenda.remove(txn, &id.to_string());
    }
}

fn read_activity(key: &str, value: Out) -> Option<Activity> {
    let Out::Any(Any::Map(fields)) = value else { return None };
    let text = |name: &str| match fields.get(name) {
        Some(Any::String(text)) => Some(text.to_string()),
        _ => None,
    };
    let number = |name: &str| fields.get(name)?.clone().cast::<f64>().ok();
    let minutes = number(MINUTES).filter(|minutes| minutes.is_finite() && *minutes >= 0.0).unwrap_or(0.0);
    Some(Activity {
        id: ActivityId::parse(key).ok()?,
        kind: ActivityKind::named(&text(KIND)?)?,
        phase: Phase::named(&text(PHASE)?)?,
        title: text(TITLE)?,
        prompt: text(PROMPT).unwrap_or_default(),
        instructions: text(INSTRUCTIONS).unwrap_or_default(),
        // Whole minutes within a day, as the command checked them.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        minutes: minutes.min(f64::from(crate::agenda::MAX_ACTIVITY_MINUTES)) as u32,
        state: text(STATE).and_then(|state| ActivityState::named(&state)).unwrap_or_default(),
        visibility: text(VISIBILITY).and_then(|visibility| Visibility::named(&visibility)).unwrap_or_default(),
        order: number(ORDER).filter(|order| order.is_finite()).unwrap_or(0.0),
        locked: matches!(fields.get(LOCKED), Some(Any::Bool(true))),
        home: text(HOME).and_then(|home| ActivityHome::named(&home)).unwrap_or_default(),
        agreed: text(AGREED).map(QuestionId::from),
        prompt_from: text(PROMPT_FROM).and_then(|link| Link::parse(&link)),
        // Whole milliseconds, as the command wrote them.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        open_until_ms: number(OPEN_UNTIL).filter(|until| until.is_finite() && *until >= 0.0).map(|until| until as u64),
        members: match fields.get(MEMBERS) {
            Some(Any::Array(members)) => members
                .iter()
                .filter_map(|member| match member {
                    Any::String(id) => crate::ids::ParticipantId::parse(id).ok(),
                    _ => None,
                })
                .collect(),
            _ => Default::default(),
        },
        in_outputs: matches!(fields.get(IN_OUTPUTS), Some(Any::Bool(true))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use yrs::Transact;

    #[test]
    fn activities_round_trip_and_go() {
        let governed = GovernedDoc::new();
        let activity = Activity {
            id: ActivityId::random_from(&mut (1u8..=8)),
            kind: ActivityKind::TwoPerspectives,
            phase: Phase::CoDefinition,
            title: "How we see it".into(),
            prompt: "How do you see the need?".into(),
            instructions: "Ten minutes, on your own first.".into(),
            minutes: 10,
            state: ActivityState::Live,
            visibility: Visibility::Facilitators,
            locked: true,
            order: 2.5,
            home: ActivityHome::Board,
            agreed: Some(QuestionId::from("q-1")),
            prompt_from: Some(Link { activity: ActivityId::random_from(&mut (9u8..)), item: "q-2".into() }),
            open_until_ms: Some(1_800_000_000_000),
            members: [1u8, 9].map(|seed| crate::ids::ParticipantId::random_from(&mut (seed..))).into(),
            in_outputs: true,
        };
        governed.set_activity(&mut governed.doc().transact_mut(), &activity);
        let read = governed.activities(&governed.doc().transact());
        assert_eq!(read.get(&activity.id), Some(&activity));
        governed.remove_activity(&mut governed.doc().transact_mut(), activity.id);
        assert!(governed.activities(&governed.doc().transact()).is_empty());
    }
}
