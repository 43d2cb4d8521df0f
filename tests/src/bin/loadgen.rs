//! Runs the load scenarios against a fresh server per scenario (Polyphony's release build,
//! and the reference servers from `tools/peers`), prints one line per scenario and server
//! as it goes and a table at the end (edit-to-peer latency, delivery, joins, server CPU and
//! peak RSS, Polyphony's p99 over the best peer's), and writes the results as JSON plus a
//! chart to `--out` (`docs/benchmarks` by default).
//!
//! The server is pinned to CPU 0 and this process to CPU 1 when `taskset` is available;
//! all traffic stays on loopback. Build first: `cargo build --release -p polyphony-server -p polyphony-tests`.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;
use polyphony_tests::load::idle;
use polyphony_tests::load::report::{Machine, Report, ScenarioRun, SpecialRun, Usage, today};
use polyphony_tests::load::servers::{RunningServer, ServerKind};
use polyphony_tests::load::special::{self, cpu_seconds, peak_rss_kib};
use polyphony_tests::load::{RunResult, Scenario, chart, run_scenario};

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
    /// boards through Redis, clients alternating between them), polyphony-redis-four (four
    /// instances), y-websocket, hocuspocus, hocuspocus-redis (two instances with
    /// Hocuspocus's Redis extension).
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "polyphony,y-websocket,hocuspocus,polyphony-redis,hocuspocus-redis"
    )]
    servers: Vec<ServerChoice>,
    /// Runs of each scenario against each server; the run with the median p99 is reported
    /// (the others' p99s are kept in the JSON), since a virtual machine's tail varies.
    #[arg(long, default_value_t = 3)]
    repeat: usize,
    /// Clients join each board's live activity, on an agenda of 30 activities, instead of
    /// the board's own document (Polyphony only; the peers have no agenda).
    #[arg(long)]
    agenda: bool,
    /// Boards the idle-memory figure opens.
    #[arg(long, default_value_t = 1_000)]
    idle_boards: usize,
    /// Idle clients on each of those boards.
    #[arg(long, default_value_t = 1)]
    idle_clients: usize,
    /// Where `results.json` and `p99.svg` go (relative paths from the repository root).
    #[arg(long, default_value = "docs/benchmarks")]
    out: PathBuf,
}

/// A server named on the command line.
#[derive(Clone, Copy, clap::ValueEnum)]
enum ServerChoice {
    Polyphony,
    PolyphonyRedis,
    PolyphonyRedisFour,
    YWebsocket,
    Hocuspocus,
    HocuspocusRedis,
}

impl From<ServerChoice> for ServerKind {
    fn from(choice: ServerChoice) -> Self {
        match choice {
            ServerChoice::Polyphony => ServerKind::Polyphony,
            ServerChoice::PolyphonyRedis => ServerKind::PolyphonyRedis,
            ServerChoice::PolyphonyRedisFour => ServerKind::PolyphonyRedisFour,
            ServerChoice::YWebsocket => ServerKind::YWebsocket,
            ServerChoice::Hocuspocus => ServerKind::Hocuspocus,
            ServerChoice::HocuspocusRedis => ServerKind::HocuspocusRedis,
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
        // The scale figures: one big board with cursors from everyone; many workshops at once.
        scenario("1000 clients, 50 writers x2, cursors2", 1, 1000, 50, 2.0, 2.0, 10),
        scenario("2000 clients on 40 boards, 5 writers x2, cursors2", 40, 50, 5, 2.0, 2.0, 20),
    ]
}

fn pin_self_to_cpu1() {
    let pid = std::process::id().to_string();
    std::process::Command::new("taskset").args(["-cp", "1", &pid]).output().ok();
}

/// Open files (sockets) the load generator, and the servers it starts, may hold: the idle
/// boards figure holds tens of thousands of connections on each side.
const OPEN_FILES: u64 = 200_000;

/// Raises the limit on open files as far as allowed (past the hard limit only as root).
fn raise_open_files() {
    use rlimit::Resource;
    if Resource::NOFILE.set(OPEN_FILES, OPEN_FILES).is_err() {
        match rlimit::increase_nofile_limit(OPEN_FILES) {
            Ok(limit) => println!("open files limited to {limit}: big idle figures may fail"),
            Err(err) => println!("open files limit unchanged: {err}"),
        }
    }
}

fn main() -> anyhow::Result<()> {
    let options = Options::parse();
    raise_open_files();
    // Pin before the runtime starts: its worker threads inherit the affinity.
    pin_self_to_cpu1();
    tokio::runtime::Builder::new_multi_thread().enable_all().build()?.block_on(run(options))
}

async fn run(options: Options) -> anyhow::Result<()> {
    let kinds: Vec<ServerKind> = options.servers.iter().map(|&choice| ServerKind::from(choice)).collect();
    let mut report = Report {
        date: today(),
        machine: Machine::this_one(),
        seconds_per_scenario: options.seconds,
        runs: Vec::new(),
        special: Vec::new(),
    };
    for scenario in scenarios(options.seconds) {
        if options.only.as_ref().is_some_and(|only| !scenario.name.contains(only.as_str())) {
            continue;
        }
        for &kind in &kinds {
            let mut runs = Vec::new();
            for _ in 0..options.repeat.max(1) {
                runs.push(run_one(&scenario, kind, options.agenda).await?);
            }
            report.runs.push(ScenarioRun::median_of(runs)?);
        }
    }
    run_special(&options, &kinds, &mut report).await?;
    println!("\n{}", report.table());
    write_results(&report, &options.out)
}

/// Runs one scenario against a fresh server of `kind` and prints its line.
async fn run_one(scenario: &Scenario, kind: ServerKind, agenda: bool) -> anyhow::Result<ScenarioRun> {
    let server = RunningServer::start(kind, 0).await?;
    let pids = server.pids();
    anyhow::ensure!(!pids.is_empty(), "server has no pid");
    let urls = if agenda {
        server.live_activity_urls(&scenario.name, scenario.boards).await?
    } else {
        server.document_urls(&scenario.name, scenario.boards).await?
    };
    let cpu_before = cpu_seconds(&pids)?;
    let own_before = cpu_seconds(&[std::process::id()])?;
    let result = run_scenario(&urls, scenario).await?;
    let usage = Usage {
        server_cpu_s: cpu_seconds(&pids)? - cpu_before,
        peak_rss_mib: peak_rss_kib(&pids)? / 1024.0,
        loadgen_cpu_s: cpu_seconds(&[std::process::id()])? - own_before,
    };
    server.stop().await?;
    println!(
        "{:<40} | {:<18} | {} | server CPU {:.2} s, peak RSS {:.1} MiB | load generator CPU {:.2} s",
        scenario.name,
        kind.name(),
        result.summary(),
        usage.server_cpu_s,
        usage.peak_rss_mib,
        usage.loadgen_cpu_s
    );
    Ok(ScenarioRun::new(&scenario.name, kind, &result, usage))
}

/// Writes `results.json` and `p99.svg` into `out`.
fn write_results(report: &Report, out: &std::path::Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(out)?;
    let json = out.join("results.json");
    std::fs::write(&json, serde_json::to_string_pretty(report)? + "\n")?;
    println!("raw results: {}", json.display());
    if !report.runs.is_empty() {
        let svg = out.join("p99.svg");
        chart::draw(report, &svg)?;
        println!("chart: {}", svg.display());
    }
    Ok(())
}

/// Updates in the one-writer burst.
const BURST_UPDATES: usize = 33_000;
/// Cards on the board opened cold.
const COLD_CARDS: usize = 5_000;
/// Cold opens timed (the median is reported).
const COLD_OPENS: usize = 5;

/// The scenarios that are not steady edit traffic: the cold load, memory per idle board,
/// and the burst. Each prints its line and adds its figures to the report.
async fn run_special(options: &Options, kinds: &[ServerKind], report: &mut Report) -> anyhow::Result<()> {
    let wanted = |name: &str| options.only.as_ref().is_none_or(|only| name.contains(only.as_str()));
    let idle_name = match options.idle_clients {
        1 => format!("{} idle boards", options.idle_boards),
        clients => format!("{} idle boards x{clients} clients", options.idle_boards),
    };
    let burst_name = format!("burst {BURST_UPDATES}");
    let cold_name = format!("cold load of {COLD_CARDS} cards");
    let mut record = |scenario: &str, kind: ServerKind, figures: &[(&str, f64)]| {
        let figures: BTreeMap<String, f64> = figures.iter().map(|(name, value)| ((*name).to_owned(), *value)).collect();
        report.special.push(SpecialRun { scenario: scenario.to_owned(), server: kind.name().to_owned(), figures });
    };
    if wanted(&cold_name) && kinds.contains(&ServerKind::Polyphony) {
        let server = RunningServer::start(ServerKind::Polyphony, 0).await?;
        let cold = special::cold_load(&server, COLD_CARDS, COLD_OPENS).await?;
        server.stop().await?;
        // Median and maximum, in milliseconds.
        let ms = |durations: &[Duration]| {
            let mut sorted = durations.to_vec();
            sorted.sort();
            let millis = |value: Option<Duration>| value.map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0);
            (millis(RunResult::quantile(&sorted, 0.5)), millis(sorted.last().copied()))
        };
        let (received, received_max) = ms(&cold.received);
        let (median, max) = ms(&cold.opens);
        println!(
            "{:<40} | {:<18} | board received: median {received:.1} ms, max {received_max:.1} ms; open to synced replica: median {median:.1} ms, max {max:.1} ms; {} cold opens each (others keep no board on disk)",
            cold_name,
            ServerKind::Polyphony.name(),
            cold.opens.len()
        );
        record(
            &cold_name,
            ServerKind::Polyphony,
            &[
                ("received median ms", received),
                ("received max ms", received_max),
                ("synced replica median ms", median),
                ("synced replica max ms", max),
            ],
        );
    }
    for &kind in kinds {
        if kind.is_hocuspocus() {
            // These two drive the server with the test client, which speaks plain y-websocket.
            continue;
        }
        if wanted(&idle_name) {
            let server = RunningServer::start(kind, 0).await?;
            let idle = idle::idle_boards(&server, options.idle_boards, options.idle_clients).await?;
            server.stop().await?;
            println!(
                "{:<40} | {:<18} | {:.1} KiB per open board with {} idle client(s) ({:.1} KiB counting its creation); {:.1} MiB RSS fresh, {:.1} MiB with every board open",
                idle_name,
                kind.name(),
                idle.kib_per_open_board,
                idle.clients_per_board,
                idle.kib_per_created_board,
                idle.idle_rss_mib,
                idle.open_rss_mib
            );
            record(
                &idle_name,
                kind,
                &[
                    ("KiB per open board", idle.kib_per_open_board),
                    ("KiB per created and opened board", idle.kib_per_created_board),
                    ("fresh RSS MiB", idle.idle_rss_mib),
                    ("open RSS MiB", idle.open_rss_mib),
                ],
            );
        }
        if wanted(&burst_name) {
            let server = RunningServer::start(kind, 0).await?;
            let [first, second] = special::burst(&server, BURST_UPDATES).await?;
            server.stop().await?;
            println!(
                "{:<40} | {:<18} | server CPU {:.2} s (wall {:.2} s) into an empty text; {:.2} s (wall {:.2} s) into one holding {} characters",
                burst_name,
                kind.name(),
                first.server_cpu,
                first.wall.as_secs_f64(),
                second.server_cpu,
                second.wall.as_secs_f64(),
                BURST_UPDATES
            );
            record(
                &burst_name,
                kind,
                &[("CPU s into empty text", first.server_cpu), ("CPU s into full text", second.server_cpu)],
            );
        }
    }
    Ok(())
}
