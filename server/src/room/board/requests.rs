//! The board's typed requests, and what the code that carries them out may do with the
//! board's documents: read one, change one, change governed state.
//!
//! Every change goes through [`Board::change`], which reads the rules again right after a
//! change of the governed document, so the next step of the same request already works
//! under them (a reveal turns private writing off before it places the cards).

use polyphony_shared::{BoardId, DocName, GovernedDoc};
use yrs::{Transact, TransactionMut};

use super::{Board, ballots, drafts, hiding, history};
use crate::access::Signer;
use crate::history::PointSettings;
use crate::room::{BoardRequest, BoardRules, GovernError};
use crate::store::Store;

impl Board {
    /// Carries out a request that has an answer, and answers it once its changes are stored.
    pub(super) async fn answer_request(&mut self, request: BoardRequest) {
        match request {
            BoardRequest::Command { command, reply } => {
                let done = crate::commands::run(self, *command).await;
                self.answer_later(reply, done);
            }
            BoardRequest::AddParticipant { participant, reply } => {
                let added = crate::commands::add_participant(self, *participant).await;
                self.answer_later(reply, added);
            }
            BoardRequest::MyVotes { access, round, reply } => {
                let votes = ballots::my_votes(self, access, round).await;
                self.answer_later(reply, votes);
            }
            BoardRequest::MyDrafts { access, reply } => {
                let mine = drafts::mine(self, access).await;
                self.answer_later(reply, mine);
            }
            BoardRequest::Withheld { access, reply } => {
                let words = hiding::withheld_for(self, access).await;
                self.answer_later(reply, words);
            }
            BoardRequest::Balance { access, reply } => {
                let balance = super::balance::gather(self, access).await;
                self.answer_later(reply, balance);
            }
            BoardRequest::Preview { point, reply } => {
                let preview = history::preview(self, point).await;
                self.answer_later(reply, preview);
            }
            BoardRequest::PollCsv { activity, reply } => {
                let csv = super::polls::csv(self, activity).await;
                self.answer_later(reply, csv);
            }
            BoardRequest::ActionsCsv { activity, reply } => {
                let csv = super::actions::csv(self, activity).await;
                self.answer_later(reply, csv);
            }
            BoardRequest::CardsCsv { activity, reply } => {
                let csv = super::report::cards_csv(self, activity).await;
                self.answer_later(reply, csv);
            }
            BoardRequest::Backup { reply } => {
                let documents = super::backup::documents(self).await;
                self.answer_later(reply, documents);
            }
            BoardRequest::Report { key, reply } => {
                let report = super::report::gather(self, key).await;
                self.answer_later(reply, report);
            }
            BoardRequest::Delete { reply } => self.deleting = Some(reply),
            BoardRequest::EraseNames { whose, reply } => {
                let erased = super::erasure::erase(self, whose).await;
                self.answer_later(reply, erased);
            }
            BoardRequest::Doc { .. } | BoardRequest::Rules { .. } => {}
        }
    }

    /// The board's id.
    pub(crate) fn id(&self) -> BoardId {
        self.id
    }

    /// The board's rules now.
    pub(crate) fn rules(&self) -> &BoardRules {
        &self.rules
    }

    /// Where the board's documents and restore points are stored.
    pub(crate) fn store(&self) -> &dyn Store {
        self.deps.store.as_ref()
    }

    /// The server's signer (writer seals, facilitator keys).
    pub(crate) fn signer(&self) -> &Signer {
        &self.deps.signer
    }

    /// How often restore points are taken, and how many are kept.
    pub(crate) fn point_settings(&self) -> PointSettings {
        self.deps.settings.points
    }

    /// Reads one of the board's documents (loaded if need be) with the board's rules.
    pub(crate) async fn look<T>(
        &mut self,
        doc: DocName,
        read: impl FnOnce(&yrs::Doc, &BoardRules) -> T,
    ) -> Result<T, GovernError> {
        let room = self.open(doc).await.map_err(|_| GovernError::Unavailable)?;
        Ok(room.look(read))
    }

    /// Notes that a poll was answered (or set up): its counts are published on the next tick.
    pub(crate) fn poll_answered(&mut self, activity: polyphony_shared::ids::ActivityId) {
        self.polls_answered.insert(activity);
    }

    /// Loads one of the board's documents ahead of the clients that are about to open it
    /// (a failure shows again, and is answered, when they do).
    pub(crate) async fn prepare(&mut self, doc: DocName) {
        if let Err(err) = self.open(doc).await {
            tracing::warn!(board = %self.id, %doc, ?err, "preparing a document failed");
        }
    }

    /// Makes a checked change to one of the board's documents: `change` checks what it
    /// meets, makes its change and returns the update, or refuses and changes nothing.
    pub(crate) async fn change(
        &mut self,
        doc: DocName,
        change: impl FnOnce(&yrs::Doc, &BoardRules) -> Result<Vec<u8>, GovernError>,
    ) -> Result<(), GovernError> {
        let room = self.open(doc).await.map_err(|_| GovernError::Unavailable)?;
        let changed = room.change(change).await;
        if !self.changed.contains(&doc) {
            self.changed.push(doc);
        }
        self.refresh_rules();
        changed
    }

    /// Makes a checked change to governed state in one transaction.
    pub(crate) async fn govern(
        &mut self,
        change: impl FnOnce(&GovernedDoc, &mut TransactionMut) -> Result<(), GovernError>,
    ) -> Result<(), GovernError> {
        self.change(DocName::Governed, |doc, _| {
            let governed = GovernedDoc::from_doc(doc.clone());
            let mut txn = doc.transact_mut();
            change(&governed, &mut txn)?;
            Ok(txn.encode_update_v1())
        })
        .await
    }
}
