//! The rules a board's rooms enforce, read from its governed document.
//!
//! The board's task owns the rules: after every change to the governed document (a command
//! on this instance, or an update from another instance in Redis mode) it recomputes
//! [`BoardRules`] and hands them to every room of the board before it handles anything else,
//! so a rule is in force by the time the change that made it is answered. Each room applies
//! them at once: who may write, who is removed. The rules themselves, and every check made
//! with them, are pure code in [`polyphony_shared::governance`], shared with the web client.

use std::sync::Arc;

pub use polyphony_shared::governance::BoardRules;

/// The rules as one board's rooms share them.
pub type SharedRules = Arc<BoardRules>;
