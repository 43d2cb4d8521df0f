//! The rules a board's rooms enforce, read from its governed document.
//!
//! The room of the governed document owns the rules: after every change to that document
//! (a command on this instance, or an update from another instance in Redis mode) it
//! recomputes [`BoardRules`] and publishes them on a watch channel. Every other room of the
//! board holds a receiver and applies them at once: who may write, who is removed. The rules
//! themselves, and every check made with them, are pure code in
//! [`polyphony_shared::governance`], shared with the web client.

use std::sync::Arc;

use tokio::sync::watch;

pub use polyphony_shared::governance::BoardRules;

/// The rules as one board's rooms share them.
pub type SharedRules = Arc<BoardRules>;

/// How a room takes part in its board's rules.
pub enum RulesLink {
    /// The governed document's room: it publishes the rules.
    Publishes(Arc<watch::Sender<SharedRules>>),
    /// Any other room: it follows them.
    Follows(watch::Receiver<SharedRules>),
}

impl RulesLink {
    /// The rules now.
    pub fn current(&self) -> SharedRules {
        match self {
            RulesLink::Publishes(sender) => sender.borrow().clone(),
            RulesLink::Follows(receiver) => receiver.borrow().clone(),
        }
    }

    /// Waits until the rules change; never resolves for the publishing room or once the
    /// publisher is gone for good.
    pub async fn changed(&mut self) -> SharedRules {
        if let RulesLink::Follows(receiver) = self
            && receiver.changed().await.is_ok()
        {
            return receiver.borrow_and_update().clone();
        }
        std::future::pending().await
    }
}
