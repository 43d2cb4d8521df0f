//! What a presence entry may say: the server writes who is there. A client's awareness
//! state is rebuilt as `{"user": {"name", "perspective", "role", "color"}, "editing"}` with
//! the name, perspective and role the server knows for the connection, the client's colour
//! if it is a short colour, and what it is editing unless the board is anonymous (where
//! "editing this card" would name its author). Nothing else a client sends is passed on.

use std::sync::Arc;

use polyphony_shared::governance::{Access, BoardRules};
use polyphony_shared::{ParticipantId, Perspective, Role};
use serde_json::{Map, Value, json};

/// Who is speaking on a connection, as the server knows them.
#[derive(Debug, Clone)]
pub struct Speaker {
    /// Their id.
    pub participant: ParticipantId,
    /// Their display name.
    pub name: String,
    /// Their perspective.
    pub perspective: Perspective,
    /// Their role now.
    pub role: Role,
    /// Whether the board is anonymous now.
    pub anonymous: bool,
}

impl Speaker {
    /// Who speaks on a connection with `access`, as the board's rules know them.
    pub fn of(rules: &BoardRules, access: Access) -> Speaker {
        let (name, perspective) = rules.people.get(&access.participant).cloned().unwrap_or_default();
        Speaker {
            participant: access.participant,
            name,
            perspective,
            role: rules.current(access).role,
            anonymous: rules.anonymous,
        }
    }
}

/// The longest colour and field key passed on.
const MAX_SHORT: usize = 64;

/// A string value of at most [`MAX_SHORT`] bytes.
fn short(value: Option<&Value>) -> Option<&str> {
    value.and_then(Value::as_str).filter(|text| text.len() <= MAX_SHORT)
}

/// The state to pass on for a client's `state` (JSON), or `None` if it is not JSON.
pub fn stamp(state: &str, speaker: &Speaker) -> Option<Arc<str>> {
    let sent: Value = serde_json::from_str(state).ok()?;
    let user = sent.get("user");
    let colour = short(user.and_then(|user| user.get("color")))
        .filter(|colour| colour.chars().all(|c| c.is_ascii_alphanumeric() || " #%(),.-".contains(c)))
        .unwrap_or("#555");
    let mut stamped = Map::new();
    stamped.insert(
        "user".to_owned(),
        json!({
            "name": speaker.name,
            "perspective": speaker.perspective.as_str(),
            "role": speaker.role.as_str(),
            "color": colour,
        }),
    );
    if let Some(editing) = short(sent.get("editing")).filter(|_| !speaker.anonymous) {
        stamped.insert("editing".to_owned(), Value::from(editing));
    }
    Some(Arc::from(Value::Object(stamped).to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speaker(anonymous: bool) -> Speaker {
        Speaker {
            participant: ParticipantId::random_from(&mut (1u8..)),
            name: "Mallory".into(),
            perspective: Perspective::Citizen,
            role: Role::Participant,
            anonymous,
        }
    }

    #[test]
    fn the_server_says_who_is_there() {
        let claimed = r#"{"user":{"name":"Fay Facilitator","role":"facilitator","color":"hsl(20 65% 38%)","perspective":"professional"},"editing":"card:c1","extra":"x"}"#;
        let stamped: Value = serde_json::from_str(&stamp(claimed, &speaker(false)).expect("json")).expect("parses");
        assert_eq!(stamped["user"]["name"], "Mallory");
        assert_eq!(stamped["user"]["role"], "participant");
        assert_eq!(stamped["user"]["perspective"], "citizen");
        assert_eq!(stamped["user"]["color"], "hsl(20 65% 38%)");
        assert_eq!(stamped["editing"], "card:c1");
        assert!(stamped.get("extra").is_none());
        let anonymous: Value = serde_json::from_str(&stamp(claimed, &speaker(true)).expect("json")).expect("parses");
        assert!(anonymous.get("editing").is_none(), "anonymous: nobody is seen editing a card");
        let sneaky = r#"{"user":{"color":"red;background:url(x)"}}"#;
        let sneaky: Value = serde_json::from_str(&stamp(sneaky, &speaker(false)).expect("json")).expect("parses");
        assert_eq!(sneaky["user"]["color"], "#555");
        assert!(stamp("{unterminated", &speaker(false)).is_none());
    }
}
