//! The Polyphony web client: Leptos (client-side rendered) compiled to WebAssembly.
//!
//! # Layout
//! - [`App`]: the router (`/` home, `/b/{board_id}` a board, `/j/{code}` a join link).
//! - [`api`]: HTTP calls to the server's JSON API.
//! - [`sync`]: the only code that touches the websocket, the yrs document and browser storage.
//! - [`components`]: one component per file.

pub mod api;
pub mod components;
pub mod sync;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use components::board_page::BoardPage;
use components::home::Home;
use components::join_link::JoinLink;

/// The whole app: a router over the home page and board pages.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <main class="app">
                <Routes fallback=|| view! { <p class="notice" data-testid="not-found">"This page does not exist."</p> }>
                    <Route path=path!("/") view=Home />
                    <Route path=path!("/b/:board_id") view=BoardPage />
                    <Route path=path!("/j/:code") view=JoinLink />
                </Routes>
            </main>
        </Router>
    }
}
