//! Restore points: the board's content as it was, kept by the server so a facilitator can
//! look back and bring the board, or one card, back after a mistake or vandalism.
//!
//! The server takes a point every few minutes while people write, before every phase
//! change, before every restore, and when a facilitator asks; it keeps a bounded number.

use crate::item_ids::CardId;
use serde::{Deserialize, Serialize};

use crate::model::{BoardSnapshot, Perspective};

/// One restore point, as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PointInfo {
    /// Its id: when it was taken, in milliseconds since the Unix epoch.
    pub id: u64,
    /// Why it was taken ("Every few minutes", "Before the phase Co-creation" …).
    pub label: String,
    /// Cards on the board then.
    pub cards: u32,
    /// Challenge questions then.
    pub questions: u32,
}

/// What a restore point holds, for a facilitator to look at before restoring.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PointPreview {
    /// The point.
    pub info: PointInfo,
    /// The problem statement then.
    pub problem_statement: String,
    /// The challenge questions then, in order.
    pub questions: Vec<String>,
    /// The cards then.
    pub cards: Vec<PreviewCard>,
}

/// A card as a restore point has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PreviewCard {
    /// Its id, to restore it alone.
    pub id: CardId,
    /// What it said (empty for a card hidden now).
    pub text: String,
    /// Whether it is on the board now with the same words.
    pub unchanged: bool,
    /// The perspective it was written from.
    pub perspective: Perspective,
}

impl PointInfo {
    /// The listing of a point taken at `id` with `label`, of the content `then`.
    pub fn of(id: u64, label: String, then: &BoardSnapshot) -> PointInfo {
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        PointInfo { id, label, cards: count(then.cards.len()), questions: count(then.questions.len()) }
    }
}
