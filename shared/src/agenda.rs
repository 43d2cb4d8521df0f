//! A board's agenda: the activities of a co-production process, in order, under the four
//! phases (seed 004: preparation, co-definition, co-creation, implementation).
//!
//! The agenda is governed state: facilitators add, edit, duplicate, reorder, start, finish
//! and remove activities with [`crate::Command`]s; everyone sees it. Each activity has a
//! [`ActivityKind`]; what a kind does with its own document lives in its own module, and
//! adding a kind is a new variant here plus that module.

use std::fmt;

use crate::facilitation::{Phase, Section};
use crate::ids::{ActivityId, DocName};
use crate::item_ids::QuestionId;

pub use crate::activity_kind::ActivityKind;

/// The longest activity title, in characters.
pub const MAX_ACTIVITY_TITLE_CHARS: usize = 120;
/// The longest prompt (the question people answer), in characters.
pub const MAX_PROMPT_CHARS: usize = 500;
/// The longest instructions, in characters.
pub const MAX_INSTRUCTIONS_CHARS: usize = 1_000;
/// The longest planned duration, in minutes (a whole day).
pub const MAX_ACTIVITY_MINUTES: u32 = 480;
/// Most activities on one agenda.
pub const MAX_ACTIVITIES: usize = 100;
/// The furthest ahead an activity can be opened between sessions, in days.
pub const MAX_OPEN_DAYS: u64 = 183;
/// Most items carried forward from a round at a time.
pub const MAX_CARRIED: u32 = 20;

/// Where an activity is in the workshop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum ActivityState {
    /// Planned, not started.
    #[default]
    Upcoming,
    /// Running now: every screen follows it.
    Live,
    /// Finished: people can look back at it, read-only.
    Done,
    /// Open for contributions between sessions, until a date ([`Activity::open_until_ms`]):
    /// participants write in it whenever they come back, no screen is made to follow it.
    Open,
}

impl ActivityState {
    /// Every state, in order.
    pub const ALL: [ActivityState; 4] =
        [ActivityState::Upcoming, ActivityState::Live, ActivityState::Done, ActivityState::Open];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            ActivityState::Upcoming => "upcoming",
            ActivityState::Live => "live",
            ActivityState::Done => "done",
            ActivityState::Open => "open",
        }
    }
}

/// Who sees an activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Visibility {
    /// Everyone on the board.
    #[default]
    Everyone,
    /// Facilitators only, while they prepare it.
    Facilitators,
}

impl Visibility {
    /// Every visibility.
    pub const ALL: [Visibility; 2] = [Visibility::Everyone, Visibility::Facilitators];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Everyone => "everyone",
            Visibility::Facilitators => "facilitators",
        }
    }
}

/// Where an activity's words are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum ActivityHome {
    /// A document of its own ([`DocName::Activity`]), loaded only while someone shows it.
    #[default]
    Own,
    /// A section of the board's own document: the problem statement, questions and idea
    /// board of a board written before it had an agenda ([`crate::governed::migration`]).
    Board,
}

impl ActivityHome {
    /// Every home.
    pub const ALL: [ActivityHome; 2] = [ActivityHome::Own, ActivityHome::Board];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            ActivityHome::Own => "own",
            ActivityHome::Board => "board",
        }
    }
}

/// One activity on the agenda.
#[derive(Debug, Clone, PartialEq)]
pub struct Activity {
    /// Its id.
    pub id: ActivityId,
    /// What it asks people to do.
    pub kind: ActivityKind,
    /// The phase it belongs to.
    pub phase: Phase,
    /// Its title ("Our strengths").
    pub title: String,
    /// The question people answer.
    pub prompt: String,
    /// What it is for and how long it takes, for the people taking part.
    pub instructions: String,
    /// Planned duration in minutes (0 when not planned).
    pub minutes: u32,
    /// Upcoming, live or done.
    pub state: ActivityState,
    /// Who sees it.
    pub visibility: Visibility,
    /// Locked by a facilitator: participants cannot change it for now.
    pub locked: bool,
    /// Sort key within its phase: activities are shown in ascending order.
    pub order: f64,
    /// Where its words are kept.
    pub home: ActivityHome,
    /// The question agreed on (challenge questions only).
    pub agreed: Option<QuestionId>,
    /// Where its prompt came from: the agreed question of an earlier activity.
    pub prompt_from: Option<Link>,
    /// Until when it is open between sessions (milliseconds since the Unix epoch).
    pub open_until_ms: Option<u64>,
    /// The only participants who may open it (a family and their worker, for a family's
    /// eco-map); none named: everyone it is visible to. Facilitators always may.
    pub members: std::collections::BTreeSet<crate::ids::ParticipantId>,
    /// Shown on the projector and in exports although it is kept to named participants:
    /// an eco-map is left out of them until a facilitator includes it.
    pub in_outputs: bool,
}

/// Where a carried item came from: an item (a card or a question) of an activity.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Link {
    /// The activity.
    pub activity: ActivityId,
    /// The card's or question's id in that activity's document.
    pub item: String,
}

impl Link {
    /// Reads the stored form, `activity/item`.
    pub fn parse(text: &str) -> Option<Link> {
        let (activity, item) = text.split_once('/')?;
        (!item.is_empty()).then(|| Some(Link { activity: ActivityId::parse(activity).ok()?, item: item.to_owned() }))?
    }
}

impl fmt::Display for Link {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.activity, self.item)
    }
}

impl Activity {
    /// The document that holds this activity's words.
    pub fn document(&self) -> DocName {
        match self.home {
            ActivityHome::Own => DocName::Activity(self.id),
            ActivityHome::Board => DocName::Content,
        }
    }

    /// The section of the board's document this activity holds, if the board holds it.
    pub fn board_section(&self) -> Option<Section> {
        (self.home == ActivityHome::Board).then(|| self.kind.board_section()).flatten()
    }
}

/// A board's activities in agenda order: by phase, then by their order within it.
pub fn in_order(activities: impl IntoIterator<Item = Activity>) -> Vec<Activity> {
    let mut activities: Vec<Activity> = activities.into_iter().collect();
    activities.sort_by(|a, b| a.phase.cmp(&b.phase).then(a.order.total_cmp(&b.order)).then(a.id.cmp(&b.id)));
    activities
}

/// The order key for an activity placed at `index` among `others` (the other activities of
/// its phase, in order): halfway between its neighbours, so nothing else is renumbered.
pub fn order_at(others: &[&Activity], index: usize) -> f64 {
    let before = index.checked_sub(1).and_then(|at| others.get(at)).map(|activity| activity.order);
    let after = others.get(index).map(|activity| activity.order);
    match (before, after) {
        (None, None) => 1.0,
        (Some(before), None) => before + 1.0,
        (None, Some(after)) => after - 1.0,
        (Some(before), Some(after)) => before + (after - before) / 2.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn activity(seed: u8, phase: Phase, order: f64) -> Activity {
        Activity {
            id: ActivityId::random_from(&mut (seed..=seed + 7)),
            kind: ActivityKind::IdeaBoard,
            phase,
            title: format!("Activity {seed}"),
            prompt: String::new(),
            instructions: String::new(),
            minutes: 0,
            state: ActivityState::Upcoming,
            visibility: Visibility::Everyone,
            locked: false,
            order,
            home: ActivityHome::Own,
            agreed: None,
            prompt_from: None,
            open_until_ms: None,
            members: Default::default(),
            in_outputs: false,
        }
    }

    #[test]
    fn the_agenda_runs_phase_by_phase_then_in_order() {
        let late = activity(1, Phase::CoCreation, 1.0);
        let second = activity(2, Phase::CoDefinition, 2.0);
        let first = activity(3, Phase::CoDefinition, 1.0);
        let ordered = in_order([late.clone(), second.clone(), first.clone()]);
        assert_eq!(ordered, vec![first, second, late]);
    }

    #[test]
    fn a_link_reads_back_and_refuses_what_is_not_one() {
        let link = Link { activity: ActivityId::random_from(&mut (1u8..)), item: "card-7/b".into() };
        assert_eq!(Link::parse(&link.to_string()), Some(link));
        for bad in ["", "card-7", "0102030405060708/", "nothex/card"] {
            assert_eq!(Link::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_place_between_two_activities_changes_neither() {
        let (a, b) = (activity(1, Phase::Preparation, 1.0), activity(2, Phase::Preparation, 2.0));
        let others = [&a, &b];
        assert_eq!(order_at(&others, 0), 0.0);
        assert_eq!(order_at(&others, 1), 1.5);
        assert_eq!(order_at(&others, 2), 3.0);
        assert_eq!(order_at(&[], 0), 1.0);
    }
}
