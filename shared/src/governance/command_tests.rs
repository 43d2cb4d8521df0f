//! Commands as pure code: every command × role, and the state-dependent ones case by case.

use super::commands::{Effect, FreshIds, GovernedState, effects, validate};
use super::*;
use crate::agenda::{ActivityKind, Visibility};
use crate::facilitation::{Command, Phase, Timer};
use crate::governed::ParticipantRecord;
use crate::ids::ActivityId;
use crate::model::Perspective;
use crate::voting::{Round, RoundStatus, VoteTarget};

fn id(seed: u8) -> ParticipantId {
    ParticipantId::random_from(&mut (seed..))
}

fn round_id(seed: u8) -> RoundId {
    RoundId::random_from(&mut (seed..))
}

/// One of every command.
pub(crate) fn every_command() -> Vec<Command> {
    vec![
        Command::SetPhase { phase: Phase::CoCreation },
        Command::StartTimer { seconds: 60, label: "Ideas".into() },
        Command::PauseTimer,
        Command::ResumeTimer,
        Command::StopTimer,
        Command::Lock { section: Section::Ideas },
        Command::Unlock { section: Section::Ideas },
        Command::Summon { section: Section::Questions },
        Command::SetPhaseSections { phase: Phase::CoCreation, sections: vec![Section::Ideas] },
        Command::SetPrivateWriting { on: true },
        Command::SetAnonymous { on: true },
        Command::MakeFacilitator { participant: id(40) },
        Command::RemoveParticipant { participant: id(40) },
        Command::SetAdmission { on: true },
        Command::SetBalance { shown: true, prompt_at: 20 },
        Command::Admit { participant: id(40) },
        Command::OpenRound {
            title: "Which first?".into(),
            target: VoteTarget::Cards,
            budget: 3,
            cap: 2,
            activity: None,
        },
        Command::OpenRound {
            title: "Which first?".into(),
            target: VoteTarget::Questions,
            budget: 3,
            cap: 2,
            activity: Some(activity_id(2)),
        },
        Command::CloseRound { round: round_id(1) },
        Command::RevealRound { round: round_id(1) },
        Command::HideCard { card: "c1".into(), reason: "names a neighbour".into() },
        Command::RestoreCard { card: "c1".into() },
        Command::RevealCards,
        Command::SavePoint { label: "Before the vote".into() },
        Command::GoBack { point: 1, card: None },
        Command::NewFacilitatorKey,
        Command::ShareReport { on: true },
        Command::ShareReport { on: false },
        Command::Vote { round: round_id(1), item: "c1".into(), dots: 1 },
        Command::SubmitCard { card: "c9".into(), text: "An idea".into(), colour: Default::default() },
        Command::WithdrawCard { card: "c9".into() },
        Command::AddActivity {
            kind: ActivityKind::Strengths,
            phase: Phase::CoDefinition,
            title: "Our strengths".into(),
            prompt: String::new(),
            instructions: "Ten minutes.".into(),
            minutes: 10,
        },
        Command::EditActivity {
            activity: activity_id(1),
            title: "Strengths".into(),
            prompt: "What are you good at?".into(),
            instructions: String::new(),
            minutes: 15,
        },
        Command::DuplicateActivity { activity: activity_id(1) },
        Command::MoveActivity { activity: activity_id(1), phase: Phase::CoCreation, index: 0 },
        Command::RemoveActivity { activity: activity_id(1) },
        Command::StartActivity { activity: activity_id(1) },
        Command::FinishActivity { activity: activity_id(1) },
        Command::SetActivityVisibility { activity: activity_id(1), visibility: Visibility::Facilitators },
        Command::SetActivityLocked { activity: activity_id(1), locked: true },
        Command::OpenActivity { activity: activity_id(1), until_ms: 1_800_000_000_000 },
        Command::AgreeQuestion { activity: activity_id(1), question: Some("q1".into()) },
        Command::AgreeQuestion { activity: activity_id(1), question: None },
        Command::CarryForward { round: round_id(1), to: activity_id(1), count: 5 },
        Command::SetPoll {
            activity: activity_id(1),
            options: vec!["Bus".into(), "Lift \"shared\"".into()],
            points: 0,
            several: true,
            live: false,
        },
        Command::AnswerPoll { activity: activity_id(1), answer: vec![0, 1] },
        Command::AnswerText { activity: activity_id(1), text: "More buses, \"late\"".into() },
        Command::ClosePoll { activity: activity_id(1) },
        Command::RevealPoll { activity: activity_id(1) },
        Command::AskPanel { activity: activity_id(1), text: "When \"exactly\"?".into() },
        Command::UpvotePanel { activity: activity_id(1), question: question_id(2), up: true },
        Command::MarkAnswered { activity: activity_id(1), question: question_id(2), answered: false },
        Command::HidePollItem {
            activity: activity_id(1),
            what: crate::polls::HideWhat::Word,
            text: "bus".into(),
            reason: "Off topic".into(),
        },
        Command::ShowPollItem { activity: activity_id(1), key: "word:00ff".into() },
        Command::CarryAnswers { activity: activity_id(1), to: activity_id(2) },
        Command::SetCafe {
            activity: activity_id(1),
            tables: vec![
                crate::cafe::CafeTable {
                    question: "What \"helps\"?".into(),
                    colour: crate::cafe::TableColour::Teal,
                    host: Some(id(3)),
                    remote: false,
                },
                crate::cafe::CafeTable { question: "Who?".into(), remote: true, ..Default::default() },
            ],
            rounds: 3,
            round_minutes: 20,
            remote_together: true,
        },
        Command::NextCafeRound { activity: activity_id(1) },
        Command::SeatAtTable { activity: activity_id(1), participant: id(4), table: 1 },
        Command::GatherCafeNotes { activity: activity_id(1) },
        Command::SetActivityMembers { activity: activity_id(1), members: vec![id(2)] },
        Command::SetCafeOnline { activity: activity_id(1), online: true },
        Command::SetActivityOutputs { activity: activity_id(1), include: true },
        Command::SaveMapVersion { activity: activity_id(1), label: "First visit".into() },
    ]
}

fn question_id(seed: u8) -> crate::ids::PanelQuestionId {
    crate::ids::PanelQuestionId::random_from(&mut (seed..))
}

pub(super) fn activity_id(seed: u8) -> ActivityId {
    ActivityId::random_from(&mut (seed..))
}

/// Facilitators may send everything; participants only vote, answer polls, write private
/// cards and say where they take part in a café; observers nothing.
#[test]
fn every_command_by_role() {
    for command in every_command() {
        let everyone = matches!(
            command,
            Command::Vote { .. }
                | Command::SubmitCard { .. }
                | Command::WithdrawCard { .. }
                | Command::AnswerPoll { .. }
                | Command::AnswerText { .. }
                | Command::AskPanel { .. }
                | Command::UpvotePanel { .. }
                | Command::SetCafeOnline { .. }
                | Command::SaveMapVersion { .. }
        );
        let as_role = |role| validate(&command, Access { participant: id(1), role });
        assert_eq!(as_role(Role::Facilitator), Ok(()), "{command:?}");
        let participant = if everyone { Ok(()) } else { Err(Refusal::FacilitatorsOnly) };
        assert_eq!(as_role(Role::Participant), participant, "{command:?}");
        let observer = match command {
            Command::Vote { .. }
            | Command::SubmitCard { .. }
            | Command::AnswerPoll { .. }
            | Command::AnswerText { .. }
            | Command::AskPanel { .. }
            | Command::UpvotePanel { .. }
            | Command::SetCafeOnline { .. }
            | Command::SaveMapVersion { .. } => Err(Refusal::Observer),
            Command::WithdrawCard { .. } => Ok(()),
            _ => Err(Refusal::FacilitatorsOnly),
        };
        assert_eq!(as_role(Role::Observer), observer, "{command:?}");
    }
}

#[test]
fn what_a_command_carries_is_checked() {
    let facilitator = Access { participant: id(1), role: Role::Facilitator };
    let refused = |command: Command| validate(&command, facilitator).err();
    assert_eq!(
        refused(Command::StartTimer { seconds: 0, label: String::new() }),
        Some(Refusal::Invalid(Invalid::TimerLength))
    );
    assert_eq!(
        refused(Command::HideCard { card: "c1".into(), reason: "  ".into() }),
        Some(Refusal::Invalid(Invalid::Reason))
    );
    assert_eq!(refused(Command::RestoreCard { card: "no spaces".into() }), Some(Refusal::Invalid(Invalid::ItemId)));
    let dots = Command::OpenRound { title: "Q".into(), target: VoteTarget::Cards, budget: 2, cap: 3, activity: None };
    assert_eq!(refused(dots), Some(Refusal::Invalid(Invalid::Dots)));
    let me = Command::RemoveParticipant { participant: facilitator.participant };
    assert_eq!(refused(me), Some(Refusal::Invalid(Invalid::RemoveYourself)));
    assert_eq!(refused(Command::SavePoint { label: String::new() }), Some(Refusal::Invalid(Invalid::PointLabel)));
}

#[test]
fn state_dependent_commands_meet_the_state() {
    let mut state = GovernedState::default();
    let fresh = FreshIds { round: round_id(7), activity: activity_id(7), question: question_id(7), participant: id(7) };
    let run = |state: &GovernedState, command: Command, now: u64| effects(state, &command, now, fresh);
    assert_eq!(run(&state, Command::PauseTimer, 0), Some(Err(Refusal::NoTimerRunning)));
    assert_eq!(run(&state, Command::ResumeTimer, 0), Some(Err(Refusal::NoTimerPaused)));
    state.facilitation.timer = Some(Timer::Running { ends_at_ms: 61_000, label: "Ideas".into() });
    assert_eq!(
        run(&state, Command::PauseTimer, 21_000),
        Some(Ok(vec![Effect::Timer(Some(Timer::Paused { remaining_ms: 40_000, label: "Ideas".into() }))]))
    );
    let ana =
        Participant { id: id(40), name: "Ana".into(), perspective: Perspective::Citizen, role: Role::Participant };
    let promote = Command::MakeFacilitator { participant: ana.id };
    assert_eq!(run(&state, promote.clone(), 0), Some(Err(Refusal::NotFound(Missing::Participant))));
    state
        .participants
        .insert(ana.id, ParticipantRecord { participant: ana.clone(), removed: true, waiting: false, assisted: false });
    assert_eq!(run(&state, promote.clone(), 0), Some(Err(Refusal::ParticipantRemoved)));
    state.participants.insert(ana.id, ParticipantRecord::admitted(ana.clone()));
    assert_eq!(run(&state, promote, 0), Some(Ok(vec![Effect::Role(ana.id, Role::Facilitator)])));
    let close = Command::CloseRound { round: round_id(1) };
    assert_eq!(run(&state, close.clone(), 0), Some(Err(Refusal::NotFound(Missing::Round))));
    let round = Round {
        id: round_id(1),
        title: "Q".into(),
        target: VoteTarget::Cards,
        budget: 3,
        cap: 2,
        status: RoundStatus::Closed,
        results: None,
        activity: None,
    };
    state.rounds.insert(round.id, round);
    assert_eq!(run(&state, close, 0), Some(Err(Refusal::RoundClosed)));
    assert_eq!(
        run(&state, Command::SetPhase { phase: Phase::Implementation }, 0).map(|e| e.map(|e| e.len())),
        Some(Ok(2))
    );
    assert_eq!(run(&state, Command::RevealCards, 0), None, "carried out across documents by the server");
}
