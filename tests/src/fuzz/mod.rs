//! A fuzzer for the path every client frame takes through the server, on the stable
//! toolchain: mutated real frames and updates go through the server's own frame decoding
//! ([`ClientFrame::decode`]), the document's judgement and application ([`Document`]), and
//! the path stored updates take when a board loads ([`Document::apply_trusted`]).
//!
//! A finding is any of: a panic anywhere on that path, an update the checks accepted that
//! yrs then failed on, or a board that no longer reloads from its own stored state. The
//! process aborting (a stack overflow, say) is a finding too: the run does not finish.
//! Inputs are generated from a seed, so a run can be repeated exactly.
//!
//! # Layout
//! - `corpus`: seeds from an honest session and the reviews' hostile inputs.
//! - `mutate`: byte-level mutations aimed at lib0's encoding.
//! - `generate`: well-formed updates whose origins, parents, keys and clocks point anywhere.
//! - `watchdog`: stops the run, naming the input, when one hangs.

mod corpus;
mod generate;
mod mutate;
mod watchdog;

use std::panic::AssertUnwindSafe;

use bytes::Bytes;
use polyphony_server::room::ClientFrame;
use polyphony_server::room::document::Document;
use polyphony_server::room::inbound::Inbound;
use polyphony_shared::{BoardDoc, DocName, protocol};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use yrs::{ReadTxn, StateVector, Transact};

/// The longest text the fuzzed documents allow (the server's default).
const MAX_TEXT: u64 = 20_000;

/// What went wrong on one input.
#[derive(Debug, Clone)]
pub struct Finding {
    /// What happened.
    pub what: String,
    /// The input, to reproduce it.
    pub input: Vec<u8>,
}

/// The counts of one run.
#[derive(Debug, Default, Clone)]
pub struct FuzzReport {
    /// Inputs run.
    pub inputs: u64,
    /// Frames the server refused to decode.
    pub frames_refused: u64,
    /// Updates that decoded but did not fit the document.
    pub updates_refused: u64,
    /// Updates accepted and applied.
    pub updates_applied: u64,
    /// Updates accepted that changed nothing (the document held them already).
    pub updates_unchanged: u64,
    /// Boards that reloaded with the same characters in every text but some in another
    /// order: an update whose left and right neighbours were far apart in a text (see
    /// docs/fuzzing.md). Counted, not a finding.
    pub reordered: u64,
    /// Findings: each one a defect.
    pub findings: Vec<Finding>,
    /// The board every input was applied to (its state as one update), to replay findings:
    /// the corpus is the same for a seed only within one process, because yrs orders a new
    /// map's entries by a hash seeded per process.
    pub base: Vec<u8>,
    /// Mutated updates the server applied, each with the updates of the same frame applied
    /// before it: for checking that a Yjs peer can apply what the server forwards.
    pub applied_samples: Vec<Vec<Vec<u8>>>,
}

impl std::fmt::Display for FuzzReport {
    /// One line of counts, as the fuzzer and the test print it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} inputs: {} frames refused, {} updates refused, {} applied, {} changed nothing; {} reloaded reordered; {} findings",
            self.inputs,
            self.frames_refused,
            self.updates_refused,
            self.updates_applied,
            self.updates_unchanged,
            self.reordered,
            self.findings.len()
        )
    }
}

/// Runs `inputs` mutated inputs from `seed`; keeps up to `samples` applied updates.
pub fn run(seed: u64, inputs: u64, samples: usize) -> FuzzReport {
    let watchdog = watchdog::Watchdog::start();
    let mut rng = StdRng::seed_from_u64(seed);
    let corpus = corpus::build(&mut rng);
    let known = generate::Known::of(&corpus.base);
    let mut report = FuzzReport { base: corpus.base.clone(), ..FuzzReport::default() };
    for _ in 0..inputs {
        report.inputs += 1;
        let pick = |seeds: &Vec<Vec<u8>>, rng: &mut StdRng| {
            let input = &seeds[rng.random_range(0..seeds.len())];
            let donor = &seeds[rng.random_range(0..seeds.len())];
            mutate::mutate(input, donor, rng)
        };
        // Mutated updates and frames test the reader; generated updates test the ledger and
        // yrs; a tenth of the inputs take the path of updates read back from the store.
        let (input, path) = match rng.random_range(0..10) {
            0..=3 => (pick(&corpus.updates, &mut rng), Path::ClientUpdate),
            4..=5 => (pick(&corpus.frames, &mut rng), Path::ClientFrame),
            6..=8 => (generate::update(&known, &mut rng), Path::ClientUpdate),
            _ if rng.random_bool(0.5) => (generate::update(&known, &mut rng), Path::Stored),
            _ => (pick(&corpus.updates, &mut rng), Path::Stored),
        };
        watchdog.running(&input);
        let run = std::panic::catch_unwind(AssertUnwindSafe(|| match path {
            Path::ClientUpdate => client_frame(&corpus.base, protocol::update(input.clone()), &mut report, samples),
            Path::ClientFrame => client_frame(&corpus.base, input.clone(), &mut report, samples),
            Path::Stored => stored_update(&corpus.base, &input, &mut report, samples),
        }));
        if let Err(panic) = run {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|text| (*text).to_owned()));
            report.findings.push(Finding { what: format!("panic: {}", message.unwrap_or_default()), input });
        }
    }
    report
}

/// Which way an input enters the server.
enum Path {
    /// An update in a frame from a client.
    ClientUpdate,
    /// A whole frame from a client.
    ClientFrame,
    /// An update read back from the store when a board loads.
    Stored,
}

/// Runs saved inputs (updates on top of the corpus of `seed`) through the client path and
/// the stored path: for replaying a run's applied updates under a memory checker.
pub fn replay(seed: u64, inputs: &[Vec<u8>]) -> FuzzReport {
    let mut rng = StdRng::seed_from_u64(seed);
    let corpus = corpus::build(&mut rng);
    let mut report = FuzzReport::default();
    for input in inputs {
        report.inputs += 1;
        client_frame(&corpus.base, protocol::update(input.clone()), &mut report, 0);
        stored_update(&corpus.base, input, &mut report, 0);
    }
    report
}

/// The base state of the corpus of `seed`, which applied samples build on.
pub fn base_state(seed: u64) -> Vec<u8> {
    corpus::build(&mut StdRng::seed_from_u64(seed)).base
}

/// The board every input starts from.
fn base_document(base: &[u8]) -> Result<Document, String> {
    let mut document = Document::new(DocName::Content, MAX_TEXT);
    document.apply_trusted(base).map_err(|err| format!("the base state does not load: {err}"))?;
    Ok(document)
}

/// A frame from a client, as the connection and the room handle it.
fn client_frame(base: &[u8], frame: Vec<u8>, report: &mut FuzzReport, samples: usize) {
    let Ok(decoded) = ClientFrame::decode(Bytes::from(frame.clone())) else {
        report.frames_refused += 1;
        return;
    };
    let mut document = match base_document(base) {
        Ok(document) => document,
        Err(what) => return report.findings.push(Finding { what, input: frame }),
    };
    let mut applied_before: Vec<Vec<u8>> = Vec::new();
    for message in decoded.messages {
        let Inbound::Update(update) = message else { continue };
        let Ok(judged) = document.judge(&update.shape) else {
            report.updates_refused += 1;
            return; // The room drops the rest of the frame too.
        };
        if !judged.plan.changes_document() {
            report.updates_unchanged += 1;
            continue;
        }
        if let Err(err) = document.apply(update.decoded, judged.plan) {
            let what = format!("an accepted update failed in yrs: {err}");
            return report.findings.push(Finding { what, input: frame });
        }
        report.updates_applied += 1;
        applied_before.push(update.bytes.to_vec());
        if report.applied_samples.len() < samples {
            report.applied_samples.push(applied_before.clone());
        }
        match reloads(&document) {
            Ok(Reload::Same) => {}
            Ok(Reload::Reordered) => report.reordered += 1,
            Err(what) => return report.findings.push(Finding { what, input: frame }),
        }
    }
}

/// An update read back from the store, as a room loading a board handles it.
fn stored_update(base: &[u8], update: &[u8], report: &mut FuzzReport, samples: usize) {
    let mut document = match base_document(base) {
        Ok(document) => document,
        Err(what) => return report.findings.push(Finding { what, input: update.to_vec() }),
    };
    match document.apply_trusted(update) {
        Ok(true) => {
            report.updates_applied += 1;
            if report.applied_samples.len() < samples {
                report.applied_samples.push(vec![update.to_vec()]);
            }
            match reloads(&document) {
                Ok(Reload::Same) => {}
                Ok(Reload::Reordered) => report.reordered += 1,
                Err(what) => report.findings.push(Finding { what, input: update.to_vec() }),
            }
        }
        Ok(false) => report.updates_unchanged += 1,
        Err(polyphony_server::room::document::EntryError::Apply(err)) => {
            let what = format!("a stored update passed the checks and failed in yrs: {err}");
            report.findings.push(Finding { what, input: update.to_vec() });
        }
        Err(_) => report.updates_refused += 1,
    }
}

/// How a board came back from its stored state.
enum Reload {
    /// Exactly as it was served.
    Same,
    /// With the same characters in every text, some in another order.
    Reordered,
}

/// Checks that the document, stored as it is now, loads again to the same board.
fn reloads(document: &Document) -> Result<Reload, String> {
    let state = document.doc().transact().encode_state_as_update_v1(&StateVector::default());
    let mut reloaded = Document::new(DocName::Content, MAX_TEXT);
    reloaded.apply_trusted(&state).map_err(|err| format!("the board no longer reloads: {err}"))?;
    let json = |document: &Document| BoardDoc::from_doc(document.doc().clone()).to_json();
    let (served, stored) = (json(document), json(&reloaded));
    if same(&served, &stored, Strings::Exact) {
        return Ok(Reload::Same);
    }
    if same(&served, &stored, Strings::SameCharacters) {
        return Ok(Reload::Reordered);
    }
    Err("the board reloads differently".to_owned())
}

/// How strings are compared.
#[derive(Clone, Copy)]
enum Strings {
    Exact,
    /// The same characters, in any order.
    SameCharacters,
}

/// Whether two values are equal, taking NaN as equal to itself.
fn same(left: &yrs::Any, right: &yrs::Any, strings: Strings) -> bool {
    use yrs::Any;
    match (left, right) {
        (Any::Map(left), Any::Map(right)) => {
            left.len() == right.len()
                && left.iter().all(|(key, value)| right.get(key).is_some_and(|other| same(value, other, strings)))
        }
        (Any::Array(left), Any::Array(right)) => {
            left.len() == right.len() && left.iter().zip(right.iter()).all(|(value, other)| same(value, other, strings))
        }
        (Any::Number(yrs::Number::Float(left)), Any::Number(yrs::Number::Float(right))) => {
            left == right || (left.is_nan() && right.is_nan())
        }
        (Any::String(left), Any::String(right)) if matches!(strings, Strings::SameCharacters) => {
            let sorted = |text: &str| {
                let mut characters: Vec<char> = text.chars().collect();
                characters.sort_unstable();
                characters
            };
            sorted(left) == sorted(right)
        }
        _ => left == right,
    }
}
