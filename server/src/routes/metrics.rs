//! `GET /metrics`: what an operator watches, in the Prometheus text format
//! ([`crate::metrics`]). With an operator token configured, only requests carrying it.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::auth::bearer_token;
use crate::state::AppState;

/// The metrics, or 401 without the operator's token when one is set.
pub async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(expected) = &state.operator_token {
        let given = bearer_token(&headers).unwrap_or_default();
        if !same(given.as_bytes(), expected.as_bytes()) {
            return (StatusCode::UNAUTHORIZED, "the operator token is needed").into_response();
        }
    }
    let content_type = [(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")];
    (content_type, state.rooms.metrics_text()).into_response()
}

/// Whether two secrets are equal, in time that does not depend on where they differ.
fn same(given: &[u8], expected: &[u8]) -> bool {
    let differences = given.iter().zip(expected).fold(0u8, |found, (a, b)| found | (a ^ b));
    given.len() == expected.len() && differences == 0
}
