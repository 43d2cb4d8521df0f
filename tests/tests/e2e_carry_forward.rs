//! Carrying results forward in headless Chromium: a facilitator on a laptop marks the agreed
//! question, runs a vote in the idea board a phone and a tablet write in, and carries the
//! winning ideas on; the phone sees them in the next activity with a link back to where they
//! came from, and follows it.

use polyphony_shared::agenda::ActivityKind;
use polyphony_shared::{Command, DocName, Phase};
use polyphony_tests::browser::{Browser, screenshot_path, workshop_of_three};
use polyphony_tests::{TestClient, TestServer, http};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_agreed_question_and_the_winning_ideas_flow_on() -> anyhow::Result<()> {
    let server = TestServer::with_web_client().await?;
    let board = http::create_board(server.addr, "Getting home from the day centre").await?;
    for (kind, phase, title) in [
        (ActivityKind::ChallengeQuestions, Phase::CoDefinition, "Our question"),
        (ActivityKind::IdeaBoard, Phase::CoCreation, "Ideas"),
        (ActivityKind::IdeaBoard, Phase::Implementation, "What we try first"),
    ] {
        let add = polyphony_tests::agenda::add(kind, phase, title);
        assert_eq!(http::command(server.addr, board.id, &board.token, &add).await?.status, 204);
    }
    let governed = TestClient::connect(&board.doc_url(server.addr, DocName::Governed)).await?;
    let agenda = || polyphony_tests::agenda::of(&governed);
    governed.wait_until(|_| agenda().len() == 3).await?;
    let [questions, _, first] = [0, 1, 2].map(|at| agenda()[at].id);
    let start = |activity| Command::StartActivity { activity };
    let page = format!("http://{}{}", server.addr, board.page_path());
    let (facilitator, pia, sam) = workshop_of_three(&page, &board.facilitator_key).await?;

    // Questions from the phone and the tablet; the facilitator marks one as agreed.
    assert_eq!(http::command(server.addr, board.id, &board.token, &start(questions)).await?.status, 204);
    pia.type_into("new-question", "How might we get people home after four?").await?;
    pia.click("add-question").await?;
    sam.type_into("new-question", "How might neighbours share lifts?").await?;
    sam.click("add-question").await?;
    facilitator.wait_script("return document.querySelectorAll('[data-testid=agree]').length === 2").await?;
    facilitator
        .script(
            "const item = [...document.querySelectorAll('.question')].find(q => q.querySelector('textarea').value.includes('share lifts')); \
             item.querySelector('[data-testid=agree]').click(); return true",
        )
        .await?;
    pia.wait_for("agreed", |text| text.contains("Agreed")).await?;
    let buttons = pia.script("return document.querySelectorAll('[data-testid=agree]').length").await?;
    assert_eq!(buttons.as_u64(), Some(0), "only facilitators mark a question agreed");

    // The idea board asks the agreed question, and says where it came from.
    facilitator
        .script("document.querySelectorAll('.agenda-item [data-testid=start-activity]')[0].click(); return true")
        .await?;
    pia.wait_for("live-activity", |text| {
        text.contains("Ideas")
            && text.contains("How might neighbours share lifts?")
            && text.contains("From “Our question”")
    })
    .await?;
    for (person, idea) in
        [(&pia, "A lift rota among neighbours"), (&sam, "The minibus does a late run"), (&pia, "Ask the taxi firm")]
    {
        person.type_into("new-card", idea).await?;
        person.click("add-card").await?;
        person.card_with_text(idea).await?;
    }
    // A round in the live activity: the phone and the tablet give their dots.
    facilitator.wait_for("open-round", |text| text.contains("Open round in “Ideas”")).await?;
    facilitator.click("open-round").await?;
    let rota = pia.card_with_text("A lift rota among neighbours").await?;
    let minibus = pia.card_with_text("The minibus does a late run").await?;
    for (person, card, dots) in [(&pia, &rota, 2), (&pia, &minibus, 1), (&sam, &rota, 1), (&sam, &minibus, 2)] {
        for _ in 0..dots {
            person.click(&format!("vote-{card}")).await?;
        }
    }
    sam.wait_for(&format!("my-dots-{minibus}"), |text| text == "2").await?;
    pia.wait_for(&format!("my-dots-{rota}"), |text| text == "2").await?;
    facilitator.click("reveal-round").await?;
    pia.wait_for(&format!("results-{rota}"), |text| text.contains('3')).await?;
    // The projector shows the ideas with most dots, by perspective, as bars.
    let projector = Browser::start(1920, 1080).await?;
    projector.open(&format!("{page}/present")).await?;
    projector
        .wait_for("presenter-results", |text| {
            text.contains("Which ideas should we take forward?")
                && text.contains("A lift rota among neighbours")
                && text.contains("The minibus does a late run")
        })
        .await?;
    let labels = "return [...document.querySelectorAll('.bar-label')].map(l => l.textContent).sort().join('|')";
    let labels = projector.script(labels).await?;
    assert_eq!(
        labels.as_str(),
        Some("A lift rota among neighbours|The minibus does a late run"),
        "the taxi got no dots"
    );
    projector.screenshot(&screenshot_path("presenter-results.png")).await?;
    projector.quit().await?;

    // Carry the top two to "What we try first".
    facilitator.wait_for("carry-to", |value| value == first.to_string()).await?;
    facilitator.script("const n = document.querySelector('[data-testid=carry-count]'); n.value = '2'; n.dispatchEvent(new Event('input', { bubbles: true })); return true").await?;
    facilitator.wait_for("carry-button", |text| text == "Carry the top 2").await?;
    facilitator.screenshot(&screenshot_path("carry-forward-laptop.png")).await?;
    facilitator.click("carry-button").await?;
    assert_eq!(http::command(server.addr, board.id, &board.token, &start(first)).await?.status, 204);
    pia.wait_for("live-activity", |text| text.contains("What we try first")).await?;
    pia.card_with_text("A lift rota among neighbours").await?;
    pia.card_with_text("The minibus does a late run").await?;
    let taxi = "return ![...document.querySelectorAll('textarea')].some(t => t.value === 'Ask the taxi firm')";
    pia.wait_script(taxi).await?;
    pia.wait_script("return document.querySelectorAll('[data-testid=carried-from]').length === 2").await?;
    pia.script("document.querySelector('[data-testid=carried-from]').scrollIntoView({ block: 'center' }); return true")
        .await?;
    pia.screenshot(&screenshot_path("carried-phone.png")).await?;
    // The link goes back to the finished idea board, read-only.
    pia.click("carried-from").await?;
    pia.wait_for("looking-back", |text| text.contains("Ideas")).await?;
    pia.card_with_text("Ask the taxi firm").await?;
    facilitator.quit().await?;
    pia.quit().await?;
    sam.quit().await
}
