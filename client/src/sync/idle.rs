//! Work that waits for a pause: saving the replica and republishing the snapshot are too
//! costly for every keystroke on a big board, so they run once changes stop for a moment
//! (or, during long typing, at least every few seconds).

use std::cell::Cell;
use std::rc::Weak;
use std::time::Duration;

use leptos::prelude::set_timeout;

use super::session::Session;

/// One kind of deferred work and when it was last asked for.
pub struct IdleTask {
    quiet_ms: f64,
    at_most_ms: f64,
    first: Cell<Option<f64>>,
    last: Cell<f64>,
    scheduled: Cell<bool>,
}

impl IdleTask {
    /// Runs after `quiet` without a new request, and never later than `at_most` after the
    /// first one.
    pub fn new(quiet: Duration, at_most: Duration) -> IdleTask {
        IdleTask {
            quiet_ms: quiet.as_millis() as f64,
            at_most_ms: at_most.as_millis() as f64,
            first: Cell::new(None),
            last: Cell::new(0.0),
            scheduled: Cell::new(false),
        }
    }

    /// Forgets pending requests (the work was just done another way).
    pub fn done(&self) {
        self.first.set(None);
    }
}

/// Asks for the work of `task` (picked from the session) to run when changes pause.
pub fn request(session: &Weak<Session>, task: fn(&Session) -> &IdleTask, run: fn(&Session)) {
    let Some(strong) = session.upgrade() else { return };
    let idle = task(&strong);
    let now = js_sys::Date::now();
    idle.last.set(now);
    if idle.first.get().is_none() {
        idle.first.set(Some(now));
    }
    if !idle.scheduled.replace(true) {
        check_later(session.clone(), idle.quiet_ms, task, run);
    }
}

fn check_later(session: Weak<Session>, after_ms: f64, task: fn(&Session) -> &IdleTask, run: fn(&Session)) {
    set_timeout(
        move || {
            let Some(strong) = session.upgrade() else { return };
            let idle = task(&strong);
            let Some(first) = idle.first.get() else {
                idle.scheduled.set(false);
                return;
            };
            let now = js_sys::Date::now();
            let quiet_for = now - idle.last.get();
            if quiet_for >= idle.quiet_ms || now - first >= idle.at_most_ms {
                idle.scheduled.set(false);
                idle.first.set(None);
                run(&strong);
            } else {
                let wait = (idle.quiet_ms - quiet_for).min(idle.at_most_ms - (now - first)).max(10.0);
                check_later(session, wait, task, run);
            }
        },
        Duration::from_millis(after_ms as u64),
    );
}
