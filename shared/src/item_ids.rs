//! Ids of the things people write on a board: cards, challenge questions and clusters.
//!
//! A browser makes these ids up when it creates the item (they are keys in the content
//! document), so they are any text, not a format to validate. Each kind has its own type,
//! so a question id cannot be passed where a card id is meant. Each reads as a `&str`
//! (`Deref`), which is what the document schema takes.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;

use crate::answers::{FromJson, JsonValue};

/// Defines an id type over a string.
macro_rules! item_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The id's text, owned.
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl Deref for $name {
            type Target = str;

            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                $name(id)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                $name(id.to_owned())
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <String as serde::Deserialize>::deserialize(deserializer).map($name)
            }
        }

        impl FromJson for $name {
            fn from_json<V: JsonValue>(value: &V) -> Option<Self> {
                value.text().map($name)
            }
        }
    };
}

item_id!(
    /// The id of an idea card.
    CardId
);
item_id!(
    /// The id of a challenge question.
    QuestionId
);
item_id!(
    /// The id of a cluster of cards.
    ClusterId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_as_text_and_travel_as_plain_strings() {
        let card = CardId::from("card-7");
        assert_eq!(card, "card-7");
        assert_eq!(&*card, "card-7");
        assert_eq!(serde_json::to_string(&card).ok(), Some("\"card-7\"".to_owned()));
        let read: Result<CardId, _> = serde_json::from_str("\"card-7\"");
        assert_eq!(read.ok(), Some(card.clone()));
        let set: std::collections::BTreeSet<CardId> = [card].into_iter().collect();
        assert!(set.contains("card-7"), "looked up by text");
    }
}
