//! Live results on the presenter view, for the activity running now: the ideas with most
//! dots once a round is revealed (by perspective), how many cards each perspective wrote,
//! what both perspectives agree on, the questions with the agreed one marked, or the text
//! written together. They follow the activity's document as it changes; bars grow smoothly.

use leptos::prelude::*;
use polyphony_shared::agenda::{Activity, ActivityKind};
use polyphony_shared::voting::{Round, RoundStatus};
use polyphony_shared::{BoardId, BoardSnapshot, Perspective};

use crate::components::presenter_cafe::PresenterCafe;
use crate::components::presenter_ecomap::{PresenterEcoMap, PrivateMap};
use crate::components::presenter_poll::PresenterPoll;
use crate::components::two_perspectives::{Column, column_of};
use crate::governance::Governance;
use crate::sync::{self, Me};

/// Most bars shown: what a room reads from the back.
const MOST_BARS: usize = 6;
/// Most list items shown.
const MOST_ITEMS: usize = 6;

/// One bar: a label and its count by perspective (citizens, professionals, others).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    /// What it counts.
    pub label: String,
    /// Counts from citizens, professionals and others.
    pub by_perspective: [u32; 3],
}

impl Bar {
    /// All its counts.
    pub fn total(&self) -> u32 {
        self.by_perspective.iter().sum()
    }
}

/// What the presenter shows of an activity now.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Results {
    /// A heading over the bars.
    pub heading: String,
    /// Bars, longest first.
    pub bars: Vec<Bar>,
    /// A heading over the lines of text.
    pub items_heading: String,
    /// Lines of text, the marked ones highlighted.
    pub items: Vec<(String, bool)>,
}

/// The results of `activity` from its document and the board's rounds.
pub fn results_of(activity: &Activity, board: &BoardSnapshot, rounds: &[Round]) -> Results {
    let revealed =
        rounds.iter().find(|round| round.status == RoundStatus::Revealed && round.activity == Some(activity.id));
    match activity.kind {
        ActivityKind::IdeaBoard | ActivityKind::Strengths => match revealed {
            Some(round) => dots(round, board),
            None => Results {
                heading: match board.cards.len() {
                    1 => "1 card so far".to_owned(),
                    count => format!("{count} cards so far"),
                },
                bars: by_writer(board.cards.iter().map(|card| card.perspective)),
                ..Results::default()
            },
        },
        ActivityKind::TwoPerspectives => {
            let agreed = board.cards.iter().filter(|card| column_of(card) == Column::Agreed);
            let views = board.cards.iter().filter(|card| column_of(card) != Column::Agreed);
            Results {
                heading: "Views written so far".to_owned(),
                bars: by_writer(views.map(|card| card.perspective)),
                items_heading: "What we agree on".to_owned(),
                items: agreed.take(MOST_ITEMS).map(|card| (card.text.clone(), true)).collect(),
            }
        }
        ActivityKind::ChallengeQuestions => match revealed {
            Some(round) => dots(round, board),
            None => Results {
                items_heading: "Our questions".to_owned(),
                items: board
                    .questions
                    .iter()
                    .take(MOST_ITEMS)
                    .map(|question| (question.text.clone(), activity.agreed.as_ref() == Some(&question.id)))
                    .collect(),
                ..Results::default()
            },
        },
        ActivityKind::ActionPlan => match revealed {
            Some(round) => dots(round, board),
            None => Results {
                heading: match board.cards.len() {
                    1 => "1 action so far".to_owned(),
                    count => format!("{count} actions so far"),
                },
                items_heading: "Our actions".to_owned(),
                items: board.cards.iter().take(MOST_ITEMS).map(|card| (card.text.clone(), false)).collect(),
                ..Results::default()
            },
        },
        ActivityKind::Choice
        | ActivityKind::Scale
        | ActivityKind::OpenQuestion
        | ActivityKind::Ranking
        | ActivityKind::PanelQuestions
        | ActivityKind::Evaluation => Results::default(),
        // A family's map is drawn by itself ([`PresenterEcoMap`]), if it is shown at all.
        ActivityKind::EcoMap => Results::default(),
        // The café shows its tables and harvest itself; a revealed round's dots come here.
        ActivityKind::WorldCafe => revealed.map(|round| dots(round, board)).unwrap_or_default(),
        ActivityKind::SharedText => Results {
            items: (!board.problem_statement.trim().is_empty())
                .then(|| (board.problem_statement.chars().take(600).collect(), false))
                .into_iter()
                .collect(),
            ..Results::default()
        },
    }
}

/// How many cards each perspective wrote, as bars.
fn by_writer(writers: impl Iterator<Item = Perspective>) -> Vec<Bar> {
    let mut counts = [0u32; 3];
    for perspective in writers {
        counts[slot(perspective)] += 1;
    }
    let labels = ["From citizens", "From professionals", "From others"];
    labels
        .into_iter()
        .zip(counts)
        .enumerate()
        .filter(|(_, (_, count))| *count > 0)
        .map(|(at, (label, count))| {
            let mut by_perspective = [0; 3];
            by_perspective[at] = count;
            Bar { label: label.to_owned(), by_perspective }
        })
        .collect()
}

fn slot(perspective: Perspective) -> usize {
    match perspective {
        Perspective::Citizen => 0,
        Perspective::Professional => 1,
        Perspective::Other => 2,
    }
}

/// A revealed round's items with most dots, by perspective.
fn dots(round: &Round, board: &BoardSnapshot) -> Results {
    let words = |item: &str| {
        let card = board.cards.iter().find(|card| card.id == item).map(|card| card.text.clone());
        card.or_else(|| board.questions.iter().find(|q| q.id == item).map(|q| q.text.clone()))
    };
    let bars = round
        .top_items(MOST_BARS)
        .into_iter()
        .filter_map(|item| {
            let tally = round.results.as_ref()?.get(&item)?;
            let label = match polyphony_shared::voting::agreement::item_agreement(round, &item) {
                Some(agreement) => format!("{} — {}", words(&item)?, agreement.label().to_lowercase()),
                None => words(&item)?,
            };
            Some(Bar { label, by_perspective: [tally.citizen, tally.professional, tally.other] })
        })
        .collect();
    Results { heading: round.title.clone(), bars, ..Results::default() }
}

/// Bars split by perspective, with a legend; the longest fills the width.
#[component]
pub fn ResultBars(
    /// The bars, in the order shown.
    bars: Vec<Bar>,
) -> impl IntoView {
    let longest = bars.iter().map(Bar::total).max().unwrap_or(1).max(1);
    view! {
        <ol class="result-bars" data-testid="result-bars">
            {bars.into_iter().map(|bar| {
                let total = bar.total();
                let segments = bar.by_perspective.into_iter().zip(["citizen", "professional", "other"]);
                view! {
                    <li>
                        <span class="bar-label">{bar.label}</span>
                        <span class="bar" aria-label=format!("{total}")>
                            {segments.filter(|(count, _)| *count > 0).map(|(count, class)| view! {
                                <span class=format!("segment {class}")
                                    style=format!("width: {}%", f64::from(count) * 100.0 / f64::from(longest))></span>
                            }).collect_view()}
                            <span class="bar-total">{total}</span>
                        </span>
                    </li>
                }
            }).collect_view()}
        </ol>
        <p class="legend"><span class="segment citizen"></span>" citizens "
            <span class="segment professional"></span>" professionals "
            <span class="segment other"></span>" others"</p>
    }
}

/// The live results of `activity`, following its document with the presenter's pass.
#[component]
pub fn LiveResults(
    /// The board.
    board: BoardId,
    /// The activity running now.
    activity: Activity,
    /// The presenter's token.
    token: String,
) -> impl IntoView {
    // A poll has no document to follow: its counts are in governed state.
    if activity.kind.is_poll() {
        return view! { <PresenterPoll activity=activity /> }.into_any();
    }
    // A family's map is personal: not even opened unless a facilitator included it.
    let map = activity.kind == ActivityKind::EcoMap;
    if map && !activity.in_outputs {
        return view! { <PrivateMap /> }.into_any();
    }
    let governance = expect_context::<Governance>().in_document(activity.document());
    let me = Me { name: "Presenter".to_owned(), perspective: Perspective::Other, color: "#555e6e".to_owned() };
    let handle = sync::connect(board, activity.document(), me, token, governance);
    if map {
        return view! { <PresenterEcoMap handle=handle /> }.into_any();
    }
    let (cafe, id, snapshot) = (activity.kind == ActivityKind::WorldCafe, activity.id, handle.snapshot);
    let results = Memo::new(move |_| {
        let rounds: Vec<Round> = governance.view.with(|view| view.rounds.values().cloned().collect());
        handle.snapshot.with(|snapshot| results_of(&activity, snapshot, &rounds))
    });
    (move || {
        let Results { heading, bars, items_heading, items } = results.get();
        // A café shows its tables or its harvest, until a round on its insights is revealed.
        if cafe && bars.is_empty() {
            return view! { <PresenterCafe activity=id snapshot=snapshot /> }.into_any();
        }
        view! {
            <section class="presenter-results" data-testid="presenter-results">
                {(!heading.is_empty()).then(|| view! { <h3>{heading}</h3> })}
                {(!bars.is_empty()).then(|| view! { <ResultBars bars=bars /> })}
                {(!items_heading.is_empty()).then(|| view! { <h3>{items_heading}</h3> })}
                <ul class="result-items">
                    {items.into_iter().map(|(text, marked)| view! {
                        <li class:marked=marked>{marked.then_some("✓ ")}{text}</li>
                    }).collect_view()}
                </ul>
            </section>
        }
        .into_any()
    })
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use polyphony_shared::agenda::{ActivityHome, ActivityState, Visibility};
    use polyphony_shared::ids::ActivityId;
    use polyphony_shared::voting::{Tally, VoteTarget};
    use polyphony_shared::{Card, CardColour, Phase, RoundId};

    fn activity(kind: ActivityKind) -> Activity {
        Activity {
            id: ActivityId::random_from(&mut (1u8..)),
            kind,
            phase: Phase::CoCreation,
            title: "Ideas".into(),
            prompt: String::new(),
            instructions: String::new(),
            minutes: 0,
            state: ActivityState::Live,
            visibility: Visibility::Everyone,
            locked: false,
            order: 1.0,
            home: ActivityHome::Own,
            agreed: None,
            prompt_from: None,
            open_until_ms: None,
            members: Default::default(),
            in_outputs: false,
        }
    }

    fn card(id: &str, perspective: Perspective) -> Card {
        Card {
            id: id.into(),
            text: format!("Idea {id}"),
            colour: CardColour::Yellow,
            author_name: String::new(),
            perspective,
            helped_by: String::new(),
            x: 0.0,
            y: 0.0,
            cluster: None,
            from: None,
        }
    }

    #[test]
    fn before_a_reveal_the_cards_are_counted_by_perspective_and_after_it_the_dots() {
        let ideas = activity(ActivityKind::IdeaBoard);
        let board = BoardSnapshot {
            cards: vec![
                card("a", Perspective::Citizen),
                card("b", Perspective::Citizen),
                card("c", Perspective::Professional),
            ],
            ..BoardSnapshot::default()
        };
        let counted = results_of(&ideas, &board, &[]);
        assert_eq!(counted.heading, "3 cards so far");
        assert_eq!(
            counted.bars.iter().map(|bar| (bar.label.as_str(), bar.total())).collect::<Vec<_>>(),
            [("From citizens", 2), ("From professionals", 1)]
        );
        let tally = |citizen, professional| Tally { total: citizen + professional, citizen, professional, other: 0 };
        let round = Round {
            id: RoundId::random_from(&mut (5u8..)),
            title: "Which first?".into(),
            target: VoteTarget::Cards,
            budget: 5,
            cap: 5,
            status: RoundStatus::Revealed,
            results: Some([("a".to_owned(), tally(1, 0)), ("c".to_owned(), tally(2, 3))].into_iter().collect()),
            activity: Some(ideas.id),
        };
        let voted = results_of(&ideas, &board, &[round.clone()]);
        assert_eq!(voted.heading, "Which first?");
        assert_eq!(
            voted.bars,
            [
                // Two of the citizens' three dots and all of the professionals': common ground.
                Bar { label: "Idea c — common ground".into(), by_perspective: [2, 3, 0] },
                Bar { label: "Idea a".into(), by_perspective: [1, 0, 0] }
            ]
        );
        let elsewhere = Round { activity: None, ..round };
        assert_eq!(results_of(&ideas, &board, &[elsewhere]).heading, "3 cards so far", "a round of another activity");
    }
}
