//! How few repeat meetings any seating could have: the yardstick seating is measured
//! against ([`coincidences_lower_bound`]).

use std::collections::BTreeMap;

use super::{Guest, Round, TablePlan, groups};
use crate::model::Perspective;

/// A lower bound on the coincidences ([`Encounters::coincidences`]) any seating with these
/// tables, sizes and hosts must have: more seats-beside-someone than there are pairs who may ever meet, overall,
/// person by person and among people who are always kept apart, or more people at a table
/// than there were tables the round before.
pub fn coincidences_lower_bound(tables: &[TablePlan], guests: &[Guest], plan: &[Round], remote_together: bool) -> u32 {
    let groups = groups(tables, guests, remote_together);
    let hosts: Vec<usize> =
        (0..guests.len()).filter(|guest| tables.iter().any(|table| table.host == Some(guests[*guest].id))).collect();
    let group_of = |guest: usize| groups.iter().position(|(_, people)| people.contains(&guest)).unwrap_or(0);
    // Two of a perspective that has at most one place at each table of their group never
    // sit together (the spread keeps them apart), nor do two hosts.
    let apart = |a: usize, b: usize| {
        let (table_ids, people) = &groups[group_of(a)];
        let same = people.iter().filter(|other| guests[**other].perspective == guests[a].perspective).count();
        (hosts.contains(&a) && hosts.contains(&b))
            || (guests[a].perspective == guests[b].perspective && same <= table_ids.len().max(1))
    };
    // Who may ever meet `guest`.
    let may_meet = |guest: usize| {
        groups[group_of(guest)].1.iter().filter(|other| **other != guest && !apart(guest, **other)).count()
    };
    let mut beside = vec![0usize; guests.len()];
    for round in plan {
        let mut sizes: BTreeMap<usize, usize> = BTreeMap::new();
        for table in round.values() {
            *sizes.entry(*table).or_default() += 1;
        }
        for (guest, seat) in guests.iter().enumerate().filter_map(|(at, guest)| Some((at, round.get(&guest.id)?))) {
            beside[guest] += sizes.get(seat).map_or(0, |size| size - 1);
        }
    }
    let excess: Vec<usize> = (0..guests.len()).map(|guest| beside[guest].saturating_sub(may_meet(guest))).collect();
    let per_person: usize = excess.iter().sum();
    // People who can never sit together (the hosts; a perspective with one place a table):
    // a repeat meeting involves at most one of them, so theirs add up.
    let mut kept_apart: Vec<Vec<usize>> = vec![hosts.clone()];
    for perspective in [Perspective::Citizen, Perspective::Professional, Perspective::Other] {
        for (_, people) in &groups {
            let of_it: Vec<usize> =
                people.iter().copied().filter(|guest| guests[*guest].perspective == perspective).collect();
            if of_it.len() > 1 && apart(of_it[0], of_it[1]) {
                kept_apart.push(of_it);
            }
        }
    }
    let apart_bound =
        kept_apart.iter().map(|set| set.iter().map(|guest| excess[*guest]).sum::<usize>()).max().unwrap_or(0);
    let pairs_possible: usize = (0..guests.len()).map(may_meet).sum::<usize>() / 2;
    let pairs_seated: usize = beside.iter().sum::<usize>() / 2;
    let overall = pairs_seated.saturating_sub(pairs_possible);
    let bound = overall.max(per_person.div_ceil(2)).max(apart_bound).max(pigeonhole(&groups, guests, plan));
    u32::try_from(bound).unwrap_or(u32::MAX)
}

/// Coincidences forced between rounds: the s people at a table came from at most T tables
/// of each round before, so at least the pairs of an even split of s over T sat together
/// in that round too.
fn pigeonhole(groups: &[(Vec<usize>, Vec<usize>)], guests: &[Guest], plan: &[Round]) -> usize {
    let pairs = |n: usize| n * n.saturating_sub(1) / 2;
    let mut forced = 0;
    for (at, round) in plan.iter().enumerate() {
        let earlier = at;
        for (table_ids, people) in groups {
            let from = table_ids.len().max(1);
            for table in table_ids {
                let size = people.iter().filter(|guest| round.get(&guests[**guest].id) == Some(table)).count();
                let (each, more) = (size / from, size % from);
                forced += earlier * (more * pairs(each + 1) + (from - more) * pairs(each));
            }
        }
    }
    forced
}
