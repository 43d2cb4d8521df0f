//! Identifiers that cross the wire, each with a single validation point.

use std::fmt;
use std::str::FromStr;

/// Number of random bytes in a [`BoardId`]: 128 bits, so board ids cannot be guessed.
pub const BOARD_ID_BYTES: usize = 16;
/// Number of random bytes in a [`ParticipantId`].
pub const PARTICIPANT_ID_BYTES: usize = 8;

/// Why a string is not a valid identifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// A board id is exactly 32 lowercase hexadecimal characters.
    #[error("a board id is 32 lowercase hexadecimal characters")]
    MalformedBoardId,
    /// The document name is not one this version knows.
    #[error("unknown board document {0:?}")]
    UnknownDoc(String),
    /// A participant id is exactly 16 lowercase hexadecimal characters.
    #[error("a participant id is 16 lowercase hexadecimal characters")]
    MalformedParticipantId,
    /// A round id is exactly 16 lowercase hexadecimal characters.
    #[error("a round id is 16 lowercase hexadecimal characters")]
    MalformedRoundId,
    /// An activity id is exactly 16 lowercase hexadecimal characters.
    #[error("an activity id is 16 lowercase hexadecimal characters")]
    MalformedActivityId,
    /// A panel question id is exactly 16 lowercase hexadecimal characters.
    #[error("a panel question id is 16 lowercase hexadecimal characters")]
    MalformedPanelQuestionId,
    /// A join code is 6 letters and digits (no look-alikes such as O/0 or I/1).
    #[error("a join code is 6 letters and digits")]
    MalformedJoinCode,
}

/// Defines an id of random bytes written as lowercase hex, with one parse function.
macro_rules! hex_id {
    ($(#[$doc:meta])* $name:ident, $bytes:expr, $error:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name([u8; $bytes]);

        impl $name {
            /// Builds an id from the next bytes of a source of randomness.
            ///
            /// The server passes a cryptographic RNG; tests may pass anything. Missing bytes count as 0.
            pub fn random_from(bytes: &mut impl Iterator<Item = u8>) -> Self {
                let mut id = [0u8; $bytes];
                for (slot, byte) in id.iter_mut().zip(bytes) {
                    *slot = byte;
                }
                $name(id)
            }

            /// Parses the lowercase hex form; the only way to turn untrusted text into this id.
            pub fn parse(text: &str) -> Result<Self, IdError> {
                parse_hex::<$bytes>(text).map($name).ok_or(IdError::$error)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                for byte in self.0 {
                    write!(f, "{byte:02x}")?;
                }
                Ok(())
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({self})", stringify!($name))
            }
        }

        impl FromStr for $name {
            type Err = IdError;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                $name::parse(text)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                $name::parse(&text).map_err(serde::de::Error::custom)
            }
        }
    };
}

hex_id!(
    /// The unguessable id of one board: 128 random bits, written as 32 lowercase hex digits.
    BoardId,
    BOARD_ID_BYTES,
    MalformedBoardId
);

hex_id!(
    /// One person's id on one board, given when they join: 64 random bits as 16 hex digits.
    /// Not a secret (the signed token is); it names a participant in governed state.
    ParticipantId,
    PARTICIPANT_ID_BYTES,
    MalformedParticipantId
);

hex_id!(
    /// A voting round's id: 64 random bits as 16 hex digits.
    RoundId,
    PARTICIPANT_ID_BYTES,
    MalformedRoundId
);

hex_id!(
    /// An activity's id on a board's agenda: 64 random bits as 16 hex digits.
    ActivityId,
    PARTICIPANT_ID_BYTES,
    MalformedActivityId
);

hex_id!(
    /// A question to the panel: 64 random bits as 16 hex digits, drawn by the server, so it
    /// says nothing about who asked.
    PanelQuestionId,
    PARTICIPANT_ID_BYTES,
    MalformedPanelQuestionId
);

/// Decodes exactly `N` bytes of lowercase hex.
fn parse_hex<const N: usize>(text: &str) -> Option<[u8; N]> {
    let raw = text.as_bytes();
    if raw.len() != N * 2 {
        return None;
    }
    let mut bytes = [0u8; N];
    for (slot, pair) in bytes.iter_mut().zip(raw.chunks_exact(2)) {
        *slot = (hex_value(pair[0])? << 4) | hex_value(pair[1])?;
    }
    Some(bytes)
}

fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        _ => None,
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
/// `content` holds what participants co-write. `governed` holds the state that decides
/// power (participants and roles, and the facilitation state): clients only read it, and
/// only the server writes it, after checking a command. `ballots` holds votes and is never
/// sent to clients. Each activity on the agenda has a document of its own, written by
/// participants while it runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocName {
    /// The co-written board content: problem statement, questions, cards.
    Content,
    /// Governed state, written only by the server.
    Governed,
    /// Votes of open rounds: written and read only by the server, so results stay hidden
    /// until a facilitator reveals them.
    Ballots,
    /// Cards written in private-writing mode: written and read only by the server until a
    /// facilitator reveals them all.
    Drafts,
    /// What people write in one activity of the agenda ([`crate::agenda`]).
    Activity(ActivityId),
    /// The notes of one table of a World Café ([`crate::cafe`]): its cards and its host's
    /// summary, written only by whoever sits at it in the round running.
    Table {
        /// The café's activity.
        cafe: ActivityId,
        /// The table's index (its number minus one).
        table: u8,
    },
}

/// How an activity's document is named in URLs and storage keys: `activity-{id}`.
const ACTIVITY_PREFIX: &str = "activity-";
/// How a café table's document is named: `table-{activity id}-{index}`.
const TABLE_PREFIX: &str = "table-";

impl DocName {
    /// The documents every board has, in a fixed order (activities come and go).
    pub const FIXED: [DocName; 4] = [DocName::Content, DocName::Governed, DocName::Ballots, DocName::Drafts];

    /// Whether clients may sync this document (read it).
    pub fn clients_read(self) -> bool {
        !matches!(self, DocName::Ballots | DocName::Drafts)
    }

    /// Whether clients write this document directly (as CRDT updates); the others only
    /// change through commands checked by the server.
    pub fn clients_write(self) -> bool {
        matches!(self, DocName::Content | DocName::Activity(_) | DocName::Table { .. })
    }

    /// Whether the document has the board schema ([`crate::BoardDoc`]): cards, questions,
    /// clusters and texts, co-written by clients.
    pub fn is_board_content(self) -> bool {
        self.clients_write()
    }

    /// Parses a document name from a URL segment.
    pub fn parse(text: &str) -> Result<Self, IdError> {
        let unknown = || IdError::UnknownDoc(text.chars().take(64).collect());
        if let Some(id) = text.strip_prefix(ACTIVITY_PREFIX) {
            return ActivityId::parse(id).map(DocName::Activity).map_err(|_| unknown());
        }
        if let Some((cafe, table)) = text.strip_prefix(TABLE_PREFIX).and_then(|rest| rest.split_once('-')) {
            let cafe = ActivityId::parse(cafe).map_err(|_| unknown())?;
            // Only the canonical spelling of the index ("3", never "03" or "+3") names a table.
            let table: u8 = table.parse().map_err(|_| unknown())?;
            let doc = DocName::Table { cafe, table };
            return if doc.to_string() == text { Ok(doc) } else { Err(unknown()) };
        }
        DocName::FIXED.into_iter().find(|doc| doc.to_string() == text).ok_or_else(unknown)
    }
}

impl fmt::Display for DocName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocName::Content => f.write_str("content"),
            DocName::Governed => f.write_str("governed"),
            DocName::Ballots => f.write_str("ballots"),
            DocName::Drafts => f.write_str("drafts"),
            DocName::Activity(id) => write!(f, "{ACTIVITY_PREFIX}{id}"),
            DocName::Table { cafe, table } => write!(f, "{TABLE_PREFIX}{cafe}-{table}"),
        }
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
    fn participant_id_round_trips_and_rejects_other_lengths() {
        let id = ParticipantId::random_from(&mut (1u8..=8));
        assert_eq!(id.to_string(), "0102030405060708");
        assert_eq!(ParticipantId::parse(&id.to_string()), Ok(id));
        assert_eq!(ParticipantId::parse(&"a".repeat(32)), Err(IdError::MalformedParticipantId));
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
        assert_eq!(DocName::parse("governed"), Ok(DocName::Governed));
        assert!(matches!(DocName::parse("governed!"), Err(IdError::UnknownDoc(_))));
        let activity = DocName::Activity(ActivityId::random_from(&mut (1u8..=8)));
        assert_eq!(activity.to_string(), "activity-0102030405060708");
        assert_eq!(DocName::parse(&activity.to_string()), Ok(activity));
        assert!(matches!(DocName::parse("activity-../../x"), Err(IdError::UnknownDoc(_))));
        let table = DocName::Table { cafe: ActivityId::random_from(&mut (1u8..=8)), table: 3 };
        assert_eq!(table.to_string(), "table-0102030405060708-3");
        assert_eq!(DocName::parse(&table.to_string()), Ok(table));
        for bad in ["table-0102030405060708-03", "table-0102030405060708-+3", "table-0102030405060708-256", "table-x-1"]
        {
            assert!(matches!(DocName::parse(bad), Err(IdError::UnknownDoc(_))), "{bad}");
        }
    }
}
