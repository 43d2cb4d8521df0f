//! The board's rules as typed, pure code, shared by the server (which enforces them) and the
//! web client (which disables what they would refuse and says why, in the same words).
//!
//! [`BoardRules`] is what the governed document decides for everyone on a board, read from
//! it in one place; the checks are methods on it that take who is asking ([`Access`]) and
//! what they try, and answer with a [`Refusal`] or nothing.
//!
//! # Layout
//! - [`refusal`]: [`Refusal`], every reason a change is turned down, with its text.
//! - [`content`]: who may write which document, and which content changes the rules refuse.
//! - [`commands`]: what a command may carry, and what one that changes governed state does.
//! - [`carry`]: carrying results forward: an agreed question, the items with most dots.
//! - [`tables`]: who writes at a World Café's tables.

#[cfg(test)]
mod agenda_tests;
#[cfg(test)]
mod command_tests;
#[cfg(test)]
pub(crate) use command_tests::every_command as command_examples;
pub mod agenda;
pub mod carry;
#[cfg(test)]
mod carry_tests;
pub mod commands;
mod content;
pub mod people;
mod refusal;
mod tables;
#[cfg(test)]
mod tests;

use crate::item_ids::CardId;
use std::collections::{BTreeMap, BTreeSet};

use yrs::{Doc, Transact};

use crate::access::{Participant, Role};
use crate::agenda::{Activity, ActivityState, Visibility};
use crate::facilitation::{Facilitation, Section};
use crate::governed::{GovernedDoc, ParticipantRecord};
use crate::ids::{ActivityId, DocName, ParticipantId, RoundId};
use crate::voting::{Round, RoundStatus};
use crate::wire::TextPrint;
pub use refusal::{Invalid, Missing, Refusal, RefusalKind};
pub use tables::CafeSeats;

/// The verified identity behind a connection or command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Access {
    /// Who.
    pub participant: ParticipantId,
    /// What they may do.
    pub role: Role,
}

/// What the governed document currently decides for everyone on the board.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct BoardRules {
    /// Read from the governed document; until then (the default) nothing may be written,
    /// so a server room that starts before the rules never runs on a blank set of them.
    pub known: bool,
    /// Participants removed by a facilitator: refused, and their connections closed.
    pub removed: BTreeSet<ParticipantId>,
    /// Participants waiting in the lobby to be let in: refused every document until then.
    pub waiting: BTreeSet<ParticipantId>,
    /// People who take part without a device, for whom facilitators and supporters act.
    pub assisted: BTreeSet<ParticipantId>,
    /// Each participant's role as governed state has it now (a co-facilitator was promoted
    /// after their token was issued, say).
    pub roles: BTreeMap<ParticipantId, Role>,
    /// Sections participants cannot edit now.
    pub locked: BTreeSet<Section>,
    /// Voting rounds that take votes now.
    pub open_rounds: BTreeMap<RoundId, Round>,
    /// Anonymous mode: cards may not carry author names.
    pub anonymous: bool,
    /// Private writing: participants' new cards go to drafts, and their ideas and
    /// questions on the board wait until the reveal.
    pub private_writing: bool,
    /// Cards a facilitator hid.
    pub hidden: BTreeSet<CardId>,
    /// The print of each participant's display name: the only author name their new
    /// cards may carry.
    pub names: BTreeMap<ParticipantId, TextPrint>,
    /// Each participant's display name and perspective, for their presence.
    pub people: BTreeMap<ParticipantId, (String, crate::model::Perspective)>,
    /// Which facilitator key works now.
    pub key_generation: u32,
    /// The public report link that works now, by its generation (none: not shared).
    pub report_link: Option<u32>,
    /// What decides who may read and write each activity's document.
    pub activities: BTreeMap<ActivityId, ActivityRules>,
    /// The sections of the content document an activity holds (a board from before the
    /// agenda): its rules, not the section's lock, decide who writes there.
    pub held_sections: BTreeMap<Section, ActivityId>,
    /// Who sits at which table of each World Café ([`BoardRules::with_cafes`]).
    pub cafes: BTreeMap<ActivityId, CafeSeats>,
}

/// What decides who may read and write one activity's document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityRules {
    /// Upcoming, live or done.
    pub state: ActivityState,
    /// Who sees it.
    pub visibility: Visibility,
    /// Locked by a facilitator.
    pub locked: bool,
    /// The document that holds its words.
    pub document: DocName,
    /// What it asks people to do.
    pub kind: crate::agenda::ActivityKind,
    /// The only participants who may open it (none named: everyone it is visible to).
    pub members: BTreeSet<ParticipantId>,
    /// Shown on the projector (observers read it) although kept to named participants.
    pub in_outputs: bool,
}

impl ActivityRules {
    /// Whether its members let `access` open it: anyone when none are named, facilitators
    /// always, and observers (the projector) once a facilitator included it in outputs.
    pub fn lets_in(&self, access: Access) -> bool {
        self.members.is_empty()
            || access.role.facilitates()
            || self.members.contains(&access.participant)
            || (self.in_outputs && access.role == Role::Observer)
    }
}

impl BoardRules {
    /// Reads the rules out of a governed document.
    pub fn from_governed(doc: &Doc) -> Self {
        let governed = GovernedDoc::from_doc(doc.clone());
        let txn = doc.transact();
        BoardRules::from_parts(
            &governed.participants(&txn),
            &governed.facilitation(&txn),
            governed.hidden_cards(&txn).into_keys(),
            governed.rounds(&txn),
            &governed.activities(&txn),
        )
        .with_cafes(&governed.cafes(&txn))
    }

    /// The rules that follow from governed state already read (the web client keeps it so).
    pub fn from_parts(
        participants: &BTreeMap<ParticipantId, ParticipantRecord>,
        facilitation: &Facilitation,
        hidden: impl IntoIterator<Item = String>,
        rounds: BTreeMap<RoundId, Round>,
        activities: &BTreeMap<ActivityId, Activity>,
    ) -> Self {
        let people = || participants.values().map(|record| &record.participant);
        BoardRules {
            known: true,
            removed: participants
                .values()
                .filter(|record| record.removed)
                .map(|record| record.participant.id)
                .collect(),
            waiting: participants
                .values()
                .filter(|record| record.waiting)
                .map(|record| record.participant.id)
                .collect(),
            assisted: participants
                .values()
                .filter(|record| record.assisted)
                .map(|record| record.participant.id)
                .collect(),
            roles: people().map(|participant| (participant.id, participant.role)).collect(),
            names: people().map(|participant| (participant.id, TextPrint::of(&participant.name))).collect(),
            people: people()
                .map(|Participant { id, name, perspective, .. }| (*id, (name.clone(), *perspective)))
                .collect(),
            locked: facilitation.locked.iter().copied().collect(),
            anonymous: facilitation.anonymous,
            private_writing: facilitation.private_writing,
            hidden: hidden.into_iter().map(CardId::from).collect(),
            open_rounds: rounds.into_iter().filter(|(_, round)| round.status == RoundStatus::Open).collect(),
            key_generation: facilitation.key_generation,
            report_link: facilitation.report_link,
            activities: activities
                .values()
                .map(|activity| {
                    let rules = ActivityRules {
                        state: activity.state,
                        visibility: activity.visibility,
                        locked: activity.locked,
                        document: activity.document(),
                        kind: activity.kind,
                        members: activity.members.clone(),
                        in_outputs: activity.in_outputs,
                    };
                    (activity.id, rules)
                })
                .collect(),
            held_sections: activities
                .values()
                .filter_map(|activity| Some((activity.board_section()?, activity.id)))
                .collect(),
            cafes: BTreeMap::new(),
        }
    }

    /// Where private cards go when they are revealed: the document of the live activity
    /// when it collects cards, else the board's own.
    pub fn private_cards_document(&self) -> DocName {
        self.activities
            .values()
            .find(|activity| {
                activity.state == ActivityState::Live
                    && activity.kind.collects() == Some(crate::voting::VoteTarget::Cards)
            })
            .map_or(DocName::Content, |activity| activity.document)
    }

    /// Whether this participant may be on the board at all.
    pub fn admits(&self, access: Access) -> bool {
        self.exclusion(access).is_none()
    }

    /// Why this person is kept off the board altogether (removed, or waiting to be let in),
    /// if they are.
    pub fn exclusion(&self, access: Access) -> Option<Refusal> {
        if self.removed.contains(&access.participant) {
            Some(Refusal::Removed)
        } else if self.waiting.contains(&access.participant) {
            Some(Refusal::Waiting)
        } else {
            None
        }
    }

    /// The access with the participant's current role (the token's if governed state does
    /// not know them yet).
    pub fn current(&self, access: Access) -> Access {
        let role = self.roles.get(&access.participant).copied().unwrap_or(access.role);
        Access { role, ..access }
    }
}
