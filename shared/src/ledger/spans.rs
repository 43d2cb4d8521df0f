//! One client's blocks as the ledger keeps them: runs of clocks with one place each.
//!
//! A client's clocks start at 0 and have no holes, so its spans cover `0..state` in order
//! and a clock is found by binary search. Typing in one text gives runs of consecutive
//! clocks with the same parent, which merge into one span; deleting part of a span splits it.

use std::sync::Arc;

use crate::wire::{BlockId, TypeKind};

/// Where a block sits in the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Place {
    /// Nowhere: garbage-collected, or integrated as garbage because its parent is gone.
    Gone,
    /// In a parent type, under a map key or (without one) in its sequence.
    In {
        /// The type that holds it.
        parent: Parent,
        /// Its map key.
        key: Option<Arc<str>>,
    },
}

/// A type that holds blocks.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Parent {
    /// A root type, by name.
    Root(Arc<str>),
    /// A nested type, by the id of the item that holds it.
    Branch(BlockId),
}

/// A run of clocks of one client with the same place and state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Span {
    pub(crate) start: u32,
    pub(crate) len: u32,
    pub(crate) place: Place,
    /// Set for an item holding a shared type (always one clock long).
    pub(crate) branch: Option<TypeKind>,
    pub(crate) deleted: bool,
    /// The first clock was written with no left origin: it was the first element of its
    /// sequence when it was made. (Every later clock of a span has the clock before it as
    /// its left origin.)
    pub(crate) bare_start: bool,
}

impl Span {
    pub(crate) fn end(&self) -> u32 {
        self.start + self.len
    }

    /// Whether `next` continues this span as one run.
    fn absorbs(&self, next: &Span) -> bool {
        let unkeyed = matches!(&self.place, Place::Gone | Place::In { key: None, .. });
        self.end() == next.start
            && unkeyed
            && self.branch.is_none()
            && next.branch.is_none()
            && self.deleted == next.deleted
            && !next.bare_start
            && self.place == next.place
    }
}

/// A client's spans, covering `base..state` without holes (`base` is 0 for the document's
/// own record, the document's state for the spans an update plans to add).
#[derive(Debug, Default, Clone)]
pub(crate) struct Spans {
    base: u32,
    spans: Vec<Span>,
}

impl Spans {
    /// Spans that will start at `base`.
    pub(crate) fn starting_at(base: u32) -> Self {
        Spans { base, spans: Vec::new() }
    }

    /// The clock after the last span.
    pub(crate) fn state(&self) -> u32 {
        self.spans.last().map_or(self.base, Span::end)
    }

    /// The spans in clock order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &Span> {
        self.spans.iter()
    }

    /// The span holding `clock`.
    pub(crate) fn find(&self, clock: u32) -> Option<&Span> {
        self.index_of(clock).map(|index| &self.spans[index])
    }

    fn index_of(&self, clock: u32) -> Option<usize> {
        let index = self.spans.partition_point(|span| span.end() <= clock);
        (index < self.spans.len() && self.spans[index].start <= clock).then_some(index)
    }

    /// Appends a span that starts at the current state, merging it into the last one if it
    /// continues it.
    pub(crate) fn push(&mut self, span: Span) {
        debug_assert_eq!(span.start, self.state(), "spans stay contiguous");
        if let Some(last) = self.spans.last_mut()
            && last.absorbs(&span)
        {
            last.len += span.len;
            return;
        }
        self.spans.push(span);
    }

    /// Marks `start..start + len` deleted and calls `deleted` with each part that was not
    /// deleted before. Clocks past the state are ignored.
    pub(crate) fn mark_deleted(&mut self, start: u32, len: u32, mut deleted: impl FnMut(&Span)) {
        let end = start.saturating_add(len).min(self.state());
        let mut clock = start;
        while clock < end {
            let Some(index) = self.index_of(clock) else { return };
            let span = &self.spans[index];
            let span_end = span.end();
            if span.deleted {
                clock = span_end;
                continue;
            }
            let index = self.split_at(index, clock);
            let part_end = span_end.min(end);
            self.split_at(index, part_end);
            let part = &mut self.spans[index];
            part.deleted = true;
            deleted(part);
            clock = part_end;
        }
    }

    /// Visits the parts of `start..start + len` that are not deleted, without changing anything.
    pub(crate) fn visit_live(&self, start: u32, len: u32, mut visit: impl FnMut(&Span, u32)) {
        let end = start.saturating_add(len).min(self.state());
        let mut clock = start;
        while clock < end {
            let Some(index) = self.index_of(clock) else { return };
            let span = &self.spans[index];
            let part_end = span.end().min(end);
            if !span.deleted {
                visit(span, part_end - clock);
            }
            clock = part_end;
        }
    }

    /// Splits the span at `index` so that a span starts at `clock`; returns that span's index.
    fn split_at(&mut self, index: usize, clock: u32) -> usize {
        let Some(span) = self.spans.get(index) else { return index };
        if clock <= span.start || clock >= span.end() {
            return if clock >= span.end() { index + 1 } else { index };
        }
        let mut right = span.clone();
        right.start = clock;
        right.len = span.end() - clock;
        right.bare_start = false;
        self.spans[index].len = clock - span.start;
        self.spans.insert(index + 1, right);
        index + 1
    }

    /// How many spans it holds (for memory accounting).
    pub(crate) fn len(&self) -> usize {
        self.spans.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_span(start: u32, len: u32) -> Span {
        Span {
            start,
            len,
            place: Place::In { parent: Parent::Root("t".into()), key: None },
            branch: None,
            deleted: false,
            bare_start: false,
        }
    }

    #[test]
    fn typing_merges_and_deleting_splits() {
        let mut spans = Spans::default();
        for clock in 0..5 {
            spans.push(text_span(clock, 1));
        }
        assert_eq!((spans.len(), spans.state()), (1, 5));
        let mut newly = Vec::new();
        spans.mark_deleted(1, 2, |span| newly.push((span.start, span.len)));
        assert_eq!(newly, vec![(1, 2)]);
        assert_eq!(spans.len(), 3);
        // Deleting again deletes nothing new.
        spans.mark_deleted(0, 5, |span| newly.push((span.start, span.len)));
        assert_eq!(newly, vec![(1, 2), (0, 1), (3, 2)]);
        assert!(spans.find(4).is_some_and(|span| span.deleted));
        assert!(spans.find(5).is_none());
    }

    #[test]
    fn live_parts_are_visited_once() {
        let mut spans = Spans::default();
        spans.push(text_span(0, 10));
        spans.mark_deleted(2, 3, |_| {});
        let mut seen = Vec::new();
        spans.visit_live(0, 100, |span, len| seen.push((span.start, len)));
        assert_eq!(seen, vec![(0, 2), (5, 5)]);
    }
}
