//! The Polyphony server: boards over HTTP and the y-websocket protocol, stored durably.
//!
//! # Layout
//! - [`config`]: the [`Config`] struct, from flags and environment variables.
//! - [`routes`]: HTTP handlers (`/api`, `/ws`, `/healthz`, the web client).
//! - [`access`]: tokens, facilitator keys, roles, and the guard against join-code guessing.
//! - [`clock`]: the wall clock, passed in (tests move it instead of sleeping).
//! - [`commands`]: checking a client's command and carrying it out inside its board's task.
//! - [`listener`]: accepting connections, with a deadline for request headers and a bound per address.
//! - [`connection`]: the pump between one websocket and its room.
//! - [`room`]: one actor task per loaded board, owning all of its documents (one room each),
//!   with a closed set of typed requests; the registry of them. Votes, private cards, hidden
//!   cards and restore points are carried out there ([`room::board`]), split by document.
//! - [`store`]: the [`store::Store`] trait and the embedded redb store.
//! - [`redis`], [`replication`]: Redis mode, where several instances share boards.
//! - [`history`]: restore points of a board's content as the store keeps them.
//! - [`state`], [`error`]: what handlers share, and how their errors become responses.
//!
//! [`run`] wires these together; `main.rs` only parses the command line and calls it.

#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod access;
pub mod admin_cli;
pub mod backup_cli;
pub mod clock;
pub mod commands;
pub mod config;
pub mod connection;
pub mod deletion;
pub mod error;
pub mod history;
pub mod listener;
pub mod metrics;
pub mod redis;
pub mod replication;
pub mod restore;
pub mod retention;
pub mod room;
pub mod routes;
pub mod state;
pub mod store;

use std::sync::Arc;

use anyhow::Context;
use axum::Router;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

pub use config::Config;
pub use state::AppState;

use replication::Replication;
use room::Rooms;
use store::Store;
use store::embedded::EmbeddedStore;

/// The full router for a given state.
pub fn app(state: AppState, config: &Config) -> Router {
    routes::router(state, &config.static_dir)
}

/// Pending connections the kernel queues before the server accepts them. A room of phones
/// reconnecting after a Wi-Fi hiccup arrives at once; with the usual 128, the surplus SYNs
/// are dropped and those phones wait a full second to retry. The kernel caps this at
/// `net.core.somaxconn`.
const LISTEN_BACKLOG: u32 = 4096;

/// Binds a listening socket with a backlog sized for join storms.
pub fn bind(addr: std::net::SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if addr.is_ipv4() { tokio::net::TcpSocket::new_v4()? } else { tokio::net::TcpSocket::new_v6()? };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(LISTEN_BACKLOG)
}

/// Where boards live, and how this instance hears of other instances' changes.
pub struct Backend {
    /// Board metadata and documents.
    pub store: Arc<dyn Store>,
    /// Other instances serving the same boards, in Redis mode.
    pub replication: Option<Arc<dyn Replication>>,
    /// What Redis mode counts, for `/metrics`.
    pub redis_meter: Option<metrics::RedisMeter>,
}

/// Opens the backend the configuration names: Redis if a URL is set, else the embedded store.
pub async fn open_backend(config: &Config, shutdown: CancellationToken) -> anyhow::Result<Backend> {
    let Some(url) = &config.redis_url else {
        return Ok(Backend { store: open_store(config).await?, replication: None, redis_meter: None });
    };
    let meter = metrics::RedisMeter::new();
    let (store, replication) =
        redis::connect(url, shutdown, meter.clone()).await.context("cannot start in Redis mode")?;
    Ok(Backend { store: Arc::new(store), replication: Some(Arc::new(replication)), redis_meter: Some(meter) })
}

/// Opens the embedded store in the configured data directory.
pub async fn open_store(config: &Config) -> anyhow::Result<Arc<dyn Store>> {
    let data_dir = config.data_dir.clone();
    let store = tokio::task::spawn_blocking(move || EmbeddedStore::open(&data_dir))
        .await
        .context("opening the store panicked")?
        .with_context(|| format!("cannot open the store in {}", config.data_dir.display()))?;
    Ok(Arc::new(store))
}

/// Serves on `listener` until `shutdown` is cancelled, then stores every loaded board and returns.
pub async fn run(listener: TcpListener, config: Config, shutdown: CancellationToken) -> anyhow::Result<()> {
    let Backend { store, replication, redis_meter } = open_backend(&config, shutdown.clone()).await?;
    let tasks = TaskTracker::new();
    let settings = state::room_settings(&config);
    let secret = store.token_secret(rand::random()).await.context("cannot read or store the token secret")?;
    let signer = access::Signer::new(secret);
    let clock = state::clock(&config);
    let rooms = Rooms::new(
        Arc::clone(&store),
        replication,
        settings,
        shutdown.clone(),
        tasks.clone(),
        signer.clone(),
        Arc::clone(&clock),
    );
    // Exported in either mode (staying at zero with the embedded store), so one dashboard fits both.
    rooms.metrics().register_redis(&redis_meter.unwrap_or_else(metrics::RedisMeter::new));
    if config.retention_days > 0 {
        let retention = retention::Retention {
            days: config.retention_days,
            action: config.retention_action,
            every: config.retention_sweep(),
        };
        tasks.spawn(retention::run(retention, rooms.clone(), Arc::clone(&store), clock, shutdown.clone()));
    }
    let state = AppState::new(&config, store, rooms, signer, shutdown.clone());
    let app = app(state, &config);
    let limits = listener::ListenLimits {
        header_timeout: config.header_timeout(),
        connections_per_address: config.max_connections_per_address,
    };
    listener::serve(listener, app, limits, shutdown.clone()).await;
    // Rooms see the same token: they store and compact their documents, then stop.
    tasks.close();
    tasks.wait().await;
    tracing::info!("all boards stored; shut down");
    Ok(())
}
