//! Finding a good seating: each round placed greedily and improved by swaps, then all
//! rounds polished together ([`super::plan`]).

use super::{Encounters, Guest, TablePlan};
use crate::polls::slot;

/// Tables of one round, each with its members (by index into the guests).
pub(super) type Seated = Vec<(usize, Vec<usize>)>;

/// Most swapping passes over a round.
pub(super) const MOST_PASSES: usize = 40;
/// Greedy seatings tried for each round (each in another order, then improved); the one
/// where people who met before meet least is kept.
const TRIES: usize = 8;
/// After each try settles, this many kicks (a few random swaps, then improving again) to
/// leave a local optimum; a kick is kept when it ends better.
const KICKS: usize = 24;

/// Swaps two non-hosts of the same perspective between two tables of one group in any
/// round while that lowers the pairs of rounds in which the same two people sat together
/// (Σ over pairs of meetings·(meetings−1)/2), keeping `met` up to date.
pub(super) fn polish(
    seatings: &mut [Vec<Vec<usize>>],
    group_of_table: &[usize],
    guests: &[Guest],
    tables: &[TablePlan],
    met: &mut Encounters,
) {
    let is_host = |guest: usize| tables.iter().any(|table| table.host == Some(guests[guest].id));
    // The change in Σ C(m, 2) when `who` leaves `from` (without `gone`) and joins `to` (without `replaced`).
    let moved = |met: &Encounters, who: usize, from: &[usize], to: &[usize], replaced: usize| -> i64 {
        let leaving: i64 = from.iter().filter(|x| **x != who).map(|x| i64::from(met.between(who, *x)) - 1).sum();
        let joining: i64 = to.iter().filter(|y| **y != replaced).map(|y| i64::from(met.between(who, *y))).sum();
        joining - leaving
    };
    // Each group's share of each perspective at a table: at least `low`, at most `low + 1`
    // (exactly `low` when it divides evenly).
    let groups = group_of_table.iter().copied().max().map_or(0, |most| most + 1);
    let mut shares = vec![([0usize; 3], 0usize); groups];
    for (table, members) in seatings.first().map(Vec::as_slice).unwrap_or_default().iter().enumerate() {
        shares[group_of_table[table]].1 += 1;
        for member in members {
            shares[group_of_table[table]].0[slot(guests[*member].perspective)] += 1;
        }
    }
    let within = |group: usize, perspective: usize, count: usize| {
        let (of_it, tables) = (shares[group].0[perspective], shares[group].1.max(1));
        (of_it / tables..=of_it.div_ceil(tables)).contains(&count)
    };
    let count = |members: &[usize], perspective: usize| {
        members.iter().filter(|member| slot(guests[**member].perspective) == perspective).count()
    };
    for _ in 0..MOST_PASSES {
        let mut better = false;
        for seating in seatings.iter_mut() {
            for t1 in 0..seating.len() {
                for t2 in t1 + 1..seating.len() {
                    let group = group_of_table[t1];
                    if group != group_of_table[t2] {
                        continue;
                    }
                    for a_at in 0..seating[t1].len() {
                        for b_at in 0..seating[t2].len() {
                            let (a, b) = (seating[t1][a_at], seating[t2][b_at]);
                            if is_host(a) || is_host(b) {
                                continue;
                            }
                            // People of two perspectives trade places only where both
                            // tables keep each perspective's share.
                            let (pa, pb) = (slot(guests[a].perspective), slot(guests[b].perspective));
                            if pa != pb
                                && !(within(group, pa, count(&seating[t1], pa) - 1)
                                    && within(group, pb, count(&seating[t1], pb) + 1)
                                    && within(group, pb, count(&seating[t2], pb) - 1)
                                    && within(group, pa, count(&seating[t2], pa) + 1))
                            {
                                continue;
                            }
                            let delta = moved(met, a, &seating[t1], &seating[t2], b)
                                + moved(met, b, &seating[t2], &seating[t1], a);
                            if delta < 0 {
                                for x in seating[t1].iter().filter(|x| **x != a) {
                                    met.shift(a, *x, false);
                                    met.shift(b, *x, true);
                                }
                                for y in seating[t2].iter().filter(|y| **y != b) {
                                    met.shift(b, *y, false);
                                    met.shift(a, *y, true);
                                }
                                seating[t1][a_at] = b;
                                seating[t2][b_at] = a;
                                better = true;
                            }
                        }
                    }
                }
            }
        }
        if !better {
            break;
        }
    }
}

/// Seats one group for one round: each table of `table_ids` with its members.
pub(super) fn seat_round(
    tables: &[TablePlan],
    table_ids: &[usize],
    people: &[usize],
    guests: &[Guest],
    met: &Encounters,
    round: usize,
) -> Seated {
    let mut best: Option<(u64, Seated)> = None;
    for attempt in 0..TRIES {
        let seed = (round * TRIES + attempt) as u64;
        let mut seated = greedy(tables, table_ids, people, guests, met, round * TRIES + attempt);
        improve(&mut seated, guests, tables, met);
        let mut cost = cost(&seated, met);
        for kick in 0..KICKS as u64 {
            if cost == 0 {
                break;
            }
            let mut kicked = seated.clone();
            shake(&mut kicked, guests, tables, seed.wrapping_mul(1_000_003).wrapping_add(kick));
            improve(&mut kicked, guests, tables, met);
            let kicked_cost = self::cost(&kicked, met);
            if kicked_cost < cost {
                (seated, cost) = (kicked, kicked_cost);
            }
        }
        if best.as_ref().is_none_or(|(least, _)| cost < *least) {
            best = Some((cost, seated));
        }
        if cost == 0 {
            break;
        }
    }
    best.map(|(_, seated)| seated).unwrap_or_default()
}

/// Swaps a few random pairs of non-hosts of the same perspective between tables (a
/// splitmix64 sequence from `seed`: the same on every server).
fn shake(seated: &mut [(usize, Vec<usize>)], guests: &[Guest], tables: &[TablePlan], seed: u64) {
    let mut state = seed;
    let mut next = move |below: usize| {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        usize::try_from((z ^ (z >> 31)) % below.max(1) as u64).unwrap_or(0)
    };
    let is_host = |guest: usize| tables.iter().any(|table| table.host == Some(guests[guest].id));
    for _ in 0..3 {
        let (a_table, b_table) = (next(seated.len()), next(seated.len()));
        if a_table == b_table || seated[a_table].1.is_empty() || seated[b_table].1.is_empty() {
            continue;
        }
        let (a_at, b_at) = (next(seated[a_table].1.len()), next(seated[b_table].1.len()));
        let (a, b) = (seated[a_table].1[a_at], seated[b_table].1[b_at]);
        if guests[a].perspective == guests[b].perspective && !is_host(a) && !is_host(b) {
            seated[a_table].1[a_at] = b;
            seated[b_table].1[b_at] = a;
        }
    }
}

/// [`shake`] for a whole round, swapping only between tables of one group.
pub(super) fn shake_within(
    seated: &mut [(usize, Vec<usize>)],
    group_of_table: &[usize],
    guests: &[Guest],
    tables: &[TablePlan],
    seed: u64,
) {
    let before: Vec<(usize, Vec<usize>)> = seated.to_vec();
    shake(seated, guests, tables, seed);
    // A swap across groups is undone: people stay with their group's tables.
    let crossed = seated.iter().zip(&before).any(|((table, now), (_, was))| {
        now.iter().any(|guest| {
            !was.contains(guest)
                && !before
                    .iter()
                    .any(|(other, members)| group_of_table[*other] == group_of_table[*table] && members.contains(guest))
        })
    });
    if crossed {
        seated.clone_from_slice(&before);
    }
}

/// How often the people at each table met before, over all pairs at the same table.
fn cost(seated: &[(usize, Vec<usize>)], met: &Encounters) -> u64 {
    let mut cost = 0;
    for (_, members) in seated {
        for (at, a) in members.iter().enumerate() {
            for b in &members[at + 1..] {
                cost += u64::from(met.between(*a, *b));
            }
        }
    }
    cost
}

/// Hosts at their tables, then each other guest, perspective by perspective in an order
/// that `order` varies, to the table with fewest of their perspective, then the smallest,
/// then the one where they met fewest.
fn greedy(
    tables: &[TablePlan],
    table_ids: &[usize],
    people: &[usize],
    guests: &[Guest],
    met: &Encounters,
    order: usize,
) -> Seated {
    let mut seated: Vec<(usize, Vec<usize>)> = table_ids.iter().map(|table| (*table, Vec::new())).collect();
    let mut counts = vec![[0usize; 3]; table_ids.len()];
    let host_of = |guest: usize| table_ids.iter().position(|table| tables[*table].host == Some(guests[guest].id));
    let mut others = Vec::new();
    for guest in people {
        match host_of(*guest) {
            Some(at) => {
                seated[at].1.push(*guest);
                counts[at][slot(guests[*guest].perspective)] += 1;
            }
            None => others.push(*guest),
        }
    }
    // A multiplicative hash of the guest and the order: another shuffle for each try.
    let mix = |guest: usize| {
        (guest as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15 ^ (order as u64).wrapping_mul(0xBF58_476D_1CE4_E5B9))
            >> 17
    };
    others.sort_by_key(|guest| (slot(guests[*guest].perspective), mix(*guest)));
    for guest in others {
        let perspective = slot(guests[guest].perspective);
        let repeats = |at: usize| seated[at].1.iter().map(|other| u32::from(met.between(guest, *other))).sum::<u32>();
        let best = (0..table_ids.len())
            .min_by_key(|at| (counts[*at][perspective], seated[*at].1.len(), repeats(*at), *at))
            .unwrap_or(0);
        seated[best].1.push(guest);
        counts[best][perspective] += 1;
    }
    seated
}

/// Swaps two non-hosts of the same perspective between tables while that lowers the
/// meetings of people who met before.
fn improve(seated: &mut [(usize, Vec<usize>)], guests: &[Guest], tables: &[TablePlan], met: &Encounters) {
    let is_host = |guest: usize| tables.iter().any(|table| table.host == Some(guests[guest].id));
    let cost = |guest: usize, members: &[usize], leaving: usize| -> i64 {
        members
            .iter()
            .filter(|other| **other != guest && **other != leaving)
            .map(|other| i64::from(met.between(guest, *other)))
            .sum()
    };
    for _ in 0..MOST_PASSES {
        let mut better = false;
        for a_table in 0..seated.len() {
            for b_table in a_table + 1..seated.len() {
                for a_at in 0..seated[a_table].1.len() {
                    for b_at in 0..seated[b_table].1.len() {
                        let (a, b) = (seated[a_table].1[a_at], seated[b_table].1[b_at]);
                        if guests[a].perspective != guests[b].perspective || is_host(a) || is_host(b) {
                            continue;
                        }
                        let now = cost(a, &seated[a_table].1, a) + cost(b, &seated[b_table].1, b);
                        let swapped = cost(a, &seated[b_table].1, b) + cost(b, &seated[a_table].1, a);
                        if swapped < now {
                            seated[a_table].1[a_at] = b;
                            seated[b_table].1[b_at] = a;
                            better = true;
                        }
                    }
                }
            }
        }
        if !better {
            break;
        }
    }
}
