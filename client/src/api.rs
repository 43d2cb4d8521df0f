//! Calls to the server's JSON API, with errors a person can read.

use gloo_net::http::{Request, Response};
use polyphony_shared::{BoardId, BoardInfo, CreateBoardRequest, CreatedBoard, ErrorBody, JoinCode};

/// Why an API call failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// The server could not be reached.
    #[error("cannot reach the server; check your connection")]
    Network,
    /// The server refused the request and said why.
    #[error("{0}")]
    Refused(String),
    /// The server answered something this client does not understand.
    #[error("unexpected answer from the server")]
    Unexpected,
}

/// Creates a board with the given title.
pub async fn create_board(title: String) -> Result<CreatedBoard, ApiError> {
    let request = Request::post("/api/boards").json(&CreateBoardRequest { title }).map_err(|_| ApiError::Unexpected)?;
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    parse(response).await
}

/// Reads a board's metadata.
pub async fn board_info(id: BoardId) -> Result<BoardInfo, ApiError> {
    let response = Request::get(&format!("/api/boards/{id}")).send().await.map_err(|_| ApiError::Network)?;
    parse(response).await
}

/// Finds the board a join code belongs to.
pub async fn board_by_code(code: JoinCode) -> Result<BoardInfo, ApiError> {
    let response = Request::get(&BoardInfo::join_path(code)).send().await.map_err(|_| ApiError::Network)?;
    parse(response).await
}

async fn parse<T: serde::de::DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    if response.ok() {
        return response.json().await.map_err(|_| ApiError::Unexpected);
    }
    match response.json::<ErrorBody>().await {
        Ok(body) => Err(ApiError::Refused(body.error)),
        Err(_) => Err(ApiError::Unexpected),
    }
}
