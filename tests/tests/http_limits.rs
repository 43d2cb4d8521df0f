//! Slow or numerous connections from one address cannot take the server's file descriptors.

use std::time::{Duration, Instant};

use polyphony_tests::{TestServer, WAIT, http};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Half of a request's headers, never finished.
const HALF_SENT: &[u8] = b"GET /healthz HTTP/1.1\r\nHost: polyphony\r\n";

/// Waits until the server closes `stream` (end of file or reset); returns how long it took.
async fn closed_by_server(stream: &mut TcpStream) -> anyhow::Result<Duration> {
    let started = Instant::now();
    let mut buffer = [0u8; 256];
    loop {
        match tokio::time::timeout(WAIT, stream.read(&mut buffer)).await? {
            Ok(0) | Err(_) => return Ok(started.elapsed()),
            Ok(_) => {} // A 408 answer, say: read on until the close.
        }
    }
}

/// 600 half-sent requests made `/healthz` unreachable on an instance limited to 512 open
/// files: nothing timed out a request whose headers never ended. Now one address may hold
/// a bounded number of connections (the next is closed at once), unfinished headers time
/// out, and the server answers again as soon as they do.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn half_sent_requests_time_out_and_addresses_are_bounded() -> anyhow::Result<()> {
    let server = TestServer::start_with(|config| {
        config.header_timeout_secs = 1.0;
        config.max_connections_per_address = 20;
    })
    .await?;
    let mut slow = Vec::new();
    for _ in 0..20 {
        let mut stream = TcpStream::connect(server.addr).await?;
        stream.write_all(HALF_SENT).await?;
        slow.push(stream);
    }
    let mut one_too_many = TcpStream::connect(server.addr).await?;
    one_too_many.write_all(HALF_SENT).await.ok();
    let refused_after = closed_by_server(&mut one_too_many).await?;
    assert!(refused_after < Duration::from_millis(800), "the 21st connection lived {refused_after:?}");
    for stream in &mut slow {
        let lived = closed_by_server(stream).await?;
        assert!(lived < Duration::from_secs(5), "a half-sent request lived {lived:?}");
    }
    let health = http::request(server.addr, "GET", "/healthz", None).await?;
    assert_eq!(health.status, 200, "{health:?}");
    Ok(())
}
