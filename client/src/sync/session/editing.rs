//! A person's own edits: making one, undoing and redoing it, and typing into the focused
//! text field (its caret, undo steps, IME composition).

use leptos::prelude::*;
use polyphony_shared::{TextField, protocol, text_edit};

use super::{Change, EMPTY_UPDATE, Session};

impl Session {
    /// Makes a local edit and sends it, or keeps it as pending while offline.
    pub fn edit(&self, change: Change<'_>) {
        let update = {
            let doc = self.doc();
            let mut txn = doc.transact_local();
            change(&doc, &mut txn);
            txn.encode_update_v1()
        };
        self.publish_undoable();
        self.deliver(update);
    }

    /// Undoes (or redoes) my last step; the focused field keeps its caret as for a remote
    /// edit. Returns whether anything changed.
    pub fn undo(&self, redo: bool) -> bool {
        let mut binding = self.binding.borrow_mut();
        if binding.composing() {
            return false;
        }
        binding.before_remote(&self.doc());
        let update = {
            let mut history = self.history.borrow_mut();
            if redo { history.redo() } else { history.undo() }
        };
        binding.after_remote(&self.doc());
        drop(binding);
        self.publish_undoable();
        match update {
            Some(update) => {
                self.deliver(update);
                true
            }
            None => false,
        }
    }

    /// Ends the current undo step, so the next edit is undone on its own.
    pub fn end_undo_step(&self) {
        self.history.borrow_mut().end_step();
    }

    pub(super) fn publish_undoable(&self) {
        let history = self.history.borrow();
        let undoable = (history.can_undo(), history.can_redo());
        if self.signals.undoable.get_untracked() != undoable {
            self.signals.undoable.set(undoable);
        }
    }

    /// Sends a local update, or keeps it as pending while offline.
    fn deliver(&self, update: Vec<u8>) {
        if update == EMPTY_UPDATE {
            return;
        }
        if self.online.get() && self.send(&protocol::update(update)) {
            self.changed();
            return;
        }
        // Offline: the replica in browser storage is now the only copy of this edit.
        self.set_pending(self.signals.pending.get_untracked() + 1);
        self.changed();
        self.save_now();
    }

    /// Turns a text field's new value into one edit.
    pub fn text_input(&self, field: &TextField, element: &web_sys::HtmlTextAreaElement) {
        let old = self.doc().text(field);
        let new = element.value();
        let caret = element.selection_end().ok().flatten();
        if let Some(change) = text_edit::diff(&old, &new, caret) {
            // Typing somewhere else starts a new undo step, however quickly it follows.
            let key = field.key();
            let follows_on = self.last_typed.borrow().as_ref().is_some_and(|(last_key, end)| {
                *last_key == key && (change.index == *end || change.index + change.delete == *end)
            });
            if !follows_on {
                self.end_undo_step();
            }
            let end = change.index + text_edit::utf16_len_of(&change.insert);
            self.last_typed.replace(Some((key, end)));
            self.edit(Box::new(|board, txn| {
                board.edit_text(txn, field, &change);
            }));
        }
    }

    pub fn focus(&self, field: TextField, element: web_sys::HtmlTextAreaElement) {
        self.end_undo_step();
        let key = field.key();
        self.binding.borrow_mut().focus(field, element);
        let frame = self.presence.borrow_mut().set_editing(Some(key));
        self.send_presence(frame);
    }

    pub fn blur(&self, field: &TextField) {
        if self.binding.borrow_mut().blur(field) {
            let frame = self.presence.borrow_mut().set_editing(None);
            self.send_presence(frame);
        }
    }

    /// Records IME composition; when it ends, applies remote updates held back meanwhile.
    pub fn set_composing(&self, composing: bool) {
        let held_back = self.binding.borrow_mut().set_composing(composing);
        for update in held_back {
            self.apply_remote(update);
        }
    }
}
