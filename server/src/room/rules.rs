//! The rules a board's rooms enforce, read from its governed document.
//!
//! The room of the governed document owns the rules: after every change to that document
//! (a command on this instance, or an update from another instance in Redis mode) it
//! recomputes [`BoardRules`] and publishes them on a watch channel. Every other room of the
//! board holds a receiver and applies them at once: who may write, who is removed.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use polyphony_shared::schema::{AuthorName, ContentChange};
use polyphony_shared::voting::{Round, RoundStatus};
use polyphony_shared::wire::TextPrint;
use polyphony_shared::{DocName, GovernedDoc, ParticipantId, Perspective, Role, RoundId, Section};
use tokio::sync::watch;
use yrs::{Doc, Transact};

use crate::access::Access;
use crate::room::presence_stamp::Speaker;

/// What the governed document currently decides for everyone on the board.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct BoardRules {
    /// Read from the governed document; until then (the default) nothing may be written,
    /// so a room that starts before the rules never runs on a blank set of them.
    pub known: bool,
    /// Participants removed by a facilitator: refused, and their connections closed.
    pub removed: BTreeSet<ParticipantId>,
    /// Each participant's role as governed state has it now (a co-facilitator was promoted
    /// after their token was issued, say).
    pub roles: BTreeMap<ParticipantId, Role>,
    /// Sections participants cannot edit now.
    pub locked: BTreeSet<Section>,
    /// Voting rounds that take votes now.
    pub open_rounds: BTreeMap<RoundId, Round>,
    /// Anonymous mode: cards may not carry author names.
    pub anonymous: bool,
    /// Private writing: participants' new cards go to drafts, and their ideas and
    /// questions on the board wait until the reveal.
    pub private_writing: bool,
    /// Cards a facilitator hid.
    pub hidden: BTreeSet<String>,
    /// The print of each participant's display name: the only author name their new
    /// cards may carry.
    pub names: BTreeMap<ParticipantId, TextPrint>,
    /// Each participant's display name and perspective, for their presence.
    pub people: BTreeMap<ParticipantId, (String, Perspective)>,
    /// Which facilitator key works now ([`crate::access::Signer::facilitator_key`]).
    pub key_generation: u32,
}

impl BoardRules {
    /// Reads the rules out of a governed document.
    pub fn from_governed(doc: &Doc) -> Self {
        let governed = GovernedDoc::from_doc(doc.clone());
        let txn = doc.transact();
        let participants = governed.participants(&txn);
        let facilitation = governed.facilitation(&txn);
        BoardRules {
            known: true,
            removed: participants
                .values()
                .filter(|record| record.removed)
                .map(|record| record.participant.id)
                .collect(),
            roles: participants.values().map(|record| (record.participant.id, record.participant.role)).collect(),
            names: participants
                .values()
                .map(|record| (record.participant.id, TextPrint::of(&record.participant.name)))
                .collect(),
            people: participants
                .values()
                .map(|record| {
                    (record.participant.id, (record.participant.name.clone(), record.participant.perspective))
                })
                .collect(),
            locked: facilitation.locked.into_iter().collect(),
            anonymous: facilitation.anonymous,
            key_generation: facilitation.key_generation,
            private_writing: facilitation.private_writing,
            hidden: governed.hidden_cards(&txn).into_keys().collect(),
            open_rounds: governed
                .rounds(&txn)
                .into_iter()
                .filter(|(_, round)| round.status == RoundStatus::Open)
                .collect(),
        }
    }

    /// Who speaks on a connection with `access`, for their presence.
    pub fn speaker(&self, access: Access) -> Speaker {
        let (name, perspective) = self.people.get(&access.participant).cloned().unwrap_or_default();
        Speaker {
            participant: access.participant,
            name,
            perspective,
            role: self.current(access).role,
            anonymous: self.anonymous,
        }
    }

    /// Whether this participant may be on the board at all.
    pub fn admits(&self, access: Access) -> bool {
        !self.removed.contains(&access.participant)
    }

    /// The access with the participant's current role (the token's if governed state does
    /// not know them yet).
    pub fn current(&self, access: Access) -> Access {
        let role = self.roles.get(&access.participant).copied().unwrap_or(access.role);
        Access { role, ..access }
    }

    /// Why a client with `access` may not write to `doc` now, or `None` if it may.
    /// The text is shown to the person.
    pub fn write_denial(&self, doc: DocName, access: Access) -> Option<&'static str> {
        if !self.known {
            return Some("the board is still starting; try again in a moment");
        }
        match doc {
            DocName::Governed => Some("facilitation state is changed through commands only"),
            DocName::Ballots => Some("votes are cast through commands only"),
            DocName::Drafts => Some("private cards are written through commands only"),
            DocName::Content if !access.role.can_write_content() => {
                Some("observers can follow the board but not edit it")
            }
            DocName::Content => None,
        }
    }
}

impl BoardRules {
    /// Why a client with `access` may not make `changes` to the content document, or `None`
    /// if it may. The text is shown to the person.
    pub fn update_refusal(&self, access: Access, changes: &BTreeSet<ContentChange>) -> Option<String> {
        let facilitates = access.role.facilitates();
        let locked = changes.iter().find_map(|change| match change {
            ContentChange::Section(section) if self.locked.contains(section) && !facilitates => Some(section),
            _ => None,
        });
        if let Some(section) = locked {
            return Some(format!("{} is locked by the facilitator", section.label()));
        }
        if changes.contains(&ContentChange::Structure) {
            return Some("this change touches parts of the board that only the server writes".to_owned());
        }
        let hidden_words = changes
            .iter()
            .any(|change| matches!(change, ContentChange::CardWords(card) if self.hidden.contains(card.as_ref())));
        if hidden_words {
            return Some(
                "this card is hidden by the facilitator; it cannot be changed until it is restored".to_owned(),
            );
        }
        if self.anonymous && changes.contains(&ContentChange::CardAuthor) {
            return Some("the board is anonymous: cards carry no author names".to_owned());
        }
        if let Some(refusal) = self.authorship_refusal(access, changes) {
            return Some(refusal.to_owned());
        }
        // Ideas and questions wait during private writing: a new card, a changed card, a
        // cluster or a question would publish an idea before the reveal.
        let ideas = [ContentChange::Section(Section::Ideas), ContentChange::Section(Section::Questions)];
        if self.private_writing && !facilitates && ideas.iter().any(|section| changes.contains(section)) {
            return Some("private writing is on: ideas stay private until the facilitator reveals them".to_owned());
        }
        None
    }
}

impl BoardRules {
    /// Why the author names an update writes are not the writer's to write: a card is
    /// signed only when it is created, and only with its writer's own name.
    fn authorship_refusal(&self, access: Access, changes: &BTreeSet<ContentChange>) -> Option<&'static str> {
        let own = self.names.get(&access.participant).copied();
        changes.iter().find_map(|change| {
            let ContentChange::AuthorWritten { card, name } = change else { return None };
            if !changes.contains(&ContentChange::NewCard(card.clone())) {
                return Some("a card's author cannot be changed");
            }
            (own.map(AuthorName::Plain) != Some(*name)).then_some("a new card carries its writer's own name")
        })
    }
}

/// The rules as one board's rooms share them.
pub type SharedRules = Arc<BoardRules>;

/// How a room takes part in its board's rules.
pub enum RulesLink {
    /// The governed document's room: it publishes the rules.
    Publishes(Arc<watch::Sender<SharedRules>>),
    /// Any other room: it follows them.
    Follows(watch::Receiver<SharedRules>),
}

impl RulesLink {
    /// The rules now.
    pub fn current(&self) -> SharedRules {
        match self {
            RulesLink::Publishes(sender) => sender.borrow().clone(),
            RulesLink::Follows(receiver) => receiver.borrow().clone(),
        }
    }

    /// Waits until the rules change; never resolves for the publishing room or once the
    /// publisher is gone for good.
    pub async fn changed(&mut self) -> SharedRules {
        if let RulesLink::Follows(receiver) = self
            && receiver.changed().await.is_ok()
        {
            return receiver.borrow_and_update().clone();
        }
        std::future::pending().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use polyphony_shared::{Participant, Perspective, Role};

    #[test]
    fn removed_participants_are_not_admitted_and_observers_cannot_write() {
        let governed = GovernedDoc::new();
        let ana = Participant {
            id: ParticipantId::random_from(&mut (1u8..=8)),
            name: "Ana".into(),
            perspective: Perspective::Citizen,
            role: Role::Participant,
        };
        {
            let mut txn = governed.doc().transact_mut();
            governed.add_participant(&mut txn, &ana);
            governed.remove_participant(&mut txn, ana.id);
        }
        let rules = BoardRules::from_governed(governed.doc());
        let access = Access { participant: ana.id, role: Role::Participant };
        assert!(!rules.admits(access));
        assert_eq!(rules.write_denial(DocName::Content, access), None);
        let observer = Access { participant: ana.id, role: Role::Observer };
        assert!(rules.write_denial(DocName::Content, observer).is_some());
        let facilitator = Access { participant: ana.id, role: Role::Facilitator };
        assert!(rules.write_denial(DocName::Governed, facilitator).is_some());
    }

    #[test]
    fn locks_anonymity_and_private_writing_refuse_the_changes_they_cover() {
        let id = ParticipantId::random_from(&mut (1u8..=8));
        let participant = Access { participant: id, role: Role::Participant };
        let facilitator = Access { participant: id, role: Role::Facilitator };
        let rules = BoardRules {
            known: true,
            locked: BTreeSet::from([Section::Questions]),
            anonymous: true,
            private_writing: true,
            ..BoardRules::default()
        };
        let changes = |list: &[ContentChange]| list.iter().cloned().collect::<BTreeSet<_>>();
        let questions = changes(&[ContentChange::Section(Section::Questions)]);
        assert!(rules.update_refusal(participant, &questions).is_some_and(|reason| reason.contains("locked")));
        assert_eq!(rules.update_refusal(facilitator, &questions), None);
        let typing = changes(&[ContentChange::Section(Section::ProblemStatement)]);
        assert_eq!(rules.update_refusal(participant, &typing), None);
        let signed = changes(&[ContentChange::Section(Section::Ideas), ContentChange::CardAuthor]);
        assert!(rules.update_refusal(facilitator, &signed).is_some(), "anonymity binds facilitators too");
        let created = changes(&[ContentChange::Section(Section::Ideas), ContentChange::CardCreated]);
        assert!(rules.update_refusal(participant, &created).is_some());
        assert_eq!(rules.update_refusal(facilitator, &created), None);
        let structure = changes(&[ContentChange::Structure]);
        assert!(rules.update_refusal(facilitator, &structure).is_some());
    }

    #[test]
    fn cards_are_signed_once_and_only_with_the_writers_name() {
        let (ana, ben) = (ParticipantId::random_from(&mut (1u8..=8)), ParticipantId::random_from(&mut (9u8..=16)));
        let rules = BoardRules {
            known: true,
            names: BTreeMap::from([(ana, TextPrint::of("Ana")), (ben, TextPrint::of("Ben"))]),
            ..BoardRules::default()
        };
        let as_ana = Access { participant: ana, role: Role::Facilitator };
        let card = std::sync::Arc::<str>::from("c1");
        let signed = |name: &str, created: bool| {
            let mut changes = BTreeSet::from([
                ContentChange::Section(Section::Ideas),
                ContentChange::CardAuthor,
                ContentChange::AuthorWritten { card: card.clone(), name: AuthorName::Plain(TextPrint::of(name)) },
            ]);
            if created {
                changes.extend([ContentChange::CardCreated, ContentChange::NewCard(card.clone())]);
            }
            changes
        };
        assert_eq!(rules.update_refusal(as_ana, &signed("Ana", true)), None);
        let forged = rules.update_refusal(as_ana, &signed("Ben", true));
        assert!(forged.is_some_and(|reason| reason.contains("own name")), "not even a facilitator signs as Ben");
        let renamed = rules.update_refusal(as_ana, &signed("Ana", false));
        assert!(renamed.is_some_and(|reason| reason.contains("cannot be changed")));
    }
}
