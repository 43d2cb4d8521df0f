//! Dot voting: rounds, their settings and status, and revealed results.
//!
//! A facilitator opens a round on the cards or the challenge questions, with a per-person
//! budget of dots and a cap per item. Votes are kept where no client can read them (the
//! board's ballots document) until the facilitator reveals the round; then the results,
//! combined and per perspective, appear in governed state. A closed round is frozen.

pub mod agreement;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::ids::RoundId;
use crate::model::Perspective;

/// The most dots one person may have in a round.
pub const MAX_BUDGET: u32 = 50;
/// The longest item id accepted (cards and questions use short random ids).
pub const MAX_ITEM_ID_CHARS: usize = 64;

/// What a round votes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VoteTarget {
    /// The idea cards.
    Cards,
    /// The challenge questions.
    Questions,
}

impl VoteTarget {
    /// Every target.
    pub const ALL: [VoteTarget; 2] = [VoteTarget::Cards, VoteTarget::Questions];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            VoteTarget::Cards => "cards",
            VoteTarget::Questions => "questions",
        }
    }

    /// Reads a stored name.
    pub fn parse(text: &str) -> Option<Self> {
        VoteTarget::ALL.into_iter().find(|target| target.as_str() == text)
    }
}

/// Where a round stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RoundStatus {
    /// Taking votes; results hidden.
    Open,
    /// Frozen; results still hidden.
    Closed,
    /// Frozen, results shown to everyone.
    Revealed,
}

impl RoundStatus {
    /// Every status.
    pub const ALL: [RoundStatus; 3] = [RoundStatus::Open, RoundStatus::Closed, RoundStatus::Revealed];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            RoundStatus::Open => "open",
            RoundStatus::Closed => "closed",
            RoundStatus::Revealed => "revealed",
        }
    }

    /// Reads a stored name.
    pub fn parse(text: &str) -> Option<Self> {
        RoundStatus::ALL.into_iter().find(|status| status.as_str() == text)
    }
}

/// The dots one item got, combined and per perspective.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Tally {
    /// All dots.
    pub total: u32,
    /// Dots from citizens.
    pub citizen: u32,
    /// Dots from professionals.
    pub professional: u32,
    /// Dots from everyone else.
    pub other: u32,
}

impl Tally {
    /// Adds `dots` from someone with `perspective`.
    pub fn add(&mut self, perspective: Perspective, dots: u32) {
        self.total += dots;
        match perspective {
            Perspective::Citizen => self.citizen += dots,
            Perspective::Professional => self.professional += dots,
            Perspective::Other => self.other += dots,
        }
    }
}

/// A voting round as everyone sees it in governed state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Round {
    /// Its id.
    pub id: RoundId,
    /// What it asks, such as "Which ideas should we try first?".
    pub title: String,
    /// What is voted on.
    pub target: VoteTarget,
    /// Dots per person.
    pub budget: u32,
    /// Most dots one person may put on one item.
    pub cap: u32,
    /// Where it stands.
    pub status: RoundStatus,
    /// Dots per item once revealed.
    pub results: Option<BTreeMap<String, Tally>>,
    /// The activity whose items are voted on; none for the board's own sections.
    #[serde(default)]
    pub activity: Option<crate::ids::ActivityId>,
}

impl Round {
    /// The items with most dots once revealed, at most `count`, most first (items with as
    /// many dots in id order); items without dots are left out.
    pub fn top_items(&self, count: usize) -> Vec<String> {
        let Some(results) = &self.results else { return Vec::new() };
        let mut items: Vec<(&String, u32)> =
            results.iter().map(|(item, tally)| (item, tally.total)).filter(|(_, dots)| *dots > 0).collect();
        items.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        items.into_iter().take(count).map(|(item, _)| item.clone()).collect()
    }

    /// An item's place by dots once revealed (1 = most; items with as many dots share a
    /// place); `None` before the reveal or for an item without dots.
    pub fn rank_of(&self, item: &str) -> Option<usize> {
        let results = self.results.as_ref()?;
        let dots = results.get(item).map(|tally| tally.total).filter(|total| *total > 0)?;
        Some(1 + results.values().filter(|other| other.total > dots).count())
    }

    /// An item's dots once revealed (0 before, or for an item nobody chose).
    pub fn dots_of(&self, item: &str) -> u32 {
        self.results.as_ref().and_then(|results| results.get(item)).map_or(0, |tally| tally.total)
    }
}

#[cfg(test)]
mod rank_tests {
    use super::*;

    #[test]
    fn items_with_as_many_dots_share_a_place() {
        let tally = |total| Tally { total, ..Tally::default() };
        let results =
            BTreeMap::from([("a".to_owned(), tally(5)), ("b".to_owned(), tally(5)), ("c".to_owned(), tally(2))]);
        let round = Round {
            id: RoundId::random_from(&mut std::iter::repeat(7)),
            title: "First".into(),
            target: VoteTarget::Cards,
            budget: 3,
            cap: 2,
            status: RoundStatus::Revealed,
            results: Some(results),
            activity: None,
        };
        assert_eq!(round.rank_of("a"), Some(1));
        assert_eq!(round.rank_of("b"), Some(1));
        assert_eq!(round.rank_of("c"), Some(3));
        assert_eq!(round.rank_of("nobody-chose-me"), None);
        assert_eq!(round.dots_of("c"), 2);
        assert_eq!(Round { results: None, ..round }.rank_of("a"), None);
    }
}

/// One person's dots in a round: item id → dots.
pub type Allocation = BTreeMap<String, u32>;

/// The answer to a vote: your dots in the round and how many you have left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyVotes {
    /// Your dots per item.
    pub allocation: Allocation,
    /// Dots you can still place.
    pub remaining: u32,
}

/// The answer to [`crate::Command::OpenRound`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OpenedRound {
    /// The new round's id.
    pub round: RoundId,
}
