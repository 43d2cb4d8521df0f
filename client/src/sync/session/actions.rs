//! The action plan a document holds ([`polyphony_shared::actions`]), as a signal: read again
//! after every change once a screen asked for it, and set only when it changed.

use leptos::prelude::*;
use polyphony_shared::actions::Action;
use polyphony_shared::actions::doc::ActionsDoc;
use yrs::TransactionMut;

use super::Session;

/// One local edit of the plan (boxed, so the edit path is compiled once).
pub type PlanChange<'a> = Box<dyn FnOnce(&ActionsDoc, &mut TransactionMut) + 'a>;

impl Session {
    /// The actions, followed from now on.
    pub fn actions(&self) -> ReadSignal<Vec<Action>> {
        if let Some(signal) = *self.actions.borrow() {
            return signal.read_only();
        }
        let signal = RwSignal::new(self.actions_doc().read());
        self.actions.replace(Some(signal));
        signal.read_only()
    }

    /// Reads the actions again, if a screen follows them.
    pub(super) fn refresh_actions(&self) {
        let Some(signal) = *self.actions.borrow() else { return };
        let actions = self.actions_doc().read();
        if signal.with_untracked(|shown| *shown != actions) {
            signal.set(actions);
        }
    }

    /// Makes a local edit of the plan in one transaction and sends it.
    pub fn edit_actions(&self, change: PlanChange<'_>) {
        // The roots are taken before the transaction opens (taking one needs the document).
        let actions = self.actions_doc();
        self.edit(Box::new(move |_, txn| change(&actions, txn)));
    }

    fn actions_doc(&self) -> ActionsDoc {
        ActionsDoc::from_doc(self.doc().doc().clone())
    }
}
