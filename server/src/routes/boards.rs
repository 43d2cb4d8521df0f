//! `POST /api/boards`, `GET /api/boards/{board_id}` and `GET /api/join/{code}`.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::StatusCode;
use bytes::Bytes;
use polyphony_shared::ballots::BallotsDoc;
use polyphony_shared::{
    BoardDoc, BoardId, BoardInfo, CreateBoardRequest, CreatedBoard, DocName, GovernedDoc, JoinCode,
};
use rand::Rng;

use crate::access::join_guard::Guess;
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
    let seeds = vec![
        (DocName::Content, Bytes::from(BoardDoc::seed_update())),
        (DocName::Governed, Bytes::from(GovernedDoc::seed_update())),
        (DocName::Ballots, Bytes::from(BallotsDoc::seed_update())),
        (DocName::Drafts, Bytes::from(polyphony_shared::drafts::DraftsDoc::seed_update())),
    ];
    for _ in 0..JOIN_CODE_ATTEMPTS {
        let join_code = JoinCode::random_from(&mut rand::rng().random::<[u8; 6]>().into_iter());
        let board = BoardInfo { id, title: title.clone(), join_code, created_at_ms: state.clock.now_ms() };
        match state.store.create_board(board.clone(), seeds.clone()).await {
            Ok(()) => {
                tracing::info!(board = %id, "board created");
                let created = CreatedBoard::new(board, state.signer.facilitator_key(id, 0));
                return Ok((StatusCode::CREATED, Json(created)));
            }
            Err(StoreError::JoinCodeTaken(_)) => continue,
            Err(err) => return Err(err.into()),
        }
    }
    Err(StoreError::JoinCodeTaken(JoinCode::random_from(&mut std::iter::empty())).into())
}

/// Finds the board a join code belongs to. Wrong codes count against the caller's address
/// ([`crate::access::JoinGuard`]); past the limit lookups go through its slow lane, where the
/// right code still gets through after a short wait.
pub async fn board_by_code(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    Path(code): Path<String>,
) -> Result<Json<BoardInfo>, ApiError> {
    let admitted = state.join_guard.admit(peer.ip(), Guess::JoinCode).await.map_err(ApiError::TooManyMisses)?;
    let found = match JoinCode::parse(&code) {
        Ok(code) => state.store.board_by_code(code).await?,
        // A malformed code is a miss too, but the person typing it learns what is wrong.
        Err(err) => return Err(err.into()),
    };
    match found {
        Some(board) => {
            state.join_guard.hit(&admitted);
            Ok(Json(board))
        }
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
