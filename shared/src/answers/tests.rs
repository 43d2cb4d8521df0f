//! Every answer written by serde (as the server writes it) reads back the same through
//! [`FromJson`] (as the web client reads it).

use serde_json::Value;

use super::*;
use crate::history::PreviewCard;

impl JsonValue for Value {
    fn field(&self, key: &str) -> Option<Self> {
        self.get(key).cloned()
    }

    fn text(&self) -> Option<String> {
        self.as_str().map(str::to_owned)
    }

    fn number(&self) -> Option<f64> {
        self.as_f64()
    }

    fn boolean(&self) -> Option<bool> {
        self.as_bool()
    }

    fn items(&self) -> Option<Vec<Self>> {
        self.as_array().cloned()
    }

    fn entries(&self) -> Option<Vec<(String, Self)>> {
        Some(self.as_object()?.iter().map(|(key, value)| (key.clone(), value.clone())).collect())
    }
}

/// Writes `answer` as the server does and reads it back as the web client does.
fn round_trip<T: serde::Serialize + FromJson + PartialEq + std::fmt::Debug>(answer: &T) {
    let written = serde_json::to_value(answer).expect("serde writes it");
    assert_eq!(T::from_json(&written).as_ref(), Some(answer), "read back from {written}");
}

fn board() -> BoardInfo {
    BoardInfo {
        id: BoardId::random_from(&mut (1u8..=16)),
        title: "Loneliness in Hillside".into(),
        join_code: JoinCode::random_from(&mut (3u8..=40)),
        created_at_ms: 1_764_000_000_000,
    }
}

fn ana() -> Participant {
    Participant {
        id: ParticipantId::random_from(&mut (20u8..=27)),
        name: "Ana".into(),
        perspective: Perspective::Citizen,
        role: Role::Participant,
    }
}

#[test]
fn board_and_join_answers_read_back() {
    round_trip(&board());
    round_trip(&CreatedBoard::new(board(), "key-123".into()));
    round_trip(&JoinAnswer { board: board(), participant: ana(), token: "t.o.k".into(), waiting: true });
    round_trip(&JoinAnswer { board: board(), participant: ana(), token: "t.o.k".into(), waiting: false });
    for admission in crate::api::Admission::ALL {
        round_trip(&crate::api::AdmissionAnswer { admission });
    }
    round_trip(&ErrorBody { error: "this join code is not known".into() });
    round_trip(&JoinBursts { from_one_network: vec![12, 5], minutes: 10 });
    let counts = crate::balance::Counts { cards: 3, words: 17, questions: 1, dots: 5, answers: 2 };
    let balance = crate::balance::Balance {
        perspectives: vec![crate::balance::PerspectiveBalance { perspective: Perspective::Citizen, people: 2, counts }],
        people: vec![crate::balance::PersonBalance {
            participant: ana().id,
            name: "Ana".into(),
            perspective: Perspective::Citizen,
            counts,
        }],
        imbalance: Some(crate::balance::Imbalance {
            perspective: Perspective::Professional,
            share: 0.75,
            people_share: 0.25,
        }),
    };
    round_trip(&balance);
    round_trip(&crate::balance::Balance { imbalance: None, ..balance });
    round_trip(&NewFacilitatorKey { facilitator_key: "new-key".into() });
    round_trip(&crate::api::ReportLink { report_link: "/report/b/k".into() });
}

#[test]
fn command_answers_read_back() {
    round_trip(&OpenedRound { round: RoundId::random_from(&mut (5u8..=12)) });
    let allocation = [("card-1".to_owned(), 2), ("card-2".to_owned(), 1)].into_iter().collect();
    round_trip(&MyVotes { allocation, remaining: 2 });
    round_trip(&MyVotes { allocation: BTreeMap::new(), remaining: 0 });
}

#[test]
fn drafts_withheld_words_and_points_read_back() {
    round_trip(&Draft {
        card: "card-9".into(),
        author: ana().id,
        author_name: "Ana".into(),
        perspective: Perspective::Professional,
        text: "A bench by the bus stop".into(),
        colour: CardColour::Green,
    });
    let withheld = Withheld {
        card: "card-3".into(),
        text: "Call me on 0612345678".into(),
        author_name: String::new(),
        author: Some(ana().id),
        at_ms: 1_764_000_000_500,
    };
    round_trip(&withheld);
    round_trip(&Withheld { author: None, ..withheld });
    let info = PointInfo { id: 1_764_000_000_000, label: "Every few minutes".into(), cards: 12, questions: 2 };
    round_trip(&info);
    round_trip(&PointPreview {
        info,
        problem_statement: "Older people are lonely.".into(),
        questions: vec!["How might we…?".into()],
        cards: vec![PreviewCard {
            id: "card-1".into(),
            text: String::new(),
            unchanged: false,
            perspective: Perspective::Citizen,
        }],
    });
}

#[test]
fn answers_of_another_shape_are_not_read() {
    let votes = serde_json::json!({"allocation": {"card-1": -1}, "remaining": 2});
    assert_eq!(MyVotes::from_json(&votes), None);
    let point = serde_json::json!({"id": 1.5, "label": "x", "cards": 1, "questions": 0});
    assert_eq!(PointInfo::from_json(&point), None);
    assert_eq!(Participant::from_json(&serde_json::json!({"id": "nope"})), None);
}
