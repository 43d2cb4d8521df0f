//! What an operator watches (issue 22), in the Prometheus text format at `/metrics`.
//!
//! Each server has its own registry (no global recorder), so several servers in one
//! process, as the tests run them, count apart. Counters are handed out once per label
//! value where they are used (a connection takes its document kind's counters when it
//! opens), so counting costs an atomic add. Gauges that describe the server as a whole
//! (boards and documents loaded, memory) are read when scraped.
//!
//! | metric | type | labels | what it counts |
//! |---|---|---|---|
//! | `polyphony_boards_loaded` | gauge | | boards with a task running |
//! | `polyphony_documents_loaded` | gauge | | documents open in rooms |
//! | `polyphony_connections` | gauge | `doc` | open websockets, by document kind |
//! | `polyphony_frames_received_total` | counter | `doc` | websocket messages from clients |
//! | `polyphony_bytes_received_total` | counter | `doc` | their bytes |
//! | `polyphony_frames_sent_total` | counter | `doc` | messages written to clients |
//! | `polyphony_bytes_sent_total` | counter | `doc` | their bytes |
//! | `polyphony_websocket_closes_total` | counter | `code` | connections the server closed, by close code |
//! | `polyphony_updates_refused_total` | counter | `reason` | client updates refused (not applied) |
//! | `polyphony_commands_refused_total` | counter | `kind` | commands refused (forbidden, invalid, not_found, conflict, other) |
//! | `polyphony_store_commit_seconds` | histogram | | time to store a batch of updates |
//! | `polyphony_store_batch_updates` | histogram | | updates per stored batch |
//! | `polyphony_quarantined_updates_total` | counter | | stored updates set aside as no longer applying |
//! | `polyphony_fanout_seconds` | histogram | | from a client's update reaching its room to its frames queued for every peer (storing included) |
//! | `polyphony_redis_reconnects_total` | counter | | times the pub/sub connection to Redis came back after it was lost (Redis mode) |
//! | `polyphony_redis_catchup_entries` | histogram | | log entries a document's follower read to close a gap (Redis stream lag, in updates) |
//! | `process_resident_memory_bytes` | gauge | | the server's resident memory |

use prometheus::{Histogram, HistogramOpts, IntCounter, IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry};

#[path = "metrics_redis.rs"]
mod redis;
pub use redis::RedisMeter;

/// The server's metrics. Building them cannot fail but for a mistake in a metric's name,
/// which the tests catch; should it happen, the server runs on and counts nothing (and
/// says so in its log) rather than refuse to start.
pub struct Metrics(Option<Counted>);

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() { "Metrics" } else { "Metrics (not counting)" })
    }
}

/// The metrics and the registry they are exported from.
struct Counted {
    registry: Registry,
    boards_loaded: IntGauge,
    documents_loaded: IntGauge,
    resident_memory: IntGauge,
    connections: IntGaugeVec,
    frames_received: IntCounterVec,
    bytes_received: IntCounterVec,
    frames_sent: IntCounterVec,
    bytes_sent: IntCounterVec,
    closes: IntCounterVec,
    updates_refused: IntCounterVec,
    commands_refused: IntCounterVec,
    store_commit_seconds: Histogram,
    store_batch_updates: Histogram,
    quarantined: IntCounter,
    fanout_seconds: Histogram,
}

impl Counted {
    fn new() -> prometheus::Result<Counted> {
        let registry = Registry::new();
        let keep = |metric: Box<dyn prometheus::core::Collector>| registry.register(metric);
        let gauge = |name: &str, help: &str| -> prometheus::Result<IntGauge> {
            let gauge = IntGauge::with_opts(Opts::new(name, help))?;
            keep(Box::new(gauge.clone()))?;
            Ok(gauge)
        };
        let gauges = |name: &str, help: &str, label: &str| -> prometheus::Result<IntGaugeVec> {
            let gauges = IntGaugeVec::new(Opts::new(name, help), &[label])?;
            keep(Box::new(gauges.clone()))?;
            Ok(gauges)
        };
        let counters = |name: &str, help: &str, label: &str| -> prometheus::Result<IntCounterVec> {
            let counters = IntCounterVec::new(Opts::new(name, help), &[label])?;
            keep(Box::new(counters.clone()))?;
            Ok(counters)
        };
        let histogram = |name: &str, help: &str, buckets: Vec<f64>| -> prometheus::Result<Histogram> {
            let histogram = Histogram::with_opts(HistogramOpts::new(name, help).buckets(buckets))?;
            keep(Box::new(histogram.clone()))?;
            Ok(histogram)
        };
        let quarantined =
            IntCounter::new("polyphony_quarantined_updates_total", "Stored updates set aside as no longer applying.")?;
        keep(Box::new(quarantined.clone()))?;
        Ok(Counted {
            boards_loaded: gauge("polyphony_boards_loaded", "Boards with a task running.")?,
            documents_loaded: gauge("polyphony_documents_loaded", "Documents open in rooms.")?,
            resident_memory: gauge("process_resident_memory_bytes", "The server's resident memory in bytes.")?,
            connections: gauges("polyphony_connections", "Open websockets, by document kind.", "doc")?,
            frames_received: counters("polyphony_frames_received_total", "Websocket messages from clients.", "doc")?,
            bytes_received: counters("polyphony_bytes_received_total", "Bytes of messages from clients.", "doc")?,
            frames_sent: counters("polyphony_frames_sent_total", "Websocket messages written to clients.", "doc")?,
            bytes_sent: counters("polyphony_bytes_sent_total", "Bytes of messages written to clients.", "doc")?,
            closes: counters(
                "polyphony_websocket_closes_total",
                "Connections the server closed, by close code.",
                "code",
            )?,
            updates_refused: counters(
                "polyphony_updates_refused_total",
                "Client updates refused, by reason.",
                "reason",
            )?,
            commands_refused: counters("polyphony_commands_refused_total", "Commands refused, by kind.", "kind")?,
            store_commit_seconds: histogram(
                "polyphony_store_commit_seconds",
                "Time to store a batch of updates.",
                prometheus::exponential_buckets(0.000_25, 2.0, 14)?,
            )?,
            store_batch_updates: histogram(
                "polyphony_store_batch_updates",
                "Updates per stored batch.",
                prometheus::exponential_buckets(1.0, 2.0, 10)?,
            )?,
            quarantined,
            fanout_seconds: histogram(
                "polyphony_fanout_seconds",
                "Time from a client's update reaching its room to its frames queued for every peer.",
                vec![0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0],
            )?,
            registry,
        })
    }
}

impl Metrics {
    /// Fresh metrics in a registry of their own.
    pub fn new() -> Metrics {
        match Counted::new() {
            Ok(counted) => Metrics(Some(counted)),
            Err(err) => {
                tracing::error!(%err, "metrics could not be set up; /metrics stays empty");
                Metrics(None)
            }
        }
    }

    /// The counters of one connection to a document of kind `doc`, counted open until the
    /// meter is dropped.
    pub fn connection(&self, doc: &str) -> ConnectionMeter {
        ConnectionMeter(self.0.as_ref().map(|counted| {
            let open = counted.connections.with_label_values(&[doc]);
            open.inc();
            Meter {
                frames_received: counted.frames_received.with_label_values(&[doc]),
                bytes_received: counted.bytes_received.with_label_values(&[doc]),
                frames_sent: counted.frames_sent.with_label_values(&[doc]),
                bytes_sent: counted.bytes_sent.with_label_values(&[doc]),
                closes: counted.closes.clone(),
                open,
            }
        }))
    }

    /// Counts an update refused for `reason`.
    pub fn update_refused(&self, reason: &str) {
        if let Some(counted) = &self.0 {
            counted.updates_refused.with_label_values(&[reason]).inc();
        }
    }

    /// Counts a command refused, by the kind of answer it got.
    pub fn command_refused(&self, kind: &str) {
        if let Some(counted) = &self.0 {
            counted.commands_refused.with_label_values(&[kind]).inc();
        }
    }

    /// Records a batch of `updates` stored in `seconds`.
    pub fn stored(&self, updates: usize, seconds: f64) {
        if let Some(counted) = &self.0 {
            counted.store_commit_seconds.observe(seconds);
            // A batch's count fits a double exactly.
            #[allow(clippy::cast_precision_loss)]
            counted.store_batch_updates.observe(updates as f64);
        }
    }

    /// Records how long a batch of updates took from reaching its room to being queued for
    /// every peer.
    pub fn fanned_out(&self, seconds: f64) {
        if let Some(counted) = &self.0 {
            counted.fanout_seconds.observe(seconds);
        }
    }

    /// Exports the Redis meter's metrics beside the others.
    pub fn register_redis(&self, meter: &RedisMeter) {
        let Some(counted) = &self.0 else { return };
        for collector in meter.collectors() {
            if let Err(err) = counted.registry.register(collector) {
                tracing::error!(%err, "a Redis metric could not be registered");
            }
        }
    }

    /// Counts stored updates set aside.
    pub fn quarantined(&self, count: u64) {
        if let Some(counted) = &self.0 {
            counted.quarantined.inc_by(count);
        }
    }

    /// Counts a document as loaded until the guard is dropped (its room stops).
    pub fn document_opened(&self) -> Loaded {
        Loaded(self.0.as_ref().map(|counted| {
            counted.documents_loaded.inc();
            counted.documents_loaded.clone()
        }))
    }

    /// Everything in the Prometheus text format, with `boards` loaded now.
    pub fn render(&self, boards: usize) -> String {
        let Some(counted) = &self.0 else { return String::new() };
        counted.boards_loaded.set(i64::try_from(boards).unwrap_or(i64::MAX));
        if let Some(resident) = resident_memory_bytes() {
            counted.resident_memory.set(resident);
        }
        prometheus::TextEncoder::new().encode_to_string(&counted.registry.gather()).unwrap_or_else(|err| {
            tracing::error!(%err, "metrics did not encode");
            String::new()
        })
    }
}

/// A document counted as loaded while this lives.
pub struct Loaded(Option<IntGauge>);

impl Drop for Loaded {
    fn drop(&mut self) {
        if let Some(gauge) = &self.0 {
            gauge.dec();
        }
    }
}

/// The label of a document's kind (a bounded set: never a board or activity id).
pub fn doc_kind(doc: polyphony_shared::DocName) -> &'static str {
    use polyphony_shared::DocName;
    match doc {
        DocName::Content => "content",
        DocName::Governed => "governed",
        DocName::Ballots => "ballots",
        DocName::Drafts => "drafts",
        DocName::Activity(_) => "activity",
        DocName::Table { .. } => "table",
    }
}

/// The counters of one websocket connection.
pub struct ConnectionMeter(Option<Meter>);

struct Meter {
    frames_received: IntCounter,
    bytes_received: IntCounter,
    frames_sent: IntCounter,
    bytes_sent: IntCounter,
    closes: IntCounterVec,
    open: IntGauge,
}

impl ConnectionMeter {
    /// A message of `bytes` came in.
    pub fn received(&self, bytes: usize) {
        if let Some(meter) = &self.0 {
            meter.frames_received.inc();
            meter.bytes_received.inc_by(bytes as u64);
        }
    }

    /// A message of `bytes` went out.
    pub fn sent(&self, bytes: usize) {
        if let Some(meter) = &self.0 {
            meter.frames_sent.inc();
            meter.bytes_sent.inc_by(bytes as u64);
        }
    }

    /// The server closed the connection with `code`.
    pub fn closed(&self, code: u16) {
        if let Some(meter) = &self.0 {
            meter.closes.with_label_values(&[&code.to_string()]).inc();
        }
    }
}

impl Drop for ConnectionMeter {
    fn drop(&mut self) {
        if let Some(meter) = &self.0 {
            meter.open.dec();
        }
    }
}

/// The process's resident memory, from `/proc/self/status` (Linux); none elsewhere.
fn resident_memory_bytes() -> Option<i64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    let kilobytes: i64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kilobytes.saturating_mul(1024))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_metric_is_set_up_and_rendered_with_its_help() {
        assert!(Counted::new().is_ok(), "every name and bucket is valid and registered once");
        let metrics = Metrics::new();
        let meter = metrics.connection("content");
        meter.received(10);
        meter.sent(30);
        meter.closed(4408);
        metrics.update_refused("rules");
        metrics.stored(3, 0.002);
        metrics.fanned_out(0.003);
        let redis = RedisMeter::new();
        redis.reconnected();
        redis.caught_up(7);
        metrics.register_redis(&redis);
        let documents = [metrics.document_opened(), metrics.document_opened()];
        let text = metrics.render(2);
        for line in [
            "polyphony_boards_loaded 2",
            "polyphony_documents_loaded 2",
            "polyphony_connections{doc=\"content\"} 1",
            "polyphony_bytes_received_total{doc=\"content\"} 10",
            "polyphony_bytes_sent_total{doc=\"content\"} 30",
            "polyphony_websocket_closes_total{code=\"4408\"} 1",
            "polyphony_updates_refused_total{reason=\"rules\"} 1",
            "polyphony_store_batch_updates_count 1",
            "polyphony_fanout_seconds_count 1",
            "polyphony_redis_reconnects_total 1",
            "polyphony_redis_catchup_entries_sum 7",
            "# HELP polyphony_store_commit_seconds Time to store a batch of updates.",
        ] {
            assert!(text.lines().any(|candidate| candidate == line), "{line} missing:\n{text}");
        }
        drop((meter, documents));
        let text = metrics.render(0);
        assert!(text.contains("polyphony_connections{doc=\"content\"} 0"), "closed again");
        assert!(text.contains("polyphony_documents_loaded 0"), "unloaded");
    }
}
