//! End-to-end: the idea canvas stays readable as it fills. Two people add thirty cards at
//! once from a laptop and a tablet, cards go into clusters, and ten private cards are
//! revealed: no card covers another, and a cluster's outline holds exactly its cards.

use std::time::Duration;

use polyphony_shared::Command;
use polyphony_tests::browser::Browser;
use polyphony_tests::{TestServer, http};

/// Every card's and cluster's rectangle on a page, with each card's cluster.
const READ_CANVAS: &str = r#"
const rect = (element) => { const r = element.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; };
const cards = [...document.querySelectorAll('[data-testid^="canvas-card-"]')].map(element => ({
  id: element.dataset.testid.slice('canvas-card-'.length), cluster: element.dataset.cluster || '', rect: rect(element) }));
const clusters = [...document.querySelectorAll('[data-testid^="cluster-"]')].map(element => ({
  id: element.dataset.testid.slice('cluster-'.length), rect: rect(element) }));
const canvasTop = document.querySelector('[data-testid=canvas]').getBoundingClientRect().top;
return { cards, clusters, canvasTop };
"#;

#[derive(serde::Deserialize, Debug)]
struct Placed {
    id: String,
    #[serde(default)]
    cluster: String,
    rect: [f64; 4],
}

#[derive(serde::Deserialize, Debug)]
#[serde(rename_all = "camelCase")]
struct Canvas {
    cards: Vec<Placed>,
    clusters: Vec<Placed>,
    /// Where the canvas starts on screen (the page scrolls).
    canvas_top: f64,
}

fn overlap(a: &[f64; 4], b: &[f64; 4]) -> bool {
    // Half a pixel of rounding is not an overlap.
    a[0] + 0.5 < b[0] + b[2] && b[0] + 0.5 < a[0] + a[2] && a[1] + 0.5 < b[1] + b[3] && b[1] + 0.5 < a[1] + a[3]
}

/// What is wrong with a page's canvas, if anything.
fn faults(canvas: &Canvas) -> Vec<String> {
    let mut faults = Vec::new();
    for (index, a) in canvas.cards.iter().enumerate() {
        for b in &canvas.cards[index + 1..] {
            if overlap(&a.rect, &b.rect) {
                faults.push(format!("cards {} and {} overlap", a.id, b.id));
            }
        }
    }
    for cluster in &canvas.clusters {
        for card in &canvas.cards {
            let inside = overlap(&cluster.rect, &card.rect);
            if inside != (card.cluster == cluster.id) {
                faults.push(format!(
                    "card {} (cluster {:?}) vs cluster {}: inside {inside}",
                    card.id, card.cluster, cluster.id
                ));
            }
        }
    }
    faults
}

async fn canvas(page: &Browser) -> anyhow::Result<Canvas> {
    Ok(serde_json::from_value(page.script(READ_CANVAS).await?)?)
}

/// Waits until the page shows `cards` cards and a tidy canvas; returns it.
async fn settled(page: &Browser, cards: usize) -> anyhow::Result<Canvas> {
    let mut last = Vec::new();
    let waited = tokio::time::timeout(polyphony_tests::WAIT * 2, async {
        loop {
            let seen = canvas(page).await?;
            last = faults(&seen);
            if seen.cards.len() == cards && last.is_empty() {
                return anyhow::Ok(seen);
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    })
    .await;
    waited.map_err(|_| anyhow::anyhow!("the canvas never settled with {cards} cards: {last:?}"))?
}

async fn add_cards(page: &Browser, who: &str, count: usize) -> anyhow::Result<()> {
    for index in 0..count {
        page.type_into("new-card", &format!("{who} idea {index}")).await?;
        page.click("add-card").await?;
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thirty_cards_and_ten_revealed_never_overlap() -> anyhow::Result<()> {
    let server = TestServer::with_web_client().await?;
    let board = http::create_board(server.addr, "Full canvas").await?;
    let url = format!("http://{}{}", server.addr, board.page_path());
    let (laptop, tablet) = tokio::try_join!(Browser::start(1440, 900), Browser::start(820, 1180))?;
    laptop.join_board(&url, "Dana", "professional").await?;
    tablet.join_board(&url, "Pia", "citizen").await?;

    // Two clusters first; then thirty cards; four go into the first cluster, one into the second.
    for title in ["Transport", "Time"] {
        laptop.type_into("new-cluster", title).await?;
        laptop.click("add-cluster").await?;
    }
    laptop.wait_script("return document.querySelectorAll('[data-testid^=\"cluster-\"]').length === 2").await?;

    // Two people add fifteen cards each at the same time.
    let (first, second) = tokio::join!(add_cards(&laptop, "Dana", 15), add_cards(&tablet, "Pia", 15));
    first?;
    second?;
    let seen = settled(&laptop, 30).await?;
    let (transport, time) = (seen.clusters[0].id.clone(), seen.clusters[1].id.clone());
    // The cards nearest the top, so that each drag stays on screen.
    let mut loose: Vec<&Placed> = seen.cards.iter().filter(|card| card.cluster.is_empty()).collect();
    loose.sort_by(|a, b| a.rect[1].total_cmp(&b.rect[1]));
    let loose: Vec<String> = loose.into_iter().map(|card| card.id.clone()).collect();
    for (card, cluster) in loose.iter().take(5).zip([&transport, &transport, &transport, &transport, &time]) {
        let target = canvas(&laptop).await?;
        let to = target.clusters.iter().find(|c| &c.id == cluster).map(|c| c.rect).unwrap_or_default();
        let from = target.cards.iter().find(|c| &c.id == card).map(|c| c.rect).unwrap_or_default();
        // Drop the card's centre in the middle of the cluster's first row.
        let (dx, dy) = (to[0] + to[2] / 2.0 - from[0] - from[2] / 2.0, to[1] + 120.0 - from[1] - from[3] / 2.0);
        laptop.drag_by(&format!("drag-card-{card}"), dx, dy).await?;
        let check = format!(
            "return document.querySelector('[data-testid=\"canvas-card-{card}\"]').dataset.cluster === '{cluster}'"
        );
        if let Err(error) = laptop.wait_script(&check).await {
            let after = canvas(&laptop).await?;
            let moved = after.cards.iter().find(|c| &c.id == card).map(|c| c.rect);
            let scroll = laptop.script("return [window.scrollX, window.scrollY]").await?;
            anyhow::bail!(
                "{error}: card {card} from {from:?} by ({dx}, {dy}) to cluster {cluster} at {to:?}; now {moved:?}, scroll {scroll}, clusters now {:?}",
                after.clusters
            );
        }
    }
    let seen = settled(&laptop, 30).await?;
    assert_eq!(seen.cards.iter().filter(|card| card.cluster == transport).count(), 4);

    // Zoomed out with the buttons (a mouse user's pinch), a card moves exactly as far as the
    // pointer: dropped below everything, it lands where it was let go.
    laptop.click("zoom-out").await?;
    laptop.wait_for("zoom-level", |level| level == "80%").await?;
    let zoomed = canvas(&laptop).await?;
    // The lowest loose card, so that the whole drag fits on screen.
    let card =
        zoomed.cards.iter().filter(|card| card.cluster.is_empty()).max_by(|a, b| a.rect[1].total_cmp(&b.rect[1]));
    let (card, from) = card.map(|card| (card.id.clone(), card.rect)).unwrap_or_default();
    assert!((from[2] - 160.0).abs() < 1.0, "a card is drawn at 80%: {from:?}");
    let lowest =
        zoomed.cards.iter().chain(&zoomed.clusters).map(|item| item.rect[1] + item.rect[3]).fold(0.0, f64::max);
    let dy = (lowest + 30.0 - from[1]).round();
    laptop.drag_by(&format!("drag-card-{card}"), 0.0, dy).await?;
    let landed = format!(
        "const r = document.querySelector('[data-testid=\"canvas-card-{card}\"]').getBoundingClientRect(); return r.top"
    );
    let moved_by = tokio::time::timeout(polyphony_tests::WAIT, async {
        loop {
            let top = laptop.script(&landed).await?.as_f64().unwrap_or_default();
            // The page may have scrolled for the drag: compare with the canvas's top.
            let canvas_top = laptop
                .script("return document.querySelector('[data-testid=canvas]').getBoundingClientRect().top")
                .await?;
            let moved = top - canvas_top.as_f64().unwrap_or_default();
            if (moved - (from[1] - zoomed.canvas_top + dy)).abs() < 2.0 {
                return anyhow::Ok(moved);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    });
    moved_by.await.map_err(|_| anyhow::anyhow!("the card did not land where it was dropped at 80%"))??;
    settled(&laptop, 30).await?;
    laptop.click("zoom-in").await?;
    laptop.wait_for("zoom-level", |level| level == "100%").await?;
    laptop.click("zoom-in").await?;
    laptop.wait_for("zoom-level", |level| level == "125%").await?;
    laptop.click("zoom-level").await?;
    laptop.wait_for("zoom-level", |level| level == "100%").await?;

    // Ten private cards, revealed at once.
    http::command(server.addr, board.id, &board.token, &Command::SetPrivateWriting { on: true }).await?;
    tablet.wait_for("private-drafts", |_| true).await?;
    laptop.wait_for("private-drafts", |_| true).await?;
    let (first, second) = tokio::join!(add_cards(&laptop, "Dana private", 5), add_cards(&tablet, "Pia private", 5));
    first?;
    second?;
    tablet.wait_script("return document.querySelectorAll('[data-testid=private-drafts] li').length === 5").await?;
    laptop.wait_script("return document.querySelectorAll('[data-testid=private-drafts] li').length === 5").await?;
    let revealed = http::command(server.addr, board.id, &board.token, &Command::RevealCards).await?;
    anyhow::ensure!(revealed.status < 300, "reveal answered {revealed:?}");
    settled(&laptop, 40).await?;
    settled(&tablet, 40).await?;
    // A second private round lists none of the ideas already revealed.
    http::command(server.addr, board.id, &board.token, &Command::SetPrivateWriting { on: true }).await?;
    tablet.wait_for("private-drafts", |_| true).await?;
    tablet.wait_script("return document.querySelectorAll('[data-testid=private-drafts] li').length === 0").await?;
    http::command(server.addr, board.id, &board.token, &Command::SetPrivateWriting { on: false }).await?;
    tablet.wait_script("return !document.querySelector('[data-testid=private-drafts]')").await?;

    laptop.script("document.activeElement.blur(); document.querySelector('[data-testid=canvas]').scrollIntoView(); return true").await?;
    laptop.screenshot(&polyphony_tests::tests_dir().join("../docs/screenshots/canvas-laptop.png")).await?;
    tablet.script("document.activeElement.blur(); document.querySelector('[data-testid=canvas]').scrollIntoView(); return true").await?;
    tablet.screenshot(&polyphony_tests::tests_dir().join("../docs/screenshots/canvas-tablet.png")).await?;
    laptop.quit().await?;
    tablet.quit().await
}
