//! What an update removes, and how long it makes each text.

use super::plan::Planner;
use super::spans::{Place, Span};
use super::{LedgerError, Touch, TouchKind};
use crate::wire::{ClientDeletes, TypeKind};

impl Planner<'_, '_> {
    /// Reports what the delete set removes that is still there.
    pub(super) fn touch_deletions(&mut self, deletes: &[ClientDeletes]) -> Result<(), LedgerError> {
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

    pub(super) fn check_text_lengths(&self) -> Result<(), LedgerError> {
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
