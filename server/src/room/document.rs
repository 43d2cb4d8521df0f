//! A room's document and its ledger, kept in step: nothing reaches the yrs document that the
//! ledger has not judged and recorded.
//!
//! Client updates are judged first ([`Document::judge`]: where they write, what they change)
//! and applied only when the room accepts them ([`Document::apply`]). Stored updates and
//! those of other instances go through the same checks ([`Document::apply_trusted`]), and
//! the server's own changes are recorded after it makes them ([`Document::record_own`]).
//! yrs applies an update inside `catch_unwind`; if it panics, errs, leaves blocks pending
//! or ends in another state than the ledger planned, the document is no longer trusted:
//! the caller rebuilds it from the store without that update.

use std::collections::BTreeSet;
use std::panic::AssertUnwindSafe;

use polyphony_shared::ledger::{Ledger, LedgerError, LedgerLimits, Plan};
use polyphony_shared::schema::ContentChange;
use polyphony_shared::wire::{BlockId, BlockKind, Limits, UpdateShape, WireError};
use polyphony_shared::{BoardDoc, DocName};
use yrs::updates::decoder::Decode;
use yrs::{Assoc, Doc, IdSet, OffsetKind, Options, ReadTxn, StateVector, StickyIndex, Transact, Update};

/// How deep the server's own documents nest shared types (their values are plain).
const SERVER_TYPE_DEPTH: usize = 4;

/// What judging an update found.
pub struct Judged {
    /// What to record once it is applied.
    pub plan: Plan,
    /// What it changes, for the board's rules.
    pub changes: BTreeSet<ContentChange>,
}

/// Why yrs did not apply an update the ledger accepted.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    /// yrs returned an error.
    #[error("yrs refused the update")]
    Rejected(#[from] yrs::error::UpdateError),
    /// yrs panicked while integrating it.
    #[error("yrs panicked while applying the update")]
    Panicked,
    /// yrs ended in another state than the ledger planned, or left blocks pending.
    #[error("yrs and the ledger disagree after the update")]
    Diverged,
    /// The bytes do not decode as yrs reads them.
    #[error("the update does not decode")]
    Decode(#[from] yrs::encoding::read::Error),
}

/// Why a stored or replicated update was not applied.
#[derive(Debug, thiserror::Error)]
pub enum EntryError {
    /// Its bytes are not an update of an honest shape.
    #[error("malformed update: {0}")]
    Malformed(#[from] WireError),
    /// It does not fit the document (a missing dependency, a broken placement).
    #[error("update does not fit the document: {0}")]
    Refused(#[from] LedgerError),
    /// yrs could not apply it.
    #[error("{0}")]
    Apply(#[from] ApplyError),
}

/// A yrs document and the ledger of where its blocks sit.
pub struct Document {
    doc: Doc,
    ledger: Ledger,
}

impl Document {
    /// An empty document of the given kind; texts longer than `max_text_len` are refused.
    pub fn new(name: DocName, max_text_len: u64) -> Document {
        let ledger = match name {
            DocName::Content | DocName::Activity(_) | DocName::Table { .. } => BoardDoc::ledger(max_text_len),
            DocName::Governed | DocName::Ballots | DocName::Drafts => {
                Ledger::new(&[], LedgerLimits { max_type_depth: SERVER_TYPE_DEPTH, max_text_len: u64::MAX })
            }
        };
        // Text positions count UTF-16 units, as the board's clients and Yjs do.
        let options = Options { offset_kind: OffsetKind::Utf16, ..Options::default() };
        Document { doc: Doc::with_options(options), ledger }
    }

    /// The yrs document, to read or to encode.
    pub fn doc(&self) -> &Doc {
        &self.doc
    }

    /// Judges a client's update: where it writes and what it changes. Changes nothing.
    pub fn judge(&self, shape: &UpdateShape) -> Result<Judged, LedgerError> {
        let mut changes = BTreeSet::new();
        let plan = self.ledger.plan(shape, &mut |touch| BoardDoc::classify(touch, &mut changes))?;
        self.check_neighbour_order(shape)?;
        Ok(Judged { plan, changes })
    }

    /// The client ids under which an update writes blocks the document does not have yet.
    pub fn clients_writing_new(&self, shape: &UpdateShape) -> Vec<u64> {
        shape
            .sections
            .iter()
            .filter(|section| {
                let known = self.ledger.state(section.client);
                section.blocks.iter().any(|block| block.clock.saturating_add(block.len) > known)
            })
            .map(|section| section.client)
            .collect()
    }

    /// Refuses an item whose right neighbour comes before its left one in the document.
    ///
    /// yrs places a new item by scanning right from its left origin until it meets its right
    /// origin; if that one lies to the left, the scan runs on through whatever the document
    /// holds, so where the item lands depends on the order updates arrived in, and the board
    /// reloads differently than it was served. Only neighbours already in the document are
    /// compared (positions count visible content, so neighbours with only deleted content
    /// between them compare equal and pass).
    fn check_neighbour_order(&self, shape: &UpdateShape) -> Result<(), LedgerError> {
        // The ledger holds the same clocks as the document (checked after every update).
        let known = |id: &BlockId| id.clock < self.ledger.state(id.client);
        let mut pairs = Vec::new();
        for section in &shape.sections {
            let client_state = self.ledger.state(section.client);
            for block in &section.blocks {
                let BlockKind::Item(item) = &block.kind else { continue };
                if block.clock + block.len <= client_state {
                    continue; // Known already: yrs skips it.
                }
                let left = if block.clock < client_state {
                    Some(BlockId { client: section.client, clock: client_state - 1 })
                } else {
                    item.origin
                };
                if let (Some(left), Some(right)) = (left, item.right_origin)
                    && known(&left)
                    && known(&right)
                {
                    pairs.push((left, right));
                }
            }
        }
        if pairs.is_empty() {
            return Ok(());
        }
        let txn = self.doc.transact();
        let position = |id: &BlockId| {
            let id = yrs::ID::new(yrs::ClientID::new(id.client), id.clock);
            StickyIndex::from_id(id, Assoc::After).get_offset(&txn).map(|offset| offset.index)
        };
        for (left, right) in pairs {
            if let (Some(left), Some(right)) = (position(&left), position(&right))
                && left > right
            {
                return Err(LedgerError::InconsistentPlacement);
            }
        }
        Ok(())
    }

    /// Applies a judged update and records it. After an error yrs may have integrated part
    /// of the update (or panicked half-way): the document must not be used again, and every
    /// caller replaces it (the room rebuilds it from the store, a load starts over without
    /// the update, a follower of another instance stops the room).
    pub fn apply(&mut self, update: Update, plan: Plan) -> Result<(), ApplyError> {
        let expected: Vec<(u64, u32)> = plan.states().collect();
        let doc = &self.doc;
        let applied = std::panic::catch_unwind(AssertUnwindSafe(|| -> Result<IdSet, ApplyError> {
            let mut txn = doc.transact_mut();
            txn.apply_update(update)?;
            if txn.has_missing_updates() {
                return Err(ApplyError::Diverged);
            }
            Ok(txn.delete_set().clone())
        }));
        let deleted = match applied {
            Ok(Ok(deleted)) => deleted,
            Ok(Err(err)) => return Err(err),
            Err(_) => return Err(ApplyError::Panicked),
        };
        let state = self.doc.transact().state_vector();
        if expected.iter().any(|(client, clock)| state.get(&yrs::ClientID::new(*client)) != *clock) {
            return Err(ApplyError::Diverged);
        }
        self.ledger.commit(plan);
        for (client, ranges) in deleted.iter() {
            for range in ranges.iter() {
                self.ledger.mark_deleted(client.get(), range.start, range.end - range.start);
            }
        }
        Ok(())
    }

    /// Checks and applies an update from the store or another instance; returns whether it
    /// changed the document.
    pub fn apply_trusted(&mut self, bytes: &[u8]) -> Result<bool, EntryError> {
        let shape = UpdateShape::parse(bytes, &Limits::STORED)?;
        let plan = self.ledger.plan(&shape, &mut |_| {})?;
        self.check_neighbour_order(&shape)?;
        if !plan.changes_document() {
            return Ok(false);
        }
        let update = Update::decode_v1(bytes).map_err(ApplyError::from)?;
        self.apply(update, plan)?;
        Ok(true)
    }

    /// Records a change the server made to the document itself (its update's delete set is
    /// exactly what it deleted). If the ledger cannot take it, the ledger is rebuilt from the
    /// document; false if even that fails (the document must then be rebuilt).
    pub fn record_own(&mut self, update: &[u8]) -> bool {
        let recorded = UpdateShape::parse(update, &Limits::STORED)
            .map_err(EntryError::from)
            .and_then(|shape| Ok(self.ledger.record(&shape)?));
        match recorded {
            Ok(()) => true,
            Err(err) => {
                tracing::error!(%err, "the ledger cannot take the server's own change; rebuilding it");
                self.rebuild_ledger()
            }
        }
    }

    /// Rebuilds the ledger from the document's whole state.
    fn rebuild_ledger(&mut self) -> bool {
        let state = self.doc.transact().encode_state_as_update_v1(&StateVector::default());
        let mut ledger = self.ledger.emptied();
        let rebuilt = UpdateShape::parse(&state, &Limits::STORED)
            .map_err(EntryError::from)
            .and_then(|shape| Ok(ledger.record(&shape)?));
        match rebuilt {
            Ok(()) => {
                self.ledger = ledger;
                true
            }
            Err(err) => {
                tracing::error!(%err, "the document's own state does not fit a ledger");
                false
            }
        }
    }
}
