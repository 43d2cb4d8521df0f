//! Runs the fuzzer for as long as asked and prints what it found.
//!
//! `cargo run --release -p polyphony-tests --bin fuzz -- --inputs 2000000 --seed 1`
//! With `--save DIR`, the applied mutated updates (and any findings) are written there, one
//! file each, to replay under valgrind with `--replay DIR`.

use std::path::PathBuf;
use std::time::Instant;

use clap::Parser;
use polyphony_tests::fuzz;

/// Fuzzes the server's frame and update path.
#[derive(Parser)]
struct Options {
    /// Inputs to run.
    #[arg(long, default_value_t = 100_000)]
    inputs: u64,
    /// The seed the inputs are generated from.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Writes applied updates and findings to this directory.
    #[arg(long)]
    save: Option<PathBuf>,
    /// Instead of fuzzing, runs every file in this directory through the same path.
    #[arg(long)]
    replay: Option<PathBuf>,
}

fn main() -> anyhow::Result<()> {
    let options = Options::parse();
    if let Some(dir) = &options.replay {
        let mut files: Vec<PathBuf> =
            std::fs::read_dir(dir)?.map(|entry| entry.map(|entry| entry.path())).collect::<Result<_, _>>()?;
        files.sort();
        let inputs: Vec<Vec<u8>> = files.iter().map(std::fs::read).collect::<Result<_, _>>()?;
        let report = fuzz::replay(options.seed, &inputs);
        println!(
            "replayed {} inputs: {} applied, {} refused, {} findings",
            report.inputs,
            report.updates_applied,
            report.updates_refused,
            report.findings.len()
        );
        anyhow::ensure!(report.findings.is_empty(), "findings: {:?}", report.findings);
        return Ok(());
    }
    let started = Instant::now();
    let samples = if options.save.is_some() { 100_000 } else { 0 };
    let report = fuzz::run(options.seed, options.inputs, samples);
    println!("{report} (in {:.1} s)", started.elapsed().as_secs_f64());
    if let Some(dir) = &options.save {
        std::fs::create_dir_all(dir)?;
        for (number, updates) in report.applied_samples.iter().enumerate() {
            // One file per sample: the frame's updates, as one frame.
            let frame: Vec<u8> =
                updates.iter().flat_map(|update| polyphony_shared::protocol::update(update.clone())).collect();
            std::fs::write(dir.join(format!("applied-{number:06}.bin")), frame)?;
        }
        for (number, finding) in report.findings.iter().enumerate() {
            std::fs::write(dir.join(format!("finding-{number:04}.bin")), &finding.input)?;
        }
    }
    if !report.findings.is_empty() {
        let dir = std::env::temp_dir().join(format!("polyphony-fuzz-{}", options.seed));
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join("base.bin"), &report.base)?;
        for (number, finding) in report.findings.iter().enumerate() {
            std::fs::write(dir.join(format!("finding-{number:04}.bin")), &finding.input)?;
        }
        println!("findings and the base they apply to are in {}", dir.display());
    }
    for finding in report.findings.iter().take(10) {
        let hex: String = finding.input.iter().map(|byte| format!("{byte:02x}")).collect();
        println!("finding: {} ({} bytes): {hex}", finding.what, finding.input.len());
    }
    anyhow::ensure!(report.findings.is_empty(), "the fuzzer found {} defects", report.findings.len());
    Ok(())
}
