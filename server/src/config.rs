//! Server configuration: one struct, filled from command-line flags or environment variables.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

/// The `polyphony` command line.
#[derive(Debug, Parser)]
#[command(name = "polyphony", version, about = "Live workshop boards for co-creation")]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands of `polyphony`.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve boards over HTTP and websockets.
    Serve(Config),
    /// The operator's admin API from a shell: list, delete or export boards.
    Admin(crate::admin_cli::AdminArgs),
    /// Writes a consistent copy of a running server's embedded store to a file.
    Backup(crate::backup_cli::BackupArgs),
    /// Puts a copy made by `backup` into a data directory (with the server stopped).
    Restore(crate::backup_cli::RestoreArgs),
}

/// Everything an operator can set. Each flag also reads the environment variable it names.
#[derive(Debug, Clone, Args)]
pub struct Config {
    /// Address to listen on. Use port 0 to let the system pick a free port.
    #[arg(long, env = "POLYPHONY_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,

    /// Directory of the embedded store; created if missing.
    #[arg(long, env = "POLYPHONY_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,

    /// Redis to share boards with other instances (e.g. `redis://127.0.0.1:6379/`), or
    /// nodes of a Redis Cluster separated by commas. Without it, boards live in the embedded
    /// store in the data directory.
    #[arg(long, env = "POLYPHONY_REDIS_URL")]
    pub redis_url: Option<String>,

    /// The operator's token: when set, `/metrics` answers only requests that carry it as
    /// `Authorization: Bearer <token>` (set it whenever the port is reachable from outside).
    #[arg(long, env = "POLYPHONY_OPERATOR_TOKEN", hide_env_values = true)]
    pub operator_token: Option<String>,

    /// Directory of the built web client, served at `/`.
    #[arg(long, env = "POLYPHONY_STATIC_DIR", default_value = "./dist")]
    pub static_dir: PathBuf,

    /// Largest websocket message accepted, in bytes; larger ones close the socket with 1009.
    /// Typing sends a few bytes; a client back from hours offline sends all it wrote at once.
    #[arg(long, env = "POLYPHONY_MAX_MESSAGE_BYTES", default_value_t = 2 * 1024 * 1024)]
    pub max_message_bytes: usize,

    /// Most bytes one board document may take in the store; edits beyond it are refused with
    /// a reason. A board of 5,000 cards takes about 1 MB.
    #[arg(long, env = "POLYPHONY_MAX_BOARD_BYTES", default_value_t = 16 * 1024 * 1024)]
    pub max_board_bytes: u64,

    /// Longest a text on a board (the problem statement, a card, a question) may grow, in
    /// characters (UTF-16 units); edits beyond it are refused with a reason.
    #[arg(long, env = "POLYPHONY_MAX_TEXT_CHARS", default_value_t = 20_000)]
    pub max_text_chars: u64,

    /// Work one connection may ask for per second on average before it is closed with 1008,
    /// counted in small messages: a sync request counts 20, a presence query 5, an update
    /// one more per 16 KiB, a ping one.
    #[arg(long, env = "POLYPHONY_RATE_LIMIT_PER_SEC", default_value_t = 200)]
    pub rate_limit_per_sec: u32,

    /// Work one connection may ask for in a burst above the average rate, in the same units.
    #[arg(long, env = "POLYPHONY_RATE_LIMIT_BURST", default_value_t = 2000)]
    pub rate_limit_burst: u32,

    /// Seconds after which a silent client's presence (awareness) is removed.
    #[arg(long, env = "POLYPHONY_AWARENESS_TIMEOUT_SECS", default_value_t = 30.0)]
    pub awareness_timeout_secs: f64,

    /// Seconds a board stays loaded with nobody connected before it is persisted and unloaded.
    #[arg(long, env = "POLYPHONY_IDLE_UNLOAD_SECS", default_value_t = 30.0)]
    pub idle_unload_secs: f64,

    /// Seconds a client may fail to read its messages (or stay silent) before it is closed.
    #[arg(long, env = "POLYPHONY_CLIENT_TIMEOUT_SECS", default_value_t = 30.0)]
    pub client_timeout_secs: f64,

    /// Seconds a token from joining stays valid (default 7 days: a multi-day workshop).
    #[arg(long, env = "POLYPHONY_TOKEN_LIFETIME_SECS", default_value_t = 7 * 24 * 3600)]
    pub token_lifetime_secs: u64,

    /// Wrong join codes one client address may try per minute before it has to wait.
    #[arg(long, env = "POLYPHONY_JOIN_MISSES_PER_MINUTE", default_value_t = 30)]
    pub join_misses_per_minute: u32,

    /// Wrong facilitator keys of one board per minute, from everyone, before key checks
    /// of that board go through the slow lane.
    #[arg(long, env = "POLYPHONY_KEY_MISSES_PER_BOARD_PER_MINUTE", default_value_t = 30)]
    pub key_misses_per_board_per_minute: u32,

    /// Wrong join codes per minute from everyone together, before every code lookup goes
    /// through the slow lane (a guesser spread over many addresses).
    #[arg(long, env = "POLYPHONY_JOIN_MISSES_IN_ALL_PER_MINUTE", default_value_t = 600)]
    pub join_misses_in_all_per_minute: u32,

    /// Joins of one board from one client address per ten minutes (a venue's router holds
    /// a whole room of phones).
    #[arg(long, env = "POLYPHONY_JOINS_PER_ADDRESS", default_value_t = 60)]
    pub joins_per_address: u32,

    /// Joins of one board from everyone per ten minutes.
    #[arg(long, env = "POLYPHONY_JOINS_PER_BOARD", default_value_t = 400)]
    pub joins_per_board: u32,

    /// Seconds a client may take to send a request's headers before the connection is closed.
    #[arg(long, env = "POLYPHONY_HEADER_TIMEOUT_SECS", default_value_t = 10.0)]
    pub header_timeout_secs: f64,

    /// Open connections (websockets included) one client address may hold; 0 for no limit.
    /// A venue's phones often share one public address: leave room for everyone in it.
    #[arg(long, env = "POLYPHONY_MAX_CONNECTIONS_PER_ADDRESS", default_value_t = 1024)]
    pub max_connections_per_address: usize,

    /// Logged updates after which a board's update log is compacted into a snapshot.
    #[arg(long, env = "POLYPHONY_COMPACT_AFTER_UPDATES", default_value_t = 500)]
    pub compact_after_updates: u64,

    /// A board's content gets a restore point at most this often while people write
    /// (and before every phase change and restore).
    #[arg(long, env = "POLYPHONY_RESTORE_POINT_EVERY_SECS", default_value_t = 300)]
    pub restore_point_every_secs: u64,

    /// Restore points kept per board; the oldest go first.
    #[arg(long, env = "POLYPHONY_RESTORE_POINTS_KEPT", default_value_t = 48)]
    pub restore_points_kept: usize,

    /// Days a board may go unused (nobody opening it) before the retention of data acts on
    /// it (`--retention-action`); 0 keeps every board until it is deleted.
    #[arg(long, env = "POLYPHONY_RETENTION_DAYS", default_value_t = 0)]
    pub retention_days: u32,

    /// What happens to a board unused for the retention days: `delete` it with every record
    /// of it, or `erase-names`: keep it, with the names of everyone who took part erased.
    #[arg(long, env = "POLYPHONY_RETENTION_ACTION", value_enum, default_value_t = RetentionAction::Delete)]
    pub retention_action: RetentionAction,

    /// Seconds between two looks for boards past their retention (the first look is right
    /// after the start).
    #[arg(long, env = "POLYPHONY_RETENTION_SWEEP_SECS", default_value_t = 3600.0)]
    pub retention_sweep_secs: f64,

    /// The wall clock to read; the system's unless a test passes its own.
    #[arg(skip)]
    pub clock: Option<std::sync::Arc<dyn crate::clock::Clock>>,
}

impl Config {
    /// A configuration for tests and tools: an OS-chosen port on loopback and the given data directory.
    pub fn for_tests(data_dir: PathBuf) -> Self {
        let mut config = Defaults::parse_from(["polyphony"]).config;
        config.addr = SocketAddr::from(([127, 0, 0, 1], 0));
        config.data_dir = data_dir;
        config
    }

    /// How long a silent client's awareness entries live.
    pub fn awareness_timeout(&self) -> Duration {
        seconds(self.awareness_timeout_secs)
    }

    /// How long an empty board stays in memory.
    pub fn idle_unload(&self) -> Duration {
        seconds(self.idle_unload_secs)
    }

    /// How long a client may take to send request headers.
    pub fn header_timeout(&self) -> Duration {
        seconds(self.header_timeout_secs)
    }

    /// How long between two looks for boards past their retention.
    pub fn retention_sweep(&self) -> Duration {
        seconds(self.retention_sweep_secs).max(Duration::from_millis(100))
    }

    /// How long a client may stall reads or stay silent.
    pub fn client_timeout(&self) -> Duration {
        seconds(self.client_timeout_secs)
    }
}

/// The serve flags alone, read from nothing: every setting at its default.
#[derive(Parser)]
struct Defaults {
    #[command(flatten)]
    config: Config,
}

/// What the retention of data does to a board nobody used for the configured days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RetentionAction {
    /// Delete the board and every record of it.
    Delete,
    /// Keep the board; erase the names of everyone who took part (their contributions stay).
    EraseNames,
}

/// Converts a configured number of seconds, clamping nonsense (negative, NaN) to zero.
fn seconds(value: f64) -> Duration {
    Duration::try_from_secs_f64(value).unwrap_or(Duration::ZERO)
}
