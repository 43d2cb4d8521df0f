//! Live polls (issue 16): a choice poll (one answer, or several) and a scale (1 to N with a
//! label at each end), each an activity on the agenda.
//!
//! Answers are governed: a participant answers with a command, the server keeps the answers
//! where no client can read them (the ballots document), one per person, changeable until
//! the poll closes, and publishes only counts, by perspective, in governed state: while
//! people answer when the facilitator shows results live, else once revealed. Counts are
//! published at most once per tick of the board, so the order in which they change ties no
//! answer to the person who just pressed a button.

use std::collections::BTreeMap;

use crate::agenda::{Activity, ActivityKind, ActivityState, Visibility};
use crate::governance::{Invalid, Missing, Refusal};
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
}

/// Counts by perspective: citizens, professionals, others.
pub type ByPerspective = [u32; 3];

/// What a poll's answers add up to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PollResults {
    /// For each option (a choice poll, from 0) or point (a scale, from 1), how many chose it.
    pub counts: BTreeMap<u32, ByPerspective>,
    /// How many people answered.
    pub answered: ByPerspective,
    /// An open question's word cloud: each term, by perspective.
    pub words: BTreeMap<String, ByPerspective>,
    /// An open question's answers, in alphabetical order (no order of arrival, no names).
    pub texts: Vec<String>,
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
            ActivityKind::Choice => (2..=MAX_OPTIONS).contains(&options.len()) && options.iter().all(fits),
            ActivityKind::Scale => {
                (2..=MAX_POINTS).contains(&points)
                    && options.len() <= 2
                    && options.iter().all(|label| label.trim().chars().count() <= MAX_OPTION_CHARS)
            }
            ActivityKind::OpenQuestion => options.is_empty(),
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
            // An open question is answered in words ([`Poll::check_text`]).
            _ => return Err(Refusal::Invalid(Invalid::NotAPoll)),
        };
        if valid { Ok(()) } else { Err(Refusal::Invalid(Invalid::PollAnswer)) }
    }
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
    let points = if activity.kind == ActivityKind::Scale { points } else { 0 };
    let several = several && matches!(activity.kind, ActivityKind::Choice | ActivityKind::OpenQuestion);
    Ok(Poll { options, points, several, live, status, results: None })
}

/// The poll of `activity` if it takes answers now: set up, running (live, or open between
/// sessions) and shown to everyone. (Whether it is still open is the answer's check.)
fn taking_answers<'a>(activity: &Activity, poll: Option<&'a Poll>) -> Result<&'a Poll, Refusal> {
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

/// Checks that `answer` may be given to the poll of `activity` now: a choice poll or a
/// scale taking answers, still open, and a valid answer.
pub fn check_answering(activity: &Activity, poll: Option<&Poll>, answer: &[u32]) -> Result<(), Refusal> {
    if !matches!(activity.kind, ActivityKind::Choice | ActivityKind::Scale) {
        return Err(Refusal::Invalid(Invalid::NotAPoll));
    }
    taking_answers(activity, poll)?.check_answer(activity.kind, answer)
}

/// Checks that `text` may be added to the answers of the open question of `activity`, by
/// someone who gave `given` answers to it already.
pub fn check_text_answering(activity: &Activity, poll: Option<&Poll>, text: &str, given: usize) -> Result<(), Refusal> {
    if activity.kind != ActivityKind::OpenQuestion {
        return Err(Refusal::Invalid(Invalid::NotAPoll));
    }
    taking_answers(activity, poll)?.check_text(text, given)
}

/// The results of a poll of `kind` from its answers (options or points, and words), for
/// the people still on the board.
pub fn results_for(
    kind: ActivityKind,
    answers: &[(crate::ids::ParticipantId, Vec<u32>)],
    texts: &[(crate::ids::ParticipantId, Vec<String>)],
    participants: &BTreeMap<crate::ids::ParticipantId, crate::governed::ParticipantRecord>,
) -> PollResults {
    if kind != ActivityKind::OpenQuestion {
        return results_of(answers, participants);
    }
    text_results(texts.iter().filter_map(|(who, texts)| {
        let record = participants.get(who).filter(|record| !record.removed)?;
        Some((record.participant.perspective, texts.as_slice()))
    }))
}

/// A poll's answers as CSV for a spreadsheet: one row per chosen option, point or answer in
/// words, with the perspective of whoever gave it and nothing else (no name, no id), sorted
/// so the order of the rows says nothing about who answered when. A cell that a spreadsheet
/// would read as a formula is written as text.
pub fn csv(
    kind: ActivityKind,
    poll: &Poll,
    answers: &[(Perspective, Vec<u32>)],
    texts: &[(Perspective, Vec<String>)],
) -> String {
    let label = |choice: u32| match kind {
        ActivityKind::Scale => choice.to_string(),
        _ => poll.options.get(choice as usize).cloned().unwrap_or_else(|| choice.to_string()),
    };
    let mut rows: Vec<(Perspective, String)> = answers
        .iter()
        .flat_map(|(perspective, chosen)| chosen.iter().map(move |choice| (*perspective, label(*choice))))
        .chain(texts.iter().flat_map(|(perspective, texts)| texts.iter().map(move |text| (*perspective, text.clone()))))
        .collect();
    rows.sort();
    let mut csv = String::from("perspective,answer\r\n");
    for (perspective, answer) in rows {
        csv.push_str(perspective.as_str());
        csv.push(',');
        csv.push_str(&csv_cell(&answer));
        csv.push_str("\r\n");
    }
    csv
}

/// One CSV cell: quoted when it holds a comma, quote or line break; a leading `=`, `+`,
/// `-` or `@` is escaped with an apostrophe, so a spreadsheet shows it as text.
fn csv_cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) { format!("'{text}") } else { text.to_owned() };
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text }
}

/// Adds up the answers of the people still on the board (a removed participant's answer
/// does not count, nor does one from someone the board does not know).
pub fn results_of(
    answers: &[(crate::ids::ParticipantId, Vec<u32>)],
    participants: &BTreeMap<crate::ids::ParticipantId, crate::governed::ParticipantRecord>,
) -> PollResults {
    count(answers.iter().filter_map(|(who, answer)| {
        let record = participants.get(who).filter(|record| !record.removed)?;
        Some((record.participant.perspective, answer.as_slice()))
    }))
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

/// An open question's results from its answers in words, each with its author's
/// perspective (removed participants left out by the caller).
pub fn text_results<'a>(answers: impl IntoIterator<Item = (Perspective, &'a [String])>) -> PollResults {
    let mut results = PollResults::default();
    let mut all: Vec<(&str, Perspective)> = Vec::new();
    for (perspective, texts) in answers {
        results.answered[slot(perspective)] += 1;
        all.extend(texts.iter().map(|text| (text.as_str(), perspective)));
    }
    results.words = crate::word_cloud::cloud(all.iter().copied(), crate::word_cloud::Language::English);
    results.texts = all.into_iter().map(|(text, _)| text.to_owned()).collect();
    results.texts.sort();
    results
}

/// Adds up answers, each with its author's perspective.
pub fn count<'a>(answers: impl IntoIterator<Item = (Perspective, &'a [u32])>) -> PollResults {
    let mut results = PollResults::default();
    for (perspective, answer) in answers {
        results.answered[slot(perspective)] += 1;
        for choice in answer {
            results.counts.entry(*choice).or_default()[slot(perspective)] += 1;
        }
    }
    results
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choice(options: &[&str], several: bool) -> Poll {
        Poll { options: options.iter().map(|o| (*o).to_owned()).collect(), several, ..Poll::default() }
    }

    #[test]
    fn a_poll_is_set_up_within_limits() {
        let two = vec!["Yes".to_owned(), "No".to_owned()];
        assert_eq!(Poll::check_setup(ActivityKind::Choice, &two, 0), Ok(()));
        let bad = Err(Refusal::Invalid(Invalid::PollSetup));
        assert_eq!(Poll::check_setup(ActivityKind::Choice, &two[..1], 0), bad);
        assert_eq!(Poll::check_setup(ActivityKind::Choice, &[" ".to_owned(), "No".to_owned()], 0), bad);
        assert_eq!(Poll::check_setup(ActivityKind::Choice, &vec!["x".to_owned(); MAX_OPTIONS + 1], 0), bad);
        assert_eq!(Poll::check_setup(ActivityKind::Scale, &[], 5), Ok(()));
        assert_eq!(Poll::check_setup(ActivityKind::Scale, &two, 10), Ok(()));
        assert_eq!(Poll::check_setup(ActivityKind::Scale, &[], 11), bad);
        assert_eq!(Poll::check_setup(ActivityKind::IdeaBoard, &two, 0), Err(Refusal::Invalid(Invalid::NotAPoll)));
    }

    #[test]
    fn answers_name_options_that_exist_once_and_only_while_open() {
        let single = choice(&["Bus", "Lift", "Taxi"], false);
        let bad = Err(Refusal::Invalid(Invalid::PollAnswer));
        assert_eq!(single.check_answer(ActivityKind::Choice, &[2]), Ok(()));
        for answer in [&[][..], &[3], &[0, 1], &[1, 1]] {
            assert_eq!(single.check_answer(ActivityKind::Choice, answer), bad, "{answer:?}");
        }
        let several = choice(&["Bus", "Lift", "Taxi"], true);
        assert_eq!(several.check_answer(ActivityKind::Choice, &[0, 2]), Ok(()));
        assert_eq!(several.check_answer(ActivityKind::Choice, &[0, 0]), bad);
        let scale = Poll { points: 5, ..Poll::default() };
        assert_eq!(scale.check_answer(ActivityKind::Scale, &[5]), Ok(()));
        assert_eq!(scale.check_answer(ActivityKind::Scale, &[0]), bad);
        assert_eq!(scale.check_answer(ActivityKind::Scale, &[2, 3]), bad);
        let closed = Poll { status: PollStatus::Closed, ..single };
        assert_eq!(closed.check_answer(ActivityKind::Choice, &[0]), Err(Refusal::PollClosed));
    }

    #[test]
    fn answers_export_as_csv_without_names_or_order() {
        let poll = choice(&["Bus", "Lift, shared"], true);
        let answers = [(Perspective::Professional, vec![1]), (Perspective::Citizen, vec![0, 1])];
        let csv = csv(ActivityKind::Choice, &poll, &answers, &[]);
        assert_eq!(
            csv,
            "perspective,answer\r\ncitizen,Bus\r\ncitizen,\"Lift, shared\"\r\nprofessional,\"Lift, shared\"\r\n"
        );
        let texts = [(Perspective::Other, vec!["=HYPERLINK(\"x\")".to_owned(), "Later \"buses\"".to_owned()])];
        let open = super::csv(ActivityKind::OpenQuestion, &Poll::default(), &[], &texts);
        let expected = "perspective,answer\r\nother,\"'=HYPERLINK(\"\"x\"\")\"\r\nother,\"Later \"\"buses\"\"\"\r\n";
        assert_eq!(open, expected, "a formula is written as text");
    }

    #[test]
    fn answers_add_up_by_perspective() {
        let answers =
            [(Perspective::Citizen, &[0, 2][..]), (Perspective::Professional, &[2]), (Perspective::Citizen, &[2])];
        let results = count(answers);
        assert_eq!(results.answered, [2, 1, 0]);
        assert_eq!(results.counts, BTreeMap::from([(0, [1, 0, 0]), (2, [2, 1, 0])]));
    }
}
