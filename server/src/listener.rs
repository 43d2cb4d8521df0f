//! Accepting connections: HTTP/1.1 with a deadline for request headers, and a bound on the
//! connections one address may hold open.
//!
//! `axum::serve` waits for a request's headers as long as the client likes, so a few hundred
//! half-sent requests hold as many file descriptors until the server has none left for
//! anyone. Here every connection must send its request headers within
//! [`ListenLimits::header_timeout`], and an address holding
//! [`ListenLimits::connections_per_address`] open connections (websockets included: the
//! count follows the socket, not the request) has its next one closed at once.

use std::collections::HashMap;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tower::ServiceExt;

/// How long to wait before accepting again after `accept` failed (out of file descriptors,
/// say), so the loop does not spin.
const ACCEPT_RETRY: Duration = Duration::from_millis(50);

/// Limits on accepted connections, from the configuration.
#[derive(Debug, Clone, Copy)]
pub struct ListenLimits {
    /// How long a client may take to send a request's headers.
    pub header_timeout: Duration,
    /// Open connections one address may hold; 0 for no limit.
    pub connections_per_address: usize,
}

/// Serves `app` on `listener` until `shutdown` is cancelled, then lets open requests finish.
pub async fn serve(listener: TcpListener, app: Router, limits: ListenLimits, shutdown: CancellationToken) {
    let counts = Arc::new(AddressCounts::default());
    let connections = TaskTracker::new();
    loop {
        let (stream, peer) = tokio::select! {
            () = shutdown.cancelled() => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    tracing::warn!(%err, "accepting a connection failed");
                    tokio::time::sleep(ACCEPT_RETRY).await;
                    continue;
                }
            },
        };
        let Some(slot) = AddressSlot::take(&counts, peer.ip(), limits.connections_per_address) else {
            tracing::debug!(%peer, "too many connections from this address; closed");
            continue;
        };
        // Small websocket frames must leave at once: with Nagle's algorithm on, a frame written
        // while an earlier one waits for its ACK sits out the peer's 40 ms delayed ACK.
        if let Err(err) = stream.set_nodelay(true) {
            tracing::debug!(%err, "cannot set TCP_NODELAY");
        }
        let io = TokioIo::new(CountedStream { stream, _slot: slot });
        connections.spawn(serve_connection(io, app.clone(), peer, limits, shutdown.clone()));
    }
    connections.close();
    connections.wait().await;
}

async fn serve_connection(
    io: TokioIo<CountedStream>,
    app: Router,
    peer: SocketAddr,
    limits: ListenLimits,
    shutdown: CancellationToken,
) {
    // Handlers read the peer's address from the request, as with `into_make_service_with_connect_info`.
    let app = app.map_request(move |mut request: hyper::Request<Incoming>| {
        request.extensions_mut().insert(ConnectInfo(peer));
        request
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(limits.header_timeout);
    let connection = builder.serve_connection(io, TowerToHyperService::new(app)).with_upgrades();
    tokio::pin!(connection);
    let result = tokio::select! {
        result = connection.as_mut() => result,
        () = shutdown.cancelled() => {
            connection.as_mut().graceful_shutdown();
            connection.await
        }
    };
    if let Err(err) = result {
        tracing::debug!(%peer, %err, "connection ended with an error");
    }
}

/// Open connections per address.
#[derive(Default)]
struct AddressCounts {
    /// A std mutex: held for one map update, never across `.await`.
    open: Mutex<HashMap<IpAddr, usize>>,
}

/// One open connection counted against its address; released when dropped.
struct AddressSlot {
    counts: Arc<AddressCounts>,
    address: IpAddr,
}

impl AddressSlot {
    fn take(counts: &Arc<AddressCounts>, address: IpAddr, limit: usize) -> Option<AddressSlot> {
        let mut open = counts.open.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let count = open.entry(address).or_default();
        if limit > 0 && *count >= limit {
            return None;
        }
        *count += 1;
        Some(AddressSlot { counts: Arc::clone(counts), address })
    }
}

impl Drop for AddressSlot {
    fn drop(&mut self) {
        let mut open = self.counts.open.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(count) = open.get_mut(&self.address) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.address);
            }
        }
    }
}

/// A TCP stream that holds its address's slot for as long as it is open, also after an
/// upgrade to a websocket hands it to the websocket's task.
struct CountedStream {
    stream: TcpStream,
    _slot: AddressSlot,
}

impl AsyncRead for CountedStream {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for CountedStream {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_counted_per_address_and_released_on_drop() {
        let counts = Arc::new(AddressCounts::default());
        let address = IpAddr::from([127, 0, 0, 1]);
        let first = AddressSlot::take(&counts, address, 2);
        let second = AddressSlot::take(&counts, address, 2);
        assert!(first.is_some() && second.is_some());
        assert!(AddressSlot::take(&counts, address, 2).is_none());
        assert!(AddressSlot::take(&counts, IpAddr::from([10, 0, 0, 1]), 2).is_some());
        drop(first);
        assert!(AddressSlot::take(&counts, address, 2).is_some());
        assert!(AddressSlot::take(&counts, address, 0).is_some(), "0 means no limit");
    }
}
