//! How a server frames y-websocket messages on the wire.
//!
//! y-websocket sends one document per socket and each message as is. Hocuspocus multiplexes
//! documents over one socket: every message starts with the document name (a lib0 string),
//! the first one authenticates, and the reply to a client's SyncStep1 comes as a "sync
//! reply" (type 4) that otherwise reads like a sync message. A load peer names Hocuspocus
//! documents with `?hocuspocus=<name>` on the URL.

use yrs::encoding::write::Write;

/// The query parameter that names a Hocuspocus document.
pub const HOCUSPOCUS_PARAMETER: &str = "?hocuspocus=";

/// Hocuspocus message types this peer rewrites or sends.
const SYNC: u8 = 0;
const AUTH: u8 = 2;
const SYNC_REPLY: u8 = 4;
const AUTH_TOKEN: u8 = 0;

/// The framing of one peer's socket.
#[derive(Debug, Clone)]
pub enum Framing {
    /// Messages as they are, one document per socket.
    YWebsocket,
    /// Every message prefixed by the document name.
    Hocuspocus {
        /// The encoded name that starts every message.
        prefix: Vec<u8>,
    },
}

impl Framing {
    /// The framing a document URL asks for.
    pub fn for_url(url: &str) -> Framing {
        match url.split_once(HOCUSPOCUS_PARAMETER) {
            Some((_, document)) => {
                let mut prefix = Vec::new();
                prefix.write_string(document);
                Framing::Hocuspocus { prefix }
            }
            None => Framing::YWebsocket,
        }
    }

    /// The message to send before anything else, if the server wants one.
    pub fn greeting(&self) -> Option<Vec<u8>> {
        let Framing::Hocuspocus { prefix } = self else { return None };
        let mut frame = prefix.clone();
        frame.extend([AUTH, AUTH_TOKEN]);
        frame.write_string("benchmark");
        Some(frame)
    }

    /// An outgoing y-websocket message, framed for the server.
    pub fn wrap(&self, message: Vec<u8>) -> Vec<u8> {
        match self {
            Framing::YWebsocket => message,
            Framing::Hocuspocus { prefix } => [prefix.as_slice(), &message].concat(),
        }
    }

    /// An incoming frame as a y-websocket message, or `None` for one of the server's own
    /// (authentication answers, sync status …).
    pub fn unwrap(&self, frame: &[u8]) -> Option<Vec<u8>> {
        let Framing::Hocuspocus { prefix } = self else { return Some(frame.to_vec()) };
        let mut message = frame.strip_prefix(prefix.as_slice())?.to_vec();
        match message.first_mut()? {
            kind if *kind == SYNC_REPLY => *kind = SYNC,
            kind if *kind <= 1 || *kind == 3 => {}
            _ => return None,
        }
        Some(message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hocuspocus_messages_carry_the_document_name() {
        let framing = Framing::for_url("ws://127.0.0.1:1/?hocuspocus=board-1");
        assert_eq!(framing.wrap(vec![0, 0, 1, 0]), [&[7u8][..], b"board-1", &[0, 0, 1, 0]].concat());
        assert_eq!(framing.unwrap(&[&[7u8][..], b"board-1", &[4, 0, 1, 0]].concat()), Some(vec![0, 0, 1, 0]));
        assert_eq!(framing.unwrap(&[&[7u8][..], b"board-1", &[2, 2]].concat()), None);
        assert!(matches!(Framing::for_url("ws://127.0.0.1:1/doc"), Framing::YWebsocket));
    }
}
