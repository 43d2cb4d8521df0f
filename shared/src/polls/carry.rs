//! Carrying a poll's words forward: an open question's answers, or the questions put to a
//! panel, become cards on an idea board, each linked back to the poll (seed 003's lab took
//! what people said in Mentimeter on into its next activity).

use std::collections::BTreeMap;

use super::{HideWhat, Poll, hidden_key};
use crate::agenda::{Activity, ActivityKind};
use crate::governance::{Invalid, Missing, Refusal};
use crate::ids::{ActivityId, DocName};
use crate::model::Perspective;
use crate::voting::VoteTarget;

/// Checks that the words of the poll of `from` may be carried to `to` now, and says which
/// document the cards go to.
pub fn check_carrying(
    agenda: &BTreeMap<ActivityId, Activity>,
    poll: Option<&Poll>,
    from: ActivityId,
    to: ActivityId,
) -> Result<DocName, Refusal> {
    let source = agenda.get(&from).ok_or(Refusal::NotFound(Missing::Activity))?;
    let target = agenda.get(&to).ok_or(Refusal::NotFound(Missing::Activity))?;
    let words = matches!(source.kind, ActivityKind::OpenQuestion | ActivityKind::PanelQuestions);
    if !words || target.kind.collects() != Some(VoteTarget::Cards) {
        return Err(Refusal::Invalid(Invalid::CarryAnswers));
    }
    let poll = poll.ok_or(Refusal::NotFound(Missing::Poll))?;
    if poll.results.is_none() {
        return Err(Refusal::ResultsNotShown);
    }
    Ok(target.document())
}

/// The cards carried from answers in words (or questions to a panel), each with its
/// writer's perspective: one card per answer however many gave it and however they wrote
/// it (then "others" when several perspectives did), nothing the facilitator hid, in alphabetical order.
pub fn cards_from(poll: &Poll, what: HideWhat, answers: &[(Perspective, String)]) -> Vec<(String, Perspective)> {
    let mut cards: BTreeMap<String, (String, Perspective)> = BTreeMap::new();
    for (perspective, text) in answers {
        let text = text.trim();
        if hidden_key(what, text).is_some_and(|key| poll.hidden.contains_key(&key)) || text.is_empty() {
            continue;
        }
        cards
            .entry(text.to_lowercase())
            .and_modify(|(written, seen)| {
                if seen != perspective {
                    *seen = Perspective::Other;
                }
                // However the answers arrive, the same spelling wins (capitals first).
                if text < written.as_str() {
                    *written = text.to_owned();
                }
            })
            .or_insert_with(|| (text.to_owned(), *perspective));
    }
    cards.into_values().collect()
}

/// The item an answer carried forward links back to: a fingerprint of its words (an
/// answer has no id of its own), the same for the same words however written.
pub fn answer_item(text: &str) -> String {
    format!("answer-{:016x}", crate::wire::TextPrint::of(&text.trim().to_lowercase()).bits())
}
