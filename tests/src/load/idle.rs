//! Memory of many open boards with a few idle clients each: what a board costs while people
//! sit on it without typing.
//!
//! Tens of thousands of connections to one loopback port would run out of source ports
//! (about 28,000 per source address), so the clients are spread over source addresses
//! 127.0.0.2, 127.0.0.3 … (all loopback). Each is a bare websocket that syncs once and then
//! only reads, so the load generator itself stays small.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;

use anyhow::Context;
use futures_util::StreamExt;
use futures_util::stream::{self, TryStreamExt};
use polyphony_shared::protocol;
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::Message as WsMessage;
use yrs::StateVector;
use yrs::sync::{Message, SyncMessage};

use super::servers::RunningServer;
use super::special::rss_kib;

/// How long creating and unloading the boards, or syncing a client, may take.
const SLOW_LIMIT: Duration = Duration::from_secs(600);
/// Clients per source address (of about 28,000 ephemeral ports each).
const CLIENTS_PER_SOURCE: usize = 10_000;
/// Clients connecting at once.
const CONNECTING_AT_ONCE: usize = 64;

/// Memory of boards that each have a few idle clients.
#[derive(Debug, Clone, Copy)]
pub struct IdleBoards {
    /// Boards opened.
    pub boards: usize,
    /// Idle clients on each.
    pub clients_per_board: usize,
    /// Resident memory the server grew by when the boards, already created and stored,
    /// were opened by their clients, per board, in KiB: what an open board costs.
    pub kib_per_open_board: f64,
    /// Resident memory the server grew by from its fresh start to holding the boards open,
    /// per board, in KiB: creating them counts too (the store's cache, the allocator's
    /// leftovers from the requests).
    pub kib_per_created_board: f64,
    /// Resident memory of the fresh server, before any board, in MiB.
    pub idle_rss_mib: f64,
    /// Resident memory with every board open, in MiB.
    pub open_rss_mib: f64,
}

/// Creates `boards` boards, waits until the server has unloaded them, then opens each with
/// `clients_per_board` clients and measures how much the server grew: everything an open
/// board costs (its documents, rooms, the clients' connections) counts.
pub async fn idle_boards(
    server: &RunningServer,
    boards: usize,
    clients_per_board: usize,
) -> anyhow::Result<IdleBoards> {
    let fresh = rss_kib(&server.pids())?;
    let urls = server.document_urls("idle", boards).await?;
    for addr in server.polyphony_addrs() {
        // Creating a board loads its governed document; wait until nothing is loaded.
        crate::http::wait_until_unloaded(addr, 0, SLOW_LIMIT).await?;
    }
    let created = rss_kib(&server.pids())?;
    let plan: Vec<(usize, String)> = urls
        .iter()
        .flat_map(|instances| (0..clients_per_board).map(move |client| instances[client % instances.len()].clone()))
        .enumerate()
        .collect();
    let clients: Vec<JoinHandle<()>> = stream::iter(plan)
        .map(|(number, url)| async move { idle_client(&url, source_address(number)).await })
        .buffer_unordered(CONNECTING_AT_ONCE)
        .try_collect()
        .await?;
    // Let allocators settle and lazily started work finish before reading the figure.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let open = rss_kib(&server.pids())?;
    for client in clients {
        client.abort();
    }
    Ok(IdleBoards {
        boards,
        clients_per_board,
        kib_per_open_board: (open - created) / boards as f64,
        kib_per_created_board: (open - fresh) / boards as f64,
        idle_rss_mib: fresh / 1024.0,
        open_rss_mib: open / 1024.0,
    })
}

/// The loopback source address of the `number`th client.
fn source_address(number: usize) -> IpAddr {
    let spread = u8::try_from(2 + number / CLIENTS_PER_SOURCE).unwrap_or(u8::MAX);
    IpAddr::V4(Ipv4Addr::new(127, 0, 0, spread))
}

/// Connects from `source`, syncs, and keeps reading (answering pings) until aborted.
async fn idle_client(url: &str, source: IpAddr) -> anyhow::Result<JoinHandle<()>> {
    let request = url.parse::<tokio_tungstenite::tungstenite::http::Uri>()?;
    let host = request.host().context("no host")?.parse::<IpAddr>()?;
    let server = SocketAddr::new(host, request.port_u16().context("no port")?);
    let socket = tokio::net::TcpSocket::new_v4()?;
    socket.bind(SocketAddr::new(source, 0))?;
    let stream = socket.connect(server).await.with_context(|| format!("connect from {source}"))?;
    let (mut websocket, _) = tokio_tungstenite::client_async(url, stream).await?;
    let hello = protocol::sync_step1(StateVector::default());
    futures_util::SinkExt::send(&mut websocket, WsMessage::Binary(hello.into())).await?;
    let synced = async {
        while let Some(message) = websocket.next().await {
            if let WsMessage::Binary(frame) = message?
                && protocol::read_messages(&frame)?
                    .iter()
                    .any(|message| matches!(message, Message::Sync(SyncMessage::SyncStep2(_))))
            {
                return Ok(());
            }
        }
        anyhow::bail!("closed before the sync")
    };
    tokio::time::timeout(SLOW_LIMIT, synced).await.context("sync timed out")??;
    Ok(tokio::spawn(async move { while let Some(Ok(_)) = websocket.next().await {} }))
}
