//! The room and a client's frame: sync requests, updates, presence and presence queries.

use bytes::Bytes;
use polyphony_shared::{CloseReason, protocol};
use yrs::updates::encoder::Encode;
use yrs::{ReadTxn, StateVector, Transact};

use super::{ConnId, Delivery, MAX_REFUSALS, Room};
use crate::room::inbound::{ClientFrame, Inbound};
use crate::room::presence::PresenceError;
use crate::room::presence_stamp::Speaker;

impl Room {
    pub(super) async fn apply_frame(&mut self, conn: ConnId, mut frame: ClientFrame) -> Result<(), CloseReason> {
        let Some(access) = self.clients.get(&conn).map(|client| client.access) else {
            return Ok(()); // Closed earlier; its remaining frames are dropped.
        };
        if !self.rules.admits(access) {
            return Err(CloseReason::NotAllowed); // Removed earlier in this batch.
        }
        for message in std::mem::take(&mut frame.messages) {
            match message {
                Inbound::SyncStep1(state_vector) => {
                    let answer = self.sync_answer(&state_vector);
                    self.deliveries.push(Delivery::To(conn, answer));
                    if let Some(client) = self.clients.get_mut(&conn) {
                        client.state_vector = state_vector;
                    }
                }
                Inbound::Update(update) => {
                    if !self.accept_update(conn, access, &frame, update).await? {
                        // The rest of the frame builds on the refused update: drop it too.
                        return Ok(());
                    }
                }
                Inbound::AwarenessQuery => {
                    if let Some(everyone) = self.presence.everyone() {
                        self.deliveries.push(Delivery::To(conn, Bytes::from(everyone)));
                    }
                }
                Inbound::Awareness(update) => {
                    let speaker = Speaker::of(&self.rules, access);
                    let applied = self.presence.apply(conn, &speaker, update).map_err(|err| match err {
                        PresenceError::NotJson => CloseReason::MalformedFrame,
                        PresenceError::TooMany => CloseReason::RateLimited,
                    });
                    // Rebuilt by the server (who is speaking), never forwarded as received;
                    // passed on with the batch's other changes when the room releases it.
                    applied?;
                }
            }
        }
        Ok(())
    }

    /// The answer to a sync request: a diff from the client's state vector, shared by every
    /// client that asks with the same state vector until the document changes.
    fn sync_answer(&mut self, state_vector: &StateVector) -> Bytes {
        let key = state_vector.encode_v1();
        if let Some(answer) = self.sync_answers.get(&key) {
            return answer.clone();
        }
        let diff = self.document.doc().transact().encode_diff_v1(state_vector);
        let answer = Bytes::from(protocol::sync_step2(diff));
        self.sync_answers.insert(key, answer.clone());
        answer
    }

    /// Tells a client its update was refused, and why; closes it once it keeps sending
    /// refused updates.
    pub(super) fn refuse(&mut self, conn: ConnId, why: &'static str, reason: &str) -> Result<(), CloseReason> {
        tracing::debug!(board = %self.key, conn, reason, "update refused");
        self.stats.metrics.update_refused(why);
        self.deliveries.push(Delivery::To(conn, Bytes::from(protocol::permission_denied(reason))));
        let Some(client) = self.clients.get_mut(&conn) else { return Ok(()) };
        client.refusals += 1;
        if client.refusals > MAX_REFUSALS {
            return Err(CloseReason::RateLimited);
        }
        Ok(())
    }
}
