//! Locks and anonymity: what a client's update changed in the content document, and
//! undoing an update that broke a rule.
//!
//! A yrs update cannot be inspected for the parts it touches before it is applied, so the
//! room applies it and lets deep observers on the document's roots record what the
//! transaction changed ([`polyphony_shared::BoardDoc::observe_changes`]). If it changed a
//! locked section, named a card's author in anonymous mode, or depends on changes the
//! server does not have (which would let it land later under someone else's update), the
//! room rebuilds the document from the store and the updates not stored yet, so the refused
//! update leaves no trace; it was never stored or forwarded. Rebuilding costs time in
//! proportion to the board, so it is kept for refusals, which an honest client only meets
//! in the moment a lock lands.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use polyphony_shared::schema::ContentChange;
use polyphony_shared::{BoardDoc, CloseReason};
use yrs::{Doc, ReadTxn, Transact};

use super::Room;
use crate::access::Access;

/// The changes made since the last [`SectionWatch::take`].
#[derive(Clone, Default)]
pub(super) struct SectionWatch {
    /// A std mutex: locked only inside observer callbacks and `take`, never across `.await`.
    touched: Arc<Mutex<BTreeSet<ContentChange>>>,
}

impl SectionWatch {
    /// Starts recording what every transaction on `doc` changes.
    pub(super) fn attach(&self, doc: &Doc) {
        let touched = Arc::clone(&self.touched);
        BoardDoc::from_doc(doc.clone()).observe_changes(move |change| {
            touched.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(change);
        });
    }

    /// The changes made since the last call.
    pub(super) fn take(&self) -> BTreeSet<ContentChange> {
        std::mem::take(&mut *self.touched.lock().unwrap_or_else(std::sync::PoisonError::into_inner))
    }
}

impl Room {
    /// Applies a client's update to the content document unless it changes a section locked
    /// for this client; returns the reason when it was refused (and undone).
    pub(super) async fn apply_checked(
        &mut self,
        update: yrs::Update,
        access: Access,
    ) -> Result<Option<String>, CloseReason> {
        let Some(watch) = self.sections.clone() else {
            self.apply_update(update).await?;
            return Ok(None);
        };
        watch.take();
        self.apply_update(update).await?;
        let touched = watch.take();
        let rules = self.rules.current();
        let locked = touched.iter().find_map(|change| match change {
            ContentChange::Section(section) if rules.locked.contains(section) && !access.role.facilitates() => {
                Some(section)
            }
            _ => None,
        });
        let structure =
            touched.contains(&ContentChange::Structure) || BoardDoc::has_unknown_roots(&self.doc.transact());
        let reason = match locked {
            Some(section) => format!("{} is locked by the facilitator", section.label()),
            None if structure => "this change touches parts of the board that only the server writes".to_owned(),
            None if rules.anonymous && touched.contains(&ContentChange::CardAuthor) => {
                "the board is anonymous: cards carry no author names".to_owned()
            }
            None if rules.private_writing
                && touched.contains(&ContentChange::CardCreated)
                && !access.role.facilitates() =>
            {
                "private writing is on: new ideas stay private until the facilitator reveals them".to_owned()
            }
            None if self.doc.transact().has_missing_updates() => {
                "this change depends on changes the board does not have; reload the board".to_owned()
            }
            None => return Ok(None),
        };
        if let Err(err) = Box::pin(self.rebuild()).await {
            tracing::error!(board = %self.key, ?err, "undoing a refused update failed");
            self.poisoned = true;
            return Err(CloseReason::InternalError);
        }
        watch.take();
        Ok(Some(reason))
    }
}
