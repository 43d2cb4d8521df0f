//! `GET /ws/{board_id}/{doc}`: upgrade to a websocket speaking the y-websocket protocol.

use axum::extract::ws::WebSocketUpgrade;
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Path, Query, State};
use axum::response::Response;
use polyphony_shared::{BoardId, DocName};

use super::auth::verify_token;
use crate::connection;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::DocKey;

/// Read buffer per socket, allocated when it opens. Most frames are small edits; a large one
/// is read in several steps. tungstenite's default (128 KiB) would cost more than the board
/// itself per idle phone.
const READ_BUFFER_BYTES: usize = 2 * 1024;

/// The query string of a websocket request.
#[derive(serde::Deserialize)]
pub struct WsParams {
    /// The token from joining the board (browsers cannot set headers on websockets).
    token: Option<String>,
}

/// Checks the token and that the board exists, joins the document's room, then hands the
/// socket to the connection pump.
///
/// Joining before the upgrade means a missing token is a plain 401, an unknown board a 404,
/// a removed participant a 403 and an unavailable board a 503, which clients can tell apart
/// from a dropped connection.
pub async fn ws_upgrade(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((board_id, doc)): Path<(String, String)>,
    Query(params): Query<WsParams>,
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Result<Response, ApiError> {
    let key = DocKey { board: BoardId::parse(&board_id)?, doc: DocName::parse(&doc)? };
    if !key.doc.clients_read() {
        return Err(ApiError::NotShared);
    }
    // A loaded board exists; only a cold board costs a store lookup (a join storm on a
    // live board then never queues on the blocking pool).
    if !state.rooms.is_loaded(key.board) && state.store.board(key.board).await?.is_none() {
        return Err(ApiError::BoardNotFound);
    }
    // The room refuses a removed participant and gives the others their current role.
    let access = verify_token(&state, key.board, params.token.as_deref())?;
    let upgrade = upgrade?;
    let joined = state.rooms.join(key, access).await?;
    let limits = state.limits.clone();
    let meter = state.rooms.metrics().connection(crate::metrics::doc_kind(key.doc));
    let shutdown = state.shutdown.clone();
    let response = upgrade
        .read_buffer_size(READ_BUFFER_BYTES)
        .max_message_size(state.max_message_bytes)
        .max_frame_size(state.max_message_bytes)
        .on_upgrade(move |socket| {
            connection::serve(socket, joined, connection::Peer { key, addr: peer }, meter, limits, shutdown)
        });
    Ok(response)
}
