//! A whole workshop held through a real server, for the tests of what leaves the board
//! (the report, exports, backups): the need written, a question agreed on, two ideas dotted,
//! a family's map drawn, an action planned with a volunteer, an evaluation answered and
//! revealed. Each activity is started before people write in it, and a second reader sees
//! each edit (the server has it) before the room moves on.

use polyphony_shared::access::JoinAnswer;
use polyphony_shared::actions::doc::ActionsDoc;
use polyphony_shared::agenda::ActivityKind;
use polyphony_shared::ecomap::doc::EcoMapDoc;
use polyphony_shared::ecomap::{CENTRE, Category, Node, Tie};
use polyphony_shared::ids::ActivityId;
use polyphony_shared::schema::TextField;
use polyphony_shared::text_edit::TextEdit;
use polyphony_shared::{Command, DocName, Perspective};

use crate::agenda::{AgendaBoard, board_with};
use crate::client::signed_card;
use crate::http::{self, TestBoard};
use crate::{TestClient, rounds};

/// The workshop's agenda, in order.
pub const AGENDA: &[(ActivityKind, &str)] = &[
    (ActivityKind::SharedText, "The need"),
    (ActivityKind::ChallengeQuestions, "Our question"),
    (ActivityKind::IdeaBoard, "Ideas"),
    (ActivityKind::EcoMap, "A family's network"),
    (ActivityKind::ActionPlan, "What we will do"),
    (ActivityKind::Evaluation, "How was it?"),
];

/// The names people joined under, which no export of an anonymous board may hold.
pub const NAMES: [&str; 4] = ["Mila", "Horvat", "Omar", "Haddad"];

/// A workshop held to its end.
pub struct Workshop {
    /// The board.
    pub board: TestBoard,
    /// Its activities, in the order of [`AGENDA`].
    pub activities: Vec<ActivityId>,
    /// Mila Horvat, a citizen.
    pub mila: JoinAnswer,
    /// Omar Haddad, a professional.
    pub omar: JoinAnswer,
}

async fn command(addr: std::net::SocketAddr, board: &TestBoard, command: Command) -> anyhow::Result<()> {
    let answer = http::command(addr, board.id, &board.token, &command).await?;
    anyhow::ensure!(answer.status == 204, "{command:?}: {answer:?}");
    Ok(())
}

/// Holds the workshop on a new board titled `title` at `addr`.
pub async fn hold(addr: std::net::SocketAddr, title: &str) -> anyhow::Result<Workshop> {
    let AgendaBoard { board, activities, .. } = board_with(addr, title, AGENDA).await?;
    let [need, question, ideas, map, plan, evaluation] = activities[..] else { anyhow::bail!("six activities") };
    let mila = http::join_as_participant(addr, board.id, "Mila Horvat", Perspective::Citizen).await?;
    let omar = http::join_as_participant(addr, board.id, "Omar Haddad", Perspective::Professional).await?;
    let doc = |activity, token: &str| http::ws_url(addr, board.id, DocName::Activity(activity), token);
    let start = |activity| command(addr, &board, Command::StartActivity { activity });
    let reader = |activity| {
        let url = board.doc_url(addr, DocName::Activity(activity));
        async move { TestClient::connect(&url).await }
    };
    start(need).await?;
    let text = TestClient::connect(&doc(need, &mila.token)).await?;
    let edit = TextEdit { index: 0, delete: 0, insert: "Evening sessions end after the last bus.".into() };
    text.edit(move |board, txn| {
        board.edit_text(txn, &TextField::ProblemStatement, &edit);
    });
    reader(need).await?.wait_until(|doc| !doc.problem_statement().is_empty()).await?;

    start(question).await?;
    let questions = TestClient::connect(&doc(question, &mila.token)).await?;
    questions.edit(|board, txn| board.add_question(txn, "q-home", "How might we get everyone home safely?"));
    reader(question).await?.wait_until(|doc| doc.snapshot().questions.len() == 1).await?;
    let agree = Command::AgreeQuestion { activity: question, question: Some("q-home".into()) };
    command(addr, &board, agree).await?;

    start(ideas).await?;
    let cards = TestClient::connect(&doc(ideas, &mila.token)).await?;
    cards.edit(signed_card("rota", "A lift rota among neighbours", "Mila Horvat", Perspective::Citizen));
    cards.edit(signed_card("minibus", "The centre's minibus does a late run", "Mila Horvat", Perspective::Citizen));
    reader(ideas).await?.wait_until(|doc| doc.card_texts().len() == 2).await?;
    let round = rounds::open_on_cards(addr, &board, ideas, "Which first?").await?;
    rounds::cast(addr, board.id, round, &[(mila.token.as_str(), "minibus", 2), (&omar.token, "minibus", 1)]).await?;
    command(addr, &board, Command::RevealRound { round }).await?;

    start(map).await?;
    let drawing = TestClient::connect(&doc(map, &mila.token)).await?;
    let family = EcoMapDoc::from_doc(drawing.board.doc().clone());
    drawing.edit(move |_, txn| {
        let node =
            Node { id: "gran".into(), name: "Granny Vesna".into(), category: Category::Family, ..Node::default() };
        family.add_tie(txn, &Tie { id: "tie-gran".into(), a: CENTRE.into(), b: node.id.clone(), ..Tie::default() });
        family.add_node(txn, &node);
    });
    let map_reader = reader(map).await?;
    map_reader.wait_until(|doc| EcoMapDoc::from_doc(doc.doc().clone()).read().nodes.len() == 1).await?;

    start(plan).await?;
    let planning = TestClient::connect(&doc(plan, &omar.token)).await?;
    let actions = ActionsDoc::from_doc(planning.board.doc().clone());
    let omar_id = omar.participant.id;
    planning.edit(move |_, txn| {
        actions.add(
            txn,
            polyphony_shared::schema::NewCard {
                id: "ask",
                text: "Ask the bus company for a later bus",
                colour: polyphony_shared::CardColour::default(),
                author_name: "Omar Haddad",
                perspective: Perspective::Professional,
                x: 0.0,
                y: 0.0,
                cluster: None,
            },
        );
        actions.volunteer(txn, "ask", omar_id, "Omar Haddad", true);
    });
    let plan_reader = reader(plan).await?;
    plan_reader
        .wait_until(|doc| {
            ActionsDoc::from_doc(doc.doc().clone()).read().first().is_some_and(|a| !a.volunteers.is_empty())
        })
        .await?;
    anyhow::ensure!(planning.seen().denials.is_empty(), "{:?}", planning.seen().denials);

    start(evaluation).await?;
    let answer = Command::AnswerPoll { activity: evaluation, answer: vec![2, 5, 4, 5] };
    anyhow::ensure!(http::command(addr, board.id, &mila.token, &answer).await?.status == 204, "Mila answers");
    command(addr, &board, Command::RevealPoll { activity: evaluation }).await?;
    Ok(Workshop { board, activities, mila, omar })
}
