//! The operator's admin API, behind the operator token ([`polyphony_shared::admin`]): list
//! every board, delete one with every record of it, export one as a backup file. And
//! `DELETE /api/boards/{board_id}`: a facilitator deletes their own board.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::IntoResponse;
use polyphony_shared::BoardId;
use polyphony_shared::admin::{AdminBoard, DeletedBoard};

use super::auth::{authorize_facilitator, authorize_operator, bearer_token};
use crate::deletion::{DeletedBy, delete_board};
use crate::error::ApiError;
use crate::state::AppState;

/// `GET /api/admin/boards`: every stored board, the longest unused first.
pub async fn list(State(state): State<AppState>, headers: HeaderMap) -> Result<Json<Vec<AdminBoard>>, ApiError> {
    authorize_operator(&state, &headers)?;
    let mut boards: Vec<AdminBoard> = state
        .store
        .boards()
        .await?
        .into_iter()
        .map(|stored| AdminBoard {
            id: stored.info.id,
            title: stored.info.title,
            join_code: stored.info.join_code,
            created_at_ms: stored.info.created_at_ms,
            last_used_ms: stored.last_used_ms,
            stored_bytes: stored.bytes,
            loaded: state.rooms.is_loaded(stored.info.id),
            names_erased_ms: stored.names_erased_ms,
        })
        .collect();
    boards.sort_by_key(|board| (board.last_used_ms, board.id.to_string()));
    Ok(Json(boards))
}

/// `DELETE /api/admin/boards/{board_id}`: the board and every record of it, checked gone.
pub async fn delete(
    State(state): State<AppState>,
    Path(board_id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<DeletedBoard>, ApiError> {
    authorize_operator(&state, &headers)?;
    let board = BoardId::parse(&board_id)?;
    let deleted = delete_board(&state.rooms, state.store.as_ref(), board, DeletedBy::Operator).await?;
    Ok(Json(deleted.ok_or(ApiError::BoardNotFound)?))
}

/// `GET /api/admin/boards/{board_id}/backup.json`: everything the board holds, as a
/// facilitator's backup file (for a person's request to see the data held about them).
pub async fn export(
    State(state): State<AppState>,
    Path(board_id): Path<String>,
    headers: HeaderMap,
) -> Result<impl IntoResponse, ApiError> {
    authorize_operator(&state, &headers)?;
    let board = BoardId::parse(&board_id)?;
    super::backup::backup_file(&state, board).await
}

/// `DELETE /api/boards/{board_id}`: the facilitator deletes their board for good.
pub async fn delete_own(
    State(state): State<AppState>,
    Path(board_id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<DeletedBoard>, ApiError> {
    let board = BoardId::parse(&board_id)?;
    authorize_facilitator(&state, board, bearer_token(&headers)).await?;
    let deleted = delete_board(&state.rooms, state.store.as_ref(), board, DeletedBy::Facilitator).await?;
    Ok(Json(deleted.ok_or(ApiError::BoardNotFound)?))
}
