//! Challenge questions: add, edit, reorder (deleting is in [`super::bin`]).

use yrs::types::text::TextPrelim;
use yrs::{Any, Map, MapPrelim, Out, ReadTxn, TransactionMut};

use super::bin::is_deleted;
use super::{BoardDoc, entry, number, string};
use crate::model::Question;

const TEXT: &str = "text";
const ORDER: &str = "order";

impl BoardDoc {
    /// Adds a question at the end of the list.
    pub fn add_question(&self, txn: &mut TransactionMut, id: &str, text: &str) {
        let last = self.read_questions(txn).last().map(|question| question.order).unwrap_or(0.0);
        let question = MapPrelim::from_iter([
            (TEXT, yrs::In::from(TextPrelim::new(text))),
            (ORDER, yrs::In::from(Any::from(last + 1.0))),
        ]);
        self.questions.insert(txn, id, question);
    }

    /// Moves a question to position `index` of the current order (clamped).
    ///
    /// Only the moved question's sort key changes, to a value between its new neighbours,
    /// so concurrent moves of different questions both take effect.
    pub fn move_question(&self, txn: &mut TransactionMut, id: &str, index: usize) {
        let others: Vec<f64> =
            self.read_questions(txn).into_iter().filter(|question| question.id != id).map(|q| q.order).collect();
        let index = index.min(others.len());
        let before = index.checked_sub(1).map(|at| others[at]);
        let after = others.get(index).copied();
        let order = match (before, after) {
            (Some(before), Some(after)) => (before + after) / 2.0,
            (Some(before), None) => before + 1.0,
            (None, Some(after)) => after - 1.0,
            (None, None) => 1.0,
        };
        if let Some(question) = entry(&self.questions, txn, id) {
            question.insert(txn, ORDER, order);
        }
    }

    pub(super) fn read_questions(&self, txn: &impl ReadTxn) -> Vec<Question> {
        let mut questions: Vec<Question> = self
            .questions
            .iter(txn)
            .filter_map(|(id, value)| match value {
                Out::YMap(map) if !is_deleted(&map, txn) => {
                    let from = super::carried::carried_from(&map, txn);
                    Some(Question {
                        id: id.into(),
                        text: string(&map, txn, TEXT),
                        order: number(&map, txn, ORDER),
                        from,
                    })
                }
                _ => None,
            })
            .collect();
        questions.sort_unstable_by(|a, b| a.order.total_cmp(&b.order).then_with(|| a.id.cmp(&b.id)));
        questions
    }

    pub(super) fn question_text(&self, txn: &impl ReadTxn, id: &str) -> Option<yrs::TextRef> {
        match entry(&self.questions, txn, id)?.get(txn, TEXT) {
            Some(Out::YText(text)) => Some(text),
            _ => None,
        }
    }
}
