//! Redis mode: several instances serve the same boards through a real redis-server, which the
//! harness starts on a free port with append-only persistence. The scale-out scenarios
//! themselves are in `polyphony_tests::scale_out`, shared with the Redis Cluster tests.

use std::collections::BTreeSet;
use std::time::Duration;

use polyphony_tests::redis_server::RedisServer;
use polyphony_tests::scale_out::{self, converged};
use polyphony_tests::shared_redis::SharedRedis;
use polyphony_tests::{TestClient, http};

/// Clients spread over two, then three instances edit one board at once; every replica ends
/// identical, a fresh instance loads the same document from Redis, and presence crosses too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clients_on_two_and_three_instances_converge() -> anyhow::Result<()> {
    scale_out::clients_on_two_and_three_instances_converge(&RedisServer::start().await?).await
}

/// SIGKILL of an instance while its client edits: nothing another instance saw is lost.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_instance_loses_nothing_and_its_clients_move_on() -> anyhow::Result<()> {
    scale_out::killed_instance_loses_nothing_and_its_clients_move_on(&RedisServer::start().await?).await
}

/// Twenty boards with clients on three instances: each board gets exactly its own edits.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_boards_on_three_instances_do_not_cross_talk() -> anyhow::Result<()> {
    scale_out::twenty_boards_on_three_instances_do_not_cross_talk(&RedisServer::start().await?).await
}

/// Two instances compacting the same log at once while both take edits lose nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_compactions_lose_no_updates() -> anyhow::Result<()> {
    scale_out::concurrent_compactions_lose_no_updates(&RedisServer::start().await?).await
}

/// A participant removed through one instance is disconnected and refused on another.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn removal_and_roles_hold_across_instances() -> anyhow::Result<()> {
    scale_out::removal_and_roles_hold_across_instances(&RedisServer::start().await?).await
}

/// Votes through two instances at once stay within the participant's budget.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn votes_through_two_instances_stay_within_the_budget() -> anyhow::Result<()> {
    scale_out::votes_through_two_instances_stay_within_the_budget(&RedisServer::start().await?).await
}

/// Redis restarts while clients edit: instances keep serving their clients (edits still fan
/// out locally), `/healthz` reports the degradation, a board loaded nowhere fails to open
/// with a clear error, and once Redis is back every held edit reaches the other instance and
/// storage.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_restart_mid_editing_loses_nothing() -> anyhow::Result<()> {
    let redis = RedisServer::start().await?;
    let (first, second) = (redis.instance().await?, redis.instance().await?);
    let board = http::create_board(first.addr, "Outage").await?;
    let cold_board = http::create_board(first.addr, "Not loaded anywhere").await?;
    let writer = TestClient::connect(&first.ws_url(&board)).await?;
    let local_peer = TestClient::connect(&first.ws_url(&board)).await?;
    let remote_peer = TestClient::connect(&second.ws_url(&board)).await?;
    for edit in 0..20 {
        writer.edit(|board, txn| board.set_card_text(txn, &format!("before-{edit}"), "before"));
    }
    remote_peer.wait_until(|board| board.card_texts().len() == 20).await?;

    let stopped = redis.stop().await?;
    for edit in 0..50 {
        writer.edit(|board, txn| board.set_card_text(txn, &format!("during-{edit}"), "while Redis is down"));
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    local_peer.wait_until(|board| board.card_texts().len() == 70).await?;
    let health = http::request(first.addr, "GET", "/healthz", None).await?;
    assert_eq!(health.body["status"], "degraded", "{:?}", health.body);
    assert_eq!(health.body["store"], "unreachable", "{:?}", health.body);
    let refused = http::request(second.addr, "GET", &format!("/api/boards/{}", cold_board.id), None).await?;
    assert_eq!(refused.status, 503, "{:?}", refused.body);
    assert!(refused.body["error"].as_str().is_some_and(|error| error.contains("out of reach")), "{:?}", refused.body);

    let redis = stopped.start_again().await?;
    for edit in 0..20 {
        writer.edit(|board, txn| board.set_card_text(txn, &format!("after-{edit}"), "after"));
    }
    remote_peer.wait_until(|board| board.card_texts().len() == 90).await?;
    let expected = converged(&[&writer, &local_peer, &remote_peer]).await?;
    let health = http::request(first.addr, "GET", "/healthz", None).await?;
    assert_eq!(health.body["status"], "ok", "{:?}", health.body);

    let fresh = redis.instance().await?;
    let check = TestClient::connect(&fresh.ws_url(&board)).await?;
    assert_eq!(check.board.to_json(), expected, "Redis holds every edit, including those made during the outage");
    Ok(())
}

/// A compaction that arrives after a newer one (an instance that was behind) is ignored, and
/// the log entries after a snapshot stay: loading gives back every update.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stale_compaction_is_ignored() -> anyhow::Result<()> {
    use polyphony_server::store::{DocKey, Store};
    use yrs::{ReadTxn, StateVector, Transact, updates::decoder::Decode};

    let redis = RedisServer::start().await?;
    let server = redis.instance().await?;
    let board = http::create_board(server.addr, "Stale").await?;
    let shutdown = tokio_util::sync::CancellationToken::new();
    let meter = polyphony_server::metrics::RedisMeter::new();
    let (store, _replication) = polyphony_server::redis::connect(&redis.url(), shutdown.clone(), meter).await?;
    let key = DocKey { board: board.id, doc: polyphony_shared::DocName::Content };

    let writer = polyphony_shared::BoardDoc::new();
    let mut snapshots = Vec::new();
    let mut through = 0;
    for edit in 0..10 {
        let update = {
            let mut txn = writer.doc().transact_mut();
            writer.set_card_text(&mut txn, &format!("card-{edit}"), "text");
            txn.encode_update_v1()
        };
        through = store.append(key, vec![update.into()]).await?;
        snapshots.push((writer.doc().transact().encode_state_as_update_v1(&StateVector::default()), through));
    }
    let (newer, newer_through) = snapshots[7].clone();
    let (older, older_through) = snapshots[3].clone();
    store.compact(key, newer.into(), newer_through).await?;
    store.compact(key, older.into(), older_through).await?;

    let stored = store.load(key).await?;
    assert_eq!(stored.snapshot_seq, newer_through, "the older snapshot did not replace the newer");
    assert_eq!(stored.last_seq, through);
    let loaded = polyphony_shared::BoardDoc::new();
    {
        let mut txn = loaded.doc().transact_mut();
        for bytes in stored.snapshot.iter().chain(&stored.updates) {
            txn.apply_update(yrs::Update::decode_v1(bytes)?)?;
        }
    }
    let expected: BTreeSet<String> = (0..10).map(|edit| format!("card-{edit}")).collect();
    assert_eq!(loaded.card_texts().into_keys().collect::<BTreeSet<_>>(), expected);
    shutdown.cancel();
    Ok(())
}

/// Several URLs name the nodes of a Redis Cluster; given to a Redis that is not one, the
/// server refuses to start and says why, instead of running half-connected.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn several_urls_to_a_redis_that_is_no_cluster_is_refused_at_start() -> anyhow::Result<()> {
    let redis = RedisServer::start().await?;
    let urls = format!("{},{}", redis.url(), redis.url());
    let data_dir = tempfile::tempdir()?;
    let binary = polyphony_tests::server::server_binary()?;
    let mut command = tokio::process::Command::new(binary);
    command.args(["serve", "--addr", "127.0.0.1:0", "--redis-url", &urls, "--data-dir"]).arg(data_dir.path());
    let ended = tokio::time::timeout(polyphony_tests::WAIT, command.output()).await??;
    let said = String::from_utf8_lossy(&ended.stderr);
    assert!(!ended.status.success(), "an instance started on a list of nodes that is no cluster: {said}");
    assert!(said.contains("not in cluster mode"), "{said}");
    Ok(())
}
