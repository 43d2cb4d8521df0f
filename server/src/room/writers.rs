//! Who may write under each yrs client id of a board's content.
//!
//! The first participant to write under a client id owns it: the room records a seal for
//! the id in the document's `writers` root ([`polyphony_shared::schema::writers`]), made by
//! the server from the board, the participant and the id, and refuses new blocks under a
//! sealed id from anyone whose seal differs. The server's own changes carry a seal no
//! participant can match. Ids written before seals existed are sealed by the next person
//! who writes under them. Blocks the document has already are not checked: a client that
//! resends them (after a reconnect) only repeats what is known.

use std::collections::HashMap;

use polyphony_shared::schema::writers::{set_writer_seal, writer_seal};
use polyphony_shared::{BoardId, ParticipantId};
use yrs::{Doc, Transact};

use crate::access::Signer;

/// The seal of the server's own client ids.
const SERVER_SEAL: &str = "server";

/// An update writes under a client id that belongs to someone else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Squatting {
    /// The id.
    pub client: u64,
}

/// The room's view of its document's writers: a cache of checked seals.
pub struct Writers {
    board: BoardId,
    signer: Signer,
    /// Ids whose seal was checked or written, and whose they are (`None`: the server's).
    known: HashMap<u64, Option<ParticipantId>>,
}

impl Writers {
    /// Writers of `board`'s content, sealed with `signer`.
    pub fn new(board: BoardId, signer: Signer) -> Writers {
        Writers { board, signer, known: HashMap::new() }
    }

    /// Checks that `participant` may write new blocks under each of `clients`; returns the
    /// ids no one has sealed yet, which [`Writers::seal`] binds to them once the update is in.
    pub fn check(
        &mut self,
        doc: &Doc,
        participant: ParticipantId,
        clients: impl IntoIterator<Item = u64>,
    ) -> Result<Vec<u64>, Squatting> {
        let own = doc.client_id().get();
        let mut unsealed = Vec::new();
        // Read only on a first sight of an id: every later update is checked from `known`.
        let mut txn = None;
        for client in clients {
            if client == own {
                return Err(Squatting { client });
            }
            match self.known.get(&client) {
                Some(Some(owner)) if *owner == participant => continue,
                Some(_) => return Err(Squatting { client }),
                None => {}
            }
            let txn = txn.get_or_insert_with(|| doc.transact());
            match writer_seal(txn, client) {
                None => unsealed.push(client),
                Some(seal) if seal == self.signer.writer_seal(self.board, participant, client) => {
                    self.known.insert(client, Some(participant));
                }
                Some(_) => return Err(Squatting { client }),
            }
        }
        Ok(unsealed)
    }

    /// Seals `clients` as `participant`'s; returns the update that records it (empty when
    /// there is nothing to seal).
    pub fn seal(&mut self, doc: &Doc, participant: ParticipantId, clients: &[u64]) -> Vec<u8> {
        let mut txn = doc.transact_mut();
        for &client in clients {
            set_writer_seal(&mut txn, client, &self.signer.writer_seal(self.board, participant, client));
            self.known.insert(client, Some(participant));
        }
        self.seal_server_in(&mut txn, doc.client_id().get());
        txn.encode_update_v1()
    }

    /// Seals the server's own client id after it wrote under it; the update that records
    /// it, or `None` once it is sealed.
    pub fn seal_server(&mut self, doc: &Doc) -> Option<Vec<u8>> {
        let own = doc.client_id().get();
        if self.known.contains_key(&own) {
            return None;
        }
        let mut txn = doc.transact_mut();
        self.seal_server_in(&mut txn, own);
        Some(txn.encode_update_v1())
    }

    /// Seals the server's own client id, once per document, inside a transaction the server
    /// is writing anyway.
    fn seal_server_in(&mut self, txn: &mut yrs::TransactionMut, own: u64) {
        if self.known.contains_key(&own) {
            return;
        }
        set_writer_seal(txn, own, SERVER_SEAL);
        self.known.insert(own, None);
    }

    /// Forgets what was checked: the document was rebuilt (under a new own id).
    pub fn forget(&mut self) {
        self.known.clear();
    }
}
