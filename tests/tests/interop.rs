//! A standard Yjs client (y-websocket's `WebsocketProvider`, from npm) syncs with Polyphony.
//!
//! Needs `node` and `tests/interop/node_modules` (the README's test command installs both).

use std::process::Stdio;

use anyhow::Context;
use polyphony_tests::{TestClient, TestServer, WAIT, http};

/// Edits, presence and the initial sync cross between a Yjs peer and a yrs peer both ways.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn yjs_websocket_provider_syncs_both_ways() -> anyhow::Result<()> {
    let interop = polyphony_tests::tests_dir().join("interop");
    anyhow::ensure!(
        interop.join("node_modules/y-websocket").exists(),
        "run `npm ci` in {} first (the README's test command does)",
        interop.display()
    );
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Interop").await?;
    let rust = TestClient::connect(&server.ws_url(&board)).await?;
    rust.set_presence(r#"{"user":{"name":"Rust peer"}}"#);
    rust.edit(|board, txn| board.insert_problem_text(txn, 0, "from rust;"));

    let node = tokio::process::Command::new("node")
        .arg(interop.join("yjs_peer.mjs"))
        .arg(format!("ws://{}/ws/{}", server.addr, board.id))
        .arg("content")
        .arg("second from rust")
        .arg(&board.token)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()
        .context("cannot run node")?;

    rust.wait_until(|board| board.card_texts().get("yjs-card").map(String::as_str) == Some("hello from yjs")).await?;
    assert!(rust.board.problem_statement().contains("from yjs;"));
    rust.wait_for(|_, _| !rust.present_others().is_empty()).await.context("Yjs presence never arrived")?;
    rust.edit(|board, txn| board.insert_problem_text(txn, 0, "second from rust;"));

    let output = tokio::time::timeout(WAIT, node.wait_with_output()).await.context("node did not finish")??;
    let line = String::from_utf8(output.stdout)?;
    let report: serde_json::Value = serde_json::from_str(line.trim()).with_context(|| format!("node said {line:?}"))?;
    assert_eq!(report["event"], "done", "{report}");
    assert_eq!(report["sawOnSync"], "from rust;", "the initial sync carried the existing text");
    assert!(report["awarenessPeers"].as_u64() >= Some(1), "the Yjs peer saw the Rust peer's presence: {report}");
    let final_text = report["problem"].as_str().unwrap_or_default();
    rust.wait_until(|board| board.problem_statement() == final_text).await?;
    Ok(())
}
