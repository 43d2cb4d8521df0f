//! What an anonymous card may say about its author.
//!
//! In anonymous mode a card shows no name. Its perspective still helps a group read the
//! board ("three citizens asked for evening hours"), but "Anonymous · Citizen" names the
//! only citizen in the room. A perspective is shown on anonymous cards only when at least
//! [`CROWD`] people who can write on the board share it.

use std::collections::BTreeSet;

use crate::access::Participant;
use crate::model::Perspective;

/// How many writers must share a perspective before anonymous cards show it.
pub const CROWD: usize = 3;

/// The perspectives held by at least [`CROWD`] writers among `participants` (removed
/// people and observers do not count: they write nothing).
pub fn crowded_perspectives<'a>(participants: impl IntoIterator<Item = &'a Participant>) -> BTreeSet<Perspective> {
    let writers: Vec<Perspective> = participants
        .into_iter()
        .filter(|participant| participant.role.can_write_content())
        .map(|participant| participant.perspective)
        .collect();
    Perspective::ALL
        .into_iter()
        .filter(|perspective| writers.iter().filter(|held| *held == perspective).count() >= CROWD)
        .collect()
}

/// The byline under a card: its author's name and perspective, or what anonymous mode
/// leaves of them. A card written anonymously (no name stored) stays anonymous after the
/// mode is turned off.
pub fn byline(author_name: &str, perspective: Perspective, anonymous: bool, crowded: &BTreeSet<Perspective>) -> String {
    if author_name.is_empty() || anonymous {
        if crowded.contains(&perspective) {
            format!("Anonymous · {}", perspective.label())
        } else {
            "Anonymous".to_owned()
        }
    } else {
        format!("{author_name} · {}", perspective.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::Role;
    use crate::ids::ParticipantId;

    fn person(perspective: Perspective, role: Role, seed: u8) -> Participant {
        Participant {
            id: ParticipantId::random_from(&mut (seed..=seed.saturating_add(15))),
            name: format!("P{seed}"),
            perspective,
            role,
        }
    }

    #[test]
    fn the_only_citizen_is_not_singled_out() {
        let room = [
            person(Perspective::Citizen, Role::Participant, 1),
            person(Perspective::Professional, Role::Participant, 2),
            person(Perspective::Professional, Role::Facilitator, 3),
            person(Perspective::Professional, Role::Participant, 4),
            person(Perspective::Citizen, Role::Observer, 5),
            person(Perspective::Citizen, Role::Observer, 6),
        ];
        let crowded = crowded_perspectives(&room);
        assert_eq!(crowded, BTreeSet::from([Perspective::Professional]));
        assert_eq!(byline("Ana", Perspective::Citizen, true, &crowded), "Anonymous");
        assert_eq!(byline("Ben", Perspective::Professional, true, &crowded), "Anonymous · Professional");
    }

    #[test]
    fn a_card_written_anonymously_keeps_no_name_after_the_mode_ends() {
        let crowded = BTreeSet::new();
        assert_eq!(byline("", Perspective::Citizen, false, &crowded), "Anonymous");
        assert_eq!(byline("Ana", Perspective::Citizen, false, &crowded), "Ana · Citizen");
    }
}
