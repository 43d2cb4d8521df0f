//! Action plans (seed 004's fourth phase: chosen ideas become pilots, with "doers and
//! donors", resources and a plan). An action is a card of an action-plan activity: its
//! words are the card's text (typed together like any card's), it may be carried forward
//! from a chosen idea (and links back), and dots can rank actions like any cards. The plan
//! around it is kept beside the card's fields ([`doc`]): why (the challenge it answers),
//! owners, supporters and contributors, resources, the first step, an impact indicator
//! with its target and where it stands (updated at later sessions), a due date, a status,
//! and who volunteered for it.

pub mod csv;
pub mod doc;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use crate::agenda::Link;
use crate::ids::ParticipantId;
use crate::item_ids::CardId;
use crate::model::Perspective;

/// Longest field of an action's plan, in characters.
pub const MAX_FIELD_CHARS: usize = 300;

/// Where an action stands: the columns of the board by status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum ActionStatus {
    /// Chosen, not planned yet.
    #[default]
    ToPlan,
    /// Planned: someone owns it and the first step is known.
    Planned,
    /// Under way.
    Doing,
    /// Done.
    Done,
}

impl ActionStatus {
    /// Every status, in the order of the board's columns.
    pub const ALL: [ActionStatus; 4] =
        [ActionStatus::ToPlan, ActionStatus::Planned, ActionStatus::Doing, ActionStatus::Done];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            ActionStatus::ToPlan => "to-plan",
            ActionStatus::Planned => "planned",
            ActionStatus::Doing => "doing",
            ActionStatus::Done => "done",
        }
    }

    /// Its column's heading.
    pub fn label(self) -> &'static str {
        match self {
            ActionStatus::ToPlan => "To plan",
            ActionStatus::Planned => "Planned",
            ActionStatus::Doing => "Under way",
            ActionStatus::Done => "Done",
        }
    }
}

impl crate::names::Named for ActionStatus {
    const ALL: &'static [Self] = &ActionStatus::ALL;

    fn name(self) -> &'static str {
        self.as_str()
    }
}

/// One field of an action's plan, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PlanField {
    /// Why: the challenge it answers.
    Why,
    /// Who owns it.
    Owners,
    /// Who supports or contributes ("doers and donors").
    Supporters,
    /// What it needs: money, rooms, time, people.
    Resources,
    /// The first step.
    FirstStep,
    /// How we will know it worked: its impact indicator, with a target (seed 000).
    Indicator,
    /// Where the indicator stands now, updated at later sessions.
    Progress,
}

impl PlanField {
    /// Every field, in the order a form asks for them.
    pub const ALL: [PlanField; 7] = [
        PlanField::Why,
        PlanField::Owners,
        PlanField::Supporters,
        PlanField::Resources,
        PlanField::FirstStep,
        PlanField::Indicator,
        PlanField::Progress,
    ];

    /// Whether it is written when an action is planned (its progress comes later).
    pub fn is_planned_ahead(self) -> bool {
        self != PlanField::Progress
    }

    /// Its key in the card's map.
    pub fn key(self) -> &'static str {
        match self {
            PlanField::Why => "why",
            PlanField::Owners => "owners",
            PlanField::Supporters => "supporters",
            PlanField::Resources => "resources",
            PlanField::FirstStep => "firstStep",
            PlanField::Indicator => "indicator",
            PlanField::Progress => "progress",
        }
    }

    /// Its label on a form.
    pub fn label(self) -> &'static str {
        match self {
            PlanField::Why => "Why: the challenge it answers",
            PlanField::Owners => "Who owns it",
            PlanField::Supporters => "Who supports or contributes",
            PlanField::Resources => "What it needs",
            PlanField::FirstStep => "First step",
            PlanField::Indicator => "How we will know it worked (indicator and target)",
            PlanField::Progress => "Where it stands now (update it at a later session)",
        }
    }
}

/// An action and its plan.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Action {
    /// The card's id.
    pub id: CardId,
    /// What: the card's text.
    pub what: String,
    /// The plan's fields that are written.
    pub plan: BTreeMap<PlanField, String>,
    /// When it is due, as a date (`2027-03-31`), or empty.
    pub due: String,
    /// Where it stands.
    pub status: ActionStatus,
    /// Who volunteered, by id, with the name they gave.
    pub volunteers: BTreeMap<ParticipantId, String>,
    /// The perspective of whoever wrote it (or of the idea it was carried from).
    pub perspective: Perspective,
    /// The idea it was carried from.
    pub from: Option<Link>,
}

impl Action {
    /// A field of its plan, empty when not written.
    pub fn field(&self, field: PlanField) -> &str {
        self.plan.get(&field).map_or("", String::as_str)
    }
}

/// Whether `due` is a date as a date input writes it (`yyyy-mm-dd`), or empty.
pub fn is_due_date(due: &str) -> bool {
    if due.is_empty() {
        return true;
    }
    let parts: Vec<&str> = due.split('-').collect();
    let number = |part: &str, digits: usize, range: std::ops::RangeInclusive<u32>| {
        part.len() == digits && part.parse::<u32>().is_ok_and(|value| range.contains(&value))
    };
    matches!(parts.as_slice(), [year, month, day]
        if number(year, 4, 1900..=9999) && number(month, 2, 1..=12) && number(day, 2, 1..=31))
}
