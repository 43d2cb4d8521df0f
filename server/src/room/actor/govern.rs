//! The room and the board's governed state: making the server's checked changes, reading
//! the rules from the governed document (its room only), and enforcing the board's rules
//! on this room's clients.

use std::sync::Arc;

use bytes::Bytes;
use polyphony_shared::{CloseReason, DocName, protocol};

use super::{ConnId, Delivery, Room};
use crate::room::GovernError;
use crate::room::rules::{BoardRules, SharedRules};

impl Room {
    /// Makes a checked change the server decided on (governed state, ballots, drafts,
    /// revealed private cards or restored content). The change is stored and fanned out with
    /// the rest of the batch; the board answers the request that made it after that.
    pub(in crate::room) async fn change(
        &mut self,
        change: impl FnOnce(&yrs::Doc, &BoardRules) -> Result<Vec<u8>, GovernError>,
    ) -> Result<(), GovernError> {
        // Checks run before writes, so a refused change has written nothing.
        let update = change(self.document.doc(), &self.rules)?;
        if update != yrs::Update::EMPTY_V1 {
            self.take_own_update(update).await;
            if let Some(sealed) = self.writers.as_mut().and_then(|writers| writers.seal_server(self.document.doc())) {
                self.take_own_update(sealed).await;
            }
        }
        Ok(())
    }

    /// Reads the document with the board's rules.
    pub(in crate::room) fn look<T>(&self, read: impl FnOnce(&yrs::Doc, &BoardRules) -> T) -> T {
        read(self.document.doc(), &self.rules)
    }

    /// Records, stores and fans out an update the server made to its document itself.
    pub(super) async fn take_own_update(&mut self, update: Vec<u8>) {
        if update == yrs::Update::EMPTY_V1 {
            return;
        }
        if !self.document.record_own(&update) {
            self.rebuild_after_failure().await;
        }
        self.document_changed();
        self.stored_bytes += update.len() as u64;
        self.unstored.push(Bytes::from(update.clone()));
        self.deliveries.push(Delivery::AllExcept(None, Bytes::from(protocol::update(update))));
    }

    /// The board's rules as the governed document now says, if this is the governed
    /// document's room and the document changed since they were last read.
    pub(in crate::room) fn fresh_rules(&mut self) -> Option<BoardRules> {
        if self.key.doc != DocName::Governed || !std::mem::take(&mut self.rules_stale) {
            return None;
        }
        Some(BoardRules::from_governed(self.document.doc()))
    }

    /// Takes the board's new rules: closes the connections of participants they no longer
    /// admit, and gives the others their current roles.
    pub(in crate::room) fn enforce_rules(&mut self, rules: &SharedRules) {
        self.rules = Arc::clone(rules);
        for client in self.clients.values_mut() {
            client.access = rules.current(client.access);
        }
        // Removed from the board, or no longer allowed to read this document (an activity
        // taken off the agenda, or back with the facilitators).
        let doc = self.key.doc;
        let refused: Vec<ConnId> = self
            .clients
            .iter()
            .filter(|(_, client)| !rules.admits(client.access) || rules.read_refusal(doc, client.access).is_some())
            .map(|(conn, _)| *conn)
            .collect();
        for conn in refused {
            tracing::info!(board = %self.key, conn, "closing the connection of a removed participant");
            self.close_client(conn, CloseReason::NotAllowed);
        }
    }
}
