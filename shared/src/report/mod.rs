//! The workshop report (issue 19; seed 000's "dissemination and communication"): one
//! readable account of a whole board, as an HTML page made for print ([`html`]) and as
//! Markdown ([`markdown`]).
//!
//! The server gathers a [`Report`] from the board's documents; this module only renders
//! it, so what a report may hold is decided in one place, when it is gathered: cards carry
//! a perspective and never a name, a poll only its published counts, an eco-map only when
//! the facilitator included it in outputs, and people are counted by perspective (named
//! only as volunteers, and never on an anonymous board).

pub mod csv;
pub mod gather;
pub mod html;
pub mod markdown;
#[cfg(test)]
mod tests;

use crate::actions::Action;
use crate::agenda::ActivityKind;
use crate::facilitation::Phase;
use crate::model::Perspective;
use crate::polls::{ByPerspective, Poll};

/// A board's report.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    /// The board's title.
    pub title: String,
    /// When it was made, as a date people read ("29 November 2026").
    pub made_on: String,
    /// The problem statement, written together.
    pub challenge: String,
    /// The challenge question the room agreed on, if it did.
    pub agreed_question: Option<String>,
    /// Who took part, by perspective (facilitators and observers not counted).
    pub people: ByPerspective,
    /// Whether the board was anonymous: nobody is named anywhere in the report.
    pub anonymous: bool,
    /// Each activity on the agenda, in order.
    pub activities: Vec<ActivityReport>,
}

/// One activity's part of the report.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityReport {
    /// Its title.
    pub title: String,
    /// Its kind.
    pub kind: ActivityKind,
    /// Its phase.
    pub phase: Phase,
    /// What it asked.
    pub prompt: String,
    /// What came of it.
    pub outcome: Outcome,
}

/// What came of an activity.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Nothing yet.
    Nothing,
    /// A text written together.
    Text(String),
    /// Cards, questions or insights, with their dots when a round was revealed.
    Items {
        /// The items, most dotted first when dotted.
        items: Vec<Item>,
        /// What the dots answered ("Which ideas first?"), if a round was revealed.
        voted_on: Option<String>,
    },
    /// A poll's published results (none when they were never shown).
    Poll(Poll),
    /// An eco-map: its drawing (SVG) when included in outputs, else kept private.
    EcoMap(Option<String>),
    /// An action plan.
    Actions(Vec<Action>),
}

/// A card, question or insight.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Its words.
    pub text: String,
    /// The perspective of whoever wrote it (questions do not keep one).
    pub perspective: Option<Perspective>,
    /// The group it is in on the canvas, if any.
    pub group: Option<String>,
    /// Its dots by perspective, when a round was revealed.
    pub dots: Option<ByPerspective>,
    /// Marked: the agreed question, or what both perspectives agree on.
    pub marked: bool,
    /// Once a round was revealed: common ground, or seen differently.
    pub agreement: Option<crate::voting::agreement::ItemAgreement>,
}

/// The names of the three perspectives, in the order of [`ByPerspective`].
pub const PERSPECTIVES: [&str; 3] = ["Citizens", "Professionals", "Others"];

/// An item's words, with how perspectives met on it once a round was revealed ("More buses
/// — common ground").
pub fn with_agreement(item: &Item) -> String {
    match item.agreement {
        Some(agreement) => format!("{} — {}", item.text, agreement.label().to_lowercase()),
        None => item.text.clone(),
    }
}

/// "3 citizens, 2 professionals and 1 other": who took part, in words.
pub fn people_in_words(people: &ByPerspective) -> String {
    let words = [("citizen", "citizens"), ("professional", "professionals"), ("other", "others")];
    let parts: Vec<String> = people
        .iter()
        .zip(words)
        .filter(|(count, _)| **count > 0)
        .map(|(count, (one, many))| format!("{count} {}", if *count == 1 { one } else { many }))
        .collect();
    match parts.as_slice() {
        [] => "Nobody".to_owned(),
        [only] => only.clone(),
        [first @ .., last] => format!("{} and {last}", first.join(", ")),
    }
}

/// The answers of a poll with their counts by perspective, in the order of its answers
/// (a ranking's points, most first).
pub fn poll_rows(kind: ActivityKind, poll: &Poll) -> Vec<(String, ByPerspective)> {
    let Some(results) = &poll.results else { return Vec::new() };
    let mut rows: Vec<(String, ByPerspective)> = crate::polls::answer_labels(kind, poll)
        .into_iter()
        .map(|(choice, label)| (label, results.counts.get(&choice).copied().unwrap_or_default()))
        .collect();
    if kind == ActivityKind::Ranking {
        rows.sort_by_key(|(_, counts)| std::cmp::Reverse(counts.iter().sum::<u32>()));
    }
    rows
}

/// Who volunteered for an action: their names, or only how many on an anonymous board.
pub fn volunteers(action: &Action, anonymous: bool) -> String {
    match (anonymous, action.volunteers.len()) {
        (true, 1) => "1 person".to_owned(),
        (true, count) => format!("{count} people"),
        (false, _) => action.volunteers.values().cloned().collect::<Vec<_>>().join(", "),
    }
}
