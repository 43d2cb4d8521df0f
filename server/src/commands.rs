//! Carrying out a client's [`Command`] inside its board's task.
//!
//! The checks themselves are pure code in [`polyphony_shared::governance::commands`], shared
//! with the web client. [`plan`] validates a command (the sender's role, what it carries)
//! and returns what to do ([`Plan`]); [`run`] does it, in one step of the board's task, where
//! nothing else happens in between. Most commands change governed state, checked against
//! the state they meet (is there a timer to pause, does the participant exist) and applied
//! in the same transaction. Votes, reveals, private and hidden cards and restore points
//! involve other documents ([`board::ballots`], [`board::drafts`], [`board::hiding`],
//! [`board::history`]), as does carrying results forward ([`board::carry`]). Checks always come before writes, so a refused change writes nothing.

use polyphony_shared::governance::Refusal;
use polyphony_shared::governance::commands::{Effect, FreshIds, GovernedState, effects, validate};
use polyphony_shared::governed::Hidden;
use polyphony_shared::item_ids::CardId;
use polyphony_shared::schema::RestoreScope;
use polyphony_shared::{BoardDoc, Command, DocName, GovernedDoc, Participant, Role, RoundId};
use yrs::{Transact, TransactionMut};

use crate::access::Access;
use crate::room::board::{self, Board};
use crate::room::{CommandRequest, Done, GovernError};

/// What a checked command does.
#[derive(Debug)]
pub enum Plan {
    /// Changes governed state alone.
    Govern(Command),
    /// Opens a round with this id by changing governed state.
    OpenRound(RoundId, Command),
    /// Puts the sender's dots on an item ([`board::ballots::cast`]).
    Vote {
        /// The round.
        round: RoundId,
        /// The item.
        item: String,
        /// The sender's dots on it from now on.
        dots: u32,
    },
    /// Closes a round, counts it and shows the results ([`board::ballots::reveal`]).
    Reveal(RoundId),
    /// Keeps a private card ([`board::drafts::submit`]).
    SubmitCard {
        /// The card id.
        card: CardId,
        /// The idea.
        text: String,
        /// Its colour.
        colour: polyphony_shared::CardColour,
    },
    /// Takes back one of the sender's private cards ([`board::drafts::withdraw`]).
    WithdrawCard {
        /// The card id.
        card: CardId,
    },
    /// Puts every private card on the board ([`board::drafts::reveal`]).
    RevealCards,
    /// Erases the sender's name from the board ([`board::erasure::erase`]).
    EraseMyName,
    /// Turns anonymous mode on by changing governed state, then takes the names off every
    /// card already on the board, so no client that syncs from now on receives them.
    GoAnonymous(Command),
    /// Hides a card and takes its words out of the content ([`board::hiding::hide`]).
    HideCard(Hiding),
    /// Replaces the facilitator key and answers with the new one.
    NewFacilitatorKey,
    /// Shares the report at a public link and answers with it, or stops sharing it.
    ShareReport(bool),
    /// Keeps a restore point ([`board::history::take`]).
    SavePoint(String),
    /// Goes back to a restore point ([`board::history::restore`]).
    GoBack {
        /// The point.
        point: u64,
        /// The whole board, or one card.
        scope: polyphony_shared::schema::RestoreScope,
    },
    /// Puts a hidden card's words back and shows it ([`board::hiding::restore`]).
    RestoreCard {
        /// The card id.
        card: CardId,
    },
    /// Marks the question an activity agreed on ([`board::carry::agree`]).
    Agree {
        /// The challenge-questions activity.
        activity: polyphony_shared::ids::ActivityId,
        /// The question, or none to take the mark away.
        question: Option<polyphony_shared::item_ids::QuestionId>,
    },
    /// Concerns a World Café ([`board::cafe::run`]).
    Cafe(board::cafe::CafeCommand),
    /// Concerns a poll ([`board::polls::run`]); a question asked of the panel gets this id.
    Poll(board::polls::PollCommand, polyphony_shared::ids::PanelQuestionId),
    /// Writes a card for its author ([`board::assisted::add`]).
    AddCard {
        /// The card id.
        card: CardId,
        /// The idea.
        text: String,
        /// Its colour.
        colour: polyphony_shared::CardColour,
    },
    /// Saves an eco-map's version ([`board::ecomap::save_version`]).
    SaveMapVersion {
        /// The eco-map's activity.
        activity: polyphony_shared::ids::ActivityId,
        /// What to call it.
        label: String,
    },
    /// Carries a revealed round's top items on ([`board::carry::carry_forward`]).
    CarryForward {
        /// The round.
        round: RoundId,
        /// The activity they go to.
        to: polyphony_shared::ids::ActivityId,
        /// How many.
        count: u32,
    },
}

/// A checked request to hide a card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hiding {
    /// The card id.
    pub card: CardId,
    /// Why and when, as the author will read it.
    pub hidden: Hidden,
}

/// Checks a command from `access` sent at `now_ms` ([`validate`]) and returns what it does.
/// `fresh` holds the ids whatever the command creates gets.
pub fn plan(command: Command, access: Access, now_ms: u64, fresh: FreshIds) -> Result<Plan, Refusal> {
    validate(&command, access)?;
    let command = match board::polls::PollCommand::of(command) {
        Ok(poll) => return Ok(Plan::Poll(poll, fresh.question)),
        Err(command) => command,
    };
    let command = match board::cafe::CafeCommand::of(command) {
        Ok(cafe) => return Ok(Plan::Cafe(cafe)),
        Err(command) => command,
    };
    Ok(match command {
        Command::Vote { round, item, dots } => Plan::Vote { round, item, dots },
        Command::SubmitCard { card, text, colour } => Plan::SubmitCard { card, text: text.trim().to_owned(), colour },
        Command::AddCard { card, text, colour } => Plan::AddCard { card, text, colour },
        Command::WithdrawCard { card } => Plan::WithdrawCard { card },
        Command::RevealCards => Plan::RevealCards,
        Command::EraseMyName => Plan::EraseMyName,
        Command::NewFacilitatorKey => Plan::NewFacilitatorKey,
        Command::ShareReport { on } => Plan::ShareReport(on),
        Command::RevealRound { round } => Plan::Reveal(round),
        Command::HideCard { card, reason } => {
            Plan::HideCard(Hiding { card, hidden: Hidden { reason: reason.trim().to_owned(), at_ms: now_ms } })
        }
        Command::RestoreCard { card } => Plan::RestoreCard { card },
        Command::AgreeQuestion { activity, question } => Plan::Agree { activity, question },
        Command::CarryForward { round, to, count } => Plan::CarryForward { round, to, count },
        Command::SaveMapVersion { activity, label } => Plan::SaveMapVersion { activity, label },
        Command::SavePoint { label } => Plan::SavePoint(label.trim().to_owned()),
        Command::GoBack { point, card } => {
            Plan::GoBack { point, scope: card.map_or(RestoreScope::Board, RestoreScope::Card) }
        }
        command @ Command::SetAnonymous { on: true } => Plan::GoAnonymous(command),
        command @ Command::OpenRound { .. } => Plan::OpenRound(fresh.round, command),
        command => Plan::Govern(command),
    })
}

/// Whether carrying out `command` may change more than one of the board's documents, each
/// step relying on the one before being stored (a revealed card before its draft is
/// forgotten, a hidden card's words kept before they leave the board).
pub(crate) fn changes_several_documents(command: &Command) -> bool {
    matches!(
        command,
        Command::RevealCards
            | Command::EraseMyName
            | Command::HideCard { .. }
            | Command::RestoreCard { .. }
            | Command::SetAnonymous { on: true }
            | Command::SubmitCard { .. }
            | Command::WithdrawCard { .. }
            | Command::GoBack { .. }
    )
}

/// Checks a command and carries it out on `board`; the answer says what it did.
pub(crate) async fn run(board: &mut Board, request: CommandRequest) -> Result<Done, GovernError> {
    let CommandRequest { access, command, now_ms, fresh } = request;
    // A helper's command for someone without a device runs as that person's.
    let (access, command, helper) = board::assisted::acting_as(board.rules(), access, command)?;
    let phase_change = match &command {
        Command::SetPhase { phase } => Some(*phase),
        _ => None,
    };
    let planned = plan(command, access, now_ms, fresh)?;
    // The board as it was before a phase change can always be gone back to.
    if let Some(phase) = phase_change {
        board::history::take(board, format!("Before the phase {}", phase.label()), now_ms).await?;
    }
    let govern = |command: Command| {
        move |governed: &GovernedDoc, txn: &mut TransactionMut| apply_governed(governed, txn, &command, now_ms, fresh)
    };
    match planned {
        Plan::Govern(command) => {
            // Everyone opens an activity as it starts: its room is loaded (and its document
            // seeded) now, not under the first of a roomful of joins.
            let starting = match &command {
                Command::StartActivity { activity } | Command::OpenActivity { activity, .. } => Some(*activity),
                _ => None,
            };
            board.govern(govern(command)).await?;
            if let Some(activity) = starting {
                board.prepare(DocName::Activity(activity)).await;
            }
        }
        Plan::OpenRound(round, command) => {
            board.govern(govern(command)).await?;
            return Ok(Done::OpenedRound(round));
        }
        Plan::Vote { round, item, dots } => {
            return Ok(Done::Votes(board::ballots::cast(board, access, round, item, dots).await?));
        }
        Plan::Reveal(round) => board::ballots::reveal(board, round).await?,
        Plan::SubmitCard { card, text, colour } => board::drafts::submit(board, access, card, text, colour).await?,
        Plan::WithdrawCard { card } => board::drafts::withdraw(board, access, card).await?,
        Plan::AddCard { card, text, colour } => {
            board::assisted::add(board, board::assisted::AddedCard { card, text, colour, author: access, helper })
                .await?;
        }
        Plan::RevealCards => board::drafts::reveal(board).await?,
        Plan::EraseMyName => {
            board::erasure::erase(board, board::erasure::Whose::Participant(access.participant)).await?;
        }
        Plan::GoAnonymous(command) => {
            board.govern(govern(command)).await?;
            strip_author_names(board).await?;
        }
        Plan::HideCard(hiding) => board::hiding::hide(board, hiding, now_ms).await?,
        Plan::RestoreCard { card } => board::hiding::restore(board, card).await?,
        Plan::NewFacilitatorKey => {
            board
                .govern(|governed, txn| {
                    governed.next_key_generation(txn);
                    Ok(())
                })
                .await?;
            // The rules are read again after every change of governed state.
            let generation = board.rules().key_generation;
            tracing::warn!(board = %board.id(), generation, "facilitator key replaced");
            return Ok(Done::FacilitatorKey(board.signer().facilitator_key(board.id(), generation)));
        }
        Plan::ShareReport(on) => {
            board
                .govern(move |governed, txn| {
                    governed.share_report(txn, on);
                    Ok(())
                })
                .await?;
            if let Some(generation) = board.rules().report_link {
                let key = board.signer().report_key(board.id(), generation);
                return Ok(Done::ReportLink(format!("/report/{}/{key}", board.id())));
            }
        }
        Plan::SavePoint(label) => board::history::take(board, label, now_ms).await?,
        Plan::GoBack { point, scope } => board::history::restore(board, point, scope, now_ms).await?,
        Plan::Agree { activity, question } => board::carry::agree(board, activity, question).await?,
        Plan::CarryForward { round, to, count } => board::carry::carry_forward(board, round, to, count).await?,
        Plan::Poll(command, question) => board::polls::run(board, access, command, question).await?,
        Plan::Cafe(command) => board::cafe::run(board, access, command, now_ms).await?,
        Plan::SaveMapVersion { activity, label } => {
            board::ecomap::save_version(board, access, activity, label, now_ms).await?;
        }
    }
    Ok(Done::Nothing)
}

/// A command that changes governed state alone: the state it meets is read, checked and
/// changed in one transaction ([`effects`]).
fn apply_governed(
    governed: &GovernedDoc,
    txn: &mut TransactionMut,
    command: &Command,
    now_ms: u64,
    fresh: FreshIds,
) -> Result<(), GovernError> {
    let state = GovernedState::read(governed, txn);
    let changes = effects(&state, command, now_ms, fresh).unwrap_or(Ok(Vec::new()))?;
    for effect in &changes {
        governed.apply(txn, effect);
        // Someone let in while a World Café's round runs is seated at once, as a joiner is.
        if let Effect::Admit(newcomer) = effect {
            board::cafe::seat_newcomer(governed, txn, *newcomer);
        }
    }
    Ok(())
}

/// Takes the author's name off every card on the board and in every activity (anonymous
/// mode was just turned on). The names are overwritten, so the server's copy no longer holds them and no
/// client that syncs from now on receives them; browsers that already had them keep
/// what they had.
async fn strip_author_names(board: &mut Board) -> Result<(), GovernError> {
    // The board's own cards and every activity's: anonymity holds in each of them.
    let activities = board.rules().activities.values().map(|activity| activity.document);
    let documents: std::collections::BTreeSet<DocName> = std::iter::once(DocName::Content).chain(activities).collect();
    for document in documents {
        board
            .change(document, |doc, _| {
                let content = BoardDoc::from_doc(doc.clone());
                let mut txn = doc.transact_mut();
                content.clear_author_names(&mut txn);
                Ok(txn.encode_update_v1())
            })
            .await?;
    }
    Ok(())
}

/// Adds a participant who just joined, unless they would pass for a facilitator by taking
/// one's name; whether they wait in the lobby (the board lets joiners in itself, and they
/// did not come with the facilitator key).
pub(crate) async fn add_participant(board: &mut Board, participant: Participant) -> Result<bool, GovernError> {
    let mut waits = false;
    board
        .govern(|governed, txn| {
            let taken = participant.role != Role::Facilitator
                && governed.participants(txn).values().any(|other| {
                    !other.removed
                        && other.participant.role == Role::Facilitator
                        && polyphony_shared::access::same_name(&other.participant.name, &participant.name)
                });
            if taken {
                return Err(GovernError::Refused(polyphony_shared::access::JoinError::FacilitatorsName.to_string()));
            }
            waits = participant.role != Role::Facilitator && governed.facilitation(txn).admission;
            governed.add_participant(txn, &participant, waits);
            // Someone who joins while a World Café's round runs is seated at once.
            if !waits {
                board::cafe::seat_newcomer(governed, txn, participant.id);
            }
            Ok(())
        })
        .await?;
    Ok(waits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use polyphony_shared::{ParticipantId, Perspective, Phase, Section, Timer};

    fn facilitator() -> Access {
        Access { participant: ParticipantId::random_from(&mut (1u8..=8)), role: Role::Facilitator }
    }

    fn fresh() -> FreshIds {
        FreshIds::random_from(&mut (5u8..=20))
    }

    /// Plans a facilitator's command and runs its governed write on `governed`.
    fn run(governed: &GovernedDoc, command: Command, now_ms: u64) -> Result<(), GovernError> {
        let planned = plan(command, facilitator(), now_ms, fresh())?;
        match planned {
            Plan::Govern(command) | Plan::OpenRound(_, command) | Plan::GoAnonymous(command) => {
                apply_governed(governed, &mut governed.doc().transact_mut(), &command, now_ms, fresh())
            }
            _ => Err(GovernError::Unavailable),
        }
    }

    #[test]
    fn only_facilitators_may_command() {
        let participant = Access { participant: ParticipantId::random_from(&mut (1u8..=8)), role: Role::Participant };
        for command in [Command::SetPhase { phase: Phase::CoCreation }, Command::Lock { section: Section::Ideas }] {
            let planned = plan(command, participant, 0, fresh());
            assert_eq!(planned.err(), Some(Refusal::FacilitatorsOnly));
        }
    }

    /// The governed write reads the state it meets and changes it in one transaction.
    #[test]
    fn governed_commands_are_checked_against_the_state_they_meet() {
        let governed = GovernedDoc::new();
        run(&governed, Command::StartTimer { seconds: 60, label: " Brainstorm ".into() }, 1_000).ok();
        run(&governed, Command::PauseTimer, 21_000).ok();
        let paused = governed.facilitation(&governed.doc().transact()).timer;
        assert_eq!(paused, Some(Timer::Paused { remaining_ms: 40_000, label: "Brainstorm".into() }));
        assert_eq!(run(&governed, Command::PauseTimer, 22_000), Err(GovernError::Rule(Refusal::NoTimerRunning)));
        let ana = Participant {
            id: ParticipantId::random_from(&mut (11u8..=18)),
            name: "Ana".into(),
            perspective: Perspective::Citizen,
            role: Role::Participant,
        };
        governed.add_participant(&mut governed.doc().transact_mut(), &ana, false);
        assert_eq!(run(&governed, Command::MakeFacilitator { participant: ana.id }, 0), Ok(()));
        let record = governed.participant(&governed.doc().transact(), ana.id);
        assert_eq!(record.map(|record| record.participant.role), Some(Role::Facilitator));
    }
}
