//! Live polls (issue 16), each an activity on the agenda: a choice poll (one answer, or
//! several), a scale (1 to N with a label at each end), a ranking (put a list in order), an
//! open question (a few words, shown as a word cloud) and questions to the panel
//! (participants ask, others upvote, the facilitator marks them answered).
//!
//! Answers are governed: a participant answers with a command, the server keeps the answers
//! where no client can read them (the ballots document), one per person, changeable until
//! the poll closes, and publishes only counts, by perspective, in governed state: while
//! people answer when the facilitator shows results live, else once revealed. Counts are
//! published at most once per tick of the board, so the order in which they change ties no
//! answer to the person who just pressed a button.

mod agreement;
mod carry;
mod csv;
mod moderation;
mod panel;
mod results;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};

pub use agreement::{Agreement, COMMON_SHARE, OptionAgreement, agreement};
pub use carry::{answer_item, cards_from, check_carrying};
pub use csv::csv;
pub use moderation::{HideWhat, hidden_key};
pub use panel::{MAX_PANEL_CHARS, MAX_PANEL_QUESTIONS, PanelQuestion, check_asking, check_upvoting};
pub use results::{AllAnswers, count, results_for, text_results};

use crate::agenda::{Activity, ActivityKind, ActivityState, Visibility};
use crate::evaluation::StatementResults;
use crate::governance::{Invalid, Missing, Refusal};
use crate::ids::PanelQuestionId;
use crate::model::Perspective;

/// Most options in a choice poll.
pub const MAX_OPTIONS: usize = 12;
/// The longest option or scale label, in characters.
pub const MAX_OPTION_CHARS: usize = 80;
/// The most points on a scale.
pub const MAX_POINTS: u32 = 10;
/// The longest answer to an open question, in characters.
pub const MAX_TEXT_CHARS: usize = 140;
/// The most answers one person gives an open question that takes several.
pub const MAX_TEXT_ANSWERS: usize = 3;

/// Where a poll stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum PollStatus {
    /// Taking answers.
    #[default]
    Open,
    /// Closed: answers are kept, none is taken or changed.
    Closed,
    /// Closed, and its results shown to everyone.
    Revealed,
}

impl PollStatus {
    /// Every status.
    pub const ALL: [PollStatus; 3] = [PollStatus::Open, PollStatus::Closed, PollStatus::Revealed];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            PollStatus::Open => "open",
            PollStatus::Closed => "closed",
            PollStatus::Revealed => "revealed",
        }
    }
}

/// A poll as the facilitator set it up.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Poll {
    /// A choice poll's options; a scale's labels for its two ends (may be empty).
    pub options: Vec<String>,
    /// A scale's number of points (a choice poll has none).
    pub points: u32,
    /// Whether a choice poll takes several answers from one person.
    pub several: bool,
    /// Whether results show while people answer (else only once revealed).
    pub live: bool,
    /// Where it stands.
    pub status: PollStatus,
    /// The counts everyone sees, when they may see them.
    pub results: Option<PollResults>,
    /// What the facilitator hid from the results ([`hidden_key`]), with the reason.
    pub hidden: BTreeMap<String, String>,
    /// The questions to the panel marked answered.
    pub answered_questions: BTreeSet<PanelQuestionId>,
}

/// Counts by perspective: citizens, professionals, others.
pub type ByPerspective = [u32; 3];

/// What a poll's answers add up to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PollResults {
    /// For each option (a choice poll, from 0) or point (a scale, from 1), how many chose
    /// it; in a ranking, each option's points (first of N places: N points, last: 1).
    pub counts: BTreeMap<u32, ByPerspective>,
    /// How many people answered.
    pub answered: ByPerspective,
    /// An open question's word cloud: each term, by perspective.
    pub words: BTreeMap<String, ByPerspective>,
    /// An open question's answers, in alphabetical order (no order of arrival, no names).
    pub texts: Vec<String>,
    /// Questions to the panel, most upvoted first (then alphabetically).
    pub questions: Vec<PanelQuestion>,
    /// An evaluation: how each statement was answered ([`crate::evaluation`]).
    pub statements: Vec<StatementResults>,
}

/// The slot of a perspective in [`ByPerspective`].
pub fn slot(perspective: Perspective) -> usize {
    match perspective {
        Perspective::Citizen => 0,
        Perspective::Professional => 1,
        Perspective::Other => 2,
    }
}

impl Poll {
    /// Checks a poll a facilitator sets up for an activity of `kind`.
    pub fn check_setup(kind: ActivityKind, options: &[String], points: u32) -> Result<(), Refusal> {
        let fits = |text: &String| (1..=MAX_OPTION_CHARS).contains(&text.trim().chars().count());
        let valid = match kind {
            ActivityKind::Choice | ActivityKind::Ranking => {
                (2..=MAX_OPTIONS).contains(&options.len()) && options.iter().all(fits)
            }
            ActivityKind::Scale => {
                (2..=MAX_POINTS).contains(&points)
                    && options.len() <= 2
                    && options.iter().all(|label| label.trim().chars().count() <= MAX_OPTION_CHARS)
            }
            ActivityKind::OpenQuestion | ActivityKind::PanelQuestions => options.is_empty(),
            // An evaluation's options are its statements.
            ActivityKind::Evaluation => (1..=MAX_OPTIONS).contains(&options.len()) && options.iter().all(fits),
            _ => return Err(Refusal::Invalid(Invalid::NotAPoll)),
        };
        if valid { Ok(()) } else { Err(Refusal::Invalid(Invalid::PollSetup)) }
    }

    /// Checks an answer (option numbers, or the one point of a scale) against the poll.
    pub fn check_answer(&self, kind: ActivityKind, answer: &[u32]) -> Result<(), Refusal> {
        if self.status != PollStatus::Open {
            return Err(Refusal::PollClosed);
        }
        let mut seen = answer.to_vec();
        seen.sort_unstable();
        seen.dedup();
        let valid = match kind {
            ActivityKind::Choice => {
                let most = if self.several { self.options.len() } else { 1 };
                !answer.is_empty()
                    && seen.len() == answer.len()
                    && answer.len() <= most
                    && answer.iter().all(|option| (*option as usize) < self.options.len())
            }
            ActivityKind::Scale => answer.len() == 1 && (1..=self.points).contains(&answer[0]),
            ActivityKind::Evaluation => return crate::evaluation::check_answer(self, answer),
            // A ranking puts every option in a place.
            ActivityKind::Ranking => {
                seen.len() == answer.len()
                    && answer.len() == self.options.len()
                    && answer.iter().all(|option| (*option as usize) < self.options.len())
            }
            // An open question is answered in words ([`Poll::check_text`]).
            _ => return Err(Refusal::Invalid(Invalid::NotAPoll)),
        };
        if valid { Ok(()) } else { Err(Refusal::Invalid(Invalid::PollAnswer)) }
    }
}

/// The labels of a poll's answers: a choice poll's options (from 0), a scale's points
/// (from 1, its ends named).
pub fn answer_labels(kind: ActivityKind, poll: &Poll) -> Vec<(u32, String)> {
    if kind == ActivityKind::Scale {
        let label = |point: u32| match (point, poll.options.first(), poll.options.get(1)) {
            (1, Some(low), _) if !low.is_empty() => format!("1 · {low}"),
            (last, _, Some(high)) if last == poll.points && !high.is_empty() => format!("{last} · {high}"),
            (point, ..) => point.to_string(),
        };
        return (1..=poll.points).map(|point| (point, label(point))).collect();
    }
    (0u32..).zip(poll.options.iter().cloned()).collect()
}

/// The poll an activity of `kind` starts with, set up before the facilitator touches it: an
/// evaluation's statements ([`crate::evaluation::starting_poll`]); other polls start unset.
pub fn starting(kind: ActivityKind) -> Option<Poll> {
    (kind == ActivityKind::Evaluation).then(crate::evaluation::starting_poll)
}

/// The poll a facilitator sets up for `activity`, in place of `existing` (refused once
/// anyone has answered it).
pub fn setup(
    activity: &Activity,
    existing: Option<&Poll>,
    answered: bool,
    options: &[String],
    points: u32,
    several: bool,
    live: bool,
) -> Result<Poll, Refusal> {
    Poll::check_setup(activity.kind, options, points)?;
    if answered {
        return Err(Refusal::PollAnswered);
    }
    let status = existing.map(|poll| poll.status).unwrap_or_default();
    let options = options.iter().map(|option| option.trim().to_owned()).collect();
    let points = match activity.kind {
        ActivityKind::Scale => points,
        ActivityKind::Evaluation => crate::evaluation::POINTS,
        _ => 0,
    };
    let several = several && matches!(activity.kind, ActivityKind::Choice | ActivityKind::OpenQuestion);
    // Questions to the panel are there to be seen and upvoted while people ask.
    let live = live || activity.kind == ActivityKind::PanelQuestions;
    let (hidden, answered_questions) =
        existing.map(|poll| (poll.hidden.clone(), poll.answered_questions.clone())).unwrap_or_default();
    Ok(Poll { options, points, several, live, status, results: None, hidden, answered_questions })
}

/// The poll of `activity` if it takes answers now: set up, running (live, or open between
/// sessions) and shown to everyone. (Whether it is still open is the answer's check.)
pub(crate) fn taking_answers<'a>(activity: &Activity, poll: Option<&'a Poll>) -> Result<&'a Poll, Refusal> {
    if activity.visibility == Visibility::Facilitators {
        return Err(Refusal::ActivityHidden);
    }
    let poll = poll.ok_or(Refusal::NotFound(Missing::Poll))?;
    match activity.state {
        ActivityState::Live | ActivityState::Open => Ok(poll),
        ActivityState::Upcoming => Err(Refusal::PollNotRunning),
        ActivityState::Done => Err(Refusal::PollClosed),
    }
}

/// Checks that `answer` may be given to the poll of `activity` now: a choice poll, scale or
/// ranking taking answers, still open, and a valid answer.
pub fn check_answering(activity: &Activity, poll: Option<&Poll>, answer: &[u32]) -> Result<(), Refusal> {
    if !matches!(
        activity.kind,
        ActivityKind::Choice | ActivityKind::Scale | ActivityKind::Ranking | ActivityKind::Evaluation
    ) {
        return Err(Refusal::Invalid(Invalid::NotAPoll));
    }
    taking_answers(activity, poll)?.check_answer(activity.kind, answer)
}

/// Checks that `text` may be added to the answers of the open question of `activity` (or
/// be the comment on an evaluation), by someone who gave `given` answers to it already.
pub fn check_text_answering(activity: &Activity, poll: Option<&Poll>, text: &str, given: usize) -> Result<(), Refusal> {
    if !matches!(activity.kind, ActivityKind::OpenQuestion | ActivityKind::Evaluation) {
        return Err(Refusal::Invalid(Invalid::NotAPoll));
    }
    taking_answers(activity, poll)?.check_text(text, given)
}

impl Poll {
    /// Checks an answer in words to an open question; `given` is how many the person gave
    /// already.
    pub fn check_text(&self, text: &str, given: usize) -> Result<(), Refusal> {
        if self.status != PollStatus::Open {
            return Err(Refusal::PollClosed);
        }
        if !(1..=MAX_TEXT_CHARS).contains(&text.trim().chars().count()) {
            return Err(Refusal::Invalid(Invalid::TextAnswer));
        }
        if self.several && given >= MAX_TEXT_ANSWERS {
            return Err(Refusal::EnoughAnswers);
        }
        Ok(())
    }
}
