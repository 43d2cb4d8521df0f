//! Restore points while people write: the content room takes one at most every
//! [`crate::history::PointSettings::every`], and only when its clients changed the board
//! since the last one, so an idle board takes none. The point is stored beside the room's
//! work, so writing it never holds up the board.

use std::time::Instant;

use super::Room;
use crate::history::{EVERY_FEW_MINUTES, point_of};

/// When the room last took a point, and whether its clients wrote since.
pub(super) struct PointClock {
    last: Instant,
    written: bool,
}

impl PointClock {
    pub(super) fn new() -> PointClock {
        PointClock { last: Instant::now(), written: false }
    }
}

impl Room {
    /// A client's update changed the document.
    pub(super) fn note_written(&mut self) {
        if let Some(clock) = &mut self.points {
            clock.written = true;
        }
    }

    /// Takes a restore point if one is due.
    pub(super) fn take_point_if_due(&mut self) {
        let every = self.settings.points.every;
        let Some(clock) = &mut self.points else { return };
        if !clock.written || clock.last.elapsed() < every {
            return;
        }
        *clock = PointClock { last: Instant::now(), written: false };
        let point = point_of(self.document.doc(), EVERY_FEW_MINUTES.to_owned(), crate::access::now_ms());
        let (store, key, kept) = (std::sync::Arc::clone(&self.store), self.key, self.settings.points.kept);
        self.tasks.spawn(async move {
            if let Err(err) = store.save_point(key, point, kept).await {
                tracing::warn!(board = %key, %err, "a restore point could not be stored");
            }
        });
    }
}
