//! Finding cards on a big board from a phone: words to search for in a card's text or its
//! author's name, and a perspective to keep; only what the card shows counts (in anonymous
//! mode a name search finds nothing it hides). Pure, so it is tested here.

use crate::anonymity::Disclosure;
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

    /// Whether `card`, as `shown`, is one the person is looking for.
    pub fn matches(&self, card: &Card, shown: Disclosure<'_>) -> bool {
        if self.perspective.is_some_and(|wanted| shown.perspective(&card.author_name, card.perspective) != Some(wanted))
        {
            return false;
        }
        let haystack = format!("{} {}", card.text, shown.name(&card.author_name).unwrap_or_default()).to_lowercase();
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
            helped_by: String::new(),
            x: 0.0,
            y: 0.0,
            cluster: None,
            from: None,
        }
    }

    #[test]
    fn words_match_text_or_author_in_any_case_and_perspective_narrows() {
        let bus = card("Evening BUS to the centre", "Pia", Perspective::Citizen);
        let crowded = std::collections::BTreeSet::new();
        let named = Disclosure { anonymous: false, crowded: &crowded };
        assert!(CardFilter::default().matches(&bus, named));
        assert!(CardFilter::default().is_empty());
        let search = |words: &str| CardFilter { words: words.into(), perspective: None };
        assert!(search("bus centre").matches(&bus, named));
        assert!(search("pia").matches(&bus, named));
        assert!(!search("bus train").matches(&bus, named));
        let professionals = CardFilter { words: String::new(), perspective: Some(Perspective::Professional) };
        assert!(!professionals.matches(&bus, named));
        assert!(!professionals.is_empty());
    }

    #[test]
    fn in_anonymous_mode_search_and_filter_find_nothing_the_card_hides() {
        let bus = card("Evening bus", "Pia", Perspective::Citizen);
        let crowded = std::collections::BTreeSet::from([Perspective::Professional]);
        let anonymous = Disclosure { anonymous: true, crowded: &crowded };
        let search = |words: &str| CardFilter { words: words.into(), perspective: None };
        assert!(!search("pia").matches(&bus, anonymous), "the name is hidden");
        assert!(search("bus").matches(&bus, anonymous));
        let citizens = CardFilter { words: String::new(), perspective: Some(Perspective::Citizen) };
        assert!(!citizens.matches(&bus, anonymous), "the only citizen's perspective is hidden");
        let many = std::collections::BTreeSet::from([Perspective::Citizen]);
        assert!(citizens.matches(&bus, Disclosure { anonymous: true, crowded: &many }));
    }
}
