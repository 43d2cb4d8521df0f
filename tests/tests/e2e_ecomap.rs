//! An eco-map drawn together in headless Chromium (issue 18): Mila's family on a shared
//! tablet and Dana, their social worker, on a laptop. The family names the centre and adds
//! five people and services from the list; Dana sets what each tie is like from hers; on
//! the tablet a finger draws a tie from one circle to another and moves a circle, and the
//! family undoes the move. Both screens show the same map throughout, and Dana saves it as
//! SVG and as a PNG picture.

use fantoccini::Locator;
use polyphony_shared::Phase;
use polyphony_shared::agenda::ActivityKind;
use polyphony_tests::browser::{Browser, DESKTOP, PHONE, TABLET, screenshot_path};
use polyphony_tests::touch::{self, Lift};
use polyphony_tests::{TestClient, TestServer, http};

/// The id of the tie whose line starts with `start`, as a screen lists it.
async fn tie_starting(screen: &Browser, start: &str) -> anyhow::Result<String> {
    let script = format!(
        "const li = [...document.querySelectorAll('.ecomap-tie')].find(li => \
         li.querySelector('[data-testid=tie-line]').textContent.startsWith({start:?})); return li ? li.dataset.id : null"
    );
    let mut last = serde_json::Value::Null;
    for _ in 0..100 {
        last = screen.script(&script).await?;
        if let Some(id) = last.as_str() {
            return Ok(id.to_owned());
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    anyhow::bail!("no tie starting {start:?} ({last})")
}

/// The control `field` of the tie `tie` on `screen`, in the middle of the screen (clear of
/// the bar at the top), as a person scrolls to it.
async fn tie_field(screen: &Browser, tie: &str, field: &str) -> anyhow::Result<fantoccini::elements::Element> {
    let entry = screen.find(&format!("tie-{tie}")).await?;
    let control = entry.find(Locator::Css(&format!("[data-testid={field}]"))).await?;
    screen.centre(&control).await?;
    Ok(control)
}

/// Chooses `value` in the select `field` of the tie `tie` on `screen`.
async fn set_tie(screen: &Browser, tie: &str, field: &str, value: &str) -> anyhow::Result<()> {
    tie_field(screen, tie, field).await?.select_by_value(value).await?;
    Ok(())
}

/// How many circles and lines a screen's drawing shows.
const DRAWN: &str = "const d = document.querySelector('[data-testid=ecomap-drawing]'); \
                     return [d.querySelectorAll('[data-node]').length, d.querySelectorAll('[data-tie]').length]";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_family_and_their_worker_draw_an_eco_map_together() -> anyhow::Result<()> {
    let server = TestServer::with_web_client().await?;
    let board = http::create_board(server.addr, "Mila's family").await?;
    let add = polyphony_tests::agenda::add(ActivityKind::EcoMap, Phase::CoDefinition, "Who is around you?");
    assert_eq!(http::command(server.addr, board.id, &board.token, &add).await?.status, 204);
    let governed = TestClient::connect(&board.doc_url(server.addr, polyphony_shared::DocName::Governed)).await?;
    governed.wait_until(|_| polyphony_tests::agenda::of(&governed).len() == 1).await?;
    let map = polyphony_tests::agenda::of(&governed)[0].id;
    let start = polyphony_shared::Command::StartActivity { activity: map };
    assert_eq!(http::command(server.addr, board.id, &board.token, &start).await?.status, 204);
    let page = format!("http://{}{}", server.addr, board.page_path());
    let tablet = Browser::start(TABLET.0, TABLET.1).await?;
    tablet.join_board(&page, "Mila", "citizen").await?;
    let laptop = Browser::start(DESKTOP.0, DESKTOP.1).await?;
    laptop.join_board(&page, "Dana (social worker)", "professional").await?;

    // The family names the centre and adds five people and services, each tied to them.
    tablet.type_into("centre-name", "The Jansen family\n").await?;
    let people = [
        ("Grandma", "family"),
        ("School", "school"),
        ("GP", "health"),
        ("Neighbours", "neighbours"),
        ("Football club", "leisure"),
    ];
    for (name, category) in people {
        tablet.type_into("node-name", name).await?;
        tablet.find("node-category").await?.select_by_value(category).await?;
        tablet.click("add-node").await?;
        tablet.wait_for("node-name", str::is_empty).await?;
    }
    for screen in [&tablet, &laptop] {
        screen.wait_script(&format!("return JSON.stringify((() => {{ {DRAWN} }})()) === '[5,5]'")).await?;
    }
    laptop.wait_script("return document.querySelector('[data-testid=ecomap-drawing] svg').textContent.includes('The Jansen family')").await?;

    // Dana says what the ties are like: four kinds of line, and which way help flows.
    let school = tie_starting(&laptop, "School").await?;
    set_tie(&laptop, &school, "tie-strength", "strong").await?;
    set_tie(&laptop, &school, "tie-flow", "both").await?;
    let gp = tie_starting(&laptop, "GP").await?;
    set_tie(&laptop, &gp, "tie-strength", "tenuous").await?;
    let grandma = tie_starting(&laptop, "Grandma").await?;
    tie_field(&laptop, &grandma, "tie-stressful").await?.click().await?;
    tablet
        .wait_for(&format!("tie-{school}"), |text| text.contains("School — strong, resources flow both ways"))
        .await?;
    tablet.wait_for(&format!("tie-{grandma}"), |text| text.contains("Grandma — ordinary and stressful")).await?;
    tablet.wait_script("return !!document.querySelector('[data-testid=ecomap-drawing] [stroke-dasharray]')").await?;

    // A finger draws a tie from Grandma to the school, then moves the GP.
    let circle = |name: &str| format!("[data-testid=ecomap-drawing] [data-node='{name}'] circle");
    let id_of = |name: &'static str| {
        format!(
            "return [...document.querySelectorAll('.ecomap-node')].find(li => li.querySelector('input').value === '{name}').dataset.id"
        )
    };
    let grandma_node = tablet.script(&id_of("Grandma")).await?.as_str().unwrap_or_default().to_owned();
    let school_node = tablet.script(&id_of("School")).await?.as_str().unwrap_or_default().to_owned();
    let gp_node = tablet.script(&id_of("GP")).await?.as_str().unwrap_or_default().to_owned();
    tablet.click("map-tie").await?;
    touch::drag(&tablet, &circle(&grandma_node), Lift::Over(&circle(&school_node))).await?;
    for screen in [&tablet, &laptop] {
        screen.wait_script(&format!("return JSON.stringify((() => {{ {DRAWN} }})()) === '[5,6]'")).await?;
    }
    tie_starting(&laptop, "Grandma and School — ordinary").await?;
    tablet.click("map-move").await?;
    let gp_x = format!("return Number(document.querySelector(\"{}\").getAttribute('cx'))", circle(&gp_node));
    let before = tablet.script(&gp_x).await?.as_f64().unwrap_or_default();
    touch::drag(&tablet, &circle(&gp_node), Lift::By(140.0, 60.0)).await?;
    let moved = format!(
        "return Math.abs(Number(document.querySelector(\"{}\").getAttribute('cx')) - {before}) > 50",
        circle(&gp_node)
    );
    laptop.wait_script(&moved).await?;
    tablet.screenshot(&screenshot_path("ecomap-tablet.png")).await?;

    // The family undoes their move: the GP goes back, on both screens; Dana's ties stay.
    tablet.click("undo").await?;
    let back =
        format!("return Number(document.querySelector(\"{}\").getAttribute('cx')) === {before}", circle(&gp_node));
    laptop.wait_script(&back).await?;
    laptop.wait_for(&format!("tie-{school}"), |text| text.contains("strong")).await?;
    laptop.script("document.querySelector('[data-testid=ecomap]').scrollIntoView(); return true").await?;
    laptop.screenshot(&screenshot_path("ecomap-laptop.png")).await?;

    // Dana saves the map for the family's file: the same drawing as SVG, and as a picture.
    let file = "const a = document.querySelector('[data-testid=map-file]');";
    laptop.click("save-svg").await?;
    laptop
        .wait_script(&format!(
            "{file} return a.href.startsWith('data:image/svg+xml') && decodeURIComponent(a.href).includes('Football club') \
             && a.download === 'eco-map-the-jansen-family.svg'"
        ))
        .await?;
    laptop.click("save-png").await?;
    laptop
        .wait_script(&format!(
            "{file} return a.href.startsWith('data:image/png;base64,') && a.href.length > 20000 \
             && a.download === 'eco-map-the-jansen-family.png'"
        ))
        .await?;

    // On a phone the same map fits the width, the list below it.
    let phone = Browser::start(PHONE.0, PHONE.1).await?;
    phone.join_board(&page, "Tom", "citizen").await?;
    phone.wait_script(&format!("return JSON.stringify((() => {{ {DRAWN} }})()) === '[5,6]'")).await?;
    phone.wait_script("return document.documentElement.scrollWidth <= window.innerWidth").await?;
    phone.script("document.querySelector('[data-testid=ecomap]').scrollIntoView(); return true").await?;
    phone.screenshot(&screenshot_path("ecomap-phone.png")).await?;
    phone.quit().await?;
    tablet.quit().await?;
    laptop.quit().await
}
