//! `POST /api/boards`, `GET /api/boards/{board_id}` and `GET /api/join/{code}`.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::StatusCode;
use bytes::Bytes;
use polyphony_shared::api::InputError;
use polyphony_shared::ballots::BallotsDoc;
use polyphony_shared::ids::ActivityId;
use polyphony_shared::templates::Template;
use polyphony_shared::{
    BoardDoc, BoardId, BoardInfo, CreateBoardRequest, CreatedBoard, DocName, GovernedDoc, JoinCode,
};
use rand::Rng;
use yrs::updates::decoder::Decode;
use yrs::{ReadTxn, Transact};

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
    let template = match request.validated_agenda()? {
        Some(saved) => Some(saved.clone()),
        None => request.validated_template()?.map(built_in).transpose()?,
    };
    let seeds = vec![
        (DocName::Content, Bytes::from(BoardDoc::seed_update())),
        (DocName::Governed, Bytes::from(governed_seed(template.as_ref())?)),
        (DocName::Ballots, Bytes::from(BallotsDoc::seed_update())),
        (DocName::Drafts, Bytes::from(polyphony_shared::drafts::DraftsDoc::seed_update())),
    ];
    let created = create_with(&state, &title, seeds, 0).await?;
    tracing::info!(board = %created.board.id, "board created");
    Ok((StatusCode::CREATED, Json(created)))
}

/// Creates a board titled `title` with an unguessable id, a fresh join code and its
/// documents' `seeds`; its facilitator key is of `key_generation`.
pub(super) async fn create_with(
    state: &AppState,
    title: &str,
    seeds: Vec<(DocName, Bytes)>,
    key_generation: u32,
) -> Result<CreatedBoard, ApiError> {
    let id = BoardId::random_from(&mut rand::rng().random::<[u8; 16]>().into_iter());
    for _ in 0..JOIN_CODE_ATTEMPTS {
        let join_code = JoinCode::random_from(&mut rand::rng().random::<[u8; 6]>().into_iter());
        let board = BoardInfo { id, title: title.to_owned(), join_code, created_at_ms: state.clock.now_ms() };
        match state.store.create_board(board.clone(), seeds.clone()).await {
            Ok(()) => return Ok(CreatedBoard::new(board, state.signer.facilitator_key(id, key_generation))),
            Err(StoreError::JoinCodeTaken(_)) => continue,
            Err(err) => return Err(err.into()),
        }
    }
    Err(StoreError::JoinCodeTaken(JoinCode::random_from(&mut std::iter::empty())).into())
}

/// A built-in template read from its JSON.
fn built_in(json: &str) -> Result<Template, ApiError> {
    serde_json::from_str(json).map_err(|err| {
        tracing::error!(%err, "a built-in template does not read");
        ApiError::BadInput(InputError::UnknownTemplate)
    })
}

/// The governed document a new board starts with: the schema, and the agenda of the
/// template it was created from.
fn governed_seed(template: Option<&Template>) -> Result<Vec<u8>, ApiError> {
    let seed = GovernedDoc::seed_update();
    let Some(template) = template else { return Ok(seed) };
    let governed = GovernedDoc::new();
    let mut txn = governed.doc().transact_mut();
    let seed = yrs::Update::decode_v1(&seed).map_err(|_| ApiError::BadInput(InputError::UnknownTemplate))?;
    txn.apply_update(seed).map_err(|_| ApiError::BadInput(InputError::UnknownTemplate))?;
    let fresh = || ActivityId::random_from(&mut rand::rng().random::<[u8; 8]>().into_iter());
    for activity in template.agenda(fresh) {
        governed.set_activity(&mut txn, &activity);
        if let Some(poll) = polyphony_shared::polls::starting(activity.kind) {
            governed.set_poll(&mut txn, activity.id, &poll);
        }
    }
    Ok(txn.encode_state_as_update_v1(&yrs::StateVector::default()))
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
