//! The action plan a document holds ([`polyphony_shared::actions`]), as a signal followed
//! once a screen asks for it ([`super::followed`]).

use leptos::prelude::*;
use polyphony_shared::actions::Action;
use polyphony_shared::actions::doc::ActionsDoc;
use yrs::TransactionMut;

use super::Session;

/// One local edit of the plan (boxed, so the edit path is compiled once).
pub type PlanChange<'a> = Box<dyn FnOnce(&ActionsDoc, &mut TransactionMut) + 'a>;

impl Session {
    /// The actions, followed from now on ([`super::followed`]).
    pub fn actions(&self) -> ReadSignal<Vec<Action>> {
        self.followed.actions.signal(|| self.actions_doc().read())
    }

    /// Makes a local edit of the plan in one transaction and sends it.
    pub fn edit_actions(&self, change: PlanChange<'_>) {
        // The roots are taken before the transaction opens (taking one needs the document).
        let actions = self.actions_doc();
        self.edit(Box::new(move |_, txn| change(&actions, txn)));
    }

    pub(super) fn actions_doc(&self) -> ActionsDoc {
        ActionsDoc::from_doc(self.doc().doc().clone())
    }
}
