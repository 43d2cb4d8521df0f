//! [`RedisServer`]: a real `redis-server` for tests, on a free loopback port with its own
//! data directory and append-only persistence, that can be stopped and started again on the
//! same port and data, as an operator's restart would.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use anyhow::Context;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use crate::WAIT;
use crate::server::pinned;
use crate::shared_redis::SharedRedis;

/// The line redis-server prints once it accepts connections.
const READY: &str = "Ready to accept connections";

/// A running redis-server, killed when dropped.
pub struct RedisServer {
    port: u16,
    data_dir: tempfile::TempDir,
    child: Child,
}

impl RedisServer {
    /// Starts redis-server on a free port with append-only persistence (fsync every second,
    /// the durability contract the README states for Redis mode).
    pub async fn start() -> anyhow::Result<Self> {
        RedisServer::start_on(None).await
    }

    /// Like [`RedisServer::start`], pinned to one CPU with `taskset` (for benchmarks).
    pub async fn start_pinned(cpu: usize) -> anyhow::Result<Self> {
        RedisServer::start_on(Some(cpu)).await
    }

    /// Starts redis-server on a copy of the snapshot `dump` (a `dump.rdb`, left untouched),
    /// as an operator restores one; it keeps an append-only file from there.
    pub async fn start_from_snapshot(dump: &Path) -> anyhow::Result<Self> {
        let data_dir = tempfile::tempdir()?;
        std::fs::copy(dump, data_dir.path().join("dump.rdb")).with_context(|| format!("copying {}", dump.display()))?;
        let port = crate::free_port()?;
        // Started with append-only persistence, redis-server would ignore the snapshot; it
        // loads the snapshot, then turns it on (writing the file from what it loaded).
        let child = launch(port, data_dir.path().to_path_buf(), None, "no", &[]).await?;
        let on = Command::new("redis-cli")
            .args(["-p", &port.to_string(), "CONFIG", "SET", "appendonly", "yes"])
            .output()
            .await
            .context("redis-cli")?;
        anyhow::ensure!(String::from_utf8_lossy(&on.stdout).trim() == "OK", "appendonly not turned on: {on:?}");
        Ok(RedisServer { port, data_dir, child })
    }

    /// Starts a cluster-enabled redis-server, for [`crate::redis_cluster::RedisCluster`] to join
    /// with others.
    pub(crate) async fn start_cluster_node() -> anyhow::Result<Self> {
        let data_dir = tempfile::tempdir()?;
        let port = crate::free_port()?;
        // The cluster bus port would default to port + 10000, which may not exist.
        let bus_port = crate::free_port()?.to_string();
        let settings = ["--cluster-enabled", "yes", "--cluster-node-timeout", "2000", "--cluster-port", &bus_port];
        let child = launch(port, data_dir.path().to_path_buf(), None, "yes", &settings).await?;
        Ok(RedisServer { port, data_dir, child })
    }

    /// The node's loopback address, `127.0.0.1:<port>`.
    pub(crate) fn address(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    async fn start_on(cpu: Option<usize>) -> anyhow::Result<Self> {
        RedisServer::start_in(tempfile::tempdir()?, cpu).await
    }

    async fn start_in(data_dir: tempfile::TempDir, cpu: Option<usize>) -> anyhow::Result<Self> {
        let port = crate::free_port()?;
        let child = launch(port, data_dir.path().to_path_buf(), cpu, "yes", &[]).await?;
        Ok(RedisServer { port, data_dir, child })
    }

    /// The process id, for CPU and memory figures.
    pub fn pid(&self) -> Option<u32> {
        self.child.id()
    }

    /// Stops redis-server the way an operator's restart does (SIGTERM: it writes its
    /// append-only file and exits), keeping port and data for [`StoppedRedis::start_again`].
    pub async fn stop(mut self) -> anyhow::Result<StoppedRedis> {
        let pid = self.child.id().context("redis-server already exited")?;
        let status = Command::new("kill").args(["-TERM", &pid.to_string()]).status().await?;
        anyhow::ensure!(status.success(), "kill -TERM redis-server failed");
        tokio::time::timeout(WAIT, self.child.wait()).await.context("redis-server did not exit")??;
        Ok(StoppedRedis { port: self.port, data_dir: self.data_dir })
    }
}

impl SharedRedis for RedisServer {
    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    async fn query<T: redis::FromRedisValue>(&self, command: redis::Cmd) -> anyhow::Result<T> {
        let mut connection = redis::Client::open(self.url())?.get_multiplexed_async_connection().await?;
        Ok(command.query_async(&mut connection).await?)
    }

    async fn keys(&self, pattern: &str) -> anyhow::Result<Vec<String>> {
        self.query(redis::cmd("KEYS").arg(pattern).clone()).await
    }
}

/// A stopped [`RedisServer`] that can start again where it was.
pub struct StoppedRedis {
    port: u16,
    data_dir: tempfile::TempDir,
}

impl StoppedRedis {
    /// Starts redis-server again on the same port and data directory.
    pub async fn start_again(self) -> anyhow::Result<RedisServer> {
        let child = launch(self.port, self.data_dir.path().to_path_buf(), None, "yes", &[]).await?;
        Ok(RedisServer { port: self.port, data_dir: self.data_dir, child })
    }
}

/// Starts redis-server on `port` with `extra` settings after the common ones, and waits until
/// it accepts connections.
async fn launch(
    port: u16,
    data_dir: PathBuf,
    cpu: Option<usize>,
    appendonly: &str,
    extra: &[&str],
) -> anyhow::Result<Child> {
    let program = Path::new("redis-server");
    let mut command = match cpu {
        Some(cpu) => pinned(cpu, program),
        None => Command::new(program),
    };
    command
        .args(["--bind", "127.0.0.1", "--port", &port.to_string(), "--dir"])
        .arg(&data_dir)
        .args(["--appendonly", appendonly, "--appendfsync", "everysec", "--save", "", "--daemonize", "no"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true);
    let mut child = command
        .spawn()
        .context("cannot start redis-server: install it (the README's test command, scripts/test.sh, does)")?;
    let stdout = child.stdout.take().context("no stdout")?;
    let mut lines = BufReader::new(stdout).lines();
    let ready = async {
        while let Some(line) = lines.next_line().await? {
            if line.contains(READY) {
                // Keep draining its output so redis-server never blocks on a full pipe.
                tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
                return Ok(());
            }
        }
        anyhow::bail!("redis-server exited before it was ready")
    };
    tokio::time::timeout(WAIT, ready).await.context("redis-server not ready in time")??;
    Ok(child)
}
