//! Reading and checking the token that comes with a request.

use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use polyphony_shared::BoardId;

use crate::access::Access;
use crate::error::ApiError;
use crate::room::RoomError;
use crate::state::AppState;

/// The token of an `Authorization: Bearer <token>` header.
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    headers.get(AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ").map(str::trim)
}

/// Checks that the request carries the operator's token; the admin API is off while no
/// operator token is configured.
pub fn authorize_operator(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(expected) = &state.operator_token else { return Err(ApiError::AdminOff) };
    let given = bearer_token(headers).unwrap_or_default();
    if same_secret(given.as_bytes(), expected.as_bytes()) { Ok(()) } else { Err(ApiError::OperatorTokenNeeded) }
}

/// Whether two secrets are equal, in time that does not depend on where they differ.
fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    let differences = given.iter().zip(expected).fold(0u8, |found, (a, b)| found | (a ^ b));
    given.len() == expected.len() && differences == 0
}

/// Checks a token's signature, board and expiry; returns who it says its holder is. Whether
/// they were removed since, and their role now, are the board's to say ([`authorize`]; a
/// room checks both when they join it).
pub fn verify_token(state: &AppState, board: BoardId, token: Option<&str>) -> Result<Access, ApiError> {
    let Some(token) = token else { return Err(ApiError::Unauthorized) };
    let claims = state.signer.verify(token, board, state.clock.now_ms()).map_err(|err| {
        tracing::debug!(%board, %err, "token refused");
        ApiError::Unauthorized
    })?;
    Ok(Access::from(claims))
}

/// Checks a token for `board` and that its holder was not removed; returns who they are,
/// with the role governed state gives them now.
pub async fn authorize(state: &AppState, board: BoardId, token: Option<&str>) -> Result<Access, ApiError> {
    let access = verify_token(state, board, token)?;
    let rules = state.rooms.rules(board).await?;
    match rules.exclusion(access) {
        Some(exclusion) => Err(RoomError::excluded(exclusion).into()),
        None => Ok(rules.current(access)),
    }
}

/// Like [`authorize`], for what only facilitators may see or do.
pub async fn authorize_facilitator(state: &AppState, board: BoardId, token: Option<&str>) -> Result<Access, ApiError> {
    let access = authorize(state, board, token).await?;
    if !access.role.facilitates() {
        return Err(ApiError::Refused(polyphony_shared::governance::Refusal::FacilitatorsOnly));
    }
    Ok(access)
}
