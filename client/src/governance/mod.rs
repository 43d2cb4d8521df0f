//! What the views need of governed state: the live view, who I am on the board, and
//! sending commands. Provided through context by the board page.

use leptos::prelude::*;
use leptos::task::spawn_local;
use polyphony_shared::anonymity::crowded_perspectives;
use polyphony_shared::governance::{Access, BoardRules, Refusal};
use polyphony_shared::item_ids::CardId;
use polyphony_shared::{BoardId, Command, ParticipantId, Perspective, Role, Section};
use std::collections::{BTreeMap, BTreeSet};

use crate::api::{self, Pass};
use crate::sync::governed::{self, GovernedView};

mod acting_for;
mod drafts;
mod withheld;

pub use drafts::MyDraft;

/// The board's governed state and the way to change it. Cheap to copy.
#[derive(Clone, Copy)]
pub struct Governance {
    board: BoardId,
    token: StoredValue<String>,
    me: ParticipantId,
    token_role: Role,
    /// The live governed state.
    pub view: ReadSignal<GovernedView>,
    /// The last refused command's reason, shown until the next command.
    pub error: RwSignal<Option<String>>,
    /// My dots left in each open round, as the server last told me.
    pub dots_left: RwSignal<BTreeMap<String, u32>>,
    /// My dots per (round, item), as the server last told me.
    pub my_dots: RwSignal<BTreeMap<(String, String), u32>>,
    /// The person without a device this browser gives dots and answers for now (their id
    /// and name), if any ([`Governance::act_for`]); the dots above are then theirs.
    pub acting_for: RwSignal<Option<(ParticipantId, String)>>,
    /// Whether a facilitator removed me from the board.
    pub removed: RwSignal<bool>,
    /// Whether the board was deleted (by its facilitator or the operator).
    pub deleted: RwSignal<bool>,
    /// My private cards (private-writing mode), oldest first.
    pub my_drafts: RwSignal<Vec<MyDraft>>,
    /// Hidden cards' words I may read, by card id ([`withheld`]).
    pub withheld: RwSignal<BTreeMap<CardId, String>>,
    /// Perspectives shared by enough people to show on anonymous cards.
    pub crowded: Memo<BTreeSet<Perspective>>,
    /// Whether I run the process; changes only when my role does, so views that depend
    /// on it are not rebuilt on every change of governed state.
    facilitating: Memo<bool>,
    /// The board's rules, read from governed state as the server reads them.
    rules: Memo<BoardRules>,
    /// The document edits go to: the content, or the live activity's
    /// ([`Governance::in_document`]).
    document: polyphony_shared::DocName,
}

impl Governance {
    /// Follows the board's governed state with this browser's pass.
    pub fn start(board: BoardId, pass: &Pass) -> Governance {
        let view = governed::follow(board, pass.token.clone());
        let (me, token_role) = (pass.participant, pass.role);
        let facilitating = Memo::new(move |_| role_in(view, me, token_role) == Role::Facilitator);
        let crowded = Memo::new(move |_| {
            view.with(|view| {
                let present = view.participants.values().filter(|record| record.present());
                crowded_perspectives(present.map(|record| &record.participant))
            })
        });
        let rules = Memo::new(move |_| {
            view.with(|view| {
                BoardRules::from_parts(
                    &view.participants,
                    &view.facilitation,
                    view.hidden.keys().cloned(),
                    view.rounds.clone(),
                    &view.activities,
                )
                .with_cafes(&view.cafes)
            })
        });
        let governance = Governance {
            rules,
            board,
            token: StoredValue::new(pass.token.clone()),
            me,
            token_role,
            facilitating,
            view,
            error: RwSignal::new(None),
            dots_left: RwSignal::new(Default::default()),
            my_dots: RwSignal::new(Default::default()),
            acting_for: RwSignal::new(None),
            my_drafts: RwSignal::new(Vec::new()),
            crowded,
            removed: RwSignal::new(false),
            deleted: RwSignal::new(false),
            withheld: RwSignal::new(BTreeMap::new()),
            document: polyphony_shared::DocName::Content,
        };
        governance.follow_withheld();
        governance.follow_acting_for();
        governance
    }

    /// The board.
    pub fn board(&self) -> BoardId {
        self.board
    }

    /// This browser's pass for the board.
    pub fn token(&self) -> String {
        self.token.get_value()
    }

    /// My id on the board.
    pub fn me(&self) -> ParticipantId {
        self.me
    }

    /// My name as the server knows it (what my cards are signed with), once it is known.
    pub fn my_name(&self) -> Option<String> {
        self.view.with_untracked(|view| view.participants.get(&self.me).map(|record| record.participant.name.clone()))
    }

    /// My role now (a facilitator may have promoted me since I joined).
    pub fn role(&self) -> Role {
        role_in(self.view, self.me, self.token_role)
    }

    /// The board's rules as its governed state has them now.
    pub fn rules(&self) -> Memo<BoardRules> {
        self.rules
    }

    /// The same governance for edits of another of the board's documents (an activity's).
    pub fn in_document(self, document: polyphony_shared::DocName) -> Governance {
        Governance { document, ..self }
    }

    /// The document this view of governance is for.
    pub fn document(&self) -> polyphony_shared::DocName {
        self.document
    }

    /// Whether `round` (in governed state `view`) counts the items of this document: a
    /// round of the activity shown, or of the board's own sections.
    pub fn counts_here(
        &self,
        view: &crate::sync::governed::GovernedView,
        round: &polyphony_shared::voting::Round,
    ) -> bool {
        polyphony_shared::governance::carry::round_document(&view.activities, round.activity) == self.document
    }

    /// Whether I run the process (tracked only through my role).
    pub fn facilitates(&self) -> bool {
        self.facilitating.get()
    }

    /// Whether `section` is shown in the current phase (tracked only through that answer).
    pub fn shows(&self, section: Section) -> Memo<bool> {
        let view = self.view;
        Memo::new(move |_| view.with(|view| view.facilitation.shows(section)))
    }

    /// Whether I may edit `section` now.
    pub fn may_edit(&self, section: Section) -> bool {
        self.edit_refusal(section).is_none()
    }

    /// Why I may not edit `section` now, if I may not: the reason shown beside a disabled
    /// control and wherever an edit is turned down.
    pub fn edit_refusal(&self, section: Section) -> Option<String> {
        self.section_refusal(section).map(|refusal| refusal.to_string())
    }

    /// The rule that keeps me from editing `section` now, if one does: the board's own rules
    /// ([`polyphony_shared::governance`]), as the server applies them.
    pub fn section_refusal(&self, section: Section) -> Option<Refusal> {
        if self.removed.get() {
            return Some(Refusal::Removed);
        }
        let access = Access { participant: self.me, role: self.token_role };
        self.rules.with(|rules| rules.section_refusal_in(self.document, access, section))
    }

    /// Why I may not change the eco-map of this document now, if I may not.
    pub fn map_refusal(&self) -> Option<String> {
        if self.removed.get() {
            return Some(Refusal::Removed.to_string());
        }
        let access = Access { participant: self.me, role: self.token_role };
        let change = std::collections::BTreeSet::from([polyphony_shared::schema::ContentChange::EcoMap]);
        self.rules
            .with(|rules| {
                let access = rules.current(access);
                rules
                    .write_refusal(self.document, access)
                    .or_else(|| rules.content_refusal(self.document, access, &change))
            })
            .map(|refusal| refusal.to_string())
    }

    /// Why I may not add a card now, if I may not: as [`Governance::edit_refusal`] for the
    /// idea board, except that private writing takes new cards (as private ones).
    pub fn card_refusal(&self) -> Memo<Option<String>> {
        let governance = *self;
        Memo::new(move |_| {
            governance
                .section_refusal(Section::Ideas)
                .filter(|refusal| !(*refusal == Refusal::PrivateWriting && governance.writes_privately()))
                .map(|refusal| refusal.to_string())
        })
    }

    /// [`Governance::edit_refusal`] as a memo, for disabling controls and showing why.
    pub fn refusal(&self, section: Section) -> Memo<Option<String>> {
        let governance = *self;
        Memo::new(move |_| governance.edit_refusal(section))
    }

    /// Why I may not make an edit that could touch any section (undo), if I may not.
    pub fn edit_refusal_anywhere(&self) -> Option<String> {
        Section::ALL.into_iter().find_map(|section| self.edit_refusal(section))
    }

    /// Sends a command; a refusal shows in [`Governance::error`]. `answered` gets the reply.
    pub fn send(&self, command: Command, answered: impl FnOnce(api::CommandAnswer) + 'static) {
        self.send_or(command, answered, |_| {});
    }

    /// Sends a command; `answered` gets the reply, `refused` the reason (also shown in
    /// [`Governance::error`]), so the caller can give back what the person wrote.
    pub fn send_or(
        &self,
        command: Command,
        answered: impl FnOnce(api::CommandAnswer) + 'static,
        refused: impl FnOnce(String) + 'static,
    ) {
        let (board, token, error) = (self.board, self.token.get_value(), self.error);
        let command = self.as_sent(command);
        spawn_local(async move {
            match api::command(board, &token, &command).await {
                Ok(reply) => {
                    error.set(None);
                    answered(reply);
                }
                Err(err) => {
                    error.set(Some(err.message()));
                    refused(err.message());
                }
            }
        });
    }

    /// Sends a command whose reply is not needed.
    pub fn command(&self, command: Command) {
        self.send(command, |_| {});
    }

    /// Puts `dots` of my dots on `item` in `round`.
    pub fn vote(&self, round: String, item: String, dots: u32) {
        let (dots_left, my_dots) = (self.dots_left, self.my_dots);
        let key = round.clone();
        let Ok(round) = polyphony_shared::RoundId::parse(&round) else { return };
        self.send(Command::Vote { round, item, dots }, move |reply| {
            let Some(votes) = reply.read::<polyphony_shared::voting::MyVotes>() else { return };
            dots_left.update(|left| {
                left.insert(key.clone(), votes.remaining);
            });
            my_dots.update(|mine| {
                mine.retain(|(round, _), _| *round != key);
                for (item, dots) in votes.allocation {
                    mine.insert((key.clone(), item), dots);
                }
            });
        });
    }
}

fn role_in(view: ReadSignal<GovernedView>, me: ParticipantId, token_role: Role) -> Role {
    view.with(|view| view.participants.get(&me).map(|record| record.participant.role)).unwrap_or(token_role)
}
