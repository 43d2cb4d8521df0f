//! The HTTP JSON API: creating and reading boards, errors as `{"error": ...}`, health.

use polyphony_tests::{TestServer, http};

/// Creating a board returns an unguessable id and the paths a client needs.
#[tokio::test]
async fn create_board_returns_id_and_paths() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let body = r#"{"title":"  How might we shorten waiting lists?  "}"#.to_owned();
    let response = http::request(server.addr, "POST", "/api/boards", Some(body)).await?;
    assert_eq!(response.status, 201);
    let id = response.body["board"]["id"].as_str().unwrap_or_default().to_owned();
    assert_eq!(id.len(), 32);
    assert!(id.bytes().all(|byte| byte.is_ascii_hexdigit()));
    assert_eq!(response.body["board"]["title"], "How might we shorten waiting lists?");
    assert_eq!(response.body["page_path"], format!("/b/{id}"));
    assert_eq!(response.body["content_ws_path"], format!("/ws/{id}/content"));

    let info = http::request(server.addr, "GET", &format!("/api/boards/{id}"), None).await?;
    assert_eq!(info.status, 200);
    assert_eq!(info.body, response.body["board"]);

    let other = http::create_board(server.addr, "Another").await?;
    assert_ne!(other.id.to_string(), id, "ids are random");
    Ok(())
}

/// Bad requests get a 4xx status and a JSON error that names the problem.
#[tokio::test]
async fn bad_requests_get_json_errors() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let cases = [
        ("POST", "/api/boards", Some(r#"{"title":"   "}"#), 400, "the title must not be empty"),
        ("POST", "/api/boards", Some(r#"{"name":"x"}"#), 422, "missing field `title`"),
        ("POST", "/api/boards", Some("not json"), 400, "as JSON"),
        ("GET", "/api/boards/not-an-id", None, 400, "32 lowercase hexadecimal"),
        ("GET", "/api/boards/0123456789abcdef0123456789abcdef", None, 404, "board not found"),
        ("GET", "/api/nothing-here", None, 404, "no such endpoint"),
        ("GET", "/ws/0123456789abcdef0123456789abcdef/content", None, 404, "board not found"),
    ];
    for (method, path, body, status, message) in cases {
        let response = http::request(server.addr, method, path, body.map(str::to_owned)).await?;
        assert_eq!(response.status, status, "{method} {path}: {:?}", response.body);
        let error = response.body["error"].as_str().unwrap_or_default();
        assert!(error.contains(message), "{method} {path}: {error:?} should mention {message:?}");
    }
    Ok(())
}

/// An unknown document name on a real board is refused before any upgrade.
#[tokio::test]
async fn unknown_document_name_is_refused() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Docs").await?;
    let response = http::request(server.addr, "GET", &format!("/ws/{}/secret", board.id), None).await?;
    assert_eq!(response.status, 400);
    assert!(response.body["error"].as_str().unwrap_or_default().contains("unknown board document"));
    Ok(())
}

/// `/healthz` reports status and loaded documents.
#[tokio::test]
async fn healthz_reports_ok() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let response = http::request(server.addr, "GET", "/healthz", None).await?;
    assert_eq!(response.status, 200);
    assert_eq!(response.body["status"], "ok");
    assert_eq!(response.body["loaded_documents"], 0);
    Ok(())
}

/// A board's short join code finds it, typed in any case; unknown and malformed codes do not.
#[tokio::test]
async fn join_code_finds_the_board() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Join by code").await?;
    let code = board.join_code.to_string();
    assert_eq!(code.len(), 6);
    let found = http::request(server.addr, "GET", &format!("/api/join/{}", code.to_lowercase()), None).await?;
    assert_eq!(found.status, 200);
    assert_eq!(found.body["id"], board.id.to_string());

    let other_code = if code == "AAAAAA" { "BBBBBB" } else { "AAAAAA" };
    let missing = http::request(server.addr, "GET", &format!("/api/join/{other_code}"), None).await?;
    assert_eq!(missing.status, 404);
    let malformed = http::request(server.addr, "GET", "/api/join/O0O0O0", None).await?;
    assert_eq!(malformed.status, 400);
    assert!(malformed.body["error"].as_str().unwrap_or_default().contains("join code"));
    Ok(())
}

/// The join QR code is an SVG image of the board's join link; an unknown board has none.
#[tokio::test]
async fn join_qr_code_is_an_svg() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "QR").await?;
    let qr = http::raw_request(server.addr, "GET", &format!("/api/boards/{}/qr.svg", board.id), &[], None).await?;
    assert_eq!(qr.status, 200);
    assert_eq!(qr.headers.get("content-type").map(|value| value.as_bytes()), Some(&b"image/svg+xml"[..]));
    let svg = String::from_utf8(qr.body.to_vec())?;
    assert!(svg.contains("<svg") && svg.contains("<path"), "{svg}");
    let large =
        http::raw_request(server.addr, "GET", &format!("/api/boards/{}/qr.svg?size=1000", board.id), &[], None).await?;
    assert_eq!(large.status, 200);
    let width = |svg: &str| -> Option<u32> { svg.split("width=\"").nth(1)?.split('"').next()?.parse().ok() };
    let large_svg = String::from_utf8(large.body.to_vec())?;
    assert!(width(&svg).is_some_and(|width| width >= 240), "{svg}");
    assert!(width(&large_svg).is_some_and(|width| width >= 1000), "the size makes the picture bigger");
    let unknown = polyphony_shared::BoardId::random_from(&mut std::iter::repeat(1));
    let missing = http::raw_request(server.addr, "GET", &format!("/api/boards/{unknown}/qr.svg"), &[], None).await?;
    assert_eq!(missing.status, 404);
    Ok(())
}
