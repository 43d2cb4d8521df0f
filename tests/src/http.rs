//! A minimal HTTP/1.1 JSON client over hyper, enough to drive the API in tests.

use std::net::SocketAddr;

use anyhow::Context;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::Request;
use hyper_util::rt::TokioIo;
use polyphony_shared::{
    BoardId, BoardInfo, Command, CreateBoardRequest, CreatedBoard, DocName, JoinAnswer, JoinRequest, Perspective,
};
use tokio::net::TcpStream;

/// A response: status code and parsed JSON body (`Null` when the body is not JSON).
#[derive(Debug)]
pub struct JsonResponse {
    /// The HTTP status code.
    pub status: u16,
    /// The body as JSON.
    pub body: serde_json::Value,
}

/// A response with its raw body.
#[derive(Debug)]
pub struct RawResponse {
    /// The HTTP status code.
    pub status: u16,
    /// The response headers.
    pub headers: hyper::HeaderMap,
    /// The body bytes as sent (not decompressed).
    pub body: Bytes,
}

/// Sends one request with extra headers on a fresh connection and reads the whole response.
pub async fn raw_request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<String>,
) -> anyhow::Result<RawResponse> {
    let stream = TcpStream::connect(addr).await.context("connect")?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(connection);
    let mut builder = Request::builder().method(method).uri(path).header("host", addr.to_string());
    if body.is_some() {
        builder = builder.header("content-type", "application/json");
    }
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    let request = builder.body(Full::new(Bytes::from(body.unwrap_or_default())))?;
    let response = sender.send_request(request).await?;
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await?.to_bytes();
    Ok(RawResponse { status, headers, body })
}

/// Sends one JSON request on a fresh connection and parses the response.
pub async fn request(addr: SocketAddr, method: &str, path: &str, body: Option<String>) -> anyhow::Result<JsonResponse> {
    let response = raw_request(addr, method, path, &[], body).await?;
    let body = serde_json::from_slice(&response.body).unwrap_or(serde_json::Value::Null);
    Ok(JsonResponse { status: response.status, body })
}

/// A board created by a test, with its facilitator key and a facilitator's token.
#[derive(Debug, Clone)]
pub struct TestBoard {
    /// The board's metadata.
    pub info: BoardInfo,
    /// The secret from the creation answer.
    pub facilitator_key: String,
    /// The token of a facilitator who joined right after creating it.
    pub token: String,
}

impl std::ops::Deref for TestBoard {
    type Target = BoardInfo;
    fn deref(&self) -> &BoardInfo {
        &self.info
    }
}

impl TestBoard {
    /// The websocket URL of one of the board's documents with the facilitator's token.
    pub fn doc_url(&self, addr: SocketAddr, doc: DocName) -> String {
        ws_url(addr, self.id, doc, &self.token)
    }

    /// The websocket URL of the content document with the facilitator's token.
    pub fn url(&self, addr: SocketAddr) -> String {
        self.doc_url(addr, DocName::Content)
    }
}

/// The websocket URL of a board document for the holder of `token`.
/// The HTTP status a websocket upgrade is answered with, or 101 if it was accepted.
pub async fn upgrade_status(url: &str) -> anyhow::Result<u16> {
    match tokio_tungstenite::connect_async(url).await {
        Ok(_) => Ok(101),
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => Ok(response.status().as_u16()),
        Err(err) => Err(err.into()),
    }
}

pub fn ws_url(addr: SocketAddr, board: BoardId, doc: DocName, token: &str) -> String {
    format!("ws://{addr}{}?token={token}", polyphony_shared::api::ws_path(board, doc))
}

/// Creates a board and joins it as its facilitator.
pub async fn create_board(addr: SocketAddr, title: &str) -> anyhow::Result<TestBoard> {
    create_board_from(addr, title, None).await
}

/// Creates a board from a built-in agenda template (none for a blank one) and joins it as
/// its facilitator.
pub async fn create_board_from(addr: SocketAddr, title: &str, template: Option<&str>) -> anyhow::Result<TestBoard> {
    create_board_asking(
        addr,
        &CreateBoardRequest { title: title.to_owned(), template: template.map(str::to_owned), agenda: None },
    )
    .await
}

/// Creates a board as `asked` and joins it as its facilitator.
pub async fn create_board_asking(addr: SocketAddr, asked: &CreateBoardRequest) -> anyhow::Result<TestBoard> {
    let body = serde_json::to_string(asked)?;
    let response = request(addr, "POST", "/api/boards", Some(body)).await?;
    anyhow::ensure!(response.status == 201, "create board answered {response:?}");
    let created: CreatedBoard = serde_json::from_value(response.body)?;
    let facilitator = JoinRequest {
        name: "Facilitator".into(),
        perspective: Perspective::Other,
        observer: false,
        facilitator_key: Some(created.facilitator_key.clone()),
    };
    let joined = join(addr, created.board.id, &facilitator).await?;
    Ok(TestBoard { info: created.board, facilitator_key: created.facilitator_key, token: joined.token })
}

/// Joins a board; fails unless the server answers 200.
pub async fn join(addr: SocketAddr, board: BoardId, request: &JoinRequest) -> anyhow::Result<JoinAnswer> {
    let response = try_join(addr, board, request).await?;
    anyhow::ensure!(response.status == 200, "join answered {response:?}");
    Ok(serde_json::from_value(response.body)?)
}

/// Sends a join request and returns the answer, whatever it is.
pub async fn try_join(addr: SocketAddr, board: BoardId, join: &JoinRequest) -> anyhow::Result<JsonResponse> {
    request(addr, "POST", &format!("/api/boards/{board}/join"), Some(serde_json::to_string(join)?)).await
}

/// Joins as a participant with the given name and perspective.
pub async fn join_as_participant(
    addr: SocketAddr,
    board: BoardId,
    name: &str,
    perspective: Perspective,
) -> anyhow::Result<JoinAnswer> {
    join(addr, board, &JoinRequest { name: name.into(), perspective, observer: false, facilitator_key: None }).await
}

/// Joins as an observer.
pub async fn join_as_observer(addr: SocketAddr, board: BoardId, name: &str) -> anyhow::Result<JoinAnswer> {
    let request =
        JoinRequest { name: name.into(), perspective: Perspective::Other, observer: true, facilitator_key: None };
    join(addr, board, &request).await
}

/// Sends a command to a board as the holder of `token`.
pub async fn command(addr: SocketAddr, board: BoardId, token: &str, command: &Command) -> anyhow::Result<JsonResponse> {
    let body = serde_json::to_string(command)?;
    request_with_token(addr, "POST", &format!("/api/boards/{board}/commands"), token, Some(body)).await
}

/// Sends one JSON request with `Authorization: Bearer <token>`.
pub async fn request_with_token(
    addr: SocketAddr,
    method: &str,
    path: &str,
    token: &str,
    body: Option<String>,
) -> anyhow::Result<JsonResponse> {
    let authorization = format!("Bearer {token}");
    let response = raw_request(addr, method, path, &[("authorization", authorization.as_str())], body).await?;
    let body = serde_json::from_slice(&response.body).unwrap_or(serde_json::Value::Null);
    Ok(JsonResponse { status: response.status, body })
}

/// How many documents the server holds in memory now (`/healthz`).
pub async fn loaded_documents(addr: SocketAddr) -> anyhow::Result<u64> {
    let health = request(addr, "GET", "/healthz", None).await?;
    health.body["loaded_documents"].as_u64().context("no loaded_documents in /healthz")
}

/// Waits until the server holds no more than `others` documents in memory (its idle boards
/// have unloaded), failing after `limit`.
pub async fn wait_until_unloaded(addr: SocketAddr, others: u64, limit: std::time::Duration) -> anyhow::Result<()> {
    let deadline = std::time::Instant::now() + limit;
    loop {
        let loaded = loaded_documents(addr).await?;
        if loaded <= others {
            return Ok(());
        }
        anyhow::ensure!(std::time::Instant::now() < deadline, "the board never unloaded: {loaded} documents loaded");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}
