//! "Download …" for a facilitator: fetches a file the server makes with this browser's pass
//! (a poll's answers or an action plan as CSV, the report as Markdown) and saves it under
//! a file name.

use leptos::prelude::*;

use crate::governance::Governance;

/// A button that downloads the file at `path` (under `/api/boards/{board}/`) as `file`.
#[component]
pub fn DownloadFile(
    /// The path after the board's, such as `polls/{activity}/answers.csv`.
    path: String,
    /// The file's name.
    file: &'static str,
    /// The button's words.
    label: &'static str,
    /// The `data-testid` for end-to-end tests.
    testid: &'static str,
    /// Its media type.
    #[prop(default = "text/csv")]
    mime: &'static str,
) -> impl IntoView {
    let governance = expect_context::<Governance>();
    let link = NodeRef::<leptos::html::A>::new();
    let href = RwSignal::new(String::new());
    let download = move |_| {
        let (board, token, path) = (governance.board(), governance.token(), path.clone());
        leptos::task::spawn_local(async move {
            match crate::api::board_text(board, &path, &token).await {
                Ok(text) => {
                    href.set(format!("data:{mime};charset=utf-8,{}", js_sys::encode_uri_component(&text)));
                    if let Some(link) = link.get_untracked() {
                        link.click();
                    }
                }
                Err(error) => governance.error.set(Some(error.message())),
            }
        });
    };
    view! {
        <button type="button" class="secondary small" data-testid=testid on:click=download>{label}</button>
        <a node_ref=link hidden download=file href=move || href.get() aria-hidden="true" tabindex="-1" data-testid=format!("{testid}-file")></a>
    }
}
