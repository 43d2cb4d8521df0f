//! `GET /api/boards/{board_id}/points` and `…/points/{point}`: a board's restore points and
//! what one holds, for facilitators ([`crate::history`]). Going back is a command.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use polyphony_shared::BoardId;
use polyphony_shared::history::{PointInfo, PointPreview};

use super::auth::{authorize, bearer_token};
use crate::error::ApiError;
use crate::history;
use crate::state::AppState;
use polyphony_shared::governance::Refusal;

/// The board's restore points, newest first.
pub async fn list(
    State(state): State<AppState>,
    Path(board_id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Vec<PointInfo>>, ApiError> {
    let board = facilitator_board(&state, &board_id, &headers).await?;
    Ok(Json(history::list(state.store.as_ref(), board).await?))
}

/// What one restore point holds, compared with the board now.
pub async fn preview(
    State(state): State<AppState>,
    Path((board_id, point)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Json<PointPreview>, ApiError> {
    let board = facilitator_board(&state, &board_id, &headers).await?;
    let point = point.parse::<u64>().map_err(|_| crate::room::GovernError::NotFound("restore point"))?;
    Ok(Json(history::preview(&state.rooms, state.store.as_ref(), board, point).await?))
}

/// The board, if the sender facilitates it now.
async fn facilitator_board(state: &AppState, board_id: &str, headers: &HeaderMap) -> Result<BoardId, ApiError> {
    let board = BoardId::parse(board_id)?;
    let access = authorize(state, board, bearer_token(headers)).await?;
    if !access.role.facilitates() {
        return Err(ApiError::Refused(Refusal::FacilitatorsOnly));
    }
    Ok(board)
}
