//! The HTTP surface: JSON API under `/api`, board websockets under `/ws`, health, and the web client.

mod admin;
mod auth;
mod backup;
mod boards;
mod commands;
mod health;
mod metrics;
mod participants;
mod points;
mod qr;
mod report;
mod security_headers;
mod store_copy;
mod ws;

use std::path::Path;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{any, delete, get, post};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

use crate::error::ApiError;
use crate::state::AppState;

/// All routes, with the built client in `static_dir` served for every other path.
pub fn router(state: AppState, static_dir: &Path) -> Router {
    let api = Router::new()
        .route("/boards", post(boards::create_board))
        .route(
            "/boards/restore",
            post(backup::restore).layer(DefaultBodyLimit::max(polyphony_shared::backup::MAX_BACKUP_BYTES + 64 * 1024)),
        )
        .route("/boards/{board_id}/backup.json", get(backup::backup))
        .route("/boards/{board_id}", get(boards::board_info).delete(admin::delete_own))
        .route("/admin/boards", get(admin::list))
        .route("/admin/store-copy", post(store_copy::store_copy))
        .route("/admin/boards/{board_id}", delete(admin::delete))
        .route("/admin/boards/{board_id}/backup.json", get(admin::export))
        .route("/boards/{board_id}/join", post(participants::join_board))
        .route("/boards/{board_id}/qr.svg", get(qr::join_qr))
        .route("/boards/{board_id}/commands", post(commands::run_command))
        .route("/boards/{board_id}/rounds/{round_id}/votes", get(commands::my_votes))
        .route("/boards/{board_id}/drafts", get(commands::my_drafts))
        .route("/boards/{board_id}/withheld", get(commands::withheld))
        .route("/boards/{board_id}/polls/{activity}/answers.csv", get(commands::poll_csv))
        .route("/boards/{board_id}/actions/{activity}/actions.csv", get(commands::actions_csv))
        .route("/boards/{board_id}/cards/{activity}/cards.csv", get(commands::cards_csv))
        .route("/boards/{board_id}/report.html", get(report::for_facilitator_html))
        .route("/boards/{board_id}/report.md", get(report::for_facilitator_markdown))
        .route("/boards/{board_id}/points", get(points::list))
        .route("/boards/{board_id}/join-bursts", get(participants::join_bursts))
        .route("/boards/{board_id}/admission", get(participants::admission))
        .route("/boards/{board_id}/balance", get(commands::balance))
        .route("/boards/{board_id}/points/{point}", get(points::preview))
        .route("/join/{code}", get(boards::board_by_code))
        .fallback(|| async { ApiError::NoSuchEndpoint });
    // Client-side routes such as `/b/{board_id}` fall back to the app shell; a missing file
    // (`/favicon.ico`, a stale script) is a 404, not a page of HTML under the file's name.
    let index = static_dir.join("index.html");
    let shell = any(move |request: Request| app_shell(index.clone(), request));
    let client = ServeDir::new(static_dir).precompressed_gzip().fallback(shell);
    let routes = Router::new()
        .nest("/api", api)
        .route("/ws/{board_id}/{doc}", get(ws::ws_upgrade))
        .route("/healthz", get(health::healthz))
        .route("/metrics", get(metrics::metrics))
        .route("/report/{board_id}/{key}", get(report::shared))
        .fallback_service(client)
        .with_state(state);
    security_headers::with_security_headers(routes)
}

/// The app shell for a client-side route; 404 for a path that names a file.
async fn app_shell(index: std::path::PathBuf, request: Request) -> Response {
    let last_segment = request.uri().path().rsplit('/').next().unwrap_or_default();
    if last_segment.contains('.') {
        return (StatusCode::NOT_FOUND, "no such file").into_response();
    }
    match ServeFile::new(index).precompressed_gzip().oneshot(request).await {
        Ok(response) => response.into_response(),
        Err(never) => match never {},
    }
}
