//! The rules of polls, table by table.

use std::collections::BTreeMap;

use super::*;
use crate::governance::{Invalid, Refusal};
use crate::ids::{PanelQuestionId, ParticipantId};

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
    let results = count(ActivityKind::Choice, answers);
    assert_eq!(results.answered, [2, 1, 0]);
    assert_eq!(results.counts, BTreeMap::from([(0, [1, 0, 0]), (2, [2, 1, 0])]));
}

#[test]
fn a_ranking_puts_every_option_in_one_place_and_earns_points_by_place() {
    let ranking = choice(&["Bus", "Lift", "Taxi"], false);
    assert_eq!(Poll::check_setup(ActivityKind::Ranking, &ranking.options, 0), Ok(()));
    assert_eq!(ranking.check_answer(ActivityKind::Ranking, &[2, 0, 1]), Ok(()));
    let bad = Err(Refusal::Invalid(Invalid::PollAnswer));
    for answer in [&[2, 0][..], &[0, 0, 1], &[0, 1, 3], &[0, 1, 2, 0]] {
        assert_eq!(ranking.check_answer(ActivityKind::Ranking, answer), bad, "{answer:?}");
    }
    let answers = [(Perspective::Citizen, &[2, 0, 1][..]), (Perspective::Professional, &[0, 1, 2])];
    let results = count(ActivityKind::Ranking, answers);
    assert_eq!(results.counts, BTreeMap::from([(0, [2, 3, 0]), (1, [1, 2, 0]), (2, [3, 1, 0])]));
    let csv = csv(ActivityKind::Ranking, &ranking, &[(Perspective::Citizen, vec![2, 0, 1])], &[]);
    assert_eq!(csv, "perspective,answer\r\ncitizen,1. Taxi\r\ncitizen,2. Bus\r\ncitizen,3. Lift\r\n");
}

fn record(id: ParticipantId, perspective: Perspective, removed: bool) -> crate::governed::ParticipantRecord {
    let participant =
        crate::access::Participant { id, name: "x".into(), perspective, role: crate::access::Role::Participant };
    crate::governed::ParticipantRecord { participant, removed, waiting: false, assisted: false }
}

#[test]
fn panel_questions_count_upvotes_by_perspective_without_the_hidden_or_the_removed() {
    let [ana, ben, cy, dan] = [1u8, 2, 3, 4].map(|seed| ParticipantId::random_from(&mut (seed..)));
    let people = BTreeMap::from([
        (ana, record(ana, Perspective::Citizen, false)),
        (ben, record(ben, Perspective::Professional, false)),
        (cy, record(cy, Perspective::Citizen, false)),
        (dan, record(dan, Perspective::Other, true)),
    ]);
    let [bus, rude, gone] = [10u8, 20, 30].map(|seed| PanelQuestionId::random_from(&mut (seed..)));
    let answers = AllAnswers {
        asked: vec![
            (bus, ana, "When do buses run?".into()),
            (rude, ben, "Rude words".into()),
            (gone, dan, "From someone removed".into()),
        ],
        upvotes: vec![(ben, vec![bus]), (cy, vec![bus, rude]), (dan, vec![bus])],
        ..AllAnswers::default()
    };
    let mut poll = Poll::default();
    poll.answered_questions.insert(bus);
    poll.hidden.insert(hidden_key(HideWhat::Question, &rude.to_string()).unwrap_or_default(), "Rude".into());
    let results = results_for(ActivityKind::PanelQuestions, &poll, &answers, &people);
    assert_eq!(
        results.questions,
        [PanelQuestion { id: bus, text: "When do buses run?".into(), votes: [1, 1, 0], answered: true }]
    );
    assert_eq!(results.answered, [1, 1, 0], "people who asked, by perspective");
}

#[test]
fn hidden_answers_leave_the_cloud_and_hidden_words_leave_it_too() {
    let mut poll = Poll::default();
    let answers = vec!["More buses".to_owned(), "Stupid idea".to_owned(), "Buses at night".to_owned()];
    let results = text_results([(Perspective::Citizen, answers.as_slice())], &poll);
    assert!(results.words.contains_key("stupid idea"));
    poll.hidden.insert(hidden_key(HideWhat::Answer, "stupid IDEA ").unwrap_or_default(), "Insult".into());
    poll.hidden.insert(hidden_key(HideWhat::Word, "Bus at night").unwrap_or_default(), "Off topic".into());
    let results = text_results([(Perspective::Citizen, answers.as_slice())], &poll);
    assert!(!results.words.contains_key("stupid idea"), "{:?}", results.words);
    assert_eq!(results.texts, ["Buses at night", "More buses"]);
    assert_eq!(results.words.keys().collect::<Vec<_>>(), ["more bus"], "the word hidden, the answer still listed");
    assert_eq!(hidden_key(HideWhat::Question, "not an id"), None);
    assert_eq!(HideWhat::of_key(&hidden_key(HideWhat::Word, "x").unwrap_or_default()), Some(HideWhat::Word));
}

#[test]
fn common_ground_is_what_every_perspective_that_answered_supports() {
    let poll = choice(&["Bus", "Lift", "Taxi"], true);
    let results = PollResults {
        counts: BTreeMap::from([(0, [3, 2, 0]), (1, [4, 0, 0]), (2, [1, 1, 0])]),
        answered: [4, 2, 0],
        ..PollResults::default()
    };
    let seen = agreement(ActivityKind::Choice, &poll, &results);
    let flags: Vec<(bool, bool)> = seen.options.iter().map(|option| (option.common, option.different)).collect();
    assert_eq!(flags, [(true, false), (false, true), (false, false)]);
    assert_eq!(seen.options[1].shares, [Some(1.0), Some(0.0), None]);
    let alone = PollResults { answered: [4, 0, 0], ..results };
    assert!(
        agreement(ActivityKind::Choice, &poll, &alone).options.iter().all(|option| !option.common),
        "one perspective"
    );
}

#[test]
fn a_scale_compares_averages_and_a_ranking_places() {
    let scale = Poll { points: 5, ..Poll::default() };
    let results = PollResults {
        counts: BTreeMap::from([(1, [0, 2, 0]), (4, [2, 0, 0]), (5, [2, 0, 0])]),
        answered: [4, 2, 0],
        ..PollResults::default()
    };
    let seen = agreement(ActivityKind::Scale, &scale, &results);
    assert_eq!(seen.averages, [Some(4.5), Some(1.0), None]);
    assert_eq!(seen.scale_alike, Some(false));
    let ranking = choice(&["Bus", "Lift", "Taxi"], false);
    let both_first =
        count(ActivityKind::Ranking, [(Perspective::Citizen, &[0, 1, 2][..]), (Perspective::Professional, &[0, 2, 1])]);
    let seen = agreement(ActivityKind::Ranking, &ranking, &both_first);
    assert_eq!(seen.options[0].shares, [Some(1.0), Some(1.0), None]);
    assert!(seen.options[0].common && !seen.options[1].common && !seen.options[2].common);
    let words = PollResults {
        words: BTreeMap::from([("bus".into(), [1, 1, 0]), ("lift".into(), [2, 0, 0])]),
        ..PollResults::default()
    };
    assert_eq!(agreement(ActivityKind::OpenQuestion, &Poll::default(), &words).common_words, ["bus".to_owned()].into());
}

#[test]
fn answers_carry_once_each_without_the_hidden() {
    let mut poll = Poll::default();
    poll.hidden.insert(hidden_key(HideWhat::Answer, "rude").unwrap_or_default(), "Insult".into());
    let answers = [
        (Perspective::Citizen, "More buses".to_owned()),
        (Perspective::Professional, "more buses ".to_owned()),
        (Perspective::Citizen, "Rude".to_owned()),
        (Perspective::Citizen, "A lift".to_owned()),
    ];
    assert_eq!(
        cards_from(&poll, HideWhat::Answer, &answers),
        [("A lift".to_owned(), Perspective::Citizen), ("More buses".to_owned(), Perspective::Other)]
    );
}

#[test]
fn an_evaluation_counts_statements_and_lists_comments_without_the_removed() {
    let [ana, ben, dan] = [1u8, 2, 4].map(|seed| ParticipantId::random_from(&mut (seed..)));
    let people = BTreeMap::from([
        (ana, record(ana, Perspective::Citizen, false)),
        (ben, record(ben, Perspective::Professional, false)),
        (dan, record(dan, Perspective::Other, true)),
    ]);
    let poll = crate::evaluation::starting_poll();
    let answers = AllAnswers {
        chosen: vec![(ana, vec![2, 3, 0, 5]), (ben, vec![5, 5, 4, 4]), (dan, vec![1, 1, 1, 1])],
        texts: vec![(ben, vec!["Too short".into()]), (ana, vec!["Coffee was good".into()]), (dan, vec!["Gone".into()])],
        ..AllAnswers::default()
    };
    let results = results_for(ActivityKind::Evaluation, &poll, &answers, &people);
    assert_eq!(results.answered, [1, 1, 0]);
    assert_eq!(results.statements.len(), 4);
    assert_eq!(results.statements[0].counts, BTreeMap::from([(2, [1, 0, 0]), (5, [0, 1, 0])]));
    assert_eq!(results.statements[2].answered, [0, 1, 0], "left out by the citizen");
    assert_eq!(results.texts, ["Coffee was good", "Too short"], "alphabetical, without the removed");
    assert!(results.words.is_empty(), "comments make no word cloud");
}

#[test]
fn an_evaluation_is_set_up_with_statements() {
    let statements = vec!["I was heard.".to_owned(), "The room was accessible.".to_owned()];
    assert_eq!(Poll::check_setup(ActivityKind::Evaluation, &statements, 0), Ok(()));
    assert_eq!(
        Poll::check_setup(ActivityKind::Evaluation, &[], 0),
        Err(Refusal::Invalid(Invalid::PollSetup)),
        "at least one statement"
    );
}
