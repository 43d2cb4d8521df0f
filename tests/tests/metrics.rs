//! `/metrics` through a real server (issue 22, first part): after real traffic (a
//! participant writes, an observer's update is refused, a participant's facilitator-only
//! command is refused, a socket is closed for a bad frame) the Prometheus text counts each
//! of it, by document kind, reason and close code; with an operator token set, `/metrics`
//! answers only requests that carry it. In Redis mode it counts catch-ups and reconnects.

use polyphony_shared::{Command, DocName, Perspective};
use polyphony_tests::client::signed_card;
use polyphony_tests::shared_redis::SharedRedis;
use polyphony_tests::{TestClient, TestServer, http};

/// The value of the sample `name` (with its labels) in the text, if it is there.
fn sample(text: &str, name: &str) -> Option<f64> {
    text.lines().find_map(|line| line.strip_prefix(name)?.strip_prefix(' ')?.trim().parse().ok())
}

async fn scrape(server: &TestServer, token: Option<&str>) -> anyhow::Result<(u16, String)> {
    let bearer = token.map(|token| format!("Bearer {token}"));
    let headers: Vec<(&str, &str)> = bearer.iter().map(|bearer| ("authorization", bearer.as_str())).collect();
    let answer = http::raw_request(server.addr, "GET", "/metrics", &headers, None).await?;
    Ok((answer.status, String::from_utf8(answer.body.to_vec())?))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_traffic_shows_in_the_metrics() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Getting home").await?;
    let ana = http::join_as_participant(server.addr, board.id, "Ana", Perspective::Citizen).await?;
    let screen = http::join_as_observer(server.addr, board.id, "Projector").await?;
    let content = |token: &str| http::ws_url(server.addr, board.id, DocName::Content, token);

    let writer = TestClient::connect(&content(&ana.token)).await?;
    writer.edit(signed_card("c1", "A lift rota", "Ana", Perspective::Citizen));
    let reader = TestClient::connect(&board.doc_url(server.addr, DocName::Content)).await?;
    reader.wait_until(|doc| doc.card_texts().len() == 1).await?;
    let observer = TestClient::connect(&content(&screen.token)).await?;
    observer.edit(signed_card("c2", "From the projector", "Projector", Perspective::Other));
    observer.wait_for(|seen, _| !seen.denials.is_empty()).await?;
    let phase = Command::SetPhase { phase: polyphony_shared::Phase::CoCreation };
    assert_eq!(http::command(server.addr, board.id, &ana.token, &phase).await?.status, 403);
    let broken = TestClient::connect(&content(&ana.token)).await?;
    broken.send_frame(vec![0xff, 0x00]);
    assert_eq!(broken.wait_closed().await?, Some(polyphony_shared::CloseReason::MalformedFrame.code()));

    let (status, text) = scrape(&server, None).await?;
    assert_eq!(status, 200);
    let at_least = |name: &str, least: f64| {
        let value = sample(&text, name);
        assert!(value.is_some_and(|value| value >= least), "{name} = {value:?}, wanted ≥ {least}:\n{text}");
    };
    at_least("polyphony_boards_loaded", 1.0);
    at_least("polyphony_documents_loaded", 2.0);
    at_least("polyphony_connections{doc=\"content\"}", 3.0);
    at_least("polyphony_frames_received_total{doc=\"content\"}", 3.0);
    at_least("polyphony_bytes_received_total{doc=\"content\"}", 10.0);
    at_least("polyphony_frames_sent_total{doc=\"content\"}", 3.0);
    at_least("polyphony_updates_refused_total{reason=\"rules\"}", 1.0);
    at_least("polyphony_commands_refused_total{kind=\"forbidden\"}", 1.0);
    at_least(
        &format!(
            "polyphony_websocket_closes_total{{code=\"{}\"}}",
            polyphony_shared::CloseReason::MalformedFrame.code()
        ),
        1.0,
    );
    at_least("polyphony_store_batch_updates_count", 1.0);
    at_least("polyphony_store_commit_seconds_count", 1.0);
    at_least("polyphony_fanout_seconds_count", 1.0);
    at_least("process_resident_memory_bytes", 1_000_000.0);
    assert!(text.contains("# HELP polyphony_updates_refused_total Client updates refused, by reason."));
    // Nothing identifying: no board id, no name.
    assert!(!text.contains(&board.id.to_string()) && !text.contains("Ana"));
    // Every metric the Grafana dashboard in docs/ draws is one the server exports.
    let dashboard: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(
        polyphony_tests::tests_dir().join("../docs/grafana-dashboard.json"),
    )?)?;
    let exprs: Vec<String> = dashboard["panels"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|panel| panel["targets"].as_array().cloned().unwrap_or_default())
        .filter_map(|target| target["expr"].as_str().map(str::to_owned))
        .collect();
    assert!(exprs.len() >= 10, "{exprs:?}");
    for expr in &exprs {
        let names = expr.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'));
        for name in names.filter(|name| name.starts_with("polyphony_") || name.starts_with("process_")) {
            let family = ["_bucket", "_sum", "_count"]
                .iter()
                .fold(name, |name, suffix| name.strip_suffix(suffix).unwrap_or(name));
            assert!(
                text.contains(&format!("# TYPE {family} ")),
                "the dashboard draws {name}, which /metrics does not export"
            );
        }
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_an_operator_token_only_the_operator_reads_the_metrics() -> anyhow::Result<()> {
    let server = TestServer::start_with(|config| config.operator_token = Some("s3cret-operator".into())).await?;
    assert_eq!(scrape(&server, None).await?.0, 401);
    assert_eq!(scrape(&server, Some("guess")).await?.0, 401);
    let (status, text) = scrape(&server, Some("s3cret-operator")).await?;
    assert_eq!(status, 200);
    assert!(text.contains("polyphony_boards_loaded 0"), "{text}");
    Ok(())
}

/// Redis mode: each document a second instance follows starts by reading the log (a
/// catch-up is counted), and when Redis goes away and comes back the pub/sub connection's
/// return is counted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_catch_ups_and_reconnects_show_in_the_metrics() -> anyhow::Result<()> {
    let redis = polyphony_tests::redis_server::RedisServer::start().await?;
    let (one, two) = (redis.instance().await?, redis.instance().await?);
    let board = http::create_board(one.addr, "Over Redis").await?;
    polyphony_tests::client::put_cards(&board.url(one.addr), &["c1"]).await?;
    let reader = TestClient::connect(&board.url(two.addr)).await?;
    reader.wait_until(|doc| doc.card_texts().len() == 1).await?;
    let (_, text) = scrape(&two, None).await?;
    assert!(sample(&text, "polyphony_redis_catchup_entries_count").is_some_and(|count| count >= 1.0), "{text}");
    assert_eq!(sample(&text, "polyphony_redis_reconnects_total"), Some(0.0));

    let stopped = redis.stop().await?;
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    let _redis = stopped.start_again().await?;
    let mut reconnects = 0.0;
    for _ in 0..100 {
        let (_, text) = scrape(&two, None).await?;
        reconnects = sample(&text, "polyphony_redis_reconnects_total").unwrap_or(0.0);
        if reconnects >= 1.0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(reconnects >= 1.0, "the pub/sub connection's return is counted");
    Ok(())
}
