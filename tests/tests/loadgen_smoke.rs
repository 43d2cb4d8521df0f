//! The load generator works end to end: a short run delivers every update to every peer.
//! (Timings are not checked here; `loadgen` prints them.)

use std::time::Duration;

use polyphony_tests::TestServer;
use polyphony_tests::load::{Scenario, run_scenario};

/// Two boards, eight clients each, two writers and cursors: everything arrives, nothing crosses boards.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn short_load_run_delivers_everything() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let scenario = Scenario {
        name: "smoke".into(),
        boards: 2,
        clients_per_board: 8,
        writers_per_board: 2,
        edits_per_sec: 5.0,
        cursor_hz: 2.0,
        duration: Duration::from_secs(2),
        join_window: Duration::from_secs(1),
    };
    let mut urls = Vec::new();
    for number in 0..scenario.boards {
        let board = polyphony_tests::http::create_board(server.addr, &format!("smoke {number}")).await?;
        urls.push(server.ws_url(&board));
    }
    let result = run_scenario(&urls, &scenario).await?;
    println!("smoke: {}", result.summary());
    assert_eq!(result.failed_clients, 0);
    assert!(result.sent >= 30, "writers wrote: {}", result.sent);
    assert_eq!(result.delivered, result.expected, "every update reached every other client of its board");
    Ok(())
}
