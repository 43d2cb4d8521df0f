//! Checking a whole y-websocket frame before yrs decodes it.
//!
//! A frame is one or more messages: sync (step 1 with a state vector, step 2 or update with
//! an update), awareness (presence entries), or an awareness query. [`scan_frame`] walks
//! every byte with the strict reader, so yrs's decoder afterwards only ever sees counts the
//! bytes can back and updates of an honest shape.

use std::collections::HashSet;

use super::reader::{MAX_SAFE_INTEGER, Reader};
use super::update::UpdateShape;
use super::{Limits, WireError};

const MESSAGE_SYNC: u64 = 0;
const MESSAGE_AWARENESS: u64 = 1;
const MESSAGE_QUERY_AWARENESS: u64 = 3;
const SYNC_STEP_1: u64 = 0;
const SYNC_STEP_2: u64 = 1;
const SYNC_UPDATE: u64 = 2;

/// One message of a frame, as the scan saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessageShape {
    /// A state vector with this many entries.
    SyncStep1 {
        /// Clients in the state vector.
        entries: usize,
    },
    /// An update (from sync step 2 or an update message).
    Update(UpdateShape),
    /// Presence entries.
    Awareness {
        /// Entries in the message.
        entries: usize,
    },
    /// A request for everyone's presence.
    AwarenessQuery,
}

/// Checks a frame and returns the shape of each message in order.
pub fn scan_frame(frame: &[u8], limits: &Limits) -> Result<Vec<MessageShape>, WireError> {
    let mut reader = Reader::new(frame);
    let mut messages = Vec::new();
    let (mut sync_requests, mut queries) = (0usize, 0usize);
    while !reader.is_done() {
        let message = match reader.var_uint(u64::from(u8::MAX))? {
            MESSAGE_SYNC => read_sync(&mut reader, limits)?,
            MESSAGE_AWARENESS => read_awareness(reader.buffer()?, limits)?,
            MESSAGE_QUERY_AWARENESS => MessageShape::AwarenessQuery,
            _ => return Err(WireError::UnsupportedMessage),
        };
        match message {
            MessageShape::SyncStep1 { .. } => sync_requests += 1,
            MessageShape::AwarenessQuery => queries += 1,
            _ => {}
        }
        // Each request costs the server the whole document or everyone's presence: one of
        // each per frame is all an honest client ever sends.
        if sync_requests > 1 || queries > 1 {
            return Err(WireError::RepeatedRequest);
        }
        messages.push(message);
    }
    if messages.is_empty() {
        return Err(WireError::EmptyFrame);
    }
    Ok(messages)
}

fn read_sync(reader: &mut Reader<'_>, limits: &Limits) -> Result<MessageShape, WireError> {
    match reader.var_uint(u64::from(u8::MAX))? {
        SYNC_STEP_1 => read_state_vector(reader.buffer()?),
        SYNC_STEP_2 | SYNC_UPDATE => Ok(MessageShape::Update(UpdateShape::parse(reader.buffer()?, limits)?)),
        _ => Err(WireError::UnsupportedMessage),
    }
}

fn read_state_vector(bytes: &[u8]) -> Result<MessageShape, WireError> {
    let mut reader = Reader::new(bytes);
    let entries = reader.count(2)?;
    let mut clients = HashSet::with_capacity(entries);
    for _ in 0..entries {
        let client = reader.var_uint(MAX_SAFE_INTEGER)?;
        reader.u32()?;
        if !clients.insert(client) {
            return Err(WireError::DuplicateClient);
        }
    }
    if !reader.is_done() {
        return Err(WireError::TrailingBytes);
    }
    Ok(MessageShape::SyncStep1 { entries })
}

fn read_awareness(bytes: &[u8], limits: &Limits) -> Result<MessageShape, WireError> {
    let mut reader = Reader::new(bytes);
    let entries = reader.count(3)?;
    if entries > limits.max_presence_entries {
        return Err(WireError::TooLarge("presence entries in one message"));
    }
    let mut clients = HashSet::with_capacity(entries);
    for _ in 0..entries {
        let client = reader.var_uint(MAX_SAFE_INTEGER)?;
        reader.u32()?;
        if reader.string()?.len() > limits.max_presence_bytes {
            return Err(WireError::TooLarge("presence state"));
        }
        if !clients.insert(client) {
            return Err(WireError::DuplicateClient);
        }
    }
    if !reader.is_done() {
        return Err(WireError::TrailingBytes);
    }
    Ok(MessageShape::Awareness { entries })
}
