//! Prints the storage figures: how long a board written by 50,000 small updates takes to
//! open after a crash (log replay) and after a clean stop (snapshot only), and how much
//! memory an idle loaded board costs.
//!
//! Run with `cargo build --release -p polyphony-server && cargo run --release -p polyphony-tests --bin storage-figures`.

use std::time::{Duration, Instant};

use anyhow::Context;
use polyphony_tests::http::TestBoard;
use polyphony_tests::{ServerProcess, TestClient, http, workload};

const UPDATES: u32 = 50_000;
const IDLE_BOARDS: usize = 1000;
/// No rate limit, no unloading, and room for the 25,000 letters the workload types into one text.
const FLAGS: [&str; 8] = [
    "--rate-limit-per-sec",
    "10000000",
    "--rate-limit-burst",
    "10000000",
    "--idle-unload-secs",
    "3600",
    "--max-text-chars",
    "100000",
];

fn url(server: &ServerProcess, board: &TestBoard) -> String {
    board.url(server.addr)
}

/// Median time from opening a socket to holding the whole document, over fresh server starts.
async fn open_time(data_dir: &std::path::Path, board: &TestBoard, expected: &yrs::Any) -> anyhow::Result<Duration> {
    let mut times = Vec::new();
    for _ in 0..5 {
        let server = ServerProcess::spawn(data_dir, &FLAGS).await?;
        let started = Instant::now();
        let client = TestClient::connect(&url(&server, board)).await?;
        times.push(started.elapsed());
        anyhow::ensure!(&client.board.to_json() == expected, "reloaded state differs");
        server.terminate().await?;
    }
    times.sort();
    Ok(times[times.len() / 2])
}

fn rss_kib(pid: u32) -> anyhow::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let line = status.lines().find(|line| line.starts_with("VmRSS:")).context("no VmRSS")?;
    line.split_whitespace().nth(1).context("no number")?.parse().context("bad number")
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let data_dir = tempfile::tempdir()?;
    let server = ServerProcess::spawn(data_dir.path(), &FLAGS).await?;
    let board = http::create_board(server.addr, "Fifty thousand").await?;
    let writer = TestClient::connect(&url(&server, &board)).await?;
    let started = Instant::now();
    let observer = workload::write_mixed_updates(&writer, &url(&server, &board), UPDATES).await?;
    println!("{UPDATES} updates written and fanned out in {:?}", started.elapsed());
    let expected = observer.board.to_json();
    drop((writer, observer));
    server.kill9().await?;

    // After the kill the log still holds the updates since the last compaction.
    let server = ServerProcess::spawn(data_dir.path(), &FLAGS).await?;
    let started = Instant::now();
    let client = TestClient::connect(&url(&server, &board)).await?;
    let after_crash = started.elapsed();
    anyhow::ensure!(client.board.to_json() == expected, "state after crash differs");
    drop(client);
    server.terminate().await?; // A clean stop compacts the rest.
    let snapshot_only = open_time(data_dir.path(), &board, &expected).await?;
    println!(
        "open {UPDATES}-update board: after kill -9 {after_crash:?}, from snapshot only (median of 5) {snapshot_only:?}"
    );

    let server = ServerProcess::spawn(data_dir.path(), &FLAGS).await?;
    let pid = server.pid().context("no pid")?;
    let mut boards = Vec::new();
    for number in 0..IDLE_BOARDS {
        boards.push(http::create_board(server.addr, &format!("Idle {number}")).await?);
    }
    // Warm up one connection so its buffers are not counted against the boards.
    drop(TestClient::connect(&url(&server, &boards[0])).await?);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before = rss_kib(pid)?;
    for board in &boards[1..] {
        drop(TestClient::connect(&url(&server, board)).await?);
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    let loaded = rss_kib(pid)?;
    let mut clients = Vec::new();
    for board in &boards[1..] {
        clients.push(TestClient::connect(&url(&server, board)).await?);
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    let connected = rss_kib(pid)?;
    let health = http::request(server.addr, "GET", "/healthz", None).await?;
    let per_board = |from: u64, to: u64| to.saturating_sub(from) as f64 / (IDLE_BOARDS - 1) as f64;
    println!(
        "{} idle loaded boards: {:.1} KiB per board; with one idle client each: {:.1} KiB per board (RSS {before} -> {loaded} -> {connected} KiB)",
        health.body["loaded_documents"],
        per_board(before, loaded),
        per_board(before, connected),
    );
    drop(clients);
    server.terminate().await?;
    Ok(())
}
