//! `GET /api/boards/{board_id}/backup.json`: every document of a board, for a facilitator
//! ([`polyphony_shared::backup`]); `POST /api/boards/restore`: that file restored into a
//! new board, or refused with what is wrong with it (nothing created).

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use polyphony_shared::backup::{Backup, BackupDocument, BackupError};
use polyphony_shared::{BoardId, CreateBoardRequest, CreatedBoard};

use super::auth::{authorize_facilitator, bearer_token};
use crate::error::ApiError;
use crate::state::AppState;

/// `GET /api/boards/{board_id}/backup.json`, saved as `board-backup.json`.
pub async fn backup(
    State(state): State<AppState>,
    Path(board_id): Path<String>,
    headers: HeaderMap,
) -> Result<impl IntoResponse, ApiError> {
    let board = BoardId::parse(&board_id)?;
    authorize_facilitator(&state, board, bearer_token(&headers)).await?;
    backup_file(&state, board).await
}

/// The board's backup file, as a download.
pub async fn backup_file(state: &AppState, board: BoardId) -> Result<impl IntoResponse + use<>, ApiError> {
    let info = state.store.board(board).await?.ok_or(ApiError::BoardNotFound)?;
    let documents = state.rooms.backup(board).await?;
    let documents = documents
        .into_iter()
        .map(|(name, bytes)| BackupDocument { name: name.to_string(), state: STANDARD.encode(bytes) })
        .collect();
    let backup = Backup::new(&info.title, state.clock.now_ms(), documents);
    tracing::info!(%board, "backup made");
    let headers = [
        (header::CONTENT_DISPOSITION, "attachment; filename=\"board-backup.json\""),
        (header::CACHE_CONTROL, "private, no-store"),
    ];
    Ok((headers, Json(backup)))
}

/// `POST /api/boards/restore`: `201` with the new board, as `POST /api/boards` answers.
pub async fn restore(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<CreatedBoard>), ApiError> {
    // A body over the limit is refused by the limit layer before it is read through.
    let body = body.map_err(|_| ApiError::BadBackup(BackupError::TooLarge))?;
    let restored = crate::restore::check(&body, state.max_text_len).map_err(ApiError::BadBackup)?;
    let title = CreateBoardRequest { title: restored.title, template: None, agenda: None }.validated_title()?;
    let created = super::boards::create_with(&state, &title, restored.seeds, restored.key_generation).await?;
    tracing::info!(board = %created.board.id, "board restored from a backup");
    Ok((StatusCode::CREATED, Json(created)))
}
