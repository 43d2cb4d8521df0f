//! Undo and redo of this person's own edits, never of anyone else's (yrs `UndoManager`).
//!
//! Local edits are made in transactions marked [`LOCAL_EDIT`]; the history tracks only
//! those, so remote edits applied meanwhile stay. Keys typed within half a second of each
//! other are undone together, as in every Yjs editor. Undoing is itself an edit that the
//! other replicas must receive: [`UndoHistory::undo`] returns it as an encoded update.

use std::sync::{Arc, Mutex, PoisonError};

use yrs::sync::time::Clock;
use yrs::undo::Options;
use yrs::{Origin, Transact, TransactionMut, UndoManager};

use super::BoardDoc;

/// The origin of transactions that hold this person's own edits.
pub const LOCAL_EDIT: &str = "polyphony-local-edit";
/// Edits closer together than this are undone as one step.
const CAPTURE_MILLIS: u64 = 500;
/// The key of the observer that collects undo and redo updates.
const CAPTURE_KEY: &str = "polyphony-undo-capture";

/// This person's undo and redo stacks for one board.
pub struct UndoHistory {
    manager: UndoManager,
    /// Updates made by undo or redo, waiting to be sent.
    made: Arc<Mutex<Vec<Vec<u8>>>>,
}

impl BoardDoc {
    /// A transaction for this person's own edit: undo tracks it.
    pub fn transact_local(&self) -> TransactionMut<'_> {
        self.doc.transact_mut_with(LOCAL_EDIT)
    }

    /// Starts an undo history over every part of the board. `clock` gives milliseconds
    /// (the browser's clock in the web client).
    pub fn undo_history(&self, clock: Arc<dyn Clock>) -> UndoHistory {
        let options = Options {
            capture_timeout_millis: CAPTURE_MILLIS,
            tracked_origins: Default::default(),
            capture_transaction: None,
            timestamp: clock,
            init_undo_stack: Vec::new(),
            init_redo_stack: Vec::new(),
        };
        let mut manager = UndoManager::with_options(options);
        manager.include_origin(LOCAL_EDIT);
        manager.expand_scope(&self.doc, &self.problem_statement);
        manager.expand_scope(&self.doc, &self.questions);
        manager.expand_scope(&self.doc, &self.cards);
        manager.expand_scope(&self.doc, &self.clusters);
        // An eco-map activity's map shares its document: each person undoes their own steps.
        for root in crate::ecomap::doc::EcoMapDoc::from_doc(self.doc.clone()).roots() {
            manager.expand_scope(&self.doc, root);
        }
        let made = Arc::new(Mutex::new(Vec::new()));
        let collected = Arc::clone(&made);
        let own_origin: Origin = manager.as_origin();
        // A new subscription under the same key replaces the old one, so a board has one.
        self.doc
            .observe_update_v1(CAPTURE_KEY, move |txn, event| {
                if txn.origin() == Some(&own_origin) {
                    collected.lock().unwrap_or_else(PoisonError::into_inner).push(event.update.clone());
                }
            })
            .ok();
        UndoHistory { manager, made }
    }
}

impl UndoHistory {
    /// Whether there is something of mine to undo.
    pub fn can_undo(&self) -> bool {
        self.manager.can_undo()
    }

    /// Whether there is something undone to redo.
    pub fn can_redo(&self) -> bool {
        self.manager.can_redo()
    }

    /// Undoes my last step; returns the update to send, if anything changed.
    pub fn undo(&mut self) -> Option<Vec<u8>> {
        self.manager.undo_blocking();
        self.take_made()
    }

    /// Redoes the last undone step; returns the update to send, if anything changed.
    pub fn redo(&mut self) -> Option<Vec<u8>> {
        self.manager.redo_blocking();
        self.take_made()
    }

    /// Ends the current step: the next edit is undone on its own (a new field, a new card).
    pub fn end_step(&mut self) {
        self.manager.reset();
    }

    fn take_made(&self) -> Option<Vec<u8>> {
        let made = std::mem::take(&mut *self.made.lock().unwrap_or_else(PoisonError::into_inner));
        match made.len() {
            0 => None,
            1 => made.into_iter().next(),
            _ => yrs::merge_updates_v1(&made).ok(),
        }
    }
}
