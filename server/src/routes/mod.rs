//! The HTTP surface: JSON API under `/api`, board websockets under `/ws`, health, and the web client.

mod auth;
mod boards;
mod commands;
mod health;
mod participants;
mod qr;
mod ws;

use std::path::Path;

use axum::Router;
use axum::routing::{get, post};
use tower_http::services::{ServeDir, ServeFile};

use crate::error::ApiError;
use crate::state::AppState;

/// All routes, with the built client in `static_dir` served for every other path.
pub fn router(state: AppState, static_dir: &Path) -> Router {
    let api = Router::new()
        .route("/boards", post(boards::create_board))
        .route("/boards/{board_id}", get(boards::board_info))
        .route("/boards/{board_id}/join", post(participants::join_board))
        .route("/boards/{board_id}/qr.svg", get(qr::join_qr))
        .route("/boards/{board_id}/commands", post(commands::run_command))
        .route("/boards/{board_id}/rounds/{round_id}/votes", get(commands::my_votes))
        .route("/boards/{board_id}/drafts", get(commands::my_drafts))
        .route("/join/{code}", get(boards::board_by_code))
        .fallback(|| async { ApiError::NoSuchEndpoint });
    // Client-side routes such as `/b/{board_id}` fall back to the app shell.
    let index = ServeFile::new(static_dir.join("index.html")).precompressed_gzip();
    let client = ServeDir::new(static_dir).precompressed_gzip().fallback(index);
    Router::new()
        .nest("/api", api)
        .route("/ws/{board_id}/{doc}", get(ws::ws_upgrade))
        .route("/healthz", get(health::healthz))
        .fallback_service(client)
        .with_state(state)
}
