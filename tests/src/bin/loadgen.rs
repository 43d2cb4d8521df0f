//! Runs the load scenarios against a fresh `polyphony` (release build) per scenario and
//! prints one line per scenario: edit-to-peer latency, delivery, joins, server CPU and RSS.
//!
//! The server is pinned to CPU 0 and this process to CPU 1 when `taskset` is available;
//! all traffic stays on loopback. Build first: `cargo build --release -p polyphony-server -p polyphony-tests`.

use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Parser;
use polyphony_tests::ServerProcess;
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

/// CPU seconds (user + system) a process has used.
fn cpu_seconds(pid: u32) -> anyhow::Result<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    let fields: Vec<&str> = stat.rsplit(')').next().context("bad stat")?.split_whitespace().collect();
    let ticks: f64 =
        fields.get(11).context("no utime")?.parse::<f64>()? + fields.get(12).context("no stime")?.parse::<f64>()?;
    Ok(ticks / 100.0)
}

/// Peak resident memory of a process, in MiB.
fn peak_rss_mib(pid: u32) -> anyhow::Result<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:")).context("no VmHWM")?;
    let kib: f64 = line.split_whitespace().nth(1).context("no number")?.parse()?;
    Ok(kib / 1024.0)
}

fn pin_self_to_cpu1() {
    let pid = std::process::id().to_string();
    std::process::Command::new("taskset").args(["-cp", "1", &pid]).output().ok();
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let options = Options::parse();
    pin_self_to_cpu1();
    println!("{:<40} | result", "scenario");
    for scenario in scenarios(options.seconds) {
        if options.only.as_ref().is_some_and(|only| !scenario.name.contains(only.as_str())) {
            continue;
        }
        let data_dir = tempfile::tempdir()?;
        let server = ServerProcess::spawn_pinned(
            data_dir.path(),
            &["--rate-limit-per-sec", "1000", "--rate-limit-burst", "5000"],
            0,
        )
        .await?;
        let pid = server.pid().context("server has no pid")?;
        let cpu_before = cpu_seconds(pid)?;
        let started = Instant::now();
        let result: RunResult = run_scenario(server.addr, &scenario).await?;
        let cpu = cpu_seconds(pid)? - cpu_before;
        let rss = peak_rss_mib(pid)?;
        println!(
            "{:<40} | {} | server CPU {:.2} s, peak RSS {:.1} MiB | {:.1} s",
            scenario.name,
            result.summary(),
            cpu,
            rss,
            started.elapsed().as_secs_f64()
        );
        server.terminate().await?;
    }
    Ok(())
}
