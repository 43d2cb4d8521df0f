//! `polyphony backup` and `polyphony restore` (issue 22): a copy of the embedded store taken
//! from a running server while a client keeps writing holds every update acknowledged before
//! the copy began; restored into a fresh data directory, a server started on it serves them
//! (the old passes still work: the token secret is in the copy). Restoring over a store
//! already there, or a file that is not a copy, is refused and changes nothing.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use polyphony_shared::Perspective;
use polyphony_tests::client::signed_card;
use polyphony_tests::shared_redis::SharedRedis;
use polyphony_tests::{TestClient, TestServer, http};

/// The operator token the server starts with.
const TOKEN: &str = "operator-secret-for-backups";

/// The ids of the cards a replica holds.
fn cards(client: &TestClient) -> BTreeSet<String> {
    client.board.snapshot().cards.into_iter().map(|card| card.id.as_str().to_owned()).collect()
}

/// Runs the `polyphony` binary with these arguments: success, stdout, stderr.
async fn polyphony(args: &[&str]) -> anyhow::Result<(bool, String, String)> {
    let binary = polyphony_tests::server::server_binary()?;
    let output = tokio::process::Command::new(binary)
        .args(args)
        .env("POLYPHONY_OPERATOR_TOKEN", TOKEN)
        .env("RUST_LOG", "warn")
        .output()
        .await?;
    Ok((output.status.success(), String::from_utf8(output.stdout)?, String::from_utf8(output.stderr)?))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_copy_taken_under_load_holds_every_acknowledged_update() -> anyhow::Result<()> {
    let server = TestServer::start_with(|config| config.operator_token = Some(TOKEN.into())).await?;
    let addr = server.addr;
    let board = http::create_board(addr, "Kept safe").await?;
    let writer = TestClient::join_as_participant(addr, board.id, "Ana", Perspective::Citizen).await?;
    let reader = Arc::new(TestClient::connect(&board.url(addr)).await?);
    let writing = Arc::new(AtomicBool::new(true));
    let load = {
        let writing = Arc::clone(&writing);
        tokio::spawn(async move {
            let mut written = 0u32;
            while writing.load(Ordering::Relaxed) {
                let id = format!("card-{written}");
                writer.edit(signed_card(&id, "Written while the copy is taken", "Ana", Perspective::Citizen));
                written += 1;
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            written
        })
    };
    reader.wait_until(|content| content.snapshot().cards.len() >= 100).await?;
    // What the reader received, the server had stored (it sends nothing it has not stored).
    let acknowledged = cards(&reader);
    let copy_dir = tempfile::tempdir()?;
    let copy = copy_dir.path().join("copy.redb");
    let server_addr = addr.to_string();
    let (ok, out, err) = polyphony(&["backup", "--server", &server_addr, "-o", &copy.display().to_string()]).await?;
    assert!(ok, "{out}{err}");
    assert!(out.contains("Wrote a copy of the store") && out.contains("1 boards"), "{out}");
    tokio::time::sleep(Duration::from_millis(200)).await;
    writing.store(false, Ordering::Relaxed);
    let written = load.await?;
    reader.wait_until(|content| content.snapshot().cards.len() == written as usize).await?;
    assert!(written as usize > acknowledged.len(), "the writer kept writing while the copy was taken");

    let data_dir = tempfile::tempdir()?;
    let target = data_dir.path().display().to_string();
    let (ok, out, err) = polyphony(&["restore", &copy.display().to_string(), "--data-dir", &target]).await?;
    assert!(ok, "{out}{err}");
    let (ok, _, err) = polyphony(&["restore", &copy.display().to_string(), "--data-dir", &target]).await?;
    assert!(!ok && err.contains("holds a store already"), "{err}");
    let garbage = copy_dir.path().join("garbage.redb");
    std::fs::write(&garbage, b"not a database at all")?;
    let elsewhere = tempfile::tempdir()?;
    let (ok, _, err) =
        polyphony(&["restore", &garbage.display().to_string(), "--data-dir", &elsewhere.path().display().to_string()])
            .await?;
    assert!(!ok && err.contains("is not a copy of a Polyphony store"), "{err}");
    assert!(std::fs::read_dir(elsewhere.path())?.next().is_none(), "nothing was put in place");

    let restored = TestServer::start_on_copy_of(data_dir.path()).await?;
    let reader = TestClient::connect(&board.url(restored.addr)).await?;
    let held = cards(&reader);
    let missing: Vec<&String> = acknowledged.difference(&held).collect();
    assert!(missing.is_empty(), "acknowledged before the copy, missing from it: {missing:?}");
    println!(
        "copy under load: {} cards acknowledged before it, {} in it, {} written in all",
        acknowledged.len(),
        held.len(),
        written
    );
    server.stop().await?;
    restored.stop().await
}

#[tokio::test]
async fn a_server_on_redis_says_to_back_up_redis() -> anyhow::Result<()> {
    let redis = polyphony_tests::redis_server::RedisServer::start().await?;
    let url = redis.url();
    let server = TestServer::start_with(move |config| {
        config.redis_url = Some(url);
        config.operator_token = Some(TOKEN.into());
    })
    .await?;
    let answer =
        http::request_with_token(server.addr, "POST", polyphony_shared::admin::STORE_COPY_PATH, TOKEN, None).await?;
    assert_eq!(answer.status, 409, "{}", answer.body);
    assert!(answer.body["error"].as_str().is_some_and(|error| error.contains("Redis")), "{}", answer.body);
    Ok(())
}
