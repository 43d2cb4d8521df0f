//! Adding up a poll's answers into what everyone sees ([`PollResults`]): counts by
//! perspective, a ranking's points, an open question's word cloud and answers, and the
//! questions to the panel with their upvotes. Only the answers of people still on the board
//! count, and nothing the facilitator hid.

use std::collections::BTreeMap;

use super::panel::{PanelQuestion, in_order};
use super::{HideWhat, Poll, PollResults, hidden_key, slot};
use crate::agenda::ActivityKind;
use crate::governed::ParticipantRecord;
use crate::ids::{PanelQuestionId, ParticipantId};
use crate::model::Perspective;

/// Everything given to one poll, as the ballots document keeps it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AllAnswers {
    /// Each person's options, point or order.
    pub chosen: Vec<(ParticipantId, Vec<u32>)>,
    /// Each person's answers in words.
    pub texts: Vec<(ParticipantId, Vec<String>)>,
    /// Each question to the panel: its id, who asked, and the words.
    pub asked: Vec<(PanelQuestionId, ParticipantId, String)>,
    /// Each person's upvotes.
    pub upvotes: Vec<(ParticipantId, Vec<PanelQuestionId>)>,
}

impl AllAnswers {
    /// Whether anyone gave anything.
    pub fn is_empty(&self) -> bool {
        self.chosen.is_empty() && self.texts.is_empty() && self.asked.is_empty()
    }
}

/// The results of `poll`, of `kind`, from its answers, for the people still on the board.
pub fn results_for(
    kind: ActivityKind,
    poll: &Poll,
    answers: &AllAnswers,
    participants: &BTreeMap<ParticipantId, ParticipantRecord>,
) -> PollResults {
    let perspective = |who: &ParticipantId| {
        participants.get(who).filter(|record| record.present()).map(|record| record.participant.perspective)
    };
    match kind {
        ActivityKind::OpenQuestion => text_results(
            answers.texts.iter().filter_map(|(who, texts)| Some((perspective(who)?, texts.as_slice()))),
            poll,
        ),
        ActivityKind::PanelQuestions => panel_results(answers, poll, perspective),
        ActivityKind::Evaluation => {
            // The comments, in alphabetical order, without a word cloud; and the statements.
            let comments = answers.texts.iter().filter_map(|(who, texts)| Some((perspective(who)?, texts.as_slice())));
            let mut results = PollResults { texts: text_results(comments, poll).texts, ..PollResults::default() };
            let chosen = answers.chosen.iter().filter_map(|(who, chosen)| Some((perspective(who)?, chosen.as_slice())));
            (results.answered, results.statements) = crate::evaluation::count(poll.options.len(), chosen);
            results
        }
        _ => {
            count(kind, answers.chosen.iter().filter_map(|(who, chosen)| Some((perspective(who)?, chosen.as_slice()))))
        }
    }
}

/// Adds up choices, points or orders, each with its author's perspective. In a ranking the
/// first of N places earns N points and the last 1.
pub fn count<'a>(kind: ActivityKind, answers: impl IntoIterator<Item = (Perspective, &'a [u32])>) -> PollResults {
    let mut results = PollResults::default();
    for (perspective, answer) in answers {
        results.answered[slot(perspective)] += 1;
        let places = u32::try_from(answer.len()).unwrap_or(u32::MAX);
        for (place, choice) in (0u32..).zip(answer) {
            let earned = if kind == ActivityKind::Ranking { places - place } else { 1 };
            results.counts.entry(*choice).or_default()[slot(perspective)] += earned;
        }
    }
    results
}

/// An open question's results from its answers in words, each with its author's
/// perspective: answers the facilitator hid are left out (from the cloud too), then the
/// words hidden.
pub fn text_results<'a>(answers: impl IntoIterator<Item = (Perspective, &'a [String])>, poll: &Poll) -> PollResults {
    let hidden = |what: HideWhat, text: &str| hidden_key(what, text).is_some_and(|key| poll.hidden.contains_key(&key));
    let mut results = PollResults::default();
    let mut all: Vec<(&str, Perspective)> = Vec::new();
    for (perspective, texts) in answers {
        results.answered[slot(perspective)] += 1;
        let shown = texts.iter().filter(|text| !hidden(HideWhat::Answer, text));
        all.extend(shown.map(|text| (text.as_str(), perspective)));
    }
    results.words = crate::word_cloud::cloud(all.iter().copied(), crate::word_cloud::Language::English);
    results.words.retain(|word, _| !hidden(HideWhat::Word, word));
    results.texts = all.into_iter().map(|(text, _)| text.to_owned()).collect();
    results.texts.sort();
    results
}

/// The questions to the panel that are not hidden, asked by people still on the board,
/// with the upvotes of people still on the board, in the order everyone sees them.
fn panel_results(
    answers: &AllAnswers,
    poll: &Poll,
    perspective: impl Fn(&ParticipantId) -> Option<Perspective>,
) -> PollResults {
    let mut results = PollResults::default();
    let mut questions: BTreeMap<PanelQuestionId, PanelQuestion> = BTreeMap::new();
    for (id, asker, text) in &answers.asked {
        let hidden = hidden_key(HideWhat::Question, &id.to_string()).is_some_and(|key| poll.hidden.contains_key(&key));
        if hidden || perspective(asker).is_none() {
            continue;
        }
        let answered = poll.answered_questions.contains(id);
        questions.insert(*id, PanelQuestion { id: *id, text: text.clone(), votes: [0; 3], answered });
    }
    let mut askers: Vec<ParticipantId> = answers.asked.iter().map(|(_, asker, _)| *asker).collect();
    askers.sort_unstable();
    askers.dedup();
    for asker in &askers {
        if let Some(perspective) = perspective(asker) {
            results.answered[slot(perspective)] += 1;
        }
    }
    for (voter, upvoted) in &answers.upvotes {
        let Some(perspective) = perspective(voter) else { continue };
        for question in upvoted {
            if let Some(question) = questions.get_mut(question) {
                question.votes[slot(perspective)] += 1;
            }
        }
    }
    results.questions = in_order(questions.into_values().collect());
    results
}
