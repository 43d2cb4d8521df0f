//! Polls in headless Chromium: the facilitator on a laptop sets up a choice poll and starts
//! it, a phone and a tablet answer with big buttons (the phone changes its mind), the counts
//! by perspective follow live on everyone's screen and on the projector; an open question
//! becomes a word cloud; a facilitator on a tablet steps from a ranking to questions to the
//! panel while a phone and a laptop answer, ask and upvote.

use polyphony_shared::Phase;
use polyphony_shared::agenda::ActivityKind;
use polyphony_tests::browser::{Browser, DESKTOP, PHONE, TABLET, screenshot_path, workshop_of_three};
use polyphony_tests::{TestClient, TestServer, http};

/// A board whose agenda holds these poll activities, and a workshop's three screens on it.
async fn poll_workshop(
    server: &TestServer,
    polls: &[(ActivityKind, &str)],
) -> anyhow::Result<(String, (Browser, Browser, Browser))> {
    let board = http::create_board(server.addr, "Getting to the day centre").await?;
    for (kind, title) in polls {
        let add = polyphony_tests::agenda::add(*kind, Phase::CoDefinition, title);
        assert_eq!(http::command(server.addr, board.id, &board.token, &add).await?.status, 204);
    }
    let governed = TestClient::connect(&board.doc_url(server.addr, polyphony_shared::DocName::Governed)).await?;
    governed.wait_until(|_| polyphony_tests::agenda::of(&governed).len() == polls.len()).await?;
    let page = format!("http://{}{}", server.addr, board.page_path());
    let screens = workshop_of_three(&page, &board.facilitator_key).await?;
    Ok((page, screens))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_room_answers_a_choice_poll_and_sees_the_counts_live() -> anyhow::Result<()> {
    let server = TestServer::with_web_client().await?;
    let polls = [(ActivityKind::Choice, "How do you get here?"), (ActivityKind::Scale, "How easy is it to get here?")];
    let (page, (facilitator, pia, sam)) = poll_workshop(&server, &polls).await?;

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
        .wait_for("presenter-results", |text| {
            text.contains("2 people answered") && text.contains("Someone gives me a lift")
        })
        .await?;
    // Drawn as SVG, whose label says what each bar counts.
    projector
        .wait_script(
            "return document.querySelector('[data-testid=svg-bars]').getAttribute('aria-label')\
             .includes('Someone gives me a lift: 2')",
        )
        .await?;
    projector.screenshot(&screenshot_path("poll-presenter.png")).await?;

    // Closed, the buttons no longer take answers.
    facilitator.click("close-poll").await?;
    pia.wait_for("poll-status", |text| text == "The poll is closed.").await?;
    let disabled = pia.script("return document.querySelector('[data-testid=answer-2]').disabled").await?;
    assert_eq!(disabled.as_bool(), Some(true));

    // On to the scale: Pia finds it easy (4 of 5), Sam hard (2); they see it differently.
    facilitator.click("next-poll").await?;
    facilitator.wait_for("poll", |text| text.contains("Scale") && text.contains("Set up the poll")).await?;
    facilitator.type_into("poll-options", "Very hard\nVery easy").await?;
    facilitator.click("poll-live").await?;
    facilitator.click("save-poll").await?;
    pia.wait_for("answer-5", |text| text == "5 · Very easy").await?;
    pia.click("answer-4").await?;
    sam.wait_for("answer-1", |text| text == "1 · Very hard").await?;
    sam.click("answer-2").await?;
    for person in [&facilitator, &pia, &sam] {
        person
            .wait_for("scale-averages", |text| {
                text.contains("citizens 4.0") && text.contains("professionals 2.0") && text.contains("seen differently")
            })
            .await?;
    }
    projector.wait_for("presenter-results", |text| text.contains("see it differently")).await?;
    projector
        .wait_script("return document.querySelector('[data-testid=svg-bars]').getAttribute('aria-label').includes('2: 1; 3: 0; 4: 1')")
        .await?;
    pia.script(
        "document.querySelector('[data-testid=by-perspective]').scrollIntoView({ block: 'center' }); return true",
    )
    .await?;
    pia.screenshot(&screenshot_path("scale-phone.png")).await?;
    projector.screenshot(&screenshot_path("scale-presenter.png")).await?;
    projector.quit().await?;
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
        poll_workshop(&server, &[(ActivityKind::OpenQuestion, "What would help you most?")]).await?;
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
    projector.wait_for("svg-cloud", |text| text.contains("later bus") && text.contains("lift from volunteer")).await?;
    projector.screenshot(&screenshot_path("word-cloud-presenter.png")).await?;
    pia.script("document.querySelector('[data-testid=word-cloud]').scrollIntoView({ block: 'center' }); return true")
        .await?;
    pia.screenshot(&screenshot_path("open-question-phone.png")).await?;
    projector.quit().await?;
    facilitator.quit().await?;
    sam.quit().await?;
    pia.quit().await
}

/// A ranking, then questions to the panel: the facilitator on a tablet sets each up and
/// steps from one to the next; Pia (phone) and Sam (laptop, remote) put the list in order,
/// ask, upvote; the projector follows. Screenshots for the README.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ranking_then_questions_to_the_panel_stepped_through_from_a_tablet() -> anyhow::Result<()> {
    let server = TestServer::with_web_client().await?;
    let board = http::create_board(server.addr, "Getting to the day centre").await?;
    for (kind, title) in
        [(ActivityKind::Ranking, "What matters most?"), (ActivityKind::PanelQuestions, "Ask the transport panel")]
    {
        let add = polyphony_tests::agenda::add(kind, Phase::CoDefinition, title);
        assert_eq!(http::command(server.addr, board.id, &board.token, &add).await?.status, 204);
    }
    let page = format!("http://{}{}", server.addr, board.page_path());
    let facilitator = Browser::start(TABLET.0, TABLET.1).await?;
    let pia = Browser::start(PHONE.0, PHONE.1).await?;
    let sam = Browser::start(DESKTOP.0, DESKTOP.1).await?;
    facilitator.join_board(&format!("{page}#facilitator={}", board.facilitator_key), "Fatima", "professional").await?;
    pia.join_board(&page, "Pia", "citizen").await?;
    sam.join_board(&page, "Sam (nurse)", "professional").await?;

    facilitator
        .script("document.querySelector('.agenda-item [data-testid=start-activity]').click(); return true")
        .await?;
    facilitator.wait_for("poll", |text| text.contains("Set up the poll")).await?;
    facilitator.type_into("poll-options", "Transport\nHousing\nWork").await?;
    facilitator.click("poll-live").await?;
    facilitator.click("save-poll").await?;

    // Pia moves Transport down a place (the focus stays on the button she pressed), sends.
    pia.wait_for("ranking", |text| text.contains("Transport") && text.contains("Work")).await?;
    pia.click("down-0").await?;
    pia.wait_for("ranked-1", |text| text.contains("Transport")).await?;
    let focused = pia.script("return document.activeElement.getAttribute('aria-label')").await?;
    assert_eq!(focused.as_str(), Some("Move Transport down"), "the focus moves with the item");
    pia.click("send-ranking").await?;
    pia.wait_for("poll-status", |text| text.starts_with("Your order is in")).await?;
    // Sam puts Work above Housing.
    sam.wait_for("ranking", |text| text.contains("Housing")).await?;
    sam.click("up-2").await?;
    sam.click("send-ranking").await?;
    sam.wait_for("poll-status", |text| text.starts_with("Your order is in")).await?;
    // Points: Transport 2 + 3, Housing 3 + 1, Work 1 + 2.
    let points = "return [...document.querySelectorAll('[data-testid=result-bars] li')].map(li => \
                  li.querySelector('.bar-label').textContent + '=' + li.querySelector('.bar-total').textContent)\
                  .join(',') === 'Transport=5,Housing=4,Work=3'";
    for person in [&facilitator, &pia, &sam] {
        person.wait_script(points).await?;
    }
    pia.wait_for("by-perspective", |text| text.contains("Citizens") && text.contains("Professionals")).await?;
    pia.screenshot(&screenshot_path("ranking-phone.png")).await?;
    let projector = Browser::start(1920, 1080).await?;
    projector.open(&format!("{page}/present")).await?;
    projector
        .wait_script("return document.querySelector('[data-testid=svg-bars]').getAttribute('aria-label') === 'Transport: 5; Housing: 4; Work: 3'")
        .await?;
    projector.screenshot(&screenshot_path("ranking-presenter.png")).await?;

    // From the tablet, on to the next poll: every screen follows.
    facilitator.wait_for("next-poll", |text| text.contains("Ask the transport panel")).await?;
    facilitator.click("next-poll").await?;
    facilitator.wait_for("poll", |text| text.contains("Questions to the panel")).await?;
    facilitator.click("save-poll").await?;
    pia.type_into("panel-question", "When do the evening buses start?").await?;
    pia.click("ask-panel").await?;
    sam.type_into("panel-question", "Who pays the volunteer drivers?").await?;
    sam.click("ask-panel").await?;
    for person in [&pia, &sam] {
        person
            .wait_for("panel-questions", |text| text.contains("evening buses") && text.contains("volunteer drivers"))
            .await?;
    }
    let own_disabled = "return [...document.querySelectorAll('[data-testid=panel-question-item]')]\
                        .find(li => li.textContent.includes('evening buses')).querySelector('[data-testid=upvote]').disabled";
    assert_eq!(pia.script(own_disabled).await?.as_bool(), Some(true), "no upvote for one's own question");
    sam.script("[...document.querySelectorAll('[data-testid=panel-question-item]')]\
                .find(li => li.textContent.includes('evening buses')).querySelector('[data-testid=upvote]').click(); return true")
        .await?;
    let first_has_one = "return document.querySelector('[data-testid=panel-question-item]').textContent.includes('evening buses') \
                         && document.querySelector('[data-testid=panel-question-item] .count').textContent === '1'";
    for person in [&facilitator, &pia, &sam] {
        person.wait_script(first_has_one).await?;
    }
    projector.wait_for("presenter-questions", |text| text.contains("▲ 1 When do the evening buses start?")).await?;
    projector.screenshot(&screenshot_path("panel-presenter.png")).await?;

    // The facilitator marks it answered and hides the other with a reason.
    facilitator.click("mark-answered").await?;
    pia.wait_for("panel-questions", |text| text.contains("✓ Answered")).await?;
    facilitator.script("document.querySelector('[data-testid=poll-moderation]').open = true; return true").await?;
    facilitator
        .script(
            "const reason = document.querySelector('[data-testid=hide-reason]'); reason.value = ''; \
             reason.dispatchEvent(new Event('input')); return true",
        )
        .await?;
    facilitator.type_into("hide-reason", "Asked at the last session").await?;
    facilitator
        .script(
            "[...document.querySelectorAll('[data-testid=hide-item]')]\
                 .find(b => b.getAttribute('aria-label').includes('volunteer drivers')).click(); return true",
        )
        .await?;
    pia.wait_for("panel-questions", |text| !text.contains("volunteer drivers")).await?;
    facilitator.wait_for("hidden-items", |text| text.contains("A question hidden: Asked at the last session")).await?;
    pia.screenshot(&screenshot_path("panel-phone.png")).await?;
    facilitator.screenshot(&screenshot_path("panel-tablet.png")).await?;
    projector.quit().await?;
    facilitator.quit().await?;
    sam.quit().await?;
    pia.quit().await
}
