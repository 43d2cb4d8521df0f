//! Placing a block: where it goes, whether its parent takes it, and what it changes.
//!
//! An item's place comes from its explicit parent or from its neighbours, and all of them
//! must agree; the parent must be a shared type that takes the item's key and content; a
//! new shared type must not nest too deep. What yrs and Yjs would place differently (or
//! in a loop, or never read back) is refused here.

use std::sync::Arc;

use super::plan::{ParentInfo, Planner};
use super::spans::{Parent, Place};
use super::{Branch, LedgerError, Touch, TouchKind};
use crate::wire::{BlockId, ContentShape, ItemShape, TypeKind};

impl Planner<'_, '_> {
    /// An element written at the very start of a sequence names as its right neighbour the
    /// sequence's first element, which was itself written at the start. One that names an
    /// element further in would land wherever yrs's scan for it ends, differently in each
    /// replica.
    pub(super) fn check_first_in_sequence(&self, right: BlockId) -> Result<(), LedgerError> {
        match self.span_at(right) {
            Some(span) if matches!(span.place, Place::Gone) => Ok(()),
            Some(span) if span.start == right.clock && span.bare_start => Ok(()),
            _ => Err(LedgerError::InconsistentPlacement),
        }
    }

    /// Where an item goes: its explicit parent, its left neighbour's place and its right
    /// neighbour's place must all agree, as they always do for an honest client.
    pub(super) fn resolve_place(
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
    pub(super) fn parent_item(&self, parent: BlockId, key: Option<Arc<str>>) -> Result<Place, LedgerError> {
        let span = self.span_at(parent).ok_or(LedgerError::MissingDependency)?;
        match (&span.place, span.branch) {
            (Place::Gone, _) => Ok(Place::Gone),
            (_, Some(_)) => Ok(Place::In { parent: Parent::Branch(parent), key }),
            (_, None) => Err(LedgerError::InvalidParent),
        }
    }

    /// Checks an item against its parent, records a new shared type, and reports the change.
    /// Returns the span's branch kind and whether it arrives deleted.
    pub(super) fn note_item(
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

    pub(super) fn parent_info(&self, parent: &Parent) -> Result<ParentInfo, LedgerError> {
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
    pub(super) fn is_dead(&self, mut id: BlockId) -> bool {
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
}
