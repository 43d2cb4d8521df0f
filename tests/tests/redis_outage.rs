//! Refusing an update needs no store: during a Redis outage a board keeps serving its
//! clients, refusals included.

use anyhow::Context;
use polyphony_shared::{Command, Perspective, Section};
use polyphony_tests::redis_server::RedisServer;
use polyphony_tests::shared_redis::SharedRedis;
use polyphony_tests::{TestClient, TestServer, http};

async fn instance(redis: &RedisServer) -> anyhow::Result<TestServer> {
    let url = redis.url();
    TestServer::start_with(move |config| config.redis_url = Some(url)).await
}

/// A refused update (here, into a locked section) used to take the board down on its
/// instance while Redis was away: undoing it meant reloading the board from Redis, which
/// failed, and every client got 1011. Now the sender is told why, nobody is disconnected,
/// edits elsewhere keep flowing, and once Redis is back everything accepted is stored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_during_a_redis_outage_keep_the_board_up() -> anyhow::Result<()> {
    let redis = RedisServer::start().await?;
    let server = instance(&redis).await?;
    let board = http::create_board(server.addr, "Outage").await?;
    let locked =
        http::command(server.addr, board.id, &board.token, &Command::Lock { section: Section::ProblemStatement });
    anyhow::ensure!(locked.await?.status == 204, "lock refused");
    let ana = TestClient::join_as_participant(server.addr, board.id, "Ana", Perspective::Citizen).await?;
    let ben = TestClient::join_as_participant(server.addr, board.id, "Ben", Perspective::Professional).await?;
    let facilitator = TestClient::connect(&board.url(server.addr)).await?;
    let reader = TestClient::connect(&board.url(server.addr)).await?;

    let stopped = redis.stop().await?;
    ana.edit(|board, txn| board.insert_problem_text(txn, 0, "not allowed"));
    ana.wait_for(|seen, _| !seen.denials.is_empty()).await.context("Ana is told")?;
    assert!(ana.seen().denials[0].contains("locked"), "{:?}", ana.seen().denials);
    facilitator.edit(|board, txn| board.set_card_text(txn, "from-facilitator", "during the outage"));
    reader.wait_until(|board| board.card_texts().contains_key("from-facilitator")).await?;
    ben.edit(|board, txn| board.set_card_text(txn, "from-ben", "an open section"));
    reader.wait_until(|board| board.card_texts().contains_key("from-ben")).await?;
    for client in [&ana, &ben, &facilitator, &reader] {
        assert!(!client.seen().ended, "nobody was disconnected: {:?}", client.seen());
    }
    assert_eq!(reader.board.problem_statement(), "", "the refused edit reached nobody");

    let redis = stopped.start_again().await?;
    facilitator.edit(|board, txn| board.set_card_text(txn, "after", "Redis is back"));
    reader.wait_until(|board| board.card_texts().contains_key("after")).await?;
    let fresh_instance = instance(&redis).await?;
    let fresh = TestClient::connect(&board.url(fresh_instance.addr)).await?;
    fresh.wait_until(|board| board.card_texts().contains_key("after")).await?;
    for card in ["from-facilitator", "from-ben"] {
        assert!(fresh.board.card_texts().contains_key(card), "held edit {card} was stored");
    }
    assert_eq!(fresh.board.problem_statement(), "");
    Ok(())
}
