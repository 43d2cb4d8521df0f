//! The websocket close codes the server uses, and what each one means.
//!
//! A client that sees one of these knows whether to reconnect: [`CloseReason::should_reconnect`].
//! The README lists the same table for operators.

/// Why the server closed a board socket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseReason {
    /// 1001: the server is shutting down or the board is being unloaded.
    GoingAway,
    /// 1003: a text frame or a y-websocket message type the server does not accept.
    UnsupportedMessage,
    /// 1007: a frame that does not decode, or an update that yrs rejects.
    MalformedFrame,
    /// 1008: more messages than the per-connection rate limit allows.
    RateLimited,
    /// 1009: a frame larger than the configured maximum message size.
    MessageTooBig,
    /// 1011: the server could not store an update; nothing from the batch was broadcast.
    InternalError,
    /// 4000: the client did not read its messages in time and could not be resynced.
    TooSlow,
    /// 4001: the client sent nothing, not even a pong, for too long.
    Unresponsive,
    /// 4003: no valid token, or the participant was removed by a facilitator.
    NotAllowed,
    /// 4004: the board was deleted, by its facilitator or the operator; nothing is left to
    /// come back to.
    BoardDeleted,
}

impl CloseReason {
    /// Every close reason, for documentation and tests.
    pub const ALL: [CloseReason; 10] = [
        CloseReason::GoingAway,
        CloseReason::UnsupportedMessage,
        CloseReason::MalformedFrame,
        CloseReason::RateLimited,
        CloseReason::MessageTooBig,
        CloseReason::InternalError,
        CloseReason::TooSlow,
        CloseReason::Unresponsive,
        CloseReason::NotAllowed,
        CloseReason::BoardDeleted,
    ];

    /// The numeric close code sent in the close frame.
    pub fn code(self) -> u16 {
        match self {
            CloseReason::GoingAway => 1001,
            CloseReason::UnsupportedMessage => 1003,
            CloseReason::MalformedFrame => 1007,
            CloseReason::RateLimited => 1008,
            CloseReason::MessageTooBig => 1009,
            CloseReason::InternalError => 1011,
            CloseReason::TooSlow => 4000,
            CloseReason::Unresponsive => 4001,
            CloseReason::NotAllowed => 4003,
            CloseReason::BoardDeleted => 4004,
        }
    }

    /// The reason text sent in the close frame (well under the 123-byte limit).
    pub fn reason(self) -> &'static str {
        match self {
            CloseReason::GoingAway => "server going away",
            CloseReason::UnsupportedMessage => "unsupported message",
            CloseReason::MalformedFrame => "malformed frame",
            CloseReason::RateLimited => "rate limit exceeded",
            CloseReason::MessageTooBig => "message too big",
            CloseReason::InternalError => "internal error",
            CloseReason::TooSlow => "client too slow",
            CloseReason::Unresponsive => "client unresponsive",
            CloseReason::NotAllowed => "not allowed on this board",
            CloseReason::BoardDeleted => "board deleted",
        }
    }

    /// The reason for a numeric code, if it is one of ours.
    pub fn from_code(code: u16) -> Option<Self> {
        CloseReason::ALL.into_iter().find(|reason| reason.code() == code)
    }

    /// Whether a well-behaved client should reconnect (with backoff) after this close.
    ///
    /// A client closed for what it sent would only be closed again, so it should not.
    pub fn should_reconnect(self) -> bool {
        matches!(
            self,
            CloseReason::GoingAway | CloseReason::InternalError | CloseReason::TooSlow | CloseReason::Unresponsive
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_round_trip() {
        for reason in CloseReason::ALL {
            assert_eq!(CloseReason::from_code(reason.code()), Some(reason));
            assert!(reason.reason().len() < 123);
        }
        assert_eq!(CloseReason::from_code(1000), None);
    }
}
