//! Restore points: a vandal's update is undone by a facilitator, for one card or the whole
//! board, over real sockets and HTTP, with the embedded store and with Redis.

use std::time::Duration;

use anyhow::Context;
use polyphony_shared::history::{PointInfo, PointPreview};
use polyphony_shared::{CardColour, Command, DocName, NewCard, Perspective, Phase};
use polyphony_tests::http::{self, TestBoard};
use polyphony_tests::redis_server::RedisServer;
use polyphony_tests::shared_redis::SharedRedis;
use polyphony_tests::{TestClient, TestServer};
use yrs::{Map, Text, WriteTxn};

fn content_url(server: &TestServer, board: &TestBoard, token: &str) -> String {
    http::ws_url(server.addr, board.id, DocName::Content, token)
}

async fn points(server: &TestServer, board: &TestBoard, token: &str) -> anyhow::Result<(u16, Vec<PointInfo>)> {
    let path = format!("/api/boards/{}/points", board.id);
    let response = http::request_with_token(server.addr, "GET", &path, token, None).await?;
    Ok((response.status, serde_json::from_value(response.body).unwrap_or_default()))
}

async fn go_back(
    server: &TestServer,
    board: &TestBoard,
    token: &str,
    point: u64,
    card: Option<&str>,
) -> anyhow::Result<u16> {
    let command = Command::GoBack { point, card: card.map(polyphony_shared::item_ids::CardId::from) };
    Ok(http::command(server.addr, board.id, token, &command).await?.status)
}

fn card(id: &'static str, text: &'static str) -> NewCard<'static> {
    NewCard {
        id,
        text,
        colour: CardColour::Blue,
        author_name: "Ana",
        perspective: Perspective::Citizen,
        x: 20.0,
        y: 20.0,
        cluster: None,
    }
}

/// Ana writes; the server takes a point while she does; Mallory wipes the board in one
/// update. Participants cannot see or use the history; the facilitator previews the point,
/// brings back one card, then the whole board, and every step left a point to go back to.
async fn vandalism_is_undone(server: TestServer) -> anyhow::Result<TestServer> {
    let board = http::create_board(server.addr, "History").await?;
    let ana = http::join_as_participant(server.addr, board.id, "Ana", Perspective::Citizen).await?;
    let mallory = http::join_as_participant(server.addr, board.id, "Mallory", Perspective::Citizen).await?;
    let anas = TestClient::connect(&content_url(&server, &board, &ana.token)).await?;
    anas.edit(|board, txn| {
        board.insert_problem_text(txn, 0, "Older people are lonely.");
        board.add_question(txn, "q1", "How might we visit more?");
        board.add_card(txn, card("c1", "Weekend visits"));
        board.add_card(txn, card("c2", "Call a neighbour"));
    });
    let observer = TestClient::connect(&server.ws_url(&board)).await?;
    observer.wait_until(|board| board.card_texts().len() == 2).await?;

    // A point is taken within a second of writing (the test server's setting).
    let taken = async {
        loop {
            let (_, listed) = points(&server, &board, &board.token).await?;
            if let Some(point) = listed.into_iter().find(|point| point.cards == 2) {
                return anyhow::Ok(point);
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    };
    let point = tokio::time::timeout(Duration::from_secs(10), taken).await.context("an automatic point")??;
    assert_eq!((point.label.as_str(), point.questions), ("Every few minutes", 1));

    let vandal = TestClient::connect(&content_url(&server, &board, &mallory.token)).await?;
    vandal.edit(|_, txn| {
        let statement = txn.get_or_insert_text("problemStatement");
        let length = statement.len(txn);
        statement.remove_range(txn, 0, length);
        txn.get_or_insert_map("cards").clear(txn);
        txn.get_or_insert_map("questions").clear(txn);
    });
    observer.wait_until(|board| board.card_texts().is_empty() && board.problem_statement().is_empty()).await?;

    assert_eq!(points(&server, &board, &mallory.token).await?.0, 403);
    assert_eq!(go_back(&server, &board, &mallory.token, point.id, None).await?, 403);
    let path = format!("/api/boards/{}/points/{}", board.id, point.id);
    let preview = http::request_with_token(server.addr, "GET", &path, &board.token, None).await?;
    assert_eq!(preview.status, 200);
    let preview: PointPreview = serde_json::from_value(preview.body)?;
    assert_eq!(preview.problem_statement, "Older people are lonely.");
    assert_eq!(preview.cards.iter().filter(|card| !card.unchanged).count(), 2, "both cards are gone now");

    assert_eq!(go_back(&server, &board, &board.token, point.id, Some("c1")).await?, 204);
    observer.wait_until(|board| board.card_texts().keys().map(String::as_str).eq(["c1"])).await?;
    assert_eq!(go_back(&server, &board, &board.token, point.id, Some("nope")).await?, 404);
    assert_eq!(go_back(&server, &board, &board.token, 1, None).await?, 404);

    assert_eq!(go_back(&server, &board, &board.token, point.id, None).await?, 204);
    observer
        .wait_until(|board| {
            let snapshot = board.snapshot();
            snapshot.cards.len() == 2
                && snapshot.questions.len() == 1
                && snapshot.problem_statement == "Older people are lonely."
        })
        .await?;
    assert_eq!(observer.board.card_texts().get("c2").map(String::as_str), Some("Call a neighbour"));

    let phase = Command::SetPhase { phase: Phase::CoCreation };
    assert_eq!(http::command(server.addr, board.id, &board.token, &phase).await?.status, 204);
    let named = Command::SavePoint { label: "Before the vote".into() };
    assert_eq!(http::command(server.addr, board.id, &board.token, &named).await?.status, 204);
    let (_, listed) = points(&server, &board, &board.token).await?;
    let labels: Vec<&str> = listed.iter().map(|point| point.label.as_str()).collect();
    assert_eq!(labels.first(), Some(&"Before the vote"), "newest first: {labels:?}");
    assert!(labels.iter().any(|label| label.starts_with("Before the phase")), "{labels:?}");
    assert!(labels.iter().any(|label| label.starts_with("Before going back")), "{labels:?}");
    assert!(labels.iter().any(|label| label.starts_with("Before bringing back a card")), "{labels:?}");
    assert!(listed.len() <= 5, "at most the kept number: {labels:?}");
    Ok(server)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_facilitator_undoes_vandalism_from_restore_points() -> anyhow::Result<()> {
    let server = TestServer::start_with(|config| {
        config.restore_point_every_secs = 1;
        config.restore_points_kept = 5;
    })
    .await?;
    let server = vandalism_is_undone(server).await?;
    server.stop().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restore_points_work_with_redis() -> anyhow::Result<()> {
    let redis = RedisServer::start().await?;
    let url = redis.url();
    let server = TestServer::start_with(move |config| {
        config.redis_url = Some(url);
        config.restore_point_every_secs = 1;
        config.restore_points_kept = 5;
    })
    .await?;
    let server = vandalism_is_undone(server).await?;
    server.stop().await
}
