//! Commands, checked as pure code: what each may carry ([`validate`]), and what a command
//! that changes governed state alone does to it ([`effects`]), given the state it meets.
//!
//! The server runs [`effects`] and applies the result inside the governed document's room
//! in one transaction, so nothing can change between the check and the write; the web
//! client can run the same checks to say in advance what would be refused. Commands that
//! involve other documents (votes, reveals, private cards, hidden cards, restore points)
//! are validated here and carried out by the server.

use std::collections::BTreeMap;

use yrs::{ReadTxn, TransactionMut};

use super::refusal::{Invalid, Missing};
use super::{Access, Refusal};
use crate::access::Role;
use crate::agenda::{
    Activity, MAX_ACTIVITY_MINUTES, MAX_ACTIVITY_TITLE_CHARS, MAX_CARRIED, MAX_INSTRUCTIONS_CHARS, MAX_PROMPT_CHARS,
};
use crate::facilitation::{
    Command, Facilitation, MAX_LABEL_CHARS, MAX_REASON_CHARS, MAX_TIMER_SECONDS, Phase, Section, Timer,
};
use crate::governed::{GovernedDoc, ParticipantRecord};
use crate::ids::{ActivityId, PanelQuestionId, ParticipantId, RoundId};
use crate::voting::{MAX_BUDGET, MAX_ITEM_ID_CHARS, Round, RoundStatus};

/// The longest round title, in characters.
pub const MAX_ROUND_TITLE_CHARS: usize = 120;
/// The longest card text accepted through a command, in characters.
pub const MAX_CARD_CHARS: usize = 500;

/// Governed state as a command meets it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GovernedState {
    /// Phase, timer, locks, modes.
    pub facilitation: Facilitation,
    /// Everyone who joined.
    pub participants: BTreeMap<ParticipantId, ParticipantRecord>,
    /// Voting rounds.
    pub rounds: BTreeMap<RoundId, Round>,
    /// The activities on the agenda.
    pub agenda: BTreeMap<ActivityId, Activity>,
}

/// Ids the server draws for whatever a command creates (a round, an activity).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FreshIds {
    /// The id a round opened by the command gets.
    pub round: RoundId,
    /// The id an activity added by the command gets.
    pub activity: ActivityId,
    /// The id a question asked of the panel gets.
    pub question: PanelQuestionId,
    /// The id someone added without a device gets.
    pub participant: ParticipantId,
}

impl FreshIds {
    /// How many random bytes [`FreshIds::random_from`] takes: a round's, an activity's,
    /// a question's and a participant's 8 each.
    pub const BYTES: usize = 32;

    /// Fresh ids from a source of randomness.
    pub fn random_from(bytes: &mut impl Iterator<Item = u8>) -> FreshIds {
        FreshIds {
            round: RoundId::random_from(bytes),
            activity: ActivityId::random_from(bytes),
            question: PanelQuestionId::random_from(bytes),
            participant: ParticipantId::random_from(bytes),
        }
    }
}

impl GovernedState {
    /// Reads it from the governed document.
    pub fn read(governed: &GovernedDoc, txn: &impl ReadTxn) -> Self {
        GovernedState {
            facilitation: governed.facilitation(txn),
            participants: governed.participants(txn),
            rounds: governed.rounds(txn),
            agenda: governed.activities(txn),
        }
    }
}

/// One change a command makes to governed state.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// The board moves to a phase.
    Phase(Phase),
    /// The timer is set, or removed.
    Timer(Option<Timer>),
    /// A section is locked or unlocked.
    Lock(Section, bool),
    /// Everyone is brought to a section, at a time.
    Summon(Section, u64),
    /// The sections a phase shows.
    PhaseSections(Phase, Vec<Section>),
    /// Private writing on or off.
    PrivateWriting(bool),
    /// Anonymous mode on or off.
    Anonymous(bool),
    /// A participant's role.
    Role(ParticipantId, Role),
    /// A participant is removed.
    Remove(ParticipantId),
    /// Joiners wait to be let in, or come in at once.
    Admission(bool),
    /// A participant waiting in the lobby is let in.
    Admit(ParticipantId),
    /// Someone who takes part without a device is added.
    AddAssisted(crate::access::Participant),
    /// The balance of voices shown or not, and when the facilitator is prompted.
    Balance {
        /// Shown to everyone.
        shown: bool,
        /// In tenths; 0 never.
        prompt_at: u32,
    },
    /// A voting round is written as it is given.
    Round(Round),
    /// An activity is written as it is given.
    Activity(Activity),
    /// An activity leaves the agenda.
    RemoveActivity(ActivityId),
    /// A poll is written as it is given (an evaluation starts with its statements).
    Poll(ActivityId, crate::polls::Poll),
}

/// Checks what a command carries and whether the sender's role may send it; needs no state.
pub fn validate(command: &Command, access: Access) -> Result<(), Refusal> {
    if let Some(checked) = super::people::validate(command, access) {
        return checked;
    }
    match command {
        Command::Vote { item, .. } => {
            if !access.role.can_write_content() {
                return Err(Refusal::Observer);
            }
            return item_id(item);
        }
        Command::SubmitCard { card, text, .. } | Command::AddCard { card, text, .. } => {
            if !access.role.can_write_content() {
                return Err(Refusal::Observer);
            }
            item_id(card)?;
            return within(text, 1, MAX_CARD_CHARS, Invalid::CardText);
        }
        Command::WithdrawCard { card } => return item_id(card),
        // Anyone may take their own name off a board, observers too.
        Command::EraseMyName => return Ok(()),
        Command::AnswerText { text, .. } => {
            if !access.role.can_write_content() {
                return Err(Refusal::Observer);
            }
            return within(text, 1, crate::polls::MAX_TEXT_CHARS, Invalid::TextAnswer);
        }
        Command::AskPanel { text, .. } => {
            if !access.role.can_write_content() {
                return Err(Refusal::Observer);
            }
            return within(text, 1, crate::polls::MAX_PANEL_CHARS, Invalid::PanelQuestion);
        }
        Command::UpvotePanel { .. } | Command::SetCafeOnline { .. } => {
            return if access.role.can_write_content() { Ok(()) } else { Err(Refusal::Observer) };
        }
        Command::SaveMapVersion { label, .. } => {
            if !access.role.can_write_content() {
                return Err(Refusal::Observer);
            }
            if label.trim().chars().count() > crate::ecomap::versions::MAX_LABEL_CHARS {
                return Err(Refusal::Invalid(Invalid::MapVersion(crate::ecomap::versions::VersionError::LabelTooLong)));
            }
            return Ok(());
        }
        Command::AnswerPoll { answer, .. } => {
            if !access.role.can_write_content() {
                return Err(Refusal::Observer);
            }
            if answer.is_empty() || answer.len() > crate::polls::MAX_OPTIONS {
                return Err(Refusal::Invalid(Invalid::PollAnswer));
            }
            return Ok(());
        }
        _ => {}
    }
    if !access.role.facilitates() {
        return Err(Refusal::FacilitatorsOnly);
    }
    match command {
        Command::OpenRound { title, budget, cap, .. } => {
            within(title, 1, MAX_ROUND_TITLE_CHARS, Invalid::RoundTitle)?;
            if !(1..=MAX_BUDGET).contains(budget) || !(1..=*budget).contains(cap) {
                return Err(Refusal::Invalid(Invalid::Dots));
            }
            Ok(())
        }
        Command::HideCard { card, reason } => {
            item_id(card)?;
            within(reason, 1, MAX_REASON_CHARS, Invalid::Reason)
        }
        Command::RestoreCard { card } => item_id(card),
        Command::HidePollItem { what, text, reason, .. } => {
            within(reason, 1, MAX_REASON_CHARS, Invalid::Reason)?;
            within(text, 1, crate::polls::MAX_PANEL_CHARS, Invalid::HiddenItem)?;
            crate::polls::hidden_key(*what, text).map(|_| ()).ok_or(Refusal::Invalid(Invalid::HiddenItem))
        }
        Command::SavePoint { label } => within(label, 1, MAX_LABEL_CHARS, Invalid::PointLabel),
        Command::GoBack { card: Some(card), .. } => item_id(card),
        Command::SetBalance { prompt_at, .. } if *prompt_at != 0 && !(15..=50).contains(prompt_at) => {
            Err(Refusal::Invalid(Invalid::BalancePrompt))
        }
        Command::StartTimer { seconds, label } => {
            if !(1..=MAX_TIMER_SECONDS).contains(seconds) {
                return Err(Refusal::Invalid(Invalid::TimerLength));
            }
            within(label, 0, MAX_LABEL_CHARS, Invalid::TimerLabel)
        }
        Command::RemoveParticipant { participant } if *participant == access.participant => {
            Err(Refusal::Invalid(Invalid::RemoveYourself))
        }
        Command::CarryForward { count, .. } if !(1..=MAX_CARRIED).contains(count) => {
            Err(Refusal::Invalid(Invalid::CarryCount))
        }
        Command::AgreeQuestion { question: Some(question), .. } => item_id(question),
        Command::SetCafe { tables, rounds, round_minutes, remote_together, .. } => {
            let cafe = crate::cafe::Cafe {
                tables: tables.clone(),
                rounds: *rounds,
                round_minutes: *round_minutes,
                remote_together: *remote_together,
                ..crate::cafe::Cafe::default()
            };
            cafe.check_setup().map_err(|error| Refusal::Invalid(Invalid::CafeSetup(error)))
        }
        Command::AddActivity { title, prompt, instructions, minutes, .. }
        | Command::EditActivity { title, prompt, instructions, minutes, .. } => {
            activity_text(title, prompt, instructions, *minutes)
        }
        _ => Ok(()),
    }
}

/// What a command that changes governed state alone does, given the state it meets; `None`
/// for commands the server carries out across documents. Run [`validate`] first.
pub fn effects(
    state: &GovernedState,
    command: &Command,
    now_ms: u64,
    fresh: FreshIds,
) -> Option<Result<Vec<Effect>, Refusal>> {
    let done = |effects: Vec<Effect>| Some(Ok(effects));
    match command {
        // A timer belongs to the phase it was set in: a new phase starts without one.
        Command::SetPhase { phase } => done(vec![Effect::Phase(*phase), Effect::Timer(None)]),
        Command::StartTimer { seconds, label } => {
            let ends_at_ms = now_ms.saturating_add(seconds.saturating_mul(1000));
            done(vec![Effect::Timer(Some(Timer::Running { ends_at_ms, label: label.trim().to_owned() }))])
        }
        Command::PauseTimer => Some(match &state.facilitation.timer {
            Some(Timer::Running { ends_at_ms, label }) => {
                let remaining_ms = ends_at_ms.saturating_sub(now_ms);
                Ok(vec![Effect::Timer(Some(Timer::Paused { remaining_ms, label: label.clone() }))])
            }
            _ => Err(Refusal::NoTimerRunning),
        }),
        Command::ResumeTimer => Some(match &state.facilitation.timer {
            Some(Timer::Paused { remaining_ms, label }) => {
                let ends_at_ms = now_ms.saturating_add(*remaining_ms);
                Ok(vec![Effect::Timer(Some(Timer::Running { ends_at_ms, label: label.clone() }))])
            }
            _ => Err(Refusal::NoTimerPaused),
        }),
        Command::StopTimer => done(vec![Effect::Timer(None)]),
        Command::Lock { section } => done(vec![Effect::Lock(*section, true)]),
        Command::Unlock { section } => done(vec![Effect::Lock(*section, false)]),
        Command::Summon { section } => done(vec![Effect::Summon(*section, now_ms)]),
        Command::SetPhaseSections { phase, sections } => {
            let mut sections = sections.clone();
            sections.sort();
            sections.dedup();
            done(vec![Effect::PhaseSections(*phase, sections)])
        }
        Command::SetPrivateWriting { on } => done(vec![Effect::PrivateWriting(*on)]),
        Command::SetAnonymous { on } => done(vec![Effect::Anonymous(*on)]),
        Command::SetBalance { shown, prompt_at } => {
            done(vec![Effect::Balance { shown: *shown, prompt_at: *prompt_at }])
        }
        Command::MakeFacilitator { .. }
        | Command::RemoveParticipant { .. }
        | Command::SetAdmission { .. }
        | Command::Admit { .. }
        | Command::MakeSupporter { .. }
        | Command::AddAssisted { .. } => super::people::effects(state, command, fresh.participant),
        Command::OpenRound { title, target, budget, cap, activity } => {
            Some(super::carry::round_scope(&state.agenda, *activity, *target).map(|()| {
                vec![Effect::Round(Round {
                    id: fresh.round,
                    title: title.trim().to_owned(),
                    target: *target,
                    budget: *budget,
                    cap: *cap,
                    status: RoundStatus::Open,
                    results: None,
                    activity: *activity,
                })]
            }))
        }
        Command::CloseRound { round } => Some(match state.rounds.get(round) {
            None => Err(Refusal::NotFound(Missing::Round)),
            Some(current) if current.status != RoundStatus::Open => Err(Refusal::RoundClosed),
            Some(current) => Ok(vec![Effect::Round(Round { status: RoundStatus::Closed, ..current.clone() })]),
        }),
        Command::OpenActivity { activity, until_ms } => {
            Some(super::agenda::open_until(&state.agenda, *activity, *until_ms, now_ms))
        }
        Command::SetActivityOutputs { activity, include } => Some(
            state
                .agenda
                .get(activity)
                .ok_or(Refusal::NotFound(Missing::Activity))
                .map(|current| vec![Effect::Activity(Activity { in_outputs: *include, ..current.clone() })]),
        ),
        Command::SetActivityMembers { activity, members } => {
            let current = state.agenda.get(activity).ok_or(Refusal::NotFound(Missing::Activity));
            Some(current.and_then(|current| {
                let known =
                    |member: &ParticipantId| state.participants.get(member).is_some_and(ParticipantRecord::present);
                if !members.iter().all(known) {
                    return Err(Refusal::NotFound(Missing::Participant));
                }
                let members = members.iter().copied().collect();
                Ok(vec![Effect::Activity(Activity { members, ..current.clone() })])
            }))
        }
        command => super::agenda::effects(&state.agenda, command, fresh.activity),
    }
}

impl GovernedDoc {
    /// Writes one effect of a checked command.
    pub fn apply(&self, txn: &mut TransactionMut, effect: &Effect) {
        match effect {
            Effect::Phase(phase) => self.set_phase(txn, *phase),
            Effect::Timer(timer) => self.set_timer(txn, timer.as_ref()),
            Effect::Lock(section, locked) => self.set_locked(txn, *section, *locked),
            Effect::Summon(section, at_ms) => self.set_summon(txn, *section, *at_ms),
            Effect::PhaseSections(phase, sections) => self.set_phase_sections(txn, *phase, sections),
            Effect::PrivateWriting(on) => self.set_private_writing(txn, *on),
            Effect::Anonymous(on) => self.set_anonymous(txn, *on),
            Effect::Role(participant, role) => {
                self.set_role(txn, *participant, *role);
            }
            Effect::Remove(participant) => {
                self.remove_participant(txn, *participant);
            }
            Effect::Admission(on) => self.set_admission(txn, *on),
            Effect::Admit(participant) => {
                self.admit(txn, *participant);
            }
            Effect::AddAssisted(participant) => self.add_assisted(txn, participant),
            Effect::Balance { shown, prompt_at } => self.set_balance(txn, *shown, *prompt_at),
            Effect::Round(round) => self.set_round(txn, round),
            Effect::Activity(activity) => self.set_activity(txn, activity),
            Effect::RemoveActivity(id) => self.remove_activity(txn, *id),
            Effect::Poll(activity, poll) => self.set_poll(txn, *activity, poll),
        }
    }
}

/// Checks a card or question id as clients make them.
fn item_id(item: &str) -> Result<(), Refusal> {
    let valid = !item.is_empty()
        && item.len() <= MAX_ITEM_ID_CHARS
        && item.bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_');
    if valid { Ok(()) } else { Err(Refusal::Invalid(Invalid::ItemId)) }
}

/// Checks what a facilitator wrote for an activity.
fn activity_text(title: &str, prompt: &str, instructions: &str, minutes: u32) -> Result<(), Refusal> {
    within(title, 1, MAX_ACTIVITY_TITLE_CHARS, Invalid::ActivityTitle)?;
    within(prompt, 0, MAX_PROMPT_CHARS, Invalid::Prompt)?;
    within(instructions, 0, MAX_INSTRUCTIONS_CHARS, Invalid::Instructions)?;
    if minutes > MAX_ACTIVITY_MINUTES {
        return Err(Refusal::Invalid(Invalid::ActivityMinutes));
    }
    Ok(())
}

/// Checks that a text, trimmed, has `least` to `most` characters.
fn within(text: &str, least: usize, most: usize, invalid: Invalid) -> Result<(), Refusal> {
    let length = text.trim().chars().count();
    if (least..=most).contains(&length) { Ok(()) } else { Err(Refusal::Invalid(invalid)) }
}
