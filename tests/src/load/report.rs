//! The benchmark's results: one record per scenario and server, the table `loadgen` prints
//! at the end, and the JSON file it writes next to the chart.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Serialize;

use super::RunResult;
use super::servers::ServerKind;

/// Everything one benchmark run measured.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The day of the run (UTC), as `YYYY-MM-DD`.
    pub date: String,
    /// What the figures were measured on.
    pub machine: Machine,
    /// How long each scenario's writers wrote.
    pub seconds_per_scenario: u64,
    /// Steady-traffic scenarios and the join storm: one entry per scenario and server.
    pub runs: Vec<ScenarioRun>,
    /// The other scenarios (idle boards, burst, cold load): named figures per server.
    pub special: Vec<SpecialRun>,
}

/// The machine a report was measured on.
#[derive(Debug, Clone, Serialize)]
pub struct Machine {
    /// Logical CPUs.
    pub cpus: usize,
    /// Total memory in GiB.
    pub memory_gib: f64,
    /// `uname -sr`.
    pub kernel: String,
}

impl Machine {
    /// Reads this machine's description from the system.
    pub fn this_one() -> Machine {
        // Not `available_parallelism`: the load generator pins itself to one CPU.
        let cpus = std::fs::read_to_string("/proc/cpuinfo")
            .map(|info| info.lines().filter(|line| line.starts_with("processor")).count())
            .unwrap_or(0);
        let memory_kib = std::fs::read_to_string("/proc/meminfo")
            .ok()
            .and_then(|info| info.lines().find(|line| line.starts_with("MemTotal:")).map(str::to_owned))
            .and_then(|line| line.split_whitespace().nth(1).and_then(|kib| kib.parse::<f64>().ok()))
            .unwrap_or(0.0);
        Machine {
            cpus,
            memory_gib: (memory_kib / 1024.0 / 1024.0 * 10.0).round() / 10.0,
            kernel: command_output("uname", &["-sr"]),
        }
    }
}

/// Today's date (UTC) as `YYYY-MM-DD`, from `date`.
pub fn today() -> String {
    command_output("date", &["-u", "+%Y-%m-%d"])
}

fn command_output(program: &str, args: &[&str]) -> String {
    std::process::Command::new(program)
        .args(args)
        .output()
        .ok()
        .and_then(|output| String::from_utf8(output.stdout).ok())
        .map(|text| text.trim().to_owned())
        .unwrap_or_default()
}

/// One steady-traffic scenario against one server.
#[derive(Debug, Clone, Serialize)]
pub struct ScenarioRun {
    /// The scenario's name.
    pub scenario: String,
    /// The server's name (see [`ServerKind::name`]).
    pub server: String,
    /// Whether the server is Polyphony (alone or scaled out).
    pub polyphony: bool,
    /// Whether several instances shared the documents through Redis.
    pub scaled_out: bool,
    /// Edit-to-peer latency percentiles and maximum, in milliseconds.
    pub p50_ms: Option<f64>,
    /// See `p50_ms`.
    pub p99_ms: Option<f64>,
    /// See `p50_ms`.
    pub max_ms: Option<f64>,
    /// Deliveries seen and expected (each update to each other client of its board).
    pub delivered: u64,
    /// See `delivered`.
    pub expected: u64,
    /// `delivered / expected`.
    pub delivery_ratio: f64,
    /// Time from opening a socket to holding the document, percentiles in milliseconds.
    pub join_p50_ms: Option<f64>,
    /// See `join_p50_ms`.
    pub join_p99_ms: Option<f64>,
    /// Clients that failed to connect or sync.
    pub failed_clients: u64,
    /// Server CPU seconds during the run (all instances, plus Redis when scaled out).
    pub server_cpu_s: f64,
    /// Peak resident memory of the server processes, in MiB.
    pub peak_rss_mib: f64,
    /// The load generator's own CPU seconds during the run (it has one core).
    pub loadgen_cpu_s: f64,
    /// The headline figure (see [`ScenarioRun::headline_ms`]) of every repeat of this
    /// scenario against this server; the reported run is the median one.
    pub headline_of_repeats_ms: Vec<f64>,
}

impl ScenarioRun {
    /// The record of `result`, measured against `kind`.
    pub fn new(scenario: &str, kind: ServerKind, result: &RunResult, usage: Usage) -> ScenarioRun {
        ScenarioRun {
            scenario: scenario.to_owned(),
            server: kind.name().to_owned(),
            polyphony: kind.is_polyphony(),
            scaled_out: kind.is_scaled_out(),
            p50_ms: millis(RunResult::quantile(&result.latencies, 0.5)),
            p99_ms: millis(RunResult::quantile(&result.latencies, 0.99)),
            max_ms: millis(result.latencies.last().copied()),
            delivered: result.delivered,
            expected: result.expected,
            delivery_ratio: result.delivery_ratio(),
            join_p50_ms: millis(RunResult::quantile(&result.joins, 0.5)),
            join_p99_ms: millis(RunResult::quantile(&result.joins, 0.99)),
            failed_clients: result.failed_clients,
            server_cpu_s: usage.server_cpu_s,
            peak_rss_mib: usage.peak_rss_mib,
            loadgen_cpu_s: usage.loadgen_cpu_s,
            headline_of_repeats_ms: Vec::new(),
        }
    }

    /// The run with the median headline figure among repeats of one scenario against one
    /// server, carrying every repeat's figure. A run that lost deliveries counts as slowest.
    pub fn median_of(mut runs: Vec<ScenarioRun>) -> anyhow::Result<ScenarioRun> {
        let rank = |run: &ScenarioRun| {
            if run.delivered_all() { run.headline_ms().unwrap_or(f64::INFINITY) } else { f64::INFINITY }
        };
        runs.sort_by(|a, b| rank(a).total_cmp(&rank(b)));
        let figures: Vec<f64> = runs.iter().filter_map(ScenarioRun::headline_ms).collect();
        let middle = runs.len() / 2;
        let mut median = runs.into_iter().nth(middle).ok_or_else(|| anyhow::anyhow!("no runs"))?;
        median.headline_of_repeats_ms = figures;
        Ok(median)
    }

    /// Whether every update reached every peer (to rounding).
    pub fn delivered_all(&self) -> bool {
        self.delivery_ratio >= 0.999 && self.failed_clients == 0
    }

    /// The figure a scenario is judged by: the join p99 for a join storm (its one writer
    /// only checks the board works), the edit-to-peer p99 otherwise.
    pub fn headline_ms(&self) -> Option<f64> {
        if is_join_storm(&self.scenario) { self.join_p99_ms } else { self.p99_ms }
    }
}

/// Whether a scenario is judged by its joins rather than its edits.
pub fn is_join_storm(scenario: &str) -> bool {
    scenario.contains("join")
}

/// What the processes used during a run.
#[derive(Debug, Clone, Copy)]
pub struct Usage {
    /// Server CPU seconds.
    pub server_cpu_s: f64,
    /// Server peak RSS in MiB.
    pub peak_rss_mib: f64,
    /// Load generator CPU seconds.
    pub loadgen_cpu_s: f64,
}

/// One of the other scenarios against one server: named figures.
#[derive(Debug, Clone, Serialize)]
pub struct SpecialRun {
    /// The scenario's name.
    pub scenario: String,
    /// The server's name.
    pub server: String,
    /// Figure name (with its unit) → value.
    pub figures: BTreeMap<String, f64>,
}

fn millis(duration: Option<Duration>) -> Option<f64> {
    duration.map(|duration| duration.as_secs_f64() * 1000.0)
}

impl Report {
    /// Polyphony's headline figure over the best comparable peer's, for one Polyphony run:
    /// a single instance against single peers, a scaled-out pair against scaled-out peers.
    /// Only peers that delivered everything count.
    pub fn ratio_to_best_peer(&self, run: &ScenarioRun) -> Option<f64> {
        if !run.polyphony {
            return None;
        }
        let best = self
            .runs
            .iter()
            .filter(|peer| peer.scenario == run.scenario && !peer.polyphony && peer.scaled_out == run.scaled_out)
            .filter(|peer| peer.delivered_all())
            .filter_map(ScenarioRun::headline_ms)
            .min_by(f64::total_cmp)?;
        Some(run.headline_ms()? / best)
    }

    /// The table of every scenario run, one row per scenario and server.
    pub fn table(&self) -> String {
        let mut lines = vec![
            format!(
                "{:<38} {:<18} {:>8} {:>9} {:>9} {:>9} {:>9} {:>8} {:>9} {:>10}",
                "scenario",
                "server",
                "p50 ms",
                "p99 ms",
                "max ms",
                "delivered",
                "join p99",
                "CPU s",
                "RSS MiB",
                "p99/best"
            ),
            "-".repeat(139),
        ];
        let figure = |value: Option<f64>| value.map_or("-".to_owned(), |value| format!("{value:.1}"));
        for run in &self.runs {
            let ratio = self.ratio_to_best_peer(run).map_or(String::new(), |ratio| format!("{ratio:.2}"));
            lines.push(format!(
                "{:<38} {:<18} {:>8} {:>9} {:>9} {:>8.2}% {:>9} {:>8.2} {:>9.1} {:>10}",
                run.scenario,
                run.server,
                figure(run.p50_ms),
                figure(run.p99_ms),
                figure(run.max_ms),
                run.delivery_ratio * 100.0,
                figure(run.join_p99_ms),
                run.server_cpu_s,
                run.peak_rss_mib,
                ratio
            ));
        }
        for special in &self.special {
            let figures: Vec<String> =
                special.figures.iter().map(|(name, value)| format!("{name} {value:.2}")).collect();
            lines.push(format!("{:<38} {:<18} {}", special.scenario, special.server, figures.join(", ")));
        }
        lines.push(
            "p99/best: Polyphony's p99 (join p99 for the join storm) over the best peer's that delivered everything; \
             one instance against one, two over Redis against two"
                .to_owned(),
        );
        lines.join("\n")
    }
}
