//! Planning an update: ordering its blocks, placing each one, and reporting what it changes.
//!
//! Blocks are placed in dependency order, the way yrs integrates them: a block waits for
//! its origins and parent, which may belong to another client's section of the same update.
//! That section is then taken up until it has placed the block needed, and set aside again.
//! Every section taken up places at least one block, so ordering costs time in proportion to
//! the update. A block that needs a section already waiting (directly or through others)
//! closes a cycle and is refused.

use std::collections::HashMap;
use std::sync::Arc;

use super::spans::{Parent, Place, Span, Spans};
use super::{Branch, Ledger, LedgerError, Touch};
use crate::wire::UpdateShape;
use crate::wire::{BlockId, BlockKind, BlockShape, ClientSection, TypeKind};

/// What an accepted update adds to the ledger, to [`Ledger::commit`] once yrs has applied it.
#[derive(Debug, Default)]
pub struct Plan {
    pub(super) spans: HashMap<u64, Spans>,
    pub(super) branches: HashMap<BlockId, Branch>,
    pub(super) deletes_something: bool,
}

/// A plan taken apart for committing.
pub(crate) struct Planned {
    pub(crate) spans: HashMap<u64, Spans>,
    pub(crate) branches: HashMap<BlockId, Branch>,
}

impl Plan {
    /// Whether applying the update changes the document at all: it adds blocks, or deletes
    /// something not deleted yet. An update the document already holds changes nothing.
    pub fn changes_document(&self) -> bool {
        self.deletes_something || self.spans.values().any(|spans| spans.len() > 0)
    }

    /// Each client the update adds blocks for, with its clock once they are in.
    pub fn states(&self) -> impl Iterator<Item = (u64, u32)> + '_ {
        self.spans.iter().map(|(client, spans)| (*client, spans.state()))
    }

    pub(crate) fn into_parts(self) -> Planned {
        Planned { spans: self.spans, branches: self.branches }
    }
}

impl Ledger {
    /// Judges an update against the document as the ledger records it; calls `touch` with
    /// every visible change it would make. Changes nothing: see [`Ledger::commit`].
    pub fn plan(&self, update: &UpdateShape, touch: &mut dyn FnMut(Touch<'_>)) -> Result<Plan, LedgerError> {
        let mut planner =
            Planner { ledger: self, plan: Plan::default(), growth: HashMap::new(), touch, no_path: Arc::from([]) };
        planner.place_sections(&update.sections)?;
        planner.touch_deletions(&update.deletes)?;
        planner.check_text_lengths()?;
        Ok(planner.plan)
    }
}

/// What the planner knows about the type a block goes into.
pub(super) struct ParentInfo {
    pub(super) kind: Option<TypeKind>,
    pub(super) depth: usize,
    pub(super) root: Arc<str>,
    pub(super) path: Arc<[Option<Arc<str>>]>,
    /// The type, or one that holds it, is deleted: nothing in it is visible.
    pub(super) dead: bool,
}

/// Plans one update against one ledger.
pub(super) struct Planner<'a, 't> {
    pub(super) ledger: &'a Ledger,
    pub(super) plan: Plan,
    /// Net change of each text's visible length.
    pub(super) growth: HashMap<Parent, i64>,
    pub(super) touch: &'t mut dyn FnMut(Touch<'_>),
    pub(super) no_path: Arc<[Option<Arc<str>>]>,
}

impl Planner<'_, '_> {
    /// The clock after a client's last block, counting blocks placed so far.
    pub(super) fn state(&self, client: u64) -> u32 {
        self.plan.spans.get(&client).map_or_else(|| self.ledger.state(client), Spans::state)
    }

    pub(super) fn is_known(&self, id: BlockId) -> bool {
        id.clock < self.state(id.client)
    }

    pub(super) fn span_at(&self, id: BlockId) -> Option<&Span> {
        if id.clock < self.ledger.state(id.client) {
            self.ledger.clients.get(&id.client)?.find(id.clock)
        } else {
            self.plan.spans.get(&id.client)?.find(id.clock)
        }
    }

    pub(super) fn branch(&self, id: &BlockId) -> Option<&Branch> {
        self.plan.branches.get(id).or_else(|| self.ledger.branches.get(id))
    }

    fn place_sections(&mut self, sections: &[ClientSection]) -> Result<(), LedgerError> {
        let index: HashMap<u64, usize> =
            sections.iter().enumerate().map(|(position, section)| (section.client, position)).collect();
        let mut cursors = vec![0usize; sections.len()];
        // Sections on the stack: each waits for the one above it.
        let mut waiting = vec![false; sections.len()];
        for first in 0..sections.len() {
            // A section taken up for another runs only until it has placed the block needed.
            let mut stack: Vec<(usize, Option<u32>)> = vec![(first, None)];
            waiting[first] = true;
            while let Some(&(current, until)) = stack.last() {
                let section = &sections[current];
                let state = self.state(section.client);
                let block = section.blocks.get(cursors[current]);
                let Some(block) = block.filter(|_| until.is_none_or(|needed| state <= needed)) else {
                    stack.pop();
                    waiting[current] = false;
                    continue;
                };
                if block.clock > state {
                    return Err(LedgerError::MissingDependency); // A hole before it.
                }
                // Dependencies count even for a block the document already holds: Yjs checks
                // them before it skips the block, and parks everything after it if one is missing.
                match self.missing_dependency(block) {
                    None if block.clock + block.len <= state => cursors[current] += 1, // Already held.
                    None => {
                        self.place_block(section.client, block, state)?;
                        cursors[current] += 1;
                    }
                    Some(needed) => {
                        let next = *index.get(&needed.client).ok_or(LedgerError::MissingDependency)?;
                        if cursors[next] >= sections[next].blocks.len() || needed.clock >= sections[next].end() {
                            return Err(LedgerError::MissingDependency);
                        }
                        // The section it needs waits (directly or not) for this one.
                        if waiting[next] {
                            return Err(LedgerError::Cycle);
                        }
                        stack.push((next, Some(needed.clock)));
                        waiting[next] = true;
                    }
                }
            }
        }
        Ok(())
    }

    /// The first block this one builds on that is not placed yet. The block's own origin
    /// counts even when the block is trimmed to a new part that builds on the part before it.
    fn missing_dependency(&self, block: &BlockShape) -> Option<BlockId> {
        let BlockKind::Item(item) = &block.kind else { return None };
        let parent = match &item.parent {
            Some(crate::wire::ParentShape::Item(parent)) => Some(*parent),
            _ => None,
        };
        [item.origin, item.right_origin, parent].into_iter().flatten().find(|id| !self.is_known(*id))
    }

    fn place_block(&mut self, client: u64, block: &BlockShape, state: u32) -> Result<(), LedgerError> {
        let trimmed = state - block.clock;
        let (start, len) = (state, block.len - trimmed);
        let mut bare_start = false;
        let place = match &block.kind {
            BlockKind::Skip => return Ok(()), // Holds nothing; what follows it is a hole.
            BlockKind::Gc => Place::Gone,
            BlockKind::Item(item) => {
                let left = if trimmed > 0 { Some(BlockId { client, clock: state - 1 }) } else { item.origin };
                if left.is_some() && left == item.right_origin {
                    // Between an element and itself: no honest client writes it, and yrs
                    // then links the item into its list in a loop.
                    return Err(LedgerError::InconsistentPlacement);
                }
                // A trimmed block sits after the part before it, and Yjs takes its parent from
                // its own origin: both must name the same place.
                let original = if trimmed > 0 { item.origin } else { None };
                let place = self.resolve_place(item, left, original)?;
                bare_start = left.is_none();
                if let (Place::In { key: None, .. }, None, Some(right)) = (&place, left, item.right_origin) {
                    self.check_first_in_sequence(right)?;
                }
                place
            }
        };
        let (branch, deleted) = match &block.kind {
            BlockKind::Item(item) => self.note_item(client, start, len, item, &place)?,
            _ => (None, false),
        };
        let spans = self.plan.spans.entry(client).or_insert_with(|| Spans::starting_at(start));
        spans.push(Span { start, len, place, branch, deleted, bare_start });
        Ok(())
    }
}
