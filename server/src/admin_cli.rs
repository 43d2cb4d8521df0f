//! `polyphony admin`: the operator's admin API ([`polyphony_shared::admin`]) from a shell on
//! the server's host. It speaks plain HTTP to one instance (its loopback address, say); in
//! Redis mode any instance answers for all of them.
//!
//! ```text
//! polyphony admin list                      # every board, the longest unused first
//! polyphony admin delete <board>            # the board and every record of it, checked gone
//! polyphony admin export <board> -o x.json  # everything a board holds, as a backup file
//! ```

use std::path::PathBuf;

use anyhow::Context;
use bytes::Bytes;
use clap::{Args, Subcommand};
use http_body_util::{BodyExt, Empty};
use hyper::body::Incoming;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use polyphony_shared::BoardId;
use polyphony_shared::admin::{self, AdminBoard, DeletedBoard};

/// The running instance to ask, and the operator token it was started with.
#[derive(Debug, Args)]
pub struct Operator {
    /// The instance to ask: host and port of its HTTP listener.
    #[arg(long, env = "POLYPHONY_ADDR", default_value = "127.0.0.1:8080")]
    pub server: String,
    /// The operator token the server was started with.
    #[arg(long, env = "POLYPHONY_OPERATOR_TOKEN", hide_env_values = true)]
    pub token: String,
}

/// The arguments of `polyphony admin`.
#[derive(Debug, Args)]
pub struct AdminArgs {
    /// The instance and the token.
    #[command(flatten)]
    pub operator: Operator,
    /// What to do.
    #[command(subcommand)]
    pub action: AdminAction,
}

/// What `polyphony admin` does.
#[derive(Debug, Subcommand)]
pub enum AdminAction {
    /// Lists every board: id, when made, when last used, stored size, title.
    List {
        /// Prints the listing as JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Deletes a board and every record of it, then checks that nothing is left.
    Delete {
        /// The board's id.
        board: String,
    },
    /// Writes everything a board holds to a backup file (the facilitator's backup format).
    Export {
        /// The board's id.
        board: String,
        /// Where to write it; standard output if left out.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
}

/// Runs one admin command and prints its outcome.
pub async fn run(args: AdminArgs) -> anyhow::Result<()> {
    match &args.action {
        AdminAction::List { json } => {
            let body = call(&args.operator, "GET", admin::BOARDS_PATH).await?;
            if *json {
                println!("{}", String::from_utf8_lossy(&body));
            } else {
                let boards: Vec<AdminBoard> = serde_json::from_slice(&body).context("the listing does not parse")?;
                print!("{}", table(&boards));
            }
        }
        AdminAction::Delete { board } => {
            let board = BoardId::parse(board).map_err(|err| anyhow::anyhow!("{err}"))?;
            let body = call(&args.operator, "DELETE", &admin::board_path(board)).await?;
            let deleted: DeletedBoard = serde_json::from_slice(&body).context("the answer does not parse")?;
            println!("Deleted board {} and every record of it; the store holds nothing of it now.", deleted.id);
        }
        AdminAction::Export { board, output } => {
            let board = BoardId::parse(board).map_err(|err| anyhow::anyhow!("{err}"))?;
            let body = call(&args.operator, "GET", &admin::export_path(board)).await?;
            match output {
                Some(path) => {
                    std::fs::write(path, &body).with_context(|| format!("cannot write {}", path.display()))?;
                    eprintln!("Wrote board {board} to {} ({} bytes).", path.display(), body.len());
                }
                None => println!("{}", String::from_utf8_lossy(&body)),
            }
        }
    }
    Ok(())
}

/// Sends one request with the operator token; a 2xx answer (its body still to read), else
/// the server's error.
pub async fn send(operator: &Operator, method: &str, path: &str) -> anyhow::Result<Response<Incoming>> {
    let stream = tokio::net::TcpStream::connect(&operator.server)
        .await
        .with_context(|| format!("cannot reach the server at {}", operator.server))?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(connection);
    let request = Request::builder()
        .method(method)
        .uri(path)
        .header("host", &operator.server)
        .header("authorization", format!("Bearer {}", operator.token))
        .body(Empty::<Bytes>::new())?;
    let response = sender.send_request(request).await.context("the server did not answer")?;
    let status = response.status();
    if !status.is_success() {
        let body = response.into_body().collect().await.context("the answer broke off")?.to_bytes();
        let error = serde_json::from_slice::<polyphony_shared::ErrorBody>(&body)
            .map(|body| body.error)
            .unwrap_or_else(|_| String::from_utf8_lossy(&body).into_owned());
        anyhow::bail!("{status}: {error}");
    }
    Ok(response)
}

/// Sends one request with the operator token; the whole body of a 2xx answer.
async fn call(operator: &Operator, method: &str, path: &str) -> anyhow::Result<Bytes> {
    let response = send(operator, method, path).await?;
    Ok(response.into_body().collect().await.context("the answer broke off")?.to_bytes())
}

/// The listing as a table for a terminal.
fn table(boards: &[AdminBoard]) -> String {
    let mut lines = vec![format!(
        "{:<32}  {:<10}  {:<10}  {:>9}  {:<6}  {}",
        "BOARD", "CREATED", "LAST USED", "STORED", "LOADED", "TITLE"
    )];
    for board in boards {
        lines.push(format!(
            "{:<32}  {:<10}  {:<10}  {:>9}  {:<6}  {}",
            board.id.to_string(),
            day(board.created_at_ms),
            day(board.last_used_ms),
            size(board.stored_bytes),
            if board.loaded { "yes" } else { "no" },
            board.title,
        ));
    }
    lines.push(format!("{} boards", boards.len()));
    lines.join("\n") + "\n"
}

/// The UTC date of a moment, as `YYYY-MM-DD`.
fn day(ms: u64) -> String {
    let seconds = i64::try_from(ms / 1000).unwrap_or(i64::MAX);
    time::OffsetDateTime::from_unix_timestamp(seconds).map(|at| at.date().to_string()).unwrap_or_default()
}

/// Bytes in the unit that reads best.
fn size(bytes: u64) -> String {
    match bytes {
        0..1_000 => format!("{bytes} B"),
        1_000..1_000_000 => format!("{:.1} kB", bytes as f64 / 1e3),
        _ => format!("{:.1} MB", bytes as f64 / 1e6),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_shows_dates_sizes_and_titles() {
        let board = AdminBoard {
            id: BoardId::random_from(&mut (1..=16u8)),
            title: "Respite care".into(),
            join_code: polyphony_shared::JoinCode::random_from(&mut (1..=8u8)),
            created_at_ms: 1_790_000_000_000,
            last_used_ms: 1_795_000_000_000,
            stored_bytes: 12_345,
            loaded: false,
            names_erased_ms: None,
        };
        let table = table(std::slice::from_ref(&board));
        assert!(table.contains(&board.id.to_string()), "{table}");
        assert!(table.contains("2026-09-21") && table.contains("2026-11-18"), "{table}");
        assert!(table.contains("12.3 kB") && table.contains("Respite care") && table.ends_with("1 boards\n"));
    }
}
