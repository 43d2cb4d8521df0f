//! Gathers a board's workshop report ([`polyphony_shared::report`]) from its documents:
//! the agenda, rounds, polls and people from governed state, each activity's words from its
//! own document. What goes in is decided by [`polyphony_shared::report::gather`]; this
//! reads the documents it needs, one at a time, inside the board's task. The title and date
//! are the caller's (the board's record in the store, the server's clock).

use std::collections::BTreeMap;

use polyphony_shared::actions::doc::ActionsDoc;
use polyphony_shared::agenda::{Activity, ActivityKind, in_order};
use polyphony_shared::ecomap::doc::EcoMapDoc;
use polyphony_shared::governance::{Invalid, Missing, Refusal};
use polyphony_shared::ids::ActivityId;
use polyphony_shared::polls::Poll;
use polyphony_shared::report::gather::{actions_outcome, people, reported, revealed_round, written_outcome};
use polyphony_shared::report::{ActivityReport, Outcome, Report};
use polyphony_shared::voting::Round;
use polyphony_shared::{BoardDoc, DocName, GovernedDoc};
use yrs::Transact;

use super::Board;
use crate::room::GovernError;

/// What governed state says of the whole board.
struct Governed {
    agenda: Vec<Activity>,
    rounds: Vec<Round>,
    polls: BTreeMap<ActivityId, Poll>,
    people: polyphony_shared::polls::ByPerspective,
}

/// The board's report (without its title and date). With `key`, only if it is the key of
/// the public link shared now: otherwise not found, as a link that never was.
pub(crate) async fn gather(board: &mut Board, key: Option<String>) -> Result<Report, GovernError> {
    if let Some(key) = key {
        let shared = board.rules().report_link;
        let valid = shared.is_some_and(|generation| board.signer().is_report_key(board.id(), generation, &key));
        if !valid {
            return Err(Refusal::NotFound(Missing::Report).into());
        }
    }
    let governed = board
        .look(DocName::Governed, |doc, _| {
            let governed = GovernedDoc::from_doc(doc.clone());
            let txn = doc.transact();
            Governed {
                agenda: in_order(governed.activities(&txn).into_values()),
                rounds: governed.rounds(&txn).into_values().collect(),
                polls: governed.polls(&txn),
                people: people(&governed.participants(&txn)),
            }
        })
        .await?;
    let anonymous = board.rules().anonymous;
    let mut report = Report { people: governed.people, anonymous, ..Report::default() };
    for activity in governed.agenda.iter().filter(|activity| reported(activity)) {
        let outcome = outcome(board, activity, &governed).await?;
        if let (ActivityKind::SharedText, Outcome::Text(text)) = (activity.kind, &outcome)
            && report.challenge.is_empty()
        {
            report.challenge = text.clone();
        }
        if let (ActivityKind::ChallengeQuestions, Outcome::Items { items, .. }) = (activity.kind, &outcome) {
            let agreed = items.iter().find(|item| item.marked).map(|item| item.text.clone());
            report.agreed_question = report.agreed_question.or(agreed);
        }
        report.activities.push(ActivityReport {
            title: activity.title.clone(),
            kind: activity.kind,
            phase: activity.phase,
            prompt: activity.prompt.clone(),
            outcome,
        });
    }
    Ok(report)
}

/// The cards (or questions, or insights) of `activity` as CSV, as the report lists them.
pub(crate) async fn cards_csv(board: &mut Board, activity: ActivityId) -> Result<String, GovernError> {
    let found = board
        .look(DocName::Governed, move |doc, _| {
            let governed = GovernedDoc::from_doc(doc.clone());
            let txn = doc.transact();
            let found = governed.activities(&txn).remove(&activity);
            found.map(|found| (found, governed.rounds(&txn).into_values().collect::<Vec<_>>()))
        })
        .await?;
    let (activity, rounds) = found.ok_or(Refusal::NotFound(Missing::Activity))?;
    if activity.kind.collects().is_none() {
        return Err(Refusal::Invalid(Invalid::NoCards).into());
    }
    let hidden = board.rules().hidden.clone();
    let snapshot = board.look(activity.document(), |doc, _| BoardDoc::from_doc(doc.clone()).snapshot()).await?;
    let items = match written_outcome(&activity, &snapshot, revealed_round(&activity, &rounds), &hidden) {
        Outcome::Items { items, .. } => items,
        _ => Vec::new(),
    };
    Ok(polyphony_shared::report::csv::items(&items))
}

/// What came of one activity, read from its document when it has words.
async fn outcome(board: &mut Board, activity: &Activity, governed: &Governed) -> Result<Outcome, GovernError> {
    let hidden = board.rules().hidden.clone();
    if activity.kind.is_poll() {
        return Ok(governed.polls.get(&activity.id).cloned().map_or(Outcome::Nothing, Outcome::Poll));
    }
    let document = activity.document();
    Ok(match activity.kind {
        ActivityKind::EcoMap if !activity.in_outputs => Outcome::EcoMap(None),
        ActivityKind::EcoMap => {
            let title = format!("Eco-map: {}", activity.title);
            let map = board.look(document, |doc, _| EcoMapDoc::from_doc(doc.clone()).read()).await?;
            Outcome::EcoMap(Some(polyphony_shared::ecomap::svg::render(&map, &title)))
        }
        ActivityKind::ActionPlan => {
            let actions = board.look(document, |doc, _| ActionsDoc::from_doc(doc.clone()).read()).await?;
            actions_outcome(actions, &hidden, board.rules().anonymous)
        }
        _ => {
            let snapshot = board.look(document, |doc, _| BoardDoc::from_doc(doc.clone()).snapshot()).await?;
            written_outcome(activity, &snapshot, revealed_round(activity, &governed.rounds), &hidden)
        }
    })
}
