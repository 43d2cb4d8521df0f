//! `polyphony backup` and `polyphony restore`: a consistent copy of the embedded store,
//! taken from a running server, and putting such a copy in place before a server starts.
//!
//! ```text
//! polyphony backup -o polyphony-2026-11-29.redb     # while the server serves
//! polyphony restore polyphony-2026-11-29.redb --data-dir ./data   # with the server stopped
//! ```
//!
//! In Redis mode boards live in Redis, whose own persistence (RDB snapshots, the AOF) is
//! what to back up; the server says so when asked for a copy.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use http_body_util::BodyExt;

use crate::admin_cli::{Operator, send};
use crate::store::embedded::{DATABASE_FILE, check_copy};

/// `polyphony backup`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The running instance and the operator token.
    #[command(flatten)]
    pub operator: Operator,
    /// Where to write the copy (a redb file); it must not exist yet.
    #[arg(long, short)]
    pub output: PathBuf,
}

/// `polyphony restore`.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// A copy made by `polyphony backup`.
    pub copy: PathBuf,
    /// The data directory to put it in; it must hold no store yet (stop the server and
    /// move the old `polyphony.redb` away first).
    #[arg(long, env = "POLYPHONY_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,
}

/// Asks the server for a copy of its store and writes it to the output file.
pub async fn backup(args: BackupArgs) -> anyhow::Result<()> {
    if args.output.exists() {
        anyhow::bail!("{} exists already; choose a new file", args.output.display());
    }
    let partial = args.output.with_extension("partial");
    let response = send(&args.operator, "POST", polyphony_shared::admin::STORE_COPY_PATH).await?;
    let mut body = response.into_body();
    let mut file = std::fs::File::create(&partial).with_context(|| format!("cannot write {}", partial.display()))?;
    while let Some(frame) = body.frame().await {
        let frame = frame.context("the copy broke off")?;
        if let Some(data) = frame.data_ref() {
            file.write_all(data).with_context(|| format!("cannot write {}", partial.display()))?;
        }
    }
    file.sync_all()?;
    drop(file);
    let copy = check_copy(&partial).map_err(|err| anyhow::anyhow!("the copy received is not whole: {err}"))?;
    std::fs::rename(&partial, &args.output)?;
    println!(
        "Wrote a copy of the store to {}: {} boards, {} logged updates, {} bytes.",
        args.output.display(),
        copy.boards,
        copy.updates,
        copy.bytes
    );
    Ok(())
}

/// Checks a copy and puts it in the data directory, for a server to start on.
pub fn restore(args: &RestoreArgs) -> anyhow::Result<()> {
    let copy = check_copy(&args.copy)
        .map_err(|err| anyhow::anyhow!("{} is not a copy of a Polyphony store: {err}", args.copy.display()))?;
    std::fs::create_dir_all(&args.data_dir)?;
    let target = args.data_dir.join(DATABASE_FILE);
    if target.exists() {
        anyhow::bail!(
            "{} holds a store already: stop the server and move that file away first, so nothing is overwritten",
            target.display()
        );
    }
    let partial = target.with_extension("partial");
    std::fs::copy(&args.copy, &partial).with_context(|| format!("cannot write {}", partial.display()))?;
    std::fs::File::open(&partial)?.sync_all()?;
    std::fs::rename(&partial, &target)?;
    println!(
        "Restored {} boards ({} logged updates) into {}; start the server on that directory.",
        copy.boards,
        copy.updates,
        args.data_dir.display()
    );
    Ok(())
}
