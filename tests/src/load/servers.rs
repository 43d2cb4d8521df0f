//! The servers a load run can target: Polyphony, and the y-websocket reference server from npm.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::Context;
use polyphony_shared::DocName;
use tokio::process::Child;

use crate::server::{pinned, spawn_until_first_line};
use crate::{ServerProcess, http};

/// Which server implementation to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerKind {
    /// This project's `polyphony` binary (release build).
    Polyphony,
    /// `@y/websocket-server` 0.1.1 on node (from `tools/peers`).
    YWebsocket,
}

impl ServerKind {
    /// The name used in tables.
    pub fn name(self) -> &'static str {
        match self {
            ServerKind::Polyphony => "polyphony",
            ServerKind::YWebsocket => "y-websocket",
        }
    }
}

/// A running server under test.
pub enum RunningServer {
    /// Polyphony, with its own data directory.
    Polyphony(ServerProcess, tempfile::TempDir),
    /// A node server.
    Node { child: Child, addr: SocketAddr },
}

impl RunningServer {
    /// Starts a fresh server of `kind`, pinned to `cpu` when `taskset` exists.
    pub async fn start(kind: ServerKind, cpu: usize) -> anyhow::Result<Self> {
        match kind {
            ServerKind::Polyphony => {
                let data_dir = tempfile::tempdir()?;
                let flags = ["--rate-limit-per-sec", "1000", "--rate-limit-burst", "5000"];
                let server = ServerProcess::spawn_pinned(data_dir.path(), &flags, cpu).await?;
                Ok(RunningServer::Polyphony(server, data_dir))
            }
            ServerKind::YWebsocket => {
                let script = peers_dir().join("node_modules/@y/websocket-server/src/server.js");
                anyhow::ensure!(script.exists(), "run `npm ci` in {} first", peers_dir().display());
                let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
                let mut command = pinned(cpu, Path::new("node"));
                command.arg(script).env("HOST", "127.0.0.1").env("PORT", port.to_string());
                let (child, _) = spawn_until_first_line(command).await.context("y-websocket did not start")?;
                Ok(RunningServer::Node { child, addr: SocketAddr::from(([127, 0, 0, 1], port)) })
            }
        }
    }

    /// The server's process id, for CPU and memory figures.
    pub fn pid(&self) -> Option<u32> {
        match self {
            RunningServer::Polyphony(server, _) => server.pid(),
            RunningServer::Node { child, .. } => child.id(),
        }
    }

    /// Websocket URLs of `count` fresh documents named after `name`.
    pub async fn document_urls(&self, name: &str, count: usize) -> anyhow::Result<Vec<String>> {
        let mut urls = Vec::with_capacity(count);
        for number in 0..count {
            let url = match self {
                RunningServer::Polyphony(server, _) => {
                    let board = http::create_board(server.addr, &format!("{name} {number}")).await?;
                    format!("ws://{}{}", server.addr, board.ws_path(DocName::Content))
                }
                RunningServer::Node { addr, .. } => format!("ws://{addr}/{}-{number}", name.replace(' ', "-")),
            };
            urls.push(url);
        }
        Ok(urls)
    }

    /// Stops the server.
    pub async fn stop(self) -> anyhow::Result<()> {
        match self {
            RunningServer::Polyphony(server, _) => server.terminate().await.map(|_| ()),
            RunningServer::Node { mut child, .. } => {
                child.start_kill()?;
                child.wait().await?;
                Ok(())
            }
        }
    }
}

fn peers_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tools/peers")
}
