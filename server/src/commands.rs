//! Turning a client's [`Command`] into a checked change.
//!
//! [`plan`] checks what needs only the sender's role and the command itself, then returns
//! what to do ([`Plan`]): mostly a change of the governed document, which checks what
//! depends on the document (is there a timer to pause, does the participant exist) inside
//! the governed room, where nothing can change under it. Votes and reveals involve the
//! ballots document too ([`crate::voting`]). Checks always come before writes, so a refused
//! change writes nothing.

use polyphony_shared::facilitation::{MAX_LABEL_CHARS, MAX_REASON_CHARS, MAX_TIMER_SECONDS};
use polyphony_shared::governed::Hidden;
use polyphony_shared::voting::{MAX_BUDGET, MAX_ITEM_ID_CHARS, Round, RoundStatus};
use polyphony_shared::{Command, GovernedDoc, Role, RoundId, Timer};
use yrs::TransactionMut;

use crate::access::Access;
use crate::room::{DocWrite, GovernError, governed_write};

/// Why a command is refused before it reaches the board.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommandError {
    /// Only facilitators may send it.
    #[error("only a facilitator can do this")]
    FacilitatorsOnly,
    /// Observers only watch.
    #[error("observers cannot vote")]
    ObserversCannotVote,
    /// Its values are out of range; the text says which.
    #[error("{0}")]
    Invalid(String),
}

/// The longest round title, in characters.
const MAX_ROUND_TITLE_CHARS: usize = 120;

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

/// The longest card text accepted through a command, in characters.
const MAX_CARD_CHARS: usize = 500;

/// Checks a command from `access` sent at `now_ms` and returns what it does. `new_round`
/// is the id a round opened by this command gets.
pub fn plan(command: Command, access: Access, now_ms: u64, new_round: RoundId) -> Result<Plan, CommandError> {
    if let Command::Vote { round, item, dots } = command {
        if !access.role.can_write_content() {
            return Err(CommandError::ObserversCannotVote);
        }
        check_item_id(&item)?;
        return Ok(Plan::Vote { round, item, dots });
    }
    if let Command::SubmitCard { card, text, colour } = command {
        if !access.role.can_write_content() {
            return Err(CommandError::Invalid("observers cannot write cards".into()));
        }
        check_item_id(&card)?;
        let text = text.trim().to_owned();
        if text.is_empty() || text.chars().count() > MAX_CARD_CHARS {
            return Err(CommandError::Invalid(format!("a card has 1 to {MAX_CARD_CHARS} characters")));
        }
        return Ok(Plan::SubmitCard { card, text, colour });
    }
    if let Command::WithdrawCard { card } = command {
        check_item_id(&card)?;
        return Ok(Plan::WithdrawCard { card });
    }
    if !access.role.facilitates() {
        return Err(CommandError::FacilitatorsOnly);
    }
    let change: DocWrite = match command {
        Command::RevealCards => return Ok(Plan::RevealCards),
        Command::NewFacilitatorKey => return Ok(Plan::NewFacilitatorKey),
        Command::OpenRound { title, target, budget, cap } => {
            let title = title.trim().to_owned();
            if title.is_empty() || title.chars().count() > MAX_ROUND_TITLE_CHARS {
                return Err(CommandError::Invalid(format!(
                    "a round title has 1 to {MAX_ROUND_TITLE_CHARS} characters"
                )));
            }
            if !(1..=MAX_BUDGET).contains(&budget) || !(1..=budget).contains(&cap) {
                return Err(CommandError::Invalid(format!(
                    "a round gives 1 to {MAX_BUDGET} dots per person and at most that many per item"
                )));
            }
            let round = Round { id: new_round, title, target, budget, cap, status: RoundStatus::Open, results: None };
            return Ok(Plan::OpenRound(new_round, write(move |governed, txn| governed.set_round(txn, &round))));
        }
        Command::CloseRound { round } => governed_write(move |governed: &GovernedDoc, txn: &mut TransactionMut| {
            let Some(mut current) = governed.round(txn, round) else { return Err(GovernError::NotFound("round")) };
            if current.status != RoundStatus::Open {
                return Err(GovernError::Refused("this round is already closed".into()));
            }
            current.status = RoundStatus::Closed;
            governed.set_round(txn, &current);
            Ok(())
        }),
        Command::RevealRound { round } => return Ok(Plan::Reveal(round)),
        Command::HideCard { card, reason } => {
            check_item_id(&card)?;
            let reason = reason.trim().to_owned();
            if reason.is_empty() || reason.chars().count() > MAX_REASON_CHARS {
                return Err(CommandError::Invalid(format!(
                    "give the author a reason of 1 to {MAX_REASON_CHARS} characters"
                )));
            }
            return Ok(Plan::HideCard(Hiding { card, hidden: Hidden { reason, at_ms: now_ms } }));
        }
        Command::RestoreCard { card } => {
            check_item_id(&card)?;
            return Ok(Plan::RestoreCard { card });
        }
        Command::SavePoint { label } => {
            let label = label.trim().to_owned();
            if label.is_empty() || label.chars().count() > MAX_LABEL_CHARS {
                return Err(CommandError::Invalid(format!(
                    "name the restore point in 1 to {MAX_LABEL_CHARS} characters"
                )));
            }
            return Ok(Plan::SavePoint(label));
        }
        Command::GoBack { point, card } => {
            let scope = match card {
                Some(card) => {
                    check_item_id(&card)?;
                    polyphony_shared::schema::RestoreScope::Card(card)
                }
                None => polyphony_shared::schema::RestoreScope::Board,
            };
            return Ok(Plan::GoBack { point, scope });
        }
        Command::Vote { .. } | Command::SubmitCard { .. } | Command::WithdrawCard { .. } => {
            return Err(CommandError::Invalid("not a facilitation command".into()));
        }
        // A timer belongs to the phase it was set in: a new phase starts without one.
        Command::SetPhase { phase } => write(move |governed, txn| {
            governed.set_phase(txn, phase);
            governed.set_timer(txn, None);
        }),
        Command::StartTimer { seconds, label } => {
            if !(1..=MAX_TIMER_SECONDS).contains(&seconds) {
                return Err(CommandError::Invalid(format!("a timer runs 1 to {MAX_TIMER_SECONDS} seconds")));
            }
            let label = label.trim().to_owned();
            if label.chars().count() > MAX_LABEL_CHARS {
                return Err(CommandError::Invalid(format!("a timer label has at most {MAX_LABEL_CHARS} characters")));
            }
            let timer = Timer::Running { ends_at_ms: now_ms.saturating_add(seconds * 1000), label };
            write(move |governed, txn| governed.set_timer(txn, Some(&timer)))
        }
        Command::PauseTimer => governed_write(move |governed: &GovernedDoc, txn: &mut TransactionMut| {
            let Some(Timer::Running { ends_at_ms, label }) = governed.facilitation(txn).timer else {
                return Err(GovernError::Refused("no timer is running".into()));
            };
            let paused = Timer::Paused { remaining_ms: ends_at_ms.saturating_sub(now_ms), label };
            governed.set_timer(txn, Some(&paused));
            Ok(())
        }),
        Command::ResumeTimer => governed_write(move |governed: &GovernedDoc, txn: &mut TransactionMut| {
            let Some(Timer::Paused { remaining_ms, label }) = governed.facilitation(txn).timer else {
                return Err(GovernError::Refused("no timer is paused".into()));
            };
            let running = Timer::Running { ends_at_ms: now_ms.saturating_add(remaining_ms), label };
            governed.set_timer(txn, Some(&running));
            Ok(())
        }),
        Command::StopTimer => write(|governed, txn| governed.set_timer(txn, None)),
        Command::Lock { section } => write(move |governed, txn| governed.set_locked(txn, section, true)),
        Command::Unlock { section } => write(move |governed, txn| governed.set_locked(txn, section, false)),
        Command::Summon { section } => write(move |governed, txn| governed.set_summon(txn, section, now_ms)),
        Command::SetPhaseSections { phase, mut sections } => {
            sections.sort();
            sections.dedup();
            write(move |governed, txn| governed.set_phase_sections(txn, phase, &sections))
        }
        Command::SetPrivateWriting { on } => write(move |governed, txn| governed.set_private_writing(txn, on)),
        Command::SetAnonymous { on: true } => {
            return Ok(Plan::GoAnonymous(write(move |governed, txn| governed.set_anonymous(txn, true))));
        }
        Command::SetAnonymous { on: false } => write(move |governed, txn| governed.set_anonymous(txn, false)),
        Command::MakeFacilitator { participant } => {
            governed_write(move |governed: &GovernedDoc, txn: &mut TransactionMut| {
                match governed.participant(txn, participant) {
                    None => Err(GovernError::NotFound("participant")),
                    Some(record) if record.removed => Err(GovernError::Refused("this participant was removed".into())),
                    Some(_) => {
                        governed.set_role(txn, participant, Role::Facilitator);
                        Ok(())
                    }
                }
            })
        }
        Command::RemoveParticipant { participant } => {
            if participant == access.participant {
                return Err(CommandError::Invalid("you cannot remove yourself".into()));
            }
            governed_write(move |governed: &GovernedDoc, txn: &mut TransactionMut| {
                if governed.remove_participant(txn, participant) {
                    Ok(())
                } else {
                    Err(GovernError::NotFound("participant"))
                }
            })
        }
    };
    Ok(Plan::Govern(change))
}

/// Checks a card or question id as clients make them.
fn check_item_id(item: &str) -> Result<(), CommandError> {
    let valid = !item.is_empty()
        && item.len() <= MAX_ITEM_ID_CHARS
        && item.bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_');
    if valid { Ok(()) } else { Err(CommandError::Invalid("an item id is 1 to 64 letters, digits, - or _".into())) }
}

/// A change that cannot be refused once planned.
fn write(change: impl Fn(&GovernedDoc, &mut TransactionMut) + Send + Sync + 'static) -> DocWrite {
    governed_write(move |governed, txn| {
        change(governed, txn);
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use polyphony_shared::{Participant, ParticipantId, Perspective, Phase, Section};
    use yrs::Transact;

    fn facilitator() -> Access {
        Access { participant: ParticipantId::random_from(&mut (1u8..=8)), role: Role::Facilitator }
    }

    fn run(governed: &GovernedDoc, command: Command, now_ms: u64) -> Result<(), GovernError> {
        let planned = plan(command, facilitator(), now_ms, RoundId::random_from(&mut (5u8..=12)));
        match planned.map_err(|err| GovernError::Refused(err.to_string()))? {
            Plan::Govern(change) | Plan::OpenRound(_, change) | Plan::GoAnonymous(change) => {
                change(governed.doc(), &crate::room::BoardRules::default()).map(|_| ())
            }
            Plan::Vote { .. }
            | Plan::Reveal(_)
            | Plan::SubmitCard { .. }
            | Plan::WithdrawCard { .. }
            | Plan::RevealCards
            | Plan::HideCard(_)
            | Plan::SavePoint(_)
            | Plan::NewFacilitatorKey
            | Plan::GoBack { .. }
            | Plan::RestoreCard { .. } => Err(GovernError::Unavailable),
        }
    }

    #[test]
    fn only_facilitators_may_command() {
        let participant = Access { participant: ParticipantId::random_from(&mut (1u8..=8)), role: Role::Participant };
        for command in [Command::SetPhase { phase: Phase::CoCreation }, Command::Lock { section: Section::Ideas }] {
            let planned = plan(command, participant, 0, RoundId::random_from(&mut (5u8..=12)));
            assert_eq!(planned.err(), Some(CommandError::FacilitatorsOnly));
        }
    }

    #[test]
    fn the_timer_pauses_and_resumes_with_the_time_left() {
        let governed = GovernedDoc::new();
        run(&governed, Command::StartTimer { seconds: 60, label: " Brainstorm ".into() }, 1_000).ok();
        run(&governed, Command::PauseTimer, 21_000).ok();
        let paused = governed.facilitation(&governed.doc().transact()).timer;
        assert_eq!(paused, Some(Timer::Paused { remaining_ms: 40_000, label: "Brainstorm".into() }));
        assert!(matches!(run(&governed, Command::PauseTimer, 22_000), Err(GovernError::Refused(_))));
        run(&governed, Command::ResumeTimer, 100_000).ok();
        let running = governed.facilitation(&governed.doc().transact()).timer;
        assert_eq!(running, Some(Timer::Running { ends_at_ms: 140_000, label: "Brainstorm".into() }));
        let zero = Command::StartTimer { seconds: 0, label: String::new() };
        assert!(plan(zero, facilitator(), 0, RoundId::random_from(&mut (5u8..=12))).is_err());
    }

    #[test]
    fn co_facilitators_must_exist_and_not_be_removed() {
        let governed = GovernedDoc::new();
        let ana = Participant {
            id: ParticipantId::random_from(&mut (11u8..=18)),
            name: "Ana".into(),
            perspective: Perspective::Citizen,
            role: Role::Participant,
        };
        assert_eq!(
            run(&governed, Command::MakeFacilitator { participant: ana.id }, 0),
            Err(GovernError::NotFound("participant"))
        );
        governed.add_participant(&mut governed.doc().transact_mut(), &ana);
        assert_eq!(run(&governed, Command::MakeFacilitator { participant: ana.id }, 0), Ok(()));
        let record = governed.participant(&governed.doc().transact(), ana.id);
        assert_eq!(record.map(|record| record.participant.role), Some(Role::Facilitator));
    }
}
