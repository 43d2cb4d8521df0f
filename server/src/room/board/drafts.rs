//! Private writing: cards kept in the drafts document until a facilitator reveals them.
//!
//! While private writing is on, the rooms refuse participants' new cards, and the web client
//! submits them here instead; a reveal puts them in the live activity when it collects
//! cards, else on the board's own idea board. Each author can read their own drafts; nobody else
//! can. Revealing turns private writing off first (so no draft arrives after), puts every
//! draft on the board as a server write (without author names in anonymous mode), then
//! forgets the drafts it revealed, all in one step of the board's task. The three documents
//! are stored one after the other, so a crash may land between them; each step is safe to
//! run again, and a reveal cut short and repeated puts no card on the board twice and loses
//! none. How many drafts each author has is published in the governed document, so the
//! room sees the private writing progress.

use polyphony_shared::drafts::{Draft, DraftsDoc, MAX_DRAFTS_PER_AUTHOR};
use polyphony_shared::item_ids::CardId;
use polyphony_shared::layout::{self, Layout};
use polyphony_shared::{BoardDoc, CardColour, DocName, GovernedDoc, NewCard, Section};
use yrs::Transact;

use super::Board;
use crate::access::Access;
use crate::room::{BoardRules, GovernError};
use polyphony_shared::governance::Refusal;

/// Keeps a private card written by `author`.
pub(crate) async fn submit(
    board: &mut Board,
    author: Access,
    card: CardId,
    text: String,
    colour: CardColour,
) -> Result<(), GovernError> {
    let who = move |doc: &yrs::Doc, _: &BoardRules| {
        GovernedDoc::from_doc(doc.clone()).participant(&doc.transact(), author.participant)
    };
    let record = board.look(DocName::Governed, who).await?;
    let Some(record) = record else { return Err(GovernError::NotFound("participant")) };
    let draft = Draft {
        card,
        author: author.participant,
        author_name: record.participant.name,
        perspective: record.participant.perspective,
        text,
        colour,
    };
    let keep = move |doc: &yrs::Doc, rules: &BoardRules| {
        if !rules.private_writing {
            return Err(GovernError::Refused("private writing is off: put the card on the board".into()));
        }
        // Written while anonymous, the card never carries its author's name, even if the
        // mode is off by the time it is revealed.
        let mut draft = draft;
        if rules.anonymous {
            draft.author_name.clear();
        }
        let current = rules.current(author);
        if let Some(refusal) =
            rules.section_refusal_in(rules.private_cards_document(), current, Section::Ideas).filter(|refusal| {
                matches!(
                    refusal,
                    Refusal::Locked(_) | Refusal::ActivityLocked | Refusal::ActivityDone | Refusal::ActivityNotLive
                )
            })
        {
            return Err(GovernError::Rule(refusal));
        }
        let drafts = DraftsDoc::from_doc(doc.clone());
        let mut txn = doc.transact_mut();
        let mine = drafts.all(&txn).into_iter().filter(|kept| kept.author == draft.author).collect::<Vec<_>>();
        let replacing = mine.iter().any(|kept| kept.card == draft.card);
        if !replacing && mine.len() >= MAX_DRAFTS_PER_AUTHOR {
            return Err(GovernError::Refused(format!(
                "you already have {MAX_DRAFTS_PER_AUTHOR} private ideas: change or take back one first"
            )));
        }
        drafts.add(&mut txn, &draft);
        Ok(txn.encode_update_v1())
    };
    board.change(DocName::Drafts, keep).await?;
    publish_count(board, author).await
}

/// Takes back one of the author's own drafts.
pub(crate) async fn withdraw(board: &mut Board, author: Access, card: CardId) -> Result<(), GovernError> {
    let take_back = move |doc: &yrs::Doc, _: &BoardRules| {
        let drafts = DraftsDoc::from_doc(doc.clone());
        let mut txn = doc.transact_mut();
        if !drafts.remove(&mut txn, author.participant, &card) {
            return Err(GovernError::NotFound("private card"));
        }
        Ok(txn.encode_update_v1())
    };
    board.change(DocName::Drafts, take_back).await?;
    publish_count(board, author).await
}

/// Writes how many drafts the author has into the governed document, where everyone sees
/// how many ideas were written privately (never what they say). Each author has their own
/// key, so two authors writing at once both count.
async fn publish_count(board: &mut Board, author: Access) -> Result<(), GovernError> {
    let count = move |doc: &yrs::Doc, _: &BoardRules| {
        DraftsDoc::from_doc(doc.clone()).count_by(&doc.transact(), author.participant)
    };
    let count = board.look(DocName::Drafts, count).await?;
    board
        .govern(move |governed, txn| {
            governed.set_private_ideas(txn, author.participant, count);
            Ok(())
        })
        .await
}

/// The author's own drafts.
pub(crate) async fn mine(board: &mut Board, author: Access) -> Result<Vec<Draft>, GovernError> {
    let read = move |doc: &yrs::Doc, _: &BoardRules| {
        let drafts = DraftsDoc::from_doc(doc.clone()).all(&doc.transact());
        drafts.into_iter().filter(|draft| draft.author == author.participant).collect::<Vec<_>>()
    };
    board.look(DocName::Drafts, read).await
}

/// Puts every draft on the board and turns private writing off.
pub(crate) async fn reveal(board: &mut Board) -> Result<(), GovernError> {
    board
        .govern(|governed, txn| {
            governed.set_private_writing(txn, false);
            governed.clear_private_ideas(txn);
            Ok(())
        })
        .await?;
    let all = |doc: &yrs::Doc, _: &BoardRules| DraftsDoc::from_doc(doc.clone()).all(&doc.transact());
    let drafts = board.look(DocName::Drafts, all).await?;
    if drafts.is_empty() {
        return Ok(());
    }
    let place = |doc: &yrs::Doc, rules: &BoardRules| {
        let content = BoardDoc::from_doc(doc.clone());
        let snapshot = content.snapshot();
        // Each revealed card goes where nothing else is, as a new card from a browser does.
        let spots = layout::free_spots(&Layout::of(&snapshot), layout::CARD, layout::DEFAULT_WIDTH, drafts.len());
        let mut txn = doc.transact_mut();
        let mut taken: std::collections::BTreeSet<String> =
            content.all_item_ids(&txn, polyphony_shared::ItemKind::Card).into_iter().collect();
        // A removed participant's private cards stay unrevealed.
        let shown = drafts.iter().filter(|draft| !rules.removed.contains(&draft.author));
        for (draft, (x, y)) in shown.zip(spots) {
            // A draft never replaces a card on the board (or another draft), whatever id
            // its author chose; one already revealed (a reveal that stopped before it forgot
            // the drafts) is not put on the board twice.
            let mut id = draft.card.to_string();
            let mut on_board = false;
            while taken.contains(&id) {
                on_board |= content.card_words(&txn, &id).is_some_and(|words| words.text == draft.text);
                id.push_str("-private");
            }
            if on_board {
                continue;
            }
            taken.insert(id.clone());
            let card = NewCard {
                id: &id,
                text: &draft.text,
                colour: draft.colour,
                author_name: if rules.anonymous { "" } else { &draft.author_name },
                perspective: draft.perspective,
                x,
                y,
                cluster: None,
            };
            content.add_card(&mut txn, card);
        }
        Ok(txn.encode_update_v1())
    };
    // Into the live activity, when it collects cards: private writing belongs to it.
    let target = board.rules().private_cards_document();
    board.change(target, place).await?;
    // Only the drafts read above are forgotten (a removed participant's among them: they
    // are never revealed).
    let forget = move |doc: &yrs::Doc, _: &BoardRules| {
        let kept = DraftsDoc::from_doc(doc.clone());
        let mut txn = doc.transact_mut();
        for draft in &drafts {
            kept.remove(&mut txn, draft.author, &draft.card);
        }
        Ok(txn.encode_update_v1())
    };
    board.change(DocName::Drafts, forget).await
}
