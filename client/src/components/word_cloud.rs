//! An open question's word cloud ([`polyphony_shared::word_cloud`]): each term sized by how
//! many answers gave it, the most frequent first; hovering or focusing a term tells how many
//! came from each perspective.

use std::collections::BTreeMap;

use leptos::prelude::*;
use polyphony_shared::polls::ByPerspective;

/// Most terms shown.
const MOST_TERMS: usize = 40;

/// The terms to show, most answers first (then alphabetically), with their size from 1
/// (fewest) to 4 (most).
pub fn sized(words: &BTreeMap<String, ByPerspective>) -> Vec<(String, u32, ByPerspective)> {
    let mut terms: Vec<(&String, u32, ByPerspective)> =
        words.iter().map(|(word, counts)| (word, counts.iter().sum(), *counts)).collect();
    terms.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let most = terms.first().map_or(1, |term| term.1);
    // Sizes spread from the fewest answers (1) to the most (4); all alike stay mid-size.
    let size = |total: u32| if most <= 1 { 2 } else { 1 + (total.saturating_sub(1) * 3) / (most - 1) };
    terms.into_iter().take(MOST_TERMS).map(|(word, total, counts)| (word.clone(), size(total), counts)).collect()
}

/// The cloud.
#[component]
pub fn WordCloud(
    /// Each term, by perspective.
    words: BTreeMap<String, ByPerspective>,
) -> impl IntoView {
    view! {
        <p class="word-cloud" data-testid="word-cloud">
            {sized(&words).into_iter().map(|(word, size, [citizens, professionals, others])| {
                let said = format!("{word}: {citizens} from citizens, {professionals} from professionals, {others} from others");
                view! { <span class=format!("term size-{size}") title=said.clone() aria-label=said tabindex="0">{word}</span> " " }
            }).collect_view()}
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_frequent_terms_are_largest_and_first() {
        let words = BTreeMap::from([
            ("bus".to_owned(), [3, 1, 0]),
            ("lift".to_owned(), [1, 0, 0]),
            ("taxi".to_owned(), [0, 2, 0]),
        ]);
        let shown: Vec<(String, u32)> = sized(&words).into_iter().map(|(word, size, _)| (word, size)).collect();
        assert_eq!(shown, [("bus".to_owned(), 4), ("taxi".to_owned(), 2), ("lift".to_owned(), 1)]);
        let alike = BTreeMap::from([("bus".to_owned(), [1, 0, 0]), ("lift".to_owned(), [0, 1, 0])]);
        assert!(sized(&alike).iter().all(|(_, size, _)| *size == 2), "all alike: mid-size");
    }
}
