//! What a facilitator hides from a poll's results: a word of the cloud, an answer in words,
//! or a question to the panel, each with a reason, as cards are hidden.
//!
//! Governed state keeps a key for each hidden item, never its words: a word or answer is
//! kept as a fingerprint of its lower-cased text, so the words taken out of the results do
//! not reach every client through the list of what was hidden.

use crate::ids::PanelQuestionId;
use crate::wire::TextPrint;

/// What is hidden.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HideWhat {
    /// A term of the word cloud.
    Word,
    /// One answer in words (every answer with the same words).
    Answer,
    /// A question to the panel, by its id.
    Question,
}

impl HideWhat {
    /// Every kind.
    pub const ALL: [HideWhat; 3] = [HideWhat::Word, HideWhat::Answer, HideWhat::Question];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            HideWhat::Word => "word",
            HideWhat::Answer => "answer",
            HideWhat::Question => "question",
        }
    }

    /// What a hidden key is of, from its prefix.
    pub fn of_key(key: &str) -> Option<HideWhat> {
        let (prefix, _) = key.split_once(':')?;
        HideWhat::ALL.into_iter().find(|what| what.as_str() == prefix)
    }
}

/// The key a hidden item is kept under; `None` for a question id that does not parse.
pub fn hidden_key(what: HideWhat, text: &str) -> Option<String> {
    match what {
        HideWhat::Question => {
            let id = PanelQuestionId::parse(text.trim()).ok()?;
            Some(format!("question:{id}"))
        }
        HideWhat::Word | HideWhat::Answer => {
            let print = TextPrint::of(&text.trim().to_lowercase()).bits();
            Some(format!("{}:{print:016x}", what.as_str()))
        }
    }
}
