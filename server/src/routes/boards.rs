//! `POST /api/boards`, `GET /api/boards/{board_id}` and `GET /api/join/{code}`.

use std::time::{SystemTime, UNIX_EPOCH};

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use bytes::Bytes;
use polyphony_shared::{BoardDoc, BoardId, BoardInfo, CreateBoardRequest, CreatedBoard, JoinCode};
use rand::Rng;

use crate::error::ApiError;
use crate::state::AppState;
use crate::store::StoreError;

/// New join codes tried before giving up; with 887 million codes a clash is already rare.
const JOIN_CODE_ATTEMPTS: usize = 8;

/// Creates a board with an unguessable id and returns where to open it.
pub async fn create_board(
    State(state): State<AppState>,
    request: Result<Json<CreateBoardRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<CreatedBoard>), ApiError> {
    let Json(request) = request?;
    let title = request.validated_title()?;
    let id = BoardId::random_from(&mut rand::rng().random::<[u8; 16]>().into_iter());
    let seed = Bytes::from(BoardDoc::seed_update());
    for _ in 0..JOIN_CODE_ATTEMPTS {
        let join_code = JoinCode::random_from(&mut rand::rng().random::<[u8; 6]>().into_iter());
        let board = BoardInfo { id, title: title.clone(), join_code, created_at_ms: now_ms() };
        match state.store.create_board(board.clone(), seed.clone()).await {
            Ok(()) => {
                tracing::info!(board = %id, "board created");
                return Ok((StatusCode::CREATED, Json(CreatedBoard::new(board))));
            }
            Err(StoreError::JoinCodeTaken(_)) => continue,
            Err(err) => return Err(err.into()),
        }
    }
    Err(StoreError::JoinCodeTaken(JoinCode::random_from(&mut std::iter::empty())).into())
}

/// Finds the board a join code belongs to.
pub async fn board_by_code(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<BoardInfo>, ApiError> {
    let code = JoinCode::parse(&code)?;
    match state.store.board_by_code(code).await? {
        Some(board) => Ok(Json(board)),
        None => Err(ApiError::BoardNotFound),
    }
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
