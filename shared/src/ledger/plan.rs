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
use super::{Branch, Ledger, LedgerError, Touch, TouchKind};
use crate::wire::UpdateShape;
use crate::wire::{BlockId, BlockKind, BlockShape, ClientDeletes, ClientSection, ContentShape, ItemShape, TypeKind};

/// What an accepted update adds to the ledger, to [`Ledger::commit`] once yrs has applied it.
#[derive(Debug, Default)]
pub struct Plan {
    spans: HashMap<u64, Spans>,
    branches: HashMap<BlockId, Branch>,
    deletes_something: bool,
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
struct ParentInfo {
    kind: Option<TypeKind>,
    depth: usize,
    root: Arc<str>,
    path: Arc<[Option<Arc<str>>]>,
    /// The type, or one that holds it, is deleted: nothing in it is visible.
    dead: bool,
}

struct Planner<'a, 't> {
    ledger: &'a Ledger,
    plan: Plan,
    /// Net change of each text's visible length.
    growth: HashMap<Parent, i64>,
    touch: &'t mut dyn FnMut(Touch<'_>),
    no_path: Arc<[Option<Arc<str>>]>,
}

impl Planner<'_, '_> {
    /// The clock after a client's last block, counting blocks placed so far.
    fn state(&self, client: u64) -> u32 {
        self.plan.spans.get(&client).map_or_else(|| self.ledger.state(client), Spans::state)
    }

    fn is_known(&self, id: BlockId) -> bool {
        id.clock < self.state(id.client)
    }

    fn span_at(&self, id: BlockId) -> Option<&Span> {
        if id.clock < self.ledger.state(id.client) {
            self.ledger.clients.get(&id.client)?.find(id.clock)
        } else {
            self.plan.spans.get(&id.client)?.find(id.clock)
        }
    }

    fn branch(&self, id: &BlockId) -> Option<&Branch> {
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

    /// An element written at the very start of a sequence names as its right neighbour the
    /// sequence's first element, which was itself written at the start. One that names an
    /// element further in would land wherever yrs's scan for it ends, differently in each
    /// replica.
    fn check_first_in_sequence(&self, right: BlockId) -> Result<(), LedgerError> {
        match self.span_at(right) {
            Some(span) if matches!(span.place, Place::Gone) => Ok(()),
            Some(span) if span.start == right.clock && span.bare_start => Ok(()),
            _ => Err(LedgerError::InconsistentPlacement),
        }
    }

    /// Where an item goes: its explicit parent, its left neighbour's place and its right
    /// neighbour's place must all agree, as they always do for an honest client.
    fn resolve_place(
        &self,
        item: &ItemShape,
        left: Option<BlockId>,
        original: Option<BlockId>,
    ) -> Result<Place, LedgerError> {
        let explicit = match &item.parent {
            Some(crate::wire::ParentShape::Root(name)) => {
                Some(Place::In { parent: Parent::Root(Arc::clone(name)), key: item.key.clone() })
            }
            Some(crate::wire::ParentShape::Item(parent)) => Some(self.parent_item(*parent, item.key.clone())?),
            None => None,
        };
        let neighbours = [left, original, item.right_origin]
            .into_iter()
            .flatten()
            .map(|id| self.span_at(id).map(|span| span.place.clone()).ok_or(LedgerError::MissingDependency));
        let mut found: Option<Place> = None;
        for candidate in explicit.into_iter().map(Ok).chain(neighbours) {
            let candidate = candidate?;
            match &found {
                None => found = Some(candidate),
                Some(place) if *place == candidate => {}
                Some(_) => return Err(LedgerError::InconsistentPlacement),
            }
        }
        found.ok_or(LedgerError::InvalidParent)
    }

    /// The place under a parent named by id: a shared type, or gone with it.
    fn parent_item(&self, parent: BlockId, key: Option<Arc<str>>) -> Result<Place, LedgerError> {
        let span = self.span_at(parent).ok_or(LedgerError::MissingDependency)?;
        match (&span.place, span.branch) {
            (Place::Gone, _) => Ok(Place::Gone),
            (_, Some(_)) => Ok(Place::In { parent: Parent::Branch(parent), key }),
            (_, None) => Err(LedgerError::InvalidParent),
        }
    }

    /// Checks an item against its parent, records a new shared type, and reports the change.
    /// Returns the span's branch kind and whether it arrives deleted.
    fn note_item(
        &mut self,
        client: u64,
        start: u32,
        len: u32,
        item: &ItemShape,
        place: &Place,
    ) -> Result<(Option<TypeKind>, bool), LedgerError> {
        let Place::In { parent, key } = place else { return Ok((None, false)) };
        if key.is_some() && item.right_origin.is_some() {
            // Yjs and yrs write a map entry after the key's current value with nothing to its
            // right; one that claims a right neighbour would land wherever the scan for it
            // ends, differently in every replica.
            return Err(LedgerError::InconsistentPlacement);
        }
        let info = self.parent_info(parent)?;
        match (info.kind, key) {
            (Some(TypeKind::Map), None) | (Some(TypeKind::Text | TypeKind::Array), Some(_)) => {
                return Err(LedgerError::KeyMismatch);
            }
            _ => {}
        }
        // Characters belong in texts, and texts hold only characters: yrs reads a string in
        // an array or a map by clock offsets that can stop inside a character and never
        // move on, and a value or type inside a text is nothing a board writes.
        match (info.kind, item.content) {
            (_, ContentShape::Deleted) | (None, _) => {}
            (Some(TypeKind::Text), ContentShape::String) => {}
            (Some(TypeKind::Text), _) | (Some(TypeKind::Array | TypeKind::Map), ContentShape::String) => {
                return Err(LedgerError::ContentMismatch);
            }
            (Some(TypeKind::Array | TypeKind::Map), _) => {}
        }
        let branch = match item.content {
            ContentShape::Type(kind) => Some(kind),
            _ => None,
        };
        if let Some(kind) = branch {
            if info.depth + 1 > self.ledger.limits.max_type_depth {
                return Err(LedgerError::TooDeep);
            }
            let path: Arc<[Option<Arc<str>>]> = info.path.iter().cloned().chain([key.clone()]).collect();
            let new_branch = Branch {
                kind,
                parent: parent.clone(),
                root: Arc::clone(&info.root),
                path,
                deleted: false,
                visible_len: 0,
            };
            self.plan.branches.insert(BlockId { client, clock: start }, new_branch);
        }
        let deleted = matches!(item.content, ContentShape::Deleted);
        // Deleted content changes nothing in a sequence; as a map entry it can still win its
        // key and so remove the value that was there.
        if !info.dead && (!deleted || key.is_some()) {
            let touch = Touch {
                root: &info.root,
                path: &info.path,
                key: key.as_deref(),
                kind: TouchKind::Insert(item.content),
            };
            (self.touch)(touch);
        }
        if !info.dead && !deleted && key.is_none() && info.kind == Some(TypeKind::Text) {
            *self.growth.entry(parent.clone()).or_default() += i64::from(len);
        }
        Ok((branch, deleted))
    }

    fn parent_info(&self, parent: &Parent) -> Result<ParentInfo, LedgerError> {
        match parent {
            Parent::Root(name) => Ok(ParentInfo {
                kind: self.ledger.root_kind(name),
                depth: 0,
                root: Arc::clone(name),
                path: Arc::clone(&self.no_path),
                dead: false,
            }),
            Parent::Branch(id) => {
                let branch = self.branch(id).ok_or(LedgerError::InvalidParent)?;
                Ok(ParentInfo {
                    kind: Some(branch.kind),
                    depth: branch.path.len(),
                    root: Arc::clone(&branch.root),
                    path: Arc::clone(&branch.path),
                    dead: self.is_dead(*id),
                })
            }
        }
    }

    /// Whether a type or one that holds it is deleted.
    fn is_dead(&self, mut id: BlockId) -> bool {
        while let Some(branch) = self.branch(&id) {
            if branch.deleted {
                return true;
            }
            match &branch.parent {
                Parent::Root(_) => return false,
                Parent::Branch(parent) => id = *parent,
            }
        }
        false
    }

    /// Reports what the delete set removes that is still there.
    fn touch_deletions(&mut self, deletes: &[ClientDeletes]) -> Result<(), LedgerError> {
        for entry in deletes {
            let state = self.state(entry.client);
            let recorded = self.ledger.state(entry.client);
            let mut removed: Vec<(Place, u32)> = Vec::new();
            for &(clock, len) in &entry.ranges {
                if clock + len > state {
                    return Err(LedgerError::MissingDependency);
                }
                let mut collect = |span: &Span, part: u32| removed.push((span.place.clone(), part));
                if clock < recorded
                    && let Some(spans) = self.ledger.clients.get(&entry.client)
                {
                    spans.visit_live(clock, len.min(recorded - clock), &mut collect);
                }
                if clock + len > recorded
                    && let Some(spans) = self.plan.spans.get(&entry.client)
                {
                    let from = clock.max(recorded);
                    spans.visit_live(from, clock + len - from, &mut collect);
                }
            }
            for (place, part) in removed {
                let Place::In { parent, key } = place else { continue };
                let info = self.parent_info(&parent)?;
                if info.dead {
                    continue;
                }
                self.plan.deletes_something = true;
                (self.touch)(Touch {
                    root: &info.root,
                    path: &info.path,
                    key: key.as_deref(),
                    kind: TouchKind::Delete,
                });
                if key.is_none() && info.kind == Some(TypeKind::Text) {
                    *self.growth.entry(parent).or_default() -= i64::from(part);
                }
            }
        }
        Ok(())
    }

    fn check_text_lengths(&self) -> Result<(), LedgerError> {
        let limit = self.ledger.limits.max_text_len;
        for (parent, change) in &self.growth {
            if *change <= 0 {
                continue;
            }
            let current = i64::try_from(self.ledger.length(parent)).unwrap_or(i64::MAX);
            if current.saturating_add(*change) > i64::try_from(limit).unwrap_or(i64::MAX) {
                return Err(LedgerError::TextTooLong { limit });
            }
        }
        Ok(())
    }
}
