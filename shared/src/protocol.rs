//! The y-websocket wire format as Polyphony uses it: framing helpers over `yrs::sync`.
//!
//! # Handshake
//! Each board document has its own websocket, and every binary frame carries one or more
//! y-websocket messages (`yrs::sync::Message`). On connect the server sends **SyncStep1**
//! (its state vector) and, when anyone is present, an **Awareness** message with everyone's
//! state. The client sends its own SyncStep1; each side answers the other's with
//! **SyncStep2** (the updates the other lacks). From then on both sides send **Update**
//! messages as edits happen and **Awareness** messages as presence changes; a client may
//! send **AwarenessQuery** to receive everyone's presence again.
//!
//! The codec itself is yrs's; this module only wraps it so that the server, the client and
//! the tests encode and decode frames one way.

use yrs::StateVector;
use yrs::encoding::read::Cursor;
use yrs::sync::{Message, MessageReader, SyncMessage};
use yrs::updates::decoder::DecoderV1;
use yrs::updates::encoder::Encode;

pub use yrs::sync::awareness::{AwarenessUpdate, AwarenessUpdateEntry};

/// Why a frame could not be decoded.
#[derive(Debug, thiserror::Error)]
pub enum ProtocolError {
    /// The bytes are not a sequence of y-websocket messages.
    #[error("frame does not decode")]
    Decode(#[from] yrs::encoding::read::Error),
    /// The frame holds no message at all.
    #[error("empty frame")]
    Empty,
    /// Bytes after the last whole message: a truncated or non-canonical frame.
    #[error("frame has {0} bytes that are not a whole message")]
    Trailing(usize),
}

/// Encodes one message as a binary frame.
pub fn encode(message: &Message) -> Vec<u8> {
    message.encode_v1()
}

/// Decodes every message in a binary frame; fails if any part does not decode.
///
/// yrs's `MessageReader` stops quietly at a truncated last message, so the frame is also
/// checked to be exactly the messages it decoded to: a frame is accepted whole or not at all.
pub fn decode(frame: &[u8]) -> Result<Vec<Message>, ProtocolError> {
    let messages = read_messages(frame)?;
    if messages.is_empty() {
        return Err(ProtocolError::Empty);
    }
    let decoded_len: usize = messages.iter().map(|message| message.encode_v1().len()).sum();
    if decoded_len != frame.len() {
        return Err(ProtocolError::Trailing(frame.len().saturating_sub(decoded_len)));
    }
    Ok(messages)
}

/// Decodes the messages of a frame already checked whole by [`crate::wire::scan_frame`],
/// which reads every byte strictly: the re-encoding [`decode`] does to find a truncated
/// tail would only repeat that work.
pub fn read_messages(frame: &[u8]) -> Result<Vec<Message>, ProtocolError> {
    let mut decoder = DecoderV1::new(Cursor::new(frame));
    Ok(MessageReader::new(&mut decoder).collect::<Result<Vec<_>, _>>()?)
}

/// A SyncStep1 frame announcing a state vector.
pub fn sync_step1(state_vector: StateVector) -> Vec<u8> {
    encode(&Message::Sync(SyncMessage::SyncStep1(state_vector)))
}

/// A SyncStep2 frame carrying the updates the peer lacks.
pub fn sync_step2(update: Vec<u8>) -> Vec<u8> {
    encode(&Message::Sync(SyncMessage::SyncStep2(update)))
}

/// An Update frame carrying one v1-encoded update.
pub fn update(update: Vec<u8>) -> Vec<u8> {
    encode(&Message::Sync(SyncMessage::Update(update)))
}

/// An auth frame that denies a write, with the reason shown to the person (Yjs clients
/// hand it to their `permissionDeniedHandler`). The server sends it when it refuses an
/// update; the client then drops its replica of that document and syncs afresh.
pub fn permission_denied(reason: &str) -> Vec<u8> {
    encode(&Message::Auth(Some(reason.to_owned())))
}

/// An Awareness frame.
pub fn awareness(update: AwarenessUpdate) -> Vec<u8> {
    encode(&Message::Awareness(update))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::sync::Arc;
    use yrs::block::ClientID;

    #[test]
    fn frames_round_trip() {
        let mut clients = HashMap::new();
        clients.insert(ClientID::new(7), AwarenessUpdateEntry { clock: 3, json: Arc::from("{\"name\":\"Ana\"}") });
        let frames = [
            sync_step1(StateVector::default()),
            sync_step2(vec![0, 0]),
            update(vec![0, 0]),
            awareness(AwarenessUpdate { clients }),
        ];
        for frame in frames {
            let messages = decode(&frame).expect("decodes");
            assert_eq!(messages.len(), 1);
            assert_eq!(encode(&messages[0]), frame);
        }
    }

    #[test]
    fn two_messages_in_one_frame_both_decode() {
        let mut frame = update(vec![0, 0]);
        frame.extend(encode(&Message::AwarenessQuery));
        assert_eq!(decode(&frame).expect("decodes").len(), 2);
    }

    #[test]
    fn garbage_and_truncation_are_errors() {
        assert!(decode(&[]).is_err());
        assert!(decode(&[0, 7, 1]).is_err());
        let mut truncated = update(vec![1, 2, 3, 4]);
        truncated.pop();
        assert!(decode(&truncated).is_err());
        let mut with_truncated_tail = update(vec![1, 2]);
        with_truncated_tail.extend([0, 2, 200]);
        assert!(matches!(decode(&with_truncated_tail), Err(ProtocolError::Trailing(3))));
    }
}
