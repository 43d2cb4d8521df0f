//! The ledger: where every block of a document sits, so an update can be judged before it
//! is applied.
//!
//! yrs cannot say what an update will change until it has applied it, and undoing an applied
//! update means rebuilding the document. The ledger answers the question beforehand. It
//! records, for every clock of every client, the type the block sits in (or that it is
//! gone), its map key, whether it is deleted, and for each nested type its root, its path of
//! keys and its depth. Given the [`UpdateShape`] of an update, [`Ledger::plan`]:
//!
//! - orders the update's blocks by their dependencies and refuses an update that depends on
//!   blocks the document does not have, or on itself in a cycle (yrs would park such blocks
//!   as pending, or integrate them after a hole);
//! - resolves where each new block goes exactly as yrs does (an explicit parent, else the
//!   parent of its left origin, else of its right origin) and refuses blocks whose parent
//!   and neighbours disagree, whose parent is not a type, or whose map key does not fit the
//!   parent: updates no honest client writes, on which yrs corrupts its own memory;
//! - refuses shared types nested deeper than [`LedgerLimits::max_type_depth`] and texts that
//!   would grow past [`LedgerLimits::max_text_len`];
//! - reports every visible change as a [`Touch`] (an insertion under a root and path of keys,
//!   or a deletion of something not deleted yet), which the schema turns into the changes
//!   the board's rules judge.
//!
//! Planning reads only the ledger and the update: it costs what the update costs, never what
//! the document costs, and refusing needs no copy of the document. Once yrs has applied an
//! accepted update, [`Ledger::commit`] records the plan and [`Ledger::mark_deleted`] records
//! what the transaction deleted (yrs's own delete set, which includes the map values it
//! replaced and the contents of deleted types).
//!
//! # Layout
//! - `spans`: one client's runs of clocks.
//! - `plan`: ordering an update's blocks by their dependencies.
//! - `place`: placing each block, and checking it against its parent and neighbours.
//! - `effects`: what the update deletes, and the length each text grows to.

mod effects;
mod place;
mod plan;
mod spans;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::sync::Arc;

use crate::wire::{BlockId, ContentShape, TypeKind, UpdateShape};
pub use plan::Plan;
use spans::{Parent, Spans};

/// Bounds a document's structure must keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LedgerLimits {
    /// How many shared types may nest below a root (a card's text sits at depth 2).
    pub max_type_depth: usize,
    /// Longest a text may grow, in UTF-16 units.
    pub max_text_len: u64,
}

/// The root types a document is made of, with their kinds.
pub type RootKinds = &'static [(&'static str, TypeKind)];

/// Why an update was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LedgerError {
    /// It builds on blocks the document does not have.
    #[error("the update depends on changes the document does not have")]
    MissingDependency,
    /// Its blocks depend on each other in a circle.
    #[error("the update's blocks depend on each other in a cycle")]
    Cycle,
    /// A block's parent and neighbours name different places.
    #[error("a block's parent and neighbours disagree")]
    InconsistentPlacement,
    /// A block names as its parent something that is not a shared type.
    #[error("a block's parent is not a shared type")]
    InvalidParent,
    /// A map entry without a key, or a sequence element with one.
    #[error("a block's map key does not fit its parent")]
    KeyMismatch,
    /// Content of a kind its parent does not hold (characters outside a text, values or
    /// types inside one).
    #[error("a block holds content its parent does not take")]
    ContentMismatch,
    /// Shared types nested deeper than the limit.
    #[error("shared types nested too deep")]
    TooDeep,
    /// A text would grow past the limit.
    #[error("a text would grow past {limit} characters")]
    TextTooLong {
        /// The limit, in UTF-16 units.
        limit: u64,
    },
}

/// A visible change an update makes, for the schema to judge.
#[derive(Debug, Clone, Copy)]
pub struct Touch<'a> {
    /// The root type it happens under.
    pub root: &'a str,
    /// The map keys from the root down to the type it happens in (`None` for a sequence
    /// element on the way).
    pub path: &'a [Option<Arc<str>>],
    /// The block's own map key, if it is a map entry.
    pub key: Option<&'a str>,
    /// What happens.
    pub kind: TouchKind,
}

/// What a [`Touch`] does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TouchKind {
    /// A new block with this content.
    Insert(ContentShape),
    /// A block that was there is deleted.
    Delete,
}

/// A nested shared type.
#[derive(Debug, Clone)]
pub(crate) struct Branch {
    pub(crate) kind: TypeKind,
    pub(crate) parent: Parent,
    pub(crate) root: Arc<str>,
    /// Keys from the root down to this type, inclusive.
    pub(crate) path: Arc<[Option<Arc<str>>]>,
    pub(crate) deleted: bool,
    /// For texts: the length of what is not deleted.
    pub(crate) visible_len: u64,
}

/// Where every block of one document sits. See the module documentation.
#[derive(Debug, Clone)]
pub struct Ledger {
    roots: RootKinds,
    limits: LedgerLimits,
    clients: HashMap<u64, Spans>,
    branches: HashMap<BlockId, Branch>,
    /// Length of each root text, by root name.
    root_lengths: HashMap<Arc<str>, u64>,
}

impl Ledger {
    /// An empty ledger for a document made of `roots`.
    pub fn new(roots: RootKinds, limits: LedgerLimits) -> Self {
        Ledger { roots, limits, clients: HashMap::new(), branches: HashMap::new(), root_lengths: HashMap::new() }
    }

    /// An empty ledger with the same roots and limits.
    pub fn emptied(&self) -> Ledger {
        Ledger::new(self.roots, self.limits)
    }

    /// The clock after a client's last block.
    pub fn state(&self, client: u64) -> u32 {
        self.clients.get(&client).map_or(0, Spans::state)
    }

    /// Records an accepted plan, once yrs has applied its update.
    pub fn commit(&mut self, plan: Plan) {
        let plan::Planned { spans, branches } = plan.into_parts();
        self.branches.extend(branches);
        let mut grown: Vec<(Parent, u32)> = Vec::new();
        for (client, planned) in spans {
            let record = self.clients.entry(client).or_default();
            for span in planned.iter() {
                if let (Place::In { parent, key: None }, None, false) = (&span.place, span.branch, span.deleted) {
                    grown.push((parent.clone(), span.len));
                }
                record.push(span.clone());
            }
        }
        for (parent, len) in grown {
            self.resize(&parent, |length| length.saturating_add(u64::from(len)));
        }
    }

    /// Records an update that is already in the document and whose delete set is exactly
    /// what it deleted: a transaction the server made itself, or a document's whole state.
    pub fn record(&mut self, update: &UpdateShape) -> Result<(), LedgerError> {
        let plan = self.plan(update, &mut |_| {})?;
        self.commit(plan);
        for entry in &update.deletes {
            for &(clock, len) in &entry.ranges {
                self.mark_deleted(entry.client, clock, len);
            }
        }
        Ok(())
    }

    /// Records that `start..start + len` of `client` was deleted.
    pub fn mark_deleted(&mut self, client: u64, start: u32, len: u32) {
        let Some(spans) = self.clients.get_mut(&client) else { return };
        let mut shrunk: Vec<(Parent, u32)> = Vec::new();
        let mut deleted_branches: Vec<BlockId> = Vec::new();
        spans.mark_deleted(start, len, |span| {
            if span.branch.is_some() {
                deleted_branches.push(BlockId { client, clock: span.start });
            } else if let Place::In { parent, key: None } = &span.place {
                shrunk.push((parent.clone(), span.len));
            }
        });
        for id in deleted_branches {
            if let Some(branch) = self.branches.get_mut(&id) {
                branch.deleted = true;
            }
        }
        for (parent, len) in shrunk {
            self.resize(&parent, |length| length.saturating_sub(u64::from(len)));
        }
    }

    /// How many spans and nested types it holds: its memory is about 64 bytes per span.
    pub fn size(&self) -> (usize, usize) {
        (self.clients.values().map(Spans::len).sum(), self.branches.len())
    }

    /// Changes the visible length of a type's sequence (tracked for every type, judged for texts).
    fn resize(&mut self, parent: &Parent, change: impl FnOnce(u64) -> u64) {
        let length = match parent {
            Parent::Root(name) => Some(self.root_lengths.entry(Arc::clone(name)).or_default()),
            Parent::Branch(id) => self.branches.get_mut(id).map(|branch| &mut branch.visible_len),
        };
        if let Some(length) = length {
            *length = change(*length);
        }
    }

    fn length(&self, parent: &Parent) -> u64 {
        match parent {
            Parent::Root(name) => self.root_lengths.get(name).copied().unwrap_or(0),
            Parent::Branch(id) => self.branches.get(id).map_or(0, |branch| branch.visible_len),
        }
    }

    fn root_kind(&self, name: &str) -> Option<TypeKind> {
        self.roots.iter().find(|(root, _)| *root == name).map(|(_, kind)| *kind)
    }
}

pub(crate) use spans::Place;
