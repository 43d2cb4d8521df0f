//! `POST /api/boards/{board_id}/join`: taking part in a board.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, Path, State};
use polyphony_shared::access::{JoinError, same_name};
use polyphony_shared::{BoardId, JoinAnswer, JoinRequest, Participant, ParticipantId, Role};
use rand::Rng;

use crate::access::{Claims, now_ms};
use crate::error::ApiError;
use crate::room::{GovernError, governed_write};
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
    // A facilitator key is checked like a join code: wrong ones count against the address.
    if request.facilitator_key.is_some() {
        state.join_guard.reserve(peer.ip()).map_err(ApiError::TooManyMisses)?;
    }
    let role = match (&request.facilitator_key, request.observer) {
        (Some(key), _) if state.signer.is_facilitator_key(board_id, key) => {
            state.join_guard.hit(peer.ip());
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
    let record = participant.clone();
    let add = governed_write(move |governed, txn| {
        // Nobody else may pass for a facilitator by taking their name.
        let taken = record.role != Role::Facilitator
            && governed.participants(txn).values().any(|other| {
                !other.removed
                    && other.participant.role == Role::Facilitator
                    && same_name(&other.participant.name, &record.name)
            });
        if taken {
            return Err(GovernError::Refused(JoinError::FacilitatorsName.to_string()));
        }
        governed.add_participant(txn, &record);
        Ok(())
    });
    state.rooms.govern(board_id, add).await?;
    let expires_at_ms = now_ms().saturating_add(state.token_lifetime_ms);
    let claims = Claims { board: board_id, participant: id, role, expires_at_ms };
    tracing::info!(board = %board_id, participant = %id, role = role.as_str(), "joined");
    Ok(Json(JoinAnswer { board, participant, token: state.signer.issue(&claims) }))
}
