//! The load generator works end to end: a short run delivers every update to every peer,
//! on Polyphony and on the reference servers the benchmark compares against.
//! (Timings are not checked here; `loadgen` prints them.)

use std::time::Duration;

use polyphony_tests::TestServer;
use polyphony_tests::load::{Scenario, run_scenario};

use polyphony_tests::redis_server::RedisServer;
use polyphony_tests::shared_redis::SharedRedis;

/// The scenario both smoke runs use: two boards, eight clients each, two writers, cursors.
fn smoke_scenario() -> Scenario {
    Scenario {
        name: "smoke".into(),
        boards: 2,
        clients_per_board: 8,
        writers_per_board: 2,
        edits_per_sec: 5.0,
        cursor_hz: 2.0,
        duration: Duration::from_secs(2),
        join_window: Duration::from_secs(1),
    }
}

/// Checks a run delivered every update to every other client of its board, and nothing else.
fn assert_complete(result: &polyphony_tests::load::RunResult) {
    assert_eq!(result.failed_clients, 0);
    assert!(result.sent >= 30, "writers wrote: {}", result.sent);
    assert_eq!(result.delivered, result.expected, "every update reached every other client of its board");
}

/// One server: everything arrives, nothing crosses boards.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn short_load_run_delivers_everything() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let scenario = smoke_scenario();
    let mut urls = Vec::new();
    for number in 0..scenario.boards {
        let board = polyphony_tests::http::create_board(server.addr, &format!("smoke {number}")).await?;
        urls.push(vec![server.ws_url(&board)]);
    }
    let result = run_scenario(&urls, &scenario).await?;
    println!("smoke: {}", result.summary());
    assert_complete(&result);
    Ok(())
}

/// Two instances over Redis, clients alternating between them: everything arrives across
/// instances, as in the benchmark's scaled-out runs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn short_load_run_across_two_instances_delivers_everything() -> anyhow::Result<()> {
    let redis = RedisServer::start().await?;
    let mut instances = Vec::new();
    for _ in 0..2 {
        let url = redis.url();
        instances.push(TestServer::start_with(move |config| config.redis_url = Some(url)).await?);
    }
    let scenario = smoke_scenario();
    let mut urls = Vec::new();
    for number in 0..scenario.boards {
        let board = polyphony_tests::http::create_board(instances[0].addr, &format!("smoke {number}")).await?;
        urls.push(instances.iter().map(|instance| instance.ws_url(&board)).collect());
    }
    let result = run_scenario(&urls, &scenario).await?;
    println!("smoke across two instances: {}", result.summary());
    assert_complete(&result);
    Ok(())
}

/// The harness speaks to the reference servers the benchmark compares against: a short run
/// against y-websocket, Hocuspocus, and two Hocuspocus instances over Redis delivers every
/// update (their framing and handshakes work; timings are not checked).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn short_load_runs_against_the_reference_servers_deliver_everything() -> anyhow::Result<()> {
    use polyphony_tests::load::servers::{RunningServer, ServerKind};

    for kind in [ServerKind::YWebsocket, ServerKind::Hocuspocus, ServerKind::HocuspocusRedis] {
        let server = RunningServer::start(kind, 0).await?;
        let scenario = smoke_scenario();
        let urls = server.document_urls("smoke", scenario.boards).await?;
        let result = run_scenario(&urls, &scenario).await?;
        println!("smoke against {}: {}", kind.name(), result.summary());
        assert_complete(&result);
        server.stop().await?;
    }
    Ok(())
}

/// The special scenarios work end to end on the real binary: idle boards report memory, a
/// burst of updates all arrives twice, and a stored board opens cold with every card
/// (timings are only printed).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_boards_and_burst_run() -> anyhow::Result<()> {
    use polyphony_tests::load::servers::{RunningServer, ServerKind};
    use polyphony_tests::load::special;

    let server = RunningServer::start(ServerKind::Polyphony, 0).await?;
    let idle = polyphony_tests::load::idle::idle_boards(&server, 20, 3).await?;
    println!("20 idle boards: {:.1} KiB per open board", idle.kib_per_open_board);
    assert_eq!((idle.boards, idle.clients_per_board), (20, 3));
    assert!(idle.kib_per_open_board > 0.0, "sixty open connections cost the server nothing? {idle:?}");
    let [first, second] = special::burst(&server, 500).await?;
    println!("burst of 500: {:?} then {:?}", first, second);
    assert!(first.server_cpu >= 0.0 && second.wall > std::time::Duration::ZERO);
    let cold = special::cold_load(&server, 300, 2).await?;
    println!("cold opens of a 300-card board: {:?}", cold.opens);
    assert_eq!(cold.opens.len(), 2);
    server.stop().await
}
