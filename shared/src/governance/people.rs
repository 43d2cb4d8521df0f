//! Who is on the board: promoting, removing, the lobby where joiners wait to be let in, and
//! people who take part without a device, for whom a facilitator or supporter acts.
//!
//! Removing someone turns the lobby on: a removed person cannot be recognised when they
//! join again under another name from a cleared browser, so from then on every joiner
//! waits until a facilitator lets them in (a facilitator may turn it off again).
//!
//! Someone without a device is a participant with no token, added by a facilitator or a
//! supporter ([`Command::AddAssisted`]). Their helpers add ideas, dots and answers for
//! them ([`Command::OnBehalf`]): each is checked and carried out as the person's own
//! (their budget, their one answer), and a card is marked as added with the helper's help.

use super::commands::{Effect, GovernedState};
use super::refusal::{Invalid, Missing};
use super::{Access, BoardRules, Refusal};
use crate::access::{Participant, Role};
use crate::facilitation::Command;
use crate::ids::ParticipantId;

/// Checks a command about people or on someone's behalf; `None` for other commands.
pub fn validate(command: &Command, access: Access) -> Option<Result<(), Refusal>> {
    Some(match command {
        Command::AddAssisted { name, .. } if access.role.assists() => {
            crate::access::validated_name(name).map(|_| ()).map_err(|error| Refusal::Invalid(Invalid::Name(error)))
        }
        Command::AddAssisted { .. } => Err(Refusal::HelpersOnly),
        Command::OnBehalf { command, person } if access.role.assists() => {
            if !done_on_behalf(command) {
                return Some(Err(Refusal::Invalid(Invalid::NotOnBehalf)));
            }
            super::commands::validate(command, Access { participant: *person, role: Role::Participant })
        }
        Command::OnBehalf { .. } => Err(Refusal::HelpersOnly),
        _ => return None,
    })
}

/// Whether `command` can be done for someone without a device: adding an idea, giving dots,
/// answering a poll, asking or upvoting a question to the panel.
pub fn done_on_behalf(command: &Command) -> bool {
    matches!(
        command,
        Command::AddCard { .. }
            | Command::Vote { .. }
            | Command::AnswerPoll { .. }
            | Command::AnswerText { .. }
            | Command::AskPanel { .. }
            | Command::UpvotePanel { .. }
    )
}

impl BoardRules {
    /// Why `helper` may not act for `person` now, if they may not: only facilitators and
    /// supporters, only for someone added without a device, who is still on the board.
    pub fn helper_refusal(&self, helper: Access, person: ParticipantId) -> Option<Refusal> {
        if let Some(exclusion) = self.exclusion(helper) {
            return Some(exclusion);
        }
        if !self.current(helper).role.assists() {
            return Some(Refusal::HelpersOnly);
        }
        if self.removed.contains(&person) {
            return Some(Refusal::ParticipantRemoved);
        }
        if !self.people.contains_key(&person) {
            return Some(Refusal::NotFound(Missing::Participant));
        }
        (!self.assisted.contains(&person)).then_some(Refusal::NotAssisted)
    }
}

/// What a command about people does to governed state; `None` for other commands. Someone
/// added without a device gets the id `fresh`.
pub fn effects(state: &GovernedState, command: &Command, fresh: ParticipantId) -> Option<Result<Vec<Effect>, Refusal>> {
    let record = |participant| state.participants.get(participant).ok_or(Refusal::NotFound(Missing::Participant));
    Some(match command {
        Command::MakeSupporter { participant } => record(participant).and_then(|record| {
            match (record.removed, record.waiting, record.participant.role) {
                (true, _, _) => Err(Refusal::ParticipantRemoved),
                (_, true, _) => Err(Refusal::ParticipantWaiting),
                (_, _, Role::Participant) if !record.assisted => Ok(vec![Effect::Role(*participant, Role::Supporter)]),
                // Facilitators already help; observers and people without a device cannot.
                _ => Ok(Vec::new()),
            }
        }),
        Command::AddAssisted { name, perspective } => match crate::access::validated_name(name) {
            Err(error) => Err(Refusal::Invalid(Invalid::Name(error))),
            Ok(name) => {
                let taken = state
                    .participants
                    .values()
                    .any(|record| !record.removed && crate::access::same_name(&record.participant.name, &name));
                if taken {
                    Err(Refusal::NameTaken)
                } else {
                    let person = Participant { id: fresh, name, perspective: *perspective, role: Role::Participant };
                    Ok(vec![Effect::AddAssisted(person)])
                }
            }
        },
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
    use crate::governed::ParticipantRecord;
    use crate::ids::ParticipantId;
    use crate::model::Perspective;

    fn person(seed: u8, waiting: bool) -> ParticipantRecord {
        let id = ParticipantId::random_from(&mut (seed..));
        let participant =
            Participant { id, name: format!("P{seed}"), perspective: Perspective::Citizen, role: Role::Participant };
        ParticipantRecord { participant, removed: false, waiting, assisted: false }
    }

    fn fresh() -> ParticipantId {
        ParticipantId::random_from(&mut (90u8..))
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
            effects(&state, &remove, fresh()),
            Some(Ok(vec![Effect::Remove(ana.participant.id), Effect::Admission(true)]))
        );
        state.facilitation.admission = true;
        assert_eq!(effects(&state, &remove, fresh()), Some(Ok(vec![Effect::Remove(ana.participant.id)])), "already on");
    }

    #[test]
    fn the_lobby_lets_people_in_one_by_one_or_all_at_once() {
        let (ben, cleo, dan) = (person(2, true), person(3, true), person(4, false));
        let mut removed = person(5, true);
        removed.removed = true;
        let state = board(&[&ben, &cleo, &dan, &removed]);
        let admit = |record: &ParticipantRecord| Command::Admit { participant: record.participant.id };
        assert_eq!(effects(&state, &admit(&ben), fresh()), Some(Ok(vec![Effect::Admit(ben.participant.id)])));
        assert_eq!(effects(&state, &admit(&dan), fresh()), Some(Ok(vec![])), "already in: nothing to do");
        assert_eq!(effects(&state, &admit(&removed), fresh()), Some(Err(Refusal::ParticipantRemoved)));
        let off = effects(&state, &Command::SetAdmission { on: false }, fresh());
        let mut expected =
            vec![Effect::Admission(false), Effect::Admit(ben.participant.id), Effect::Admit(cleo.participant.id)];
        expected[1..].sort_by_key(|effect| format!("{effect:?}"));
        let mut off = off.and_then(Result::ok).unwrap_or_default();
        off[1..].sort_by_key(|effect| format!("{effect:?}"));
        assert_eq!(off, expected, "turning the lobby off lets in everyone waiting, not the removed");
        let promote = Command::MakeFacilitator { participant: ben.participant.id };
        assert_eq!(effects(&state, &promote, fresh()), Some(Err(Refusal::ParticipantWaiting)));
    }

    #[test]
    fn helpers_add_people_without_a_device_and_act_only_for_them() {
        let (sam, ana) = (person(6, false), person(7, false));
        let state = board(&[&sam, &ana]);
        let supporter = Command::MakeSupporter { participant: sam.participant.id };
        assert_eq!(
            effects(&state, &supporter, fresh()),
            Some(Ok(vec![Effect::Role(sam.participant.id, Role::Supporter)]))
        );
        let add = |name: &str| Command::AddAssisted { name: name.into(), perspective: Perspective::Citizen };
        let added = Participant {
            id: fresh(),
            name: "Olga".into(),
            perspective: Perspective::Citizen,
            role: Role::Participant,
        };
        assert_eq!(effects(&state, &add("  Olga "), fresh()), Some(Ok(vec![Effect::AddAssisted(added.clone())])));
        assert_eq!(effects(&state, &add("p7"), fresh()), Some(Err(Refusal::NameTaken)), "Ana is P7");

        let as_role = |role| Access { participant: sam.participant.id, role };
        assert_eq!(validate(&add("Olga"), as_role(Role::Participant)), Some(Err(Refusal::HelpersOnly)));
        assert_eq!(validate(&add("Olga"), as_role(Role::Supporter)), Some(Ok(())));
        assert!(matches!(
            validate(&add(" "), as_role(Role::Facilitator)),
            Some(Err(Refusal::Invalid(Invalid::Name(_))))
        ));
        let behalf = |command| Command::OnBehalf { person: added.id, command: Box::new(command) };
        let card = Command::AddCard { card: "c1".into(), text: "More buses".into(), colour: Default::default() };
        assert_eq!(validate(&behalf(card.clone()), as_role(Role::Supporter)), Some(Ok(())));
        assert_eq!(validate(&behalf(card), as_role(Role::Participant)), Some(Err(Refusal::HelpersOnly)));
        let phase = Command::SetPhase { phase: crate::facilitation::Phase::CoCreation };
        assert_eq!(
            validate(&behalf(phase), as_role(Role::Facilitator)),
            Some(Err(Refusal::Invalid(Invalid::NotOnBehalf))),
            "only ideas, dots and answers"
        );

        let mut people = state.participants.clone();
        people.insert(
            added.id,
            ParticipantRecord { participant: added.clone(), removed: false, waiting: false, assisted: true },
        );
        let rules = BoardRules::from_parts(
            &people,
            &state.facilitation,
            std::iter::empty(),
            Default::default(),
            &Default::default(),
        );
        let mut sam_supporting = as_role(Role::Supporter);
        assert_eq!(
            rules.helper_refusal(sam_supporting, added.id),
            Some(Refusal::HelpersOnly),
            "governed state says participant"
        );
        if let Some(record) = people.get_mut(&sam.participant.id) {
            record.participant.role = Role::Supporter;
        }
        let rules = BoardRules::from_parts(
            &people,
            &state.facilitation,
            std::iter::empty(),
            Default::default(),
            &Default::default(),
        );
        assert_eq!(rules.helper_refusal(sam_supporting, added.id), None);
        assert_eq!(rules.helper_refusal(sam_supporting, ana.participant.id), Some(Refusal::NotAssisted));
        sam_supporting.participant = ana.participant.id;
        assert_eq!(rules.helper_refusal(sam_supporting, added.id), Some(Refusal::HelpersOnly), "Ana does not help");
    }
}
