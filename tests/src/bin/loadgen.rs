//! Runs the load scenarios against a fresh server per scenario (Polyphony's release build,
//! and the y-websocket reference server from `tools/peers`) and prints one line per scenario
//! and server: edit-to-peer latency, delivery, joins, server CPU and peak RSS, plus
//! Polyphony's p99 relative to the best other server.
//!
//! The server is pinned to CPU 0 and this process to CPU 1 when `taskset` is available;
//! all traffic stays on loopback. Build first: `cargo build --release -p polyphony-server -p polyphony-tests`.

use std::time::Duration;

use clap::Parser;
use polyphony_tests::load::servers::{RunningServer, ServerKind};
use polyphony_tests::load::special::{self, cpu_seconds, peak_rss_kib};
use polyphony_tests::load::{RunResult, Scenario, run_scenario};

/// Command-line options.
#[derive(Parser)]
#[command(about = "Load scenarios against Polyphony")]
struct Options {
    /// Run only scenarios whose name contains this text.
    #[arg(long)]
    only: Option<String>,
    /// Seconds each scenario's writers write.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Servers to measure, in order: polyphony, polyphony-redis (two instances sharing
    /// boards through Redis, clients alternating between them), y-websocket, hocuspocus.
    #[arg(long, value_delimiter = ',', default_value = "polyphony,y-websocket,hocuspocus")]
    servers: Vec<ServerChoice>,
}

/// A server named on the command line.
#[derive(Clone, Copy, clap::ValueEnum)]
enum ServerChoice {
    Polyphony,
    PolyphonyRedis,
    YWebsocket,
    Hocuspocus,
}

impl From<ServerChoice> for ServerKind {
    fn from(choice: ServerChoice) -> Self {
        match choice {
            ServerChoice::Polyphony => ServerKind::Polyphony,
            ServerChoice::PolyphonyRedis => ServerKind::PolyphonyRedis,
            ServerChoice::YWebsocket => ServerKind::YWebsocket,
            ServerChoice::Hocuspocus => ServerKind::Hocuspocus,
        }
    }
}

fn scenarios(seconds: u64) -> Vec<Scenario> {
    let duration = Duration::from_secs(seconds);
    let scenario = |name: &str, boards, clients, writers, edits, cursors, join_secs| Scenario {
        name: name.to_owned(),
        boards,
        clients_per_board: clients,
        writers_per_board: writers,
        edits_per_sec: edits,
        cursor_hz: cursors,
        duration,
        join_window: Duration::from_secs(join_secs),
    };
    vec![
        scenario("50x2 +cursors5", 1, 50, 50, 2.0, 5.0, 2),
        scenario("100x5", 1, 100, 100, 5.0, 0.0, 2),
        scenario("200x5", 1, 200, 200, 5.0, 0.0, 3),
        scenario("200 clients, 10 writers x5, cursors5", 1, 200, 10, 5.0, 5.0, 3),
        scenario("500 join at once", 1, 500, 1, 1.0, 0.0, 5),
    ]
}

fn pin_self_to_cpu1() {
    let pid = std::process::id().to_string();
    std::process::Command::new("taskset").args(["-cp", "1", &pid]).output().ok();
}

fn main() -> anyhow::Result<()> {
    let options = Options::parse();
    // Pin before the runtime starts: its worker threads inherit the affinity.
    pin_self_to_cpu1();
    tokio::runtime::Builder::new_multi_thread().enable_all().build()?.block_on(run(options))
}

async fn run(options: Options) -> anyhow::Result<()> {
    let kinds: Vec<ServerKind> = options.servers.iter().map(|&choice| ServerKind::from(choice)).collect();
    println!("{:<40} | {:<17} | result", "scenario", "server");
    for scenario in scenarios(options.seconds) {
        if options.only.as_ref().is_some_and(|only| !scenario.name.contains(only.as_str())) {
            continue;
        }
        let mut p99s = Vec::new();
        for &kind in &kinds {
            let server = RunningServer::start(kind, 0).await?;
            let pids = server.pids();
            anyhow::ensure!(!pids.is_empty(), "server has no pid");
            let urls = server.document_urls(&scenario.name, scenario.boards).await?;
            let cpu_before = cpu_seconds(&pids)?;
            let own_before = cpu_seconds(&[std::process::id()])?;
            let result: RunResult = run_scenario(&urls, &scenario).await?;
            let cpu = cpu_seconds(&pids)? - cpu_before;
            let own_cpu = cpu_seconds(&[std::process::id()])? - own_before;
            let rss = peak_rss_kib(&pids)? / 1024.0;
            println!(
                "{:<40} | {:<17} | {} | server CPU {:.2} s, peak RSS {:.1} MiB | load generator CPU {:.2} s",
                scenario.name,
                kind.name(),
                result.summary(),
                cpu,
                rss,
                own_cpu
            );
            server.stop().await?;
            p99s.push((kind, RunResult::quantile(&result.latencies, 0.99), result.delivery_ratio()));
        }
        let p99_of = |wanted: ServerKind| p99s.iter().find(|(kind, ..)| *kind == wanted).and_then(|(_, p99, _)| *p99);
        let ours = p99_of(ServerKind::Polyphony);
        let best_peer = p99s
            .iter()
            .filter(|(kind, _, delivered)| !kind.is_polyphony() && *delivered >= 0.999)
            .filter_map(|(_, p99, _)| *p99)
            .min();
        if let (Some(ours), Some(best)) = (ours, best_peer) {
            println!(
                "{:<40} | ratio             | polyphony p99 / best peer p99 = {:.2}",
                scenario.name,
                ours.as_secs_f64() / best.as_secs_f64()
            );
        }
        if let (Some(alone), Some(shared)) = (ours, p99_of(ServerKind::PolyphonyRedis)) {
            println!(
                "{:<40} | ratio             | two instances over Redis p99 / one instance p99 = {:.2}",
                scenario.name,
                shared.as_secs_f64() / alone.as_secs_f64()
            );
        }
    }
    run_special(&options, &kinds).await
}

/// Boards with one idle client each, for the memory a board costs.
const IDLE_BOARDS: usize = 1_000;
/// Updates in the one-writer burst.
const BURST_UPDATES: usize = 33_000;
/// Cards on the board opened cold.
const COLD_CARDS: usize = 5_000;
/// Cold opens timed (the median is reported).
const COLD_OPENS: usize = 5;

/// The scenarios that are not steady edit traffic: memory per idle board and the burst.
async fn run_special(options: &Options, kinds: &[ServerKind]) -> anyhow::Result<()> {
    let wanted = |name: &str| options.only.as_ref().is_none_or(|only| name.contains(only.as_str()));
    let idle_name = format!("{IDLE_BOARDS} idle boards");
    let burst_name = format!("burst {BURST_UPDATES}");
    let cold_name = format!("cold load of {COLD_CARDS} cards");
    if wanted(&cold_name) && kinds.contains(&ServerKind::Polyphony) {
        let server = RunningServer::start(ServerKind::Polyphony, 0).await?;
        let cold = special::cold_load(&server, COLD_CARDS, COLD_OPENS).await?;
        let mut opens = cold.opens.clone();
        opens.sort();
        let ms = |duration: Option<&Duration>| duration.map(|d| d.as_secs_f64() * 1000.0).unwrap_or(f64::NAN);
        println!(
            "{:<40} | {:<17} | open to synced: median {:.1} ms, max {:.1} ms over {} cold opens (others keep no board on disk)",
            cold_name,
            ServerKind::Polyphony.name(),
            ms(opens.get(opens.len() / 2)),
            ms(opens.last()),
            opens.len()
        );
        server.stop().await?;
    }
    for &kind in kinds {
        if kind == ServerKind::Hocuspocus {
            // These two drive the server with the test client, which speaks plain y-websocket.
            continue;
        }
        if wanted(&idle_name) {
            let server = RunningServer::start(kind, 0).await?;
            let idle = special::idle_boards(&server, IDLE_BOARDS).await?;
            println!(
                "{:<40} | {:<17} | {:.1} KiB per board with one idle client; {:.1} MiB RSS fresh",
                idle_name,
                kind.name(),
                idle.kib_per_board,
                idle.idle_rss_mib
            );
            server.stop().await?;
        }
        if wanted(&burst_name) {
            let server = RunningServer::start(kind, 0).await?;
            let [first, second] = special::burst(&server, BURST_UPDATES).await?;
            println!(
                "{:<40} | {:<17} | server CPU {:.2} s (wall {:.2} s) into an empty text; {:.2} s (wall {:.2} s) into one holding {} characters",
                burst_name,
                kind.name(),
                first.server_cpu,
                first.wall.as_secs_f64(),
                second.server_cpu,
                second.wall.as_secs_f64(),
                BURST_UPDATES
            );
            server.stop().await?;
        }
    }
    Ok(())
}
