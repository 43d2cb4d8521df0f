//! Carrying an open question's answers, or a panel's questions, on to an idea board as
//! cards ([`polyphony_shared::polls::cards_from`]), each under an id that follows from the
//! poll and the words: carrying again adds only what is not there yet.

use polyphony_shared::agenda::{ActivityKind, Link};
use polyphony_shared::governance::carry::carried_id;
use polyphony_shared::ids::ActivityId;
use polyphony_shared::polls::{self, HideWhat, hidden_key};
use polyphony_shared::schema::NewCard;
use polyphony_shared::{BoardDoc, CardColour, DocName, GovernedDoc};
use yrs::Transact;

use crate::room::board::Board;
use crate::room::board::carry::place_card;
use crate::room::{BoardRules, GovernError};

/// Carries the words of the poll of `activity` to the activity `to`.
pub(crate) async fn carry_answers(board: &mut Board, activity: ActivityId, to: ActivityId) -> Result<(), GovernError> {
    let check = move |doc: &yrs::Doc, _: &BoardRules| {
        let governed = GovernedDoc::from_doc(doc.clone());
        let txn = doc.transact();
        let agenda = governed.activities(&txn);
        let poll = governed.polls(&txn).remove(&activity);
        let document = polls::check_carrying(&agenda, poll.as_ref(), activity, to)?;
        let kind = agenda.get(&activity).map(|activity| activity.kind);
        Ok::<_, polyphony_shared::governance::Refusal>((
            document,
            poll.unwrap_or_default(),
            kind,
            governed.participants(&txn),
        ))
    };
    let (document, poll, kind, people) = board.look(DocName::Governed, check).await??;
    let answers = super::all_answers(board, activity).await?;
    let perspective = |who: &polyphony_shared::ParticipantId| {
        people.get(who).filter(|record| record.present()).map(|record| record.participant.perspective)
    };
    let (what, said): (HideWhat, Vec<_>) = if kind == Some(ActivityKind::PanelQuestions) {
        let shown = answers.asked.iter().filter(|(id, ..)| {
            hidden_key(HideWhat::Question, &id.to_string()).is_none_or(|key| !poll.hidden.contains_key(&key))
        });
        (HideWhat::Question, shown.filter_map(|(_, who, text)| Some((perspective(who)?, text.clone()))).collect())
    } else {
        let texts = answers.texts.iter().filter_map(|(who, texts)| Some((perspective(who)?, texts)));
        (HideWhat::Answer, texts.flat_map(|(seen, texts)| texts.iter().map(move |text| (seen, text.clone()))).collect())
    };
    // Questions were filtered by id above; their words are never hidden as answers.
    let cards = polls::cards_from(&poll, if what == HideWhat::Question { HideWhat::Answer } else { what }, &said);
    board
        .change(document, move |doc, _| {
            let target = BoardDoc::from_doc(doc.clone());
            let mut txn = doc.transact_mut();
            for (text, perspective) in &cards {
                let item = polls::answer_item(text);
                let id = carried_id(activity, &item);
                if target.has_item(&txn, &id) {
                    continue;
                }
                let card = NewCard {
                    id: &id,
                    text,
                    colour: CardColour::Blue,
                    author_name: "",
                    perspective: *perspective,
                    x: 0.0,
                    y: 0.0,
                    cluster: None,
                };
                place_card(&target, &mut txn, card, &Link { activity, item });
            }
            Ok(txn.encode_update_v1())
        })
        .await
}
