//! `POST /api/boards/{board_id}/commands`: a change to governed state, checked by the server.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use polyphony_shared::{BoardId, Command};

use super::auth::{authorize, bearer_token};
use crate::access::now_ms;
use crate::commands::plan;
use crate::error::ApiError;
use crate::state::AppState;

/// Checks the sender's token and role and the command, makes the change, and answers once
/// it is stored (204). Every client sees the result in the governed document.
pub async fn run_command(
    State(state): State<AppState>,
    Path(board_id): Path<String>,
    headers: HeaderMap,
    command: Result<Json<Command>, JsonRejection>,
) -> Result<StatusCode, ApiError> {
    let board = BoardId::parse(&board_id)?;
    let access = authorize(&state, board, bearer_token(&headers)).await?;
    let Json(command) = command?;
    let kind = format!("{command:?}");
    let change = plan(command, access, now_ms())?;
    state.rooms.govern(board, change).await?;
    tracing::info!(%board, by = %access.participant, command = kind, "command applied");
    Ok(StatusCode::NO_CONTENT)
}
