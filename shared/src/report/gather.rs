//! What of a board goes into its report, decided here in pure code (the server reads the
//! documents and hands them in): hidden cards and activities kept from participants are
//! left out, cards carry their author's perspective and never a name, dots are shown only
//! from a revealed round, and volunteers lose their names on an anonymous board.

use std::collections::{BTreeMap, BTreeSet};

use super::{Item, Outcome};
use crate::access::Role;
use crate::actions::Action;
use crate::agenda::{Activity, ActivityKind, Visibility};
use crate::governed::ParticipantRecord;
use crate::ids::ParticipantId;
use crate::item_ids::CardId;
use crate::model::BoardSnapshot;
use crate::polls::{ByPerspective, slot};
use crate::voting::{Round, RoundStatus};

/// Whether an activity belongs in the report: everything on the agenda that participants
/// may see.
pub fn reported(activity: &Activity) -> bool {
    activity.visibility != Visibility::Facilitators
}

/// Who took part, by perspective: participants still on the board (facilitators and
/// observers are not counted).
pub fn people(participants: &BTreeMap<ParticipantId, ParticipantRecord>) -> ByPerspective {
    let mut people = ByPerspective::default();
    for record in participants.values().filter(|record| record.present()) {
        if record.participant.role == Role::Participant {
            people[slot(record.participant.perspective)] += 1;
        }
    }
    people
}

/// The round whose dots the report shows for `activity`: the last one revealed on it.
pub fn revealed_round<'a>(activity: &Activity, rounds: impl IntoIterator<Item = &'a Round>) -> Option<&'a Round> {
    rounds
        .into_iter()
        .filter(|round| round.status == RoundStatus::Revealed && round.activity == Some(activity.id))
        .last()
}

/// The outcome of an activity whose words are in a board document (`snapshot`): its text,
/// its questions (the agreed one marked), or its cards grouped by cluster, most dotted
/// first when a round was revealed.
pub fn written_outcome(
    activity: &Activity,
    snapshot: &BoardSnapshot,
    round: Option<&Round>,
    hidden: &BTreeSet<CardId>,
) -> Outcome {
    match activity.kind {
        ActivityKind::SharedText if snapshot.problem_statement.trim().is_empty() => Outcome::Nothing,
        ActivityKind::SharedText => Outcome::Text(snapshot.problem_statement.trim().to_owned()),
        ActivityKind::ChallengeQuestions => {
            let items = snapshot.questions.iter().map(|question| Item {
                text: question.text.clone(),
                perspective: None,
                group: None,
                dots: None,
                marked: activity.agreed.as_ref() == Some(&question.id),
                agreement: None,
            });
            with_dots(items.collect(), snapshot.questions.iter().map(|q| q.id.to_string()).collect(), round)
        }
        _ => {
            let groups: BTreeMap<_, _> =
                snapshot.clusters.iter().map(|cluster| (cluster.id.clone(), cluster.title.clone())).collect();
            let mut cards: Vec<_> = snapshot.cards.iter().filter(|card| !hidden.contains(&card.id)).collect();
            // Cards of one group together, groups in the order the canvas shows them.
            let place = |card: &&crate::model::Card| {
                card.cluster.as_ref().and_then(|id| snapshot.clusters.iter().position(|cluster| &cluster.id == id))
            };
            cards.sort_by_key(|card| place(card).map_or(0, |at| at + 1));
            let ids = cards.iter().map(|card| card.id.to_string()).collect();
            // Two perspectives: what both agree on is marked.
            let agreed = |card: &crate::model::Card| {
                activity.kind == ActivityKind::TwoPerspectives
                    && card.cluster.as_deref() == Some(crate::model::AGREED_CLUSTER)
            };
            let items = cards.iter().map(|card| Item {
                text: card.text.clone(),
                perspective: Some(card.perspective),
                group: card.cluster.as_ref().and_then(|id| groups.get(id)).cloned(),
                dots: None,
                marked: agreed(card),
                agreement: None,
            });
            with_dots(items.collect(), ids, round)
        }
    }
}

/// Items with their dots from `round`, most first, when it was revealed.
fn with_dots(mut items: Vec<Item>, ids: Vec<String>, round: Option<&Round>) -> Outcome {
    if items.is_empty() {
        return Outcome::Nothing;
    }
    let Some((round, results)) = round.and_then(|round| Some((round, round.results.as_ref()?))) else {
        return Outcome::Items { items, voted_on: None };
    };
    for (item, id) in items.iter_mut().zip(&ids) {
        let tally = results.get(id).copied().unwrap_or_default();
        item.dots = Some([tally.citizen, tally.professional, tally.other]);
        item.agreement = crate::voting::agreement::item_agreement(round, id);
    }
    items.sort_by_key(|item| std::cmp::Reverse(item.dots.map_or(0, |dots| dots.iter().sum::<u32>())));
    Outcome::Items { items, voted_on: Some(round.title.clone()) }
}

/// An action plan's actions for the report: hidden ones left out, and on an anonymous board
/// each volunteer's name taken away (they are still counted).
pub fn actions_outcome(mut actions: Vec<Action>, hidden: &BTreeSet<CardId>, anonymous: bool) -> Outcome {
    actions.retain(|action| !hidden.contains(&action.id));
    if anonymous {
        for action in &mut actions {
            for name in action.volunteers.values_mut() {
                name.clear();
            }
        }
    }
    Outcome::Actions(actions)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Card, Cluster, Perspective};

    fn card(id: &str, text: &str, perspective: Perspective, cluster: Option<&str>) -> Card {
        Card {
            id: id.into(),
            text: text.into(),
            colour: Default::default(),
            author_name: "Mila Horvat".into(),
            perspective,
            helped_by: String::new(),
            x: 0.0,
            y: 0.0,
            cluster: cluster.map(Into::into),
            from: None,
        }
    }

    #[test]
    fn what_both_perspectives_agree_on_is_marked_and_hidden_cards_left_out() {
        let mut activity = Activity {
            id: crate::ids::ActivityId::random_from(&mut (1u8..)),
            kind: ActivityKind::TwoPerspectives,
            phase: crate::facilitation::Phase::CoDefinition,
            title: "Two views".into(),
            prompt: String::new(),
            instructions: String::new(),
            minutes: 10,
            state: crate::agenda::ActivityState::Live,
            visibility: Visibility::Everyone,
            locked: false,
            order: 1.0,
            home: crate::agenda::ActivityHome::Own,
            agreed: None,
            prompt_from: None,
            open_until_ms: None,
            members: Default::default(),
            in_outputs: false,
        };
        let snapshot = BoardSnapshot {
            cards: vec![
                card("c1", "Buses stop too early", Perspective::Citizen, None),
                card("c2", "Nobody knows the rota", Perspective::Professional, None),
                card("c3", "Getting home is the problem", Perspective::Citizen, Some(crate::model::AGREED_CLUSTER)),
            ],
            clusters: vec![Cluster {
                id: crate::model::AGREED_CLUSTER.into(),
                title: "What we agree on".into(),
                x: 0.0,
                y: 0.0,
            }],
            ..BoardSnapshot::default()
        };
        let hidden = BTreeSet::from([CardId::from("c2")]);
        let Outcome::Items { items, .. } = written_outcome(&activity, &snapshot, None, &hidden) else {
            panic!("cards");
        };
        let marked: Vec<(&str, bool)> = items.iter().map(|item| (item.text.as_str(), item.marked)).collect();
        assert_eq!(marked, [("Buses stop too early", false), ("Getting home is the problem", true)]);
        assert_eq!(items[1].group.as_deref(), Some("What we agree on"));
        activity.kind = ActivityKind::IdeaBoard;
        let Outcome::Items { items, .. } = written_outcome(&activity, &snapshot, None, &hidden) else {
            panic!("cards");
        };
        assert!(items.iter().all(|item| !item.marked), "an idea board marks nothing");
    }
}
