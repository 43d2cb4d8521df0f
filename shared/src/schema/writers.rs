//! Who writes under each yrs client id of the content document.
//!
//! Every block of a yrs document is stamped with the client id of the replica that made
//! it, and the ids are public (they are in every state vector). A participant who writes
//! under someone else's id makes their text look like hers and takes the clocks her own
//! offline edits will need. So the server binds each client id to the participant who first
//! writes under it and refuses anyone else: the `writers` root maps a client id (in
//! decimal) to a seal only the server can make from the board, the participant and the id.
//! A seal is different for every id, so the map does not tell anyone which ids belong to
//! the same person; only the server, which can make the seal again, can check it.
//!
//! ```text
//! writers  Map  clientId -> seal (a string only the server can compute)
//! ```

use yrs::{Any, Map, Out, ReadTxn, TransactionMut, WriteTxn};

/// The root that holds the seals.
pub(crate) const WRITERS: &str = "writers";

/// The seal recorded for a client id, if any.
pub fn writer_seal(txn: &impl ReadTxn, client: u64) -> Option<String> {
    match txn.get_map(WRITERS)?.get(txn, &client.to_string()) {
        Some(Out::Any(Any::String(seal))) => Some(seal.to_string()),
        _ => None,
    }
}

/// Records the seal of a client id (the server's own transaction).
pub fn set_writer_seal(txn: &mut TransactionMut, client: u64, seal: &str) {
    let writers = txn.get_or_insert_map(WRITERS);
    writers.insert(txn, client.to_string(), seal);
}

#[cfg(test)]
mod tests {
    use yrs::Transact;

    use super::*;
    use crate::BoardDoc;

    #[test]
    fn a_seal_is_read_back_per_client() {
        let board = BoardDoc::new();
        let doc = board.doc();
        assert_eq!(writer_seal(&doc.transact(), 42), None);
        set_writer_seal(&mut doc.transact_mut(), 42, "seal-a");
        let txn = doc.transact();
        assert_eq!(writer_seal(&txn, 42).as_deref(), Some("seal-a"));
        assert_eq!(writer_seal(&txn, 43), None);
    }
}
