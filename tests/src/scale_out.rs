//! The scale-out scenarios: several instances serving the same boards through a shared Redis.
//! Each takes a [`SharedRedis`], so the same scenario runs against one redis-server
//! (`tests/tests/redis.rs`) and against a three-primary Redis Cluster
//! (`tests/tests/redis_cluster.rs`).

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use rand::Rng;

use polyphony_shared::admin;
use polyphony_shared::{BoardId, Perspective};

use crate::admin::{OPERATOR_TOKEN, listed};
use crate::client::signed_card;
use crate::shared_redis::SharedRedis;
use crate::{ServerProcess, TestClient, WAIT, http};

/// Starts the `polyphony` binary in Redis mode, for scenarios that kill it.
pub async fn instance_process(redis: &impl SharedRedis, data_dir: &std::path::Path) -> anyhow::Result<ServerProcess> {
    ServerProcess::spawn(data_dir, &["--redis-url", &redis.url(), "--rate-limit-per-sec", "10000"]).await
}

/// The ids of the cards a client holds.
pub fn card_ids(client: &TestClient) -> BTreeSet<String> {
    client.board.card_texts().into_keys().collect()
}

/// Waits until every client holds the same document as the first, and returns it.
pub async fn converged(clients: &[&TestClient]) -> anyhow::Result<yrs::Any> {
    let deadline = Instant::now() + WAIT;
    loop {
        let first = clients[0].board.to_json();
        if clients.iter().all(|client| client.board.to_json() == first) {
            return Ok(first);
        }
        anyhow::ensure!(Instant::now() < deadline, "replicas did not converge");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Clients spread over two, then three instances edit one board at once; every replica ends
/// identical, a fresh instance loads the same document from Redis, and presence crosses too.
pub async fn clients_on_two_and_three_instances_converge(redis: &impl SharedRedis) -> anyhow::Result<()> {
    let (first, second) = (redis.instance().await?, redis.instance().await?);
    let board = http::create_board(first.addr, "Spread").await?;
    let on_first = TestClient::connect(&first.ws_url(&board)).await?;
    let on_second = TestClient::connect(&second.ws_url(&board)).await?;
    for edit in 0..30 {
        on_first.edit(|board, txn| board.set_card_text(txn, &format!("first-{edit}"), "from the first instance"));
        on_second.edit(|board, txn| board.set_card_text(txn, &format!("second-{edit}"), "from the second"));
    }
    on_first.edit(|board, txn| board.insert_problem_text(txn, 0, "Families "));
    on_second.edit(|board, txn| board.insert_problem_text(txn, 0, "need respite. "));
    let two = converged(&[&on_first, &on_second]).await?;
    assert_eq!(on_first.board.card_texts().len(), 60);

    let third = redis.instance().await?;
    let on_third = TestClient::connect(&third.ws_url(&board)).await?;
    assert_eq!(on_third.board.to_json(), two, "the third instance loads what the two wrote");
    for edit in 0..30 {
        on_third.edit(|board, txn| board.set_card_text(txn, &format!("third-{edit}"), "from the third"));
        on_first.edit(|board, txn| board.set_card_text(txn, &format!("first-late-{edit}"), "late"));
    }
    converged(&[&on_first, &on_second, &on_third]).await?;
    assert_eq!(on_second.board.card_texts().len(), 120);

    on_third.set_presence(r#"{"user":{"name":"Ana"}}"#);
    let ana = on_third.presence_id();
    on_first.wait_for(|_, _| on_first.present_others().contains(&ana)).await?;
    on_second.wait_for(|_, _| on_second.present_others().contains(&ana)).await?;
    Ok(())
}

/// SIGKILL of an instance while its client edits: every edit a client of another instance
/// saw is in Redis, and the killed instance's client reconnects elsewhere and loses nothing.
pub async fn killed_instance_loses_nothing_and_its_clients_move_on(redis: &impl SharedRedis) -> anyhow::Result<()> {
    let survivor = redis.instance().await?;
    let board = http::create_board(survivor.addr, "Kill").await?;
    let observer = TestClient::connect(&survivor.ws_url(&board)).await?;
    let mut observed_total = BTreeSet::new();
    for round in 0..4u32 {
        let data_dir = tempfile::tempdir()?;
        let doomed = instance_process(redis, data_dir.path()).await?;
        let writer = TestClient::connect(&board.url(doomed.addr)).await?;
        let kill_after = Duration::from_millis(rand::rng().random_range(50..400));
        let started = Instant::now();
        let mut written = 0u32;
        while started.elapsed() < kill_after {
            writer.edit(|board, txn| board.set_card_text(txn, &format!("r{round}-e{written}"), "edit"));
            written += 1;
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        // What the observer on the other instance holds came through Redis, so Redis has it.
        let observed = card_ids(&observer);
        doomed.kill9().await?;
        observed_total.extend(observed.iter().cloned());

        let fresh = redis.instance().await?;
        let check = TestClient::connect(&fresh.ws_url(&board)).await?;
        let stored = card_ids(&check);
        let lost: Vec<_> = observed_total.difference(&stored).collect();
        assert!(lost.is_empty(), "round {round}: edits seen on another instance were lost: {lost:?}");

        // The killed instance's client carries on with the survivor: all of its edits arrive.
        let moved = writer.reconnect(&survivor.ws_url(&board)).await?;
        let all_written: BTreeSet<String> = (0..written).map(|edit| format!("r{round}-e{edit}")).collect();
        observer.wait_until(|board| all_written.iter().all(|id| board.card_texts().contains_key(id))).await?;
        moved.close();
        println!(
            "round {round}: killed after {kill_after:?}: {written} written, {} observed, none lost",
            observed.len()
        );
    }
    anyhow::ensure!(!observed_total.is_empty(), "the observer never saw an edit, so nothing was tested");
    Ok(())
}

/// Twenty boards with clients on three instances: each board gets exactly its own edits.
pub async fn twenty_boards_on_three_instances_do_not_cross_talk(redis: &impl SharedRedis) -> anyhow::Result<()> {
    let instances = [redis.instance().await?, redis.instance().await?, redis.instance().await?];
    let mut boards = Vec::new();
    for number in 0..20 {
        boards.push(http::create_board(instances[number % 3].addr, &format!("Board {number}")).await?);
    }
    let mut clients: BTreeMap<(usize, usize), TestClient> = BTreeMap::new();
    for (board_number, board) in boards.iter().enumerate() {
        for (instance_number, server) in instances.iter().enumerate() {
            clients.insert((board_number, instance_number), TestClient::connect(&server.ws_url(board)).await?);
        }
    }
    for ((board_number, instance_number), client) in &clients {
        let id = format!("board{board_number}-instance{instance_number}");
        client.edit(|board, txn| board.set_card_text(txn, &id, "mine"));
    }
    for ((board_number, _), client) in &clients {
        let expected: BTreeSet<String> =
            (0..3).map(|instance| format!("board{board_number}-instance{instance}")).collect();
        client.wait_until(|board| board.card_texts().len() >= 3).await?;
        // Give stray updates from other boards a moment to show up, then check exactly.
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert_eq!(card_ids(client), expected, "board {board_number} holds another board's edits");
    }
    Ok(())
}

/// Two instances compacting the same log at the same moments, with a tiny threshold, while
/// both take edits: nothing is lost, and the log is in fact folded into snapshots.
pub async fn concurrent_compactions_lose_no_updates(redis: &impl SharedRedis) -> anyhow::Result<()> {
    let first = redis.instance_with(|config| config.compact_after_updates = 5).await?;
    let second = redis.instance_with(|config| config.compact_after_updates = 5).await?;
    let board = http::create_board(first.addr, "Compaction").await?;
    let on_first = TestClient::connect(&first.ws_url(&board)).await?;
    let on_second = TestClient::connect(&second.ws_url(&board)).await?;
    for edit in 0..300 {
        on_first.edit(|board, txn| board.set_card_text(txn, &format!("first-{edit}"), "x"));
        on_second.edit(|board, txn| board.set_card_text(txn, &format!("second-{edit}"), "y"));
        if edit % 20 == 0 {
            // Let several compaction ticks (500 ms apart) fall inside the editing.
            tokio::time::sleep(Duration::from_millis(60)).await;
        }
    }
    let expected = converged(&[&on_first, &on_second]).await?;
    assert_eq!(on_first.board.card_texts().len(), 600);

    let log_key = format!("polyphony:{{{}}}:content:log", board.id);
    let deadline = Instant::now() + WAIT;
    loop {
        let length: u64 = redis.query(redis::cmd("XLEN").arg(&log_key).clone()).await?;
        if length < 100 {
            break;
        }
        anyhow::ensure!(Instant::now() < deadline, "the log was never compacted: {length} entries");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let third = redis.instance().await?;
    let check = TestClient::connect(&third.ws_url(&board)).await?;
    assert_eq!(check.board.to_json(), expected, "snapshot plus log hold every update");
    Ok(())
}

/// Governed state holds across instances: a participant removed through one instance is
/// disconnected on another, and refused there afterwards; an observer is read-only there too.
pub async fn removal_and_roles_hold_across_instances(redis: &impl SharedRedis) -> anyhow::Result<()> {
    use polyphony_shared::{CloseReason, DocName, Perspective};

    let (first, second) = (redis.instance().await?, redis.instance().await?);
    let board = http::create_board(first.addr, "Removal everywhere").await?;
    let ana = http::join_as_participant(second.addr, board.id, "Ana", Perspective::Citizen).await?;
    let observer = http::join_as_observer(second.addr, board.id, "Projector").await?;
    let ana_on_second = TestClient::connect(&http::ws_url(second.addr, board.id, DocName::Content, &ana.token)).await?;
    let watching = TestClient::connect(&http::ws_url(second.addr, board.id, DocName::Content, &observer.token)).await?;
    let facilitator_on_first = TestClient::connect(&first.ws_url(&board)).await?;

    watching.edit(|board, txn| board.set_card_text(txn, "observer-card", "not allowed"));
    watching.wait_for(|seen, _| !seen.denials.is_empty()).await?;

    let remove = polyphony_shared::Command::RemoveParticipant { participant: ana.participant.id };
    let removed = http::command(first.addr, board.id, &board.token, &remove).await?;
    assert_eq!(removed.status, 204, "{:?}", removed.body);
    assert_eq!(ana_on_second.wait_closed().await?, Some(CloseReason::NotAllowed.code()));
    let again =
        tokio_tungstenite::connect_async(http::ws_url(second.addr, board.id, DocName::Content, &ana.token)).await;
    assert!(
        matches!(&again, Err(tokio_tungstenite::tungstenite::Error::Http(response)) if response.status() == 403),
        "the removed participant came back on the other instance"
    );
    facilitator_on_first.edit(|board, txn| board.insert_problem_text(txn, 0, "still working"));
    watching.wait_until(|board| board.problem_statement() == "still working").await?;
    assert!(!facilitator_on_first.board.card_texts().contains_key("observer-card"));
    Ok(())
}

/// A participant voting through two instances at once cannot exceed the budget: each
/// instance checks its write, and the two writes resolve to one of them, never their sum.
pub async fn votes_through_two_instances_stay_within_the_budget(redis: &impl SharedRedis) -> anyhow::Result<()> {
    use polyphony_shared::voting::{RoundStatus, VoteTarget};
    use polyphony_shared::{Command, DocName, GovernedDoc, Perspective, RoundId};
    use yrs::Transact;

    let (first, second) = (redis.instance().await?, redis.instance().await?);
    let board = http::create_board(first.addr, "Votes everywhere").await?;
    let ana = http::join_as_participant(first.addr, board.id, "Ana", Perspective::Citizen).await?;
    crate::client::put_cards(&first.ws_url(&board), &["card-a", "card-b"]).await?;
    crate::client::put_cards(&second.ws_url(&board), &["card-a", "card-b"]).await?;
    let open =
        Command::OpenRound { title: "First?".into(), target: VoteTarget::Cards, budget: 3, cap: 3, activity: None };
    let opened = http::command(first.addr, board.id, &board.token, &open).await?;
    let round = RoundId::parse(opened.body["round"].as_str().unwrap_or_default())?;
    // Make sure the second instance knows the round before voting there.
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let probe = Command::Vote { round, item: "probe".into(), dots: 0 };
        if http::command(second.addr, board.id, &ana.token, &probe).await?.status == 200 {
            break;
        }
        anyhow::ensure!(std::time::Instant::now() < deadline, "the round never reached the second instance");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let vote_a = Command::Vote { round, item: "card-a".into(), dots: 3 };
    let vote_b = Command::Vote { round, item: "card-b".into(), dots: 3 };
    let on_first = http::command(first.addr, board.id, &ana.token, &vote_a);
    let on_second = http::command(second.addr, board.id, &ana.token, &vote_b);
    let (on_first, on_second) = tokio::join!(on_first, on_second);
    assert!(on_first?.status == 200 || on_second?.status == 200, "at least one vote is taken");

    let reveal = http::command(first.addr, board.id, &board.token, &Command::RevealRound { round }).await?;
    assert_eq!(reveal.status, 204, "{:?}", reveal.body);
    let view = TestClient::connect(&board.doc_url(second.addr, DocName::Governed)).await?;
    let revealed = |board: &polyphony_shared::BoardDoc| {
        let governed = GovernedDoc::from_doc(board.doc().clone());
        let txn = board.doc().transact();
        governed.round(&txn, round).filter(|round| round.status == RoundStatus::Revealed)
    };
    view.wait_until(|board| revealed(board).is_some()).await?;
    let total: u32 = revealed(&view.board)
        .and_then(|round| round.results)
        .unwrap_or_default()
        .values()
        .map(|tally| tally.total)
        .sum();
    assert!(total <= 3, "Ana's dots exceed her budget: {total}");
    assert!(total > 0);
    Ok(())
}

/// A board deleted through one instance's admin API: the other instance closes its sockets
/// with 4004, no key of the board is left on any node, nor its join code, and the other board
/// is untouched.
pub async fn deleting_a_board_leaves_no_key_and_closes_everywhere(redis: &impl SharedRedis) -> anyhow::Result<()> {
    let with_token = |config: &mut polyphony_server::Config| config.operator_token = Some(OPERATOR_TOKEN.into());
    let (one, two) = (redis.instance_with(with_token).await?, redis.instance_with(with_token).await?);
    let gone = http::create_board(one.addr, "Gone").await?;
    let kept = http::create_board(one.addr, "Kept").await?;
    let on_two = TestClient::join_as_participant(two.addr, gone.id, "Ana Novak", Perspective::Citizen).await?;
    on_two.edit(signed_card("c1", "More benches", "Ana Novak", Perspective::Citizen));
    let reader = TestClient::connect(&gone.url(one.addr)).await?;
    reader.wait_until(|board| board.snapshot().cards.len() == 1).await?;
    let kept_writer = TestClient::connect(&kept.url(two.addr)).await?;
    kept_writer.edit(signed_card("k1", "Kept card", "Bo", Perspective::Professional));

    let every_key_of = |board: BoardId| format!("*{board}*");
    let before = redis.keys(&every_key_of(gone.id)).await?;
    assert!(before.len() >= 5, "{before:?}");

    let deleted =
        http::request_with_token(one.addr, "DELETE", &admin::board_path(gone.id), OPERATOR_TOKEN, None).await?;
    assert_eq!(deleted.status, 200, "{}", deleted.body);
    assert_eq!(on_two.wait_closed().await?, Some(4004), "the other instance closes it too");
    assert_eq!(reader.wait_closed().await?, Some(4004));
    // Whatever the other instance's room did while stopping, it wrote nothing back.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let after = redis.keys(&every_key_of(gone.id)).await?;
    assert_eq!(after, Vec::<String>::new(), "no key of the board is left");
    let code: Option<String> =
        redis.query(redis::cmd("GET").arg(format!("polyphony:join:{}", gone.join_code)).clone()).await?;
    assert_eq!(code, None, "nor its join code");
    let kept_keys = redis.keys(&every_key_of(kept.id)).await?;
    assert!(!kept_keys.is_empty());
    assert!(!listed(two.addr, gone.id).await? && listed(two.addr, kept.id).await?);
    assert_eq!(http::upgrade_status(&gone.url(two.addr)).await?, 404);
    Ok(())
}
