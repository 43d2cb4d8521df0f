//! `/b/{board_id}/present`: the board on a projector, readable from the back of a room at
//! 1920×1080: the activity running now and its question with its live results
//! ([`crate::components::presenter_results`]), the timer, the phase, and how to join (QR code
//! and join code). No editing controls. The page takes part as an observer,
//! which sends no presence, so the presenter is not listed among the people present.

use leptos::prelude::*;
use leptos::task::spawn_local;
use polyphony_shared::agenda::ActivityState;
use polyphony_shared::{BoardId, BoardInfo, Perspective};

use crate::api::{self, Pass};
use crate::components::presenter_results::LiveResults;
use crate::components::timer::TimerDisplay;
use crate::governance::Governance;

/// The presenter view of a board.
#[component]
pub fn PresenterPage(
    /// The board to present.
    id: BoardId,
) -> impl IntoView {
    let ready = RwSignal::new(None::<Result<(BoardInfo, Pass), String>>);
    spawn_local(async move {
        let opened = open(id).await.map_err(|err| err.message());
        ready.set(Some(opened));
    });
    move || match ready.get() {
        None => view! { <p class="card" role="status">"Opening the board for the projector…"</p> }.into_any(),
        Some(Err(message)) => view! { <p class="error" role="alert">{message}</p> }.into_any(),
        Some(Ok((board, pass))) if pass.waiting => {
            let id = board.id;
            let admitted = Callback::new(move |pass: Pass| {
                crate::sync::remember_presenter_pass(id, &pass);
                ready.set(Some(Ok((board.clone(), pass))));
            });
            view! { <crate::components::lobby::Lobby board=id pass=pass name="Presenter".to_owned() admitted=admitted /> }
                .into_any()
        }
        Some(Ok((board, pass))) => view! { <Presenting board=board pass=pass /> }.into_any(),
    }
}

/// The board's metadata and an observer's pass: the one this browser kept, or a new one.
async fn open(id: BoardId) -> Result<(BoardInfo, Pass), api::ApiError> {
    let board = api::board_info(id).await?;
    let kept = crate::sync::presenter_pass(id).filter(|pass| !pass.expired(js_sys::Date::now()));
    let pass = match kept {
        Some(pass) => pass,
        None => {
            let pass = api::join_board(id, "Presenter", Perspective::Other, None, true).await?;
            crate::sync::remember_presenter_pass(id, &pass);
            pass
        }
    };
    Ok((board, pass))
}

#[component]
fn Presenting(board: BoardInfo, pass: Pass) -> impl IntoView {
    let governance = Governance::start(board.id, &pass);
    provide_context(governance);
    let view = governance.view;
    let live = Memo::new(move |_| {
        view.with(|view| view.activities.values().find(|activity| activity.state == ActivityState::Live).cloned())
    });
    let phase = move || view.with(|view| view.facilitation.phase);
    let origin = window().location().origin().unwrap_or_default();
    let id = board.id;
    let token = pass.token.clone();
    view! {
        <section class="presenter" data-testid="presenter">
            <header class="presenter-head">
                <h1>{board.title.clone()}</h1>
                <p class="presenter-phase" data-testid="presenter-phase">{move || phase().label()}</p>
            </header>
            <div class="presenter-main">
                {move || match live.get() {
                    Some(activity) => {
                        let results = view! { <LiveResults board=id activity=activity.clone() token=token.clone() /> };
                        view! {
                            <article class="presenter-activity" data-testid="presenter-activity">
                                <p class="now-label">{activity.kind.label()}</p>
                                <h2>{activity.title}</h2>
                                <p class="presenter-prompt">{activity.prompt}</p>
                                {(!activity.instructions.is_empty()).then(|| view! { <p class="presenter-instructions">{activity.instructions}</p> })}
                                {results}
                            </article>
                        }.into_any()
                    }
                    None => view! {
                        <article class="presenter-activity" data-testid="presenter-activity">
                            <h2>{move || phase().label()}</h2>
                            <p class="presenter-prompt">{move || phase().purpose()}</p>
                        </article>
                    }.into_any(),
                }}
                <aside class="presenter-join">
                    <img src=format!("/api/boards/{id}/qr.svg?size=600") alt="QR code of the join link" />
                    <p>"Join at " <strong>{origin}</strong> " with the code"</p>
                    <p class="invite-code" data-testid="presenter-code">{board.join_code.to_string()}</p>
                </aside>
            </div>
            <footer class="presenter-timer"><TimerDisplay /></footer>
        </section>
    }
}
