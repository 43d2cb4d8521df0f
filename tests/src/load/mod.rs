//! A protocol-level load generator for y-websocket servers (Polyphony and its peers).
//!
//! Writers produce real yrs updates; every other client records when each update arrives.
//! An update carries a marker `#writer:seq:micros#` in its inserted text, and text is
//! stored as plain UTF-8 inside a v1 update, so receivers find markers by scanning the
//! frame bytes without decoding it; `micros` is the send time, so no shared table is needed.
//!
//! # Layout
//! - [`scenario`]: what a run does (clients, writers, rates, duration).
//! - [`peer`]: one simulated client; [`framing`]: y-websocket's and Hocuspocus's wire framing.
//! - [`servers`]: starting Polyphony or a reference server for a run.
//! - [`stats`]: latency percentiles and the result of a run.
//! - [`idle`]: memory per open board with idle clients.
//! - [`special`]: a burst of tiny updates, the cold load of a big board, figures from `/proc`.
//! - [`report`]: the results as records, the printed table and the JSON file; [`chart`]: the SVG chart.

pub mod chart;
pub mod framing;
pub mod idle;
pub mod peer;
pub mod report;
pub mod scenario;
pub mod servers;
pub mod special;
pub mod stats;

pub use scenario::{Scenario, run_scenario};
pub use stats::RunResult;
