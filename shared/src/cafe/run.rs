//! Running a café, as pure steps over [`Cafe`]: who is seated, the next round, a late
//! joiner, and a facilitator moving someone by hand. The server applies each step to the
//! café in governed state in one transaction.

use std::collections::{BTreeMap, BTreeSet};

use super::Cafe;
use super::seating::{self, Encounters, Guest, TablePlan};

use crate::governed::ParticipantRecord;
use crate::ids::ParticipantId;

/// Why a step of a running café is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
pub enum CafeRunError {
    /// Moving someone before the first round or during the harvest.
    #[error("people are moved between tables while a round runs")]
    NoRound,
    /// A table that is not there.
    #[error("there is no such table")]
    NoTable,
    /// Moving a host away from their table.
    #[error("a host stays at their table; choose another host first")]
    Host,
    /// Moving someone who is not seated.
    #[error("this person is not seated in this café")]
    NotSeated,
    /// Gathering the tables' notes before the harvest.
    #[error("the tables' notes are gathered once the harvest begins")]
    NotHarvesting,
}

/// Who the café seats: the participants still on the board, and facilitators who host a
/// table (observers and removed people are not seated); those who said they take part
/// online are remote guests.
pub fn guests_of(cafe: &Cafe, participants: &BTreeMap<ParticipantId, ParticipantRecord>) -> Vec<Guest> {
    let hosts: BTreeSet<ParticipantId> = cafe.tables.iter().filter_map(|table| table.host).collect();
    participants
        .values()
        .filter(|record| record.present())
        .filter(|record| record.participant.role.takes_part() || hosts.contains(&record.participant.id))
        .map(|record| Guest {
            id: record.participant.id,
            perspective: record.participant.perspective,
            remote: cafe.online.contains(&record.participant.id),
        })
        .collect()
}

fn table_plans(cafe: &Cafe) -> Vec<TablePlan> {
    cafe.tables.iter().map(|table| TablePlan { host: table.host, remote: table.remote }).collect()
}

/// The café one round on: the first round seats everyone there for every round; the
/// rounds after follow that plan (with late joiners seated as they came); after the last
/// round, the harvest.
pub fn next_round(cafe: &Cafe, guests: &[Guest]) -> Cafe {
    let mut next = cafe.clone();
    if cafe.round == 0 {
        let rounds = usize::try_from(cafe.rounds).unwrap_or(0);
        next.seating = seating::plan(&table_plans(cafe), guests, rounds, cafe.remote_together);
    }
    next.round = cafe.round.saturating_add(1).min(cafe.rounds.saturating_add(1));
    next
}

/// Seats `newcomer`, who was not in the plan, in the round running and every round after,
/// each time at the table with fewest of their perspective, then the smallest, then the
/// one where they know fewest. A person already seated is left as they are.
pub fn seat_newcomer(cafe: &Cafe, guests: &[Guest], newcomer: ParticipantId) -> Cafe {
    let mut next = cafe.clone();
    let Some(at) = guests.iter().position(|guest| guest.id == newcomer) else { return next };
    let first = usize::try_from(cafe.round.max(1)).unwrap_or(1) - 1;
    if cafe.seating.iter().skip(first).all(|round| round.contains_key(&newcomer)) {
        return next;
    }
    let tables = table_plans(cafe);
    let mut met = Encounters::new(guests.len());
    for round in first..next.seating.len() {
        let table = seating::seat_late(&tables, guests, &next.seating[round], &met, at, cafe.remote_together);
        next.seating[round].insert(newcomer, table);
        met.add(&members(guests, &next.seating[round], tables.len()));
    }
    next
}

/// Each table's members in one round, by index into `guests`.
fn members(guests: &[Guest], round: &seating::Round, tables: usize) -> Vec<Vec<usize>> {
    let mut members = vec![Vec::new(); tables];
    for (at, guest) in guests.iter().enumerate() {
        if let Some(table) = round.get(&guest.id).filter(|table| **table < tables) {
            members[*table].push(at);
        }
    }
    members
}

/// Moves `participant` to `table` for the round running (the rounds after stay as planned).
pub fn move_to(cafe: &Cafe, participant: ParticipantId, table: usize) -> Result<Cafe, CafeRunError> {
    if cafe.round == 0 || cafe.harvesting() {
        return Err(CafeRunError::NoRound);
    }
    if table >= cafe.tables.len() {
        return Err(CafeRunError::NoTable);
    }
    if cafe.tables.iter().enumerate().any(|(at, other)| other.host == Some(participant) && at != table) {
        return Err(CafeRunError::Host);
    }
    let mut next = cafe.clone();
    let round = usize::try_from(cafe.round).unwrap_or(1) - 1;
    let seat =
        next.seating.get_mut(round).and_then(|seats| seats.get_mut(&participant)).ok_or(CafeRunError::NotSeated)?;
    *seat = table;
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::Participant;
    use crate::access::Role;
    use crate::cafe::{CafeTable, TableColour};
    use crate::model::Perspective;

    fn record(seed: u8, perspective: Perspective, role: Role, removed: bool) -> ParticipantRecord {
        let id = ParticipantId::random_from(&mut (seed..));
        ParticipantRecord {
            participant: Participant { id, name: format!("P{seed}"), perspective, role },
            removed,
            waiting: false,
            assisted: false,
        }
    }

    fn room() -> (Cafe, BTreeMap<ParticipantId, ParticipantRecord>) {
        let perspectives = [Perspective::Citizen, Perspective::Professional];
        let mut people: BTreeMap<ParticipantId, ParticipantRecord> = (1..=8u8)
            .map(|seed| record(seed, perspectives[usize::from(seed) % 2], Role::Participant, false))
            .map(|record| (record.participant.id, record))
            .collect();
        let facilitator = record(20, Perspective::Professional, Role::Facilitator, false);
        let host = record(21, Perspective::Citizen, Role::Facilitator, false);
        let gone = record(22, Perspective::Citizen, Role::Participant, true);
        let watcher = record(23, Perspective::Other, Role::Observer, false);
        let tables = (0..3)
            .map(|at| CafeTable {
                question: format!("Q{at}"),
                colour: TableColour::for_table(at),
                host: (at == 0).then_some(host.participant.id),
                remote: false,
            })
            .collect();
        for record in [facilitator, host, gone, watcher] {
            people.insert(record.participant.id, record);
        }
        (Cafe { tables, rounds: 2, round_minutes: 15, ..Cafe::default() }, people)
    }

    #[test]
    fn participants_and_hosts_are_seated_for_every_round_then_the_harvest() {
        let (cafe, people) = room();
        let guests = guests_of(&cafe, &people);
        assert_eq!(guests.len(), 9, "eight participants and the hosting facilitator");
        let first = next_round(&cafe, &guests);
        assert_eq!((first.round, first.seating.len()), (1, 2));
        assert!(first.seating.iter().all(|round| round.len() == 9));
        let host = cafe.tables[0].host.unwrap_or(guests[0].id);
        assert!(first.seating.iter().all(|round| round.get(&host) == Some(&0)), "the host stays");
        let second = next_round(&first, &guests);
        assert_eq!(second.seating, first.seating, "later rounds follow the plan");
        let harvest = next_round(&next_round(&second, &guests), &guests);
        assert_eq!(harvest.round, 3, "the harvest, and no further");
        assert!(harvest.harvesting());
    }

    #[test]
    fn a_late_joiner_is_seated_from_the_round_running_on_and_a_move_by_hand_holds() {
        let (cafe, mut people) = room();
        let running = next_round(&cafe, &guests_of(&cafe, &people));
        let late = record(30, Perspective::Citizen, Role::Participant, false);
        people.insert(late.participant.id, late.clone());
        let guests = guests_of(&running, &people);
        let seated = seat_newcomer(&running, &guests, late.participant.id);
        assert!(seated.seating.iter().all(|round| round.contains_key(&late.participant.id)));
        assert_eq!(seat_newcomer(&seated, &guests, late.participant.id), seated, "seated once");
        let moved = move_to(&seated, late.participant.id, 2).map(|cafe| cafe.table_now(late.participant.id));
        assert_eq!(moved, Ok(Some(2)));
        let host = cafe.tables[0].host.unwrap_or(late.participant.id);
        assert_eq!(move_to(&seated, host, 1), Err(CafeRunError::Host));
        assert_eq!(move_to(&seated, late.participant.id, 9), Err(CafeRunError::NoTable));
        assert_eq!(move_to(&cafe, late.participant.id, 1), Err(CafeRunError::NoRound));
    }
}
