//! What may be written to a board's documents by a client's update: who may write to which
//! document, and which changes to the content the rules turn down.

use std::collections::BTreeSet;

use super::refusal::Missing;
use super::{Access, BoardRules, Refusal};
use crate::agenda::{ActivityState, Visibility};
use crate::facilitation::Section;
use crate::ids::DocName;
use crate::ids::{ActivityId, ParticipantId};
use crate::schema::{AuthorName, ContentChange};

impl BoardRules {
    /// Why a client with `access` may not write to `doc` by an update now, if it may not.
    pub fn write_refusal(&self, doc: DocName, access: Access) -> Option<Refusal> {
        if !self.known {
            return Some(Refusal::Starting);
        }
        match doc {
            DocName::Governed | DocName::Ballots | DocName::Drafts => Some(Refusal::CommandsOnly(doc)),
            DocName::Content | DocName::Activity(_) | DocName::Table { .. } if !access.role.can_write_content() => {
                Some(Refusal::Observer)
            }
            DocName::Content => None,
            DocName::Activity(id) => self.activity_write_refusal(id, access),
            DocName::Table { cafe, table } => self.table_write_refusal(cafe, table, access),
        }
    }

    /// Why a client with `access` may not read `doc` now, if it may not: the server-only
    /// documents, an activity that is not on the agenda, and one the facilitators are
    /// still preparing.
    pub fn read_refusal(&self, doc: DocName, access: Access) -> Option<Refusal> {
        match doc {
            DocName::Ballots | DocName::Drafts => Some(Refusal::CommandsOnly(doc)),
            DocName::Content | DocName::Governed => None,
            DocName::Activity(id) => match self.activities.get(&id) {
                None => Some(Refusal::NotFound(Missing::Activity)),
                Some(activity) if activity.visibility == Visibility::Facilitators && !access.role.facilitates() => {
                    Some(Refusal::ActivityHidden)
                }
                Some(activity) if !activity.lets_in(access) => Some(Refusal::NotInvited),
                Some(_) => None,
            },
            DocName::Table { cafe, table } => self.table_read_refusal(cafe, table, access),
        }
    }

    /// Why a client may not write to an activity's document now: participants write while
    /// it is live or open between sessions, and unlocked; facilitators prepare it at any time.
    fn activity_write_refusal(&self, id: ActivityId, access: Access) -> Option<Refusal> {
        if let Some(refusal) = self.read_refusal(DocName::Activity(id), access) {
            return Some(refusal);
        }
        let Some(activity) = self.activities.get(&id) else { return Some(Refusal::NotFound(Missing::Activity)) };
        if access.role.facilitates() {
            return None;
        }
        match activity.state {
            ActivityState::Upcoming => Some(Refusal::ActivityNotLive),
            ActivityState::Done => Some(Refusal::ActivityDone),
            ActivityState::Live | ActivityState::Open if activity.locked => Some(Refusal::ActivityLocked),
            ActivityState::Live | ActivityState::Open => None,
        }
    }

    /// Why a client with `access` may not make `changes` to `doc`, a document with the board
    /// schema, now, if it may not. The section locks are the content document's; an
    /// activity has a lock of its own ([`BoardRules::write_refusal`]), also where it holds
    /// a section of the content ([`BoardRules::held_sections`]).
    pub fn content_refusal(&self, doc: DocName, access: Access, changes: &BTreeSet<ContentChange>) -> Option<Refusal> {
        let facilitates = access.role.facilitates();
        let on_board = doc == DocName::Content;
        let sections = changes.iter().filter_map(|change| match change {
            ContentChange::Section(section) if on_board => Some(*section),
            _ => None,
        });
        for section in sections {
            let refusal = match self.held_sections.get(&section) {
                Some(activity) => self.activity_write_refusal(*activity, access),
                None if self.locked.contains(&section) && !facilitates => Some(Refusal::Locked(section)),
                None => None,
            };
            if refusal.is_some() {
                return refusal;
            }
        }
        if changes.contains(&ContentChange::Structure) {
            return Some(Refusal::ServerOnly);
        }
        // Only an eco-map activity's document holds a map.
        let holds_map = |activity: &ActivityId| {
            self.activities.get(activity).is_some_and(|rules| rules.kind == crate::agenda::ActivityKind::EcoMap)
        };
        let map_here = matches!(doc, DocName::Activity(activity) if holds_map(&activity));
        if changes.contains(&ContentChange::EcoMap) && !map_here {
            return Some(Refusal::ServerOnly);
        }
        let hidden_words = changes
            .iter()
            .any(|change| matches!(change, ContentChange::CardWords(card) if self.hidden.contains(card.as_ref())));
        if hidden_words {
            return Some(Refusal::Hidden);
        }
        if self.anonymous && changes.contains(&ContentChange::CardAuthor) {
            return Some(Refusal::Anonymous);
        }
        if let Some(refusal) = self.authorship_refusal(access, changes) {
            return Some(refusal);
        }
        if !facilitates && let Some(refusal) = self.volunteer_refusal(access, changes) {
            return Some(refusal);
        }
        // Ideas and questions wait during private writing: a new card, a changed card, a
        // cluster or a question would publish an idea before the reveal.
        let ideas = [ContentChange::Section(Section::Ideas), ContentChange::Section(Section::Questions)];
        if self.private_writing && !facilitates && ideas.iter().any(|section| changes.contains(section)) {
            return Some(Refusal::PrivateWriting);
        }
        None
    }

    /// Why someone with `access` may not edit `section` at all now (the web client disables
    /// its controls and says why), if they may not.
    pub fn section_refusal(&self, access: Access, section: Section) -> Option<Refusal> {
        self.section_refusal_in(DocName::Content, access, section)
    }

    /// As [`BoardRules::section_refusal`], for `section` of `doc` (the content, or an
    /// activity's document, which its activity's state, lock and visibility govern).
    pub fn section_refusal_in(&self, doc: DocName, access: Access, section: Section) -> Option<Refusal> {
        if let Some(exclusion) = self.exclusion(access) {
            return Some(exclusion);
        }
        let access = self.current(access);
        self.write_refusal(doc, access)
            .or_else(|| self.content_refusal(doc, access, &BTreeSet::from([ContentChange::Section(section)])))
    }

    /// Why the volunteers an update puts down or takes off are not the writer's to change:
    /// a person volunteers only themselves, under their own name.
    fn volunteer_refusal(&self, access: Access, changes: &BTreeSet<ContentChange>) -> Option<Refusal> {
        let own = self.names.get(&access.participant).copied().map(AuthorName::Plain);
        let not_mine = |change: &ContentChange| match change {
            ContentChange::Volunteer { participant, name } => {
                ParticipantId::parse(participant).ok() != Some(access.participant)
                    || name.is_some_and(|name| own != Some(name))
            }
            _ => false,
        };
        changes.iter().any(not_mine).then_some(Refusal::VolunteerForOthers)
    }

    /// Why the author names an update writes are not the writer's to write: a card is
    /// signed only when it is created, and only with its writer's own name.
    fn authorship_refusal(&self, access: Access, changes: &BTreeSet<ContentChange>) -> Option<Refusal> {
        let own = self.names.get(&access.participant).copied();
        changes.iter().find_map(|change| {
            let ContentChange::AuthorWritten { card, name } = change else { return None };
            if !changes.contains(&ContentChange::NewCard(card.clone())) {
                return Some(Refusal::AuthorFixed);
            }
            (own.map(AuthorName::Plain) != Some(*name)).then_some(Refusal::NotOwnName)
        })
    }
}
