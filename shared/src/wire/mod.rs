//! Strict checks of y-websocket frames and yrs updates before anything decodes them.
//!
//! The server receives bytes from anyone holding a join link. yrs's decoder trusts its input
//! in ways a server cannot: it recurses into nested values without limit (a 10 KB update can
//! overflow a thread's stack), reserves memory for declared counts before reading them (an
//! 8-byte frame can cost 512 MiB), wraps overflowing clocks, and accepts blocks that break
//! the invariants its own integration relies on (zero-length blocks, a client written twice,
//! unsorted delete ranges), some of which corrupt memory later. Yjs peers, which receive what
//! the server forwards, read some of those bytes differently again.
//!
//! This module reads the same bytes first and accepts only what an honest encoder writes.
//! It allocates in proportion to the input, recurses only to a fixed depth, and returns the
//! [`UpdateShape`] of each update, which the [`crate::ledger`] uses to judge where the update
//! writes before the document is touched.
//!
//! # Layout
//! - [`reader`]: minimal varints, bounded counts, UTF-8 strings.
//! - [`update`]: [`UpdateShape`], a checked v1 update.
//! - [`frame`]: [`scan_frame`], a checked y-websocket frame.
//! - `value`: JSON-like values with bounded nesting.

pub mod frame;
pub mod reader;
#[cfg(test)]
mod tests;
pub mod update;
mod value;

pub use frame::{MessageShape, scan_frame};
pub use update::{
    BlockId, BlockKind, BlockShape, ClientDeletes, ClientSection, ContentShape, ItemShape, MAX_CLOCK, ParentShape,
    TypeKind, UpdateShape,
};
pub use value::TextPrint;

use crate::CloseReason;

/// Bounds on what a frame or update may hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// How deep arrays and objects may nest inside item values.
    pub max_value_depth: usize,
    /// Whether skip blocks are accepted: the server's own merged updates may hold them,
    /// clients never send them.
    pub allow_skips: bool,
    /// Presence entries one awareness message may carry.
    pub max_presence_entries: usize,
    /// Bytes of one presence state (its JSON text).
    pub max_presence_bytes: usize,
}

impl Limits {
    /// What a client may send. A board's values are flat (a colour, a number, a name);
    /// sixteen levels leave room for any client library while staying far from a stack's
    /// end. A client announces its own presence, in a few hundred bytes.
    pub const CLIENT: Limits =
        Limits { max_value_depth: 16, allow_skips: false, max_presence_entries: 4, max_presence_bytes: 4096 };

    /// What the server reads back from its store or from other instances: the same checks,
    /// plus the skip blocks that merging held updates can produce.
    pub const STORED: Limits =
        Limits { max_value_depth: 16, allow_skips: true, max_presence_entries: 64, max_presence_bytes: 4096 };
}

/// Why bytes were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WireError {
    /// The bytes end in the middle of a value.
    #[error("truncated")]
    Truncated,
    /// A varint with padding bytes that no encoder writes.
    #[error("varint is not minimal")]
    NonCanonical,
    /// A number beyond what its field can hold.
    #[error("number out of range")]
    OutOfRange,
    /// A count larger than the remaining bytes could hold.
    #[error("count exceeds the bytes that follow")]
    CountExceedsBytes,
    /// A string that is not UTF-8.
    #[error("string is not utf-8")]
    NotUtf8,
    /// Bytes after the end of the value.
    #[error("trailing bytes")]
    TrailingBytes,
    /// A block, section or range of length zero.
    #[error("empty block")]
    EmptyBlock,
    /// The same client twice where it may appear once.
    #[error("duplicate client")]
    DuplicateClient,
    /// Delete ranges out of order or overlapping.
    #[error("delete ranges out of order")]
    Unordered,
    /// Values nested deeper than the limit.
    #[error("values nested too deep")]
    TooDeep,
    /// Something a board does not accept.
    #[error("unsupported: {0}")]
    Unsupported(&'static str),
    /// A y-websocket message type the server does not take from clients.
    #[error("unsupported message type")]
    UnsupportedMessage,
    /// A frame with no message.
    #[error("empty frame")]
    EmptyFrame,
    /// More than the limit allows.
    #[error("too large: {0}")]
    TooLarge(&'static str),
    /// A second sync request or presence query in one frame.
    #[error("repeated request in one frame")]
    RepeatedRequest,
}

impl WireError {
    /// The close code a client gets for sending it.
    pub fn close_reason(&self) -> CloseReason {
        match self {
            WireError::UnsupportedMessage => CloseReason::UnsupportedMessage,
            WireError::RepeatedRequest => CloseReason::RateLimited,
            WireError::TooLarge(_) => CloseReason::MessageTooBig,
            _ => CloseReason::MalformedFrame,
        }
    }
}
