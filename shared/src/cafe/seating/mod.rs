//! Seating a World Café (issue 17): who sits at which table in each round, as pure code.
//!
//! What holds, in this order of precedence:
//! 1. Everyone is seated once per round; a table's host stays at it in every round.
//! 2. Each perspective spreads over the tables: at every table, the number of people of a
//!    perspective is within one of that perspective's share (its people over the tables).
//! 3. Tables are as even in size as the spread allows.
//! 4. People meet new people: two people sit together again only when it cannot be helped.
//!
//! A round is placed greedily (each person to the table with fewest of their perspective,
//! then the smallest, then the one where they have met fewest), then improved by swapping
//! two people of the same perspective between tables whenever that lowers how often people
//! who met before meet again (a swap keeps the spread and the sizes). Remote participants
//! sit at the virtual tables among themselves, or mixed with the room, as the facilitator
//! chooses. Deterministic: the same room gives the same seating on every server.

use std::collections::BTreeMap;

use crate::ids::ParticipantId;
use crate::model::Perspective;

mod bound;
mod search;

pub use bound::coincidences_lower_bound;
use search::{polish, seat_round, shake_within};

/// Someone to seat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Guest {
    /// Who.
    pub id: ParticipantId,
    /// Their perspective.
    pub perspective: Perspective,
    /// Taking part from afar.
    pub remote: bool,
}

/// A table as seating sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TablePlan {
    /// Its host, who stays at it.
    pub host: Option<ParticipantId>,
    /// A virtual table, for remote participants.
    pub remote: bool,
}

/// One round's seating: each person's table (by index).
pub type Round = BTreeMap<ParticipantId, usize>;

/// How many times each pair has sat together, by index into the guests.
#[derive(Debug, Clone)]
pub struct Encounters {
    met: Vec<Vec<u16>>,
}

impl Encounters {
    /// Nobody has met yet.
    pub fn new(people: usize) -> Self {
        Encounters { met: vec![vec![0; people]; people] }
    }

    /// How often `a` and `b` sat together.
    pub fn between(&self, a: usize, b: usize) -> u16 {
        self.met[a][b]
    }

    /// Counts one round's tables.
    pub fn add(&mut self, tables: &[Vec<usize>]) {
        for table in tables {
            for (at, a) in table.iter().enumerate() {
                for b in &table[at + 1..] {
                    self.met[*a][*b] += 1;
                    self.met[*b][*a] += 1;
                }
            }
        }
    }

    /// One more (or one fewer) meeting of `a` and `b`.
    fn shift(&mut self, a: usize, b: usize, more: bool) {
        for (x, y) in [(a, b), (b, a)] {
            let count = &mut self.met[x][y];
            *count = if more { count.saturating_add(1) } else { count.saturating_sub(1) };
        }
    }

    /// Pairs of rounds in which the same two people sat together: Σ m·(m−1)/2 over pairs.
    pub fn coincidences(&self) -> u64 {
        let mut total = 0;
        for (a, row) in self.met.iter().enumerate() {
            for count in &row[a + 1..] {
                let count = u64::from(*count);
                total += count * count.saturating_sub(1) / 2;
            }
        }
        total
    }

    /// Meetings beyond the first, over all pairs.
    pub fn repeats(&self) -> u32 {
        let mut repeats = 0;
        for (a, row) in self.met.iter().enumerate() {
            for count in &row[a + 1..] {
                repeats += u32::from(count.saturating_sub(1));
            }
        }
        repeats
    }
}

/// Seats `guests` at `tables` for `rounds` rounds. With `remote_together`, remote guests sit
/// only at virtual tables and the room only at the others (if either has no table, everyone
/// shares all tables).
pub fn plan(tables: &[TablePlan], guests: &[Guest], rounds: usize, remote_together: bool) -> Vec<Round> {
    let groups = groups(tables, guests, remote_together);
    let mut met = Encounters::new(guests.len());
    let mut seatings: Vec<Vec<Vec<usize>>> = Vec::with_capacity(rounds);
    for round in 0..rounds {
        let mut seating: Vec<Vec<usize>> = vec![Vec::new(); tables.len()];
        for (table_ids, people) in &groups {
            let placed = seat_round(tables, table_ids, people, guests, &met, round);
            for (table, members) in placed {
                seating[table].extend(members);
            }
        }
        met.add(&seating);
        seatings.push(seating);
    }
    // Each round was seated knowing only the rounds before it; now all rounds at once.
    let group_of_table: Vec<usize> = (0..tables.len())
        .map(|table| groups.iter().position(|(table_ids, _)| table_ids.contains(&table)).unwrap_or(0))
        .collect();
    polish(&mut seatings, &group_of_table, guests, tables, &mut met);
    // Then kicks out of the local optimum, more for small rooms (where seating is tight).
    let mut best = met.coincidences();
    for kick in 0..(2400 / guests.len().max(1)).min(60) as u64 {
        if best == 0 {
            break;
        }
        let mut tried = seatings.clone();
        for (round, seating) in tried.iter_mut().enumerate() {
            let mut shaken: Vec<(usize, Vec<usize>)> = seating.iter().cloned().enumerate().collect();
            shake_within(&mut shaken, &group_of_table, guests, tables, kick * 97 + round as u64);
            *seating = shaken.into_iter().map(|(_, members)| members).collect();
        }
        let mut tried_met = Encounters::new(guests.len());
        for seating in &tried {
            tried_met.add(seating);
        }
        polish(&mut tried, &group_of_table, guests, tables, &mut tried_met);
        let cost = tried_met.coincidences();
        if cost < best {
            (seatings, best) = (tried, cost);
        }
    }
    seatings
        .iter()
        .map(|seating| {
            let mut this_round = Round::new();
            for (table, members) in seating.iter().enumerate() {
                for member in members {
                    this_round.insert(guests[*member].id, table);
                }
            }
            this_round
        })
        .collect()
}

/// The tables and guests (by index) that are seated among themselves.
pub(super) fn groups(tables: &[TablePlan], guests: &[Guest], remote_together: bool) -> Vec<(Vec<usize>, Vec<usize>)> {
    let all_tables: Vec<usize> = (0..tables.len()).collect();
    let everyone: Vec<usize> = (0..guests.len()).collect();
    if !remote_together {
        return vec![(all_tables, everyone)];
    }
    let (virtual_tables, room_tables): (Vec<usize>, Vec<usize>) = all_tables.iter().partition(|at| tables[**at].remote);
    // Without tables of both kinds there is nothing to keep apart.
    if virtual_tables.is_empty() || room_tables.is_empty() {
        return vec![(all_tables, everyone)];
    }
    let (remote, room): (Vec<usize>, Vec<usize>) = everyone.iter().partition(|at| guests[**at].remote);
    vec![(virtual_tables, remote), (room_tables, room)]
}

/// The table for someone who arrives during `round` (already seated as `round` says, after
/// the encounters `met` of the rounds before): the table with fewest of their perspective,
/// then the smallest, then the one where they know fewest, among the tables their group
/// may use.
pub fn seat_late(
    tables: &[TablePlan],
    guests: &[Guest],
    round: &Round,
    met: &Encounters,
    newcomer: usize,
    remote_together: bool,
) -> usize {
    let group = groups(tables, guests, remote_together)
        .into_iter()
        .find(|(_, people)| people.contains(&newcomer))
        .map(|(table_ids, _)| table_ids)
        .unwrap_or_default();
    let perspective = guests[newcomer].perspective;
    let at_table =
        |table: usize| guests.iter().enumerate().filter(move |(_, guest)| round.get(&guest.id) == Some(&table));
    let key = |table: &usize| {
        let mine = at_table(*table).filter(|(_, guest)| guest.perspective == perspective).count();
        let size = at_table(*table).count();
        let known: u32 = at_table(*table).map(|(other, _)| u32::from(met.between(newcomer, other))).sum();
        (mine, size, known, *table)
    };
    group.into_iter().min_by_key(key).unwrap_or(0)
}
