//! A minimal HTTP/1.1 JSON client over hyper, enough to drive the API in tests.

use std::net::SocketAddr;

use anyhow::Context;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::Request;
use hyper_util::rt::TokioIo;
use polyphony_shared::{BoardInfo, CreateBoardRequest, CreatedBoard};
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

/// Creates a board and returns its metadata.
pub async fn create_board(addr: SocketAddr, title: &str) -> anyhow::Result<BoardInfo> {
    let body = serde_json::to_string(&CreateBoardRequest { title: title.to_owned() })?;
    let response = request(addr, "POST", "/api/boards", Some(body)).await?;
    anyhow::ensure!(response.status == 201, "create board answered {response:?}");
    let created: CreatedBoard = serde_json::from_value(response.body)?;
    Ok(created.board)
}
