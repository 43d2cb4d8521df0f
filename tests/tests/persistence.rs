//! Durability: boards survive graceful restarts, crashes (SIGKILL) and unloading.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use polyphony_tests::{ServerProcess, TestClient, TestServer, http, workload};
use rand::Rng;

/// A graceful restart on the same data directory gives back the identical document.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn board_survives_graceful_restart() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Restart").await?;
    let client = TestClient::connect(&server.ws_url(&board)).await?;
    for edit in 0..50 {
        client.edit(|board, txn| {
            board.insert_problem_text(txn, edit, "x");
            board.set_card_text(txn, &format!("card-{}", edit % 7), &format!("text {edit}"));
        });
    }
    let observer = TestClient::connect(&server.ws_url(&board)).await?;
    observer.wait_until(|board| board.problem_statement().len() == 50).await?;
    let before = observer.board.to_json();
    drop((client, observer));

    let server = server.restart().await?;
    assert_eq!(http::request(server.addr, "GET", &format!("/api/boards/{}", board.id), None).await?.status, 200);
    let after = TestClient::connect(&server.ws_url(&board)).await?;
    assert_eq!(after.board.to_json(), before);
    Ok(())
}

/// An idle board is unloaded from memory, and loads again, intact, on the next join.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_board_unloads_and_reloads() -> anyhow::Result<()> {
    let server = TestServer::start_with(|config| config.idle_unload_secs = 0.3).await?;
    let board = http::create_board(server.addr, "Idle").await?;
    let client = TestClient::connect(&server.ws_url(&board)).await?;
    client.edit(|board, txn| board.insert_problem_text(txn, 0, "kept while unloaded"));
    let observer = TestClient::connect(&server.ws_url(&board)).await?;
    observer.wait_until(|board| board.problem_statement() == "kept while unloaded").await?;
    client.close();
    observer.close();

    http::wait_until_unloaded(server.addr, 0, polyphony_tests::WAIT).await?;
    let again = TestClient::connect(&server.ws_url(&board)).await?;
    assert_eq!(again.board.problem_statement(), "kept while unloaded");
    Ok(())
}

fn ws_url(addr: std::net::SocketAddr, board: &http::TestBoard) -> String {
    board.url(addr)
}

/// SIGKILL at random moments while a client edits: every edit another client has observed
/// is there after the restart.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn observed_edits_survive_kill_9_at_random_moments() -> anyhow::Result<()> {
    let data_dir = tempfile::tempdir()?;
    let mut server = ServerProcess::spawn(data_dir.path(), &["--rate-limit-per-sec", "10000"]).await?;
    let board = http::create_board(server.addr, "Crash").await?;
    let mut observed_total = BTreeSet::new();
    for round in 0..6u32 {
        let url = ws_url(server.addr, &board);
        let writer = TestClient::connect(&url).await?;
        let observer = TestClient::connect(&url).await?;
        let kill_after = Duration::from_millis(rand::rng().random_range(20..400));
        let started = Instant::now();
        let mut edit = 0u32;
        while started.elapsed() < kill_after {
            writer.edit(|board, txn| board.set_card_text(txn, &format!("r{round}-e{edit}"), "edit"));
            edit += 1;
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        // Whatever the observer holds at the kill was fanned out, so it must be durable.
        let observed: BTreeSet<String> = observer.board.card_texts().into_keys().collect();
        server.kill9().await?;
        observed_total.extend(observed.iter().cloned());

        server = ServerProcess::spawn(data_dir.path(), &["--rate-limit-per-sec", "10000"]).await?;
        let check = TestClient::connect(&ws_url(server.addr, &board)).await?;
        let stored: BTreeSet<String> = check.board.card_texts().into_keys().collect();
        let lost: Vec<_> = observed_total.difference(&stored).collect();
        assert!(lost.is_empty(), "round {round}: observed edits lost after kill -9: {lost:?}");
        println!(
            "round {round}: killed after {kill_after:?}, {edit} edits sent, {} observed, all kept",
            observed.len()
        );
    }
    anyhow::ensure!(!observed_total.is_empty(), "the observer never saw an edit, so nothing was tested");
    Ok(())
}

/// SIGTERM stops the binary cleanly (exit code 0) and keeps the board.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_shuts_down_cleanly() -> anyhow::Result<()> {
    let data_dir = tempfile::tempdir()?;
    let server = ServerProcess::spawn(data_dir.path(), &[]).await?;
    let board = http::create_board(server.addr, "Term").await?;
    let client = TestClient::connect(&ws_url(server.addr, &board)).await?;
    client.edit(|board, txn| board.insert_problem_text(txn, 0, "before SIGTERM"));
    let observer = TestClient::connect(&ws_url(server.addr, &board)).await?;
    observer.wait_until(|board| board.problem_statement() == "before SIGTERM").await?;
    assert_eq!(server.terminate().await?, Some(0));
    assert_eq!(client.wait_closed().await?, Some(1001), "clients are told the server is going away");

    let server = ServerProcess::spawn(data_dir.path(), &[]).await?;
    let again = TestClient::connect(&ws_url(server.addr, &board)).await?;
    assert_eq!(again.board.problem_statement(), "before SIGTERM");
    Ok(())
}

/// A board written by 50,000 small updates restarts with identical state; prints the load time.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_thousand_updates_reload_identically() -> anyhow::Result<()> {
    const UPDATES: u32 = 50_000;
    let server = TestServer::start_with(|config| {
        config.rate_limit_per_sec = 1_000_000;
        config.rate_limit_burst = 1_000_000;
        // 25,000 letters go into the problem statement.
        config.max_text_chars = 100_000;
    })
    .await?;
    let board = http::create_board(server.addr, "Fifty thousand").await?;
    let url = server.ws_url(&board);
    let writer = TestClient::connect(&url).await?;
    let started = Instant::now();
    let observer = workload::write_mixed_updates(&writer, &url, UPDATES).await?;
    println!("50,000 updates sent and stored in {:?}", started.elapsed());
    let before = observer.board.to_json();
    drop((writer, observer));

    let server = server.restart().await?;
    let load_started = Instant::now();
    let after = TestClient::connect(&server.ws_url(&board)).await?;
    let cold = load_started.elapsed();
    assert_eq!(after.board.to_json(), before);
    let warm_started = Instant::now();
    let _warm = TestClient::connect(&server.ws_url(&board)).await?;
    let warm = warm_started.elapsed();
    println!("50,000-update board: cold load + sync {cold:?}, warm sync {warm:?}");
    Ok(())
}
