//! The messages on a document's pub/sub channel.
//!
//! - `U<origin><seq>:<update>`: an update stored at log position `seq` (decimal), published
//!   by the append script right after it wrote the entry, so messages arrive in log order.
//! - `A<origin><frame>`: a presence frame from a client, to forward as it is.
//! - `D<origin>`: the board was deleted; its rooms stop without storing anything. Sent on
//!   the governed document's channel, which every loaded board follows.
//!
//! `<origin>` is the 32-hex-digit id of the instance that sent it; an instance ignores its own.

use bytes::Bytes;

use crate::store::Seq;

/// The id of one running server instance: 32 lowercase hex digits, fresh at every start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin([u8; ORIGIN_LEN]);

const ORIGIN_LEN: usize = 32;

impl Origin {
    /// A new random instance id.
    pub fn random() -> Self {
        let text = format!("{:032x}", rand::random::<u128>());
        let mut origin = [0u8; ORIGIN_LEN];
        origin.copy_from_slice(text.as_bytes());
        Origin(origin)
    }

    /// The id as text, as it appears in stream entries and channel messages.
    pub fn as_str(&self) -> &str {
        // Always ASCII hex digits: built by `random` or checked by `parse`.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    fn parse(bytes: &[u8]) -> Option<Self> {
        let origin: [u8; ORIGIN_LEN] = bytes.try_into().ok()?;
        origin.iter().all(u8::is_ascii_hexdigit).then_some(Origin(origin))
    }
}

/// One decoded channel message.
#[derive(Debug, PartialEq)]
pub(super) enum ChannelMessage {
    Update { origin: Origin, seq: Seq, update: Bytes },
    Awareness { origin: Origin, frame: Bytes },
    Deleted,
}

/// The message that tells every instance a board was deleted.
pub(super) fn deleted(origin: Origin) -> Vec<u8> {
    let mut message = Vec::with_capacity(1 + ORIGIN_LEN);
    message.push(b'D');
    message.extend_from_slice(&origin.0);
    message
}

/// The awareness message for a frame.
pub(super) fn awareness(origin: Origin, frame: &[u8]) -> Vec<u8> {
    let mut message = Vec::with_capacity(1 + ORIGIN_LEN + frame.len());
    message.push(b'A');
    message.extend_from_slice(&origin.0);
    message.extend_from_slice(frame);
    message
}

/// Decodes a channel message; `None` for anything malformed.
pub(super) fn decode(message: &[u8]) -> Option<ChannelMessage> {
    let (&kind, rest) = message.split_first()?;
    let origin = Origin::parse(rest.get(..ORIGIN_LEN)?)?;
    let body = &rest[ORIGIN_LEN..];
    match kind {
        b'A' => Some(ChannelMessage::Awareness { origin, frame: Bytes::copy_from_slice(body) }),
        b'D' if body.is_empty() => Some(ChannelMessage::Deleted),
        b'U' => {
            let colon = body.iter().position(|byte| *byte == b':')?;
            let seq = std::str::from_utf8(&body[..colon]).ok()?.parse().ok()?;
            Some(ChannelMessage::Update { origin, seq, update: Bytes::copy_from_slice(&body[colon + 1..]) })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn awareness_round_trips() {
        let origin = Origin::random();
        let message = awareness(origin, b"\x01\x02frame");
        assert_eq!(
            decode(&message),
            Some(ChannelMessage::Awareness { origin, frame: Bytes::from_static(b"\x01\x02frame") })
        );
    }

    #[test]
    fn a_deletion_decodes() {
        assert_eq!(decode(&deleted(Origin::random())), Some(ChannelMessage::Deleted));
    }

    #[test]
    fn update_as_the_script_writes_it_decodes() {
        let origin = Origin::random();
        let mut message = format!("U{}1234:", origin.as_str()).into_bytes();
        message.extend_from_slice(b"\x00:\xff");
        let decoded = decode(&message);
        assert_eq!(
            decoded,
            Some(ChannelMessage::Update { origin, seq: 1234, update: Bytes::from_static(b"\x00:\xff") })
        );
    }

    #[test]
    fn malformed_messages_are_refused() {
        let origin = Origin::random();
        for message in [
            &b""[..],
            b"U",
            b"Xabc",
            format!("U{}12", origin.as_str()).as_bytes(),
            format!("U{}x:1", origin.as_str()).as_bytes(),
        ] {
            assert_eq!(decode(message), None, "{message:?}");
        }
        assert_eq!(decode(format!("U{}1:", "g".repeat(32)).as_bytes()), None);
    }
}
