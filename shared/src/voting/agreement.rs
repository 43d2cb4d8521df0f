//! Where perspectives meet in a revealed dot-voting round (seeds 001 and 002), as polls have
//! it ([`crate::polls::agreement`]).
//!
//! Each perspective spends its dots its own way, and a perspective of many people gives
//! more dots than one of few; so an item is judged by each perspective's **share of its own
//! dots**. With `k` items that got dots, a fair share is `1/k`. An item is **common ground**
//! when at least two perspectives voted and every one of them gave it at least a fair
//! share; it is **seen differently** when one perspective gave it at least a fair share and
//! another less than half of one.

use super::{Round, Tally};
use crate::model::Perspective;

/// How an item of a revealed round fares across perspectives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemAgreement {
    /// Every perspective that voted supports it.
    CommonGround,
    /// One perspective backs it, another hardly at all.
    SeenDifferently,
}

impl ItemAgreement {
    /// The words shown beside the item.
    pub fn label(self) -> &'static str {
        match self {
            ItemAgreement::CommonGround => "Common ground",
            ItemAgreement::SeenDifferently => "Seen differently",
        }
    }
}

/// The dots of one perspective on one item.
fn dots_of(tally: &Tally, perspective: Perspective) -> u32 {
    match perspective {
        Perspective::Citizen => tally.citizen,
        Perspective::Professional => tally.professional,
        Perspective::Other => tally.other,
    }
}

/// How `item` of `round` fares across perspectives, once the round is revealed; `None` for
/// an item neither common ground nor seen differently, or a round not revealed.
pub fn item_agreement(round: &Round, item: &str) -> Option<ItemAgreement> {
    let results = round.results.as_ref()?;
    let tally = results.get(item)?;
    let items = results.values().filter(|tally| tally.total > 0).count();
    if items < 2 || tally.total == 0 {
        return None;
    }
    let fair = 1.0 / items as f64;
    // Each perspective that voted: its share of its own dots on this item.
    let shares: Vec<f64> = Perspective::ALL
        .into_iter()
        .filter_map(|perspective| {
            let spent: u32 = results.values().map(|tally| dots_of(tally, perspective)).sum();
            (spent > 0).then(|| f64::from(dots_of(tally, perspective)) / f64::from(spent))
        })
        .collect();
    if shares.len() < 2 {
        return None;
    }
    let (least, most) =
        shares.iter().fold((f64::MAX, 0.0_f64), |(least, most), share| (least.min(*share), most.max(*share)));
    if least >= fair {
        Some(ItemAgreement::CommonGround)
    } else if most >= fair && least < fair / 2.0 {
        Some(ItemAgreement::SeenDifferently)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::RoundId;
    use crate::voting::{RoundStatus, VoteTarget};
    use std::collections::BTreeMap;

    fn round(results: &[(&str, u32, u32, u32)]) -> Round {
        let results = results
            .iter()
            .map(|(item, citizen, professional, other)| {
                let tally = Tally {
                    total: citizen + professional + other,
                    citizen: *citizen,
                    professional: *professional,
                    other: *other,
                };
                ((*item).to_owned(), tally)
            })
            .collect::<BTreeMap<_, _>>();
        Round {
            id: RoundId::random_from(&mut (1u8..)),
            title: "Which first?".into(),
            target: VoteTarget::Cards,
            budget: 3,
            cap: 3,
            status: RoundStatus::Revealed,
            results: Some(results),
            activity: None,
        }
    }

    #[test]
    fn shares_of_each_perspectives_own_dots_decide() {
        // Ten citizens (30 dots) and two professionals (6 dots), three items: a fair share is a third.
        let voted = round(&[("buses", 15, 3, 0), ("rota", 3, 3, 0), ("benches", 12, 0, 0)]);
        assert_eq!(item_agreement(&voted, "buses"), Some(ItemAgreement::CommonGround), "half of each one's dots");
        assert_eq!(item_agreement(&voted, "benches"), Some(ItemAgreement::SeenDifferently), "40% against none");
        assert_eq!(item_agreement(&voted, "rota"), Some(ItemAgreement::SeenDifferently), "a half against a tenth");
        assert_eq!(item_agreement(&voted, "nothing"), None);
        // Each gave ten dots: a fair share is a third of them.
        let mild = round(&[("a", 2, 2, 0), ("b", 3, 1, 0), ("c", 5, 7, 0)]);
        assert_eq!(item_agreement(&mild, "a"), None, "a fifth from each: below a fair share, alike");
        assert_eq!(item_agreement(&mild, "b"), None, "nobody gave it a fair share");
        assert_eq!(item_agreement(&mild, "c"), Some(ItemAgreement::CommonGround));
    }

    #[test]
    fn one_perspective_or_one_item_says_nothing_of_agreement() {
        assert_eq!(item_agreement(&round(&[("buses", 5, 0, 0), ("rota", 4, 0, 0)]), "buses"), None, "citizens alone");
        assert_eq!(item_agreement(&round(&[("buses", 5, 5, 0)]), "buses"), None, "a single item");
        let mut hidden = round(&[("buses", 5, 5, 0), ("rota", 1, 1, 0)]);
        hidden.results = None;
        assert_eq!(item_agreement(&hidden, "buses"), None, "not revealed");
    }
}
