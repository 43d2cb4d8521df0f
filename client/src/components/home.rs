//! The home page: create a board, or join one by its code or link.

use leptos::prelude::*;
use leptos::task::spawn_local;
use polyphony_shared::{BoardId, BoardInfo, JoinCode, Perspective};

use crate::api;
use crate::components::profile_form::{Profile, ProfileFields};
use crate::components::template_choice::{Chosen, TemplateChoice, request_parts};
use crate::route::Navigator;

/// Create a board, or join an existing one.
#[component]
pub fn Home() -> impl IntoView {
    let profile = Profile::remembered("home");
    let title = RwSignal::new(String::new());
    let template = RwSignal::new(Chosen::default());
    let join_text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let navigator = expect_context::<Navigator>();
    // A message from the page before (a board deleted from it, say).
    let notice = crate::sync::take_notice();

    let create = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(me) = profile.take() else { return };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match create_and_join(title.get_untracked(), template.get_untracked(), me.name, me.perspective).await {
                Ok(board) => navigator.go(&board.page_path(), false),
                Err(err) => error.set(Some(err.message())),
            }
            busy.set(false);
        });
    };
    let join = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if profile.take().is_none() {
            return;
        }
        let text = join_text.get_untracked();
        if let Some(id) = board_id_from_link(&text) {
            return navigator.go(&format!("/b/{id}"), false);
        }
        let Ok(code) = JoinCode::parse(&text) else {
            return error
                .set(Some("type the 6-character code shown by the facilitator, or paste the board link".into()));
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api::board_by_code(code).await {
                Ok(board) => navigator.go(&board.page_path(), false),
                Err(err) => error.set(Some(err.message())),
            }
            busy.set(false);
        });
    };

    view! {
        <section class="home">
            <h1>"Polyphony"</h1>
            <p class="lead">"A live workshop board where citizens and professionals define problems and create solutions together."</p>
            {notice.map(|message| view! { <p class="notice" role="status" data-testid="home-notice">{message}</p> })}
            <div class="card profile">
                <ProfileFields profile=profile />
            </div>
            <form class="card" on:submit=join>
                <label for="join-code">"Join a workshop"</label>
                <input id="join-code" data-testid="join-code" placeholder="Code such as K7QM2X, or the board link"
                    autocapitalize="characters" autocomplete="off"
                    prop:value=move || join_text.get() on:input=move |event| join_text.set(event_target_value(&event)) />
                <button type="submit" data-testid="join-board" disabled=move || busy.get()>"Join"</button>
            </form>
            <form class="card" on:submit=create>
                <label for="board-title">"Or start a new board: what is the workshop about?"</label>
                <input id="board-title" data-testid="board-title" required maxlength="200" placeholder="How might we …"
                    prop:value=move || title.get() on:input=move |event| title.set(event_target_value(&event)) />
                <TemplateChoice chosen=template />
                <button type="submit" data-testid="create-board" disabled=move || busy.get()>"Create board"</button>
            </form>
            <crate::components::restore_board::RestoreBoard profile=profile error=error />
            {move || error.get().map(|message| view! { <p class="error" role="alert" data-testid="home-error">{message}</p> })}
        </section>
    }
}

/// Creates a board and joins it as its facilitator, keeping the pass in this browser.
async fn create_and_join(
    title: String,
    chosen: Chosen,
    name: String,
    perspective: Perspective,
) -> Result<BoardInfo, api::ApiError> {
    let (template, saved) = request_parts(chosen);
    let (board, facilitator_key) = api::create_board(title, template, saved.as_ref()).await?;
    join_as_facilitator(board, facilitator_key, name, perspective).await
}

/// Joins a board just made as its facilitator, keeping the pass and key in this browser.
pub(crate) async fn join_as_facilitator(
    board: BoardInfo,
    facilitator_key: String,
    name: String,
    perspective: Perspective,
) -> Result<BoardInfo, api::ApiError> {
    let pass = api::join_board(board.id, name.trim(), perspective, Some(facilitator_key.clone()), false).await?;
    crate::sync::remember_pass(board.id, &pass);
    crate::sync::remember_facilitator_key(board.id, &facilitator_key);
    Ok(board)
}

/// Finds a board id in a pasted link (`…/b/{id}`) or a bare id.
fn board_id_from_link(text: &str) -> Option<BoardId> {
    let candidate = text.trim().trim_end_matches('/').rsplit('/').next()?;
    BoardId::parse(candidate).ok()
}
