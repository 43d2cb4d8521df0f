//! `POST /api/admin/store-copy` (operator token): a consistent copy of the whole embedded
//! store, taken while the server serves, sent as a redb file (`polyphony backup` asks for it).

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};

use super::auth::authorize_operator;
use crate::error::ApiError;
use crate::state::AppState;

/// The copy, streamed from a file that is already unlinked: nothing of it stays on disk.
pub async fn store_copy(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    authorize_operator(&state, &headers)?;
    let path =
        std::env::temp_dir().join(format!("polyphony-copy-{}-{:016x}.redb", std::process::id(), rand::random::<u64>()));
    let copy = state.store.copy_to(path.clone()).await;
    let opened = match copy {
        Ok(copy) => {
            let file = tokio::fs::File::open(&path).await.map_err(crate::store::StoreError::from);
            tracing::info!(
                boards = copy.boards,
                updates = copy.updates,
                bytes = copy.bytes,
                "store copied for a backup"
            );
            file
        }
        Err(err) => Err(err),
    };
    if let Err(err) = tokio::fs::remove_file(&path).await {
        tracing::debug!(%err, "the copy's file was not there to remove");
    }
    let file = opened?;
    let headers = [
        (header::CONTENT_TYPE, "application/octet-stream"),
        (header::CONTENT_DISPOSITION, "attachment; filename=\"polyphony-store.redb\""),
        (header::CACHE_CONTROL, "no-store"),
    ];
    Ok((headers, Body::from_stream(tokio_util::io::ReaderStream::new(file))).into_response())
}
