//! Private writing is enforced by the server: new cards stay with their authors until a
//! facilitator reveals them all.

use anyhow::Context;
use polyphony_shared::{CardColour, Command, DocName, GovernedDoc, NewCard, Perspective};
use polyphony_tests::http::{self, TestBoard};
use polyphony_tests::{TestClient, TestServer};
use yrs::Transact;

fn content_url(server: &TestServer, board: &TestBoard, token: &str) -> String {
    http::ws_url(server.addr, board.id, DocName::Content, token)
}

fn submit(card: &str, text: &str) -> Command {
    Command::SubmitCard { card: card.into(), text: text.into(), colour: CardColour::Green }
}

async fn my_drafts(server: &TestServer, board: &TestBoard, token: &str) -> anyhow::Result<Vec<String>> {
    let path = format!("/api/boards/{}/drafts", board.id);
    let answer = http::request_with_token(server.addr, "GET", &path, token, None).await?;
    anyhow::ensure!(answer.status == 200, "drafts answered {answer:?}");
    Ok(answer
        .body
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|draft| draft["text"].as_str().map(str::to_owned))
        .collect())
}

/// While private writing is on, a participant's card cannot go on the board directly; it
/// is kept for its author alone (no other participant receives a byte of it) until the
/// facilitator reveals every private card at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn private_cards_stay_with_their_authors_until_revealed() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Private writing").await?;
    let ana = http::join_as_participant(server.addr, board.id, "Ana", Perspective::Citizen).await?;
    let ben = http::join_as_participant(server.addr, board.id, "Ben", Perspective::Professional).await?;
    let early = http::command(server.addr, board.id, &ana.token, &submit("card-early", "too early")).await?;
    assert_eq!(early.status, 409, "private cards need private writing on: {:?}", early.body);
    let on = http::command(server.addr, board.id, &board.token, &Command::SetPrivateWriting { on: true }).await?;
    assert_eq!(on.status, 204);
    let bens = TestClient::connect(&content_url(&server, &board, &ben.token)).await?;

    let direct = TestClient::connect(&content_url(&server, &board, &ana.token)).await?;
    direct.edit(|board, txn| {
        let card = NewCard {
            id: "direct",
            text: "straight onto the board",
            colour: CardColour::Yellow,
            author_name: "Ana",
            perspective: Perspective::Citizen,
            x: 0.0,
            y: 0.0,
            cluster: None,
        };
        board.add_card(txn, card);
    });
    direct.wait_for(|seen, _| !seen.denials.is_empty()).await.context("a direct card is refused")?;
    assert!(direct.seen().denials[0].contains("private writing"), "{:?}", direct.seen().denials);

    assert_eq!(http::command(server.addr, board.id, &ana.token, &submit("card-a", "Peer mentors")).await?.status, 204);
    // A draft that reuses the id of a card on the board must not replace that card.
    let facilitators = TestClient::connect(&server.ws_url(&board)).await?;
    facilitators.edit(|board, txn| board.set_card_text(txn, "existing", "the facilitator's card"));
    bens.wait_until(|board| board.card_texts().contains_key("existing")).await?;
    assert_eq!(http::command(server.addr, board.id, &ben.token, &submit("existing", "Takeover")).await?.status, 204);
    assert_eq!(
        http::command(server.addr, board.id, &ben.token, &submit("card-b", "Evening drop-in")).await?.status,
        204
    );
    assert_eq!(my_drafts(&server, &board, &ana.token).await?, vec!["Peer mentors".to_owned()]);
    assert_eq!(
        my_drafts(&server, &board, &ben.token).await?,
        vec!["Evening drop-in".to_owned(), "Takeover".to_owned()]
    );
    let reveal_by_participant = http::command(server.addr, board.id, &ana.token, &Command::RevealCards).await?;
    assert_eq!(reveal_by_participant.status, 403);
    assert_eq!(bens.board.card_texts().len(), 1, "only the facilitator's card is on the board");
    let leaked = bens.received_frames().iter().any(|frame| frame.windows(12).any(|window| window == b"Peer mentors"));
    assert!(!leaked, "another participant received a private card");

    assert_eq!(http::command(server.addr, board.id, &board.token, &Command::RevealCards).await?.status, 204);
    bens.wait_until(|board| board.card_texts().len() == 4).await?;
    assert_eq!(bens.board.card_texts().get("existing").map(String::as_str), Some("the facilitator's card"));
    let cards = bens.board.snapshot().cards;
    let peer_mentors = cards.iter().find(|card| card.id == "card-a").context("Ana's card is on the board")?;
    assert_eq!((peer_mentors.text.as_str(), peer_mentors.author_name.as_str()), ("Peer mentors", "Ana"));
    assert!(my_drafts(&server, &board, &ana.token).await?.is_empty(), "drafts are gone once revealed");
    let governed = TestClient::connect(&board.doc_url(server.addr, DocName::Governed)).await?;
    let private_now = {
        let doc = GovernedDoc::from_doc(governed.board.doc().clone());
        let txn = governed.board.doc().transact();
        doc.facilitation(&txn).private_writing
    };
    assert!(!private_now, "revealing ends private writing");
    Ok(())
}

fn private_progress(governed: &TestClient) -> (u32, u32) {
    let doc = GovernedDoc::from_doc(governed.board.doc().clone());
    let facilitation = doc.facilitation(&governed.board.doc().transact());
    (facilitation.private_ideas, facilitation.private_writers)
}

/// Authors change and take back their private cards until the reveal; everyone sees how
/// many ideas were written and by how many people (never the text); a card written while
/// anonymous is revealed without its author's name even after anonymity ends.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn private_cards_can_be_changed_and_taken_back_and_are_counted() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Private changes").await?;
    let ana = http::join_as_participant(server.addr, board.id, "Ana", Perspective::Citizen).await?;
    let ben = http::join_as_participant(server.addr, board.id, "Ben", Perspective::Professional).await?;
    let governed = TestClient::connect(&board.doc_url(server.addr, DocName::Governed)).await?;
    for command in [Command::SetPrivateWriting { on: true }, Command::SetAnonymous { on: true }] {
        assert_eq!(http::command(server.addr, board.id, &board.token, &command).await?.status, 204);
    }
    for (token, card, text) in
        [(&ana.token, "a1", "Buses"), (&ana.token, "a2", "Evening hours"), (&ben.token, "b1", "Peer mentors")]
    {
        assert_eq!(http::command(server.addr, board.id, token, &submit(card, text)).await?.status, 204);
    }
    governed.wait_for(|_, _| private_progress(&governed) == (3, 2)).await.context("3 ideas by 2 people")?;

    // Ana rewords one idea and takes the other back; Ben cannot take back Ana's.
    assert_eq!(http::command(server.addr, board.id, &ana.token, &submit("a1", "Night buses")).await?.status, 204);
    let not_his =
        http::command(server.addr, board.id, &ben.token, &Command::WithdrawCard { card: "a2".into() }).await?;
    assert_eq!(not_his.status, 404, "{:?}", not_his.body);
    let withdraw = Command::WithdrawCard { card: "a2".into() };
    assert_eq!(http::command(server.addr, board.id, &ana.token, &withdraw).await?.status, 204);
    assert_eq!(my_drafts(&server, &board, &ana.token).await?, vec!["Night buses".to_owned()]);
    governed.wait_for(|_, _| private_progress(&governed) == (2, 2)).await.context("2 ideas by 2 people")?;
    let counted_text = governed.received_frames().iter().any(|frame| frame.windows(5).any(|window| window == b"Buses"));
    assert!(!counted_text, "the count must not carry what the ideas say");

    // Anonymity ends before the reveal: the ideas written under it stay nameless.
    let off = Command::SetAnonymous { on: false };
    assert_eq!(http::command(server.addr, board.id, &board.token, &off).await?.status, 204);
    assert_eq!(http::command(server.addr, board.id, &board.token, &Command::RevealCards).await?.status, 204);
    let content = TestClient::connect(&server.ws_url(&board)).await?;
    content.wait_until(|board| board.card_texts().len() == 2).await?;
    let cards = content.board.snapshot().cards;
    assert!(cards.iter().all(|card| card.author_name.is_empty()), "names came back: {cards:?}");
    assert!(cards.iter().any(|card| card.text == "Night buses"));
    governed.wait_for(|_, _| private_progress(&governed) == (0, 0)).await.context("counts end with the reveal")?;
    Ok(())
}

/// Private writing cannot be used to flood the board or to probe it: a person keeps at most
/// 30 private ideas, none while the idea board is locked, two people may choose the same
/// card id without learning of each other (both ideas are revealed), and the private ideas
/// of someone the facilitator removed are never revealed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn private_writing_has_limits_and_keeps_authors_apart() -> anyhow::Result<()> {
    use polyphony_shared::Section;
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "Private limits").await?;
    let ana = http::join_as_participant(server.addr, board.id, "Ana", Perspective::Citizen).await?;
    let ben = http::join_as_participant(server.addr, board.id, "Ben", Perspective::Professional).await?;
    let flood = http::join_as_participant(server.addr, board.id, "Flood", Perspective::Other).await?;
    let facilitate = |command: Command| {
        let (addr, id, token) = (server.addr, board.id, board.token.clone());
        async move { anyhow::Ok(http::command(addr, id, &token, &command).await?.status) }
    };
    assert_eq!(facilitate(Command::SetPrivateWriting { on: true }).await?, 204);

    assert_eq!(http::command(server.addr, board.id, &ana.token, &submit("same", "Ana's idea")).await?.status, 204);
    assert_eq!(http::command(server.addr, board.id, &ben.token, &submit("same", "Ben's idea")).await?.status, 204);
    for number in 0..30 {
        let answer = http::command(server.addr, board.id, &flood.token, &submit(&format!("f{number}"), "spam")).await?;
        assert_eq!(answer.status, 204, "{number}: {answer:?}");
    }
    let over = http::command(server.addr, board.id, &flood.token, &submit("f30", "spam")).await?;
    assert_eq!(over.status, 409, "the 31st private idea is refused: {over:?}");
    let changed = http::command(server.addr, board.id, &flood.token, &submit("f0", "changed spam")).await?;
    assert_eq!(changed.status, 204, "changing one of them is not a new one");

    assert_eq!(facilitate(Command::Lock { section: Section::Ideas }).await?, 204);
    let locked = http::command(server.addr, board.id, &ana.token, &submit("late", "While locked")).await?;
    assert_eq!(locked.status, 409, "{locked:?}");
    assert_eq!(facilitate(Command::Unlock { section: Section::Ideas }).await?, 204);

    assert_eq!(facilitate(Command::RemoveParticipant { participant: flood.participant.id }).await?, 204);
    assert_eq!(facilitate(Command::RevealCards).await?, 204);
    let content = TestClient::connect(&server.ws_url(&board)).await?;
    content.wait_until(|board| board.card_texts().len() == 2).await?;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let mut texts: Vec<String> = content.board.card_texts().into_values().collect();
    texts.sort();
    assert_eq!(texts, ["Ana's idea", "Ben's idea"], "both ideas with one id, none of the removed person's");
    Ok(())
}

/// One way of publishing an idea early.
type Attempt = fn(&polyphony_shared::BoardDoc, &mut yrs::TransactionMut);

/// During private writing nothing publishes an idea early: a participant can neither
/// change a card on the board, nor add a cluster or a question; the facilitator can.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn private_writing_holds_every_way_of_publishing_an_idea() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let board = http::create_board(server.addr, "No early ideas").await?;
    let ana = http::join_as_participant(server.addr, board.id, "Ana", Perspective::Citizen).await?;
    let facilitators = TestClient::connect(&server.ws_url(&board)).await?;
    facilitators.edit(|board, txn| board.set_card_text(txn, "public", "An idea"));
    let on = http::command(server.addr, board.id, &board.token, &Command::SetPrivateWriting { on: true }).await?;
    assert_eq!(on.status, 204);
    let attempts: [(&str, Attempt); 3] = [
        ("changing a card", |board, txn| board.set_card_text(txn, "public", "An idea, and mine too")),
        ("adding a cluster", |board, txn| board.add_cluster(txn, "k1", "Buses at night", 0.0, 0.0)),
        ("adding a question", |board, txn| board.add_question(txn, "q1", "How might we run buses at night?")),
    ];
    for (what, attempt) in attempts {
        let anas = TestClient::connect(&content_url(&server, &board, &ana.token)).await?;
        anas.wait_until(|board| board.card_texts().contains_key("public")).await?;
        anas.edit(attempt);
        anas.wait_for(|seen, _| !seen.denials.is_empty()).await.with_context(|| format!("{what} is refused"))?;
        assert!(anas.seen().denials[0].contains("private writing"), "{what}: {:?}", anas.seen().denials);
    }
    facilitators.edit(|board, txn| board.add_question(txn, "q2", "How might we meet?"));
    let reader = TestClient::connect(&server.ws_url(&board)).await?;
    reader.wait_until(|board| board.snapshot().questions.iter().any(|question| question.id == "q2")).await?;
    assert_eq!(reader.board.card_texts().get("public").map(String::as_str), Some("An idea"));
    assert!(reader.board.snapshot().clusters.is_empty());
    Ok(())
}
