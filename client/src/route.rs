//! The app's three pages and moving between them with the History API.
//!
//! Three fixed routes do not need a router crate; this keeps the download small for phones.

use leptos::prelude::*;
use polyphony_shared::{BoardId, JoinCode};

/// A page of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `/`: create or join a board.
    Home,
    /// `/b/{board_id}`: a board.
    Board(BoardId),
    /// `/b/{board_id}/invite`: the join screen for a projector.
    Invite(BoardId),
    /// `/b/{board_id}/present`: the board on a projector.
    Present(BoardId),
    /// `/j/{code}`: a join link, as carried by a QR code.
    Join(JoinCode),
    /// Anything else.
    NotFound,
}

impl Route {
    /// The route for a URL path.
    pub fn parse(path: &str) -> Route {
        let segments: Vec<&str> = path.trim_matches('/').split('/').filter(|segment| !segment.is_empty()).collect();
        match segments.as_slice() {
            [] => Route::Home,
            ["b", id] => BoardId::parse(id).map(Route::Board).unwrap_or(Route::NotFound),
            ["b", id, "invite"] => BoardId::parse(id).map(Route::Invite).unwrap_or(Route::NotFound),
            ["b", id, "present"] => BoardId::parse(id).map(Route::Present).unwrap_or(Route::NotFound),
            ["j", code] => JoinCode::parse(code).map(Route::Join).unwrap_or(Route::NotFound),
            _ => Route::NotFound,
        }
    }
}

/// The current route, shared through context; [`Navigator::go`] changes it.
#[derive(Clone, Copy)]
pub struct Navigator {
    route: RwSignal<Route>,
}

impl Navigator {
    /// Starts at the browser's current URL and follows the back and forward buttons.
    pub fn install() -> Navigator {
        let navigator = Navigator { route: RwSignal::new(Route::parse(&current_path())) };
        let route = navigator.route;
        // A fragment change (the facilitator key taken out of the address) also fires
        // popstate; only a different page may rebuild the view.
        let listener = window_event_listener(leptos::ev::popstate, move |_| {
            let next = Route::parse(&current_path());
            if route.get_untracked() != next {
                route.set(next);
            }
        });
        on_cleanup(move || listener.remove());
        provide_context(navigator);
        navigator
    }

    /// The current route.
    pub fn route(&self) -> Route {
        self.route.get()
    }

    /// Goes to `path`, adding a history entry (or replacing the current one).
    pub fn go(&self, path: &str, replace: bool) {
        if let Ok(history) = window().history() {
            let pushed = if replace {
                history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path))
            } else {
                history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path))
            };
            pushed.ok();
        }
        self.route.set(Route::parse(path));
    }
}

fn current_path() -> String {
    window().location().pathname().unwrap_or_default()
}
