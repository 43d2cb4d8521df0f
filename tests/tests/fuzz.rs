//! A bounded run of the fuzzer over the server's frame and update path, and a check that a
//! Yjs peer can apply what the server accepted.

use std::process::Stdio;

use anyhow::Context;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use polyphony_tests::{fuzz, tests_dir};
use tokio::io::AsyncWriteExt;

/// Inputs in the bounded run (about ten seconds in a debug build).
const INPUTS: u64 = 30_000;
/// Applied updates handed to the Yjs peer.
const SAMPLES: usize = 400;

/// Mutated and generated frames and updates, from a fixed seed, go through frame decoding,
/// the ledger, yrs and a reload of the stored board: nothing panics, nothing the checks
/// accepted fails in yrs, and every board reloads as it was served. The updates the server
/// applied then go to Yjs (the library every browser peer runs): each one applies there
/// without an error and without leaving anything pending, so what the server forwards,
/// every peer can take.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fuzzed_frames_find_nothing_and_yjs_takes_what_was_accepted() -> anyhow::Result<()> {
    let seed = 20_261_128;
    let report = tokio::task::spawn_blocking(move || fuzz::run(seed, INPUTS, SAMPLES)).await?;
    println!("{report}");
    for finding in &report.findings {
        println!("finding: {} {}", finding.what, STANDARD.encode(&finding.input));
    }
    assert!(report.findings.is_empty(), "the fuzzer found {} defects", report.findings.len());
    assert!(report.updates_applied > 100, "too few inputs got through to yrs: {}", report.updates_applied);

    let base = fuzz::base_state(seed);
    let input = serde_json::json!({
        "base": STANDARD.encode(&base),
        "samples": report
            .applied_samples
            .iter()
            .map(|updates| updates.iter().map(|update| STANDARD.encode(update)).collect::<Vec<_>>())
            .collect::<Vec<_>>(),
    });
    let interop = tests_dir().join("interop");
    let mut node = tokio::process::Command::new("node")
        .arg(interop.join("apply_updates.mjs"))
        .current_dir(&interop)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .context("node (scripts/test.sh installs it)")?;
    let mut stdin = node.stdin.take().context("no stdin")?;
    stdin.write_all(input.to_string().as_bytes()).await?;
    drop(stdin);
    let output = node.wait_with_output().await?;
    let answer: serde_json::Value = serde_json::from_slice(&output.stdout).context("the Yjs peer's answer")?;
    println!("Yjs applied {} of {} accepted updates", answer["applied"], report.applied_samples.len());
    if let Some(failures) = answer["failures"].as_array().filter(|failures| !failures.is_empty()) {
        // Kept for a look: the base state and each failing sample's updates.
        let dir = std::env::temp_dir().join("polyphony-fuzz-failures");
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join("base.bin"), &base)?;
        for failure in failures {
            let index = failure["index"].as_u64().unwrap_or(0) as usize;
            for (number, update) in report.applied_samples.get(index).into_iter().flatten().enumerate() {
                std::fs::write(dir.join(format!("sample-{index}-{number}.bin")), update)?;
            }
        }
        println!("failing samples written to {}", dir.display());
    }
    assert_eq!(answer["failures"], serde_json::json!([]), "Yjs could not apply what the server accepted");
    assert_eq!(answer["applied"].as_u64(), Some(report.applied_samples.len() as u64));
    Ok(())
}
