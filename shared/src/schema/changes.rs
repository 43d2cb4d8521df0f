//! What an update changes in the content document, for a server that enforces rules
//! (locks, anonymity, private writing) on clients' updates.
//!
//! The [`crate::ledger::Ledger`] reports each visible change of an update before it is
//! applied, as a [`Touch`] under a root name and a path of map keys. This module is the
//! schema's reading of those touches: which section they are in, and whether they create a
//! card or name a card's author. The server refuses updates whose changes break a rule, so
//! a refused update is never applied and never needs undoing.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::cards::{AUTHOR_NAME, HELPED_BY, TEXT};
use super::carried::FROM;
use super::writers::WRITERS;
use super::{BoardDoc, CARDS, CLUSTERS, META, PROBLEM_STATEMENT, QUESTIONS};
use crate::actions::doc::VOLUNTEER;
use crate::ecomap::doc::{ECO_CENTRE, ECO_NODES, ECO_TIES};
use crate::ecomap::versions::ECO_VERSIONS;
use crate::facilitation::Section;
use crate::ledger::{Ledger, LedgerLimits, RootKinds, Touch, TouchKind};
use crate::wire::{ContentShape, TextPrint, TypeKind};

/// The content document's roots and their kinds, as [`BoardDoc::new`] creates them.
pub const CONTENT_ROOTS: RootKinds = &[
    (META, TypeKind::Map),
    (PROBLEM_STATEMENT, TypeKind::Text),
    (QUESTIONS, TypeKind::Map),
    (CARDS, TypeKind::Map),
    (CLUSTERS, TypeKind::Map),
    (WRITERS, TypeKind::Map),
    (ECO_CENTRE, TypeKind::Map),
    (ECO_NODES, TypeKind::Map),
    (ECO_TIES, TypeKind::Map),
    (ECO_VERSIONS, TypeKind::Map),
];

/// How deep shared types may nest in the content document: a card (1) holds its text (2);
/// one more level is allowed for clients that wrap a value in a type.
pub const CONTENT_TYPE_DEPTH: usize = 3;

/// One kind of change an update makes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ContentChange {
    /// Something in this section changed.
    Section(Section),
    /// The eco-map of an eco-map activity changed ([`crate::ecomap`]).
    EcoMap,
    /// A card got an author name (forbidden in anonymous mode).
    CardAuthor,
    /// A new card was put on the board (participants may not while private writing is on).
    CardCreated,
    /// The card with this id was created by the update.
    NewCard(Arc<str>),
    /// The author name of the card with this id was written.
    AuthorWritten {
        /// The card.
        card: Arc<str>,
        /// What was written.
        name: AuthorName,
    },
    /// Someone was put down as a volunteer for an action, or taken off ([`crate::actions`]):
    /// a person writes only their own key, with their own name.
    Volunteer {
        /// The participant id the key names.
        participant: Arc<str>,
        /// The name written, or none when the key was taken away.
        name: Option<AuthorName>,
    },
    /// The words of the card with this id (its text or author name) changed: refused while
    /// a facilitator hides the card.
    CardWords(Arc<str>),
    /// The document's metadata changed, a root this schema does not know was written, or a
    /// card is not a map: only the server's seed writes such things.
    Structure,
}

/// An author name as an update writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AuthorName {
    /// One plain string, by its print.
    Plain(TextPrint),
    /// Anything else: several values, a number, a shared text typed into. No client of
    /// this board writes a name so.
    Unusual,
}

impl BoardDoc {
    /// An empty ledger for a content document, with the longest text allowed.
    pub fn ledger(max_text_len: u64) -> Ledger {
        Ledger::new(CONTENT_ROOTS, LedgerLimits { max_type_depth: CONTENT_TYPE_DEPTH, max_text_len })
    }

    /// Adds the changes one touch makes to `changes`.
    pub fn classify(touch: Touch<'_>, changes: &mut BTreeSet<ContentChange>) {
        let section = match touch.root {
            PROBLEM_STATEMENT => Section::ProblemStatement,
            QUESTIONS => Section::Questions,
            CARDS | CLUSTERS => Section::Ideas,
            ECO_CENTRE | ECO_NODES | ECO_TIES => {
                changes.insert(ContentChange::EcoMap);
                return;
            }
            _ => {
                changes.insert(ContentChange::Structure);
                return;
            }
        };
        changes.insert(ContentChange::Section(section));
        // Where an item was carried from, and who added a card for someone without a
        // device, are the server's to say.
        let servers = |key| key == FROM || (touch.root == CARDS && key == HELPED_BY);
        if matches!(touch.root, CARDS | QUESTIONS)
            && matches!((touch.path, touch.key), ([Some(_)], Some(key)) if servers(key))
        {
            changes.insert(ContentChange::Structure);
        }
        if touch.root == CARDS
            && let Some(card) = words_of(touch.path, touch.key)
        {
            changes.insert(ContentChange::CardWords(card));
        }
        if touch.root == CARDS {
            volunteer(&touch, changes);
        }
        let TouchKind::Insert(content) = touch.kind else { return };
        if touch.root != CARDS {
            return;
        }
        match (touch.path, touch.key) {
            // A card itself, under its id (or a card deleted before it was sent).
            ([], Some(card)) if content == ContentShape::Type(TypeKind::Map) => {
                changes.insert(ContentChange::CardCreated);
                changes.insert(ContentChange::NewCard(Arc::from(card)));
            }
            ([], Some(_)) if content == ContentShape::Deleted => {}
            ([], _) => {
                changes.insert(ContentChange::Structure);
            }
            // A field of a card.
            ([Some(card)], Some(AUTHOR_NAME)) if names_someone(content) => {
                changes.insert(ContentChange::CardAuthor);
                let name = match content {
                    ContentShape::Values { text: Some(print), .. } => AuthorName::Plain(print),
                    _ => AuthorName::Unusual,
                };
                changes.insert(ContentChange::AuthorWritten { card: Arc::clone(card), name });
            }
            // Inside an author name that is a shared type, typed into later.
            ([card, Some(field), ..], _) if field.as_ref() == AUTHOR_NAME && names_someone(content) => {
                changes.insert(ContentChange::CardAuthor);
                let card = card.clone().unwrap_or_else(|| Arc::from(""));
                changes.insert(ContentChange::AuthorWritten { card, name: AuthorName::Unusual });
            }
            _ => {}
        }
    }
}

/// The card whose words (text or author name) a touch under the cards root is in.
fn words_of(path: &[Option<Arc<str>>], key: Option<&str>) -> Option<Arc<str>> {
    let is_words = |field: &str| field == TEXT || field == AUTHOR_NAME;
    match (path, key) {
        ([Some(card)], Some(field)) if is_words(field) => Some(Arc::clone(card)),
        ([Some(card), Some(field), ..], _) if is_words(field) => Some(Arc::clone(card)),
        _ => None,
    }
}

/// Adds a touch of a volunteer's key of an action (`cards/<card>/volunteer:<id>`): who it
/// names and with what name. Anything nested under such a key is structure.
fn volunteer(touch: &Touch<'_>, changes: &mut BTreeSet<ContentChange>) {
    let key = match (touch.path, touch.key) {
        ([Some(_)], Some(key)) => key,
        ([Some(_), Some(key), ..], _) if key.starts_with(VOLUNTEER) => {
            changes.insert(ContentChange::Structure);
            return;
        }
        _ => return,
    };
    let Some(participant) = key.strip_prefix(VOLUNTEER) else { return };
    let name = match touch.kind {
        TouchKind::Delete | TouchKind::Insert(ContentShape::Deleted) => None,
        TouchKind::Insert(ContentShape::Values { text: Some(print), .. }) => Some(AuthorName::Plain(print)),
        TouchKind::Insert(_) => Some(AuthorName::Unusual),
    };
    changes.insert(ContentChange::Volunteer { participant: Arc::from(participant), name });
}

/// Whether a value put in an author-name field names someone: anything but deleted content
/// or a single empty string.
fn names_someone(content: ContentShape) -> bool {
    !matches!(content, ContentShape::Deleted | ContentShape::Values { blank: true, .. })
}

#[cfg(test)]
mod tests {
    use yrs::{Map, Transact};

    use super::*;
    use crate::wire::{Limits, UpdateShape};
    use crate::{CardColour, NewCard, Perspective};

    fn card<'a>(id: &'a str, author: &'a str) -> NewCard<'a> {
        NewCard {
            id,
            text: "idea",
            colour: CardColour::Yellow,
            author_name: author,
            perspective: Perspective::Citizen,
            x: 0.0,
            y: 0.0,
            cluster: None,
        }
    }

    /// Every change `update` would make to the document `doc` holds.
    fn changes_of(doc: &yrs::Doc, update: &[u8]) -> BTreeSet<ContentChange> {
        let state = doc.transact().encode_state_as_update_v1(&yrs::StateVector::default());
        let mut ledger = BoardDoc::ledger(u64::MAX);
        ledger.record(&UpdateShape::parse(&state, &Limits::STORED).expect("state parses")).expect("state records");
        let shape = UpdateShape::parse(update, &Limits::CLIENT).expect("update parses");
        let mut changes = BTreeSet::new();
        ledger.plan(&shape, &mut |touch| BoardDoc::classify(touch, &mut changes)).expect("update plans");
        changes
    }

    /// The changes of the edit `edit` makes to `board`, judged before it is applied there.
    fn changes(board: &BoardDoc, edit: impl FnOnce(&BoardDoc, &mut yrs::TransactionMut)) -> BTreeSet<ContentChange> {
        let scratch = BoardDoc::new();
        let state = board.doc().transact().encode_state_as_update_v1(&yrs::StateVector::default());
        scratch.doc().transact_mut().apply_update(yrs::Update::decode_v1(&state).expect("decodes")).expect("applies");
        let update = {
            let mut txn = scratch.doc().transact_mut();
            edit(&scratch, &mut txn);
            txn.encode_update_v1()
        };
        let changes = changes_of(board.doc(), &update);
        board.doc().transact_mut().apply_update(yrs::Update::decode_v1(&update).expect("decodes")).expect("applies");
        changes
    }

    use yrs::ReadTxn;
    use yrs::updates::decoder::Decode;

    #[test]
    fn sections_and_author_names_are_reported() {
        let board = BoardDoc::new();
        board.doc().transact_mut().apply_update(yrs::Update::decode_v1(&BoardDoc::seed_update()).expect("seed")).ok();
        let typed = changes(&board, |board, txn| board.insert_problem_text(txn, 0, "text"));
        assert_eq!(typed, BTreeSet::from([ContentChange::Section(Section::ProblemStatement)]));
        let anonymous = changes(&board, |board, txn| board.add_card(txn, card("anonymous", "")));
        let created = [ContentChange::Section(Section::Ideas), ContentChange::CardCreated];
        let new_card = ContentChange::NewCard(Arc::from("anonymous"));
        let words = ContentChange::CardWords(Arc::from("anonymous"));
        assert_eq!(anonymous, BTreeSet::from(created.clone()).into_iter().chain([new_card, words.clone()]).collect());
        let signed = changes(&board, |board, txn| board.add_card(txn, card("signed", "Ana")));
        assert!(signed.contains(&ContentChange::CardAuthor));
        let by_ana = AuthorName::Plain(TextPrint::of("Ana"));
        assert!(signed.contains(&ContentChange::AuthorWritten { card: Arc::from("signed"), name: by_ana }));
        assert!(signed.contains(&ContentChange::NewCard(Arc::from("signed"))));
        let renamed = changes(&board, |board, txn| {
            if let Some(card) = crate::schema::entry(&board.cards, txn, "anonymous") {
                card.insert(txn, AUTHOR_NAME, "Ben");
            }
        });
        let by_ben = AuthorName::Plain(TextPrint::of("Ben"));
        assert!(renamed.contains(&ContentChange::AuthorWritten { card: Arc::from("anonymous"), name: by_ben }));
        assert!(!renamed.contains(&ContentChange::NewCard(Arc::from("anonymous"))), "renaming creates no card");
        let sneaky = changes(&board, |board, txn| {
            // An author name as a shared text, empty at first and typed into later.
            board.add_card(txn, card("sneaky", ""));
            if let Some(card) = crate::schema::entry(&board.cards, txn, "sneaky") {
                card.insert(txn, AUTHOR_NAME, yrs::types::text::TextPrelim::new(""));
            }
        });
        assert!(sneaky.contains(&ContentChange::CardAuthor), "an author name that is not plain text counts");
        assert!(
            sneaky.contains(&ContentChange::AuthorWritten { card: Arc::from("sneaky"), name: AuthorName::Unusual })
        );
        let edited = changes(&board, |board, txn| board.set_card_text(txn, "anonymous", "edited"));
        assert_eq!(edited, BTreeSet::from([ContentChange::Section(Section::Ideas), words]), "editing a card's text");
        let moved = changes(&board, |board, txn| board.move_card(txn, "anonymous", 5.0, 5.0, None));
        assert_eq!(moved, BTreeSet::from([ContentChange::Section(Section::Ideas)]), "moving touches no words");
        let seeded_again = changes(&board, |board, txn| {
            board.meta.insert(txn, "schemaVersion", 2);
        });
        assert_eq!(seeded_again, BTreeSet::from([ContentChange::Structure]));
    }

    /// Where an item came from is the server's to write: a client that writes it, on a new
    /// card or an old one or a question, changes the structure (refused); the server's
    /// carried card reads back with its link.
    #[test]
    fn only_the_server_says_where_an_item_came_from() {
        let board = BoardDoc::new();
        let link =
            crate::agenda::Link { activity: crate::ids::ActivityId::random_from(&mut (1u8..)), item: "c".into() };
        let carried = NewCard { id: "carried", colour: CardColour::Blue, ..card("carried", "Ana") };
        board.carry_card(&mut board.doc().transact_mut(), carried, &link);
        board.carry_question(&mut board.doc().transact_mut(), "q", "How might we?", &link);
        let snapshot = board.snapshot();
        assert_eq!(snapshot.cards[0].from.as_ref(), Some(&link));
        assert_eq!(snapshot.questions[0].from.as_ref(), Some(&link));
        let forged = |card: &'static str, root: fn(&BoardDoc) -> &yrs::MapRef| {
            move |board: &BoardDoc, txn: &mut yrs::TransactionMut| {
                if let Some(item) = crate::schema::entry(root(board), txn, card) {
                    item.insert(txn, FROM, "0102030405060708/elsewhere");
                }
            }
        };
        assert!(changes(&board, forged("carried", |board| &board.cards)).contains(&ContentChange::Structure));
        assert!(changes(&board, forged("q", |board| &board.questions)).contains(&ContentChange::Structure));
        let new_forged = changes(&board, |board, txn| {
            board.add_card(txn, card("new", ""));
            if let Some(item) = crate::schema::entry(&board.cards, txn, "new") {
                item.insert(txn, FROM, "0102030405060708/elsewhere");
            }
        });
        assert!(new_forged.contains(&ContentChange::Structure));
        let moved = changes(&board, |board, txn| board.move_card(txn, "carried", 5.0, 5.0, None));
        assert!(!moved.contains(&ContentChange::Structure), "a carried card moves like any other");
    }
}
