//! The live activity's own screen: its document, written by everyone while it runs.
//!
//! Each activity has a document of its own ([`polyphony_shared::DocName::Activity`]). While
//! one is live, every screen opens it and shows it with the board's familiar views, bound
//! to that document: its own text for a shared text, its questions for challenge questions,
//! and cards for an idea board, strengths and resources, or two perspectives. The server
//! decides who may write it (the activity's state, lock and visibility), and the views
//! disable what it would refuse, with the same words.

use leptos::prelude::*;
use polyphony_shared::agenda::{ActivityKind, ActivityState, Visibility};
use polyphony_shared::ids::ActivityId;
use polyphony_shared::{BoardId, DocName};

use crate::components::bin::LastDeleted;
use crate::components::idea_board::{CardsWording, IdeaBoard};
use crate::components::problem_statement::ProblemStatement;
use crate::components::questions::Questions;
use crate::governance::Governance;
use crate::sync::{self, Me};

/// The activity that is live now and that this person may open, if any.
pub fn live_activity(governance: Governance) -> Memo<Option<(ActivityId, ActivityKind)>> {
    Memo::new(move |_| {
        let facilitates = governance.facilitates();
        governance.view.with(|view| {
            view.activities
                .values()
                .find(|activity| {
                    activity.state == ActivityState::Live
                        && (facilitates || activity.visibility == Visibility::Everyone)
                })
                .map(|activity| (activity.id, activity.kind))
        })
    })
}

/// What the cards of an activity collect, for the kinds that collect something other than
/// ideas. Every card shows its writer's perspective, so two perspectives can be read side
/// by side (the list filters by perspective).
fn cards_wording(kind: ActivityKind) -> Option<CardsWording> {
    match kind {
        ActivityKind::Strengths => Some(CardsWording {
            heading: "Strengths and resources",
            placeholder: "A strength, skill, hope or helper…",
            label: "New strength or resource",
        }),
        ActivityKind::TwoPerspectives => Some(CardsWording {
            heading: "How we see the need",
            placeholder: "How do you see the need?",
            label: "New card about the need",
        }),
        ActivityKind::SharedText | ActivityKind::ChallengeQuestions | ActivityKind::IdeaBoard => None,
    }
}

/// The screen of one live activity, connected to its document while it is shown.
#[component]
pub fn ActivityScreen(
    /// The board.
    board: BoardId,
    /// The activity and its kind.
    activity: (ActivityId, ActivityKind),
    /// Who is using this browser.
    me: Me,
    /// This browser's token for the board.
    token: String,
) -> impl IntoView {
    let (id, kind) = activity;
    let document = DocName::Activity(id);
    let governance = expect_context::<Governance>().in_document(document);
    let handle = sync::connect(board, document, me, token, governance);
    provide_context(governance);
    provide_context(handle);
    provide_context(LastDeleted::new());
    if let Some(wording) = cards_wording(kind) {
        provide_context(wording);
    }
    let screen = match kind {
        ActivityKind::SharedText => view! { <ProblemStatement /> }.into_any(),
        ActivityKind::ChallengeQuestions => view! { <Questions /> }.into_any(),
        ActivityKind::IdeaBoard | ActivityKind::Strengths | ActivityKind::TwoPerspectives => {
            view! { <IdeaBoard /> }.into_any()
        }
    };
    view! { <div class="activity-screen" data-testid="activity-screen" data-kind=kind.as_str()>{screen}</div> }
}
