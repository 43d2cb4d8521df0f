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
use crate::components::idea_board::IdeaBoard;
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
    let screen = match kind {
        ActivityKind::SharedText => view! { <ProblemStatement /> }.into_any(),
        ActivityKind::ChallengeQuestions => view! { <Questions /> }.into_any(),
        ActivityKind::IdeaBoard | ActivityKind::Strengths | ActivityKind::TwoPerspectives => {
            view! { <IdeaBoard /> }.into_any()
        }
    };
    view! { <div class="activity-screen" data-testid="activity-screen" data-kind=kind.as_str()>{screen}</div> }
}
