//! `GET /healthz`: liveness for load balancers and operators.

use axum::Json;
use axum::extract::State;
use serde::Serialize;

use crate::state::AppState;

/// The health report.
#[derive(Serialize)]
pub struct Health {
    /// `ok` while the server accepts work, `shutting_down` after a signal.
    status: &'static str,
    /// Board documents loaded in memory.
    loaded_documents: usize,
}

/// Reports whether the server is up and how many documents it holds.
pub async fn healthz(State(state): State<AppState>) -> Json<Health> {
    let status = if state.shutdown.is_cancelled() { "shutting_down" } else { "ok" };
    Json(Health { status, loaded_documents: state.rooms.loaded() })
}
