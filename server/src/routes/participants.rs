//! `POST /api/boards/{board_id}/join`: taking part in a board.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::HeaderMap;
use polyphony_shared::api::{Admission, AdmissionAnswer, JoinBursts};
use polyphony_shared::governance::Refusal;
use polyphony_shared::{BoardId, JoinAnswer, JoinRequest, Participant, ParticipantId, Role};
use rand::Rng;

use super::auth::{authorize_facilitator, bearer_token, verify_token};
use crate::access::Claims;
use crate::access::join_guard::Guess;
use crate::access::join_limit::JOIN_WINDOW;
use crate::error::ApiError;
use crate::state::AppState;

/// Joins a board: as a facilitator with the board's facilitator key, as an observer on
/// request, otherwise as a participant. Records the participant in governed state and
/// returns the signed token.
pub async fn join_board(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(board_id): Path<String>,
    request: Result<Json<JoinRequest>, JsonRejection>,
) -> Result<Json<JoinAnswer>, ApiError> {
    let board_id = BoardId::parse(&board_id)?;
    let Json(request) = request?;
    let name = request.validated_name()?;
    let Some(board) = state.store.board(board_id).await? else { return Err(ApiError::BoardNotFound) };
    // A facilitator key is checked like a join code: wrong ones count against the address
    // and the board.
    let admitted = match &request.facilitator_key {
        Some(_) => Some(
            state
                .join_guard
                .admit(peer.ip(), Guess::FacilitatorKey(board_id))
                .await
                .map_err(ApiError::TooManyMisses)?,
        ),
        None => None,
    };
    let generation = state.rooms.rules(board_id).await?.key_generation;
    let role = match (&request.facilitator_key, request.observer) {
        (Some(key), _) if state.signer.is_facilitator_key(board_id, generation, key) => {
            if let Some(admitted) = &admitted {
                state.join_guard.hit(admitted);
            }
            Role::Facilitator
        }
        (Some(_), _) => {
            tracing::warn!(board = %board_id, %peer, "join with a wrong facilitator key");
            return Err(ApiError::WrongFacilitatorKey);
        }
        (None, true) => Role::Observer,
        (None, false) => Role::Participant,
    };
    state.join_limiter.admit(board_id, peer.ip()).map_err(ApiError::TooManyJoins)?;
    let id = ParticipantId::random_from(&mut rand::rng().random::<[u8; 8]>().into_iter());
    let participant = Participant { id, name, perspective: request.perspective, role };
    let waiting = state.rooms.add_participant(board_id, participant.clone()).await?;
    let expires_at_ms = state.clock.now_ms().saturating_add(state.token_lifetime_ms);
    let claims = Claims { board: board_id, participant: id, role, expires_at_ms };
    tracing::info!(board = %board_id, participant = %id, role = role.as_str(), waiting, "joined");
    Ok(Json(JoinAnswer { board, participant, token: state.signer.issue(&claims), waiting }))
}

/// `GET /api/boards/{board_id}/admission`: whether the holder of the token, who joined
/// while the board's lobby was on, has been let in yet (or was turned away).
pub async fn admission(
    State(state): State<AppState>,
    Path(board_id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<AdmissionAnswer>, ApiError> {
    let board_id = BoardId::parse(&board_id)?;
    let access = verify_token(&state, board_id, bearer_token(&headers))?;
    let admission = match state.rooms.rules(board_id).await?.exclusion(access) {
        None => Admission::Admitted,
        Some(Refusal::Waiting) => Admission::Waiting,
        Some(_) => Admission::TurnedAway,
    };
    Ok(Json(AdmissionAnswer { admission }))
}

/// `GET /api/boards/{board_id}/join-bursts`: how many joined from each network that joined
/// in a burst, for facilitators (people joining in bursts may be one person many times).
pub async fn join_bursts(
    State(state): State<AppState>,
    Path(board_id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<JoinBursts>, ApiError> {
    let board_id = BoardId::parse(&board_id)?;
    authorize_facilitator(&state, board_id, bearer_token(&headers)).await?;
    let minutes = u32::try_from(JOIN_WINDOW.as_secs() / 60).unwrap_or(u32::MAX);
    Ok(Json(JoinBursts { from_one_network: state.join_limiter.bursts(board_id), minutes }))
}
