//! Erasing people's names from a board while what they contributed stays, by "a
//! participant": a person asking for their own name to go, or the retention of data
//! erasing everyone's once a board has gone unused.
//!
//! Names sit in several places, each erased by the document that keeps them: the
//! participant records ([`crate::GovernedDoc::erase_names`]), the signatures on cards in
//! the board and every activity and café table ([`crate::BoardDoc::erase_author_names`]),
//! volunteers on action plans ([`crate::actions::doc::ActionsDoc::erase_volunteer_names`]), and
//! private and hidden cards' words ([`crate::drafts::DraftsDoc::erase_names`]). A card
//! carries its author's name and perspective but not who they are, so a card is taken as
//! a person's when both match theirs; two people who share name and perspective lose the
//! signature on each other's cards too (an erasure errs on the side of erasing).

use crate::access::same_name;
use crate::{Participant, ParticipantId, Perspective};

/// What a name reads as once erased (stored as the empty text, as an unsigned card is).
pub const ERASED_NAME: &str = "";

/// How an erased or missing name is shown to people.
pub const NAMELESS: &str = "a participant";

/// Whose names an erasure takes off a board.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Erasing {
    /// Everyone who ever took part.
    Everyone,
    /// One person, as their participant record names them (before the erasure).
    One(Participant),
}

impl Erasing {
    /// Whether the participant with this id is among those erased.
    pub fn covers(&self, id: ParticipantId) -> bool {
        match self {
            Erasing::Everyone => true,
            Erasing::One(person) => person.id == id,
        }
    }

    /// Whether the name of someone who added a card for its author is to be erased.
    pub fn helped(&self, helper: &str) -> bool {
        match self {
            _ if helper.is_empty() => false,
            Erasing::Everyone => true,
            Erasing::One(person) => same_name(&person.name, helper),
        }
    }

    /// Whether a signature (a card's author name and perspective) is to be erased.
    pub fn signed(&self, author_name: &str, perspective: Perspective) -> bool {
        if author_name.is_empty() {
            return false;
        }
        match self {
            Erasing::Everyone => true,
            Erasing::One(person) => person.perspective == perspective && same_name(&person.name, author_name),
        }
    }

    /// Whether something written by `author` (when known) and signed `author_name` is to be erased.
    pub fn wrote(&self, author: Option<ParticipantId>, author_name: &str) -> bool {
        if author_name.is_empty() {
            return false;
        }
        match (self, author) {
            (Erasing::Everyone, _) => true,
            (Erasing::One(person), Some(author)) => person.id == author,
            (Erasing::One(person), None) => same_name(&person.name, author_name),
        }
    }
}

/// How a participant's name is shown: their name, or [`NAMELESS`] once erased.
pub fn shown_name(name: &str) -> &str {
    if name.trim().is_empty() { NAMELESS } else { name }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Role;

    fn ana() -> Participant {
        Participant {
            id: ParticipantId::random_from(&mut (1u8..=8)),
            name: "Ana  Novak".into(),
            perspective: Perspective::Citizen,
            role: Role::Participant,
        }
    }

    #[test]
    fn one_person_covers_their_signature_only() {
        let erasing = Erasing::One(ana());
        assert!(erasing.signed("ana novak", Perspective::Citizen), "names compare as the board compares them");
        assert!(!erasing.signed("Ana Novak", Perspective::Professional), "another perspective is someone else");
        assert!(!erasing.signed("Bo", Perspective::Citizen));
        assert!(!erasing.signed("", Perspective::Citizen), "nothing to erase on an unsigned card");
        assert!(erasing.covers(ana().id));
        assert!(!erasing.covers(ParticipantId::random_from(&mut (9u8..=16))));
        assert!(erasing.wrote(Some(ana().id), "Ana Novak"));
        assert!(!erasing.wrote(Some(ParticipantId::random_from(&mut (9u8..=16))), "Ana Novak"), "the id decides");
        assert!(erasing.wrote(None, "Ana Novak"), "without an id, the name");
    }

    #[test]
    fn everyone_covers_every_signature() {
        assert!(Erasing::Everyone.signed("Bo", Perspective::Professional));
        assert!(Erasing::Everyone.wrote(None, "Bo"));
        assert!(!Erasing::Everyone.signed("", Perspective::Citizen));
    }

    /// Ana's and Bo's names in every place a board keeps names; Ana's erased, the state
    /// of each document encoded again holds her name nowhere (the overwritten values are
    /// dropped, not just hidden), and Bo's stay.
    #[test]
    fn erasing_one_person_leaves_their_name_in_no_document() {
        use crate::actions::doc::ActionsDoc;
        use crate::drafts::{Draft, DraftsDoc};
        use crate::schema::NewCard;
        use crate::withheld::Withheld;
        use crate::{BoardDoc, CardColour, GovernedDoc};
        use yrs::{Doc, ReadTxn, StateVector, Transact};

        let bo = Participant {
            id: ParticipantId::random_from(&mut (20u8..=28)),
            name: "Bo Berg".into(),
            perspective: Perspective::Professional,
            role: Role::Participant,
        };
        let card = |id: &'static str, person: &Participant| NewCard {
            id,
            text: "More benches",
            colour: CardColour::Yellow,
            author_name: Box::leak(person.name.clone().into_boxed_str()),
            perspective: person.perspective,
            x: 0.0,
            y: 0.0,
            cluster: None,
        };
        let governed = GovernedDoc::new();
        let board = BoardDoc::new();
        let plan_doc = Doc::new();
        let plan = ActionsDoc::from_doc(plan_doc.clone());
        let drafts_doc = Doc::new();
        let drafts = DraftsDoc::from_doc(drafts_doc.clone());
        for person in [ana(), bo.clone()] {
            governed.add_participant(&mut governed.doc().transact_mut(), &person, false);
            let draft = Draft {
                card: format!("draft-{}", person.id).into(),
                author: person.id,
                author_name: person.name.clone(),
                perspective: person.perspective,
                text: "private".into(),
                colour: CardColour::Blue,
            };
            drafts.add(&mut drafts_doc.transact_mut(), &draft);
        }
        board.add_card(&mut board.doc().transact_mut(), card("ana-card", &ana()));
        board.add_card(&mut board.doc().transact_mut(), card("bo-card", &bo));
        // Ana added one for someone without a device: her name goes, the card stays.
        board.add_card(&mut board.doc().transact_mut(), card("helped-card", &bo));
        board.mark_helped(&mut board.doc().transact_mut(), "helped-card", &ana().name);
        plan.add(&mut plan_doc.transact_mut(), card("action", &bo));
        plan.volunteer(&mut plan_doc.transact_mut(), "action", ana().id, &ana().name, true);
        plan.volunteer(&mut plan_doc.transact_mut(), "action", bo.id, &bo.name, true);
        let hidden = Withheld {
            card: "hidden".into(),
            text: "words".into(),
            author_name: ana().name,
            author: Some(ana().id),
            at_ms: 1,
        };
        drafts.withhold(&mut drafts_doc.transact_mut(), &hidden);

        let erasing = Erasing::One(ana());
        assert_eq!(governed.erase_names(&mut governed.doc().transact_mut(), &erasing), 1);
        assert_eq!(board.erase_author_names(&mut board.doc().transact_mut(), &erasing), 1);
        assert_eq!(plan.erase_volunteer_names(&mut plan_doc.transact_mut(), &erasing), 1);
        assert_eq!(drafts.erase_names(&mut drafts_doc.transact_mut(), &erasing), 2, "a draft and hidden words");

        for doc in [governed.doc(), board.doc(), &plan_doc, &drafts_doc] {
            let state = doc.transact().encode_state_as_update_v1(&StateVector::default());
            let text = String::from_utf8_lossy(&state);
            assert!(!text.contains("Ana") && !text.contains("Novak"), "the name is still in the state");
        }
        let kept = |doc: &Doc| {
            String::from_utf8_lossy(&doc.transact().encode_state_as_update_v1(&StateVector::default()))
                .contains("Bo Berg")
        };
        assert!(kept(governed.doc()) && kept(board.doc()) && kept(&plan_doc) && kept(&drafts_doc), "Bo's name stays");
        let records = governed.participants(&governed.doc().transact());
        assert_eq!(records[&ana().id].participant.name, "", "her record stays, nameless");
        assert_eq!(records[&ana().id].participant.perspective, Perspective::Citizen);
        let volunteers = &plan.read()[0].volunteers;
        assert_eq!(volunteers.len(), 2, "she still volunteers, without her name");
        assert_eq!(board.erase_author_names(&mut board.doc().transact_mut(), &erasing), 0, "done once");
    }

    #[test]
    fn an_erased_name_is_shown_as_a_participant() {
        assert_eq!(shown_name(""), "a participant");
        assert_eq!(shown_name("Ana"), "Ana");
    }
}
