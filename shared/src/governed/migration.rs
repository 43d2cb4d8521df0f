//! Boards written before the agenda (governed schema 1) open as boards with one.
//!
//! Such a board kept its problem statement, challenge questions and idea board as sections
//! of its content document, shown by phase. Its migration puts three activities on the
//! agenda that the board's own document holds ([`ActivityHome::Board`]): nothing is copied,
//! so nothing can be lost, and votes, hidden cards and restore points keep pointing at the
//! same cards. The activity of the board's current phase is live, the ones before it are
//! done (people look back at them) and a section's lock becomes its activity's lock (the
//! section itself is unlocked, so no lock shows twice).
//!
//! The activities' ids follow from the board's id, so two server instances migrating one
//! board at once write the same three entries, and a second run finds nothing to do.

use yrs::{Map, Out, ReadTxn, TransactionMut};

use super::{GOVERNED_SCHEMA_VERSION, GovernedDoc};
use crate::agenda::{Activity, ActivityHome, ActivityKind, ActivityState, Visibility};
use crate::facilitation::{Phase, Section};
use crate::ids::{ActivityId, BoardId};
use crate::schema::META_SCHEMA_VERSION;

/// The governed schema that first had an agenda.
pub const AGENDA_SCHEMA_VERSION: i64 = 2;

/// A board's sections as activities: kind, title and phase, in agenda order.
const SECTIONS: [(ActivityKind, Phase); 3] = [
    (ActivityKind::SharedText, Phase::CoDefinition),
    (ActivityKind::ChallengeQuestions, Phase::CoDefinition),
    (ActivityKind::IdeaBoard, Phase::CoCreation),
];

impl GovernedDoc {
    /// The schema version the document records, if its seed has arrived.
    pub fn schema_version(&self, txn: &impl ReadTxn) -> Option<i64> {
        match self.meta.get(txn, META_SCHEMA_VERSION) {
            Some(Out::Any(any)) => any.cast::<i64>().ok(),
            _ => None,
        }
    }

    /// Gives a board from before the agenda its agenda, and records the current schema.
    /// Returns whether it changed anything (a board already migrated, or one whose seed has
    /// not arrived, is left alone).
    pub fn migrate(&self, txn: &mut TransactionMut, board: BoardId) -> bool {
        match self.schema_version(txn) {
            Some(version) if version < AGENDA_SCHEMA_VERSION => {}
            _ => return false,
        }
        let facilitation = self.facilitation(txn);
        let live = live_section(facilitation.phase);
        for (at, (kind, phase)) in SECTIONS.into_iter().enumerate() {
            let Some(section) = kind.board_section() else { continue };
            let state = match section.cmp(&live) {
                std::cmp::Ordering::Less => ActivityState::Done,
                std::cmp::Ordering::Equal => ActivityState::Live,
                std::cmp::Ordering::Greater => ActivityState::Upcoming,
            };
            let activity = Activity {
                id: section_activity_id(board, section),
                kind,
                phase,
                title: section.label().to_owned(),
                prompt: kind.default_prompt().to_owned(),
                instructions: String::new(),
                minutes: 0,
                state,
                visibility: Visibility::Everyone,
                locked: facilitation.locked.contains(&section),
                order: at as f64 + 1.0,
                home: ActivityHome::Board,
                agreed: None,
                prompt_from: None,
                open_until_ms: None,
                members: Default::default(),
                in_outputs: false,
            };
            self.set_activity(txn, &activity);
            // The lock is the activity's now: the section's own would only confuse.
            self.set_locked(txn, section, false);
        }
        self.meta.insert(txn, META_SCHEMA_VERSION, GOVERNED_SCHEMA_VERSION);
        true
    }
}

/// The section people worked on in `phase` before there was an agenda.
fn live_section(phase: Phase) -> Section {
    match phase {
        Phase::Preparation => Section::ProblemStatement,
        Phase::CoDefinition => Section::Questions,
        Phase::CoCreation | Phase::Implementation => Section::Ideas,
    }
}

/// The id of the activity that holds `section` of `board`: the same on every instance
/// (the [`crate::wire::TextPrint`] of the board id and the section's name).
fn section_activity_id(board: BoardId, section: Section) -> ActivityId {
    let hash = crate::wire::TextPrint::of(&format!("{board}/{}", section.as_str())).bits();
    ActivityId::random_from(&mut hash.to_be_bytes().into_iter())
}

#[cfg(test)]
mod tests {
    use yrs::updates::decoder::Decode;
    use yrs::{Transact, Update};

    use super::*;
    use crate::agenda::in_order;

    fn board_of_version(version: i64, phase: Phase, locked: &[Section]) -> GovernedDoc {
        let governed = GovernedDoc::new();
        let mut txn = governed.doc().transact_mut();
        let seed = Update::decode_v1(&crate::schema::versioned_seed(version)).ok();
        txn.apply_update(seed.unwrap_or_else(Update::new)).ok();
        governed.set_phase(&mut txn, phase);
        for section in locked {
            governed.set_locked(&mut txn, *section, true);
        }
        drop(txn);
        governed
    }

    fn board() -> BoardId {
        BoardId::random_from(&mut (0u8..16))
    }

    #[test]
    fn a_board_from_before_the_agenda_gets_its_sections_as_activities() {
        let governed = board_of_version(1, Phase::CoCreation, &[Section::ProblemStatement]);
        assert!(governed.migrate(&mut governed.doc().transact_mut(), board()));
        let txn = governed.doc().transact();
        assert_eq!(governed.schema_version(&txn), Some(GOVERNED_SCHEMA_VERSION));
        assert!(governed.facilitation(&txn).locked.is_empty(), "the lock moved to the activity");
        let agenda = in_order(governed.activities(&txn).into_values());
        let summary: Vec<_> =
            agenda.iter().map(|a| (a.title.as_str(), a.state, a.locked, a.home, a.board_section())).collect();
        assert_eq!(
            summary,
            vec![
                ("Problem statement", ActivityState::Done, true, ActivityHome::Board, Some(Section::ProblemStatement)),
                ("Challenge questions", ActivityState::Done, false, ActivityHome::Board, Some(Section::Questions)),
                ("Idea board", ActivityState::Live, false, ActivityHome::Board, Some(Section::Ideas)),
            ]
        );
    }

    #[test]
    fn the_live_activity_follows_the_phase_the_board_was_in() {
        for (phase, live) in [
            (Phase::Preparation, "Problem statement"),
            (Phase::CoDefinition, "Challenge questions"),
            (Phase::Implementation, "Idea board"),
        ] {
            let governed = board_of_version(1, phase, &[]);
            governed.migrate(&mut governed.doc().transact_mut(), board());
            let activities = governed.activities(&governed.doc().transact());
            let running: Vec<_> = activities.values().filter(|a| a.state == ActivityState::Live).collect();
            assert_eq!(running.len(), 1, "{phase:?}");
            assert_eq!(running[0].title, live, "{phase:?}");
        }
    }

    #[test]
    fn a_migrated_board_and_a_new_one_are_left_alone() {
        let governed = board_of_version(1, Phase::CoDefinition, &[]);
        assert!(governed.migrate(&mut governed.doc().transact_mut(), board()));
        assert!(!governed.migrate(&mut governed.doc().transact_mut(), board()));
        let new = board_of_version(GOVERNED_SCHEMA_VERSION, Phase::Preparation, &[]);
        assert!(!new.migrate(&mut new.doc().transact_mut(), board()));
        assert!(new.activities(&new.doc().transact()).is_empty());
        let unseeded = GovernedDoc::new();
        assert!(!unseeded.migrate(&mut unseeded.doc().transact_mut(), board()));
    }

    #[test]
    fn two_instances_migrating_one_board_write_the_same_three_activities() {
        let (first, second) = (board_of_version(1, Phase::CoCreation, &[]), GovernedDoc::new());
        let state = first.doc().transact().encode_state_as_update_v1(&yrs::StateVector::default());
        second.doc().transact_mut().apply_update(Update::decode_v1(&state).unwrap_or_else(|_| Update::new())).ok();
        first.migrate(&mut first.doc().transact_mut(), board());
        second.migrate(&mut second.doc().transact_mut(), board());
        let from_second = second.doc().transact().encode_state_as_update_v1(&yrs::StateVector::default());
        first.doc().transact_mut().apply_update(Update::decode_v1(&from_second).unwrap_or_else(|_| Update::new())).ok();
        assert_eq!(first.activities(&first.doc().transact()).len(), 3);
    }
}
