//! A choice poll in headless Chromium: the facilitator on a laptop sets it up and starts it,
//! a phone and a tablet answer with big buttons (the phone changes its mind), the counts by
//! perspective follow live on everyone's screen and on the projector.

use polyphony_shared::Phase;
use polyphony_shared::agenda::ActivityKind;
use polyphony_tests::browser::{Browser, screenshot_path, workshop_of_three};
use polyphony_tests::{TestClient, TestServer, http};

/// A board whose agenda holds one poll activity, and a workshop's three screens on it.
async fn poll_workshop(
    server: &TestServer,
    kind: ActivityKind,
    title: &str,
) -> anyhow::Result<(String, (Browser, Browser, Browser))> {
    let board = http::create_board(server.addr, "Getting to the day centre").await?;
    let add = polyphony_tests::agenda::add(kind, Phase::CoDefinition, title);
    assert_eq!(http::command(server.addr, board.id, &board.token, &add).await?.status, 204);
    let governed = TestClient::connect(&board.doc_url(server.addr, polyphony_shared::DocName::Governed)).await?;
    governed.wait_until(|_| polyphony_tests::agenda::of(&governed).len() == 1).await?;
    let page = format!("http://{}{}", server.addr, board.page_path());
    let screens = workshop_of_three(&page, &board.facilitator_key).await?;
    Ok((page, screens))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_room_answers_a_choice_poll_and_sees_the_counts_live() -> anyhow::Result<()> {
    let server = TestServer::with_web_client().await?;
    let (page, (facilitator, pia, sam)) = poll_workshop(&server, ActivityKind::Choice, "How do you get here?").await?;

    // The facilitator starts the poll, then sets it up on its screen.
    facilitator
        .script("document.querySelector('.agenda-item [data-testid=start-activity]').click(); return true")
        .await?;
    facilitator.wait_for("poll", |text| text.contains("Set up the poll")).await?;
    pia.wait_for("poll", |text| text.contains("The facilitator is preparing this poll")).await?;
    facilitator.type_into("poll-options", "By bus\nSomeone gives me a lift\nOn foot").await?;
    facilitator.click("poll-live").await?;
    facilitator.click("save-poll").await?;

    // Pia taps "By bus", then changes to a lift; Sam takes a lift too.
    pia.wait_for("answer-0", |text| text == "By bus").await?;
    pia.click("answer-0").await?;
    pia.wait_for("poll-status", |text| text.starts_with("Your answer is in")).await?;
    pia.click("answer-1").await?;
    sam.wait_for("answer-1", |text| text == "Someone gives me a lift").await?;
    sam.click("answer-1").await?;
    let lift_two = "return [...document.querySelectorAll('[data-testid=result-bars] li')].some(li => \
                    li.textContent.includes('Someone gives me a lift') && li.querySelector('.bar-total').textContent === '2')";
    for person in [&facilitator, &pia, &sam] {
        person.wait_script(lift_two).await?;
    }
    let chosen =
        pia.script("return document.querySelector('[data-testid=answer-1]').getAttribute('aria-pressed')").await?;
    assert_eq!(chosen.as_str(), Some("true"), "Pia's own answer is marked on her phone");
    pia.screenshot(&screenshot_path("poll-phone.png")).await?;
    facilitator.script("document.querySelector('[data-testid=poll]').scrollIntoView(); return true").await?;
    facilitator.screenshot(&screenshot_path("poll-laptop.png")).await?;

    let projector = Browser::start(1920, 1080).await?;
    projector.open(&format!("{page}/present")).await?;
    projector
        .wait_for("presenter-results", |text| text.contains("2 answered") && text.contains("Someone gives me a lift"))
        .await?;
    projector.wait_script(lift_two).await?;
    projector.screenshot(&screenshot_path("poll-presenter.png")).await?;
    projector.quit().await?;

    // Closed, the buttons no longer take answers.
    facilitator.click("close-poll").await?;
    pia.wait_for("poll-status", |text| text == "The poll is closed.").await?;
    let disabled = pia.script("return document.querySelector('[data-testid=answer-2]').disabled").await?;
    assert_eq!(disabled.as_bool(), Some(true));
    facilitator.quit().await?;
    sam.quit().await?;
    pia.quit().await
}

/// An open question on a phone and a tablet, its word cloud on the projector (the README's
/// screenshot).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_open_question_becomes_a_word_cloud_on_the_projector() -> anyhow::Result<()> {
    let server = TestServer::with_web_client().await?;
    let (page, (facilitator, pia, sam)) =
        poll_workshop(&server, ActivityKind::OpenQuestion, "What would help you most?").await?;
    facilitator
        .script("document.querySelector('.agenda-item [data-testid=start-activity]').click(); return true")
        .await?;
    facilitator.wait_for("poll", |text| text.contains("Set up the poll")).await?;
    facilitator.click("poll-several").await?;
    facilitator.click("poll-live").await?;
    facilitator.click("save-poll").await?;
    for (person, answers) in [
        (&pia, &["Evening buses", "A neighbour to call", "Lifts"][..]),
        (&sam, &["Later buses", "Lifts from volunteers"]),
    ] {
        for answer in answers {
            person.type_into("open-answer", answer).await?;
            person.click("send-open-answer").await?;
            person.wait_for("my-open-answers", |text| text.contains(answer)).await?;
        }
    }
    pia.wait_for("word-cloud", |text| text.contains("evening bus") && text.contains("lift")).await?;
    let projector = Browser::start(1920, 1080).await?;
    projector.open(&format!("{page}/present")).await?;
    projector.wait_for("word-cloud", |text| text.contains("later bus") && text.contains("lift from volunteer")).await?;
    projector.screenshot(&screenshot_path("word-cloud-presenter.png")).await?;
    pia.script("document.querySelector('[data-testid=word-cloud]').scrollIntoView({ block: 'center' }); return true")
        .await?;
    pia.screenshot(&screenshot_path("open-question-phone.png")).await?;
    projector.quit().await?;
    facilitator.quit().await?;
    sam.quit().await?;
    pia.quit().await
}
