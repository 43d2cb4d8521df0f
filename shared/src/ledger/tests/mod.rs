//! Tests of the ledger: against yrs on honest sessions, and against crafted updates.

mod crafted;
mod sessions;
