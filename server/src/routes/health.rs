//! `GET /healthz`: liveness and store health for load balancers and operators.
//!
//! The answer is 200 while the server serves its clients, also when the store is out of
//! reach (`"status": "degraded"`): connected clients keep working then, and a load balancer
//! should not cut them off. New boards cannot be opened meanwhile.

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use serde::Serialize;

use crate::state::AppState;

/// How long the store may take to answer the health check.
const STORE_CHECK_TIMEOUT: Duration = Duration::from_secs(1);

/// The health report.
#[derive(Serialize)]
pub struct Health {
    /// `ok`; `degraded` while the store is out of reach; `shutting_down` after a signal.
    status: &'static str,
    /// `ok` or `unreachable`.
    store: &'static str,
    /// Board documents loaded in memory.
    loaded_documents: usize,
    /// Stored updates set aside since the server started because they no longer applied
    /// to their board (the log says which boards; the store keeps them).
    quarantined_updates: u64,
}

/// Reports whether the server is up, whether its store answers, and how many documents it holds.
pub async fn healthz(State(state): State<AppState>) -> Json<Health> {
    let store_ok = matches!(tokio::time::timeout(STORE_CHECK_TIMEOUT, state.store.check()).await, Ok(Ok(())));
    let status = match (state.shutdown.is_cancelled(), store_ok) {
        (true, _) => "shutting_down",
        (false, true) => "ok",
        (false, false) => "degraded",
    };
    let store = if store_ok { "ok" } else { "unreachable" };
    Json(Health {
        status,
        store,
        loaded_documents: state.rooms.loaded(),
        quarantined_updates: state.rooms.quarantined(),
    })
}
