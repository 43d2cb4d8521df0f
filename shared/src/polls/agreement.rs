//! Results by perspective, side by side, and where they meet (seeds 001 and 002: needs are
//! seen differently by citizens and professionals, and both views count).
//!
//! For each option, each perspective's share: of the people of that perspective who
//! answered, how many chose it (a choice poll or a point of a scale), or how high they put
//! it (a ranking: 1 when all put it first, 0 when all put it last). An option is **common
//! ground** when at least two perspectives answered and every one of them gives it at least
//! [`COMMON_SHARE`] (a ranking: [`RANKING_COMMON_SHARE`]); it is **seen differently** when
//! their shares lie [`DIFFERENT_BY`] or more apart. A scale compares each perspective's
//! average instead of its points one by one; an open question's common words are those more than one perspective used.

use std::collections::BTreeSet;

use super::{ByPerspective, Poll, PollResults};
use crate::agenda::ActivityKind;

/// The share of each perspective at or above which an option is common ground.
pub const COMMON_SHARE: f64 = 0.5;
/// In a ranking, how high every perspective must put an option on average for it to be
/// common ground (1: first, 0: last).
pub const RANKING_COMMON_SHARE: f64 = 2.0 / 3.0;
/// How far apart perspectives' shares are when an option is seen differently.
pub const DIFFERENT_BY: f64 = 0.3;
/// How far apart, as a part of the scale's range, perspectives' averages may lie and still
/// see it alike.
pub const SCALE_ALIKE_WITHIN: f64 = 0.2;

/// One option's shares by perspective.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionAgreement {
    /// The option (from 0) or point (from 1).
    pub choice: u32,
    /// Each perspective's share, from 0 to 1; `None` where nobody of it answered.
    pub shares: [Option<f64>; 3],
    /// Every perspective that answered supports it.
    pub common: bool,
    /// Perspectives are far apart on it.
    pub different: bool,
}

/// A poll's results side by side.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Agreement {
    /// Each option, in the order of the poll.
    pub options: Vec<OptionAgreement>,
    /// A scale: each perspective's average point.
    pub averages: [Option<f64>; 3],
    /// A scale: whether the perspectives that answered see it alike (`None`: fewer than two
    /// answered).
    pub scale_alike: Option<bool>,
    /// An open question: terms more than one perspective used.
    pub common_words: BTreeSet<String>,
}

/// The poll's results by perspective.
pub fn agreement(kind: ActivityKind, poll: &Poll, results: &PollResults) -> Agreement {
    let answered = results.answered;
    let perspectives = answered.iter().filter(|count| **count > 0).count();
    let mut agreement = Agreement {
        common_words: results
            .words
            .iter()
            .filter(|(_, counts)| counts.iter().filter(|count| **count > 0).count() > 1)
            .map(|(word, _)| word.clone())
            .collect(),
        ..Agreement::default()
    };
    let choices: Vec<u32> = match kind {
        ActivityKind::Choice | ActivityKind::Ranking => {
            (0..poll.options.len()).filter_map(|at| u32::try_from(at).ok()).collect()
        }
        ActivityKind::Scale => (1..=poll.points).collect(),
        _ => return agreement,
    };
    let places = f64::from(u32::try_from(poll.options.len()).unwrap_or(1).max(2));
    let share = |counts: &ByPerspective, at: usize| {
        (answered[at] > 0).then(|| {
            let per_person = f64::from(counts[at]) / f64::from(answered[at]);
            // A ranking: from N points a person (first place) down to 1 (last), as 1 to 0.
            if kind == ActivityKind::Ranking { (per_person - 1.0) / (places - 1.0) } else { per_person }
        })
    };
    let threshold = if kind == ActivityKind::Ranking { RANKING_COMMON_SHARE } else { COMMON_SHARE };
    for choice in choices {
        let counts = results.counts.get(&choice).copied().unwrap_or_default();
        let shares = [share(&counts, 0), share(&counts, 1), share(&counts, 2)];
        let given: Vec<f64> = shares.iter().flatten().copied().collect();
        let spread = spread(&given);
        agreement.options.push(OptionAgreement {
            choice,
            shares,
            common: perspectives > 1 && given.iter().all(|share| *share >= threshold),
            // A scale's points are compared by their averages instead (below).
            different: perspectives > 1 && spread >= DIFFERENT_BY && kind != ActivityKind::Scale,
        });
    }
    if kind == ActivityKind::Scale {
        for (at, average) in agreement.averages.iter_mut().enumerate() {
            let points: u32 = results.counts.iter().map(|(point, counts)| point * counts[at]).sum();
            *average = (answered[at] > 0).then(|| f64::from(points) / f64::from(answered[at]));
        }
        let given: Vec<f64> = agreement.averages.iter().flatten().copied().collect();
        let range = f64::from(poll.points.max(2) - 1);
        agreement.scale_alike = (given.len() > 1).then(|| spread(&given) <= SCALE_ALIKE_WITHIN * range);
    }
    agreement
}

/// How far apart the largest and smallest values lie.
fn spread(values: &[f64]) -> f64 {
    let most = values.iter().copied().fold(f64::MIN, f64::max);
    let least = values.iter().copied().fold(f64::MAX, f64::min);
    if values.is_empty() { 0.0 } else { most - least }
}
