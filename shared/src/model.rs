//! Plain values read out of a board document: what the views render.
//!
//! These are snapshots: editing one changes nothing. Writes go through
//! [`crate::BoardDoc`]'s methods, which take a transaction.

use crate::item_ids::{CardId, ClusterId, QuestionId};
/// How a participant takes part, shown on their cards and counted for the balance of voices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Perspective {
    /// A citizen: service user, family member, person with lived experience.
    Citizen,
    /// A professional: social worker, care or health staff, municipal officer.
    Professional,
    /// Anyone else, or not said.
    #[default]
    Other,
}

impl Perspective {
    /// Every perspective, in the order offered to people.
    pub const ALL: [Perspective; 3] = [Perspective::Citizen, Perspective::Professional, Perspective::Other];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Perspective::Citizen => "citizen",
            Perspective::Professional => "professional",
            Perspective::Other => "other",
        }
    }

    /// Reads a stored name; anything unknown counts as [`Perspective::Other`].
    pub fn parse(text: &str) -> Self {
        Perspective::ALL.into_iter().find(|perspective| perspective.as_str() == text).unwrap_or_default()
    }

    /// The label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Perspective::Citizen => "Citizen",
            Perspective::Professional => "Professional",
            Perspective::Other => "Other",
        }
    }
}

/// The colour of a card, from a small palette that stays readable with dark text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum CardColour {
    /// The default sticky-note yellow.
    #[default]
    Yellow,
    /// Light blue.
    Blue,
    /// Light green.
    Green,
    /// Light pink.
    Pink,
    /// Light purple.
    Purple,
}

impl CardColour {
    /// Every colour, in palette order.
    pub const ALL: [CardColour; 5] =
        [CardColour::Yellow, CardColour::Blue, CardColour::Green, CardColour::Pink, CardColour::Purple];

    /// The stored name (also the CSS class suffix).
    pub fn as_str(self) -> &'static str {
        match self {
            CardColour::Yellow => "yellow",
            CardColour::Blue => "blue",
            CardColour::Green => "green",
            CardColour::Pink => "pink",
            CardColour::Purple => "purple",
        }
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            CardColour::Yellow => "Yellow",
            CardColour::Blue => "Blue",
            CardColour::Green => "Green",
            CardColour::Pink => "Pink",
            CardColour::Purple => "Purple",
        }
    }

    /// Reads a stored name; anything unknown is yellow.
    pub fn parse(text: &str) -> Self {
        CardColour::ALL.into_iter().find(|colour| colour.as_str() == text).unwrap_or_default()
    }
}

/// A "How might we …" challenge question.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// Stable id.
    pub id: QuestionId,
    /// The question text.
    pub text: String,
    /// Sort key: questions are shown in ascending order.
    pub order: f64,
    /// Where it was carried from, if it was.
    pub from: Option<crate::agenda::Link>,
}

/// An idea card.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    /// Stable id.
    pub id: CardId,
    /// The idea.
    pub text: String,
    /// Its colour.
    pub colour: CardColour,
    /// The display name of whoever wrote it.
    pub author_name: String,
    /// The perspective its author took part with.
    pub perspective: Perspective,
    /// Who added it for its author (someone taking part without a device); empty if they
    /// wrote it themselves.
    pub helped_by: String,
    /// Position on the canvas, in canvas pixels.
    pub x: f64,
    /// Position on the canvas, in canvas pixels.
    pub y: f64,
    /// The cluster it is grouped into, if any.
    pub cluster: Option<ClusterId>,
    /// Where it was carried from, if it was.
    pub from: Option<crate::agenda::Link>,
}

/// The cluster of a two-perspectives activity that holds what both perspectives agree on.
pub const AGREED_CLUSTER: &str = "agreed";

/// A titled group of cards.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    /// Stable id.
    pub id: ClusterId,
    /// The cluster's title.
    pub title: String,
    /// Position of its top-left corner on the canvas.
    pub x: f64,
    /// Position of its top-left corner on the canvas.
    pub y: f64,
}

/// Everything a board view renders, read in one transaction.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BoardSnapshot {
    /// The problem statement.
    pub problem_statement: String,
    /// Challenge questions in display order.
    pub questions: Vec<Question>,
    /// Cards ordered top to bottom, then left to right, as a list view shows them.
    pub cards: Vec<Card>,
    /// Clusters ordered top to bottom, then left to right.
    pub clusters: Vec<Cluster>,
    /// Deleted cards and questions that can still be restored, most recent first.
    pub deleted: Vec<Deleted>,
}

/// A kind of item people write on the board (and can delete, or vote on).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemKind {
    /// An idea card.
    Card,
    /// A challenge question.
    Question,
}

/// A deleted card or question, waiting to be restored or deleted for good.
#[derive(Debug, Clone, PartialEq)]
pub struct Deleted {
    /// Card or question.
    pub kind: ItemKind,
    /// Its id.
    pub id: String,
    /// What it said.
    pub text: String,
    /// When it was deleted (ms since the epoch).
    pub at_ms: f64,
}

impl BoardSnapshot {
    /// The cards of one cluster (or of none), in list order.
    pub fn cards_in(&self, cluster: Option<&str>) -> impl Iterator<Item = &Card> {
        self.cards.iter().filter(move |card| card.cluster.as_deref() == cluster)
    }
}

/// Up to two initials for an avatar: of the first two words, or the first two letters of a
/// single word, so that "Ben" and "Bea Lund" read "BE" and "BL". ASCII case only: full
/// Unicode case tables would cost the web client more download than they are worth.
pub fn initials(name: &str) -> String {
    let mut words = name.split_whitespace().map(|word| word.trim_start_matches(|c: char| !c.is_alphanumeric()));
    let mut words = std::iter::from_fn(move || words.find(|word| !word.is_empty()));
    let first = words.next().unwrap_or_default();
    let letters: Vec<char> = match words.next() {
        Some(second) => first.chars().take(1).chain(second.chars().take(1)).collect(),
        None => first.chars().take(2).collect(),
    };
    letters.into_iter().map(|letter| letter.to_ascii_uppercase()).collect()
}

#[cfg(test)]
mod initials_tests {
    use super::initials;

    #[test]
    fn two_people_starting_with_b_can_be_told_apart() {
        assert_eq!(initials("Ben"), "BE");
        assert_eq!(initials("Bea Lund"), "BL");
        assert_eq!(initials("  dana  (social worker) "), "DS");
        assert_eq!(initials("Ørjan"), "ØR");
        assert_eq!(initials(""), "");
    }
}
