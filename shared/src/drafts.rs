//! The shape of a board's drafts document: cards written in private-writing mode, kept from
//! everyone but their author until a facilitator reveals them all.
//!
//! ```text
//! meta    Map   schemaVersion
//! drafts    Map   "<author>/<card id>" -> { card, author, authorName, perspective, text, colour }
//! withheld  Map   hidden cards' words ([`crate::withheld`])
//! ```
//!
//! Keys are per author, so two people can never collide on a card id, and nobody learns
//! from a refusal that someone else chose an id. (Version 1 keyed by card id alone; such
//! drafts are still read.)
//!
//! Only the server reads and writes it; an author reads their own drafts through the API.

use crate::item_ids::CardId;
use std::collections::HashMap;

use yrs::{Any, Doc, Map, MapRef, Out, ReadTxn, TransactionMut};

use crate::ids::ParticipantId;
use crate::model::{CardColour, Perspective};

const DRAFTS: &str = "drafts";
const WITHHELD: &str = "withheld";
/// The version of the layout above.
pub const DRAFTS_SCHEMA_VERSION: i64 = 2;
/// How many private cards one person may keep at once.
pub const MAX_DRAFTS_PER_AUTHOR: usize = 30;

fn key(author: ParticipantId, card: &str) -> String {
    format!("{author}/{card}")
}

/// A card written privately.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Draft {
    /// The id the card will have on the board.
    pub card: CardId,
    /// Who wrote it.
    pub author: ParticipantId,
    /// Their display name (left off the card in anonymous mode).
    pub author_name: String,
    /// Their perspective.
    pub perspective: Perspective,
    /// The idea.
    pub text: String,
    /// Its colour.
    pub colour: CardColour,
}

/// A board's drafts document with typed access.
#[derive(Clone)]
pub struct DraftsDoc {
    drafts: MapRef,
    withheld: MapRef,
}

impl DraftsDoc {
    /// Wraps a document loaded by the server.
    pub fn from_doc(doc: Doc) -> Self {
        let drafts = doc.get_or_insert_map(DRAFTS);
        let withheld = doc.get_or_insert_map(WITHHELD);
        DraftsDoc { drafts, withheld }
    }

    /// The update that starts every new board's drafts document.
    pub fn seed_update() -> Vec<u8> {
        crate::schema::versioned_seed(DRAFTS_SCHEMA_VERSION)
    }

    /// Keeps a draft (replacing the author's own one with the same card id).
    pub fn add(&self, txn: &mut TransactionMut, draft: &Draft) {
        let fields: HashMap<String, Any> = [
            ("card", Any::from(draft.card.as_str())),
            ("author", Any::from(draft.author.to_string())),
            ("authorName", Any::from(draft.author_name.as_str())),
            ("perspective", Any::from(draft.perspective.as_str())),
            ("text", Any::from(draft.text.as_str())),
            ("colour", Any::from(draft.colour.as_str())),
        ]
        .into_iter()
        .map(|(key, value)| (key.to_owned(), value))
        .collect();
        self.drafts.insert(txn, key(draft.author, &draft.card), Any::from(fields));
    }

    /// Every draft, in card id order (then by author).
    pub fn all(&self, txn: &impl ReadTxn) -> Vec<Draft> {
        let mut drafts: Vec<Draft> =
            self.drafts.iter(txn).filter_map(|(card, value)| read_draft(card, value)).collect();
        drafts.sort_by(|left, right| left.card.cmp(&right.card).then_with(|| left.author.cmp(&right.author)));
        drafts
    }

    /// Forgets one of `author`'s drafts; returns whether it was there.
    pub fn remove(&self, txn: &mut TransactionMut, author: ParticipantId, card: &str) -> bool {
        // A version-1 draft sits under the bare card id.
        for stored in [key(author, card), card.to_owned()] {
            let draft = self.drafts.get(txn, &stored).and_then(|value| read_draft(&stored, value));
            if draft.is_some_and(|draft| draft.author == author && draft.card == card) {
                self.drafts.remove(txn, &stored);
                return true;
            }
        }
        false
    }

    /// How many drafts `author` has written.
    pub fn count_by(&self, txn: &impl ReadTxn, author: ParticipantId) -> u32 {
        let count = self.all(txn).iter().filter(|draft| draft.author == author).count();
        u32::try_from(count).unwrap_or(u32::MAX)
    }

    /// The hidden cards' words ([`crate::withheld`]).
    pub(crate) fn withheld_map(&self) -> &MapRef {
        &self.withheld
    }

    /// Erases the author's name from the private cards and hidden cards' words an erasure
    /// covers; how many.
    pub fn erase_names(&self, txn: &mut TransactionMut, erasing: &crate::erasure::Erasing) -> usize {
        let drafts: Vec<Draft> =
            self.all(txn).into_iter().filter(|draft| erasing.wrote(Some(draft.author), &draft.author_name)).collect();
        for draft in &drafts {
            let _ = self.remove(txn, draft.author, &draft.card);
            self.add(txn, &Draft { author_name: crate::erasure::ERASED_NAME.to_owned(), ..draft.clone() });
        }
        let withheld: Vec<crate::withheld::Withheld> = self
            .all_withheld(txn)
            .into_iter()
            .filter(|words| erasing.wrote(words.author, &words.author_name))
            .collect();
        for words in &withheld {
            self.withhold(txn, &crate::withheld::Withheld { author_name: String::new(), ..words.clone() });
        }
        drafts.len() + withheld.len()
    }

    /// Forgets every draft (after they were revealed).
    pub fn clear(&self, txn: &mut TransactionMut) {
        self.drafts.clear(txn);
    }
}

fn read_draft(key: &str, value: Out) -> Option<Draft> {
    let Out::Any(Any::Map(fields)) = value else { return None };
    let text = |key: &str| match fields.get(key) {
        Some(Any::String(text)) => Some(text.to_string()),
        _ => None,
    };
    Some(Draft {
        card: CardId::from(text("card").unwrap_or_else(|| key.to_owned())),
        author: ParticipantId::parse(&text("author")?).ok()?,
        author_name: text("authorName").unwrap_or_default(),
        perspective: Perspective::parse(&text("perspective").unwrap_or_default()),
        text: text("text")?,
        colour: CardColour::parse(&text("colour").unwrap_or_default()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use yrs::Transact;

    #[test]
    fn drafts_are_kept_and_cleared() {
        let doc = Doc::new();
        let drafts = DraftsDoc::from_doc(doc.clone());
        let draft = Draft {
            card: "card-1".into(),
            author: ParticipantId::random_from(&mut (1u8..=8)),
            author_name: "Ana".into(),
            perspective: Perspective::Citizen,
            text: "Peer mentors".into(),
            colour: CardColour::Green,
        };
        drafts.add(&mut doc.transact_mut(), &draft);
        assert_eq!(drafts.all(&doc.transact()), vec![draft.clone()]);
        assert_eq!(drafts.count_by(&doc.transact(), draft.author), 1);
        // Someone else's draft with the same card id is theirs alone.
        let other = Draft { author: ParticipantId::random_from(&mut (9u8..)), ..draft.clone() };
        drafts.add(&mut doc.transact_mut(), &other);
        assert_eq!(drafts.all(&doc.transact()).len(), 2);
        assert!(drafts.remove(&mut doc.transact_mut(), draft.author, "card-1"));
        assert!(!drafts.remove(&mut doc.transact_mut(), draft.author, "card-1"));
        assert_eq!(drafts.all(&doc.transact()), vec![other]);
        drafts.add(&mut doc.transact_mut(), &draft);
        drafts.clear(&mut doc.transact_mut());
        assert!(drafts.all(&doc.transact()).is_empty());
    }
}
