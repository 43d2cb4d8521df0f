//! Replication between server instances that serve the same boards.
//!
//! With one instance (the embedded store) there is nothing to replicate and rooms get no
//! [`Replication`]. In Redis mode every room follows its document's log: updates other
//! instances stored arrive as [`RemoteEvent::Updates`], in log order and without gaps, and
//! presence frames from their clients as [`RemoteEvent::Awareness`]. A room publishes its own
//! clients' presence with [`Replication::publish_awareness`]; its updates need no publishing,
//! because storing them ([`crate::store::Store::append`]) is what makes them visible.

use bytes::Bytes;
use tokio::sync::mpsc;

use crate::store::{DocKey, Seq};

/// Something another instance did to a document this instance has loaded.
#[derive(Debug)]
pub enum RemoteEvent {
    /// Updates stored by other instances, in log order.
    Updates {
        /// A snapshot to apply first, when the log was compacted past what this room had read.
        snapshot: Option<Bytes>,
        /// v1 updates from other instances (this instance's own are left out: it has them).
        updates: Vec<Bytes>,
        /// The log position the room's document now covers without gaps.
        through: Seq,
    },
    /// A presence frame from a client of another instance, ready to forward as it is.
    Awareness(Bytes),
    /// The board was deleted (on any instance): its rooms stop without storing anything.
    Deleted,
}

/// A room's subscription to its document's changes on other instances; dropping it ends it.
pub struct Following {
    /// Events in the order they happened.
    pub events: mpsc::Receiver<RemoteEvent>,
    /// Ends the subscription when dropped.
    pub _subscription: Box<dyn Send + Sync>,
}

/// The channel between instances.
pub trait Replication: Send + Sync + 'static {
    /// Starts following a document whose log this instance has read through `after`.
    fn follow(&self, key: DocKey, after: Seq) -> Following;

    /// Sends a presence frame from one of this instance's clients to the other instances.
    fn publish_awareness(&self, key: DocKey, frame: Bytes);
}
