//! Reading the server's JSON answers into the shared answer types, without a JSON library.
//!
//! The server writes its answers with serde. The web client reads them into the very same
//! types through [`FromJson`], over whatever JSON tree it has: in the browser, the values
//! the browser's own `JSON.parse` made, so no JSON parser is compiled into the download.
//! The tests below write each answer with serde and read it back through [`FromJson`], so
//! the two sides cannot drift apart.

use std::collections::BTreeMap;

use crate::access::{JoinAnswer, Participant, Role};
use crate::api::{AdmissionAnswer, BoardInfo, CreatedBoard, ErrorBody, JoinBursts, NewFacilitatorKey, ReportLink};
use crate::drafts::Draft;
use crate::facilitation::OpenedRound;
use crate::history::{PointInfo, PointPreview, PreviewCard};
use crate::ids::{BoardId, JoinCode, ParticipantId, RoundId};
use crate::model::{CardColour, Perspective};
use crate::names::Named;
use crate::voting::MyVotes;
use crate::withheld::Withheld;

/// A parsed JSON value, as the reader of an answer sees it.
pub trait JsonValue: Sized {
    /// A field of an object.
    fn field(&self, key: &str) -> Option<Self>;
    /// The value as a string.
    fn text(&self) -> Option<String>;
    /// The value as a number.
    fn number(&self) -> Option<f64>;
    /// The value as a boolean.
    fn boolean(&self) -> Option<bool>;
    /// The items of an array.
    fn items(&self) -> Option<Vec<Self>>;
    /// The fields of an object, in any order.
    fn entries(&self) -> Option<Vec<(String, Self)>>;

    /// A string field.
    fn text_at(&self, key: &str) -> Option<String> {
        self.field(key)?.text()
    }

    /// A non-negative whole number field.
    fn count_at<N: TryFrom<u64>>(&self, key: &str) -> Option<N> {
        whole(self.field(key)?.number()?)
    }

    /// A field read as `T`.
    fn read_at<T: FromJson>(&self, key: &str) -> Option<T> {
        T::from_json(&self.field(key)?)
    }

    /// An array field read item by item; `None` if any item does not read.
    fn list_at<T: FromJson>(&self, key: &str) -> Option<Vec<T>> {
        self.read_at(key)
    }

    /// A named value (an enum stored by name) in a field.
    fn named_at<T: Named>(&self, key: &str) -> Option<T> {
        T::named(&self.text_at(key)?)
    }
}

/// A non-negative whole number that fits `N`.
fn whole<N: TryFrom<u64>>(number: f64) -> Option<N> {
    let fits = number.is_finite() && number >= 0.0 && number.fract() == 0.0 && number <= 9_007_199_254_740_992.0;
    // Checked above: whole, non-negative and exactly representable.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let whole = number as u64;
    fits.then_some(whole).and_then(|whole| N::try_from(whole).ok())
}

/// A type the server sends as JSON, read back from a parsed value.
pub trait FromJson: Sized {
    /// Reads the value; `None` if it does not have this type's shape.
    fn from_json<V: JsonValue>(value: &V) -> Option<Self>;
}

impl FromJson for String {
    fn from_json<V: JsonValue>(value: &V) -> Option<Self> {
        value.text()
    }
}

impl FromJson for u32 {
    fn from_json<V: JsonValue>(value: &V) -> Option<Self> {
        whole(value.number()?)
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json<V: JsonValue>(value: &V) -> Option<Self> {
        value.items()?.iter().map(T::from_json).collect()
    }
}

impl FromJson for BoardInfo {
    fn from_json<V: JsonValue>(value: &V) -> Option<Self> {
        Some(BoardInfo {
            id: BoardId::parse(&value.text_at("id")?).ok()?,
            title: value.text_at("title")?,
            join_code: JoinCode::parse(&value.text_at("join_code")?).ok()?,
            created_at_ms: value.count_at("created_at_ms")?,
        })
    }
}

impl FromJson for CreatedBoard {
    fn from_json<V: JsonValue>(value: &V) -> Option<Self> {
        Some(CreatedBoard {
            board: value.read_at("board")?,
            page_path: value.text_at("page_path")?,
            content_ws_path: value.text_at("content_ws_path")?,
            facilitator_key: value.text_at("facilitator_key")?,
            facilitator_path: value.text_at("facilitator_path")?,
        })
    }
}

impl FromJson for Participant {
    fn from_json<V: JsonValue>(value: &V) -> Option<Self> {
        Some(Participant {
            id: ParticipantId::parse(&value.text_at("id")?).ok()?,
            name: value.text_at("name")?,
            perspective: value.named_at::<Perspective>("perspective")?,
            role: value.named_at::<Role>("role")?,
        })
    }
}

impl FromJson for JoinAnswer {
    fn from_json<V: JsonValue>(value: &V) -> Option<Self> {
        Some(JoinAnswer {
            board: value.read_at("board")?,
            participant: value.read_at("participant")?,
            token: value.text_at("token")?,
            waiting: value.field("waiting").and_then(|waiting| waiting.boolean()).unwrap_or(false),
        })
    }
}

impl FromJson for AdmissionAnswer {
    fn from_json<V: JsonValue>(value: &V) -> Option<Self> {
        Some(AdmissionAnswer { admission: value.named_at("admission")? })
    }
}

impl FromJson for MyVotes {
    fn from_json<V: JsonValue>(value: &V) -> Option<Self> {
        let allocation = value.field("allocation")?.entries()?;
        let allocation: Option<BTreeMap<String, u32>> =
            allocation.into_iter().map(|(item, dots)| Some((item, u32::from_json(&dots)?))).collect();
        Some(MyVotes { allocation: allocation?, remaining: value.count_at("remaining")? })
    }
}

impl FromJson for OpenedRound {
    fn from_json<V: JsonValue>(value: &V) -> Option<Self> {
        Some(OpenedRound { round: RoundId::parse(&value.text_at("round")?).ok()? })
    }
}

impl FromJson for ReportLink {
    fn from_json<V: JsonValue>(value: &V) -> Option<Self> {
        Some(ReportLink { report_link: value.text_at("reportLink")? })
    }
}

impl FromJson for NewFacilitatorKey {
    fn from_json<V: JsonValue>(value: &V) -> Option<Self> {
        Some(NewFacilitatorKey { facilitator_key: value.text_at("facilitatorKey")? })
    }
}

impl FromJson for JoinBursts {
    fn from_json<V: JsonValue>(value: &V) -> Option<Self> {
        Some(JoinBursts { from_one_network: value.list_at("fromOneNetwork")?, minutes: value.count_at("minutes")? })
    }
}

impl FromJson for Draft {
    fn from_json<V: JsonValue>(value: &V) -> Option<Self> {
        Some(Draft {
            card: value.read_at("card")?,
            author: ParticipantId::parse(&value.text_at("author")?).ok()?,
            author_name: value.text_at("author_name")?,
            perspective: value.named_at::<Perspective>("perspective")?,
            text: value.text_at("text")?,
            colour: value.named_at::<CardColour>("colour")?,
        })
    }
}

impl FromJson for Withheld {
    fn from_json<V: JsonValue>(value: &V) -> Option<Self> {
        let author = match value.text_at("author") {
            Some(author) => Some(ParticipantId::parse(&author).ok()?),
            None => None,
        };
        Some(Withheld {
            card: value.read_at("card")?,
            text: value.text_at("text")?,
            author_name: value.text_at("authorName")?,
            author,
            at_ms: value.count_at("atMs")?,
        })
    }
}

impl FromJson for PointInfo {
    fn from_json<V: JsonValue>(value: &V) -> Option<Self> {
        Some(PointInfo {
            id: value.count_at("id")?,
            label: value.text_at("label")?,
            cards: value.count_at("cards")?,
            questions: value.count_at("questions")?,
        })
    }
}

impl FromJson for PreviewCard {
    fn from_json<V: JsonValue>(value: &V) -> Option<Self> {
        Some(PreviewCard {
            id: value.read_at("id")?,
            text: value.text_at("text")?,
            unchanged: value.field("unchanged")?.boolean()?,
            perspective: value.named_at::<Perspective>("perspective")?,
        })
    }
}

impl FromJson for PointPreview {
    fn from_json<V: JsonValue>(value: &V) -> Option<Self> {
        Some(PointPreview {
            info: value.read_at("info")?,
            problem_statement: value.text_at("problemStatement")?,
            questions: value.list_at("questions")?,
            cards: value.list_at("cards")?,
        })
    }
}

impl FromJson for ErrorBody {
    fn from_json<V: JsonValue>(value: &V) -> Option<Self> {
        Some(ErrorBody { error: value.text_at("error")? })
    }
}

#[cfg(test)]
mod tests;

impl FromJson for crate::balance::Counts {
    fn from_json<V: JsonValue>(value: &V) -> Option<Self> {
        Some(crate::balance::Counts {
            cards: value.count_at("cards")?,
            words: value.count_at("words")?,
            questions: value.count_at("questions")?,
            dots: value.count_at("dots")?,
            answers: value.count_at("answers")?,
        })
    }
}

impl FromJson for crate::balance::PerspectiveBalance {
    fn from_json<V: JsonValue>(value: &V) -> Option<Self> {
        Some(crate::balance::PerspectiveBalance {
            perspective: value.named_at("perspective")?,
            people: value.count_at("people")?,
            counts: value.read_at("counts")?,
        })
    }
}

impl FromJson for crate::balance::PersonBalance {
    fn from_json<V: JsonValue>(value: &V) -> Option<Self> {
        Some(crate::balance::PersonBalance {
            participant: ParticipantId::parse(&value.text_at("participant")?).ok()?,
            name: value.text_at("name")?,
            perspective: value.named_at("perspective")?,
            counts: value.read_at("counts")?,
        })
    }
}

impl FromJson for crate::balance::Balance {
    fn from_json<V: JsonValue>(value: &V) -> Option<Self> {
        let imbalance = match value.field("imbalance") {
            Some(found) if found.field("perspective").is_some() => Some(crate::balance::Imbalance {
                perspective: found.named_at("perspective")?,
                share: found.field("share")?.number()?,
                people_share: found.field("people_share")?.number()?,
            }),
            _ => None,
        };
        Some(crate::balance::Balance {
            perspectives: value.list_at("perspectives")?,
            people: value.list_at("people")?,
            imbalance,
        })
    }
}
