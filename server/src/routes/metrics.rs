//! `GET /metrics`: what an operator watches, in the Prometheus text format
//! ([`crate::metrics`]). With an operator token configured, only requests carrying it.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::auth::authorize_operator;
use crate::state::AppState;

/// The metrics, or 401 without the operator's token when one is set.
pub async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if state.operator_token.is_some() && authorize_operator(&state, &headers).is_err() {
        return (StatusCode::UNAUTHORIZED, "the operator token is needed").into_response();
    }
    let content_type = [(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")];
    (content_type, state.rooms.metrics_text()).into_response()
}
