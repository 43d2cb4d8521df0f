//! Stops a fuzzing run when one input hangs, and names it: an input that makes the server
//! loop forever is a finding too.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long one input may take before the fuzzer reports it as a hang and stops.
const HANG: Duration = Duration::from_secs(10);

/// Watches the input being run, and stops the process if one runs longer than [`HANG`]:
/// an input that makes the server loop forever is a finding too.
pub(super) struct Watchdog {
    current: Arc<Mutex<Running>>,
}

/// The input being run and when it started, if one is.
type Running = Option<(Instant, Vec<u8>)>;

impl Watchdog {
    pub(super) fn start() -> Watchdog {
        let current: Arc<Mutex<Running>> = Arc::new(Mutex::new(None));
        let watched = Arc::clone(&current);
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(Duration::from_secs(1));
                // The watchdog ends with its process; a poisoned lock means the run is over.
                let Ok(guard) = watched.lock() else { return };
                if let Some((started, input)) = guard.as_ref()
                    && started.elapsed() > HANG
                {
                    eprintln!("finding: hang: an input ran for over {HANG:?}: {}", hex(input));
                    std::process::abort();
                }
            }
        });
        Watchdog { current }
    }

    pub(super) fn running(&self, input: &[u8]) {
        if let Ok(mut current) = self.current.lock() {
            *current = Some((Instant::now(), input.to_vec()));
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}
