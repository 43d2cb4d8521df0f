//! The live activity's own screen: its document, written by everyone while it runs.
//!
//! Each activity has a document of its own ([`polyphony_shared::DocName::Activity`]). While
//! one is live, every screen opens it and shows it with the board's familiar views, bound
//! to that document: its own text for a shared text, its questions for challenge questions,
//! cards for an idea board or strengths and resources, and the perspectives side by side
//! for two perspectives ([`crate::components::two_perspectives`]). An activity of
//! a board from before the agenda is a section of the board's own document, shown through
//! the board's connection. The server
//! decides who may write it (the activity's state, lock and visibility), and the views
//! disable what it would refuse, with the same words.

use leptos::prelude::*;
use polyphony_shared::agenda::{ActivityKind, ActivityState, Visibility};
use polyphony_shared::ids::ActivityId;
use polyphony_shared::{BoardId, DocName};

use crate::components::between_sessions::date_and_time;
use crate::components::bin::LastDeleted;
use crate::components::cafe::{CafeScreen, Connection};
use crate::components::idea_board::{CardsWording, IdeaBoard};
use crate::components::poll::PollScreen;
use crate::components::problem_statement::ProblemStatement;
use crate::components::questions::Questions;
use crate::components::since_last_visit::NewSinceLastVisit;
use crate::components::two_perspectives::TwoPerspectives;
use crate::governance::Governance;
use crate::sync::{self, Me};

/// The finished activity this person chose to look back at, if any (context of the board
/// page); the live activity is shown otherwise.
#[derive(Debug, Clone, Copy)]
pub struct LookingBack(pub RwSignal<Option<ActivityId>>);

/// An activity this person may open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shown {
    /// Which.
    pub id: ActivityId,
    /// What it asks people to do.
    pub kind: ActivityKind,
    /// Finished: shown read-only.
    pub finished: bool,
    /// The document that holds its words: its own, or the board's for a board from before
    /// the agenda.
    pub document: DocName,
}

/// The activity to show: the finished one this person looks back at, else the live one,
/// if they may open it.
pub fn shown_activity(governance: Governance, looking_back: LookingBack) -> Memo<Option<Shown>> {
    Memo::new(move |_| {
        let facilitates = governance.facilitates();
        let back = looking_back.0.get();
        governance.view.with(|view| {
            let me = governance.me();
            // As the server decides: visible to everyone, and open to me if it names who may.
            let readable = |activity: &&polyphony_shared::agenda::Activity| {
                facilitates
                    || (activity.visibility == Visibility::Everyone
                        && (activity.members.is_empty() || activity.members.contains(&me)))
            };
            // A finished activity to look back at, or one open between sessions to take part in.
            let done = back
                .and_then(|id| view.activities.get(&id))
                .filter(readable)
                .filter(|activity| matches!(activity.state, ActivityState::Done | ActivityState::Open));
            let live = || view.activities.values().filter(readable).find(|a| a.state == ActivityState::Live);
            done.or_else(live).map(|activity| Shown {
                id: activity.id,
                kind: activity.kind,
                finished: activity.state == ActivityState::Done,
                document: activity.document(),
            })
        })
    })
}

/// What the cards of an activity collect, for the kinds shown as an idea board that collect
/// something other than ideas.
fn cards_wording(kind: ActivityKind) -> Option<CardsWording> {
    match kind {
        ActivityKind::Strengths => Some(CardsWording {
            heading: "Strengths and resources",
            placeholder: "A strength, skill, hope or helper…",
            label: "New strength or resource",
        }),
        ActivityKind::SharedText
        | ActivityKind::ChallengeQuestions
        | ActivityKind::IdeaBoard
        | ActivityKind::TwoPerspectives
        | ActivityKind::Choice
        | ActivityKind::Scale
        | ActivityKind::OpenQuestion
        | ActivityKind::Ranking
        | ActivityKind::PanelQuestions
        | ActivityKind::WorldCafe
        | ActivityKind::EcoMap
        | ActivityKind::ActionPlan
        | ActivityKind::Evaluation => None,
    }
}

/// The screen of one live activity, connected to its document while it is shown.
#[component]
pub fn ActivityScreen(
    /// The board.
    board: BoardId,
    /// The activity, its kind, and whether it is finished (shown read-only).
    activity: Shown,
    /// Who is using this browser.
    me: Me,
    /// This browser's token for the board.
    token: String,
) -> impl IntoView {
    let Shown { id, kind, finished, document } = activity;
    let looking_back = expect_context::<LookingBack>();
    let governance = expect_context::<Governance>().in_document(document);
    // A poll is answered through commands: it has no document to follow.
    if kind.is_poll() {
        return view! { <div class="activity-screen" data-testid="activity-screen" data-kind=kind.as_str()><PollScreen activity=id kind=kind /></div> }.into_any();
    }
    // A café opens its tables' documents with the same pass.
    let connection = Connection { board, me: me.clone(), token: token.clone() };
    // An activity the board's own document holds uses the board's connection.
    if document != DocName::Content {
        let handle = sync::connect(board, document, me, token, governance);
        if let Some(targets) = use_context::<crate::components::undo_buttons::UndoTargets>() {
            targets.register(handle);
        }
        provide_context(handle);
        provide_context(LastDeleted::new());
    }
    provide_context(governance);
    if let Some(wording) = cards_wording(kind) {
        provide_context(wording);
    }
    let screen = match kind {
        ActivityKind::SharedText => view! { <ProblemStatement /> }.into_any(),
        ActivityKind::ChallengeQuestions => view! { <Questions /> }.into_any(),
        ActivityKind::TwoPerspectives => view! { <TwoPerspectives /> }.into_any(),
        ActivityKind::Choice
        | ActivityKind::Scale
        | ActivityKind::OpenQuestion
        | ActivityKind::Ranking
        | ActivityKind::PanelQuestions
        | ActivityKind::Evaluation => ().into_any(),
        ActivityKind::WorldCafe => view! { <CafeScreen activity=id connection=connection /> }.into_any(),
        ActivityKind::EcoMap => view! { <crate::components::ecomap::EcoMapScreen activity=id /> }.into_any(),
        ActivityKind::ActionPlan => view! { <crate::components::actions::ActionPlanScreen activity=id /> }.into_any(),
        ActivityKind::IdeaBoard | ActivityKind::Strengths => view! { <IdeaBoard /> }.into_any(),
    };
    let (title, open) = governance.view.with_untracked(|view| {
        let activity = view.activities.get(&id);
        (
            activity.map(|a| a.title.clone()),
            activity.filter(|a| a.state == ActivityState::Open).map(|a| a.open_until_ms),
        )
    });
    let back_to_now = move || {
        view! {
            <button type="button" class="secondary small" data-testid="back-to-now"
                on:click=move |_| looking_back.0.set(None)>"Back to now"</button>
        }
    };
    let back = match (finished, open) {
        (true, _) => Some(
            view! {
                <p class="notice looking-back" role="status" data-testid="looking-back">
                    "Looking back at “" {title} "”, finished. " {back_to_now()}
                </p>
            }
            .into_any(),
        ),
        (false, Some(until)) => Some(
            view! {
                <p class="notice looking-back" role="status" data-testid="taking-part">
                    "“" {title} "” is open for contributions until " {until.map(date_and_time)} ". " {back_to_now()}
                </p>
            }
            .into_any(),
        ),
        (false, None) => None,
    };
    view! {
        <div class="activity-screen" data-testid="activity-screen" data-kind=kind.as_str()>
            {back}
            <NewSinceLastVisit board=board document=document />
            {screen}
            {move || (governance.facilitates() && kind.collects().is_some()).then(|| view! {
                <p class="activity-downloads">
                    <crate::components::download_file::DownloadFile path=format!("cards/{id}/cards.csv") file="cards.csv"
                        label="Download the cards and their dots (CSV)" testid="download-cards" />
                </p>
            })}
        </div>
    }
    .into_any()
}
