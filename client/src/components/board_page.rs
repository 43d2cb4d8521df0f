//! A board page: its title, the live connection, and the problem statement.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use polyphony_shared::{BoardId, BoardInfo};

use crate::api;
use crate::components::connection_badge::ConnectionBadge;
use crate::sync;

/// Loads a board's metadata and opens its live document.
#[component]
pub fn BoardPage() -> impl IntoView {
    let params = use_params_map();
    let board_id = move || params.with(|params| params.get("board_id").and_then(|id| BoardId::parse(&id).ok()));
    view! {
        {move || match board_id() {
            Some(id) => view! { <LiveBoard id=id /> }.into_any(),
            None => view! { <p class="error" data-testid="board-error">"This link does not name a board."</p> }.into_any(),
        }}
    }
}

/// The board with a given id: metadata over HTTP, content over the websocket.
#[component]
fn LiveBoard(
    /// The board to show.
    id: BoardId,
) -> impl IntoView {
    let (info, set_info) = signal(None::<Result<BoardInfo, api::ApiError>>);
    spawn_local(async move { set_info.set(Some(api::board_info(id).await)) });
    let board = sync::connect(id);
    view! {
        <header class="board-header">
            <h1 data-testid="board-title-heading">
                {move || match info.get() {
                    Some(Ok(info)) => info.title,
                    Some(Err(_)) => "Board".to_owned(),
                    None => "Loading…".to_owned(),
                }}
            </h1>
            <ConnectionBadge state=board.state />
        </header>
        {move || match info.get() {
            Some(Err(err)) => Some(view! { <p class="error" role="alert" data-testid="board-error">{err.to_string()}</p> }),
            _ => None,
        }}
        <section class="problem" aria-labelledby="problem-heading">
            <h2 id="problem-heading">"Problem statement"</h2>
            <p data-testid="problem-statement">
                {move || {
                    let text = board.problem_statement.get();
                    if text.is_empty() { "Nobody has written the problem statement yet.".to_owned() } else { text }
                }}
            </p>
        </section>
    }
}
