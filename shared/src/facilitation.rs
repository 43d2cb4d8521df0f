//! The facilitated process: phases, sections, the timer, and the commands that change them.
//!
//! Clients never write this state: they send a [`Command`] to
//! `POST /api/boards/{board_id}/commands`; the server checks the sender's role and the
//! rules, writes the governed document, and every client sees the result there.

use serde::{Deserialize, Serialize};

pub use crate::command::Command;
pub use crate::voting::OpenedRound;

/// The four phases of a co-creation process (seeds 000, 003, 004).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Phase {
    /// A core team drafts the challenge question and invites stakeholders.
    #[default]
    Preparation,
    /// Perspectives are shared, first ideas brainstormed, the challenge agreed.
    CoDefinition,
    /// Ideas are generated, clustered, discussed and prioritised.
    CoCreation,
    /// Chosen solutions become an action plan.
    Implementation,
}

impl Phase {
    /// Every phase, in order.
    pub const ALL: [Phase; 4] = [Phase::Preparation, Phase::CoDefinition, Phase::CoCreation, Phase::Implementation];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Preparation => "preparation",
            Phase::CoDefinition => "co-definition",
            Phase::CoCreation => "co-creation",
            Phase::Implementation => "implementation",
        }
    }

    /// Reads a stored name.
    pub fn parse(text: &str) -> Option<Phase> {
        Phase::ALL.into_iter().find(|phase| phase.as_str() == text)
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Phase::Preparation => "Preparation",
            Phase::CoDefinition => "Co-definition",
            Phase::CoCreation => "Co-creation",
            Phase::Implementation => "Implementation",
        }
    }

    /// What the phase is for, shown to everyone.
    pub fn purpose(self) -> &'static str {
        match self {
            Phase::Preparation => "Draft the challenge question and invite the people it concerns.",
            Phase::CoDefinition => "Share how citizens and professionals see the need, and agree on the challenge.",
            Phase::CoCreation => "Generate ideas, group them, discuss them and choose together.",
            Phase::Implementation => "Turn the chosen ideas into an action plan: what, who, when.",
        }
    }

    /// The sections shown in this phase unless the board is configured otherwise: all of
    /// them, because the challenge must stay visible to everyone in every phase (seed 004:
    /// "information for everyone"); a facilitator narrows a phase down where it helps.
    pub fn default_sections(self) -> &'static [Section] {
        &Section::ALL
    }
}

/// A part of the board that can be shown, locked and summoned to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    /// The problem statement / challenge description.
    ProblemStatement,
    /// The "How might we …" challenge questions.
    Questions,
    /// The idea board: cards and clusters.
    Ideas,
}

impl Section {
    /// Every section.
    pub const ALL: [Section; 3] = [Section::ProblemStatement, Section::Questions, Section::Ideas];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Section::ProblemStatement => "problem-statement",
            Section::Questions => "questions",
            Section::Ideas => "ideas",
        }
    }

    /// Reads a stored name.
    pub fn parse(text: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|section| section.as_str() == text)
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Section::ProblemStatement => "Problem statement",
            Section::Questions => "Challenge questions",
            Section::Ideas => "Idea board",
        }
    }
}

/// The workshop timer. The end time is the server's, so every device and a reload show the
/// same remaining time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum Timer {
    /// Counting down to `ends_at_ms` (milliseconds since the Unix epoch).
    Running {
        /// When it reaches zero.
        ends_at_ms: u64,
        /// What it times, such as "Brainstorm".
        label: String,
    },
    /// Paused with this much left.
    Paused {
        /// Milliseconds left.
        remaining_ms: u64,
        /// What it times.
        label: String,
    },
}

/// The facilitation state everyone sees, read out of the governed document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Facilitation {
    /// The current phase.
    pub phase: Phase,
    /// The timer, if one is set.
    pub timer: Option<Timer>,
    /// Sections participants cannot edit now.
    pub locked: Vec<Section>,
    /// The section a facilitator last brought everyone to, and when (ms since the epoch).
    pub summon: Option<(Section, u64)>,
    /// New cards stay private to their authors until a facilitator reveals them.
    pub private_writing: bool,
    /// Authors are hidden from everyone (facilitators can still moderate).
    pub anonymous: bool,
    /// Joiners wait in a lobby until a facilitator lets them in (on by itself once someone
    /// was removed, so that they cannot come back under another name).
    pub admission: bool,
    /// The balance of voices is shown to everyone (by perspective, never by name).
    pub balance_shown: bool,
    /// The facilitator is prompted when a perspective's share of the contributions is above
    /// this many tenths of its share of the people; 0 for the default, twice
    /// ([`Facilitation::prompt_over`]).
    pub balance_prompt_at: u32,
    /// The facilitator asked not to be prompted about the balance of voices.
    pub balance_quiet: bool,
    /// Private cards written and not yet revealed.
    pub private_ideas: u32,
    /// How many people wrote them.
    pub private_writers: u32,
    /// The sections shown in each phase, where the board differs from
    /// [`Phase::default_sections`].
    pub phase_sections: std::collections::BTreeMap<Phase, Vec<Section>>,
    /// How many times the facilitator key was replaced: older keys no longer work.
    pub key_generation: u32,
    /// The public report link shared now, by its generation (none: not shared).
    pub report_link: Option<u32>,
    /// How many report links were ever made: a new one never brings back an old one.
    pub report_links: u32,
}

/// The share of the contributions, against the share of the people, above which the
/// facilitator is prompted unless they chose otherwise: twice, in tenths.
pub const BALANCE_PROMPT_AT: u32 = 20;

impl Facilitation {
    /// How many times its share of the people a perspective's share of the contributions
    /// may be before the facilitator is prompted; 0 for never.
    pub fn prompt_over(&self) -> f64 {
        match (self.balance_quiet, self.balance_prompt_at) {
            (true, _) => 0.0,
            (false, 0) => f64::from(BALANCE_PROMPT_AT) / 10.0,
            (false, tenths) => f64::from(tenths) / 10.0,
        }
    }

    /// The sections shown in `phase` on this board.
    pub fn sections_of(&self, phase: Phase) -> Vec<Section> {
        self.phase_sections.get(&phase).cloned().unwrap_or_else(|| phase.default_sections().to_vec())
    }

    /// Whether `section` is shown in the current phase.
    pub fn shows(&self, section: Section) -> bool {
        self.sections_of(self.phase).contains(&section)
    }
}

/// The longest timer a facilitator can set: a whole workshop day.
pub const MAX_TIMER_SECONDS: u64 = 12 * 60 * 60;
/// The longest timer label, in characters.
pub const MAX_LABEL_CHARS: usize = 60;
/// The longest moderation reason, in characters.
pub const MAX_REASON_CHARS: usize = 200;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_use_readable_json() {
        let json = r#"{"type":"start_timer","seconds":300,"label":"Brainstorm"}"#;
        let command: Command = serde_json::from_str(json).unwrap_or(Command::PauseTimer);
        assert_eq!(command, Command::StartTimer { seconds: 300, label: "Brainstorm".into() });
        let phase: Command =
            serde_json::from_str(r#"{"type":"set_phase","phase":"co-creation"}"#).unwrap_or(Command::PauseTimer);
        assert_eq!(phase, Command::SetPhase { phase: Phase::CoCreation });
    }

    #[test]
    fn names_round_trip() {
        for phase in Phase::ALL {
            assert_eq!(Phase::parse(phase.as_str()), Some(phase));
        }
        for section in Section::ALL {
            assert_eq!(Section::parse(section.as_str()), Some(section));
        }
    }
}
