//! Test harness for Polyphony: real servers, real websockets, real documents.
//!
//! # Layout
//! - [`agenda`]: adding activities and reading the agenda.
//! - [`server`]: [`TestServer`] (in-process, port 0, temporary store) and [`ServerProcess`]
//!   (the `polyphony` binary as a child process, for crash tests).
//! - [`browser`]: headless Chromium over WebDriver, for end-to-end tests of the web client.
//! - [`crafted`]: hostile updates and frames built by hand, for regression tests and the fuzzer.
//! - [`fuzz`]: a fuzzer for the server's frame and update path (stable toolchain, seeded).
//! - [`client`]: [`TestClient`], a yrs document synced over tokio-tungstenite like a browser would.
//! - [`http`]: a tiny JSON-over-HTTP client for the API.
//! - [`redis_server`]: a real redis-server on a free port, for Redis mode.
//! - [`pdf`]: a page printed to PDF by headless Chromium, read back with poppler.
//! - [`load`]: a protocol-level load generator that measures edit-to-peer latency.
//! - [`workshop`]: a whole workshop held to its end, for what leaves the board.
//! - [`workload`]: edit workloads shared by tests and measuring tools.
//!
//! Every wait in these helpers is bounded by [`WAIT`]; none sleeps blindly.

pub mod admin;
pub mod agenda;
pub mod browser;
pub mod client;
pub mod crafted;
pub mod fuzz;
pub mod http;
pub mod load;
pub mod pdf;
pub mod polls;
pub mod redis_cluster;
pub mod redis_server;
pub mod rounds;
pub mod scale_out;
pub mod server;
pub mod shared_redis;
pub mod touch;
pub mod workload;
pub mod workshop;
pub mod yjs_reader;

use std::time::Duration;

pub use client::TestClient;
pub use server::{ServerProcess, StoppedServer, TestServer};

/// The longest any helper waits for something that should happen.
pub const WAIT: Duration = Duration::from_secs(20);

/// The `tests/` folder of the checkout being tested. Cargo sets `CARGO_MANIFEST_DIR` when it
/// runs a test, which stays right when a shared target directory serves several checkouts
/// (the compile-time value would point at whichever checkout built the binary).
pub fn tests_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into())
}

/// A loopback port free at the moment of asking, for a server a test starts.
pub fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}
