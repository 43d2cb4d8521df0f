//! The room and the board's governed state: making the server's checked changes (governed
//! document's room only), publishing the rules that follow from them, and enforcing the
//! rules on this room's clients.

use std::sync::Arc;

use bytes::Bytes;
use polyphony_shared::{CloseReason, protocol};
use tokio::sync::oneshot;

use super::{ConnId, Delivery, Room};
use crate::room::rules::{BoardRules, RulesLink};
use crate::room::{DocWrite, GovernError};

impl Room {
    /// Makes a checked change the server decided on (governed state, ballots, drafts, or
    /// revealed private cards on the content document). The change is stored and fanned out
    /// with the rest of the batch; the reply waits for that ([`Room::release`]).
    pub(super) async fn write(&mut self, change: &DocWrite, reply: oneshot::Sender<Result<(), GovernError>>) {
        let update = match change(self.document.doc(), &self.rules.current()) {
            Ok(update) => update,
            Err(refused) => {
                // Checks run before writes, so a refused change has written nothing.
                reply.send(Err(refused)).ok();
                return;
            }
        };
        if update != yrs::Update::EMPTY_V1 {
            self.take_own_update(update).await;
            if let Some(sealed) = self.writers.as_mut().and_then(|writers| writers.seal_server(self.document.doc())) {
                self.take_own_update(sealed).await;
            }
        }
        self.governed_replies.push(reply);
        self.publish_rules();
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

    /// Recomputes the board's rules from the governed document and publishes them, if this
    /// is the governed document's room; then enforces them here too.
    pub(super) fn publish_rules(&mut self) {
        let RulesLink::Publishes(sender) = &self.rules else { return };
        let rules = Arc::new(BoardRules::from_governed(self.document.doc()));
        let changed = sender.send_if_modified(|current| {
            if **current == *rules {
                return false;
            }
            *current = Arc::clone(&rules);
            true
        });
        if changed {
            self.enforce_rules();
        }
    }

    /// Closes the connections of participants the rules no longer admit, and gives the
    /// others their current roles.
    pub(super) fn enforce_rules(&mut self) {
        let rules = self.rules.current();
        for client in self.clients.values_mut() {
            client.access = rules.current(client.access);
        }
        let refused: Vec<ConnId> =
            self.clients.iter().filter(|(_, client)| !rules.admits(client.access)).map(|(conn, _)| *conn).collect();
        for conn in refused {
            tracing::info!(board = %self.key, conn, "closing the connection of a removed participant");
            self.close_client(conn, CloseReason::NotAllowed);
        }
    }

    /// Whether other rooms of the board still follow the rules this room publishes, so it
    /// must stay loaded.
    pub(super) fn rules_needed(&self) -> bool {
        matches!(&self.rules, RulesLink::Publishes(sender) if sender.receiver_count() > 0)
    }
}
