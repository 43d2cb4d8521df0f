//! `POST /api/boards` and `GET /api/boards/{board_id}`.

use std::time::{SystemTime, UNIX_EPOCH};

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use bytes::Bytes;
use polyphony_shared::{BoardDoc, BoardId, BoardInfo, CreateBoardRequest, CreatedBoard};
use rand::Rng;

use crate::error::ApiError;
use crate::state::AppState;

/// Creates a board with an unguessable id and returns where to open it.
pub async fn create_board(
    State(state): State<AppState>,
    request: Result<Json<CreateBoardRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<CreatedBoard>), ApiError> {
    let Json(request) = request?;
    let title = request.validated_title()?;
    let id = BoardId::random_from(&mut rand::rng().random::<[u8; 16]>().into_iter());
    let board = BoardInfo { id, title, created_at_ms: now_ms() };
    state.store.create_board(board.clone(), Bytes::from(BoardDoc::seed_update())).await?;
    tracing::info!(board = %id, "board created");
    Ok((StatusCode::CREATED, Json(CreatedBoard::new(board))))
}

/// Returns a board's metadata.
pub async fn board_info(
    State(state): State<AppState>,
    Path(board_id): Path<String>,
) -> Result<Json<BoardInfo>, ApiError> {
    let id = BoardId::parse(&board_id)?;
    match state.store.board(id).await? {
        Some(board) => Ok(Json(board)),
        None => Err(ApiError::BoardNotFound),
    }
}

fn now_ms() -> u64 {
    let since_epoch = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    u64::try_from(since_epoch.as_millis()).unwrap_or(u64::MAX)
}
