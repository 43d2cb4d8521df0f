//! Identifiers that cross the wire, each with a single validation point.

use std::fmt;
use std::str::FromStr;

/// Number of random bytes in a [`BoardId`]: 128 bits, so board ids cannot be guessed.
pub const BOARD_ID_BYTES: usize = 16;

/// Why a string is not a valid identifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// A board id is exactly 32 lowercase hexadecimal characters.
    #[error("a board id is 32 lowercase hexadecimal characters")]
    MalformedBoardId,
    /// The document name is not one this version knows.
    #[error("unknown board document {0:?}")]
    UnknownDoc(String),
    /// A join code is 6 letters and digits (no look-alikes such as O/0 or I/1).
    #[error("a join code is 6 letters and digits")]
    MalformedJoinCode,
}

/// The unguessable id of one board: 128 random bits, written as 32 lowercase hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BoardId([u8; BOARD_ID_BYTES]);

impl BoardId {
    /// Builds an id from the next 16 bytes of a source of randomness.
    ///
    /// The server passes a cryptographic RNG; tests may pass anything. Missing bytes count as 0.
    pub fn random_from(bytes: &mut impl Iterator<Item = u8>) -> Self {
        let mut id = [0u8; BOARD_ID_BYTES];
        for (slot, byte) in id.iter_mut().zip(bytes) {
            *slot = byte;
        }
        BoardId(id)
    }

    /// Parses the 32-character hex form; the only way to turn untrusted text into a `BoardId`.
    pub fn parse(text: &str) -> Result<Self, IdError> {
        let raw = text.as_bytes();
        if raw.len() != BOARD_ID_BYTES * 2 {
            return Err(IdError::MalformedBoardId);
        }
        let mut id = [0u8; BOARD_ID_BYTES];
        for (slot, pair) in id.iter_mut().zip(raw.chunks_exact(2)) {
            let high = hex_value(pair[0]).ok_or(IdError::MalformedBoardId)?;
            let low = hex_value(pair[1]).ok_or(IdError::MalformedBoardId)?;
            *slot = (high << 4) | low;
        }
        Ok(BoardId(id))
    }
}

fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        _ => None,
    }
}

impl fmt::Display for BoardId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for byte in self.0 {
            write!(f, "{byte:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for BoardId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BoardId({self})")
    }
}

impl FromStr for BoardId {
    type Err = IdError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        BoardId::parse(text)
    }
}

impl serde::Serialize for BoardId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for BoardId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        BoardId::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// The characters of a join code: no 0/O, 1/I/L, so a code read aloud or off a projector is
/// typed right on a phone.
const JOIN_CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// Characters in a join code.
pub const JOIN_CODE_LENGTH: usize = 6;

/// A short code participants type to join a board, such as `K7QM2X`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JoinCode([u8; JOIN_CODE_LENGTH]);

impl JoinCode {
    /// Builds a code from the next 6 bytes of a source of randomness (missing bytes count as 0).
    pub fn random_from(bytes: &mut impl Iterator<Item = u8>) -> Self {
        let mut code = [JOIN_CODE_ALPHABET[0]; JOIN_CODE_LENGTH];
        for (slot, byte) in code.iter_mut().zip(bytes) {
            *slot = JOIN_CODE_ALPHABET[usize::from(byte) % JOIN_CODE_ALPHABET.len()];
        }
        JoinCode(code)
    }

    /// Parses what a person typed: case, spaces and dashes do not matter.
    pub fn parse(text: &str) -> Result<Self, IdError> {
        let cleaned: Vec<u8> = text
            .bytes()
            .filter(|byte| !matches!(byte, b' ' | b'-' | b'\t'))
            .map(|byte| byte.to_ascii_uppercase())
            .collect();
        let code: [u8; JOIN_CODE_LENGTH] = cleaned.try_into().map_err(|_| IdError::MalformedJoinCode)?;
        if !code.iter().all(|byte| JOIN_CODE_ALPHABET.contains(byte)) {
            return Err(IdError::MalformedJoinCode);
        }
        Ok(JoinCode(code))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        // Every byte comes from the ASCII alphabet above.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl fmt::Display for JoinCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for JoinCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "JoinCode({self})")
    }
}

impl serde::Serialize for JoinCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for JoinCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        JoinCode::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// One of the yrs documents that make up a board; each is synced over its own websocket.
///
/// `content` holds what participants co-write. Governed state (phase, votes, locks) will be
/// a second document that only the server writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocName {
    /// The co-written board content: problem statement, questions, cards.
    Content,
}

impl DocName {
    /// Every document a board has, in a fixed order.
    pub const ALL: [DocName; 1] = [DocName::Content];

    /// The name used in URLs and storage keys.
    pub fn as_str(self) -> &'static str {
        match self {
            DocName::Content => "content",
        }
    }

    /// Parses a document name from a URL segment.
    pub fn parse(text: &str) -> Result<Self, IdError> {
        DocName::ALL
            .into_iter()
            .find(|doc| doc.as_str() == text)
            .ok_or_else(|| IdError::UnknownDoc(text.chars().take(64).collect()))
    }
}

impl fmt::Display for DocName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn board_id_round_trips_through_text() {
        let id = BoardId::random_from(&mut (0u8..16).map(|n| n.wrapping_mul(37)));
        let text = id.to_string();
        assert_eq!(text.len(), 32);
        assert_eq!(BoardId::parse(&text), Ok(id));
    }

    #[test]
    fn board_id_rejects_wrong_length_case_and_digits() {
        for bad in ["", "abc", &"A".repeat(32), &"g".repeat(32), &"0".repeat(33), "../../etc/passwd"] {
            assert_eq!(BoardId::parse(bad), Err(IdError::MalformedBoardId), "{bad:?}");
        }
    }

    #[test]
    fn join_codes_avoid_look_alikes_and_parse_leniently() {
        let code = JoinCode::random_from(&mut (0u8..=255).step_by(37));
        assert_eq!(code.as_str().len(), JOIN_CODE_LENGTH);
        assert!(!code.as_str().contains(['0', 'O', '1', 'I', 'L']));
        assert_eq!(JoinCode::parse(&code.as_str().to_lowercase()), Ok(code));
        assert_eq!(JoinCode::parse("k7q-m2x").map(|code| code.to_string()), Ok("K7QM2X".to_owned()));
        for bad in ["", "K7QM2", "K7QM2XX", "K7QM2O", "ÄÄÄÄÄÄ"] {
            assert_eq!(JoinCode::parse(bad), Err(IdError::MalformedJoinCode), "{bad:?}");
        }
    }

    #[test]
    fn doc_name_parses_known_names_only() {
        assert_eq!(DocName::parse("content"), Ok(DocName::Content));
        assert!(matches!(DocName::parse("governed!"), Err(IdError::UnknownDoc(_))));
    }
}
