//! The server hands out the built web client: gzip copies when the browser accepts them,
//! and the app shell for client-side routes such as `/b/{board_id}`.

use std::process::Command;

use polyphony_tests::{TestServer, http};

/// Writes a file and its gzip copy, as the client build does.
fn write_with_gzip(dir: &std::path::Path, name: &str, content: &str) -> anyhow::Result<()> {
    std::fs::write(dir.join(name), content)?;
    let status = Command::new("gzip").args(["-9", "-k", "-f", name]).current_dir(dir).status()?;
    anyhow::ensure!(status.success(), "gzip failed");
    Ok(())
}

/// Precompressed assets are served with `content-encoding: gzip`; unknown paths get the shell.
#[tokio::test]
async fn client_files_are_served_precompressed_with_app_shell_fallback() -> anyhow::Result<()> {
    let static_dir = tempfile::tempdir()?;
    write_with_gzip(static_dir.path(), "index.html", "<!doctype html><title>shell</title>")?;
    write_with_gzip(static_dir.path(), "app.js", &"console.log('polyphony');\n".repeat(100))?;
    let dir = static_dir.path().to_path_buf();
    let server = TestServer::start_with(move |config| config.static_dir = dir).await?;

    let gzipped = http::raw_request(server.addr, "GET", "/app.js", &[("accept-encoding", "gzip")], None).await?;
    assert_eq!(gzipped.status, 200);
    assert_eq!(gzipped.headers.get("content-encoding").map(|value| value.as_bytes()), Some(&b"gzip"[..]));
    assert!(gzipped.body.len() < 200, "the gzip copy was sent ({} bytes)", gzipped.body.len());

    let plain = http::raw_request(server.addr, "GET", "/app.js", &[], None).await?;
    assert_eq!(plain.headers.get("content-encoding"), None);
    assert_eq!(plain.body.len(), 2600);

    let shell = http::raw_request(server.addr, "GET", "/b/0123456789abcdef0123456789abcdef", &[], None).await?;
    assert_eq!(shell.status, 200);
    assert!(String::from_utf8_lossy(&shell.body).contains("<title>shell</title>"));

    // A file that is not there is a 404, not the shell under a file's name.
    let icon = http::raw_request(server.addr, "GET", "/favicon.ico", &[], None).await?;
    assert_eq!(icon.status, 404);
    assert!(!String::from_utf8_lossy(&icon.body).contains("<title>"));
    Ok(())
}

/// Every response, page, file, API answer or error, says that no other site may frame the
/// board or run scripts in it, that types are not sniffed, and that no referrer leaves.
#[tokio::test]
async fn every_response_carries_the_security_headers() -> anyhow::Result<()> {
    let static_dir = tempfile::tempdir()?;
    write_with_gzip(static_dir.path(), "index.html", "<!doctype html><title>shell</title>")?;
    let dir = static_dir.path().to_path_buf();
    let server = TestServer::start_with(move |config| config.static_dir = dir).await?;
    for path in ["/", "/b/0123456789abcdef0123456789abcdef", "/missing.js", "/api/boards/nope", "/healthz"] {
        let answer = http::raw_request(server.addr, "GET", path, &[], None).await?;
        let header = |name: &str| answer.headers.get(name).and_then(|value| value.to_str().ok()).unwrap_or_default();
        let policy = header("content-security-policy");
        for rule in ["frame-ancestors 'none'", "script-src 'self' 'wasm-unsafe-eval'", "object-src 'none'"] {
            assert!(policy.contains(rule), "{path}: {rule} missing from {policy:?}");
        }
        assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header("referrer-policy"), "no-referrer", "{path}");
        assert_eq!(header("x-frame-options"), "DENY", "{path}");
    }
    Ok(())
}
