//! World Café (issue 17): small groups at tables, each with a question and a host; after each
//! round everyone but the hosts moves on; at the end the room harvests what all tables found.

pub mod seating;
#[cfg(test)]
mod seating_tests;
