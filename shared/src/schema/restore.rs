//! Bringing the board, or one card, back to how a restore point had it.
//!
//! A restore writes the point's content over today's as ordinary changes, so everyone's
//! replica follows and nothing is lost: what the point did not have goes to the bin (where
//! it can be brought back), what it had and was deleted since comes back with its words,
//! place, colour and cluster. Two things a restore never undoes: a card a facilitator hid
//! stays hidden with its words off the board, and in anonymous mode no author name returns.

use std::collections::BTreeSet;

use yrs::types::text::TextPrelim;
use yrs::{Any, Map, MapPrelim, Text, TransactionMut};

use super::cards::{AUTHOR_NAME, X, Y};
use super::{BoardDoc, TextField, entry};
use crate::item_ids::{CardId, ClusterId};
use crate::model::{BoardSnapshot, Card, ItemKind, Question};
use crate::schema::NewCard;

/// What to bring back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RestoreScope {
    /// The whole board: problem statement, questions, cards and clusters.
    Board,
    /// One card.
    Card(CardId),
}

/// What a restore must leave as it is.
#[derive(Debug, Clone, Copy)]
pub struct RestoreLimits<'a> {
    /// Cards hidden now: their words stay off the board.
    pub hidden: &'a BTreeSet<CardId>,
    /// Anonymous mode is on: no author name comes back.
    pub anonymous: bool,
    /// When the restore happens (ms since the epoch), for what it puts in the bin.
    pub now_ms: f64,
}

impl BoardDoc {
    /// Writes `then` (a restore point's content) over the board, within `scope`; returns
    /// false if the scope names a card the point did not have.
    pub fn restore_to(
        &self,
        txn: &mut TransactionMut,
        then: &BoardSnapshot,
        scope: &RestoreScope,
        limits: RestoreLimits<'_>,
    ) -> bool {
        match scope {
            RestoreScope::Card(id) => {
                let Some(card) = then.cards.iter().find(|card| card.id == *id) else { return false };
                self.restore_card_to(txn, card, limits);
                true
            }
            RestoreScope::Board => {
                self.replace_text(txn, &TextField::ProblemStatement, &then.problem_statement);
                self.restore_questions_to(txn, &then.questions, limits.now_ms);
                self.restore_clusters_to(txn, then);
                let kept: BTreeSet<&str> = then.cards.iter().map(|card| card.id.as_str()).collect();
                for id in self.all_item_ids(txn, ItemKind::Card) {
                    let unknown = !kept.contains(id.as_str()) && !limits.hidden.contains(id.as_str());
                    if unknown && self.is_on_board(txn, ItemKind::Card, &id) {
                        self.delete_card(txn, &id, limits.now_ms);
                    }
                }
                for card in &then.cards {
                    self.restore_card_to(txn, card, limits);
                }
                true
            }
        }
    }

    fn restore_card_to(&self, txn: &mut TransactionMut, then: &Card, limits: RestoreLimits<'_>) {
        if limits.hidden.contains(&then.id) {
            return;
        }
        let author = if limits.anonymous { "" } else { then.author_name.as_str() };
        if entry(&self.cards, txn, &then.id).is_none() {
            let card = NewCard {
                id: &then.id,
                text: &then.text,
                colour: then.colour,
                author_name: author,
                perspective: then.perspective,
                x: then.x,
                y: then.y,
                cluster: then.cluster.as_deref(),
            };
            self.add_card(txn, card);
            return;
        }
        self.restore(txn, ItemKind::Card, &then.id);
        self.replace_text(txn, &TextField::Card(then.id.to_string()), &then.text);
        self.set_card_colour(txn, &then.id, then.colour);
        self.move_card(txn, &then.id, then.x, then.y, then.cluster.as_deref());
        if let Some(card) = entry(&self.cards, txn, &then.id)
            && super::string(&card, txn, AUTHOR_NAME) != author
        {
            card.insert(txn, AUTHOR_NAME, author);
        }
    }

    fn restore_questions_to(&self, txn: &mut TransactionMut, then: &[Question], now_ms: f64) {
        let kept: BTreeSet<&str> = then.iter().map(|question| question.id.as_str()).collect();
        for id in self.all_item_ids(txn, ItemKind::Question) {
            if !kept.contains(id.as_str()) && self.is_on_board(txn, ItemKind::Question, &id) {
                self.delete_question(txn, &id, now_ms);
            }
        }
        for question in then {
            match entry(&self.questions, txn, &question.id) {
                None => {
                    let prelim = MapPrelim::from_iter([
                        ("text", yrs::In::from(TextPrelim::new(question.text.as_str()))),
                        ("order", yrs::In::from(Any::from(question.order))),
                    ]);
                    self.questions.insert(txn, question.id.as_str(), prelim);
                }
                Some(existing) => {
                    existing.insert(txn, "order", question.order);
                    self.restore(txn, ItemKind::Question, &question.id);
                    self.replace_text(txn, &TextField::Question(question.id.to_string()), &question.text);
                }
            }
        }
    }

    fn restore_clusters_to(&self, txn: &mut TransactionMut, then: &BoardSnapshot) {
        let kept: BTreeSet<&str> = then.clusters.iter().map(|cluster| cluster.id.as_str()).collect();
        let now: Vec<ClusterId> = self.read_clusters(txn).into_iter().map(|cluster| cluster.id).collect();
        for id in now.iter().filter(|id| !kept.contains(id.as_str())) {
            self.delete_cluster(txn, id);
        }
        for cluster in &then.clusters {
            if entry(&self.clusters, txn, &cluster.id).is_none() {
                self.add_cluster(txn, &cluster.id, &cluster.title, cluster.x, cluster.y);
            } else if let Some(now) = entry(&self.clusters, txn, &cluster.id) {
                // Its cards are put back where they were one by one, so they are not moved with it.
                self.rename_cluster(txn, &cluster.id, &cluster.title);
                now.insert(txn, X, cluster.x);
                now.insert(txn, Y, cluster.y);
            }
        }
    }

    /// Makes a text say `text`, writing only if it says something else.
    fn replace_text(&self, txn: &mut TransactionMut, field: &TextField, text: &str) {
        let Some(current) = self.text_ref(txn, field) else { return };
        if yrs::GetString::get_string(&current, txn) == text {
            return;
        }
        let length = current.len(txn);
        current.remove_range(txn, 0, length);
        current.insert(txn, 0, text);
    }
}

#[cfg(test)]
mod tests {
    use yrs::Transact;

    use super::*;
    use crate::{CardColour, Perspective};

    fn card(id: &str, text: &str, author: &str) -> NewCard<'static> {
        NewCard {
            id: Box::leak(id.to_owned().into_boxed_str()),
            text: Box::leak(text.to_owned().into_boxed_str()),
            colour: CardColour::Green,
            author_name: Box::leak(author.to_owned().into_boxed_str()),
            perspective: Perspective::Citizen,
            x: 10.0,
            y: 20.0,
            cluster: None,
        }
    }

    fn restore(board: &BoardDoc, then: &BoardSnapshot, scope: RestoreScope, hidden: &[&str], anonymous: bool) -> bool {
        let hidden: BTreeSet<CardId> = hidden.iter().map(|id| CardId::from(*id)).collect();
        let limits = RestoreLimits { hidden: &hidden, anonymous, now_ms: 99.0 };
        board.restore_to(&mut board.doc().transact_mut(), then, &scope, limits)
    }

    /// A vandal wipes the board; the point brings back every part of it, and what was added
    /// since goes to the bin.
    #[test]
    fn a_wiped_board_comes_back_and_later_additions_go_to_the_bin() {
        let board = BoardDoc::new();
        {
            let mut txn = board.doc().transact_mut();
            board.insert_problem_text(&mut txn, 0, "Older people are lonely.");
            board.add_question(&mut txn, "q1", "How might we visit more?");
            board.add_cluster(&mut txn, "k1", "Visits", 300.0, 0.0);
            board.add_card(&mut txn, card("c1", "Weekend visits", "Ana"));
            board.add_card(&mut txn, card("c2", "Call a neighbour", "Ben"));
        }
        let then = board.snapshot();
        {
            let mut txn = board.doc().transact_mut();
            board.replace_text(&mut txn, &TextField::ProblemStatement, "");
            board.delete_question(&mut txn, "q1", 5.0);
            board.purge(&mut txn, ItemKind::Question, "q1");
            board.delete_card(&mut txn, "c1", 5.0);
            board.cards.remove(&mut txn, "c2");
            board.delete_cluster(&mut txn, "k1");
            board.set_card_text(&mut txn, "c3", "Added later");
        }
        assert!(restore(&board, &then, RestoreScope::Board, &[], false));
        let now = board.snapshot();
        assert_eq!(now.problem_statement, then.problem_statement);
        assert_eq!(now.questions, then.questions);
        assert_eq!(now.cards, then.cards);
        assert_eq!(now.clusters, then.clusters);
        assert_eq!(
            now.deleted.iter().map(|item| item.id.as_str()).collect::<Vec<_>>(),
            ["c3"],
            "added later: in the bin"
        );
    }

    /// One card comes back alone; a hidden card's words and, while anonymous, author names stay off.
    #[test]
    fn one_card_comes_back_but_hidden_words_and_names_do_not() {
        let board = BoardDoc::new();
        {
            let mut txn = board.doc().transact_mut();
            board.add_card(&mut txn, card("c1", "Weekend visits", "Ana"));
            board.add_card(&mut txn, card("c2", "Joe at number 12", "Ben"));
        }
        let then = board.snapshot();
        {
            let mut txn = board.doc().transact_mut();
            board.set_card_text(&mut txn, "c1", "vandalised");
            board.withhold_card(&mut txn, "c2");
            board.clear_author_names(&mut txn);
        }
        assert!(restore(&board, &then, RestoreScope::Card("c1".into()), &["c2"], true));
        assert!(!restore(&board, &then, RestoreScope::Card("missing".into()), &[], false));
        assert!(restore(&board, &then, RestoreScope::Board, &["c2"], true));
        let now = board.snapshot();
        let texts: Vec<(&str, &str)> =
            now.cards.iter().map(|card| (card.text.as_str(), card.author_name.as_str())).collect();
        assert_eq!(texts, [("Weekend visits", ""), ("", "")]);
    }
}
