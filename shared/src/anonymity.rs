//! What an anonymous card may say about its author.
//!
//! In anonymous mode a card shows no name. Its perspective still helps a group read the
//! board ("three citizens asked for evening hours"), but "Anonymous · Citizen" names the
//! only citizen in the room. A perspective is shown on anonymous cards only when at least
//! [`CROWD`] people who can write on the board share it. Search and filters see only what
//! the card shows ([`Disclosure`]).

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

/// What anonymous mode lets people see of a card's author: on the card, and to search and
/// filter by (a search for a name must not find the cards it hides).
#[derive(Debug, Clone, Copy)]
pub struct Disclosure<'a> {
    /// Whether the board is in anonymous mode now.
    pub anonymous: bool,
    /// The perspectives shared by enough writers ([`crowded_perspectives`]).
    pub crowded: &'a BTreeSet<Perspective>,
}

impl Disclosure<'_> {
    /// The author's name as shown, if it is. A card written anonymously (no name stored)
    /// stays anonymous after the mode is turned off.
    pub fn name<'card>(&self, author_name: &'card str) -> Option<&'card str> {
        (!self.anonymous && !author_name.is_empty()).then_some(author_name)
    }

    /// The author's perspective as shown, if it is.
    pub fn perspective(&self, author_name: &str, perspective: Perspective) -> Option<Perspective> {
        (self.name(author_name).is_some() || self.crowded.contains(&perspective)).then_some(perspective)
    }

    /// The byline under a card: "Ana · Citizen", "Anonymous · Professional" or "Anonymous"
    /// in anonymous mode; a card that carries no name (written anonymously, or its author
    /// erased their name) reads "A participant" once the mode is off.
    pub fn byline(&self, author_name: &str, perspective: Perspective) -> String {
        let nameless = if self.anonymous { "Anonymous" } else { "A participant" };
        let name = self.name(author_name).unwrap_or(nameless);
        match self.perspective(author_name, perspective) {
            Some(perspective) => format!("{name} · {}", perspective.label()),
            None => name.to_owned(),
        }
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
        let anonymous = Disclosure { anonymous: true, crowded: &crowded };
        assert_eq!(anonymous.byline("Ana", Perspective::Citizen), "Anonymous");
        assert_eq!(anonymous.perspective("Ana", Perspective::Citizen), None);
        assert_eq!(anonymous.byline("Ben", Perspective::Professional), "Anonymous · Professional");
    }

    #[test]
    fn a_card_written_anonymously_keeps_no_name_after_the_mode_ends() {
        let crowded = BTreeSet::new();
        let named = Disclosure { anonymous: false, crowded: &crowded };
        assert_eq!(named.byline("", Perspective::Citizen), "A participant");
        assert_eq!(named.byline("Ana", Perspective::Citizen), "Ana · Citizen");
    }
}
