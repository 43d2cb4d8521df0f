//! A poll's answers as CSV for a spreadsheet, anonymous.

use super::Poll;
use crate::agenda::ActivityKind;
use crate::model::Perspective;

/// A poll's answers as CSV: one row per chosen option, point, place in a ranking, answer in
/// words or question to the panel, with the perspective of whoever gave it and nothing else
/// (no name, no id), sorted so the order of the rows says nothing about who answered when.
/// A cell that a spreadsheet would read as a formula is written as text.
pub fn csv(
    kind: ActivityKind,
    poll: &Poll,
    answers: &[(Perspective, Vec<u32>)],
    texts: &[(Perspective, Vec<String>)],
) -> String {
    if kind == ActivityKind::Evaluation {
        return crate::evaluation::csv(poll, answers, texts);
    }
    let label = |choice: u32| match kind {
        ActivityKind::Scale => choice.to_string(),
        _ => poll.options.get(choice as usize).cloned().unwrap_or_else(|| choice.to_string()),
    };
    // A ranking's row says the place too: "1. Bus".
    let row = |place: usize, choice: u32| match kind {
        ActivityKind::Ranking => format!("{}. {}", place + 1, label(choice)),
        _ => label(choice),
    };
    let mut rows: Vec<(Perspective, String)> = answers
        .iter()
        .flat_map(|(perspective, chosen)| {
            chosen.iter().enumerate().map(move |(place, choice)| (*perspective, row(place, *choice)))
        })
        .chain(texts.iter().flat_map(|(perspective, texts)| texts.iter().map(move |text| (*perspective, text.clone()))))
        .collect();
    rows.sort();
    let mut csv = String::from("perspective,answer\r\n");
    for (perspective, answer) in rows {
        csv.push_str(perspective.as_str());
        csv.push(',');
        csv.push_str(&crate::csv::cell(&answer));
        csv.push_str("\r\n");
    }
    csv
}
