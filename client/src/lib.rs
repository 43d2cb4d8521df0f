//! The Polyphony web client: Leptos (client-side rendered) compiled to WebAssembly.
//!
//! # Layout
//! - [`App`]: picks the page for the current [`route::Route`].
//! - [`route`]: the pages and History API navigation.
//! - [`api`]: HTTP calls to the server's JSON API.
//! - [`json`]: JSON through the browser's own parser.
//! - [`governance`]: governed state for the views, and sending commands.
//! - [`sync`]: the only code that touches the websocket, the yrs document and browser storage.
//! - [`components`]: one component per file.

pub mod api;
pub mod chime;
pub mod components;
pub mod governance;
pub mod json;
pub mod route;
pub mod sync;
pub mod visits;

use leptos::prelude::*;

use components::board_page::BoardPage;
use components::home::Home;
use components::invite_page::InvitePage;
use components::join_link::JoinLink;
use components::presenter_page::PresenterPage;
use route::{Navigator, Route};

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let navigator = Navigator::install();
    view! {
        <main class="app">
            {move || match navigator.route() {
                Route::Home => view! { <Home /> }.into_any(),
                Route::Board(id) => view! { <BoardPage id=id /> }.into_any(),
                Route::Invite(id) => view! { <InvitePage id=id /> }.into_any(),
                Route::Present(id) => view! { <PresenterPage id=id /> }.into_any(),
                Route::Join(code) => view! { <JoinLink code=code /> }.into_any(),
                Route::NotFound => view! { <p class="notice" data-testid="not-found">"This page does not exist."</p> }.into_any(),
            }}
        </main>
    }
}
