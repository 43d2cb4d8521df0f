//! The room and its clients: taking them in, queueing frames without waiting, resyncing or
//! closing those that fall behind, and forgetting a client's presence when it goes.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use bytes::Bytes;
use polyphony_shared::{CloseReason, protocol};
use tokio::sync::{mpsc, oneshot};
use yrs::{ReadTxn, StateVector, Transact};

use super::{Client, ConnId, Delivery, OUTBOX_CAPACITY, Room};
use crate::access::Access;
use crate::room::{Joined, RoomError};

/// Bytes queued for one client, and not yet written to its socket, beyond which it counts as
/// lagging: a client that reads nothing holds at most this much (plus one frame) of the
/// server's memory, however many sync answers or updates it is sent.
const MAX_QUEUED_BYTES: usize = 4 * 1024 * 1024;

impl Room {
    pub(super) fn join(&mut self, access: Access, reply: oneshot::Sender<Result<Joined, RoomError>>) {
        if let Some(conn) = self.admit(access, reply) {
            self.greet(conn);
        }
    }

    /// Takes a client in if the rules admit it, and answers the join; returns its connection.
    pub(super) fn admit(
        &mut self,
        access: Access,
        reply: oneshot::Sender<Result<Joined, RoomError>>,
    ) -> Option<ConnId> {
        if let Some(exclusion) = self.rules.exclusion(access) {
            reply.send(Err(RoomError::excluded(exclusion))).ok();
            return None;
        }
        if let Some(refusal) = self.rules.read_refusal(self.key.doc, self.rules.current(access)) {
            reply.send(Err(RoomError::Refused(refusal))).ok();
            return None;
        }
        let access = self.rules.current(access);
        let conn = self.next_conn;
        self.next_conn += 1;
        let (outbox, outbox_rx) = mpsc::channel(OUTBOX_CAPACITY);
        let (kick, kicked) = oneshot::channel();
        let queued_bytes = Arc::new(AtomicUsize::new(0));
        let joined = Joined {
            conn,
            outbox: outbox_rx,
            queued_bytes: Arc::clone(&queued_bytes),
            kicked,
            room: self.handle.clone(),
        };
        reply.send(Ok(joined)).ok()?;
        let state_vector = StateVector::default();
        let client = Client { access, outbox, queued_bytes, kick, state_vector, lagging_since: None, refusals: 0 };
        self.clients.insert(conn, client);
        Some(conn)
    }

    /// Asks a new client for what it has that the document lacks, and shows it who is here.
    pub(super) fn greet(&mut self, conn: ConnId) {
        let step1 = protocol::sync_step1(self.document.doc().transact().state_vector());
        self.deliveries.push(Delivery::To(conn, Bytes::from(step1)));
        if let Some(everyone) = self.presence.everyone() {
            self.deliveries.push(Delivery::To(conn, Bytes::from(everyone)));
        }
    }

    /// Queues a frame for one client without waiting; a full outbox marks the client lagging.
    pub(super) fn send(&mut self, conn: ConnId, frame: Bytes) {
        let Some(client) = self.clients.get_mut(&conn) else { return };
        if client.lagging_since.is_some() {
            return; // It will be resynced with everything once it catches up.
        }
        if client.queued_bytes.load(Ordering::Relaxed) > MAX_QUEUED_BYTES {
            client.lagging_since = Some(Instant::now());
            return;
        }
        let len = frame.len();
        match client.outbox.try_send(frame) {
            Ok(()) => {
                client.queued_bytes.fetch_add(len, Ordering::Relaxed);
            }
            Err(mpsc::error::TrySendError::Full(_)) => client.lagging_since = Some(Instant::now()),
            Err(mpsc::error::TrySendError::Closed(_)) => self.remove_client(conn),
        }
    }

    /// Resyncs lagging clients whose outbox has drained; closes those stuck for too long.
    pub(super) fn resync_lagging(&mut self) {
        let mut too_slow = Vec::new();
        for (conn, client) in &mut self.clients {
            let Some(since) = client.lagging_since else { continue };
            let drained = client.outbox.capacity() >= OUTBOX_CAPACITY / 2
                && client.queued_bytes.load(Ordering::Relaxed) <= MAX_QUEUED_BYTES / 2;
            if drained {
                let diff = self.document.doc().transact().encode_diff_v1(&client.state_vector);
                let mut frames = vec![protocol::update(diff)];
                frames.extend(self.presence.everyone());
                let queued = frames.into_iter().all(|frame| {
                    let len = frame.len();
                    let sent = client.outbox.try_send(Bytes::from(frame)).is_ok();
                    if sent {
                        client.queued_bytes.fetch_add(len, Ordering::Relaxed);
                    }
                    sent
                });
                if queued {
                    client.lagging_since = None;
                    tracing::debug!(board = %self.key, conn, "lagging client resynced");
                    continue;
                }
            }
            if since.elapsed() >= self.settings.client_timeout {
                too_slow.push(*conn);
            }
        }
        for conn in too_slow {
            self.close_client(conn, CloseReason::TooSlow);
        }
    }

    pub(super) fn close_client(&mut self, conn: ConnId, reason: CloseReason) {
        if let Some(client) = self.clients.remove(&conn) {
            client.kick.send(reason).ok();
            self.forget_presence(conn);
        }
    }

    pub(super) fn remove_client(&mut self, conn: ConnId) {
        if self.clients.remove(&conn).is_some() {
            self.forget_presence(conn);
        }
    }

    pub(super) fn forget_presence(&mut self, conn: ConnId) {
        if let Some(removal) = self.presence.remove_connection(conn) {
            let removal = Bytes::from(removal);
            self.publish_awareness(&removal);
            self.deliveries.push(Delivery::AllExcept(Some(conn), removal));
        }
        if self.clients.is_empty() {
            self.empty_since = tokio::time::Instant::now();
        }
    }
}
