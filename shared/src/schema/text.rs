//! Collaborative text fields: applying a local edit, and keeping a caret in place while
//! remote edits arrive.

use yrs::{Assoc, GetString, IndexedSequence, ReadTxn, StickyIndex, Text, TextRef, TransactionMut};

use super::BoardDoc;
use crate::text_edit::TextEdit;

/// A collaborative text field of the board.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TextField {
    /// The problem statement.
    ProblemStatement,
    /// A challenge question's text.
    Question(String),
    /// A card's text.
    Card(String),
}

impl TextField {
    /// A stable key for this field, used in presence ("who is editing what").
    pub fn key(&self) -> String {
        match self {
            TextField::ProblemStatement => "problem".to_owned(),
            TextField::Question(id) => format!("question:{id}"),
            TextField::Card(id) => format!("card:{id}"),
        }
    }

    /// The section this field belongs to (for locks).
    pub fn section(&self) -> crate::facilitation::Section {
        use crate::facilitation::Section;
        match self {
            TextField::ProblemStatement => Section::ProblemStatement,
            TextField::Question(_) => Section::Questions,
            TextField::Card(_) => Section::Ideas,
        }
    }
}

/// A selection pinned to the text around it, so remote edits elsewhere do not move it.
#[derive(Debug, Clone)]
pub struct Caret {
    start: StickyIndex,
    end: StickyIndex,
}

impl BoardDoc {
    pub(super) fn text_ref(&self, txn: &impl ReadTxn, field: &TextField) -> Option<TextRef> {
        match field {
            TextField::ProblemStatement => Some(self.problem_statement.clone()),
            TextField::Question(id) => self.question_text(txn, id),
            TextField::Card(id) => self.card_text(txn, id),
        }
    }

    /// The current value of a text field (empty if the field no longer exists).
    pub fn text(&self, field: &TextField) -> String {
        let txn = yrs::Transact::transact(&self.doc);
        self.text_ref(&txn, field).map(|text| text.get_string(&txn)).unwrap_or_default()
    }

    /// Applies a local edit to a field. Returns false if the field no longer exists.
    pub fn edit_text(&self, txn: &mut TransactionMut, field: &TextField, edit: &TextEdit) -> bool {
        let Some(text) = self.text_ref(txn, field) else { return false };
        let length = text.len(txn);
        let index = edit.index.min(length);
        let delete = edit.delete.min(length - index);
        if delete > 0 {
            text.remove_range(txn, index, delete);
        }
        if !edit.insert.is_empty() {
            text.insert(txn, index, &edit.insert);
        }
        true
    }

    /// Pins a selection (UTF-16 offsets) of a field to the characters around it.
    ///
    /// A caret sticks to the character before it, so text someone else inserts at the same
    /// spot lands after the caret and the next key still follows this person's own last
    /// letter: two people typing at one spot write two intact runs, never interleaved
    /// letters. A selection keeps its own characters: text inserted at either edge stays
    /// outside it.
    pub fn pin_caret(&self, field: &TextField, start: u32, end: u32) -> Option<Caret> {
        let txn = yrs::Transact::transact(&self.doc);
        let text = self.text_ref(&txn, field)?;
        let length = text.len(&txn);
        let (start, end) = (start.min(end).min(length), end.max(start).min(length));
        let start_assoc = if start == end { Assoc::Before } else { Assoc::After };
        let start = text.sticky_index(&txn, start, start_assoc)?;
        let end = text.sticky_index(&txn, end, Assoc::Before)?;
        Some(Caret { start, end })
    }

    /// Where a pinned selection is now, as UTF-16 offsets.
    pub fn caret_offsets(&self, caret: &Caret) -> Option<(u32, u32)> {
        let txn = yrs::Transact::transact(&self.doc);
        let start = caret.start.get_offset(&txn)?.index;
        let end = caret.end.get_offset(&txn)?.index;
        // A selection whose text was deleted by someone else collapses where it was.
        Some((start.min(end), end))
    }
}
