//! A fresh Yjs replica (y-websocket from npm, run by node) that reads a board once: what a
//! standard Yjs client would see, to compare with what the web pages show.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::process::Stdio;

use anyhow::Context;
use serde::Deserialize;

use crate::http::TestBoard;

/// What the Yjs replica read.
#[derive(Debug, Deserialize)]
pub struct YjsView {
    /// The problem statement.
    pub problem: String,
    /// Each card's text by id.
    pub cards: BTreeMap<String, String>,
}

/// Syncs a new Yjs document with the board's content and returns what it holds.
pub async fn read_with_yjs(addr: SocketAddr, board: &TestBoard) -> anyhow::Result<YjsView> {
    let interop = crate::tests_dir().join("interop");
    anyhow::ensure!(
        interop.join("node_modules/y-websocket").exists(),
        "run `npm ci` in {} first (the README's test command does)",
        interop.display()
    );
    let node = tokio::process::Command::new("node")
        .arg(interop.join("read_board.mjs"))
        .arg(format!("ws://{addr}/ws/{}", board.id))
        .arg("content")
        .arg(&board.token)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()
        .context("cannot run node")?;
    let output = tokio::time::timeout(crate::WAIT, node.wait_with_output()).await.context("node did not finish")??;
    let line = String::from_utf8(output.stdout)?;
    serde_json::from_str(line.trim()).with_context(|| format!("the Yjs replica said {line:?}"))
}
