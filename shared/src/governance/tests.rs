//! The content rules, case by case and as a table of role × board state × change.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use yrs::Transact;

use super::*;
use crate::ids::DocName;
use crate::model::Perspective;
use crate::schema::{AuthorName, ContentChange};

fn id(seed: u8) -> ParticipantId {
    ParticipantId::random_from(&mut (seed..))
}

fn changes(list: &[ContentChange]) -> BTreeSet<ContentChange> {
    list.iter().cloned().collect()
}

#[test]
fn removed_participants_are_not_admitted_and_observers_cannot_write() {
    let governed = GovernedDoc::new();
    let ana = Participant { id: id(1), name: "Ana".into(), perspective: Perspective::Citizen, role: Role::Participant };
    {
        let mut txn = governed.doc().transact_mut();
        governed.add_participant(&mut txn, &ana, false);
        governed.remove_participant(&mut txn, ana.id);
    }
    let rules = BoardRules::from_governed(governed.doc());
    let access = Access { participant: ana.id, role: Role::Participant };
    assert!(!rules.admits(access));
    assert_eq!(rules.section_refusal(access, Section::Ideas), Some(Refusal::Removed));
    assert_eq!(rules.write_refusal(DocName::Content, access), None);
    let observer = Access { participant: ana.id, role: Role::Observer };
    assert_eq!(rules.write_refusal(DocName::Content, observer), Some(Refusal::Observer));
    let facilitator = Access { participant: ana.id, role: Role::Facilitator };
    assert_eq!(rules.write_refusal(DocName::Governed, facilitator), Some(Refusal::CommandsOnly(DocName::Governed)));
    assert_eq!(BoardRules::default().write_refusal(DocName::Content, facilitator), Some(Refusal::Starting));
}

#[test]
fn cards_are_signed_once_and_only_with_the_writers_name() {
    let (ana, ben) = (id(1), id(9));
    let rules = BoardRules {
        known: true,
        names: BTreeMap::from([(ana, TextPrint::of("Ana")), (ben, TextPrint::of("Ben"))]),
        ..BoardRules::default()
    };
    let as_ana = Access { participant: ana, role: Role::Facilitator };
    let card = Arc::<str>::from("c1");
    let signed = |name: &str, created: bool| {
        let mut changes = changes(&[
            ContentChange::Section(Section::Ideas),
            ContentChange::CardAuthor,
            ContentChange::AuthorWritten { card: card.clone(), name: AuthorName::Plain(TextPrint::of(name)) },
        ]);
        if created {
            changes.extend([ContentChange::CardCreated, ContentChange::NewCard(card.clone())]);
        }
        changes
    };
    assert_eq!(rules.content_refusal(DocName::Content, as_ana, &signed("Ana", true)), None);
    assert_eq!(
        rules.content_refusal(DocName::Content, as_ana, &signed("Ben", true)),
        Some(Refusal::NotOwnName),
        "not even a facilitator"
    );
    assert_eq!(rules.content_refusal(DocName::Content, as_ana, &signed("Ana", false)), Some(Refusal::AuthorFixed));
}

/// One board state for the table.
#[derive(Debug, Clone, Copy)]
enum State {
    Open,
    IdeasLocked,
    Anonymous,
    PrivateWriting,
    CardHidden,
}

impl State {
    fn rules(self) -> BoardRules {
        let mut rules = BoardRules { known: true, ..BoardRules::default() };
        match self {
            State::Open => {}
            State::IdeasLocked => {
                rules.locked.insert(Section::Ideas);
            }
            State::Anonymous => rules.anonymous = true,
            State::PrivateWriting => rules.private_writing = true,
            State::CardHidden => {
                rules.hidden.insert("c1".into());
            }
        }
        rules
    }
}

/// What a participant and a facilitator are told for one change.
type Expected = (Option<Refusal>, Option<Refusal>);

/// Every role × state × kind of change, with the refusal each gets.
#[test]
fn the_content_rules_as_a_table() {
    use Refusal::*;
    let typing = changes(&[ContentChange::Section(Section::ProblemStatement)]);
    let new_card = changes(&[
        ContentChange::Section(Section::Ideas),
        ContentChange::CardCreated,
        ContentChange::NewCard(Arc::from("c2")),
        ContentChange::CardWords(Arc::from("c2")),
    ]);
    let edit_c1 = changes(&[ContentChange::Section(Section::Ideas), ContentChange::CardWords(Arc::from("c1"))]);
    let signed = changes(&[ContentChange::Section(Section::Ideas), ContentChange::CardAuthor]);
    let structure = changes(&[ContentChange::Structure]);
    let kinds = [
        ("typing", &typing),
        ("new card", &new_card),
        ("edit c1", &edit_c1),
        ("signed", &signed),
        ("structure", &structure),
    ];
    // Expected refusal per state, for (participant, facilitator), in the order of `kinds`.
    let table: [(State, [Expected; 5]); 5] = [
        (State::Open, [(None, None), (None, None), (None, None), (None, None), (Some(ServerOnly), Some(ServerOnly))]),
        (
            State::IdeasLocked,
            [
                (None, None),
                (Some(Locked(Section::Ideas)), None),
                (Some(Locked(Section::Ideas)), None),
                (Some(Locked(Section::Ideas)), None),
                (Some(ServerOnly), Some(ServerOnly)),
            ],
        ),
        (
            State::Anonymous,
            [
                (None, None),
                (None, None),
                (None, None),
                (Some(Anonymous), Some(Anonymous)),
                (Some(ServerOnly), Some(ServerOnly)),
            ],
        ),
        (
            State::PrivateWriting,
            [
                (None, None),
                (Some(PrivateWriting), None),
                (Some(PrivateWriting), None),
                (Some(PrivateWriting), None),
                (Some(ServerOnly), Some(ServerOnly)),
            ],
        ),
        (
            State::CardHidden,
            [
                (None, None),
                (None, None),
                (Some(Hidden), Some(Hidden)),
                (None, None),
                (Some(ServerOnly), Some(ServerOnly)),
            ],
        ),
    ];
    for (state, expected) in table {
        let rules = state.rules();
        for ((what, change), (participant, facilitator)) in kinds.iter().zip(expected) {
            let as_role = |role| rules.content_refusal(DocName::Content, Access { participant: id(1), role }, change);
            assert_eq!(as_role(Role::Participant), participant, "{state:?}, participant, {what}");
            assert_eq!(as_role(Role::Facilitator), facilitator, "{state:?}, facilitator, {what}");
        }
        // Observers write nothing, whatever the state.
        let observer = Access { participant: id(1), role: Role::Observer };
        assert_eq!(rules.section_refusal(observer, Section::ProblemStatement), Some(Observer), "{state:?}");
    }
}

#[test]
fn every_refusal_reads_as_a_sentence() {
    let all = [
        Refusal::Starting,
        Refusal::CommandsOnly(DocName::Governed),
        Refusal::CommandsOnly(DocName::Ballots),
        Refusal::CommandsOnly(DocName::Drafts),
        Refusal::Observer,
        Refusal::Removed,
        Refusal::Waiting,
        Refusal::ParticipantWaiting,
        Refusal::HelpersOnly,
        Refusal::NotAssisted,
        Refusal::NameTaken,
        Refusal::Invalid(crate::governance::Invalid::NotOnBehalf),
        Refusal::Invalid(crate::governance::Invalid::Name(crate::access::JoinError::EmptyName)),
        Refusal::Locked(Section::Questions),
        Refusal::ServerOnly,
        Refusal::Hidden,
        Refusal::Anonymous,
        Refusal::AuthorFixed,
        Refusal::NotOwnName,
        Refusal::PrivateWriting,
    ];
    for refusal in all {
        let text = refusal.to_string();
        assert!(text.starts_with(char::is_uppercase) && text.ends_with('.'), "{refusal:?}: {text}");
    }
    assert_eq!(Refusal::Locked(Section::Ideas).to_string(), "Idea board is locked by the facilitator for now.");
}
