//! World Café (issue 17): small groups at tables, each with a question and a host; after each
//! round everyone but the hosts moves on ([`seating`]); at the end the room harvests what
//! all tables found.
//!
//! This module holds the café as a facilitator sets it up and as it runs: the tables, the
//! rounds and where everyone sits in each ([`Cafe`]), with the limits a set-up must keep.
//! The server keeps it in governed state (`cafes`), written whole, like a poll.

pub mod harvest;
pub mod run;
pub mod seating;
#[cfg(test)]
mod seating_tests;

use std::collections::{BTreeMap, BTreeSet};

use crate::ids::ParticipantId;

/// Fewest tables a café has.
pub const MIN_TABLES: usize = 2;
/// Most tables a café has.
pub const MAX_TABLES: usize = 20;
/// The longest table question, in characters.
pub const MAX_TABLE_QUESTION_CHARS: usize = 200;
/// Most rounds.
pub const MAX_ROUNDS: u32 = 6;
/// Longest round, in minutes.
pub const MAX_ROUND_MINUTES: u32 = 60;

/// A table's colour, for the sign on it and the phone that sends someone there (with its
/// number, so colour is never the only cue).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum TableColour {
    /// Red.
    #[default]
    Red,
    /// Blue.
    Blue,
    /// Green.
    Green,
    /// Yellow.
    Yellow,
    /// Purple.
    Purple,
    /// Orange.
    Orange,
    /// Teal.
    Teal,
    /// Pink.
    Pink,
}

impl TableColour {
    /// Every colour, in the order tables take them.
    pub const ALL: [TableColour; 8] = [
        TableColour::Red,
        TableColour::Blue,
        TableColour::Green,
        TableColour::Yellow,
        TableColour::Purple,
        TableColour::Orange,
        TableColour::Teal,
        TableColour::Pink,
    ];

    /// The stored name (also the colour's name in English).
    pub fn as_str(self) -> &'static str {
        match self {
            TableColour::Red => "red",
            TableColour::Blue => "blue",
            TableColour::Green => "green",
            TableColour::Yellow => "yellow",
            TableColour::Purple => "purple",
            TableColour::Orange => "orange",
            TableColour::Teal => "teal",
            TableColour::Pink => "pink",
        }
    }

    /// The colour the table with this index takes unless the facilitator chooses another.
    pub fn for_table(index: usize) -> TableColour {
        TableColour::ALL[index % TableColour::ALL.len()]
    }
}

/// One table.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct CafeTable {
    /// The question the table talks about.
    pub question: String,
    /// Its colour.
    pub colour: TableColour,
    /// Its host, who stays at it every round.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<ParticipantId>,
    /// A virtual table, for remote participants.
    #[serde(default)]
    pub remote: bool,
}

/// A café as set up and as it runs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cafe {
    /// The tables; a table's number is its index plus one.
    pub tables: Vec<CafeTable>,
    /// How many rounds.
    pub rounds: u32,
    /// How long a round is, in minutes.
    pub round_minutes: u32,
    /// Remote participants sit at the virtual tables among themselves (else mixed with the
    /// room).
    pub remote_together: bool,
    /// The round running: 0 before the first, then 1 to `rounds`; above `rounds`, the
    /// harvest.
    pub round: u32,
    /// Where everyone sits in each round so far (table by index).
    pub seating: Vec<BTreeMap<ParticipantId, usize>>,
    /// Who said they take part online (seated at the online tables when the facilitator
    /// keeps online people together).
    pub online: BTreeSet<ParticipantId>,
}

/// Why a café's set-up is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
pub enum CafeSetupError {
    /// Too few or too many tables.
    #[error("A café has {MIN_TABLES} to {MAX_TABLES} tables.")]
    Tables,
    /// A table's question is empty or too long.
    #[error("Each table needs a question of 1 to {MAX_TABLE_QUESTION_CHARS} characters.")]
    Question,
    /// Rounds out of range.
    #[error("A café has 1 to {MAX_ROUNDS} rounds of 1 to {MAX_ROUND_MINUTES} minutes each.")]
    Rounds,
    /// One person hosts two tables.
    #[error("One person hosts one table at most.")]
    TwoTables,
}

impl Cafe {
    /// Checks what a facilitator sets up.
    pub fn check_setup(&self) -> Result<(), CafeSetupError> {
        if !(MIN_TABLES..=MAX_TABLES).contains(&self.tables.len()) {
            return Err(CafeSetupError::Tables);
        }
        let fits = |table: &CafeTable| (1..=MAX_TABLE_QUESTION_CHARS).contains(&table.question.trim().chars().count());
        if !self.tables.iter().all(fits) {
            return Err(CafeSetupError::Question);
        }
        if !(1..=MAX_ROUNDS).contains(&self.rounds) || !(1..=MAX_ROUND_MINUTES).contains(&self.round_minutes) {
            return Err(CafeSetupError::Rounds);
        }
        let mut hosts: Vec<ParticipantId> = self.tables.iter().filter_map(|table| table.host).collect();
        let all = hosts.len();
        hosts.sort_unstable();
        hosts.dedup();
        if hosts.len() != all {
            return Err(CafeSetupError::TwoTables);
        }
        Ok(())
    }

    /// Where everyone sits in the round running (none before the first round or at the
    /// harvest).
    pub fn seating_now(&self) -> Option<&BTreeMap<ParticipantId, usize>> {
        let round = usize::try_from(self.round).ok()?.checked_sub(1)?;
        self.seating.get(round).filter(|_| !self.harvesting())
    }

    /// The table `participant` sits at in the round running, if seated.
    pub fn table_now(&self, participant: ParticipantId) -> Option<usize> {
        self.seating_now()?.get(&participant).copied()
    }

    /// Whether the harvest has begun (every round is over).
    pub fn harvesting(&self) -> bool {
        self.rounds > 0 && self.round > self.rounds
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cafe(tables: usize) -> Cafe {
        Cafe {
            tables: (0..tables)
                .map(|at| CafeTable {
                    question: format!("Question {at}"),
                    colour: TableColour::for_table(at),
                    ..CafeTable::default()
                })
                .collect(),
            rounds: 3,
            round_minutes: 20,
            ..Cafe::default()
        }
    }

    #[test]
    fn a_setup_keeps_its_limits() {
        assert_eq!(cafe(4).check_setup(), Ok(()));
        assert_eq!(cafe(1).check_setup(), Err(CafeSetupError::Tables));
        assert_eq!(cafe(MAX_TABLES + 1).check_setup(), Err(CafeSetupError::Tables));
        let mut blank = cafe(3);
        blank.tables[1].question = "  ".into();
        assert_eq!(blank.check_setup(), Err(CafeSetupError::Question));
        assert_eq!(Cafe { rounds: 0, ..cafe(3) }.check_setup(), Err(CafeSetupError::Rounds));
        assert_eq!(Cafe { round_minutes: 61, ..cafe(3) }.check_setup(), Err(CafeSetupError::Rounds));
        let host = ParticipantId::random_from(&mut (1u8..));
        let mut twice = cafe(3);
        twice.tables[0].host = Some(host);
        twice.tables[2].host = Some(host);
        assert_eq!(twice.check_setup(), Err(CafeSetupError::TwoTables));
    }

    #[test]
    fn a_table_is_known_only_while_a_round_runs() {
        let ana = ParticipantId::random_from(&mut (1u8..));
        let mut running = cafe(3);
        running.seating = vec![BTreeMap::from([(ana, 2)]), BTreeMap::from([(ana, 0)])];
        assert_eq!(running.table_now(ana), None, "before the first round");
        running.round = 2;
        assert_eq!(running.table_now(ana), Some(0));
        running.round = 4;
        assert!(running.harvesting());
        assert_eq!(running.table_now(ana), None, "the harvest");
    }
}
