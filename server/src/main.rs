//! The `polyphony` binary: parse the command line, set up logging, serve until a signal.

use anyhow::Context;
use clap::Parser;
use polyphony_server::config::{Cli, Command};
use tokio_util::sync::CancellationToken;
use tracing_subscriber::EnvFilter;

/// jemalloc with background threads: memory freed when boards unload goes back to the
/// system within seconds (glibc's malloc kept a server at its peak: 120 MiB after a soak
/// with every board unloaded, against 20 MiB with jemalloc).
#[cfg(unix)]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .with_writer(std::io::stderr)
        .init();
    let config = match Cli::parse().command {
        Command::Serve(config) => config,
        Command::Admin(args) => return polyphony_server::admin_cli::run(args).await,
        Command::Backup(args) => return polyphony_server::backup_cli::backup(args).await,
        Command::Restore(args) => return polyphony_server::backup_cli::restore(&args),
    };
    let listener = polyphony_server::bind(config.addr).with_context(|| format!("cannot listen on {}", config.addr))?;
    let addr = listener.local_addr().context("listener has no address")?;
    // The one line on stdout: scripts and the test harness read the URL from it.
    println!("Polyphony is running at http://{addr}/");
    tracing::info!(%addr, data_dir = %config.data_dir.display(), "listening");

    let shutdown = CancellationToken::new();
    tokio::spawn(cancel_on_signal(shutdown.clone()));
    polyphony_server::run(listener, config, shutdown).await
}

/// Cancels `shutdown` on SIGINT or SIGTERM.
async fn cancel_on_signal(shutdown: CancellationToken) {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::warn!(%err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => tracing::info!("SIGINT received; shutting down"),
        () = terminate => tracing::info!("SIGTERM received; shutting down"),
    }
    shutdown.cancel();
}
