//! Who reads and writes a World Café table's notes ([`DocName::Table`]): anyone who may
//! see the café reads every table (what earlier rounds wrote, the harvest); while a round
//! runs, only the people seated at a table write there, facilitators anywhere.

use std::collections::BTreeMap;

use super::{Access, BoardRules, Missing, Refusal};
use crate::cafe::Cafe;
use crate::ids::{ActivityId, DocName, ParticipantId};

/// What decides who writes at one café's tables.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct CafeSeats {
    /// How many tables it has.
    pub tables: usize,
    /// Where everyone sits in the round running (none before the first or at the harvest).
    pub seated: BTreeMap<ParticipantId, usize>,
}

impl CafeSeats {
    /// The seats of `cafe` as it stands.
    pub fn of(cafe: &Cafe) -> CafeSeats {
        CafeSeats { tables: cafe.tables.len(), seated: cafe.seating_now().cloned().unwrap_or_default() }
    }
}

impl BoardRules {
    /// These rules with the seats of `cafes` (governed state's `cafes`).
    pub fn with_cafes(self, cafes: &BTreeMap<ActivityId, Cafe>) -> BoardRules {
        let cafes = cafes.iter().map(|(activity, cafe)| (*activity, CafeSeats::of(cafe))).collect();
        BoardRules { cafes, ..self }
    }

    /// Why `access` may not read table `table` of the café `cafe`: the café's own
    /// visibility, and a table it does not have.
    pub(super) fn table_read_refusal(&self, cafe: ActivityId, table: u8, access: Access) -> Option<Refusal> {
        if let Some(refusal) = self.read_refusal(DocName::Activity(cafe), access) {
            return Some(refusal);
        }
        let known = self.cafes.get(&cafe).is_some_and(|seats| usize::from(table) < seats.tables);
        (!known).then_some(Refusal::NotFound(Missing::Table))
    }

    /// Why `access` may not write at table `table` of the café `cafe` now: as for the
    /// café's own document (live, unlocked), and for a participant, seated there in the
    /// round running.
    pub(super) fn table_write_refusal(&self, cafe: ActivityId, table: u8, access: Access) -> Option<Refusal> {
        if let Some(refusal) = self.table_read_refusal(cafe, table, access) {
            return Some(refusal);
        }
        if let Some(refusal) = self.write_refusal(DocName::Activity(cafe), access) {
            return Some(refusal);
        }
        if access.role.facilitates() {
            return None;
        }
        let seats = self.cafes.get(&cafe)?;
        match seats.seated.get(&access.participant) {
            _ if seats.seated.is_empty() => Some(Refusal::NoRoundRunning),
            Some(at) if *at == usize::from(table) => None,
            _ => Some(Refusal::NotAtThisTable),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::Role;
    use crate::agenda::{ActivityKind, ActivityState, Visibility};
    use crate::cafe::CafeTable;
    use crate::governance::ActivityRules;

    fn rules(state: ActivityState, round: u32) -> (BoardRules, ActivityId, [ParticipantId; 2]) {
        let cafe_id = ActivityId::random_from(&mut (1u8..));
        let people = [ParticipantId::random_from(&mut (10u8..)), ParticipantId::random_from(&mut (30u8..))];
        let cafe = Cafe {
            tables: vec![CafeTable::default(), CafeTable::default()],
            rounds: 2,
            round_minutes: 10,
            round,
            seating: vec![BTreeMap::from([(people[0], 0), (people[1], 1)]), BTreeMap::from([(people[0], 1)])],
            ..Cafe::default()
        };
        let activity = ActivityRules {
            state,
            visibility: Visibility::Everyone,
            locked: false,
            document: DocName::Activity(cafe_id),
            kind: ActivityKind::WorldCafe,
            members: Default::default(),
            in_outputs: false,
        };
        let rules =
            BoardRules { known: true, activities: BTreeMap::from([(cafe_id, activity)]), ..BoardRules::default() }
                .with_cafes(&BTreeMap::from([(cafe_id, cafe)]));
        (rules, cafe_id, people)
    }

    fn participant(who: ParticipantId) -> Access {
        Access { participant: who, role: Role::Participant }
    }

    #[test]
    fn a_participant_writes_only_at_the_table_they_sit_at_now() {
        let (rules, cafe, [ana, ben]) = rules(ActivityState::Live, 1);
        let table = |table| DocName::Table { cafe, table };
        assert_eq!(rules.write_refusal(table(0), participant(ana)), None);
        assert_eq!(rules.write_refusal(table(1), participant(ana)), Some(Refusal::NotAtThisTable));
        assert_eq!(rules.write_refusal(table(1), participant(ben)), None);
        assert_eq!(rules.read_refusal(table(1), participant(ana)), None, "every table is read");
        assert_eq!(rules.read_refusal(table(2), participant(ana)), Some(Refusal::NotFound(Missing::Table)));
        let facilitator = Access { participant: ben, role: Role::Facilitator };
        assert_eq!(rules.write_refusal(table(0), facilitator), None);
    }

    #[test]
    fn the_tables_rest_outside_the_rounds_and_while_the_cafe_is_not_live() {
        let (second, cafe, [ana, ben]) = rules(ActivityState::Live, 2);
        let table = |table| DocName::Table { cafe, table };
        assert_eq!(second.write_refusal(table(1), participant(ana)), None, "moved on in round 2");
        assert_eq!(second.write_refusal(table(0), participant(ana)), Some(Refusal::NotAtThisTable));
        assert_eq!(second.write_refusal(table(1), participant(ben)), Some(Refusal::NotAtThisTable));
        for round in [0, 3] {
            let (resting, cafe, [ana, _]) = rules(ActivityState::Live, round);
            let refusal = resting.write_refusal(DocName::Table { cafe, table: 0 }, participant(ana));
            assert_eq!(refusal, Some(Refusal::NoRoundRunning), "round {round}");
        }
        let (done, cafe, [ana, _]) = rules(ActivityState::Done, 1);
        let refusal = done.write_refusal(DocName::Table { cafe, table: 0 }, participant(ana));
        assert_eq!(refusal, Some(Refusal::ActivityDone));
        let unknown = DocName::Table { cafe: ActivityId::random_from(&mut (90u8..)), table: 0 };
        assert_eq!(done.read_refusal(unknown, participant(ana)), Some(Refusal::NotFound(Missing::Activity)));
    }
}
