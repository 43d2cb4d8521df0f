//! "Restore a board from a backup" on the home page: the file a facilitator downloaded
//! ("Download a backup") becomes a new board, which this browser joins as its facilitator.
//! A file the server cannot restore is refused with what is wrong with it, and nothing is
//! created.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::api;
use crate::components::profile_form::Profile;
use crate::route::Navigator;

/// The text of the file chosen in a file input, if one is.
async fn chosen_file_text(event: &leptos::ev::Event) -> Option<String> {
    let input: web_sys::HtmlInputElement = event.target()?.dyn_into().ok()?;
    let file = input.files()?.get(0)?;
    JsFuture::from(file.text()).await.ok()?.as_string()
}

/// A file input that restores the chosen backup into a new board and opens it.
#[component]
pub fn RestoreBoard(
    /// Who restores it (they join the new board as its facilitator).
    profile: Profile,
    /// Where a refusal is shown.
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let navigator = expect_context::<Navigator>();
    let busy = RwSignal::new(false);
    let restore = move |event: leptos::ev::Event| {
        let Some(me) = profile.take() else { return };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let restored = match chosen_file_text(&event).await {
                Some(backup) => restore_and_join(backup, me.name, me.perspective).await,
                None => Err(api::ApiError::Refused("this file could not be read".into())),
            };
            match restored {
                Ok(board) => navigator.go(&board.page_path(), false),
                Err(err) => error.set(Some(err.message())),
            }
            busy.set(false);
        });
    };
    view! {
        <details class="card restore-board">
            <summary>"Restore a board from a backup"</summary>
            <label>"The backup file (board-backup.json) a facilitator downloaded; it becomes a new board, and you its facilitator."
                <input type="file" accept=".json,application/json" data-testid="restore-file" disabled=move || busy.get()
                    on:change=restore /></label>
        </details>
    }
}

/// Restores `backup` into a new board and joins it as its facilitator, keeping the pass
/// in this browser.
async fn restore_and_join(
    backup: String,
    name: String,
    perspective: polyphony_shared::Perspective,
) -> Result<polyphony_shared::BoardInfo, api::ApiError> {
    let (board, facilitator_key) = api::restore_board(backup).await?;
    crate::components::home::join_as_facilitator(board, facilitator_key, name, perspective).await
}
