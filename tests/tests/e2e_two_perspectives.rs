//! The two-perspectives activity in headless Chromium (seed 001): a citizen on a phone and a
//! professional on a tablet write how they see the need; each card stands in its writer's
//! column; what both agree on goes to the third column, for everyone at once. Side by side
//! on a tablet and a laptop, stacked on a phone.

use polyphony_shared::Command;
use polyphony_tests::browser::{screenshot_path, workshop_of_three};
use polyphony_tests::{TestClient, TestServer, http};

/// Whether the columns stand side by side (all at one height) on this screen.
const SIDE_BY_SIDE: &str = "const tops = [...document.querySelectorAll('.perspective-column')].map(c => c.getBoundingClientRect().top); \
                            return tops.length >= 3 && tops.every(top => Math.abs(top - tops[0]) < 2)";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn citizens_and_professionals_see_the_need_side_by_side_and_agree() -> anyhow::Result<()> {
    let server = TestServer::with_web_client().await?;
    let board = http::create_board_from(server.addr, "Getting to the day centre", Some("co-definition")).await?;
    let governed = TestClient::connect(&board.doc_url(server.addr, polyphony_shared::DocName::Governed)).await?;
    let both_sides = polyphony_tests::agenda::of(&governed)
        .into_iter()
        .find(|activity| activity.title == "The need, from both sides")
        .ok_or_else(|| anyhow::anyhow!("the template has no two-perspectives activity"))?;
    let page = format!("http://{}{}", server.addr, board.page_path());
    let (facilitator, pia, sam) = workshop_of_three(&page, &board.facilitator_key).await?;
    let start = Command::StartActivity { activity: both_sides.id };
    assert_eq!(http::command(server.addr, board.id, &board.token, &start).await?.status, 204);

    pia.type_into("new-view", "The bus stops running at four").await?;
    pia.click("new-view-add").await?;
    sam.type_into("new-view", "Our drivers cannot stay after their shift").await?;
    sam.click("new-view-add").await?;
    let in_column = |column: &str, text: &str| {
        format!(
            "return [...document.querySelectorAll('[data-testid={column}] textarea')].some(t => t.value === {text:?})"
        )
    };
    for person in [&facilitator, &pia, &sam] {
        person.wait_script(&in_column("column-citizens", "The bus stops running at four")).await?;
        person.wait_script(&in_column("column-professionals", "Our drivers cannot stay after their shift")).await?;
    }
    // The nurse agrees with Pia's card; Pia adds what both agree on.
    let bus = sam.card_with_text("The bus stops running at four").await?;
    sam.click(&format!("agree-{bus}")).await?;
    pia.type_into("new-agreed", "People need a way home after four").await?;
    pia.click("new-agreed-add").await?;
    for person in [&facilitator, &pia, &sam] {
        person.wait_script(&in_column("column-agreed", "The bus stops running at four")).await?;
        person.wait_script(&in_column("column-agreed", "People need a way home after four")).await?;
    }
    facilitator.wait_script(SIDE_BY_SIDE).await?;
    sam.wait_script(SIDE_BY_SIDE).await?;
    let stacked = pia
        .script(&SIDE_BY_SIDE.replace("return tops.length", "return !(tops.length").replace("< 2)", "< 2))"))
        .await?;
    assert_eq!(stacked.as_bool(), Some(true), "on a phone the columns stack");
    let fits = pia.script("return document.documentElement.scrollWidth <= window.innerWidth").await?;
    assert_eq!(fits.as_bool(), Some(true), "nothing sticks out sideways on the phone");
    facilitator.script("document.querySelector('.two-perspectives').scrollIntoView(); return true").await?;
    facilitator.screenshot(&screenshot_path("two-perspectives-laptop.png")).await?;
    pia.script("document.querySelector('[data-testid=column-agreed]').scrollIntoView(); return true").await?;
    pia.screenshot(&screenshot_path("two-perspectives-phone.png")).await?;
    facilitator.quit().await?;
    pia.quit().await?;
    sam.quit().await
}
