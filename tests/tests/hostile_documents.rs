//! Updates that would break, bloat or slow down a board are refused before they touch it,
//! and a board already poisoned by such updates opens safely.

use std::time::{Duration, Instant};

use anyhow::Context;
use polyphony_shared::{Command, DocName, Perspective, Section, protocol};
use polyphony_tests::http;
use polyphony_tests::{TestClient, TestServer, crafted, tests_dir};

/// A chain of 8,000 nested maps kept a room busy for half a minute, because every change in
/// it was checked along its whole path, and one more level cost more each time. Shared types
/// may nest a few levels deep; the chain is refused with 1007 at once, and the board's
/// other clients do not wait.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deeply_nested_types_are_refused_at_once() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Chain").await?;
    let writer = TestClient::connect(&board.url(server.addr)).await?;
    let reader = TestClient::connect(&board.url(server.addr)).await?;
    let attacker = TestClient::join_as_participant(server.addr, board.id, "Mallory", Perspective::Citizen).await?;
    let started = Instant::now();
    attacker.send_frame(protocol::update(crafted::nested_maps_update(99, 8_000)));
    assert_eq!(attacker.wait_closed().await?, Some(polyphony_shared::CloseReason::MalformedFrame.code()));
    writer.edit(|board, txn| board.set_card_text(txn, "meanwhile", "still here"));
    reader.wait_until(|board| board.card_texts().contains_key("meanwhile")).await?;
    println!("chain refused and a bystander's edit delivered in {:?}", started.elapsed());
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
    Ok(())
}

/// Characters inside an array (not a text) were accepted and sent to everyone; reading
/// that array in yrs never ended, so any replica that showed the board would hang. Such
/// content is refused with 1007, and the board reads as before.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn characters_outside_a_text_are_refused() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Array").await?;
    let reader = TestClient::connect(&board.url(server.addr)).await?;
    let attacker = TestClient::join_as_participant(server.addr, board.id, "Mallory", Perspective::Citizen).await?;
    attacker.send_frame(protocol::update(crafted::characters_in_an_array_update(4_040)));
    assert_eq!(attacker.wait_closed().await?, Some(polyphony_shared::CloseReason::MalformedFrame.code()));
    let fresh = TestClient::connect(&board.url(server.addr)).await?;
    let read = tokio::task::spawn_blocking(move || format!("{:?}", fresh.board.to_json()));
    let json = tokio::time::timeout(Duration::from_secs(5), read).await.context("reading the board hangs")??;
    assert!(!json.contains("list"), "nothing of it was kept: {json}");
    assert!(reader.seen().frames > 0 && !reader.seen().ended);
    Ok(())
}

/// Nothing bounded a board: three 16 MB updates were stored and every newcomer downloaded
/// them. A text may grow to a set length and a board to a set size; beyond them an edit is
/// refused with a reason the person can read, and none of it is kept.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn texts_and_boards_have_a_size_limit() -> anyhow::Result<()> {
    let server = TestServer::start_with(|config| {
        config.max_text_chars = 1_000;
        config.max_board_bytes = 64 * 1024;
    })
    .await?;
    let board = http::create_board(server.addr, "Budget").await?;
    let ana = TestClient::join_as_participant(server.addr, board.id, "Ana", Perspective::Citizen).await?;
    ana.edit(|board, txn| board.set_card_text(txn, "long", &"x".repeat(1_001)));
    ana.wait_for(|seen, _| !seen.denials.is_empty()).await.context("the long text is refused")?;
    assert!(ana.seen().denials[0].contains("at most 1000 characters"), "{:?}", ana.seen().denials);

    let ben = TestClient::join_as_participant(server.addr, board.id, "Ben", Perspective::Citizen).await?;
    let reader = TestClient::connect(&board.url(server.addr)).await?;
    for card in 0..200 {
        let id = format!("card-{card}");
        ben.edit(|board, txn| board.set_card_text(txn, &id, &"y".repeat(900)));
        // Each card is either stored (and reaches the reader) or refused.
        tokio::select! {
            stored = reader.wait_until(|board| board.card_texts().contains_key(&id)) => stored?,
            refused = ben.wait_for(|seen, _| !seen.denials.is_empty()) => {
                refused?;
                break;
            }
        }
    }
    let denials = ben.seen().denials;
    assert!(denials.first().is_some_and(|reason| reason.contains("full")), "the board fills up: {denials:?}");
    let fresh = TestClient::connect(&board.url(server.addr)).await?;
    let texts = fresh.board.card_texts();
    assert!(!texts.contains_key("long"), "the long text was not kept");
    let stored: usize = texts.values().map(String::len).sum();
    assert!(stored <= 64 * 1024, "the board holds {stored} bytes of text");
    Ok(())
}

/// Refusing an update rebuilt the whole board, so a participant reconnecting in a loop with
/// a refused edit slowed everyone down in proportion to the board. Refusing now costs what
/// the update costs: the same on a board of 3,000 cards as on an empty one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusing_costs_the_update_not_the_board() -> anyhow::Result<()> {
    let server = TestServer::start_with(|config| {
        config.rate_limit_per_sec = 100_000;
        config.rate_limit_burst = 100_000;
    })
    .await?;
    let small = http::create_board(server.addr, "Small").await?;
    let big = http::create_board(server.addr, "Big").await?;
    let filler = TestClient::connect(&big.url(server.addr)).await?;
    for card in 0..3_000 {
        filler.edit(|board, txn| board.set_card_text(txn, &format!("card-{card}"), &format!("Idea number {card}")));
    }
    let check = TestClient::connect(&big.url(server.addr)).await?;
    check.wait_until(|board| board.card_texts().len() == 3_000).await?;
    let mut medians = Vec::new();
    for board in [&small, &big] {
        let locked =
            http::command(server.addr, board.id, &board.token, &Command::Lock { section: Section::Ideas }).await?;
        anyhow::ensure!(locked.status == 204, "lock answered {locked:?}");
        let mut times = Vec::new();
        for _ in 0..4 {
            // A few refusals per connection, then it reconnects, as the client did.
            let client =
                TestClient::join_as_participant(server.addr, board.id, "Looping", Perspective::Citizen).await?;
            for attempt in 0..8 {
                let started = Instant::now();
                client.edit(|board, txn| board.set_card_text(txn, &format!("try-{attempt}"), "again"));
                client.wait_for(|seen, _| seen.denials.len() > attempt).await?;
                times.push(started.elapsed());
            }
        }
        times.sort();
        medians.push(times[times.len() / 2]);
    }
    println!("median refusal round trip: empty board {:?}, 3,000 cards {:?}", medians[0], medians[1]);
    let ratio = medians[1].as_secs_f64() / medians[0].as_secs_f64().max(1e-6);
    assert!(ratio < 4.0, "a refusal on the big board took {ratio:.1} times as long");
    Ok(())
}

/// A data directory written by the old server while it was fed fuzzed frames: opening its
/// board corrupted memory inside yrs and crashed the server. The updates that no longer
/// apply are quarantined (reported in `/healthz` and kept in the store), the board opens
/// and syncs, and once compacted without them it loads clean after a restart.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_poisoned_board_opens_safely_and_heals() -> anyhow::Result<()> {
    let fixture = tests_dir().join("fixtures/poisoned-board");
    let board: polyphony_shared::BoardId = std::fs::read_to_string(fixture.join("BOARD_ID"))?.trim().parse()?;
    let server = TestServer::start_on_copy_of(&fixture).await?;
    let joined = http::join_as_participant(server.addr, board, "Ana", Perspective::Citizen).await?;
    let url = http::ws_url(server.addr, board, DocName::Content, &joined.token);
    let ana = TestClient::connect(&url).await?;
    let health = http::request(server.addr, "GET", "/healthz", None).await?;
    let quarantined = health.body["quarantined_updates"].as_u64().context("no count")?;
    assert!(quarantined > 0, "{:?}", health.body);
    ana.edit(|board, txn| board.insert_problem_text(txn, 0, "Healed: "));
    let other = TestClient::connect(&url).await?;
    other.wait_until(|board| board.problem_statement().starts_with("Healed: ")).await?;
    let before = other.board.to_json();

    let server = server.restart().await?;
    let url = http::ws_url(server.addr, board, DocName::Content, &joined.token);
    let again = TestClient::connect(&url).await?;
    assert_eq!(again.board.to_json(), before, "the board reloads as it was served");
    let health = http::request(server.addr, "GET", "/healthz", None).await?;
    assert_eq!(health.body["quarantined_updates"], 0, "nothing left to quarantine: {:?}", health.body);
    Ok(())
}
