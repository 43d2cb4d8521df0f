//! Who is on the other end of a request or socket, and what they may do.
//!
//! - [`token`]: signed tokens and facilitator keys ([`Signer`]).
//! - [`join_guard`]: slowing down join-code guessing per client address ([`JoinGuard`]).
//!
//! Every websocket and command carries a token; the server checks it before anything else
//! and then knows the board, the participant and the role ([`Access`]). Whether a
//! participant was removed is governed state, checked by the rooms ([`crate::room`]).

pub mod join_guard;
pub mod join_limit;
pub mod token;

use std::time::{SystemTime, UNIX_EPOCH};

pub use join_guard::JoinGuard;
pub use join_limit::{JoinLimiter, JoinLimits};
pub use token::{Claims, Signer, TokenError};

pub use polyphony_shared::governance::Access;

impl From<Claims> for Access {
    fn from(claims: Claims) -> Self {
        Access { participant: claims.participant, role: claims.role }
    }
}

/// The current time in milliseconds since the Unix epoch.
pub fn now_ms() -> u64 {
    let since_epoch = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    u64::try_from(since_epoch.as_millis()).unwrap_or(u64::MAX)
}
