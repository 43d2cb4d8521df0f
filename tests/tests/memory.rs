//! Memory goes back to the system once boards unload.

use std::time::{Duration, Instant};

use polyphony_tests::{ServerProcess, TestClient, http};

/// The process's resident memory now, in MiB.
fn rss_mib(server: &ServerProcess) -> anyhow::Result<f64> {
    server.memory_mib("VmRSS:")
}

/// After a soak with every board unloaded, glibc's malloc kept the server at its peak
/// (9.9 MiB at start, 120 MiB after). The server now returns freed memory: its resident
/// size falls back at least half way to where it started within a minute of the last unload.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn memory_returns_after_boards_unload() -> anyhow::Result<()> {
    let data = tempfile::tempdir()?;
    let flags = ["--idle-unload-secs", "1", "--rate-limit-per-sec", "100000", "--rate-limit-burst", "100000"];
    let server = ServerProcess::spawn(data.path(), &flags).await?;
    let start = rss_mib(&server)?;
    let text = "An idea that someone typed on a phone, long enough to take some room. ".repeat(3);
    for board in 0..40 {
        let board = http::create_board(server.addr, &format!("Soak {board}")).await?;
        let writer = TestClient::connect(&board.url(server.addr)).await?;
        for card in 0..300 {
            writer.edit(|doc, txn| doc.set_card_text(txn, &format!("card-{card}"), &text));
        }
        let reader = TestClient::connect(&board.url(server.addr)).await?;
        reader.wait_until(|doc| doc.card_texts().len() == 300).await?;
        writer.close();
        reader.close();
    }
    let loaded = rss_mib(&server)?;
    http::wait_until_unloaded(server.addr, 0, Duration::from_secs(60)).await?;
    let started = Instant::now();
    let mut after = rss_mib(&server)?;
    // jemalloc hands pages back over about ten seconds; check twice a second until it has.
    let mut tick = tokio::time::interval(Duration::from_millis(500));
    while after > start + (loaded - start) / 2.0 && started.elapsed() < Duration::from_secs(60) {
        tick.tick().await;
        after = rss_mib(&server)?;
    }
    println!(
        "RSS: {start:.1} MiB at start, {loaded:.1} MiB with 40 boards loaded, {after:.1} MiB {:?} after they unloaded",
        started.elapsed()
    );
    assert!(
        after <= start + (loaded - start) / 2.0,
        "RSS stayed at {after:.1} MiB (start {start:.1}, peak {loaded:.1})"
    );
    Ok(())
}
