//! Questions to the panel and their upvotes in the ballots document, and everything given
//! to one poll at once.

use std::collections::HashMap;

use yrs::{Any, Map, Out, ReadTxn, TransactionMut};

use super::{BallotsDoc, read_texts};
use crate::ids::{ActivityId, PanelQuestionId, ParticipantId};
use crate::polls::AllAnswers;

const BY: &str = "by";
const TEXT: &str = "text";

impl BallotsDoc {
    /// Keeps a question to the panel, with who asked it.
    pub fn ask(
        &self,
        txn: &mut TransactionMut,
        activity: ActivityId,
        question: PanelQuestionId,
        asker: ParticipantId,
        text: &str,
    ) {
        let fields: HashMap<String, Any> =
            [(BY.to_owned(), Any::from(asker.to_string())), (TEXT.to_owned(), Any::from(text))].into_iter().collect();
        self.panel.insert(txn, format!("{activity}/{question}"), Any::from(fields));
    }

    /// Every question to the panel of `activity`: its id, who asked, and the words.
    pub fn asked(&self, txn: &impl ReadTxn, activity: ActivityId) -> Vec<(PanelQuestionId, ParticipantId, String)> {
        let prefix = format!("{activity}/");
        self.panel
            .iter(txn)
            .filter_map(|(key, value)| {
                let question = PanelQuestionId::parse(key.strip_prefix(&prefix)?).ok()?;
                let Out::Any(Any::Map(fields)) = value else { return None };
                let (Some(Any::String(by)), Some(Any::String(text))) = (fields.get(BY), fields.get(TEXT)) else {
                    return None;
                };
                Some((question, ParticipantId::parse(by).ok()?, text.to_string()))
            })
            .collect()
    }

    /// Replaces one person's upvotes in a panel activity.
    pub fn set_upvotes(
        &self,
        txn: &mut TransactionMut,
        activity: ActivityId,
        voter: ParticipantId,
        upvoted: &[PanelQuestionId],
    ) {
        let values: Vec<Any> = upvoted.iter().map(|question| Any::from(question.to_string())).collect();
        self.upvotes.insert(txn, format!("{activity}/{voter}"), Any::from(values));
    }

    /// One person's upvotes in a panel activity.
    pub fn upvotes(&self, txn: &impl ReadTxn, activity: ActivityId, voter: ParticipantId) -> Vec<PanelQuestionId> {
        let value = self.upvotes.get(txn, &format!("{activity}/{voter}"));
        value.and_then(read_texts).unwrap_or_default().iter().filter_map(|id| PanelQuestionId::parse(id).ok()).collect()
    }

    /// Everything given to the poll of `activity`.
    pub fn poll_answers(&self, txn: &impl ReadTxn, activity: ActivityId) -> AllAnswers {
        let prefix = format!("{activity}/");
        let upvotes = self
            .upvotes
            .iter(txn)
            .filter_map(|(key, value)| {
                let voter = ParticipantId::parse(key.strip_prefix(&prefix)?).ok()?;
                let upvoted = read_texts(value)?.iter().filter_map(|id| PanelQuestionId::parse(id).ok()).collect();
                Some((voter, upvoted))
            })
            .collect();
        AllAnswers {
            chosen: self.answers(txn, activity),
            texts: self.all_texts(txn, activity),
            asked: self.asked(txn, activity),
            upvotes,
        }
    }
}
