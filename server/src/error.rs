//! Errors of the HTTP API and how each maps to a status and a JSON body.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use polyphony_shared::ErrorBody;
use polyphony_shared::access::JoinError;
use polyphony_shared::api::InputError;
use polyphony_shared::governance::{Refusal, RefusalKind};
use polyphony_shared::ids::IdError;

use crate::access::join_guard::TooManyMisses;
use crate::room::{GovernError, RoomError};
use crate::store::StoreError;

/// Everything an HTTP handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The path names no board.
    #[error("board not found")]
    BoardNotFound,
    /// No API endpoint has this path.
    #[error("no such endpoint")]
    NoSuchEndpoint,
    /// The request's host name is too long to fit a QR code.
    #[error("the host name is too long for a QR code")]
    BadHost,
    /// The board document exists but is not shared with clients (ballots).
    #[error("this board document is not shared with clients")]
    NotShared,
    /// The path holds a malformed id or unknown document name.
    #[error(transparent)]
    BadId(#[from] IdError),
    /// The request body is well-formed JSON but its values are refused.
    #[error(transparent)]
    BadInput(#[from] InputError),
    /// A backup that cannot be restored; nothing was created.
    #[error(transparent)]
    BadBackup(polyphony_shared::backup::BackupError),
    /// The request body is not the JSON the endpoint expects.
    #[error(transparent)]
    BadJson(#[from] JsonRejection),
    /// A request to a websocket endpoint that is not a websocket upgrade.
    #[error(transparent)]
    NotWebSocket(#[from] WebSocketUpgradeRejection),
    /// The join request is refused (name missing or too long, …).
    #[error(transparent)]
    BadJoin(#[from] JoinError),
    /// No token, or one that is forged, tampered with, expired or for another board.
    #[error("a valid token for this board is needed: join the board again")]
    Unauthorized,
    /// The facilitator key given does not belong to this board.
    #[error("this facilitator link is not valid for this board")]
    WrongFacilitatorKey,
    /// A rule turned the request down before it reached the board (role, values).
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// Too many wrong join codes from this address.
    #[error("too many wrong codes; try again in {} seconds", .0.retry_after.as_secs().max(1))]
    TooManyMisses(TooManyMisses),
    /// Too many joins of this board, from this address or in all.
    #[error("too many people joined this board just now; try again in {} minutes", .0.retry_after.as_secs().div_ceil(60).max(1))]
    TooManyJoins(TooManyMisses),
    /// The board's room could not be started, the server is shutting down, or the
    /// participant was removed.
    #[error(transparent)]
    Unavailable(#[from] RoomError),
    /// A change to governed state was refused or could not be made.
    #[error(transparent)]
    Govern(#[from] GovernError),
    /// Storage failed; details go to the log, not to the client.
    #[error("storage failed")]
    Store(#[from] StoreError),
    /// A deletion did not finish; details go to the log.
    #[error("the board could not be deleted completely; try again")]
    Deletion(#[from] crate::deletion::DeletionError),
    /// An operator endpoint without the operator's token.
    #[error("the operator token is needed")]
    OperatorTokenNeeded,
    /// The admin API while no operator token is configured.
    #[error("the admin API is off: start the server with an operator token (POLYPHONY_OPERATOR_TOKEN)")]
    AdminOff,
}

impl ApiError {
    /// The kind of refusal, as metrics count it.
    pub fn kind(&self) -> &'static str {
        match self.status() {
            StatusCode::FORBIDDEN | StatusCode::UNAUTHORIZED => "forbidden",
            StatusCode::BAD_REQUEST => "invalid",
            StatusCode::NOT_FOUND => "not_found",
            StatusCode::CONFLICT => "conflict",
            _ => "other",
        }
    }

    /// The HTTP status it is answered with.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BoardNotFound | ApiError::NoSuchEndpoint => StatusCode::NOT_FOUND,
            ApiError::NotShared => StatusCode::FORBIDDEN,
            ApiError::BadId(_) | ApiError::BadInput(_) | ApiError::BadJoin(_) | ApiError::BadHost => {
                StatusCode::BAD_REQUEST
            }
            ApiError::BadBackup(polyphony_shared::backup::BackupError::TooLarge) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::BadBackup(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::WrongFacilitatorKey => StatusCode::FORBIDDEN,
            ApiError::Refused(refusal)
            | ApiError::Govern(GovernError::Rule(refusal))
            | ApiError::Unavailable(RoomError::Refused(refusal)) => status_of(refusal.kind()),
            ApiError::Unavailable(RoomError::NotAllowed) => StatusCode::FORBIDDEN,
            ApiError::TooManyMisses(_) | ApiError::TooManyJoins(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Govern(GovernError::Refused(_)) => StatusCode::CONFLICT,
            ApiError::Govern(GovernError::NotFound(_)) => StatusCode::NOT_FOUND,
            ApiError::Govern(GovernError::Unavailable) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::BadJson(rejection) => rejection.status(),
            ApiError::NotWebSocket(rejection) => rejection.status(),
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Store(err) if err.is_transient() => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Store(StoreError::NotCopyable) => StatusCode::CONFLICT,
            ApiError::Store(_) => StatusCode::INTERNAL_SERVER_ERROR,
            ApiError::Deletion(crate::deletion::DeletionError::Store(err)) if err.is_transient() => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            ApiError::Deletion(_) => StatusCode::INTERNAL_SERVER_ERROR,
            ApiError::OperatorTokenNeeded => StatusCode::UNAUTHORIZED,
            ApiError::AdminOff => StatusCode::FORBIDDEN,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let error = match &self {
            ApiError::Store(err) if err.is_transient() => {
                tracing::warn!(?err, "request failed: store out of reach");
                "board storage is out of reach; try again in a moment".to_owned()
            }
            ApiError::Store(err @ StoreError::NotCopyable) => err.to_string(),
            ApiError::Store(err) => {
                tracing::error!(?err, "request failed");
                "internal error".to_owned()
            }
            ApiError::BadJson(rejection) => rejection.body_text(),
            ApiError::NotWebSocket(rejection) => rejection.body_text(),
            other => other.to_string(),
        };
        let mut response = (status, Json(ErrorBody { error })).into_response();
        if let ApiError::TooManyMisses(wait) | ApiError::TooManyJoins(wait) = &self
            && let Ok(seconds) = axum::http::HeaderValue::from_str(&wait.retry_after.as_secs().max(1).to_string())
        {
            response.headers_mut().insert(axum::http::header::RETRY_AFTER, seconds);
        }
        response
    }
}

/// The status a kind of refusal is answered with.
fn status_of(kind: RefusalKind) -> StatusCode {
    match kind {
        RefusalKind::Forbidden => StatusCode::FORBIDDEN,
        RefusalKind::Invalid => StatusCode::BAD_REQUEST,
        RefusalKind::NotFound => StatusCode::NOT_FOUND,
        RefusalKind::Conflict => StatusCode::CONFLICT,
    }
}
