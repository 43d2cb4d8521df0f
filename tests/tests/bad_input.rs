//! Bad input closes only the offending socket, with the documented code; everyone else carries on.

use std::time::Duration;

use bytes::Bytes;
use futures_util::SinkExt;
use polyphony_shared::{CloseReason, protocol};
use polyphony_tests::client::Drained;
use polyphony_tests::{TestClient, TestServer, http};
use tokio_tungstenite::tungstenite::Message as WsMessage;

/// Two healthy clients on the board, used to show the room keeps working.
async fn healthy_pair(
    server: &TestServer,
    board: &polyphony_tests::http::TestBoard,
) -> anyhow::Result<(TestClient, TestClient)> {
    let url = server.ws_url(board);
    Ok((TestClient::connect(&url).await?, TestClient::connect(&url).await?))
}

/// Checks that an edit from one healthy client still reaches the other.
async fn still_syncing(pair: &(TestClient, TestClient), marker: &str) -> anyhow::Result<()> {
    pair.0.edit(|board, txn| board.set_card_text(txn, marker, marker));
    pair.1.wait_until(|board| board.card_texts().contains_key(marker)).await
}

/// Sends `bad` from a fresh client and checks it is closed with `expected` while others sync.
async fn closes_with(server: &TestServer, bad: WsMessage, expected: CloseReason) -> anyhow::Result<()> {
    let board = http::create_board(server.addr, "Bad input").await?;
    let pair = healthy_pair(server, &board).await?;
    let offender = TestClient::connect(&server.ws_url(&board)).await?;
    offender.send_message(bad);
    assert_eq!(offender.wait_closed().await?, Some(expected.code()), "{expected:?}");
    still_syncing(&pair, "after").await?;
    // Nothing from the rejected frame reached the document.
    let fresh = TestClient::connect(&server.ws_url(&board)).await?;
    assert_eq!(fresh.board.card_texts().keys().collect::<Vec<_>>(), vec!["after"]);
    Ok(())
}

/// Frames that do not decode close with 1007.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undecodable_frame_closes_with_1007() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    closes_with(&server, WsMessage::Binary(Bytes::from_static(&[0, 2, 200, 1, 2])), CloseReason::MalformedFrame)
        .await?;
    // A well-framed update whose payload is not a yrs update.
    let bad_update = protocol::update(vec![3, 250, 250, 250, 1, 0, 7]);
    closes_with(&server, WsMessage::Binary(Bytes::from(bad_update)), CloseReason::MalformedFrame).await
}

/// A frame with a good update followed by garbage is rejected whole: the good part is not kept.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn partly_bad_frame_is_rejected_whole() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let good = {
        let scratch = polyphony_shared::BoardDoc::new();
        let mut txn = yrs::Transact::transact_mut(scratch.doc());
        scratch.set_card_text(&mut txn, "smuggled", "x");
        txn.encode_update_v1()
    };
    let mut frame = protocol::update(good);
    frame.extend_from_slice(&[0, 2, 200]);
    closes_with(&server, WsMessage::Binary(Bytes::from(frame)), CloseReason::MalformedFrame).await
}

/// Text frames and unknown y-websocket message types close with 1003.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unsupported_messages_close_with_1003() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    closes_with(&server, WsMessage::Text("hello".into()), CloseReason::UnsupportedMessage).await?;
    closes_with(&server, WsMessage::Binary(Bytes::from_static(&[42, 1, 0])), CloseReason::UnsupportedMessage).await
}

/// A frame over the configured size limit closes with 1009.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_frame_closes_with_1009() -> anyhow::Result<()> {
    let server = TestServer::start_with(|config| config.max_message_bytes = 64 * 1024).await?;
    let oversized = protocol::update(vec![0; 100 * 1024]);
    closes_with(&server, WsMessage::Binary(Bytes::from(oversized)), CloseReason::MessageTooBig).await
}

/// A client flooding messages past the rate limit is closed with 1008.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn flooding_client_closes_with_1008() -> anyhow::Result<()> {
    let server = TestServer::start_with(|config| {
        config.rate_limit_per_sec = 50;
        config.rate_limit_burst = 100;
    })
    .await?;
    let board = http::create_board(server.addr, "Flood").await?;
    let pair = healthy_pair(&server, &board).await?;
    let flooder = TestClient::connect(&server.ws_url(&board)).await?;
    for _ in 0..1000 {
        flooder.send_frame(protocol::encode(&yrs::sync::Message::AwarenessQuery));
    }
    assert_eq!(flooder.wait_closed().await?, Some(CloseReason::RateLimited.code()));
    still_syncing(&pair, "after flood").await
}

/// What happened to the stalled client once it read again.
enum StallOutcome {
    Resynced,
    Closed,
}

/// A client that stops reading briefly does not hold back the others, and is resynced.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_that_stops_reading_briefly_is_resynced() -> anyhow::Result<()> {
    let outcome = stall_a_client(Duration::from_secs(10), Duration::ZERO).await?;
    assert!(matches!(outcome, StallOutcome::Resynced), "a client back within the timeout is resynced");
    Ok(())
}

/// A client that stops reading for longer than the client timeout is closed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_that_stops_reading_for_too_long_is_closed() -> anyhow::Result<()> {
    let outcome = stall_a_client(Duration::from_secs(1), Duration::from_secs(3)).await?;
    assert!(matches!(outcome, StallOutcome::Closed), "a client stalled past the timeout is closed");
    Ok(())
}

/// Stalls one client while others exchange 40 MB, checks the others were not held back,
/// then lets the stalled client read after `stall_extra` more and reports what it got.
async fn stall_a_client(client_timeout: Duration, stall_extra: Duration) -> anyhow::Result<StallOutcome> {
    let server = TestServer::start_with(|config| {
        config.client_timeout_secs = client_timeout.as_secs_f64();
        config.rate_limit_per_sec = 100_000;
        config.rate_limit_burst = 100_000;
        // Far past what a board needs, so that the stalled client has a lot to miss.
        config.max_text_chars = 200_000;
        config.max_board_bytes = 1 << 30;
    })
    .await?;
    let board = http::create_board(server.addr, "Slow reader").await?;
    let url = server.ws_url(&board);
    let pair = healthy_pair(&server, &board).await?;

    // The slow client joins and syncs, then never reads again.
    let (mut stalled, _) = tokio_tungstenite::connect_async(&url).await?;
    stalled.send(WsMessage::Binary(Bytes::from(protocol::sync_step1(yrs::StateVector::default())))).await?;

    // 40 MB of edits: far more than socket buffers and the outbox hold.
    let chunk = "x".repeat(100 * 1024);
    let started = std::time::Instant::now();
    for edit in 0..400 {
        pair.0.edit(|board, txn| board.set_card_text(txn, &format!("big-{}", edit % 20), &format!("{edit}{chunk}")));
    }
    pair.1.wait_until(|board| board.card_texts().get("big-19").is_some_and(|text| text.starts_with("399"))).await?;
    let fast_took = started.elapsed();
    assert!(fast_took < Duration::from_secs(8), "healthy clients were held back: {fast_took:?}");
    tokio::time::sleep(stall_extra).await;

    // The stalled client now reads: it is either closed with 4000 or resynced to the full state.
    let outcome = match polyphony_tests::client::drain_raw(stalled).await? {
        Drained::Closed(code) => {
            assert_eq!(code, CloseReason::TooSlow.code());
            StallOutcome::Closed
        }
        // With its socket buffer full, the close frame cannot be written: the socket is dropped.
        Drained::Dropped => StallOutcome::Closed,
        Drained::Synced(board) => {
            assert_eq!(board.card_texts(), pair.1.board.card_texts(), "resynced client holds everything");
            StallOutcome::Resynced
        }
    };
    still_syncing(&pair, "after stall").await?;
    Ok(outcome)
}
