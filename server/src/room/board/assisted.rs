//! Assisted participation: a facilitator or supporter acts for someone without a device
//! ([`polyphony_shared::Command::OnBehalf`]), and cards the server writes for a command
//! ([`polyphony_shared::Command::AddCard`]).
//!
//! Acting for someone, the command is checked and carried out as the person's own: their
//! dots within their own budget, their one answer to a poll. A card is signed with the
//! person's name and perspective and marked with the helper's name.
//!
//! The card goes where a browser's new card would: into the live activity when it collects
//! cards, else onto the board's idea board, at the first free spot. The rules a browser's
//! card meets are checked first, for the person it is written for (a lock, private writing,
//! an activity not running), so a helper can add nothing the person could not.

use polyphony_shared::governance::people::done_on_behalf;
use polyphony_shared::item_ids::CardId;
use polyphony_shared::layout::{self, Layout};
use polyphony_shared::{BoardDoc, CardColour, Command, ItemKind, NewCard, Role, Section};
use yrs::Transact;

use super::Board;
use crate::access::Access;
use crate::room::{BoardRules, GovernError};
use polyphony_shared::governance::{Invalid, Refusal};

/// Who a command is carried out as: the sender, or the person they act for (with the
/// sender's name, to mark what they add).
pub(crate) fn acting_as(
    rules: &BoardRules,
    sender: Access,
    command: Command,
) -> Result<(Access, Command, Option<String>), GovernError> {
    let Command::OnBehalf { person, command } = command else { return Ok((sender, command, None)) };
    // Who may act for whom (the sender's role now, the person's standing), then what; the
    // command itself is checked as the person's when it is planned.
    if let Some(refusal) = rules.helper_refusal(sender, person) {
        return Err(GovernError::Rule(refusal));
    }
    if !done_on_behalf(&command) {
        return Err(GovernError::Rule(Refusal::Invalid(Invalid::NotOnBehalf)));
    }
    let helper = rules.people.get(&sender.participant).map(|(name, _)| name.clone());
    Ok((Access { participant: person, role: Role::Participant }, *command, helper))
}

/// A card to write, and for whom.
#[derive(Debug)]
pub(crate) struct AddedCard {
    /// Its id, chosen by the client.
    pub card: CardId,
    /// The idea.
    pub text: String,
    /// Its colour.
    pub colour: CardColour,
    /// Whose idea it is.
    pub author: Access,
    /// Who added it for them, by name; none when they add their own.
    pub helper: Option<String>,
}

/// Writes the card, signed with its author's name (none on an anonymous board).
pub(crate) async fn add(board: &mut Board, added: AddedCard) -> Result<(), GovernError> {
    let target = board.rules().private_cards_document();
    if let Some(refusal) = board.rules().section_refusal_in(target, added.author, Section::Ideas) {
        return Err(GovernError::Rule(refusal));
    }
    let write = move |doc: &yrs::Doc, rules: &BoardRules| {
        let Some((name, perspective)) = rules.people.get(&added.author.participant).cloned() else {
            return Err(GovernError::NotFound("participant"));
        };
        let content = BoardDoc::from_doc(doc.clone());
        let spot = layout::free_spots(&Layout::of(&content.snapshot()), layout::CARD, layout::DEFAULT_WIDTH, 1);
        let (x, y) = spot.first().copied().unwrap_or_default();
        let mut txn = doc.transact_mut();
        if content.all_item_ids(&txn, ItemKind::Card).iter().any(|id| id.as_str() == added.card.as_str()) {
            return Err(GovernError::Rule(Refusal::Invalid(Invalid::ItemId)));
        }
        let card = NewCard {
            id: &added.card,
            text: added.text.trim(),
            colour: added.colour,
            author_name: if rules.anonymous { "" } else { &name },
            perspective,
            x,
            y,
            cluster: None,
        };
        content.add_card(&mut txn, card);
        if let Some(helper) = added.helper.as_deref().filter(|_| !rules.anonymous) {
            content.mark_helped(&mut txn, &added.card, helper);
        }
        Ok(txn.encode_update_v1())
    };
    board.change(target, write).await
}
