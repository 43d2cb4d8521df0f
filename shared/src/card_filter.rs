//! Finding cards on a big board from a phone: words to search for in a card's text or its
//! author's name, and a perspective to keep. Pure, so it is tested here.

use crate::model::{Card, Perspective};

/// What the person is looking for; the default finds every card.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CardFilter {
    /// Words that must all appear in the text or the author's name (any case).
    pub words: String,
    /// Only cards written from this perspective.
    pub perspective: Option<Perspective>,
}

impl CardFilter {
    /// Whether the filter finds every card.
    pub fn is_empty(&self) -> bool {
        self.words.trim().is_empty() && self.perspective.is_none()
    }

    /// Whether `card` is one the person is looking for.
    pub fn matches(&self, card: &Card) -> bool {
        if self.perspective.is_some_and(|perspective| perspective != card.perspective) {
            return false;
        }
        let haystack = format!("{} {}", card.text, card.author_name).to_lowercase();
        self.words.to_lowercase().split_whitespace().all(|word| haystack.contains(word))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CardColour;

    fn card(text: &str, author: &str, perspective: Perspective) -> Card {
        Card {
            id: "c".into(),
            text: text.into(),
            colour: CardColour::Yellow,
            author_name: author.into(),
            perspective,
            x: 0.0,
            y: 0.0,
            cluster: None,
        }
    }

    #[test]
    fn words_match_text_or_author_in_any_case_and_perspective_narrows() {
        let bus = card("Evening BUS to the centre", "Pia", Perspective::Citizen);
        assert!(CardFilter::default().matches(&bus));
        assert!(CardFilter::default().is_empty());
        let search = |words: &str| CardFilter { words: words.into(), perspective: None };
        assert!(search("bus centre").matches(&bus));
        assert!(search("pia").matches(&bus));
        assert!(!search("bus train").matches(&bus));
        let professionals = CardFilter { words: String::new(), perspective: Some(Perspective::Professional) };
        assert!(!professionals.matches(&bus));
        assert!(!professionals.is_empty());
    }
}
