//! The evaluation of a workshop (seed 000: "evaluation and impact"; seed 004: access and
//! information): a short form at the end of a session about the process itself, answered
//! anonymously, with results by perspective so a team sees whether citizens and
//! professionals experienced the workshop differently.
//!
//! An evaluation is a poll ([`crate::polls`]) whose options are statements, each answered on
//! one five-point scale from "Not at all" to "Completely" (or left out), with one comment in
//! a person's own words. It starts with four statements the seeds ask about; the facilitator
//! may change them or add more. Answers go where polls' answers go (the ballots document,
//! which no client reads); only counts by perspective and the comments, in alphabetical
//! order, are ever published.

use std::collections::BTreeMap;

use crate::governance::{Invalid, Refusal};
use crate::model::Perspective;
use crate::polls::{Agreement, ByPerspective, Poll, PollResults, PollStatus, agreement, slot};

/// The points of every statement's scale.
pub const POINTS: u32 = 5;

/// What each point of the scale says.
pub const POINT_LABELS: [&str; POINTS as usize] = ["Not at all", "A little", "Partly", "Mostly", "Completely"];

/// The point a person gives a statement they leave out.
pub const LEFT_OUT: u32 = 0;

/// The statements an evaluation starts with.
pub const STARTING_STATEMENTS: [&str; 4] =
    ["I was heard.", "We decided as equals.", "I had the information I needed.", "I would come again."];

/// The poll an evaluation activity starts with: the four statements, results once revealed.
pub fn starting_poll() -> Poll {
    Poll {
        options: STARTING_STATEMENTS.iter().map(|statement| (*statement).to_owned()).collect(),
        points: POINTS,
        ..Poll::default()
    }
}

/// The label of a point (1 to [`POINTS`]).
pub fn point_label(point: u32) -> &'static str {
    point.checked_sub(1).and_then(|at| POINT_LABELS.get(at as usize)).copied().unwrap_or("")
}

/// Checks an answer to an evaluation: one point for each statement, from 1 to [`POINTS`] or
/// [`LEFT_OUT`], and at least one statement answered.
pub fn check_answer(poll: &Poll, answer: &[u32]) -> Result<(), Refusal> {
    if poll.status != PollStatus::Open {
        return Err(Refusal::PollClosed);
    }
    let valid = answer.len() == poll.options.len()
        && answer.iter().all(|point| *point <= POINTS)
        && answer.iter().any(|point| *point != LEFT_OUT);
    if valid { Ok(()) } else { Err(Refusal::Invalid(Invalid::PollAnswer)) }
}

/// How one statement was answered.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StatementResults {
    /// For each point (from 1), how many gave it, by perspective.
    pub counts: BTreeMap<u32, ByPerspective>,
    /// How many answered this statement (not leaving it out), by perspective.
    pub answered: ByPerspective,
}

impl StatementResults {
    /// The statement's results by perspective: each perspective's average, and whether
    /// citizens and professionals see it alike.
    pub fn agreement(&self) -> Agreement {
        let scale = Poll { points: POINTS, ..Poll::default() };
        let results = PollResults { counts: self.counts.clone(), answered: self.answered, ..PollResults::default() };
        agreement(crate::agenda::ActivityKind::Scale, &scale, &results)
    }

    /// Everyone's average point, if anyone answered.
    pub fn average(&self) -> Option<f64> {
        let answered: u32 = self.answered.iter().sum();
        let points: u32 = self.counts.iter().map(|(point, counts)| point * counts.iter().sum::<u32>()).sum();
        (answered > 0).then(|| f64::from(points) / f64::from(answered))
    }
}

/// Adds up the answers of `statements` statements, each with its author's perspective.
pub fn count<'a>(
    statements: usize,
    answers: impl IntoIterator<Item = (Perspective, &'a [u32])>,
) -> (ByPerspective, Vec<StatementResults>) {
    let mut people = ByPerspective::default();
    let mut results = vec![StatementResults::default(); statements];
    for (perspective, answer) in answers {
        people[slot(perspective)] += 1;
        for (statement, point) in results.iter_mut().zip(answer) {
            if (1..=POINTS).contains(point) {
                statement.answered[slot(perspective)] += 1;
                statement.counts.entry(*point).or_default()[slot(perspective)] += 1;
            }
        }
    }
    (people, results)
}

/// An evaluation's answers as CSV: one row per person (their perspective, a point or
/// nothing for each statement), then one row per comment (perspective and words, on rows
/// of their own so a comment is not tied to a person's points), sorted.
pub fn csv(poll: &Poll, answers: &[(Perspective, Vec<u32>)], comments: &[(Perspective, Vec<String>)]) -> String {
    let mut header = vec!["perspective".to_owned()];
    header.extend(poll.options.iter().cloned());
    header.push("comment".to_owned());
    let mut rows: Vec<Vec<String>> = answers
        .iter()
        .map(|(perspective, points)| {
            let mut row = vec![perspective.as_str().to_owned()];
            row.extend(points.iter().map(|point| if *point == LEFT_OUT { String::new() } else { point.to_string() }));
            row.resize(poll.options.len() + 1, String::new());
            row.push(String::new());
            row
        })
        .collect();
    for (perspective, said) in comments {
        for comment in said {
            let mut row = vec![perspective.as_str().to_owned()];
            row.resize(poll.options.len() + 1, String::new());
            row.push(comment.clone());
            rows.push(row);
        }
    }
    rows.sort();
    let mut csv = crate::csv::row(header.iter().map(String::as_str));
    for row in rows {
        csv.push_str(&crate::csv::row(row.iter().map(String::as_str)));
    }
    csv
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open() -> Poll {
        starting_poll()
    }

    #[test]
    fn an_answer_gives_each_statement_a_point_or_leaves_it_out() {
        let poll = open();
        assert_eq!(check_answer(&poll, &[5, 4, 0, 3]), Ok(()));
        assert_eq!(check_answer(&poll, &[5, 4, 3]), Err(Refusal::Invalid(Invalid::PollAnswer)), "one short");
        assert_eq!(check_answer(&poll, &[6, 4, 3, 2]), Err(Refusal::Invalid(Invalid::PollAnswer)), "off the scale");
        assert_eq!(check_answer(&poll, &[0, 0, 0, 0]), Err(Refusal::Invalid(Invalid::PollAnswer)), "nothing said");
        let closed = Poll { status: PollStatus::Closed, ..open() };
        assert_eq!(check_answer(&closed, &[5, 5, 5, 5]), Err(Refusal::PollClosed));
    }

    #[test]
    fn statements_are_counted_by_perspective_and_left_out_points_are_not() {
        let answers = [
            (Perspective::Citizen, vec![2, 1, 0, 5]),
            (Perspective::Citizen, vec![1, 2, 4, 5]),
            (Perspective::Professional, vec![5, 5, 4, 0]),
        ];
        let (people, statements) = count(4, answers.iter().map(|(who, points)| (*who, points.as_slice())));
        assert_eq!(people, [2, 1, 0]);
        assert_eq!(statements[0].counts, BTreeMap::from([(1, [1, 0, 0]), (2, [1, 0, 0]), (5, [0, 1, 0])]));
        assert_eq!(statements[2].answered, [1, 1, 0], "the citizen who left it out is not counted");
        assert_eq!(statements[3].answered, [2, 0, 0]);
        let heard = statements[0].agreement();
        assert_eq!(heard.averages[0], Some(1.5));
        assert_eq!(heard.averages[1], Some(5.0));
        assert_eq!(heard.scale_alike, Some(false), "citizens felt less heard than professionals");
        assert_eq!(statements[2].agreement().scale_alike, Some(true));
        assert_eq!(statements[3].agreement().scale_alike, None, "only citizens answered");
        assert_eq!(statements[1].average(), Some(8.0 / 3.0));
    }

    #[test]
    fn the_csv_keeps_comments_apart_from_points_and_names_nobody() {
        let poll = Poll { options: vec!["I was heard.".into(), "=SUM(A1)".into()], ..open() };
        let answers = [(Perspective::Professional, vec![4, 0]), (Perspective::Citizen, vec![5, 3])];
        let comments = [(Perspective::Citizen, vec!["More time, please".to_owned()])];
        let csv = csv(&poll, &answers, &comments);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "perspective,I was heard.,'=SUM(A1),comment");
        assert_eq!(lines[1], "citizen,,,More time, please".replace("More time, please", "\"More time, please\""));
        assert_eq!(lines[2], "citizen,5,3,");
        assert_eq!(lines[3], "professional,4,,");
    }

    #[test]
    fn points_are_named_in_plain_words() {
        assert_eq!(point_label(1), "Not at all");
        assert_eq!(point_label(POINTS), "Completely");
        assert_eq!(point_label(LEFT_OUT), "");
    }
}
