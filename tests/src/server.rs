//! Servers for tests: in-process on port 0, or the real binary as a child process.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use anyhow::Context;
use polyphony_server::Config;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::WAIT;

/// A server running inside the test process with its own temporary data directory.
pub struct TestServer {
    /// Where it listens (127.0.0.1, a free port).
    pub addr: SocketAddr,
    config: Config,
    shutdown: CancellationToken,
    task: JoinHandle<anyhow::Result<()>>,
    /// Kept so the directory lives as long as the server (and across restarts).
    data_dir: tempfile::TempDir,
}

impl TestServer {
    /// Starts a server with default settings.
    pub async fn start() -> anyhow::Result<Self> {
        TestServer::start_with(|_| {}).await
    }

    /// Starts a server on a copy of the data directory `fixture` (left untouched).
    pub async fn start_on_copy_of(fixture: &Path) -> anyhow::Result<Self> {
        TestServer::start_on_copy_with(fixture, |_| {}).await
    }

    /// Like [`TestServer::start_on_copy_of`], serving the built web client too.
    pub async fn with_web_client_on_copy_of(fixture: &Path) -> anyhow::Result<Self> {
        let dist = web_client_dir()?;
        TestServer::start_on_copy_with(fixture, move |config| config.static_dir = dist).await
    }

    async fn start_on_copy_with(fixture: &Path, adjust: impl FnOnce(&mut Config)) -> anyhow::Result<Self> {
        let data_dir = tempfile::tempdir().context("temp dir")?;
        for entry in std::fs::read_dir(fixture).with_context(|| format!("reading {}", fixture.display()))? {
            let entry = entry?;
            std::fs::copy(entry.path(), data_dir.path().join(entry.file_name()))?;
        }
        let mut config = Config::for_tests(data_dir.path().to_path_buf());
        adjust(&mut config);
        let (addr, shutdown, task) = launch(config.clone()).await?;
        Ok(TestServer { addr, config, shutdown, task, data_dir })
    }

    /// Starts a server after letting the caller adjust its configuration.
    pub async fn start_with(adjust: impl FnOnce(&mut Config)) -> anyhow::Result<Self> {
        let data_dir = tempfile::tempdir().context("temp dir")?;
        let mut config = Config::for_tests(data_dir.path().to_path_buf());
        adjust(&mut config);
        config.data_dir = data_dir.path().to_path_buf();
        let (addr, shutdown, task) = launch(config.clone()).await?;
        Ok(TestServer { addr, config, shutdown, task, data_dir })
    }

    /// Shuts down gracefully and starts again on the same data directory (and a new port).
    pub async fn restart(self) -> anyhow::Result<Self> {
        let TestServer { config, shutdown, task, data_dir, .. } = self;
        shutdown.cancel();
        tokio::time::timeout(WAIT, task).await.context("shutdown timed out")???;
        let (addr, shutdown, task) = launch(config.clone()).await?;
        Ok(TestServer { addr, config, shutdown, task, data_dir })
    }

    /// Starts a server that also serves the built web client (`dist/`, or `POLYPHONY_STATIC_DIR`).
    pub async fn with_web_client() -> anyhow::Result<Self> {
        let dist = web_client_dir()?;
        TestServer::start_with(move |config| config.static_dir = dist).await
    }

    /// Shuts down gracefully but keeps the data directory and the port for [`StoppedServer::start_again`].
    pub async fn stop_for_a_while(self) -> anyhow::Result<StoppedServer> {
        let TestServer { addr, mut config, shutdown, task, data_dir } = self;
        shutdown.cancel();
        tokio::time::timeout(WAIT, task).await.context("shutdown timed out")???;
        config.addr = addr;
        Ok(StoppedServer { config, data_dir })
    }

    /// Shuts down gracefully and waits until every board is stored.
    pub async fn stop(self) -> anyhow::Result<()> {
        self.shutdown.cancel();
        tokio::time::timeout(WAIT, self.task).await.context("shutdown timed out")??
    }

    /// The websocket URL of a board's content document, with the board's facilitator token.
    pub fn ws_url(&self, board: &crate::http::TestBoard) -> String {
        board.url(self.addr)
    }

    /// The data directory.
    pub fn data_dir(&self) -> &Path {
        self.data_dir.path()
    }
}

/// A stopped [`TestServer`] that can start again on the same port and data directory.
pub struct StoppedServer {
    config: Config,
    data_dir: tempfile::TempDir,
}

impl StoppedServer {
    /// The data directory it left.
    pub fn data_dir(&self) -> &Path {
        self.data_dir.path()
    }

    /// Starts the server again where it was.
    pub async fn start_again(self) -> anyhow::Result<TestServer> {
        let StoppedServer { config, data_dir } = self;
        let (addr, shutdown, task) = launch(config.clone()).await?;
        Ok(TestServer { addr, config, shutdown, task, data_dir })
    }
}

/// The built web client: `POLYPHONY_STATIC_DIR`, or `dist/` at the workspace root.
pub fn web_client_dir() -> anyhow::Result<PathBuf> {
    let dir = match std::env::var_os("POLYPHONY_STATIC_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => crate::tests_dir().join("../dist"),
    };
    anyhow::ensure!(
        dir.join("polyphony_client_bg.wasm").exists(),
        "the web client is not built in {}: run scripts/test.sh, which builds it first",
        dir.display()
    );
    Ok(dir)
}

async fn launch(config: Config) -> anyhow::Result<(SocketAddr, CancellationToken, JoinHandle<anyhow::Result<()>>)> {
    let listener = polyphony_server::bind(config.addr).context("bind")?;
    let addr = listener.local_addr()?;
    let shutdown = CancellationToken::new();
    let task = tokio::spawn(polyphony_server::run(listener, config, shutdown.clone()));
    Ok((addr, shutdown, task))
}

/// The `polyphony` binary running as a child process.
pub struct ServerProcess {
    /// Where it listens.
    pub addr: SocketAddr,
    child: Child,
}

impl ServerProcess {
    /// Starts `polyphony serve` on a free loopback port with the given data directory and flags.
    /// Its log level is `warn`, or `POLYPHONY_TEST_LOG` when set.
    pub async fn spawn(data_dir: &Path, extra_args: &[&str]) -> anyhow::Result<Self> {
        let binary = server_binary()?;
        ServerProcess::start(Command::new(&binary), data_dir, extra_args).await
    }

    /// Like [`ServerProcess::spawn`], pinned to one CPU with `taskset` (unpinned if it is missing).
    pub async fn spawn_pinned(data_dir: &Path, extra_args: &[&str], cpu: usize) -> anyhow::Result<Self> {
        ServerProcess::start(pinned(cpu, &server_binary()?), data_dir, extra_args).await
    }

    async fn start(mut command: Command, data_dir: &Path, extra_args: &[&str]) -> anyhow::Result<Self> {
        command
            .args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
            .arg(data_dir)
            .args(extra_args)
            .env("RUST_LOG", std::env::var("POLYPHONY_TEST_LOG").unwrap_or_else(|_| "warn".into()));
        let (child, line) = spawn_until_first_line(command).await.context("the polyphony binary did not start")?;
        let url = line.split("http://").nth(1).context("no URL in the first line")?;
        let addr = url.trim_end_matches('/').parse().with_context(|| format!("bad address in {line:?}"))?;
        Ok(ServerProcess { addr, child })
    }

    /// The process id, for reading its memory use.
    pub fn pid(&self) -> Option<u32> {
        self.child.id()
    }

    /// A memory figure of the process from `/proc/PID/status`, in MiB: `VmRSS` (resident
    /// now) or `VmHWM` (the most it has held).
    pub fn memory_mib(&self, field: &str) -> anyhow::Result<f64> {
        let pid = self.pid().context("the process has exited")?;
        let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
        let line = status.lines().find(|line| line.starts_with(field)).with_context(|| format!("no {field}"))?;
        let kib: f64 = line.split_whitespace().nth(1).context("no number")?.parse()?;
        Ok(kib / 1024.0)
    }

    /// Kills the process with SIGKILL, as a crash would, and waits for it to be gone.
    pub async fn kill9(mut self) -> anyhow::Result<()> {
        self.child.start_kill()?;
        self.child.wait().await?;
        Ok(())
    }

    /// Sends SIGTERM and returns the exit code once it exits.
    pub async fn terminate(mut self) -> anyhow::Result<Option<i32>> {
        let pid = self.child.id().context("already exited")?;
        let status = Command::new("kill").args(["-TERM", &pid.to_string()]).status().await?;
        anyhow::ensure!(status.success(), "kill -TERM failed");
        let status = tokio::time::timeout(WAIT, self.child.wait()).await.context("did not exit")??;
        Ok(status.code())
    }
}

/// A command that runs `program` pinned to one CPU with `taskset`, or unpinned without it.
pub fn pinned(cpu: usize, program: &Path) -> Command {
    let has_taskset = std::process::Command::new("taskset").arg("--version").output().is_ok();
    if !has_taskset {
        return Command::new(program);
    }
    let mut command = Command::new("taskset");
    command.arg("-c").arg(cpu.to_string()).arg(program);
    command
}

/// Starts a server process (killed when dropped) and waits for the first line it prints,
/// which announces that it is listening.
pub async fn spawn_until_first_line(mut command: Command) -> anyhow::Result<(Child, String)> {
    let mut child = command.stdout(Stdio::piped()).stderr(Stdio::inherit()).kill_on_drop(true).spawn()?;
    let stdout = child.stdout.take().context("no stdout")?;
    let mut lines = BufReader::new(stdout).lines();
    let line = tokio::time::timeout(WAIT, lines.next_line()).await.context("no output in time")??;
    let line = line.context("exited before printing anything")?;
    Ok((child, line))
}

/// Finds the `polyphony` binary built in the same profile and target dir as the running
/// executable: beside it (tools in `target/<profile>/`) or one level up (tests in `deps/`).
pub fn server_binary() -> anyhow::Result<PathBuf> {
    let exe = std::env::current_exe()?;
    let exe_dir = exe.parent().context("executable has no directory")?;
    let candidates = [Some(exe_dir), exe_dir.parent()];
    candidates.into_iter().flatten().map(|dir| dir.join("polyphony")).find(|binary| binary.exists()).with_context(|| {
        format!(
            "no polyphony binary near {}: build it first with `cargo build -p polyphony-server` in the same profile \
             (the README's test command does)",
            exe_dir.display()
        )
    })
}
