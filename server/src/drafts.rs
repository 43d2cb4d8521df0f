//! Private writing: cards kept in the drafts document until a facilitator reveals them.
//!
//! While private writing is on, the content room refuses participants' new cards, and the
//! web client submits them here instead. Each author can read their own drafts; nobody else
//! can. Revealing turns private writing off first (so no draft arrives after), puts every
//! draft on the board as a server write (without author names in anonymous mode), then
//! forgets the drafts it revealed. Each step is safe to run again: a reveal cut short (a
//! crash) and repeated puts no card on the board twice and loses none. How many drafts each author has is published in the governed
//! document, so the room sees the private writing progress.

use std::sync::Arc;

use polyphony_shared::drafts::{Draft, DraftsDoc, MAX_DRAFTS_PER_AUTHOR};
use polyphony_shared::layout::{self, Layout};
use polyphony_shared::{BoardDoc, BoardId, CardColour, DocName, GovernedDoc, NewCard, Section};
use yrs::Transact;

use crate::access::Access;
use crate::room::{DocWrite, GovernError, Rooms, governed_write};
use crate::store::DocKey;

/// Keeps a private card written by `author`.
pub async fn submit(
    rooms: &Rooms,
    board: BoardId,
    author: Access,
    card: String,
    text: String,
    colour: CardColour,
) -> Result<(), GovernError> {
    let governed = DocKey { board, doc: DocName::Governed };
    let who = move |doc: &yrs::Doc, _: &crate::room::BoardRules| {
        GovernedDoc::from_doc(doc.clone()).participant(&doc.transact(), author.participant)
    };
    let record = rooms.read(governed, who).await.map_err(|_| GovernError::Unavailable)?;
    let Some(record) = record else { return Err(GovernError::NotFound("participant")) };
    let draft = Draft {
        card,
        author: author.participant,
        author_name: record.participant.name,
        perspective: record.participant.perspective,
        text,
        colour,
    };
    let keep: DocWrite = Arc::new(move |doc, rules| {
        if !rules.private_writing {
            return Err(GovernError::Refused("private writing is off: put the card on the board".into()));
        }
        // Written while anonymous, the card never carries its author's name, even if the
        // mode is off by the time it is revealed.
        let mut draft = draft.clone();
        if rules.anonymous {
            draft.author_name.clear();
        }
        let current = rules.current(author);
        if rules.locked.contains(&Section::Ideas) && !current.role.facilitates() {
            return Err(GovernError::Refused("the idea board is locked by the facilitator for now".into()));
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
    });
    rooms.write(DocKey { board, doc: DocName::Drafts }, keep).await?;
    publish_count(rooms, board, author).await
}

/// Takes back one of the author's own drafts.
pub async fn withdraw(rooms: &Rooms, board: BoardId, author: Access, card: String) -> Result<(), GovernError> {
    let take_back: DocWrite = Arc::new(move |doc, _| {
        let drafts = DraftsDoc::from_doc(doc.clone());
        let mut txn = doc.transact_mut();
        if !drafts.remove(&mut txn, author.participant, &card) {
            return Err(GovernError::NotFound("private card"));
        }
        Ok(txn.encode_update_v1())
    });
    rooms.write(DocKey { board, doc: DocName::Drafts }, take_back).await?;
    publish_count(rooms, board, author).await
}

/// Writes how many drafts the author has into the governed document, where everyone sees
/// how many ideas were written privately (never what they say). Each author has their own
/// key, so two authors writing at once both count.
async fn publish_count(rooms: &Rooms, board: BoardId, author: Access) -> Result<(), GovernError> {
    let count = move |doc: &yrs::Doc, _: &crate::room::BoardRules| {
        DraftsDoc::from_doc(doc.clone()).count_by(&doc.transact(), author.participant)
    };
    let count =
        rooms.read(DocKey { board, doc: DocName::Drafts }, count).await.map_err(|_| GovernError::Unavailable)?;
    rooms
        .govern(
            board,
            governed_write(move |governed, txn| {
                governed.set_private_ideas(txn, author.participant, count);
                Ok(())
            }),
        )
        .await
}

/// The author's own drafts.
pub async fn mine(rooms: &Rooms, board: BoardId, author: Access) -> Result<Vec<Draft>, GovernError> {
    let read = move |doc: &yrs::Doc, _: &crate::room::BoardRules| {
        let drafts = DraftsDoc::from_doc(doc.clone()).all(&doc.transact());
        drafts.into_iter().filter(|draft| draft.author == author.participant).collect::<Vec<_>>()
    };
    rooms.read(DocKey { board, doc: DocName::Drafts }, read).await.map_err(|_| GovernError::Unavailable)
}

/// Puts every draft on the board and turns private writing off.
pub async fn reveal(rooms: &Rooms, board: BoardId) -> Result<(), GovernError> {
    rooms
        .govern(
            board,
            governed_write(|governed, txn| {
                governed.set_private_writing(txn, false);
                governed.clear_private_ideas(txn);
                Ok(())
            }),
        )
        .await?;
    let drafts_key = DocKey { board, doc: DocName::Drafts };
    let all = |doc: &yrs::Doc, _: &crate::room::BoardRules| DraftsDoc::from_doc(doc.clone()).all(&doc.transact());
    let drafts = rooms.read(drafts_key, all).await.map_err(|_| GovernError::Unavailable)?;
    if drafts.is_empty() {
        return Ok(());
    }
    let revealed = drafts.clone();
    let place: DocWrite = Arc::new(move |doc, rules| {
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
            let mut id = draft.card.clone();
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
    });
    rooms.write(DocKey { board, doc: DocName::Content }, place).await?;
    // Only the drafts just revealed are forgotten: one written since (private writing turned
    // on again meanwhile) waits for the next reveal.
    let forget: DocWrite = Arc::new(move |doc, _| {
        let drafts = DraftsDoc::from_doc(doc.clone());
        let mut txn = doc.transact_mut();
        for draft in &revealed {
            drafts.remove(&mut txn, draft.author, &draft.card);
        }
        Ok(txn.encode_update_v1())
    });
    rooms.write(drafts_key, forget).await
}
