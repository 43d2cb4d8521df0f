//! Hiding a card: its words leave the content document, and come back on restore.
//!
//! A facilitator hides a card that should not be on the board (personal data, say). The
//! card keeps its place, colour and perspective, but its text and author name are taken
//! out of the content document, so no client receives them from then on and every
//! browser's copy drops them on its next sync; the server keeps them in the drafts
//! document ([`polyphony_shared::withheld`]) for the facilitators and the card's author.
//! While hidden, the card's words cannot be changed ([`crate::room::BoardRules`]).
//!
//! Each step is safe to run again, so a hide or restore that stopped half-way (a crash, an
//! unreachable store) finishes when the facilitator repeats it, and loses nothing: the words
//! are stored before they are taken off the board, and put back before they are forgotten.

use std::sync::Arc;

use polyphony_shared::drafts::DraftsDoc;
use polyphony_shared::schema::CardWords;
use polyphony_shared::schema::writers::writer_seal;
use polyphony_shared::withheld::Withheld;
use polyphony_shared::{BoardDoc, BoardId, DocName, GovernedDoc, ParticipantId};
use yrs::Transact;

use crate::access::{Access, Signer};
use crate::commands::Hiding;
use crate::room::{BoardRules, DocWrite, GovernError, Rooms, governed_write};
use crate::store::DocKey;

/// What the content says about a card before it is hidden.
struct OnBoard {
    words: CardWords,
    /// The client id that created it, with its seal.
    writer: Option<(u64, String)>,
}

/// Hides a card and withholds its words.
pub async fn hide(rooms: &Rooms, signer: &Signer, board: BoardId, hiding: Hiding) -> Result<(), GovernError> {
    let Hiding { card, hidden } = hiding;
    let content = DocKey { board, doc: DocName::Content };
    let Some(on_board) = read_card(rooms, content, card.clone()).await? else {
        return Err(GovernError::NotFound("card"));
    };
    let author = find_author(rooms, signer, board, &on_board).await?;
    let keeping = Keeping { rooms, board, card: card.clone(), author };
    // The words are kept before anyone learns the card is hidden (the author and the
    // facilitators then ask for them), and before they leave the board.
    let first = on_board.words;
    let kept = keeping.kept().await?;
    if first != CardWords::default() || kept.is_none() {
        keeping.keep(&first).await?;
    }
    let record = card.clone();
    rooms
        .govern(
            board,
            governed_write(move |governed, txn| {
                governed.hide_card(txn, &record, &hidden);
                Ok(())
            }),
        )
        .await?;
    // Read again now that nobody but a facilitator may change the words.
    let Some(OnBoard { words, .. }) = read_card(rooms, content, card.clone()).await? else { return Ok(()) };
    if words == CardWords::default() {
        return Ok(()); // Taken off before (a hide repeated), or a blank card.
    }
    if words != first {
        keeping.keep(&words).await?;
    }
    let take_off: DocWrite = Arc::new(move |doc, _| {
        let content = BoardDoc::from_doc(doc.clone());
        let mut txn = doc.transact_mut();
        match content.withhold_card(&mut txn, &card) {
            // A facilitator typed into it meanwhile: keep it all and let them hide it again.
            Some(taken) if taken != words => {
                Err(GovernError::Refused("the card changed while it was being hidden; hide it again".into()))
            }
            _ => Ok(txn.encode_update_v1()),
        }
    });
    rooms.write(content, take_off).await
}

/// Keeping one card's words in the drafts document.
struct Keeping<'a> {
    rooms: &'a Rooms,
    board: BoardId,
    card: String,
    author: Option<ParticipantId>,
}

impl Keeping<'_> {
    fn key(&self) -> DocKey {
        DocKey { board: self.board, doc: DocName::Drafts }
    }

    async fn kept(&self) -> Result<Option<Withheld>, GovernError> {
        let card = self.card.clone();
        self.rooms
            .read(self.key(), move |doc, _| DraftsDoc::from_doc(doc.clone()).withheld(&doc.transact(), &card))
            .await
            .map_err(|_| GovernError::Unavailable)
    }

    async fn keep(&self, words: &CardWords) -> Result<(), GovernError> {
        let withheld = Withheld {
            card: self.card.clone(),
            text: words.text.clone(),
            author_name: words.author_name.clone(),
            author: self.author,
            at_ms: crate::access::now_ms(),
        };
        let keep: DocWrite = Arc::new(move |doc, _| {
            let drafts = DraftsDoc::from_doc(doc.clone());
            let mut txn = doc.transact_mut();
            drafts.withhold(&mut txn, &withheld);
            Ok(txn.encode_update_v1())
        });
        self.rooms.write(self.key(), keep).await
    }
}

/// Puts a hidden card's words back and shows it again.
pub async fn restore(rooms: &Rooms, board: BoardId, card: String) -> Result<(), GovernError> {
    let drafts = DocKey { board, doc: DocName::Drafts };
    let id = card.clone();
    let hidden = rooms
        .read(DocKey { board, doc: DocName::Governed }, move |doc, _| {
            GovernedDoc::from_doc(doc.clone()).hidden_cards(&doc.transact()).contains_key(&id)
        })
        .await
        .map_err(|_| GovernError::Unavailable)?;
    let id = card.clone();
    let kept = rooms
        .read(drafts, move |doc, _| DraftsDoc::from_doc(doc.clone()).withheld(&doc.transact(), &id))
        .await
        .map_err(|_| GovernError::Unavailable)?;
    if !hidden && kept.is_none() {
        return Err(GovernError::NotFound("hidden card"));
    }
    if let Some(kept) = kept {
        let words = CardWords { text: kept.text, author_name: kept.author_name };
        let id = card.clone();
        let put_back: DocWrite = Arc::new(move |doc, _| {
            let content = BoardDoc::from_doc(doc.clone());
            let mut txn = doc.transact_mut();
            content.put_back_card(&mut txn, &id, &words); // A card deleted for good stays gone.
            Ok(txn.encode_update_v1())
        });
        rooms.write(DocKey { board, doc: DocName::Content }, put_back).await?;
        let id = card.clone();
        let release: DocWrite = Arc::new(move |doc, _| {
            let drafts = DraftsDoc::from_doc(doc.clone());
            let mut txn = doc.transact_mut();
            drafts.release(&mut txn, &id);
            Ok(txn.encode_update_v1())
        });
        rooms.write(drafts, release).await?;
    }
    rooms
        .govern(
            board,
            governed_write(move |governed, txn| {
                governed.restore_card(txn, &card);
                Ok(())
            }),
        )
        .await
}

/// The hidden cards' words `access` may read: all of them for a facilitator, their own
/// for anyone else.
pub async fn withheld_for(rooms: &Rooms, board: BoardId, access: Access) -> Result<Vec<Withheld>, GovernError> {
    let all = rooms
        .read(DocKey { board, doc: DocName::Drafts }, move |doc, rules: &BoardRules| {
            (DraftsDoc::from_doc(doc.clone()).all_withheld(&doc.transact()), rules.current(access))
        })
        .await
        .map_err(|_| GovernError::Unavailable)?;
    let (all, current) = all;
    if current.role.facilitates() {
        return Ok(all);
    }
    Ok(all.into_iter().filter(|words| words.author == Some(access.participant)).collect())
}

async fn read_card(rooms: &Rooms, content: DocKey, card: String) -> Result<Option<OnBoard>, GovernError> {
    rooms
        .read(content, move |doc, _| {
            let board = BoardDoc::from_doc(doc.clone());
            let txn = doc.transact();
            let writer = board.card_writer(&txn, &card);
            let seal = writer.and_then(|client| Some((client, writer_seal(&txn, client)?)));
            let words = board.card_words(&txn, &card)?;
            Some(OnBoard { words, writer: seal })
        })
        .await
        .map_err(|_| GovernError::Unavailable)
}

/// Who wrote a card: the participant whose seal its client id carries, else the one
/// participant whose name it is signed with.
async fn find_author(
    rooms: &Rooms,
    signer: &Signer,
    board: BoardId,
    on_board: &OnBoard,
) -> Result<Option<ParticipantId>, GovernError> {
    let people = rooms
        .read(DocKey { board, doc: DocName::Governed }, |doc, _| {
            GovernedDoc::from_doc(doc.clone()).participants(&doc.transact())
        })
        .await
        .map_err(|_| GovernError::Unavailable)?;
    if let Some((client, seal)) = &on_board.writer
        && let Some(id) = people.keys().find(|id| signer.writer_seal(board, **id, *client) == *seal)
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
