//! What a transaction changed in the content document, for a server that enforces rules
//! (locks, anonymity) on clients' updates.
//!
//! yrs cannot tell which parts an update touches before it is applied, so the server
//! applies it and listens: deep observers on the roots report each [`ContentChange`] when
//! the transaction commits, and the server undoes updates that broke a rule.

use yrs::types::{EntryChange, Event, PathSegment};
use yrs::{Any, DeepObservable, Map, Out, ReadTxn, TransactionMut};

use super::cards::AUTHOR_NAME;
use super::{BoardDoc, KNOWN_ROOTS};
use crate::facilitation::Section;

/// The key the observers are registered under, so each root has them once.
const OBSERVER: &str = "polyphony-changes";

/// One kind of change a transaction made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ContentChange {
    /// Something in this section changed.
    Section(Section),
    /// A card got an author name (forbidden in anonymous mode).
    CardAuthor,
    /// A new card was put on the board (participants may not while private writing is on).
    CardCreated,
    /// The document's metadata changed, or a root this schema does not know appeared:
    /// only the server's seed writes these.
    Structure,
}

impl BoardDoc {
    /// Calls `report` with every kind of change a transaction makes, when it commits.
    pub fn observe_changes(&self, report: impl Fn(ContentChange) + Send + Sync + Clone + 'static) {
        let report_structure = report.clone();
        watch_section(&self.problem_statement, Section::ProblemStatement, report.clone());
        watch_section(&self.questions, Section::Questions, report.clone());
        watch_section(&self.clusters, Section::Ideas, report.clone());
        self.cards.observe_deep(OBSERVER, move |txn, events| {
            report(ContentChange::Section(Section::Ideas));
            for event in events.iter() {
                let map_event = match event {
                    Event::Map(map_event) => map_event,
                    // An author name that is a shared text could be typed into later.
                    Event::Text(text_event) => {
                        if text_event.path().back() == Some(&PathSegment::Key(AUTHOR_NAME.into())) {
                            report(ContentChange::CardAuthor);
                        }
                        continue;
                    }
                    _ => continue,
                };
                let on_the_card = !map_event.path().is_empty();
                for (key, change) in map_event.keys(txn) {
                    if sets_author(txn, on_the_card, key, change) {
                        report(ContentChange::CardAuthor);
                    }
                    if !on_the_card
                        && matches!(change, EntryChange::Inserted(Out::YMap(_)) | EntryChange::Updated(_, Out::YMap(_)))
                    {
                        report(ContentChange::CardCreated);
                    }
                }
            }
        });
        self.meta.observe_deep(OBSERVER, move |_, _| report_structure(ContentChange::Structure));
    }

    /// Whether a content document has a root this schema does not define (a client made
    /// one up). Takes a read transaction, so checking it costs no write.
    pub fn has_unknown_roots(txn: &impl ReadTxn) -> bool {
        txn.root_refs().any(|(name, _)| !KNOWN_ROOTS.contains(&name))
    }
}

/// Whether a map entry change gives a card an author name: a new card that carries a
/// non-empty one (or one that is not plain text, which could be filled in later), or the
/// field set on an existing card.
fn sets_author(txn: &TransactionMut, on_the_card: bool, key: &str, change: &EntryChange) -> bool {
    let (EntryChange::Inserted(value) | EntryChange::Updated(_, value)) = change else { return false };
    if on_the_card {
        return key == AUTHOR_NAME && names_someone(Some(value.clone()));
    }
    matches!(value, Out::YMap(card) if names_someone(card.get(txn, AUTHOR_NAME)))
}

/// Whether an author-name value names someone: anything but a missing or empty plain string.
fn names_someone(value: Option<Out>) -> bool {
    match value {
        None => false,
        Some(Out::Any(Any::String(name))) => !name.is_empty(),
        Some(_) => true,
    }
}

fn watch_section(root: &impl DeepObservable, section: Section, report: impl Fn(ContentChange) + Send + Sync + 'static) {
    root.observe_deep(OBSERVER, move |_, _| report(ContentChange::Section(section)));
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::sync::{Arc, Mutex};

    use yrs::Transact;

    use super::*;
    use crate::{CardColour, NewCard, Perspective};

    fn recorder(board: &BoardDoc) -> Arc<Mutex<BTreeSet<ContentChange>>> {
        let seen = Arc::new(Mutex::new(BTreeSet::new()));
        let sink = Arc::clone(&seen);
        board.observe_changes(move |change| {
            sink.lock().map(|mut seen| seen.insert(change)).ok();
        });
        seen
    }

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

    fn take(seen: &Mutex<BTreeSet<ContentChange>>) -> BTreeSet<ContentChange> {
        seen.lock().map(|mut seen| std::mem::take(&mut *seen)).unwrap_or_default()
    }

    #[test]
    fn sections_and_author_names_are_reported() {
        let board = BoardDoc::new();
        let seen = recorder(&board);
        board.insert_problem_text(&mut board.doc().transact_mut(), 0, "text");
        assert_eq!(take(&seen), BTreeSet::from([ContentChange::Section(Section::ProblemStatement)]));
        board.add_card(&mut board.doc().transact_mut(), card("anonymous", ""));
        assert_eq!(take(&seen), BTreeSet::from([ContentChange::Section(Section::Ideas), ContentChange::CardCreated]));
        board.add_card(&mut board.doc().transact_mut(), card("signed", "Ana"));
        assert!(take(&seen).contains(&ContentChange::CardAuthor));
        {
            // An author name as a shared text, empty at first and typed into later.
            let mut txn = board.doc().transact_mut();
            board.add_card(&mut txn, card("sneaky", ""));
            if let Some(card) = crate::schema::entry(&board.cards, &txn, "sneaky") {
                card.insert(&mut txn, AUTHOR_NAME, yrs::types::text::TextPrelim::new(""));
            }
        }
        assert!(take(&seen).contains(&ContentChange::CardAuthor), "an author name that is not plain text counts");
        board.set_card_text(&mut board.doc().transact_mut(), "anonymous", "edited");
        let edited = take(&seen);
        assert!(!edited.contains(&ContentChange::CardAuthor), "editing a card's text names nobody");
        assert!(!edited.contains(&ContentChange::CardCreated), "editing a card creates none");
    }
}
