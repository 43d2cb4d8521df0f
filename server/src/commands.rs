//! Turning a client's [`Command`] into a checked change.
//!
//! The checks themselves are pure code in [`polyphony_shared::governance::commands`], shared
//! with the web client. [`plan`] validates a command (the sender's role, what it carries)
//! and returns what to do ([`Plan`]): mostly a change of the governed document, checked
//! against the state it meets (is there a timer to pause, does the participant exist) and
//! applied in the same transaction inside the governed room, where nothing can change under
//! it. Votes, reveals, private and hidden cards and restore points involve other documents
//! ([`crate::voting`], [`crate::drafts`], [`crate::hiding`], [`crate::history`]). Checks always
//! come before writes, so a refused change writes nothing.

use polyphony_shared::governance::Refusal;
use polyphony_shared::governance::commands::{GovernedState, effects, validate};
use polyphony_shared::governed::Hidden;
use polyphony_shared::schema::RestoreScope;
use polyphony_shared::{Command, GovernedDoc, RoundId};
use yrs::TransactionMut;

use crate::access::Access;
use crate::room::{DocWrite, governed_write};

/// What a checked command does.
pub enum Plan {
    /// Changes governed state.
    Govern(DocWrite),
    /// Opens a round with this id by changing governed state.
    OpenRound(RoundId, DocWrite),
    /// Puts the sender's dots on an item ([`crate::voting::cast`]).
    Vote {
        /// The round.
        round: RoundId,
        /// The item.
        item: String,
        /// The sender's dots on it from now on.
        dots: u32,
    },
    /// Closes a round, counts it and shows the results ([`crate::voting::reveal`]).
    Reveal(RoundId),
    /// Keeps a private card ([`crate::drafts::submit`]).
    SubmitCard {
        /// The card id.
        card: String,
        /// The idea.
        text: String,
        /// Its colour.
        colour: polyphony_shared::CardColour,
    },
    /// Takes back one of the sender's private cards ([`crate::drafts::withdraw`]).
    WithdrawCard {
        /// The card id.
        card: String,
    },
    /// Puts every private card on the board ([`crate::drafts::reveal`]).
    RevealCards,
    /// Turns anonymous mode on by changing governed state, then takes the names off every
    /// card already on the board, so no client that syncs from now on receives them.
    GoAnonymous(DocWrite),
    /// Hides a card and takes its words out of the content ([`crate::hiding::hide`]).
    HideCard(Hiding),
    /// Replaces the facilitator key and answers with the new one.
    NewFacilitatorKey,
    /// Keeps a restore point ([`crate::history::take`]).
    SavePoint(String),
    /// Goes back to a restore point ([`crate::history::restore`]).
    GoBack {
        /// The point.
        point: u64,
        /// The whole board, or one card.
        scope: polyphony_shared::schema::RestoreScope,
    },
    /// Puts a hidden card's words back and shows it ([`crate::hiding::restore`]).
    RestoreCard {
        /// The card id.
        card: String,
    },
}

/// A checked request to hide a card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hiding {
    /// The card id.
    pub card: String,
    /// Why and when, as the author will read it.
    pub hidden: Hidden,
}

/// Checks a command from `access` sent at `now_ms` ([`validate`]) and returns what it does.
/// `new_round` is the id a round opened by this command gets.
pub fn plan(command: Command, access: Access, now_ms: u64, new_round: RoundId) -> Result<Plan, Refusal> {
    validate(&command, access)?;
    Ok(match command {
        Command::Vote { round, item, dots } => Plan::Vote { round, item, dots },
        Command::SubmitCard { card, text, colour } => Plan::SubmitCard { card, text: text.trim().to_owned(), colour },
        Command::WithdrawCard { card } => Plan::WithdrawCard { card },
        Command::RevealCards => Plan::RevealCards,
        Command::NewFacilitatorKey => Plan::NewFacilitatorKey,
        Command::RevealRound { round } => Plan::Reveal(round),
        Command::HideCard { card, reason } => {
            Plan::HideCard(Hiding { card, hidden: Hidden { reason: reason.trim().to_owned(), at_ms: now_ms } })
        }
        Command::RestoreCard { card } => Plan::RestoreCard { card },
        Command::SavePoint { label } => Plan::SavePoint(label.trim().to_owned()),
        Command::GoBack { point, card } => {
            Plan::GoBack { point, scope: card.map_or(RestoreScope::Board, RestoreScope::Card) }
        }
        command @ Command::SetAnonymous { on: true } => Plan::GoAnonymous(governed(command, now_ms, new_round)),
        command @ Command::OpenRound { .. } => Plan::OpenRound(new_round, governed(command, now_ms, new_round)),
        command => Plan::Govern(governed(command, now_ms, new_round)),
    })
}

/// A command that changes governed state alone, as a write of the governed document: the
/// state it meets is read, checked and changed in one transaction ([`effects`]).
fn governed(command: Command, now_ms: u64, new_round: RoundId) -> DocWrite {
    governed_write(move |governed: &GovernedDoc, txn: &mut TransactionMut| {
        let state = GovernedState::read(governed, txn);
        let changes = effects(&state, &command, now_ms, new_round).unwrap_or(Ok(Vec::new()))?;
        for effect in &changes {
            governed.apply(txn, effect);
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use polyphony_shared::{Participant, ParticipantId, Perspective, Phase, Role, Section, Timer};
    use yrs::Transact;

    use crate::room::GovernError;

    fn facilitator() -> Access {
        Access { participant: ParticipantId::random_from(&mut (1u8..=8)), role: Role::Facilitator }
    }

    /// Plans a facilitator's command and runs its governed write on `governed`.
    fn run(governed: &GovernedDoc, command: Command, now_ms: u64) -> Result<(), GovernError> {
        let planned = plan(command, facilitator(), now_ms, RoundId::random_from(&mut (5u8..=12)))?;
        match planned {
            Plan::Govern(change) | Plan::OpenRound(_, change) | Plan::GoAnonymous(change) => {
                change(governed.doc(), &crate::room::BoardRules::default()).map(|_| ())
            }
            _ => Err(GovernError::Unavailable),
        }
    }

    #[test]
    fn only_facilitators_may_command() {
        let participant = Access { participant: ParticipantId::random_from(&mut (1u8..=8)), role: Role::Participant };
        for command in [Command::SetPhase { phase: Phase::CoCreation }, Command::Lock { section: Section::Ideas }] {
            let planned = plan(command, participant, 0, RoundId::random_from(&mut (5u8..=12)));
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
        governed.add_participant(&mut governed.doc().transact_mut(), &ana);
        assert_eq!(run(&governed, Command::MakeFacilitator { participant: ana.id }, 0), Ok(()));
        let record = governed.participant(&governed.doc().transact(), ana.id);
        assert_eq!(record.map(|record| record.participant.role), Some(Role::Facilitator));
    }
}
