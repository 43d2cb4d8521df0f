//! Who may do what on a board: roles, participants, and the join request and answer.
//!
//! Nobody has an account. Creating a board yields a facilitator key (a secret capability);
//! everyone else joins with the board's join code or link and a display name. Joining
//! returns a token signed by the server and bound to the board, the participant and the
//! role; websockets and commands carry it.

use serde::{Deserialize, Serialize};

use crate::api::BoardInfo;
use crate::ids::ParticipantId;
use crate::model::Perspective;

/// The longest display name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 40;

/// What a person may do on a board.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Runs the process: phases, timer, locks, voting rounds, moderation. Can make
    /// co-facilitators.
    Facilitator,
    /// Writes and votes.
    Participant,
    /// A participant who also helps people without a device (a peer worker, a helper):
    /// adds people who take part on paper and adds their ideas, votes and answers for them.
    /// Runs nothing of the process.
    Supporter,
    /// Reads only: a projector screen or a guest.
    Observer,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 4] = [Role::Facilitator, Role::Participant, Role::Supporter, Role::Observer];

    /// Whether this role may write the co-written content at all (locks aside).
    pub fn can_write_content(self) -> bool {
        matches!(self, Role::Facilitator | Role::Participant | Role::Supporter)
    }

    /// Whether this role runs the process.
    pub fn facilitates(self) -> bool {
        self == Role::Facilitator
    }

    /// Whether this role takes part as one of the people (seated at a table, a member of
    /// an eco-map), rather than running the process or watching.
    pub fn takes_part(self) -> bool {
        matches!(self, Role::Participant | Role::Supporter)
    }

    /// Whether this role may act for people without a device.
    pub fn assists(self) -> bool {
        matches!(self, Role::Facilitator | Role::Supporter)
    }

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Facilitator => "facilitator",
            Role::Participant => "participant",
            Role::Supporter => "supporter",
            Role::Observer => "observer",
        }
    }

    /// Reads a stored name.
    pub fn parse(text: &str) -> Option<Self> {
        Role::ALL.into_iter().find(|role| role.as_str() == text)
    }
}

/// One person on a board, as everyone may see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    /// Their id on this board.
    pub id: ParticipantId,
    /// The display name they chose.
    pub name: String,
    /// How they take part.
    pub perspective: Perspective,
    /// What they may do.
    pub role: Role,
}

/// `POST /api/boards/{board_id}/join`: take part in a board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinRequest {
    /// The display name to show; nothing else about the person is asked.
    pub name: String,
    /// How they take part.
    #[serde(default)]
    pub perspective: Perspective,
    /// Join as an observer (read-only), for a projector screen or a guest.
    #[serde(default)]
    pub observer: bool,
    /// The facilitator key from the board's creation, to join as a facilitator.
    #[serde(default)]
    pub facilitator_key: Option<String>,
}

/// Why a join request was refused; the text is safe to show to the person who sent it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
pub enum JoinError {
    /// The name is empty after trimming white space.
    #[error("please give a name to show to the others")]
    EmptyName,
    /// The name is longer than [`MAX_NAME_CHARS`].
    #[error("the name must be at most {MAX_NAME_CHARS} characters")]
    NameTooLong,
    /// An observer cannot also claim to facilitate.
    #[error("choose either observer or facilitator")]
    ObserverWithKey,
    /// The name holds characters that show as nothing or reorder the text around them.
    #[error("the name has invisible or control characters: please type it plainly")]
    InvisibleCharacters,
    /// A facilitator on this board has this name.
    #[error("a facilitator here has that name: please add an initial or a surname")]
    FacilitatorsName,
}

/// Whether a character shows as nothing or changes how text around it reads: control
/// characters, zero-width and joining marks, bidirectional overrides and isolates, fillers
/// and tags. A name with one could pass for another person's.
pub fn is_invisible(character: char) -> bool {
    character.is_control()
        || matches!(
            character,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF0}'..='\u{FFFB}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

/// Whether two display names read as the same to people in the room (case and spacing
/// aside).
pub fn same_name(left: &str, right: &str) -> bool {
    fold_name(left).to_lowercase() == fold_name(right).to_lowercase()
}

/// A display name as the board keeps it: trimmed, with inner runs of white space folded
/// to one space. The web client folds the same way, so its cards carry exactly the name
/// the server knows.
pub fn fold_name(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A display name with surrounding white space removed and inner runs of white space
/// folded, or why it cannot be used.
pub fn validated_name(name: &str) -> Result<String, JoinError> {
    if name.chars().any(|character| is_invisible(character) && !character.is_whitespace()) {
        return Err(JoinError::InvisibleCharacters);
    }
    let name = fold_name(name);
    if name.is_empty() {
        return Err(JoinError::EmptyName);
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(JoinError::NameTooLong);
    }
    Ok(name)
}

impl JoinRequest {
    /// The display name, folded ([`validated_name`]), or why the request cannot be used.
    pub fn validated_name(&self) -> Result<String, JoinError> {
        let name = validated_name(&self.name)?;
        if self.observer && self.facilitator_key.is_some() {
            return Err(JoinError::ObserverWithKey);
        }
        Ok(name)
    }
}

/// The answer to a join: who you are on the board, and the token that proves it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinAnswer {
    /// The board joined.
    pub board: BoardInfo,
    /// You, as the others see you.
    pub participant: Participant,
    /// The signed token: `?token=` on websockets, `Authorization: Bearer` on commands.
    pub token: String,
    /// They wait in the lobby until a facilitator lets them in; the token opens nothing
    /// until then (`GET /api/boards/{board_id}/admission` says when).
    #[serde(default)]
    pub waiting: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(name: &str) -> JoinRequest {
        JoinRequest { name: name.to_owned(), perspective: Perspective::Citizen, observer: false, facilitator_key: None }
    }

    #[test]
    fn names_are_folded_and_bounded() {
        assert_eq!(request("  Ana \n Lopes ").validated_name(), Ok("Ana Lopes".to_owned()));
        assert_eq!(request(" \t ").validated_name(), Err(JoinError::EmptyName));
        assert_eq!(request(&"é".repeat(MAX_NAME_CHARS + 1)).validated_name(), Err(JoinError::NameTooLong));
        assert!(request(&"é".repeat(MAX_NAME_CHARS)).validated_name().is_ok());
    }

    #[test]
    fn invisible_and_reordering_characters_are_refused() {
        for name in ["Fay\u{200B}", "\u{202E}yaF", "Fa\u{2066}y", "Fay\u{E0041}", "F\u{0007}ay", "\u{3164}"] {
            assert_eq!(request(name).validated_name(), Err(JoinError::InvisibleCharacters), "{name:?}");
        }
        assert!(request("Zoë Ødegård-Nguyễn 李").validated_name().is_ok());
        assert!(same_name("Fay  Facilitator", "fay facilitator"));
        assert!(!same_name("Fay F.", "Fay Facilitator"));
    }

    #[test]
    fn an_observer_cannot_bring_a_facilitator_key() {
        let mut both = request("Projector");
        both.observer = true;
        both.facilitator_key = Some("key".into());
        assert_eq!(both.validated_name(), Err(JoinError::ObserverWithKey));
    }

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("admin"), None);
    }
}
