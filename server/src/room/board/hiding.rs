//! Hiding a card: its words leave the content document, and come back on restore.
//!
//! A facilitator hides a card that should not be on the board (personal data, say). The
//! card keeps its place, colour and perspective, but its text and author name are taken
//! out of the content document, so no client receives them from then on and every
//! browser's copy drops them on its next sync; the server keeps them in the drafts
//! document ([`polyphony_shared::withheld`]) for the facilitators and the card's author.
//! While hidden, the card's words cannot be changed ([`crate::room::BoardRules`]).
//!
//! A hide or restore runs in one step of the board's task, but its documents are stored one
//! after the other; each step is safe to run again, so one that a crash cut short finishes
//! when the facilitator repeats it, and loses nothing: the words are kept (drafts document,
//! stored first) before they are taken off the board, and put back before they are forgotten.

use polyphony_shared::drafts::DraftsDoc;
use polyphony_shared::item_ids::CardId;
use polyphony_shared::schema::CardWords;
use polyphony_shared::schema::writers::writer_seal;
use polyphony_shared::withheld::Withheld;
use polyphony_shared::{BoardDoc, DocName, GovernedDoc, ParticipantId};
use yrs::Transact;

use super::Board;
use crate::access::Access;
use crate::commands::Hiding;
use crate::room::{BoardRules, GovernError};

/// What the content says about a card before it is hidden.
struct OnBoard {
    words: CardWords,
    /// The client id that created it, with its seal.
    writer: Option<(u64, String)>,
}

/// Hides a card and withholds its words.
pub(crate) async fn hide(board: &mut Board, hiding: Hiding, now_ms: u64) -> Result<(), GovernError> {
    let Hiding { card, hidden } = hiding;
    let Some(on_board) = read_card(board, &card).await? else {
        return Err(GovernError::NotFound("card"));
    };
    let author = find_author(board, &on_board).await?;
    let keeping = Keeping { card: &card, author, now_ms };
    // The words are kept before anyone learns the card is hidden (the author and the
    // facilitators then ask for them), and before they leave the board.
    let words = on_board.words;
    let kept = keeping.kept(board).await?;
    if words != CardWords::default() || kept.is_none() {
        keeping.keep(board, &words).await?;
    }
    board
        .govern(|governed, txn| {
            governed.hide_card(txn, &card, &hidden);
            Ok(())
        })
        .await?;
    if words == CardWords::default() {
        return Ok(()); // Taken off before (a hide repeated), or a blank card.
    }
    let take_off = |doc: &yrs::Doc, _: &BoardRules| {
        let content = BoardDoc::from_doc(doc.clone());
        let mut txn = doc.transact_mut();
        content.withhold_card(&mut txn, &card);
        Ok(txn.encode_update_v1())
    };
    board.change(DocName::Content, take_off).await
}

/// Keeping one card's words in the drafts document.
struct Keeping<'a> {
    card: &'a str,
    author: Option<ParticipantId>,
    now_ms: u64,
}

impl Keeping<'_> {
    async fn kept(&self, board: &mut Board) -> Result<Option<Withheld>, GovernError> {
        let card = self.card;
        board.look(DocName::Drafts, |doc, _| DraftsDoc::from_doc(doc.clone()).withheld(&doc.transact(), card)).await
    }

    async fn keep(&self, board: &mut Board, words: &CardWords) -> Result<(), GovernError> {
        let withheld = Withheld {
            card: self.card.into(),
            text: words.text.clone(),
            author_name: words.author_name.clone(),
            author: self.author,
            at_ms: self.now_ms,
        };
        let keep = |doc: &yrs::Doc, _: &BoardRules| {
            let drafts = DraftsDoc::from_doc(doc.clone());
            let mut txn = doc.transact_mut();
            drafts.withhold(&mut txn, &withheld);
            Ok(txn.encode_update_v1())
        };
        board.change(DocName::Drafts, keep).await
    }
}

/// Puts a hidden card's words back and shows it again.
pub(crate) async fn restore(board: &mut Board, card: CardId) -> Result<(), GovernError> {
    let id = card.as_str();
    let hidden = board
        .look(DocName::Governed, |doc, _| {
            GovernedDoc::from_doc(doc.clone()).hidden_cards(&doc.transact()).contains_key(id)
        })
        .await?;
    let kept =
        board.look(DocName::Drafts, |doc, _| DraftsDoc::from_doc(doc.clone()).withheld(&doc.transact(), id)).await?;
    if !hidden && kept.is_none() {
        return Err(GovernError::NotFound("hidden card"));
    }
    if let Some(kept) = kept {
        let words = CardWords { text: kept.text, author_name: kept.author_name };
        let put_back = |doc: &yrs::Doc, _: &BoardRules| {
            let content = BoardDoc::from_doc(doc.clone());
            let mut txn = doc.transact_mut();
            content.put_back_card(&mut txn, id, &words); // A card deleted for good stays gone.
            Ok(txn.encode_update_v1())
        };
        board.change(DocName::Content, put_back).await?;
        let release = |doc: &yrs::Doc, _: &BoardRules| {
            let drafts = DraftsDoc::from_doc(doc.clone());
            let mut txn = doc.transact_mut();
            drafts.release(&mut txn, id);
            Ok(txn.encode_update_v1())
        };
        board.change(DocName::Drafts, release).await?;
    }
    board
        .govern(|governed, txn| {
            governed.restore_card(txn, id);
            Ok(())
        })
        .await
}

/// The hidden cards' words `access` may read: all of them for a facilitator, their own
/// for anyone else.
pub(crate) async fn withheld_for(board: &mut Board, access: Access) -> Result<Vec<Withheld>, GovernError> {
    let (all, current) = board
        .look(DocName::Drafts, |doc, rules: &BoardRules| {
            (DraftsDoc::from_doc(doc.clone()).all_withheld(&doc.transact()), rules.current(access))
        })
        .await?;
    if current.role.facilitates() {
        return Ok(all);
    }
    Ok(all.into_iter().filter(|words| words.author == Some(access.participant)).collect())
}

async fn read_card(board: &mut Board, card: &str) -> Result<Option<OnBoard>, GovernError> {
    board
        .look(DocName::Content, |doc, _| {
            let content = BoardDoc::from_doc(doc.clone());
            let txn = doc.transact();
            let writer = content.card_writer(&txn, card);
            let seal = writer.and_then(|client| Some((client, writer_seal(&txn, client)?)));
            let words = content.card_words(&txn, card)?;
            Some(OnBoard { words, writer: seal })
        })
        .await
}

/// Who wrote a card: the participant whose seal its client id carries, else the one
/// participant whose name it is signed with.
async fn find_author(board: &mut Board, on_board: &OnBoard) -> Result<Option<ParticipantId>, GovernError> {
    let people = board
        .look(DocName::Governed, |doc, _| GovernedDoc::from_doc(doc.clone()).participants(&doc.transact()))
        .await?;
    let (signer, id) = (board.signer(), board.id());
    if let Some((client, seal)) = &on_board.writer
        && let Some(id) = people.keys().find(|person| signer.writer_seal(id, **person, *client) == *seal)
    {
        return Ok(Some(*id));
    }
    let name = on_board.words.author_name.as_str();
    let mut signed = people.values().filter(|record| !name.is_empty() && record.participant.name == name);
    Ok(match (signed.next(), signed.next()) {
        (Some(only), None) => Some(only.participant.id),
        _ => None,
    })
}
