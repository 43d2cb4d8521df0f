//! Who is on the board: promoting, removing, and the lobby where joiners wait to be let in.
//!
//! Removing someone turns the lobby on: a removed person cannot be recognised when they
//! join again under another name from a cleared browser, so from then on every joiner
//! waits until a facilitator lets them in (a facilitator may turn it off again).

use super::Refusal;
use super::commands::{Effect, GovernedState};
use super::refusal::Missing;
use crate::access::Role;
use crate::facilitation::Command;

/// What a command about people does to governed state; `None` for other commands.
pub fn effects(state: &GovernedState, command: &Command) -> Option<Result<Vec<Effect>, Refusal>> {
    let record = |participant| state.participants.get(participant).ok_or(Refusal::NotFound(Missing::Participant));
    Some(match command {
        Command::MakeFacilitator { participant } => record(participant).and_then(|record| {
            if record.removed {
                Err(Refusal::ParticipantRemoved)
            } else if record.waiting {
                Err(Refusal::ParticipantWaiting)
            } else {
                Ok(vec![Effect::Role(*participant, Role::Facilitator)])
            }
        }),
        Command::RemoveParticipant { participant } => record(participant).map(|_| {
            let mut effects = vec![Effect::Remove(*participant)];
            if !state.facilitation.admission {
                effects.push(Effect::Admission(true));
            }
            effects
        }),
        Command::SetAdmission { on: true } => Ok(vec![Effect::Admission(true)]),
        Command::SetAdmission { on: false } => {
            let waiting = state.participants.values().filter(|record| record.waiting && !record.removed);
            let admitted = waiting.map(|record| Effect::Admit(record.participant.id));
            Ok(std::iter::once(Effect::Admission(false)).chain(admitted).collect())
        }
        Command::Admit { participant } => {
            record(participant).and_then(|record| match (record.removed, record.waiting) {
                (true, _) => Err(Refusal::ParticipantRemoved),
                (false, true) => Ok(vec![Effect::Admit(*participant)]),
                (false, false) => Ok(Vec::new()),
            })
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::Participant;
    use crate::governed::ParticipantRecord;
    use crate::ids::ParticipantId;
    use crate::model::Perspective;

    fn person(seed: u8, waiting: bool) -> ParticipantRecord {
        let id = ParticipantId::random_from(&mut (seed..));
        let participant =
            Participant { id, name: format!("P{seed}"), perspective: Perspective::Citizen, role: Role::Participant };
        ParticipantRecord { participant, removed: false, waiting }
    }

    fn board(people: &[&ParticipantRecord]) -> GovernedState {
        let mut state = GovernedState::default();
        for record in people {
            state.participants.insert(record.participant.id, (*record).clone());
        }
        state
    }

    #[test]
    fn removing_someone_makes_joiners_wait_from_then_on() {
        let ana = person(1, false);
        let mut state = board(&[&ana]);
        let remove = Command::RemoveParticipant { participant: ana.participant.id };
        assert_eq!(
            effects(&state, &remove),
            Some(Ok(vec![Effect::Remove(ana.participant.id), Effect::Admission(true)]))
        );
        state.facilitation.admission = true;
        assert_eq!(effects(&state, &remove), Some(Ok(vec![Effect::Remove(ana.participant.id)])), "already on");
    }

    #[test]
    fn the_lobby_lets_people_in_one_by_one_or_all_at_once() {
        let (ben, cleo, dan) = (person(2, true), person(3, true), person(4, false));
        let mut removed = person(5, true);
        removed.removed = true;
        let state = board(&[&ben, &cleo, &dan, &removed]);
        let admit = |record: &ParticipantRecord| Command::Admit { participant: record.participant.id };
        assert_eq!(effects(&state, &admit(&ben)), Some(Ok(vec![Effect::Admit(ben.participant.id)])));
        assert_eq!(effects(&state, &admit(&dan)), Some(Ok(vec![])), "already in: nothing to do");
        assert_eq!(effects(&state, &admit(&removed)), Some(Err(Refusal::ParticipantRemoved)));
        let off = effects(&state, &Command::SetAdmission { on: false });
        let mut expected =
            vec![Effect::Admission(false), Effect::Admit(ben.participant.id), Effect::Admit(cleo.participant.id)];
        expected[1..].sort_by_key(|effect| format!("{effect:?}"));
        let mut off = off.and_then(Result::ok).unwrap_or_default();
        off[1..].sort_by_key(|effect| format!("{effect:?}"));
        assert_eq!(off, expected, "turning the lobby off lets in everyone waiting, not the removed");
        let promote = Command::MakeFacilitator { participant: ben.participant.id };
        assert_eq!(effects(&state, &promote), Some(Err(Refusal::ParticipantWaiting)));
    }
}
