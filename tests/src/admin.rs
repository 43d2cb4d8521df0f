//! The operator's admin API as tests use it: the token test servers start with, and the
//! listing of every board.

use polyphony_shared::BoardId;
use polyphony_shared::admin::{self, AdminBoard};

use crate::http;

/// The operator token test servers are given when a test needs the admin API.
pub const OPERATOR_TOKEN: &str = "operator-secret-for-tests";

/// The admin listing of every board.
pub async fn listing(addr: std::net::SocketAddr) -> anyhow::Result<Vec<AdminBoard>> {
    let answer = http::request_with_token(addr, "GET", admin::BOARDS_PATH, OPERATOR_TOKEN, None).await?;
    anyhow::ensure!(answer.status == 200, "listing answered {}: {}", answer.status, answer.body);
    Ok(serde_json::from_value(answer.body)?)
}

/// Whether the admin listing has the board.
pub async fn listed(addr: std::net::SocketAddr, board: BoardId) -> anyhow::Result<bool> {
    Ok(listing(addr).await?.iter().any(|listed| listed.id == board))
}
