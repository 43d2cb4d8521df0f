//! `GET /api/boards/{board_id}/points` and `…/points/{point}`: a board's restore points and
//! what one holds, for facilitators ([`crate::history`]). Going back is a command.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use polyphony_shared::BoardId;
use polyphony_shared::history::{PointInfo, PointPreview};

use super::auth::{authorize_facilitator, bearer_token};
use crate::error::ApiError;
use crate::history;
use crate::state::AppState;

/// The board's restore points, newest first.
pub async fn list(
    State(state): State<AppState>,
    Path(board_id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Vec<PointInfo>>, ApiError> {
    let board = BoardId::parse(&board_id)?;
    authorize_facilitator(&state, board, bearer_token(&headers)).await?;
    Ok(Json(history::list(state.store.as_ref(), board).await?))
}

/// What one restore point holds, compared with the board now.
pub async fn preview(
    State(state): State<AppState>,
    Path((board_id, point)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Json<PointPreview>, ApiError> {
    let board = BoardId::parse(&board_id)?;
    authorize_facilitator(&state, board, bearer_token(&headers)).await?;
    let point = point.parse::<u64>().map_err(|_| crate::room::GovernError::NotFound("restore point"))?;
    Ok(Json(state.rooms.preview(board, point).await?))
}
