//! Carrying forward as pure code: where a round may run, the agreed question, and which
//! items a revealed round carries where.

use std::collections::BTreeMap;

use super::Refusal;
use super::carry::{agree, carried_id, carry, round_scope};
use super::command_tests::activity_id;
use super::commands::{Effect, GovernedState};
use super::refusal::{Invalid, Missing};
use crate::agenda::{Activity, ActivityHome, ActivityKind, ActivityState, Link, Visibility};
use crate::facilitation::Phase;
use crate::ids::{ActivityId, DocName, RoundId};
use crate::voting::{Round, RoundStatus, Tally, VoteTarget};

fn activity(seed: u8, kind: ActivityKind, phase: Phase, order: f64, state: ActivityState) -> Activity {
    Activity {
        id: activity_id(seed),
        kind,
        phase,
        title: format!("{} {seed}", kind.label()),
        prompt: kind.default_prompt().to_owned(),
        instructions: String::new(),
        minutes: 0,
        state,
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

/// Questions (1, live), then a shared text (2), a started idea board (3) and two upcoming
/// idea boards (4, 5), then strengths (6).
fn agenda() -> BTreeMap<ActivityId, Activity> {
    use ActivityKind::*;
    use ActivityState::*;
    [
        activity(1, ChallengeQuestions, Phase::CoDefinition, 1.0, Live),
        activity(2, SharedText, Phase::CoDefinition, 2.0, Upcoming),
        activity(3, IdeaBoard, Phase::CoCreation, 1.0, Done),
        activity(4, IdeaBoard, Phase::CoCreation, 2.0, Upcoming),
        activity(5, IdeaBoard, Phase::CoCreation, 3.0, Upcoming),
        activity(6, Strengths, Phase::Implementation, 1.0, Upcoming),
    ]
    .into_iter()
    .map(|activity| (activity.id, activity))
    .collect()
}

fn changed(effects: &[Effect]) -> BTreeMap<ActivityId, Activity> {
    effects
        .iter()
        .filter_map(|effect| match effect {
            Effect::Activity(activity) => Some((activity.id, activity.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn a_round_runs_on_what_its_activity_collects() {
    let agenda = agenda();
    assert_eq!(round_scope(&agenda, None, VoteTarget::Cards), Ok(()));
    assert_eq!(round_scope(&agenda, Some(activity_id(1)), VoteTarget::Questions), Ok(()));
    assert_eq!(round_scope(&agenda, Some(activity_id(4)), VoteTarget::Cards), Ok(()));
    assert_eq!(round_scope(&agenda, Some(activity_id(6)), VoteTarget::Cards), Ok(()));
    let nothing = Err(Refusal::Invalid(Invalid::NothingToVoteOn));
    assert_eq!(round_scope(&agenda, Some(activity_id(1)), VoteTarget::Cards), nothing);
    assert_eq!(round_scope(&agenda, Some(activity_id(2)), VoteTarget::Cards), nothing);
    assert_eq!(
        round_scope(&agenda, Some(activity_id(9)), VoteTarget::Cards),
        Err(Refusal::NotFound(Missing::Activity))
    );
}

#[test]
fn the_agreed_question_becomes_the_prompt_of_the_next_idea_board() {
    let agenda = agenda();
    let question = Some(("q-bus".into(), "How might we get people home after four?".to_owned()));
    let effects = agree(&agenda, activity_id(1), question).unwrap_or_default();
    let changed = changed(&effects);
    assert_eq!(changed.len(), 2, "the questions and one idea board: {changed:?}");
    assert_eq!(changed[&activity_id(1)].agreed, Some("q-bus".into()));
    // The idea board already done is passed over; the first upcoming one takes the prompt.
    let next = &changed[&activity_id(4)];
    assert_eq!(next.prompt, "How might we get people home after four?");
    assert_eq!(next.prompt_from, Some(Link { activity: activity_id(1), item: "q-bus".into() }));
    assert_eq!(
        Activity { prompt: agenda[&activity_id(4)].prompt.clone(), prompt_from: None, ..next.clone() },
        agenda[&activity_id(4)]
    );

    // Taking the mark away leaves the prompts alone.
    let cleared = changed_of(agree(&agenda, activity_id(1), None));
    assert_eq!(cleared.len(), 1);
    assert_eq!(cleared[&activity_id(1)].agreed, None);
}

fn changed_of(result: Result<Vec<Effect>, Refusal>) -> BTreeMap<ActivityId, Activity> {
    changed(&result.unwrap_or_default())
}

#[test]
fn only_a_challenge_question_is_agreed_and_with_no_idea_board_after_it_nothing_else_changes() {
    let mut agenda = agenda();
    let question = || Some(("q".into(), "How might we?".to_owned()));
    assert_eq!(agree(&agenda, activity_id(4), question()), Err(Refusal::Invalid(Invalid::NotQuestions)));
    assert_eq!(agree(&agenda, activity_id(9), question()), Err(Refusal::NotFound(Missing::Activity)));
    for later in [4, 5] {
        agenda.remove(&activity_id(later));
    }
    assert_eq!(changed_of(agree(&agenda, activity_id(1), question())).len(), 1);
}

fn revealed_round(activity: Option<ActivityId>, target: VoteTarget, dots: &[(&str, u32)]) -> Round {
    Round {
        id: RoundId::random_from(&mut (7u8..)),
        title: "Which first?".into(),
        target,
        budget: 5,
        cap: 5,
        status: RoundStatus::Revealed,
        results: Some(
            dots.iter()
                .map(|(item, total)| ((*item).to_owned(), Tally { total: *total, ..Tally::default() }))
                .collect(),
        ),
        activity,
    }
}

fn state_with(round: Round) -> GovernedState {
    GovernedState { rounds: BTreeMap::from([(round.id, round)]), agenda: agenda(), ..GovernedState::default() }
}

#[test]
fn the_items_with_most_dots_are_carried_most_first() {
    let round =
        revealed_round(Some(activity_id(4)), VoteTarget::Cards, &[("a", 1), ("b", 4), ("c", 0), ("d", 4), ("e", 2)]);
    let state = state_with(round.clone());
    let carried = carry(&state, round.id, activity_id(6), 3);
    let carried = carried.map(|carry| (carry.from, carry.from_document, carry.to_document, carry.items));
    let expected = (
        activity_id(4),
        DocName::Activity(activity_id(4)),
        DocName::Activity(activity_id(6)),
        vec!["b".to_owned(), "d".into(), "e".into()],
    );
    assert_eq!(carried, Ok(expected));
    // Items without dots never go; asking for more gives what there is.
    assert_eq!(carry(&state, round.id, activity_id(5), 20).map(|carry| carry.items.len()), Ok(4));
}

#[test]
fn carrying_needs_a_revealed_round_of_an_activity_and_a_place_that_collects_its_items() {
    let cards = revealed_round(Some(activity_id(4)), VoteTarget::Cards, &[("a", 1)]);
    let state = state_with(Round { status: RoundStatus::Closed, ..cards.clone() });
    assert_eq!(carry(&state, cards.id, activity_id(5), 1), Err(Refusal::RoundNotRevealed));
    let state = state_with(Round { activity: None, ..cards.clone() });
    assert_eq!(carry(&state, cards.id, activity_id(5), 1), Err(Refusal::RoundOutsideActivities));
    let state = state_with(cards.clone());
    let wrong_place = Err(Refusal::Invalid(Invalid::CarryTarget));
    assert_eq!(carry(&state, cards.id, activity_id(1), 1), wrong_place, "cards to questions");
    assert_eq!(carry(&state, cards.id, activity_id(2), 1), wrong_place, "cards to a shared text");
    assert_eq!(carry(&state, cards.id, activity_id(4), 1), wrong_place, "cards to where they are");
    assert_eq!(carry(&state, cards.id, activity_id(9), 1), Err(Refusal::NotFound(Missing::Activity)));
    assert_eq!(
        carry(&state, RoundId::random_from(&mut (1u8..)), activity_id(5), 1),
        Err(Refusal::NotFound(Missing::Round))
    );
}

#[test]
fn a_carried_id_is_the_same_each_time_and_fits_an_item_id() {
    let from = activity_id(4);
    assert_eq!(carried_id(from, "card-7"), format!("{from}-card-7"));
    assert_eq!(carried_id(from, "card-7"), carried_id(from, "card-7"));
    let long = "x".repeat(64);
    let carried = carried_id(from, &long);
    assert!(carried.len() <= crate::voting::MAX_ITEM_ID_CHARS, "{carried}");
    assert_ne!(carried, carried_id(from, &"y".repeat(64)));
}

#[test]
fn a_prompt_written_anew_no_longer_links_to_the_agreed_question() {
    let mut agenda = agenda();
    let question = Some(("q".into(), "How might we share lifts?".to_owned()));
    for effect in agree(&agenda, activity_id(1), question).unwrap_or_default() {
        if let Effect::Activity(activity) = effect {
            agenda.insert(activity.id, activity);
        }
    }
    let edit = |prompt: &str| crate::facilitation::Command::EditActivity {
        activity: activity_id(4),
        title: "Ideas".into(),
        prompt: prompt.into(),
        instructions: String::new(),
        minutes: 5,
    };
    let kept = changed_of(
        super::agenda::effects(&agenda, &edit("How might we share lifts?"), activity_id(9)).unwrap_or(Ok(Vec::new())),
    );
    assert!(kept[&activity_id(4)].prompt_from.is_some(), "a title changed, the prompt kept: the link stays");
    let rewritten =
        changed_of(super::agenda::effects(&agenda, &edit("What else?"), activity_id(9)).unwrap_or(Ok(Vec::new())));
    assert_eq!(rewritten[&activity_id(4)].prompt_from, None);
}
