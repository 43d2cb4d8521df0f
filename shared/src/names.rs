//! Enums stored and sent by name. Each has one table of names, its `as_str`; serde reads and
//! writes exactly those names ([`by_name!`]), so no enum maps its names twice and the JSON
//! the server reads is the name the web client writes.

/// An enum whose values have one stored name each.
pub trait Named: Copy + 'static {
    /// Every value.
    const ALL: &'static [Self];

    /// A value's stored name.
    fn name(self) -> &'static str;

    /// The value with this stored name.
    fn named(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|value| value.name() == name)
    }
}

/// Implements [`Named`] and serde for enums with an inherent `ALL` and `as_str`.
macro_rules! by_name {
    ($($named:ty),* $(,)?) => {$(
        impl Named for $named {
            const ALL: &'static [Self] = &<$named>::ALL;

            fn name(self) -> &'static str {
                <$named>::as_str(self)
            }
        }

        impl serde::Serialize for $named {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.name())
            }
        }

        impl<'de> serde::Deserialize<'de> for $named {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let name = <String as serde::Deserialize>::deserialize(deserializer)?;
                <$named as Named>::named(&name).ok_or_else(|| {
                    serde::de::Error::custom(format!("unknown {} {name:?}", stringify!($named)))
                })
            }
        }
    )*};
}

by_name!(
    crate::model::Perspective,
    crate::model::CardColour,
    crate::voting::VoteTarget,
    crate::voting::RoundStatus,
    crate::facilitation::Phase,
    crate::facilitation::Section,
    crate::access::Role,
    crate::api::Admission,
    crate::agenda::ActivityKind,
    crate::agenda::ActivityState,
    crate::agenda::Visibility,
    crate::agenda::ActivityHome,
    crate::polls::HideWhat,
    crate::cafe::TableColour,
    crate::ecomap::Category,
    crate::ecomap::Strength,
    crate::ecomap::Flow,
);

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trips<T: Named + serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>() {
        for value in T::ALL {
            let json = serde_json::to_string(value).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", value.name()));
            assert_eq!(serde_json::from_str::<T>(&json).ok(), Some(*value));
            assert_eq!(T::named(value.name()), Some(*value));
        }
        assert!(serde_json::from_str::<T>("\"no such name\"").is_err());
        assert!(serde_json::from_str::<T>("7").is_err());
    }

    #[test]
    fn every_named_enum_reads_and_writes_its_one_table_of_names() {
        round_trips::<crate::model::Perspective>();
        round_trips::<crate::model::CardColour>();
        round_trips::<crate::voting::VoteTarget>();
        round_trips::<crate::voting::RoundStatus>();
        round_trips::<crate::facilitation::Phase>();
        round_trips::<crate::facilitation::Section>();
        round_trips::<crate::access::Role>();
        round_trips::<crate::api::Admission>();
        assert_eq!(
            serde_json::to_string(&crate::facilitation::Phase::CoCreation).unwrap_or_default(),
            "\"co-creation\""
        );
        assert_eq!(
            serde_json::to_string(&crate::facilitation::Section::ProblemStatement).unwrap_or_default(),
            "\"problem-statement\""
        );
    }
}
