//! Carrying results forward, as seed 004 asks: the agreed challenge question becomes the
//! prompt of the next idea board, and the items with most dots in a revealed round become
//! items of a later activity, each linked back to where it came from.
//!
//! Pure code over the agenda and the rounds: the server reads the words from the documents
//! and writes the carried items; what may be carried, where to, and what changes in
//! governed state is decided here.

use std::collections::BTreeMap;

use super::Refusal;
use super::commands::{Effect, GovernedState};
use super::refusal::{Invalid, Missing};
use crate::agenda::{Activity, ActivityKind, ActivityState, Link, in_order};
use crate::ids::{ActivityId, DocName, RoundId};
use crate::item_ids::QuestionId;
use crate::voting::{RoundStatus, VoteTarget};

/// Whether a round on `target` may run in `activity` (none: the board's own sections).
pub fn round_scope(
    agenda: &BTreeMap<ActivityId, Activity>,
    activity: Option<ActivityId>,
    target: VoteTarget,
) -> Result<(), Refusal> {
    let Some(id) = activity else { return Ok(()) };
    let activity = agenda.get(&id).ok_or(Refusal::NotFound(Missing::Activity))?;
    if activity.kind.collects() != Some(target) {
        return Err(Refusal::Invalid(Invalid::NothingToVoteOn));
    }
    Ok(())
}

/// The document a round's items are in.
pub fn round_document(agenda: &BTreeMap<ActivityId, Activity>, activity: Option<ActivityId>) -> DocName {
    activity.and_then(|id| agenda.get(&id)).map_or(DocName::Content, Activity::document)
}

/// Marks `question` (with its words as the activity's document has them) as the one
/// `activity` agreed on, or takes the mark away. The next idea board after it on the agenda
/// that has not started takes the question as its prompt, linked back.
pub fn agree(
    agenda: &BTreeMap<ActivityId, Activity>,
    activity: ActivityId,
    question: Option<(QuestionId, String)>,
) -> Result<Vec<Effect>, Refusal> {
    let current = agenda.get(&activity).ok_or(Refusal::NotFound(Missing::Activity))?;
    if current.kind != ActivityKind::ChallengeQuestions {
        return Err(Refusal::Invalid(Invalid::NotQuestions));
    }
    let agreed = question.as_ref().map(|(id, _)| id.clone());
    let mut effects = vec![Effect::Activity(Activity { agreed, ..current.clone() })];
    if let Some((id, text)) = question {
        let ordered = in_order(agenda.values().cloned());
        let next = ordered
            .iter()
            .skip_while(|other| other.id != activity)
            .skip(1)
            .find(|other| other.kind == ActivityKind::IdeaBoard && other.state == ActivityState::Upcoming);
        if let Some(next) = next {
            let link = Link { activity, item: id.into_string() };
            effects.push(Effect::Activity(Activity { prompt: text, prompt_from: Some(link), ..next.clone() }));
        }
    }
    Ok(effects)
}

/// What carrying a round's results forward does: which items, from which document, to
/// which document, and what they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Carry {
    /// The activity the round ran in.
    pub from: ActivityId,
    /// Its document.
    pub from_document: DocName,
    /// The document the items go to.
    pub to_document: DocName,
    /// Cards or questions.
    pub target: VoteTarget,
    /// The items with most dots, most first.
    pub items: Vec<String>,
}

/// Checks that the `count` items with most dots in `round` may be carried to `to`, and
/// says which they are.
pub fn carry(state: &GovernedState, round: RoundId, to: ActivityId, count: u32) -> Result<Carry, Refusal> {
    let round = state.rounds.get(&round).ok_or(Refusal::NotFound(Missing::Round))?;
    if round.status != RoundStatus::Revealed {
        return Err(Refusal::RoundNotRevealed);
    }
    let from = round.activity.and_then(|id| state.agenda.get(&id)).ok_or(Refusal::RoundOutsideActivities)?;
    let target = state.agenda.get(&to).ok_or(Refusal::NotFound(Missing::Activity))?;
    if target.id == from.id || target.kind.collects() != Some(round.target) {
        return Err(Refusal::Invalid(Invalid::CarryTarget));
    }
    Ok(Carry {
        from: from.id,
        from_document: from.document(),
        to_document: target.document(),
        target: round.target,
        items: round.top_items(usize::try_from(count).unwrap_or(usize::MAX)),
    })
}

/// The id a carried item gets in its new activity: the same each time it is carried, so
/// carrying again adds only what is not there yet.
pub fn carried_id(from: ActivityId, item: &str) -> String {
    // The activity's 16 hex digits and a dash leave this much of an item id's length.
    let room = crate::voting::MAX_ITEM_ID_CHARS - 17;
    if item.len() <= room {
        return format!("{from}-{item}");
    }
    let hash = crate::wire::TextPrint::of(item).bits();
    format!("{from}-{hash:016x}")
}
