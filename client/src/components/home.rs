//! The home page: create a board, or open one by its link or id.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use polyphony_shared::BoardId;

use crate::api;

/// Create a board, or open an existing one.
#[component]
pub fn Home() -> impl IntoView {
    let (title, set_title) = signal(String::new());
    let (error, set_error) = signal(None::<String>);
    let (busy, set_busy) = signal(false);
    let (board_link, set_board_link) = signal(String::new());
    let navigate = use_navigate();

    let create_navigate = navigate.clone();
    let create = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        set_busy.set(true);
        set_error.set(None);
        let navigate = create_navigate.clone();
        spawn_local(async move {
            match api::create_board(title.get_untracked()).await {
                Ok(created) => navigate(&created.page_path, Default::default()),
                Err(err) => set_error.set(Some(err.to_string())),
            }
            set_busy.set(false);
        });
    };
    let open = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        match board_id_from_link(&board_link.get_untracked()) {
            Some(id) => navigate(&format!("/b/{id}"), Default::default()),
            None => set_error.set(Some("paste the board link or its 32-character id".into())),
        }
    };

    view! {
        <section class="home">
            <h1>"Polyphony"</h1>
            <p class="lead">"A live workshop board where citizens and professionals define problems and create solutions together."</p>
            <form class="card" on:submit=create>
                <label for="board-title">"What is the workshop about?"</label>
                <input id="board-title" data-testid="board-title" required maxlength="200"
                    placeholder="How might we …"
                    prop:value=title on:input=move |event| set_title.set(event_target_value(&event)) />
                <button type="submit" data-testid="create-board" disabled=busy>"Create board"</button>
            </form>
            <form class="card" on:submit=open>
                <label for="board-link">"Open a board"</label>
                <input id="board-link" data-testid="board-link" placeholder="Board link or id"
                    prop:value=board_link on:input=move |event| set_board_link.set(event_target_value(&event)) />
                <button type="submit" data-testid="open-board">"Open"</button>
            </form>
            <Show when=move || error.get().is_some()>
                <p class="error" role="alert" data-testid="home-error">{move || error.get()}</p>
            </Show>
        </section>
    }
}

/// Finds a board id in a pasted link (`…/b/{id}`) or a bare id.
fn board_id_from_link(text: &str) -> Option<BoardId> {
    let candidate = text.trim().trim_end_matches('/').rsplit('/').next()?;
    BoardId::parse(candidate).ok()
}
