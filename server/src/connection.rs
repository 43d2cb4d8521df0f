//! One websocket connection to a board document: the pump between a socket and its room.
//!
//! A single task selects over the socket, the room's outbox for this client, a kick from the
//! room, a ping timer and server shutdown. Frames are decoded here, so a bad frame closes
//! this socket with a documented code and never reaches the room.

use std::num::NonZeroU32;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::extract::ws::{CloseFrame, Message, WebSocket};
use bytes::Bytes;
use futures_util::SinkExt;
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use polyphony_shared::CloseReason;
use tokio_util::sync::CancellationToken;

use crate::metrics::ConnectionMeter;
use crate::room::{ClientFrame, Joined};
use crate::store::DocKey;

/// How often the server pings a client, so dead connections are noticed.
const PING_INTERVAL: Duration = Duration::from_secs(10);
/// Most queued frames written before one flush.
const WRITE_BATCH: usize = 64;
/// Longest wait for a close frame to be written before the socket is simply dropped.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(1);
/// How long the socket stays open after the server's close frame, so the client reads it.
/// Dropping a socket with unread input sends a TCP reset, which can destroy the close frame
/// (and its code) before the client sees it, typically after an oversized message.
const CLOSE_LINGER: Duration = Duration::from_secs(1);

/// Per-connection limits, taken from the server configuration.
#[derive(Debug, Clone)]
pub struct ConnectionLimits {
    /// Average messages per second before the connection is closed with 1008.
    pub messages_per_sec: NonZeroU32,
    /// Messages allowed in a burst above the average.
    pub burst: NonZeroU32,
    /// How long a send may block, or the client may stay silent, before it is closed.
    pub client_timeout: Duration,
}

/// Who is on the other end, for the log.
#[derive(Debug, Clone, Copy)]
pub struct Peer {
    /// The board document the socket syncs.
    pub key: DocKey,
    /// The client's address.
    pub addr: std::net::SocketAddr,
}

/// Why the pump loop ended.
enum Ended {
    /// The server closes the socket for this reason.
    Closed(CloseReason),
    /// The client closed or the connection broke.
    ByClient(&'static str),
}

/// Pumps frames between `socket` and the room until either side ends.
pub async fn serve(
    mut socket: WebSocket,
    joined: Joined,
    peer: Peer,
    meter: ConnectionMeter,
    limits: ConnectionLimits,
    shutdown: CancellationToken,
) {
    let Joined { conn, mut outbox, queued_bytes, mut kicked, room } = joined;
    let Peer { key, addr } = peer;
    tracing::info!(board = %key, conn, %addr, "connection opened");
    let limiter: DefaultDirectRateLimiter =
        RateLimiter::direct(Quota::per_second(limits.messages_per_sec).allow_burst(limits.burst));
    let mut ping = tokio::time::interval(PING_INTERVAL);
    ping.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut last_heard = Instant::now();

    let ended = loop {
        tokio::select! {
            biased;
            reason = &mut kicked => break Ended::Closed(reason.unwrap_or(CloseReason::GoingAway)),
            () = shutdown.cancelled() => break Ended::Closed(CloseReason::GoingAway),
            incoming = socket.recv() => {
                last_heard = Instant::now();
                let frame = match incoming {
                    Some(Ok(Message::Binary(data))) => {
                        meter.received(data.len());
                        data
                    }
                    Some(Ok(Message::Text(_))) => break Ended::Closed(CloseReason::UnsupportedMessage),
                    Some(Ok(Message::Ping(_) | Message::Pong(_))) => {
                        // Control frames cost the server too: they count against the limit.
                        if !within_limit(&limiter, 1) {
                            break Ended::Closed(CloseReason::RateLimited);
                        }
                        continue;
                    }
                    Some(Ok(Message::Close(_))) | None => break Ended::ByClient("client closed"),
                    Some(Err(err)) if is_too_big(&err) => break Ended::Closed(CloseReason::MessageTooBig),
                    Some(Err(_)) => break Ended::ByClient("connection broke"),
                };
                let frame = match ClientFrame::decode(frame) {
                    Ok(frame) => frame,
                    Err(reason) => break Ended::Closed(reason),
                };
                // What counts is the work the frame asks for, not the number of messages.
                if !within_limit(&limiter, frame.cost()) {
                    break Ended::Closed(CloseReason::RateLimited);
                }
                if room.frame(conn, frame).await.is_err() {
                    break Ended::Closed(CloseReason::GoingAway);
                }
            }
            outgoing = outbox.recv() => {
                let Some(frame) = outgoing else { break Ended::Closed(CloseReason::GoingAway) };
                if let Err(ended) = send_queued(&mut socket, frame, &mut outbox, &queued_bytes, &meter, limits.client_timeout).await {
                    break ended;
                }
            }
            _ = ping.tick() => {
                if last_heard.elapsed() > limits.client_timeout {
                    break Ended::Closed(CloseReason::Unresponsive);
                }
                if let Err(ended) = send_message(&mut socket, Message::Ping(Bytes::new()), limits.client_timeout).await {
                    break ended;
                }
            }
        }
    };

    room.leave(conn).await;
    match ended {
        Ended::Closed(reason) => {
            tracing::info!(board = %key, conn, %addr, code = reason.code(), reason = reason.reason(), "connection closed");
            meter.closed(reason.code());
            let close = CloseFrame { code: reason.code(), reason: reason.reason().into() };
            tokio::time::timeout(CLOSE_TIMEOUT, socket.send(Message::Close(Some(close)))).await.ok();
            linger(&mut socket).await;
        }
        Ended::ByClient(reason) => tracing::info!(board = %key, conn, %addr, reason, "connection closed"),
    }
}

/// Keeps the socket open until the client answers our close frame, or [`CLOSE_LINGER`] passes.
async fn linger(socket: &mut WebSocket) {
    let deadline = tokio::time::Instant::now() + CLOSE_LINGER;
    let acknowledged = tokio::time::timeout_at(deadline, async {
        while let Some(Ok(message)) = socket.recv().await {
            if matches!(message, Message::Close(_)) {
                return true;
            }
        }
        false
    });
    // Without the client's close frame (for example after an oversized message, which ends
    // the stream on our side) we cannot tell whether it has read ours: wait out the linger.
    if let Ok(false) = acknowledged.await {
        tokio::time::sleep_until(deadline).await;
    }
}

/// Whether `cost` units of work fit the connection's rate limit now.
fn within_limit(limiter: &DefaultDirectRateLimiter, cost: u32) -> bool {
    let cost = NonZeroU32::new(cost).unwrap_or(NonZeroU32::MIN);
    matches!(limiter.check_n(cost), Ok(Ok(())))
}

/// Writes `first` and whatever else is already queued (up to [`WRITE_BATCH`]) with one flush,
/// so a busy board costs one write system call per batch rather than per frame. Each frame
/// taken off the queue is subtracted from the bytes the room counts as queued.
async fn send_queued(
    socket: &mut WebSocket,
    first: Bytes,
    outbox: &mut tokio::sync::mpsc::Receiver<Bytes>,
    queued_bytes: &AtomicUsize,
    meter: &ConnectionMeter,
    timeout: Duration,
) -> Result<(), Ended> {
    let write = async {
        queued_bytes.fetch_sub(first.len(), Ordering::Relaxed);
        meter.sent(first.len());
        socket.feed(Message::Binary(first)).await?;
        for _ in 1..WRITE_BATCH {
            let Ok(frame) = outbox.try_recv() else { break };
            queued_bytes.fetch_sub(frame.len(), Ordering::Relaxed);
            meter.sent(frame.len());
            socket.feed(Message::Binary(frame)).await?;
        }
        socket.flush().await
    };
    match tokio::time::timeout(timeout, write).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(_)) => Err(Ended::ByClient("connection broke")),
        Err(_) => Err(Ended::Closed(CloseReason::TooSlow)),
    }
}

async fn send_message(socket: &mut WebSocket, message: Message, timeout: Duration) -> Result<(), Ended> {
    match tokio::time::timeout(timeout, socket.send(message)).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(_)) => Err(Ended::ByClient("connection broke")),
        Err(_) => Err(Ended::Closed(CloseReason::TooSlow)),
    }
}

/// Whether a receive error means the client sent a message over the size limit.
fn is_too_big(err: &axum::Error) -> bool {
    let source = std::error::Error::source(err);
    matches!(source.and_then(|inner| inner.downcast_ref::<tungstenite::Error>()), Some(tungstenite::Error::Capacity(_)))
}
