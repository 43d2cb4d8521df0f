//! World Café commands ([`polyphony_shared::cafe`]): the facilitator sets up the tables,
//! starts each round (the first seats everyone for every round, each starts the round's
//! timer) and moves people by hand; someone who joins while a round runs is seated at once.
//! Every step is pure code over the café in governed state, applied in one transaction.
//! When the harvest begins, every table's notes are gathered into the café's own document
//! ([`harvest`]).

mod harvest;

use polyphony_shared::agenda::ActivityKind;
use polyphony_shared::cafe::{Cafe, CafeTable, run};
use polyphony_shared::facilitation::Timer;
use polyphony_shared::governance::commands::Effect;
use polyphony_shared::governance::{Access, Invalid, Missing, Refusal};
use polyphony_shared::ids::{ActivityId, ParticipantId};
use polyphony_shared::{Command, GovernedDoc};
use yrs::TransactionMut;

use super::Board;
use crate::room::GovernError;

/// A command that concerns a café (only [`CafeCommand::of`] makes one).
#[derive(Debug)]
pub struct CafeCommand(Command);

impl CafeCommand {
    /// The command as a café command, or given back when it is not one.
    pub fn of(command: Command) -> Result<CafeCommand, Command> {
        match command {
            Command::SetCafe { .. }
            | Command::NextCafeRound { .. }
            | Command::SeatAtTable { .. }
            | Command::GatherCafeNotes { .. }
            | Command::SetCafeOnline { .. } => Ok(CafeCommand(command)),
            other => Err(other),
        }
    }
}

/// Carries out a café command sent at `now_ms`.
pub(crate) async fn run(
    board: &mut Board,
    access: Access,
    CafeCommand(command): CafeCommand,
    now_ms: u64,
) -> Result<(), GovernError> {
    match command {
        Command::GatherCafeNotes { activity } => harvest::gather(board, activity).await,
        Command::NextCafeRound { activity } => {
            board.govern(move |governed, txn| step(governed, txn, command, now_ms)).await?;
            if harvest::cafe(board, activity).await?.harvesting() {
                harvest::gather(board, activity).await?;
            }
            Ok(())
        }
        Command::SetCafeOnline { activity, online } => {
            board
                .govern(move |governed, txn| {
                    let mut cafe = cafe_of(governed, txn, activity)?.ok_or(Refusal::CafeNotSetUp)?;
                    let changed = if online {
                        cafe.online.insert(access.participant)
                    } else {
                        cafe.online.remove(&access.participant)
                    };
                    if changed {
                        governed.set_cafe(txn, activity, &cafe);
                    }
                    Ok(())
                })
                .await
        }
        command => board.govern(move |governed, txn| step(governed, txn, command, now_ms)).await,
    }
}

/// The café of `activity`, checked to be one.
fn cafe_of(governed: &GovernedDoc, txn: &TransactionMut, activity: ActivityId) -> Result<Option<Cafe>, Refusal> {
    let kind = governed.activities(txn).get(&activity).map(|activity| activity.kind);
    match kind {
        None => Err(Refusal::NotFound(Missing::Activity)),
        Some(ActivityKind::WorldCafe) => Ok(governed.cafes(txn).remove(&activity)),
        Some(_) => Err(Refusal::Invalid(Invalid::NotACafe)),
    }
}

fn step(governed: &GovernedDoc, txn: &mut TransactionMut, command: Command, now_ms: u64) -> Result<(), GovernError> {
    match command {
        Command::SetCafe { activity, tables, rounds, round_minutes, remote_together } => {
            let before = cafe_of(governed, txn, activity)?.unwrap_or_default();
            if before.round > 0 {
                return Err(Refusal::CafeRunning.into());
            }
            let tables: Vec<CafeTable> = tables
                .into_iter()
                .map(|table| CafeTable { question: table.question.trim().to_owned(), ..table })
                .collect();
            let cafe =
                Cafe { tables, rounds, round_minutes, remote_together, online: before.online, ..Cafe::default() };
            governed.set_cafe(txn, activity, &cafe);
        }
        Command::NextCafeRound { activity } => {
            let cafe = cafe_of(governed, txn, activity)?.ok_or(Refusal::CafeNotSetUp)?;
            let guests = run::guests_of(&cafe, &governed.participants(txn));
            let next = run::next_round(&cafe, &guests);
            governed.set_cafe(txn, activity, &next);
            let timer = (!next.harvesting()).then(|| Timer::Running {
                ends_at_ms: now_ms.saturating_add(u64::from(next.round_minutes) * 60_000),
                label: format!("Round {} of {}", next.round, next.rounds),
            });
            governed.apply(txn, &Effect::Timer(timer));
        }
        Command::SeatAtTable { activity, participant, table } => {
            let cafe = cafe_of(governed, txn, activity)?.ok_or(Refusal::CafeNotSetUp)?;
            let table = usize::try_from(table).unwrap_or(usize::MAX);
            let moved = run::move_to(&cafe, participant, table).map_err(Refusal::Cafe)?;
            governed.set_cafe(txn, activity, &moved);
        }
        _ => {}
    }
    Ok(())
}

/// Seats `newcomer` in every café whose rounds are running.
pub(crate) fn seat_newcomer(governed: &GovernedDoc, txn: &mut TransactionMut, newcomer: ParticipantId) {
    let participants = governed.participants(txn);
    for (activity, cafe) in governed.cafes(txn) {
        if cafe.round == 0 || cafe.harvesting() {
            continue;
        }
        let guests = run::guests_of(&cafe, &participants);
        let seated = run::seat_newcomer(&cafe, &guests, newcomer);
        if seated != cafe {
            governed.set_cafe(txn, activity, &seated);
        }
    }
}
