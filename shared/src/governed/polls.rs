//! Reading and writing polls in the governed document.
//!
//! ```text
//! polls  Map   activity id -> { options: [text], points, several, live, status,
//!                               results?: { counts: { choice: [c, p, o] }, answered: [c, p, o],
//!                                           words: { term: [c, p, o] }, texts: [answer],
//!                                           questions: [{ id, text, votes: [c, p, o], answered }],
//!                                           statements: [{ counts: { point: [c, p, o] },
//!                                                          answered: [c, p, o] }] },
//!                               hidden: { key: reason }, answeredQuestions: [question id] }
//! ```
//!
//! A poll is written whole, like a round, by the server only.

use std::collections::{BTreeMap, HashMap};

use yrs::{Any, Map, Out, ReadTxn, TransactionMut};

use super::GovernedDoc;
use crate::evaluation::StatementResults;
use crate::ids::{ActivityId, PanelQuestionId};
use crate::polls::{ByPerspective, PanelQuestion, Poll, PollResults, PollStatus};

const OPTIONS: &str = "options";
const POINTS: &str = "points";
const SEVERAL: &str = "several";
const LIVE: &str = "live";
const STATUS: &str = "status";
const RESULTS: &str = "results";
const COUNTS: &str = "counts";
const ANSWERED: &str = "answered";
const WORDS: &str = "words";
const TEXTS: &str = "texts";
const QUESTIONS: &str = "questions";
const HIDDEN: &str = "hidden";
const ANSWERED_QUESTIONS: &str = "answeredQuestions";
const ID: &str = "id";
const TEXT: &str = "text";
const VOTES: &str = "votes";
const STATEMENTS: &str = "statements";

impl GovernedDoc {
    /// Every poll, by its activity.
    pub fn polls(&self, txn: &impl ReadTxn) -> BTreeMap<ActivityId, Poll> {
        self.polls
            .iter(txn)
            .filter_map(|(key, value)| Some((ActivityId::parse(key).ok()?, read_poll(value)?)))
            .collect()
    }

    /// Writes a poll whole.
    pub fn set_poll(&self, txn: &mut TransactionMut, activity: ActivityId, poll: &Poll) {
        let options: Vec<Any> = poll.options.iter().map(|option| Any::from(option.as_str())).collect();
        let mut fields: HashMap<String, Any> = [
            (OPTIONS, Any::from(options)),
            (POINTS, Any::from(f64::from(poll.points))),
            (SEVERAL, Any::from(poll.several)),
            (LIVE, Any::from(poll.live)),
            (STATUS, Any::from(poll.status.as_str())),
            (
                HIDDEN,
                Any::from(
                    poll.hidden
                        .iter()
                        .map(|(key, reason)| (key.clone(), Any::from(reason.as_str())))
                        .collect::<HashMap<_, _>>(),
                ),
            ),
            (ANSWERED_QUESTIONS, strings(poll.answered_questions.iter().map(ToString::to_string))),
        ]
        .into_iter()
        .map(|(key, value)| (key.to_owned(), value))
        .collect();
        if let Some(results) = &poll.results {
            let words: HashMap<String, Any> =
                results.words.iter().map(|(word, counts)| (word.clone(), triple(counts))).collect();
            let questions: Vec<Any> = results.questions.iter().map(write_question).collect();
            let results: HashMap<String, Any> = [
                (COUNTS.to_owned(), write_counts(&results.counts)),
                (STATEMENTS.to_owned(), Any::from(results.statements.iter().map(write_statement).collect::<Vec<_>>())),
                (ANSWERED.to_owned(), triple(&results.answered)),
                (WORDS.to_owned(), Any::from(words)),
                (TEXTS.to_owned(), strings(results.texts.iter().cloned())),
                (QUESTIONS.to_owned(), Any::from(questions)),
            ]
            .into_iter()
            .collect();
            fields.insert(RESULTS.to_owned(), Any::from(results));
        }
        self.polls.insert(txn, activity.to_string(), Any::from(fields));
    }
}

fn strings(texts: impl Iterator<Item = String>) -> Any {
    Any::from(texts.map(Any::from).collect::<Vec<_>>())
}

fn read_strings(value: Option<&Any>) -> Vec<String> {
    match value {
        Some(Any::Array(texts)) => texts
            .iter()
            .filter_map(|text| match text {
                Any::String(text) => Some(text.to_string()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn write_question(question: &PanelQuestion) -> Any {
    let fields: HashMap<String, Any> = [
        (ID.to_owned(), Any::from(question.id.to_string())),
        (TEXT.to_owned(), Any::from(question.text.as_str())),
        (VOTES.to_owned(), triple(&question.votes)),
        (ANSWERED.to_owned(), Any::from(question.answered)),
    ]
    .into_iter()
    .collect();
    Any::from(fields)
}

fn read_question(value: &Any) -> Option<PanelQuestion> {
    let Any::Map(fields) = value else { return None };
    let Some(Any::String(id)) = fields.get(ID) else { return None };
    let Some(Any::String(text)) = fields.get(TEXT) else { return None };
    Some(PanelQuestion {
        id: PanelQuestionId::parse(id).ok()?,
        text: text.to_string(),
        votes: fields.get(VOTES).and_then(read_triple).unwrap_or_default(),
        answered: matches!(fields.get(ANSWERED), Some(Any::Bool(true))),
    })
}

fn write_counts(counts: &BTreeMap<u32, ByPerspective>) -> Any {
    Any::from(counts.iter().map(|(choice, counts)| (choice.to_string(), triple(counts))).collect::<HashMap<_, _>>())
}

fn read_counts(value: Option<&Any>) -> BTreeMap<u32, ByPerspective> {
    match value {
        Some(Any::Map(counts)) => {
            counts.iter().filter_map(|(choice, counts)| Some((choice.parse().ok()?, read_triple(counts)?))).collect()
        }
        _ => BTreeMap::new(),
    }
}

fn write_statement(statement: &StatementResults) -> Any {
    let fields: HashMap<String, Any> =
        [(COUNTS.to_owned(), write_counts(&statement.counts)), (ANSWERED.to_owned(), triple(&statement.answered))]
            .into_iter()
            .collect();
    Any::from(fields)
}

fn read_statement(value: &Any) -> StatementResults {
    let Any::Map(fields) = value else { return StatementResults::default() };
    StatementResults {
        counts: read_counts(fields.get(COUNTS)),
        answered: fields.get(ANSWERED).and_then(read_triple).unwrap_or_default(),
    }
}

fn triple(counts: &ByPerspective) -> Any {
    Any::from(counts.iter().map(|count| Any::from(f64::from(*count))).collect::<Vec<_>>())
}

fn read_triple(value: &Any) -> Option<ByPerspective> {
    let Any::Array(items) = value else { return None };
    let mut counts = [0u32; 3];
    for (slot, item) in counts.iter_mut().zip(items.iter()) {
        *slot = u32::try_from(item.clone().cast::<i64>().ok()?).ok()?;
    }
    Some(counts)
}

fn read_poll(value: Out) -> Option<Poll> {
    let Out::Any(Any::Map(fields)) = value else { return None };
    let options = read_strings(fields.get(OPTIONS));
    let flag = |name: &str| matches!(fields.get(name), Some(Any::Bool(true)));
    let status = match fields.get(STATUS) {
        Some(Any::String(name)) => PollStatus::ALL.into_iter().find(|status| status.as_str() == name.as_ref())?,
        _ => return None,
    };
    let results = match fields.get(RESULTS) {
        Some(Any::Map(results)) => {
            let counts = read_counts(results.get(COUNTS));
            let answered = results.get(ANSWERED).and_then(read_triple).unwrap_or_default();
            let words = match results.get(WORDS) {
                Some(Any::Map(words)) => {
                    words.iter().filter_map(|(word, counts)| Some((word.clone(), read_triple(counts)?))).collect()
                }
                _ => BTreeMap::new(),
            };
            let texts = read_strings(results.get(TEXTS));
            let questions = match results.get(QUESTIONS) {
                Some(Any::Array(questions)) => questions.iter().filter_map(read_question).collect(),
                _ => Vec::new(),
            };
            let statements = match results.get(STATEMENTS) {
                Some(Any::Array(statements)) => statements.iter().map(read_statement).collect(),
                _ => Vec::new(),
            };
            Some(PollResults { counts, answered, words, texts, questions, statements })
        }
        _ => None,
    };
    Some(Poll {
        options,
        points: fields
            .get(POINTS)
            .and_then(|points| u32::try_from(points.clone().cast::<i64>().ok()?).ok())
            .unwrap_or(0),
        several: flag(SEVERAL),
        live: flag(LIVE),
        status,
        results,
        hidden: match fields.get(HIDDEN) {
            Some(Any::Map(hidden)) => hidden
                .iter()
                .filter_map(|(key, reason)| match reason {
                    Any::String(reason) => Some((key.clone(), reason.to_string())),
                    _ => None,
                })
                .collect(),
            _ => BTreeMap::new(),
        },
        answered_questions: read_strings(fields.get(ANSWERED_QUESTIONS))
            .iter()
            .filter_map(|id| PanelQuestionId::parse(id).ok())
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use yrs::Transact;

    #[test]
    fn polls_round_trip_with_results() {
        let governed = GovernedDoc::new();
        let activity = ActivityId::random_from(&mut (1u8..));
        let mut poll = Poll {
            options: vec!["Bus".into(), "Lift".into()],
            points: 0,
            several: true,
            live: true,
            status: PollStatus::Open,
            results: None,
            hidden: BTreeMap::from([("word:00ff".to_owned(), "Off topic".to_owned())]),
            answered_questions: [PanelQuestionId::random_from(&mut (3u8..))].into(),
        };
        governed.set_poll(&mut governed.doc().transact_mut(), activity, &poll);
        assert_eq!(governed.polls(&governed.doc().transact()).get(&activity), Some(&poll));
        poll.status = PollStatus::Revealed;
        poll.results = Some(PollResults {
            counts: BTreeMap::from([(1, [2, 0, 1])]),
            answered: [2, 1, 1],
            words: BTreeMap::from([("bus".to_owned(), [1, 0, 0])]),
            texts: vec!["Buses".into()],
            questions: vec![PanelQuestion {
                id: PanelQuestionId::random_from(&mut (9u8..)),
                text: "When?".into(),
                votes: [1, 2, 0],
                answered: true,
            }],
            statements: vec![crate::evaluation::StatementResults {
                counts: BTreeMap::from([(4, [1, 0, 0]), (5, [0, 2, 0])]),
                answered: [1, 2, 0],
            }],
        });
        governed.set_poll(&mut governed.doc().transact_mut(), activity, &poll);
        assert_eq!(governed.polls(&governed.doc().transact()).get(&activity), Some(&poll));
    }
}
