//! Judging a client's update before it touches the document.
//!
//! The ledger says, from the update alone, whether it fits the document and what it would
//! change ([`crate::room::document`]); the board's rules say whether this client may make
//! those changes ([`polyphony_shared::governance::BoardRules::content_refusal`]); the budget says whether
//! the board has room for it. Only an update that passes all three is applied, stored and
//! forwarded, so a refused update leaves no trace and refusing it costs what the update
//! costs. Should yrs still fail on an accepted update, the document is rebuilt from the
//! store without it.

use polyphony_shared::CloseReason;
use polyphony_shared::ledger::LedgerError;

use super::{ConnId, Delivery, Room};
use crate::access::Access;
use crate::room::inbound::{ClientFrame, IncomingUpdate};

/// What a refusal because of a missing dependency tells the client.
const MISSING: &str = "this change depends on changes the board does not have; reload the board";
/// What a refusal of an update under someone else's client id tells the client.
const SQUATTING: &str = "this change is written under another person's device id; reload the board";

impl Room {
    /// Judges and, if it passes, applies a client's update; returns whether it was accepted.
    /// A refusal tells the client why; an update no honest client sends closes the socket.
    pub(super) async fn accept_update(
        &mut self,
        conn: ConnId,
        access: Access,
        frame: &ClientFrame,
        update: IncomingUpdate,
    ) -> Result<bool, CloseReason> {
        if update.shape.is_empty() {
            return Ok(true);
        }
        let rules = std::sync::Arc::clone(&self.rules);
        if let Some(refusal) = rules.write_refusal(self.key.doc, access) {
            // Not applied, stored or forwarded: the client learns why and resyncs.
            self.refuse(conn, "rules", &refusal.to_string())?;
            return Ok(false);
        }
        let judged = match self.document.judge(&update.shape) {
            Ok(judged) => judged,
            Err(LedgerError::MissingDependency) => {
                self.refuse(conn, "missing_dependency", MISSING)?;
                return Ok(false);
            }
            Err(LedgerError::TextTooLong { limit }) => {
                let reason = format!("a text on this board can hold at most {limit} characters");
                self.refuse(conn, "text_too_long", &reason)?;
                return Ok(false);
            }
            Err(err) => {
                tracing::warn!(board = %self.key, conn, %err, "update refused as malformed");
                return Err(CloseReason::MalformedFrame);
            }
        };
        if let Some(refusal) = rules.content_refusal(self.key.doc, access, &judged.changes) {
            self.refuse(conn, "content_rules", &refusal.to_string())?;
            return Ok(false);
        }
        let unsealed = match &mut self.writers {
            Some(writers) => {
                let writing = self.document.clients_writing_new(&update.shape);
                match writers.check(self.document.doc(), access.participant, writing) {
                    Ok(unsealed) => unsealed,
                    Err(squatting) => {
                        tracing::warn!(board = %self.key, conn, client = squatting.client, "update under another writer's client id refused");
                        self.refuse(conn, "client_id_taken", SQUATTING)?;
                        return Ok(false);
                    }
                }
            }
            None => Vec::new(),
        };
        if !judged.plan.changes_document() {
            return Ok(true); // The board has all of it already: nothing to store or send.
        }
        let size = update.bytes.len() as u64;
        if self.stored_bytes.saturating_add(size) > self.settings.max_document_bytes {
            self.refuse(conn, "board_full", "this board is full: it cannot take more content")?;
            return Ok(false);
        }
        let for_peers = frame.update_for_peers(&update);
        if let Err(err) = self.document.apply(update.decoded, judged.plan) {
            tracing::error!(board = %self.key, conn, %err, "an accepted update did not apply; rebuilding the document");
            self.rebuild_after_failure().await;
            return Err(CloseReason::MalformedFrame);
        }
        self.document_changed();
        self.note_written();
        self.stored_bytes += size;
        self.unstored.push(update.bytes);
        self.updates_since.get_or_insert_with(std::time::Instant::now);
        self.deliveries.push(Delivery::AllExcept(Some(conn), for_peers));
        if let Some(writers) = &mut self.writers
            && !unsealed.is_empty()
        {
            let sealed = writers.seal(self.document.doc(), access.participant, &unsealed);
            self.take_own_update(sealed).await;
        }
        Ok(true)
    }

    /// Forgets what was derived from the document as it was.
    pub(super) fn document_changed(&mut self) {
        self.sync_answers.clear();
        self.rules_stale = true;
    }
}
