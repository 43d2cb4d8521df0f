//! What Redis mode counts: the pub/sub connection coming back, and how far a document's
//! follower was behind the log when it caught up. Made before the server's metrics (the
//! bus starts first) and registered with them once they exist ([`super::Metrics::register_redis`]).

use prometheus::{Histogram, HistogramOpts, IntCounter, Opts};

/// What Redis mode counts. Cheap to clone.
#[derive(Clone, Default)]
pub struct RedisMeter(Option<RedisCounted>);

#[derive(Clone)]
struct RedisCounted {
    reconnects: IntCounter,
    catchup_entries: Histogram,
}

impl RedisMeter {
    /// Its metrics, to register (none if it is not counting).
    pub(super) fn collectors(&self) -> Vec<Box<dyn prometheus::core::Collector>> {
        let Some(counted) = &self.0 else { return Vec::new() };
        vec![Box::new(counted.reconnects.clone()), Box::new(counted.catchup_entries.clone())]
    }

    /// A fresh meter (not counting if its metrics cannot be made, which a test rules out).
    pub fn new() -> RedisMeter {
        let made = || -> prometheus::Result<RedisCounted> {
            let reconnects = IntCounter::with_opts(Opts::new(
                "polyphony_redis_reconnects_total",
                "Times the pub/sub connection to Redis came back after it was lost",
            ))?;
            let opts = HistogramOpts::new(
                "polyphony_redis_catchup_entries",
                "Log entries a document's follower read to close a gap (Redis stream lag, in updates)",
            )
            .buckets(vec![0.0, 1.0, 2.0, 5.0, 10.0, 50.0, 100.0, 500.0, 1000.0, 10000.0]);
            Ok(RedisCounted { reconnects, catchup_entries: Histogram::with_opts(opts)? })
        };
        RedisMeter(made().inspect_err(|err| tracing::error!(%err, "Redis metrics could not be set up")).ok())
    }

    /// Counts a pub/sub connection that came back.
    pub fn reconnected(&self) {
        if let Some(counted) = &self.0 {
            counted.reconnects.inc();
        }
    }

    /// Records how many log entries a follower read to catch up.
    pub fn caught_up(&self, entries: usize) {
        if let Some(counted) = &self.0 {
            // A count of entries fits a double exactly.
            #[allow(clippy::cast_precision_loss)]
            counted.catchup_entries.observe(entries as f64);
        }
    }
}
