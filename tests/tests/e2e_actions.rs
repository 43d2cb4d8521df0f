//! An action plan in headless Chromium (issue 19): the two ideas with most dots were carried
//! on to the plan. Mila, on her phone, volunteers for the lift rota and writes its first
//! step; Sam, on a tablet, moves the minibus run to "Under way"; Dana, facilitating from a
//! laptop, adds an action of her own. Every screen shows the same plan: a list by status on
//! the phone, a column per status on the wider screens.

use polyphony_shared::agenda::ActivityKind;
use polyphony_shared::{Command, DocName, Perspective};
use polyphony_tests::agenda::{AgendaBoard, board_with};
use polyphony_tests::browser::{Browser, DESKTOP, PHONE, TABLET, screenshot_path};
use polyphony_tests::client::signed_card;
use polyphony_tests::{TestClient, TestServer, http, rounds};

/// The id of the action whose words are `what`, as `screen` shows it.
async fn action_id(screen: &Browser, what: &str) -> anyhow::Result<String> {
    let script = format!(
        "const li = [...document.querySelectorAll('.action')].find(li => li.querySelector('textarea').value === {what:?}); \
         return li ? li.dataset.id : null"
    );
    for _ in 0..100 {
        if let Some(id) = screen.script(&script).await?.as_str() {
            return Ok(id.to_owned());
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    anyhow::bail!("no action {what:?}")
}

/// Which column of `screen` the action `id` is in.
fn in_column(id: &str, column: &str) -> String {
    format!("return !!document.querySelector('[data-testid=column-{column}] [data-id=\"{id}\"]')")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_room_plans_its_chosen_ideas_from_a_phone_a_tablet_and_a_laptop() -> anyhow::Result<()> {
    let server = TestServer::with_web_client().await?;
    let activities = [(ActivityKind::IdeaBoard, "Ideas"), (ActivityKind::ActionPlan, "What we will do")];
    let AgendaBoard { board, activities, .. } = board_with(server.addr, "Getting home", &activities).await?;
    let (ideas, plan) = (activities[0], activities[1]);
    let writer = http::join_as_participant(server.addr, board.id, "Ana", Perspective::Citizen).await?;
    let ideas_doc =
        TestClient::connect(&http::ws_url(server.addr, board.id, DocName::Activity(ideas), &writer.token)).await?;
    ideas_doc.edit(signed_card("rota", "A lift rota among neighbours", "Ana", Perspective::Citizen));
    ideas_doc.edit(signed_card("minibus", "The centre's minibus does a late run", "Ana", Perspective::Citizen));
    ideas_doc.edit(signed_card("taxi", "Ask the taxi firm for a late fare", "Ana", Perspective::Citizen));
    // The server has them (a second reader receives them) before the round counts them.
    let watch = TestClient::connect(&board.doc_url(server.addr, DocName::Activity(ideas))).await?;
    watch.wait_until(|doc| doc.card_texts().len() == 3).await?;
    let round = rounds::open_on_cards(server.addr, &board, ideas, "Which first?").await?;
    let votes = [(writer.token.as_str(), "minibus", 2), (&writer.token, "rota", 1)];
    rounds::cast(server.addr, board.id, round, &votes).await?;
    for step in [
        Command::RevealRound { round },
        Command::CarryForward { round, to: plan, count: 2 },
        Command::StartActivity { activity: plan },
    ] {
        assert_eq!(http::command(server.addr, board.id, &board.token, &step).await?.status, 204, "{step:?}");
    }

    let page = format!("http://{}{}", server.addr, board.page_path());
    let dana = Browser::start(DESKTOP.0, DESKTOP.1).await?;
    dana.join_board(&format!("{page}#facilitator={}", board.facilitator_key), "Dana", "professional").await?;
    let mila = Browser::start(PHONE.0, PHONE.1).await?;
    mila.join_board(&page, "Mila", "citizen").await?;
    let sam = Browser::start(TABLET.0, TABLET.1).await?;
    sam.join_board(&page, "Sam", "professional").await?;
    let rota = action_id(&mila, "A lift rota among neighbours").await?;
    let minibus = action_id(&sam, "The centre's minibus does a late run").await?;
    for screen in [&dana, &mila, &sam] {
        screen.wait_script(&in_column(&rota, "to-plan")).await?;
        screen.wait_for(&format!("action-{rota}"), |text| text.contains("Ideas")).await?;
    }

    // Mila volunteers for the rota and writes its first step.
    mila.click(&format!("volunteer-{rota}")).await?;
    mila.click(&format!("plan-{rota}")).await?;
    mila.type_into(&format!("action-firstStep-{rota}"), "Ask at the residents' meeting\t").await?;
    dana.wait_for(&format!("volunteers-{rota}"), |text| text.contains("Helping: Mila")).await?;
    dana.wait_for(&format!("plan-{rota}"), |text| text.contains("1 of 6")).await?;
    mila.wait_for(&format!("volunteer-{rota}"), |text| text.contains("I'm helping")).await?;

    // Sam moves the minibus run on; Dana adds an action of her own and gives it a date.
    sam.find(&format!("action-status-{minibus}")).await?.select_by_value("doing").await?;
    for screen in [&dana, &mila] {
        screen.wait_script(&in_column(&minibus, "doing")).await?;
    }
    dana.type_into("new-action", "Ask the council for a small budget\n").await?;
    let budget = action_id(&mila, "Ask the council for a small budget").await?;
    let due = dana.find(&format!("action-due-{budget}")).await?;
    dana.centre(&due).await?;
    dana.script(&format!(
        "const input = document.querySelector('[data-testid=action-due-{budget}]'); input.value = '2027-03-31'; \
         input.dispatchEvent(new Event('change', {{ bubbles: true }})); return true"
    ))
    .await?;
    sam.wait_script(&format!(
        "return document.querySelector('[data-testid=action-due-{budget}]').value === '2027-03-31'"
    ))
    .await?;

    // Dana downloads the plan for the team that carries it out.
    dana.click("download-actions").await?;
    dana.wait_script(
        "const a = document.querySelector('[data-testid=download-actions-file]'); \
         return a.download === 'actions.csv' && decodeURIComponent(a.href).includes('Ask at the residents\\' meeting') \
         && decodeURIComponent(a.href).includes('Mila')",
    )
    .await?;

    // The phone's plan fits its width: one list, grouped by status.
    mila.wait_script("return document.documentElement.scrollWidth <= window.innerWidth").await?;
    mila.script(&format!(
        "document.querySelector('[data-testid=action-{rota}] [data-testid=card-author]').scrollIntoView(); window.scrollBy(0, -70); return true"
    ))
    .await?;
    mila.screenshot(&screenshot_path("actions-phone.png")).await?;
    dana.script(
        "document.querySelector('[data-testid=action-plan]').scrollIntoView(); window.scrollBy(0, -70); return true",
    )
    .await?;
    dana.screenshot(&screenshot_path("actions-laptop.png")).await?;
    sam.quit().await?;
    mila.quit().await?;
    dana.quit().await
}
