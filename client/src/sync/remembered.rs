//! What this browser remembers between visits, in `localStorage` ([`super::offline`]): the
//! person's profile, each board's pass, title and facilitator key, the cards and answers
//! that are theirs, notices for the next page, and forgetting a deleted board.

use polyphony_shared::{BoardId, DocName};

use super::Me;
use super::offline;

/// The profile this browser used last, if any.
pub fn offline_me() -> Option<Me> {
    Me::from_json(&offline::load_text("me")?)
}

/// Remembers the profile for the next board.
pub fn remember_me(me: &Me) {
    if let Some(text) = me.to_json() {
        offline::save_text("me", &text);
    }
}

/// A board's metadata as last seen online, for showing it offline.
pub fn cached_info(board: BoardId) -> Option<polyphony_shared::BoardInfo> {
    offline::load_info(board)
}

/// This browser's pass for a board, if it joined before.
pub fn cached_pass(board: BoardId) -> Option<crate::api::Pass> {
    offline::load_pass(board)
}

/// Remembers the pass for a board.
pub fn remember_pass(board: BoardId, pass: &crate::api::Pass) {
    offline::save_pass(board, pass);
}

/// The pass this browser's presenter view uses for a board (an observer's, kept apart from
/// the pass of whoever takes part in the board on this browser).
pub fn presenter_pass(board: BoardId) -> Option<crate::api::Pass> {
    crate::api::Pass::from_json(&offline::load_text(&format!("presenter.{board}"))?)
}

/// Keeps the presenter view's pass for a board.
pub fn remember_presenter_pass(board: BoardId, pass: &crate::api::Pass) {
    if let Some(json) = pass.to_json() {
        offline::save_text(&format!("presenter.{board}"), &json);
    }
}

/// Keeps the facilitator key of a board this browser created, to show the facilitator link.
pub fn remember_facilitator_key(board: BoardId, key: &str) {
    offline::save_text(&format!("facilitator.{board}"), key);
}

/// The facilitator key of a board this browser created.
pub fn facilitator_key(board: BoardId) -> Option<String> {
    offline::load_text(&format!("facilitator.{board}"))
}

/// Remembers that this browser wrote a card, so its author sees why it was hidden, even
/// on an anonymous board where the card carries no name.
pub fn remember_my_card(board: BoardId, card: &str) {
    let name = format!("mine.{board}");
    let mut mine = offline::load_text(&name).unwrap_or_default();
    mine.push_str(card);
    mine.push(' ');
    offline::save_text(&name, &mine);
}

/// Whether this browser wrote the card.
pub fn is_my_card(board: BoardId, card: &str) -> bool {
    offline::load_text(&format!("mine.{board}")).is_some_and(|mine| mine.split(' ').any(|id| id == card))
}

/// Forgets everything this browser kept of a board (it was deleted).
pub fn forget_board(board: BoardId) {
    offline::forget_board(board);
}

/// Leaves a message for the next page this browser shows (once).
pub fn leave_notice(text: &str) {
    offline::save_text("notice", text);
}

/// Remembers that the person erased their name from this board: from now on their
/// presence there shows no name either.
pub fn remember_nameless(board: BoardId) {
    offline::save_text(&format!("nameless.{board}"), "1");
}

/// Whether the person erased their name from this board.
pub fn is_nameless(board: BoardId) -> bool {
    offline::load_text(&format!("nameless.{board}")).is_some()
}

/// A message left for the person before the page reloaded (why an edit was refused), once.
pub fn take_notice() -> Option<String> {
    offline::take_text("notice")
}

/// Remembers a board's metadata for offline use.
pub fn remember_info(info: &polyphony_shared::BoardInfo) {
    offline::save_info(info);
}

/// The agenda as this browser last saw it on a board ([`crate::visits::Seen`]), if it was
/// here before.
pub fn last_visit(board: BoardId) -> Option<String> {
    offline::load_text(&format!("visit.{board}"))
}

/// Keeps the agenda as this browser sees it now, for the next visit.
pub fn remember_visit(board: BoardId, seen: &str) {
    offline::save_text(&format!("visit.{board}"), seen);
}

/// The cards of one of a board's documents this browser had seen when it last showed it.
pub fn seen_cards(board: BoardId, doc: DocName) -> Option<std::collections::HashSet<String>> {
    let text = offline::load_text(&format!("seen.{board}.{doc}"))?;
    Some(text.split(' ').filter(|id| !id.is_empty()).map(str::to_owned).collect())
}

/// Keeps the cards this browser has seen in one of a board's documents.
pub fn remember_seen_cards<'a>(board: BoardId, doc: DocName, cards: impl Iterator<Item = &'a str>) {
    offline::save_text(&format!("seen.{board}.{doc}"), &cards.collect::<Vec<_>>().join(" "));
}

/// The agendas this browser saved as templates, as JSON text.
pub fn saved_templates() -> Option<String> {
    offline::load_text("templates")
}

/// Keeps the agendas this browser saved as templates.
pub fn remember_saved_templates(json: &str) {
    offline::save_text("templates", json);
}

/// This browser's answer to a poll, as it last sent it.
pub fn my_answer(activity: polyphony_shared::ids::ActivityId) -> Option<Vec<u32>> {
    let text = offline::load_text(&format!("answer.{activity}"))?;
    text.split(',').map(|choice| choice.parse().ok()).collect()
}

/// Keeps this browser's answer to a poll (the server keeps it too, where only it reads it).
pub fn remember_my_answer(activity: polyphony_shared::ids::ActivityId, answer: &[u32]) {
    let text: Vec<String> = answer.iter().map(u32::to_string).collect();
    offline::save_text(&format!("answer.{activity}"), &text.join(","));
}

/// This browser's answers in words to an open question.
pub fn my_texts(activity: polyphony_shared::ids::ActivityId) -> Vec<String> {
    offline::load_text(&format!("texts.{activity}"))
        .map(|text| text.split('\n').filter(|line| !line.is_empty()).map(str::to_owned).collect())
        .unwrap_or_default()
}

/// The questions to the panel this browser upvoted.
pub fn my_upvotes(activity: polyphony_shared::ids::ActivityId) -> Vec<polyphony_shared::ids::PanelQuestionId> {
    let kept = offline::load_text(&format!("upvotes.{activity}")).unwrap_or_default();
    kept.split(',').filter_map(|id| polyphony_shared::ids::PanelQuestionId::parse(id).ok()).collect()
}

/// Keeps the questions to the panel this browser upvoted.
pub fn remember_my_upvotes(
    activity: polyphony_shared::ids::ActivityId,
    upvoted: &[polyphony_shared::ids::PanelQuestionId],
) {
    let ids: Vec<String> = upvoted.iter().map(ToString::to_string).collect();
    offline::save_text(&format!("upvotes.{activity}"), &ids.join(","));
}

/// Keeps this browser's answers in words to an open question.
pub fn remember_my_texts(activity: polyphony_shared::ids::ActivityId, texts: &[String]) {
    offline::save_text(&format!("texts.{activity}"), &texts.join("\n"));
}
