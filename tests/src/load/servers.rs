//! The servers a load run can target: Polyphony and Hocuspocus (each alone, or two
//! instances sharing documents through Redis), and the y-websocket reference server from npm.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::Context;
use polyphony_shared::agenda::ActivityKind;
use polyphony_shared::{Command, DocName, Phase};
use tokio::process::Child;

use super::framing::HOCUSPOCUS_PARAMETER;

/// Activities on the agenda of a board run as a workshop ([`RunningServer::live_activity_urls`]).
pub const AGENDA_ACTIVITIES: usize = 30;
use crate::redis_server::RedisServer;
use crate::server::{pinned, spawn_until_first_line};
use crate::shared_redis::SharedRedis;
use crate::{ServerProcess, http};

/// Flags that keep Polyphony's per-connection rate limit out of the way of the load (the
/// burst scenario sends tens of thousands of updates from one client, 66,000 characters
/// into one text), and unload empty boards after a second (the cold-load scenario waits
/// for that).
const LOAD_FLAGS: [&str; 10] = [
    "--max-connections-per-address",
    "0",
    "--rate-limit-per-sec",
    "100000",
    "--rate-limit-burst",
    "100000",
    "--idle-unload-secs",
    "1",
    "--max-text-chars",
    "100000",
];

/// Which server implementation to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerKind {
    /// This project's `polyphony` binary (release build).
    Polyphony,
    /// Two `polyphony` instances in Redis mode on one redis-server; clients alternate
    /// between them, so most deliveries cross instances.
    PolyphonyRedis,
    /// Four Polyphony instances sharing boards through one redis-server.
    PolyphonyRedisFour,
    /// `@y/websocket-server` 0.1.1 on node (from `tools/peers`).
    YWebsocket,
    /// `@hocuspocus/server` 4.7.0 on node (from `tools/peers`), no extensions.
    Hocuspocus,
    /// Two Hocuspocus instances with `@hocuspocus/extension-redis` 4.7.0 on one
    /// redis-server; clients alternate between them, as for [`ServerKind::PolyphonyRedis`].
    HocuspocusRedis,
}

impl ServerKind {
    /// Whether this is Polyphony (alone or scaled out), as opposed to a reference server.
    pub fn is_polyphony(self) -> bool {
        matches!(self, ServerKind::Polyphony | ServerKind::PolyphonyRedis | ServerKind::PolyphonyRedisFour)
    }

    /// The name used in tables.
    pub fn name(self) -> &'static str {
        match self {
            ServerKind::Polyphony => "polyphony",
            ServerKind::PolyphonyRedis => "polyphony×2+redis",
            ServerKind::PolyphonyRedisFour => "polyphony×4+redis",
            ServerKind::YWebsocket => "y-websocket",
            ServerKind::Hocuspocus => "hocuspocus",
            ServerKind::HocuspocusRedis => "hocuspocus×2+redis",
        }
    }

    /// Whether this kind runs several instances sharing documents through Redis.
    pub fn is_scaled_out(self) -> bool {
        matches!(self, ServerKind::PolyphonyRedis | ServerKind::PolyphonyRedisFour | ServerKind::HocuspocusRedis)
    }

    /// Whether this kind speaks Hocuspocus's framing (the plain test client cannot drive it).
    pub fn is_hocuspocus(self) -> bool {
        matches!(self, ServerKind::Hocuspocus | ServerKind::HocuspocusRedis)
    }
}

/// A running server under test.
pub enum RunningServer {
    /// Polyphony, with its own data directory.
    Polyphony(ServerProcess, tempfile::TempDir),
    /// Polyphony instances sharing boards through Redis.
    PolyphonyRedis { redis: RedisServer, instances: Vec<ServerProcess>, data_dir: tempfile::TempDir },
    /// Node server instances, whether they frame messages like Hocuspocus, and the Redis
    /// they share documents through, if any.
    Node { instances: Vec<(Child, SocketAddr)>, hocuspocus: bool, redis: Option<RedisServer> },
}

impl RunningServer {
    /// Starts a fresh server of `kind`, pinned to `cpu` when `taskset` exists.
    pub async fn start(kind: ServerKind, cpu: usize) -> anyhow::Result<Self> {
        match kind {
            ServerKind::Polyphony => {
                let data_dir = tempfile::tempdir()?;
                let server = ServerProcess::spawn_pinned(data_dir.path(), &LOAD_FLAGS, cpu).await?;
                Ok(RunningServer::Polyphony(server, data_dir))
            }
            ServerKind::PolyphonyRedis | ServerKind::PolyphonyRedisFour => {
                let count = if kind == ServerKind::PolyphonyRedis { 2 } else { 4 };
                let redis = RedisServer::start_pinned(cpu).await?;
                let data_dir = tempfile::tempdir()?;
                let url = redis.url();
                let mut flags = vec!["--redis-url", &url];
                flags.extend(LOAD_FLAGS);
                let mut instances = Vec::new();
                for _ in 0..count {
                    instances.push(ServerProcess::spawn_pinned(data_dir.path(), &flags, cpu).await?);
                }
                Ok(RunningServer::PolyphonyRedis { redis, instances, data_dir })
            }
            ServerKind::YWebsocket => {
                let script = peers_dir().join("node_modules/@y/websocket-server/src/server.js");
                let instance = start_node(kind, &script, cpu, None).await?;
                Ok(RunningServer::Node { instances: vec![instance], hocuspocus: false, redis: None })
            }
            ServerKind::Hocuspocus => {
                let instance = start_node(kind, &hocuspocus_script()?, cpu, None).await?;
                Ok(RunningServer::Node { instances: vec![instance], hocuspocus: true, redis: None })
            }
            ServerKind::HocuspocusRedis => {
                let script = hocuspocus_script()?;
                let redis = RedisServer::start_pinned(cpu).await?;
                let mut instances = Vec::new();
                for _ in 0..2 {
                    instances.push(start_node(kind, &script, cpu, Some(&redis.url())).await?);
                }
                Ok(RunningServer::Node { instances, hocuspocus: true, redis: Some(redis) })
            }
        }
    }

    /// The HTTP address of a single Polyphony server (for `/healthz`), if this is one.
    pub fn http_addr(&self) -> Option<SocketAddr> {
        match self {
            RunningServer::Polyphony(server, _) => Some(server.addr),
            _ => None,
        }
    }

    /// The HTTP addresses of every Polyphony instance serving (none for other servers).
    pub fn polyphony_addrs(&self) -> Vec<SocketAddr> {
        match self {
            RunningServer::Polyphony(server, _) => vec![server.addr],
            RunningServer::PolyphonyRedis { instances, .. } => instances.iter().map(|instance| instance.addr).collect(),
            RunningServer::Node { .. } => Vec::new(),
        }
    }

    /// The process ids of everything serving (instances and Redis), for CPU and memory figures.
    pub fn pids(&self) -> Vec<u32> {
        match self {
            RunningServer::Polyphony(server, _) => server.pid().into_iter().collect(),
            RunningServer::PolyphonyRedis { redis, instances, .. } => {
                instances.iter().filter_map(ServerProcess::pid).chain(redis.pid()).collect()
            }
            RunningServer::Node { instances, redis, .. } => instances
                .iter()
                .filter_map(|(child, _)| child.id())
                .chain(redis.as_ref().and_then(RedisServer::pid))
                .collect(),
        }
    }

    /// For each of `count` fresh documents named after `name`, its websocket URL on every
    /// instance serving it.
    pub async fn document_urls(&self, name: &str, count: usize) -> anyhow::Result<Vec<Vec<String>>> {
        let mut boards = Vec::with_capacity(count);
        for number in 0..count {
            let title = format!("{name} {number}");
            let urls = match self {
                RunningServer::Polyphony(server, _) => {
                    let board = http::create_board(server.addr, &title).await?;
                    vec![board.url(server.addr)]
                }
                RunningServer::PolyphonyRedis { instances, .. } => {
                    let first = instances.first().context("no instance")?;
                    let board = http::create_board(first.addr, &title).await?;
                    instances.iter().map(|instance| board.url(instance.addr)).collect()
                }
                RunningServer::Node { instances, hocuspocus, .. } => {
                    let document = format!("{}-{number}", name.replace(' ', "-"));
                    let path = if *hocuspocus { format!("{HOCUSPOCUS_PARAMETER}{document}") } else { document };
                    instances.iter().map(|(_, addr)| format!("ws://{addr}/{path}")).collect()
                }
            };
            boards.push(urls);
        }
        Ok(boards)
    }

    /// Like [`RunningServer::document_urls`], for Polyphony boards run as a workshop: each
    /// board has an agenda of [`AGENDA_ACTIVITIES`] activities (the co-definition template
    /// and more), one of them live, and the URLs are the live activity's document, which a
    /// phone opens. Other servers have no agenda: their plain documents.
    pub async fn live_activity_urls(&self, name: &str, count: usize) -> anyhow::Result<Vec<Vec<String>>> {
        let instances: Vec<SocketAddr> = self.polyphony_addrs();
        let Some(&first) = instances.first() else { return self.document_urls(name, count).await };
        let mut boards = Vec::with_capacity(count);
        for number in 0..count {
            let board = http::create_board_from(first, &format!("{name} {number}"), Some("co-definition")).await?;
            let governed = crate::TestClient::connect(&board.doc_url(first, DocName::Governed)).await?;
            let template = crate::agenda::of(&governed).len();
            for extra in template..AGENDA_ACTIVITIES {
                let add = crate::agenda::add(ActivityKind::IdeaBoard, Phase::Implementation, &format!("Step {extra}"));
                anyhow::ensure!(
                    http::command(first, board.id, &board.token, &add).await?.status == 204,
                    "adding failed"
                );
            }
            governed.wait_until(|_| crate::agenda::of(&governed).len() == AGENDA_ACTIVITIES).await?;
            let live = crate::agenda::of(&governed)
                .into_iter()
                .find(|activity| activity.kind == ActivityKind::IdeaBoard)
                .context("no idea board on the agenda")?
                .id;
            let start = Command::StartActivity { activity: live };
            anyhow::ensure!(http::command(first, board.id, &board.token, &start).await?.status == 204, "start failed");
            boards.push(instances.iter().map(|addr| board.doc_url(*addr, DocName::Activity(live))).collect());
        }
        Ok(boards)
    }

    /// Stops the server.
    pub async fn stop(self) -> anyhow::Result<()> {
        match self {
            RunningServer::Polyphony(server, _) => server.terminate().await.map(|_| ()),
            RunningServer::PolyphonyRedis { instances, .. } => {
                for instance in instances {
                    instance.terminate().await?;
                }
                Ok(())
            }
            RunningServer::Node { instances, .. } => {
                for (mut child, _) in instances {
                    child.start_kill()?;
                    child.wait().await?;
                }
                Ok(())
            }
        }
    }
}

fn peers_dir() -> PathBuf {
    crate::tests_dir().join("../tools/peers")
}

/// The Hocuspocus launcher, once its packages are installed.
fn hocuspocus_script() -> anyhow::Result<PathBuf> {
    let installed = peers_dir().join("node_modules/@hocuspocus/extension-redis").exists();
    anyhow::ensure!(installed, "run `npm ci` in {} first", peers_dir().display());
    Ok(peers_dir().join("hocuspocus.mjs"))
}

/// Starts one node server instance on a free loopback port, pinned to `cpu`, sharing
/// documents through `redis_url` if given.
async fn start_node(
    kind: ServerKind,
    script: &Path,
    cpu: usize,
    redis_url: Option<&str>,
) -> anyhow::Result<(Child, SocketAddr)> {
    anyhow::ensure!(script.exists(), "run `npm ci` in {} first", peers_dir().display());
    let port = crate::free_port()?;
    let mut command = pinned(cpu, Path::new("node"));
    command.arg(script).env("HOST", "127.0.0.1").env("PORT", port.to_string());
    if let Some(url) = redis_url {
        command.env("REDIS_URL", url);
    }
    let (child, _) = spawn_until_first_line(command).await.with_context(|| format!("{} did not start", kind.name()))?;
    Ok((child, SocketAddr::from(([127, 0, 0, 1], port))))
}
