//! Decoding a client's binary frame into messages a room can apply.
//!
//! Every frame is first checked byte by byte ([`polyphony_shared::wire::scan_frame`]), so
//! yrs's decoder only ever sees bounded counts, shallow values and updates of an honest
//! shape; then yrs decodes it. Decoding runs on the connection's task, not the room's, so
//! the cost of parsing updates is spread over all cores and a frame that does not decode
//! never reaches the room.

use bytes::Bytes;
use polyphony_shared::wire::{Limits, MessageShape, UpdateShape, scan_frame};
use polyphony_shared::{CloseReason, protocol};
use yrs::sync::awareness::AwarenessUpdate;
use yrs::sync::{Message, SyncMessage};
use yrs::updates::decoder::Decode;
use yrs::{StateVector, Update};

/// What a sync request costs against the rate limit: a diff of the whole document.
const SYNC_REQUEST_COST: u32 = 20;
/// What a presence query costs: everyone's presence.
const PRESENCE_QUERY_COST: u32 = 5;
/// Update bytes that count as one more message against the rate limit.
const UPDATE_BYTES_PER_UNIT: usize = 16 * 1024;

/// One client frame, fully decoded and checked.
pub struct ClientFrame {
    /// The frame as received, forwarded unchanged when it is a single update.
    raw: Bytes,
    /// Whether `raw` is exactly one message that peers may receive as is.
    forwardable: bool,
    /// The messages in the frame, in order.
    pub messages: Vec<Inbound>,
}

/// A message from a client, ready to apply.
pub enum Inbound {
    /// The client's state vector: answer with what it lacks.
    SyncStep1(StateVector),
    /// A document update (from SyncStep2 or Update).
    Update(IncomingUpdate),
    /// The client asks for everyone's presence.
    AwarenessQuery,
    /// The client's presence changed.
    Awareness(AwarenessUpdate),
}

/// A decoded update plus the bytes it came in, which are what gets stored and forwarded.
pub struct IncomingUpdate {
    /// The update's checked shape, which the room judges before applying it.
    pub shape: UpdateShape,
    /// The update as yrs will apply it.
    pub decoded: Update,
    /// The v1 bytes exactly as the client sent them.
    pub bytes: Bytes,
}

impl ClientFrame {
    /// Checks and decodes a frame, or names the close reason for a frame that must not be
    /// accepted.
    pub fn decode(raw: Bytes) -> Result<Self, CloseReason> {
        let shapes = scan_frame(&raw, &Limits::CLIENT).map_err(|err| err.close_reason())?;
        let decoded = protocol::read_messages(&raw).map_err(|_| CloseReason::MalformedFrame)?;
        if decoded.len() != shapes.len() {
            return Err(CloseReason::MalformedFrame); // yrs read the bytes differently.
        }
        let forwardable =
            matches!(decoded.as_slice(), [Message::Sync(SyncMessage::Update(_))] | [Message::Awareness(_)]);
        let messages = decoded.into_iter().zip(shapes).map(inbound).collect::<Result<Vec<_>, _>>()?;
        Ok(ClientFrame { raw, forwardable, messages })
    }

    /// The work the frame asks of the server, in units of a small message, for the rate
    /// limit: a sync request costs a diff of the whole document, a presence query
    /// everyone's presence, an update its size.
    pub fn cost(&self) -> u32 {
        self.messages
            .iter()
            .map(|message| match message {
                Inbound::SyncStep1(_) => SYNC_REQUEST_COST,
                Inbound::AwarenessQuery => PRESENCE_QUERY_COST,
                Inbound::Update(update) => {
                    1 + u32::try_from(update.bytes.len() / UPDATE_BYTES_PER_UNIT).unwrap_or(u32::MAX)
                }
                Inbound::Awareness(update) => u32::try_from(update.clients.len()).unwrap_or(u32::MAX).max(1),
            })
            .fold(0u32, u32::saturating_add)
    }

    /// The frame to send peers for an update in this frame.
    pub fn update_for_peers(&self, update: &IncomingUpdate) -> Bytes {
        if self.forwardable {
            return self.raw.clone();
        }
        Bytes::from(protocol::update(update.bytes.to_vec()))
    }
}

/// Pairs a message yrs decoded with the shape the scan saw.
fn inbound((message, shape): (Message, MessageShape)) -> Result<Inbound, CloseReason> {
    match (message, shape) {
        (Message::Sync(SyncMessage::SyncStep1(state_vector)), MessageShape::SyncStep1 { .. }) => {
            Ok(Inbound::SyncStep1(state_vector))
        }
        (Message::Sync(SyncMessage::SyncStep2(bytes) | SyncMessage::Update(bytes)), MessageShape::Update(shape)) => {
            let decoded = Update::decode_v1(&bytes).map_err(|_| CloseReason::MalformedFrame)?;
            Ok(Inbound::Update(IncomingUpdate { shape, decoded, bytes: Bytes::from(bytes) }))
        }
        (Message::AwarenessQuery, MessageShape::AwarenessQuery) => Ok(Inbound::AwarenessQuery),
        (Message::Awareness(update), MessageShape::Awareness { .. }) => Ok(Inbound::Awareness(update)),
        (Message::Auth(_) | Message::Custom(..), _) => Err(CloseReason::UnsupportedMessage),
        _ => Err(CloseReason::MalformedFrame),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yrs::{Doc, Text, Transact};

    fn text_update() -> Vec<u8> {
        let doc = Doc::new();
        let text = doc.get_or_insert_text("t");
        let mut txn = doc.transact_mut();
        text.insert(&mut txn, 0, "hello");
        txn.encode_update_v1()
    }

    #[test]
    fn single_update_is_forwarded_byte_for_byte() {
        let raw = Bytes::from(protocol::update(text_update()));
        let frame = ClientFrame::decode(raw.clone()).expect("decodes");
        let [Inbound::Update(update)] = frame.messages.as_slice() else { panic!("one update") };
        assert_eq!(frame.update_for_peers(update), raw);
    }

    #[test]
    fn sync_step2_is_forwarded_as_update_with_original_bytes() {
        let bytes = text_update();
        let frame = ClientFrame::decode(Bytes::from(protocol::sync_step2(bytes.clone()))).expect("decodes");
        let [Inbound::Update(update)] = frame.messages.as_slice() else { panic!("one update") };
        assert_eq!(frame.update_for_peers(update), Bytes::from(protocol::update(bytes)));
    }

    #[test]
    fn bad_frames_name_their_close_reason() {
        assert_eq!(ClientFrame::decode(Bytes::from_static(&[0, 2, 3, 1])).err(), Some(CloseReason::MalformedFrame));
        assert_eq!(ClientFrame::decode(Bytes::from_static(&[9, 1, 0])).err(), Some(CloseReason::UnsupportedMessage));
        let garbage_update = Bytes::from(protocol::update(vec![200, 1, 2, 3]));
        assert_eq!(ClientFrame::decode(garbage_update).err(), Some(CloseReason::MalformedFrame));
    }
}
