//! The agenda commands against the agenda they meet.

use std::collections::BTreeMap;

use super::Refusal;
use super::agenda::effects;
use super::command_tests::activity_id;
use super::commands::Effect;
use super::refusal::Missing;
use crate::agenda::{Activity, ActivityKind, ActivityState, MAX_ACTIVITIES, Visibility, in_order};
use crate::facilitation::{Command, Phase};
use crate::ids::ActivityId;

/// Runs one command on an agenda and applies what it does, as the server would.
fn run(agenda: &mut BTreeMap<ActivityId, Activity>, command: Command, fresh: u8) -> Result<(), Refusal> {
    let changes = effects(agenda, &command, activity_id(fresh)).expect("an agenda command")?;
    for change in changes {
        match change {
            Effect::Activity(activity) => {
                agenda.insert(activity.id, activity);
            }
            Effect::RemoveActivity(id) => {
                agenda.remove(&id);
            }
            Effect::Timer(None) | Effect::Phase(_) => {}
            other => panic!("unexpected effect {other:?}"),
        }
    }
    Ok(())
}

fn add(kind: ActivityKind, phase: Phase, title: &str) -> Command {
    Command::AddActivity {
        kind,
        phase,
        title: title.into(),
        prompt: String::new(),
        instructions: String::new(),
        minutes: 10,
    }
}

fn titles(agenda: &BTreeMap<ActivityId, Activity>) -> Vec<String> {
    in_order(agenda.values().cloned()).into_iter().map(|activity| activity.title).collect()
}

#[test]
fn a_facilitator_builds_an_agenda_phase_by_phase() {
    let mut agenda = BTreeMap::new();
    run(&mut agenda, add(ActivityKind::IdeaBoard, Phase::CoCreation, "Ideas"), 10).ok();
    run(&mut agenda, add(ActivityKind::Strengths, Phase::CoDefinition, "Strengths"), 20).ok();
    run(&mut agenda, add(ActivityKind::TwoPerspectives, Phase::CoDefinition, "Two views"), 30).ok();
    assert_eq!(titles(&agenda), ["Strengths", "Two views", "Ideas"]);
    let strengths = &agenda[&activity_id(20)];
    assert_eq!(strengths.prompt, ActivityKind::Strengths.default_prompt(), "an empty prompt takes the kind's own");
    assert_eq!(strengths.state, ActivityState::Upcoming);

    let to_front = Command::MoveActivity { activity: activity_id(10), phase: Phase::CoDefinition, index: 0 };
    run(&mut agenda, to_front, 0).ok();
    assert_eq!(titles(&agenda), ["Ideas", "Strengths", "Two views"]);
    run(&mut agenda, Command::DuplicateActivity { activity: activity_id(20) }, 40).ok();
    assert_eq!(titles(&agenda), ["Ideas", "Strengths", "Strengths", "Two views"]);
    run(&mut agenda, Command::RemoveActivity { activity: activity_id(40) }, 0).ok();
    let edit = Command::EditActivity {
        activity: activity_id(30),
        title: "  How we see it ".into(),
        prompt: "Where does it hurt?".into(),
        instructions: "On your own first".into(),
        minutes: 20,
    };
    run(&mut agenda, edit, 0).ok();
    let edited = &agenda[&activity_id(30)];
    assert_eq!(
        (edited.title.as_str(), edited.prompt.as_str(), edited.minutes),
        ("How we see it", "Where does it hurt?", 20)
    );
    assert_eq!(titles(&agenda), ["Ideas", "Strengths", "How we see it"]);
}

#[test]
fn one_activity_is_live_at_a_time() {
    let mut agenda = BTreeMap::new();
    run(&mut agenda, add(ActivityKind::Strengths, Phase::CoDefinition, "Strengths"), 10).ok();
    run(&mut agenda, add(ActivityKind::IdeaBoard, Phase::CoCreation, "Ideas"), 20).ok();
    let hide = Command::SetActivityVisibility { activity: activity_id(20), visibility: Visibility::Facilitators };
    run(&mut agenda, hide, 0).ok();
    run(&mut agenda, Command::StartActivity { activity: activity_id(10) }, 0).ok();
    assert_eq!(agenda[&activity_id(10)].state, ActivityState::Live);
    let hide_live = Command::SetActivityVisibility { activity: activity_id(10), visibility: Visibility::Facilitators };
    assert_eq!(run(&mut agenda, hide_live, 0), Err(Refusal::ActivityLive));
    run(&mut agenda, Command::StartActivity { activity: activity_id(20) }, 0).ok();
    assert_eq!(agenda[&activity_id(10)].state, ActivityState::Done, "the one live before is done");
    let live = &agenda[&activity_id(20)];
    assert_eq!((live.state, live.visibility), (ActivityState::Live, Visibility::Everyone), "started, everyone sees it");
    run(&mut agenda, Command::FinishActivity { activity: activity_id(20) }, 0).ok();
    assert!(agenda.values().all(|activity| activity.state == ActivityState::Done));
}

#[test]
fn starting_an_activity_stops_the_timer_and_moves_the_board_to_its_phase() {
    let mut agenda = BTreeMap::new();
    run(&mut agenda, add(ActivityKind::IdeaBoard, Phase::CoCreation, "Ideas"), 10).ok();
    let changes = effects(&agenda, &Command::StartActivity { activity: activity_id(10) }, activity_id(1));
    let Some(Ok(changes)) = changes else { panic!("refused") };
    assert!(changes.contains(&Effect::Timer(None)));
    assert!(changes.contains(&Effect::Phase(Phase::CoCreation)));
}

#[test]
fn unknown_activities_and_a_full_agenda_are_refused() {
    let mut agenda = BTreeMap::new();
    let missing = Err(Refusal::NotFound(Missing::Activity));
    assert_eq!(run(&mut agenda, Command::StartActivity { activity: activity_id(99) }, 0), missing);
    assert_eq!(run(&mut agenda, Command::DuplicateActivity { activity: activity_id(99) }, 0), missing);
    for seed in 0..MAX_ACTIVITIES {
        let fresh = ActivityId::random_from(&mut std::iter::repeat_n(0u8, 4).chain((seed as u32).to_be_bytes()));
        let changes = effects(&agenda, &add(ActivityKind::SharedText, Phase::Preparation, "Text"), fresh);
        let Some(Ok(changes)) = changes else { panic!("refused before the agenda was full") };
        for change in changes {
            if let Effect::Activity(activity) = change {
                agenda.insert(activity.id, activity);
            }
        }
    }
    assert_eq!(agenda.len(), MAX_ACTIVITIES);
    assert_eq!(
        run(&mut agenda, add(ActivityKind::SharedText, Phase::Preparation, "One more"), 1),
        Err(Refusal::AgendaFull)
    );
}

#[test]
fn an_agenda_command_is_not_taken_for_another() {
    let agenda = BTreeMap::new();
    assert_eq!(effects(&agenda, &Command::PauseTimer, activity_id(1)), None);
}

/// Who may read and write an activity's document: every state × visibility × lock × role.
#[test]
fn activity_documents_follow_the_activity() {
    use super::{Access, ActivityRules, BoardRules};
    use crate::access::Role;
    use crate::ids::{DocName, ParticipantId};

    let id = activity_id(5);
    let doc = DocName::Activity(id);
    let person = |role| Access { participant: ParticipantId::random_from(&mut (1u8..)), role };
    let (participant, facilitator, observer) =
        (person(Role::Participant), person(Role::Facilitator), person(Role::Observer));
    let mut rules = BoardRules { known: true, ..BoardRules::default() };
    assert_eq!(rules.read_refusal(doc, participant), Some(Refusal::NotFound(Missing::Activity)));
    assert_eq!(rules.write_refusal(doc, facilitator), Some(Refusal::NotFound(Missing::Activity)));
    let cases = [
        // state, visibility, locked: what a participant may read, and write
        (ActivityState::Upcoming, Visibility::Everyone, false, None, Some(Refusal::ActivityNotLive)),
        (ActivityState::Live, Visibility::Everyone, false, None, None),
        (ActivityState::Live, Visibility::Everyone, true, None, Some(Refusal::ActivityLocked)),
        (ActivityState::Done, Visibility::Everyone, false, None, Some(Refusal::ActivityDone)),
        (
            ActivityState::Upcoming,
            Visibility::Facilitators,
            false,
            Some(Refusal::ActivityHidden),
            Some(Refusal::ActivityHidden),
        ),
    ];
    for (state, visibility, locked, read, write) in cases {
        rules.activities.insert(
            id,
            ActivityRules {
                state,
                visibility,
                locked,
                document: doc,
                kind: ActivityKind::IdeaBoard,
                members: Default::default(),
                in_outputs: false,
            },
        );
        let case = format!("{state:?}, {visibility:?}, locked {locked}");
        assert_eq!(rules.read_refusal(doc, participant), read, "{case}: participant reads");
        assert_eq!(rules.write_refusal(doc, participant), write, "{case}: participant writes");
        assert_eq!(rules.read_refusal(doc, facilitator), None, "{case}: facilitator reads");
        assert_eq!(rules.write_refusal(doc, facilitator), None, "{case}: facilitator prepares");
        assert_eq!(rules.write_refusal(doc, observer), Some(Refusal::Observer), "{case}: observer");
    }
}

/// The content document's section locks do not reach into an activity's document.
#[test]
fn section_locks_stay_in_the_content_document() {
    use std::collections::BTreeSet;

    use super::{Access, BoardRules};
    use crate::access::Role;
    use crate::facilitation::Section;
    use crate::ids::{DocName, ParticipantId};
    use crate::schema::ContentChange;

    let rules = BoardRules { known: true, locked: BTreeSet::from([Section::Ideas]), ..BoardRules::default() };
    let ana = Access { participant: ParticipantId::random_from(&mut (1u8..)), role: Role::Participant };
    let ideas = BTreeSet::from([ContentChange::Section(Section::Ideas)]);
    assert_eq!(rules.content_refusal(DocName::Content, ana, &ideas), Some(Refusal::Locked(Section::Ideas)));
    assert_eq!(rules.content_refusal(DocName::Activity(activity_id(5)), ana, &ideas), None);
}

/// A section an activity holds (a board from before the agenda) follows its activity: its
/// state and lock, not the section lock it had before.
#[test]
fn a_section_held_by_an_activity_follows_the_activity() {
    use std::collections::BTreeSet;

    use super::{Access, ActivityRules, BoardRules};
    use crate::access::Role;
    use crate::facilitation::Section;
    use crate::ids::{DocName, ParticipantId};
    use crate::schema::ContentChange;

    let id = activity_id(6);
    let mut rules = BoardRules {
        known: true,
        locked: BTreeSet::from([Section::Ideas, Section::Questions]),
        held_sections: BTreeMap::from([(Section::Ideas, id)]),
        ..BoardRules::default()
    };
    let person = |role| Access { participant: ParticipantId::random_from(&mut (1u8..)), role };
    let (ana, facilitator) = (person(Role::Participant), person(Role::Facilitator));
    let change = |section| BTreeSet::from([ContentChange::Section(section)]);
    let cases = [
        (ActivityState::Upcoming, false, Some(Refusal::ActivityNotLive)),
        (ActivityState::Live, false, None),
        (ActivityState::Live, true, Some(Refusal::ActivityLocked)),
        (ActivityState::Done, false, Some(Refusal::ActivityDone)),
    ];
    for (state, locked, refusal) in cases {
        rules.activities.insert(
            id,
            ActivityRules {
                state,
                visibility: Visibility::Everyone,
                locked,
                document: DocName::Content,
                kind: ActivityKind::IdeaBoard,
                members: Default::default(),
                in_outputs: false,
            },
        );
        let ideas = change(Section::Ideas);
        assert_eq!(rules.content_refusal(DocName::Content, ana, &ideas), refusal, "{state:?}, locked {locked}");
        assert_eq!(rules.content_refusal(DocName::Content, facilitator, &ideas), None, "{state:?}: facilitator");
        assert_eq!(rules.section_refusal(ana, Section::Ideas), refusal, "{state:?}: the client's words");
        // A section no activity holds keeps its lock.
        let questions = change(Section::Questions);
        assert_eq!(rules.content_refusal(DocName::Content, ana, &questions), Some(Refusal::Locked(Section::Questions)));
    }
}

/// Between sessions: an activity opened until a date takes contributions, is done once the
/// date has passed, and a date in the past or too far ahead is refused.
#[test]
fn an_activity_is_open_between_sessions_until_its_date() {
    use super::agenda::{due_to_close, open_until};
    use super::refusal::Invalid;
    use super::{Access, BoardRules};
    use crate::access::Role;
    use crate::ids::{DocName, ParticipantId};

    let mut agenda = BTreeMap::new();
    run(&mut agenda, add(ActivityKind::IdeaBoard, Phase::CoCreation, "Ideas"), 1).ok();
    let id = agenda.keys().next().copied().unwrap_or_else(|| activity_id(1));
    let (now, day) = (1_800_000_000_000_u64, 24 * 3_600_000_u64);
    let too_late = now + (crate::agenda::MAX_OPEN_DAYS + 1) * day;
    for until in [now, now - 1, too_late] {
        assert_eq!(open_until(&agenda, id, until, now), Err(Refusal::Invalid(Invalid::OpenUntil)), "{until}");
    }
    for effect in open_until(&agenda, id, now + 7 * day, now).unwrap_or_default() {
        if let Effect::Activity(activity) = effect {
            agenda.insert(activity.id, activity);
        }
    }
    assert_eq!((agenda[&id].state, agenda[&id].open_until_ms), (ActivityState::Open, Some(now + 7 * day)));
    let rules = BoardRules::from_parts(&BTreeMap::new(), &Default::default(), [], BTreeMap::new(), &agenda);
    let ana = Access { participant: ParticipantId::random_from(&mut (1u8..)), role: Role::Participant };
    assert_eq!(rules.write_refusal(DocName::Activity(id), ana), None, "participants write while it is open");
    assert!(due_to_close(&agenda, now + 7 * day - 1).is_empty());
    let closed = due_to_close(&agenda, now + 7 * day);
    let closed: Vec<_> = closed
        .iter()
        .filter_map(|effect| match effect {
            Effect::Activity(activity) => Some((activity.id, activity.state, activity.open_until_ms)),
            _ => None,
        })
        .collect();
    assert_eq!(closed, [(id, ActivityState::Done, None)]);
}

#[test]
fn an_evaluation_starts_with_its_statements_set_up() {
    let agenda = BTreeMap::new();
    let command = add(ActivityKind::Evaluation, Phase::Implementation, "How was it?");
    let changes = effects(&agenda, &command, activity_id(7)).expect("an agenda command").expect("added");
    let poll = changes.iter().find_map(|change| match change {
        Effect::Poll(activity, poll) if *activity == activity_id(7) => Some(poll.clone()),
        _ => None,
    });
    assert_eq!(poll, Some(crate::evaluation::starting_poll()));
    let idea_board = add(ActivityKind::IdeaBoard, Phase::CoCreation, "Ideas");
    let changes = effects(&agenda, &idea_board, activity_id(8)).expect("an agenda command").expect("added");
    assert!(changes.iter().all(|change| !matches!(change, Effect::Poll(..))), "other activities start without a poll");
}
