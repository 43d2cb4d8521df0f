//! Latency samples, percentiles, and the result of one run.

use std::time::Duration;

/// What one scenario run measured.
#[derive(Debug, Clone, Default)]
pub struct RunResult {
    /// Edit-to-peer latencies of every delivered update, sorted.
    pub latencies: Vec<Duration>,
    /// Updates sent by writers.
    pub sent: u64,
    /// Deliveries expected: each sent update to each other client of its board.
    pub expected: u64,
    /// Deliveries seen.
    pub delivered: u64,
    /// Time from opening each socket to holding the initial state, sorted.
    pub joins: Vec<Duration>,
    /// Clients that failed to connect or sync.
    pub failed_clients: u64,
}

impl RunResult {
    /// The `q` quantile (0.0–1.0) of the sorted samples.
    pub fn quantile(samples: &[Duration], q: f64) -> Option<Duration> {
        if samples.is_empty() {
            return None;
        }
        let index = ((samples.len() - 1) as f64 * q.clamp(0.0, 1.0)).round() as usize;
        samples.get(index).copied()
    }

    /// Delivered deliveries over expected ones (1.0 when nothing was expected).
    pub fn delivery_ratio(&self) -> f64 {
        if self.expected == 0 { 1.0 } else { self.delivered as f64 / self.expected as f64 }
    }

    /// One line: p50/p99/max latency, delivery, join p99.
    pub fn summary(&self) -> String {
        let ms =
            |value: Option<Duration>| value.map(|d| format!("{:.1}", d.as_secs_f64() * 1000.0)).unwrap_or("-".into());
        format!(
            "edit->peer p50 {} ms, p99 {} ms, max {} ms; delivered {}/{} ({:.2}%); join p50 {} ms, p99 {} ms; failed clients {}",
            ms(Self::quantile(&self.latencies, 0.5)),
            ms(Self::quantile(&self.latencies, 0.99)),
            ms(self.latencies.last().copied()),
            self.delivered,
            self.expected,
            self.delivery_ratio() * 100.0,
            ms(Self::quantile(&self.joins, 0.5)),
            ms(Self::quantile(&self.joins, 0.99)),
            self.failed_clients,
        )
    }
}

/// Finds every marker `#writer:seq:micros#` in a frame and returns (writer, seq, micros).
pub fn markers(frame: &[u8]) -> Vec<(u32, u32, u64)> {
    let mut found = Vec::new();
    let mut rest = frame;
    while let Some(start) = rest.iter().position(|&byte| byte == b'#') {
        rest = &rest[start + 1..];
        let Some(end) = rest.iter().position(|&byte| byte == b'#') else { break };
        let mut fields = rest[..end].split(|&byte| byte == b':');
        let parsed = (|| {
            let writer = std::str::from_utf8(fields.next()?).ok()?.parse().ok()?;
            let seq = std::str::from_utf8(fields.next()?).ok()?.parse().ok()?;
            let micros = std::str::from_utf8(fields.next()?).ok()?.parse().ok()?;
            fields.next().is_none().then_some((writer, seq, micros))
        })();
        match parsed {
            Some(marker) => {
                found.push(marker);
                rest = &rest[end + 1..];
            }
            None => continue,
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_found_in_raw_bytes() {
        let frame = b"\x00\x02garbage#3:17:123456#more#bad:marker#\x01#12:0:9#";
        assert_eq!(markers(frame), vec![(3, 17, 123_456), (12, 0, 9)]);
        assert!(markers(b"no markers here").is_empty());
    }

    #[test]
    fn quantiles_pick_from_sorted_samples() {
        let samples: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(RunResult::quantile(&samples, 0.5), Some(Duration::from_millis(51)));
        assert_eq!(RunResult::quantile(&samples, 0.99), Some(Duration::from_millis(99)));
        assert_eq!(RunResult::quantile(&[], 0.5), None);
    }
}
