//! End-to-end: the web client in headless Chromium, a phone and a desktop on one board.
//!
//! Needs the built client (`dist/`) and Debian's chromium + chromium-driver; the README's
//! test command provides both. Screenshots of both layouts go to `docs/screenshots/`.

use std::time::{Duration, Instant};

use polyphony_tests::browser::{Browser, DESKTOP, PHONE, screenshot_path};
use polyphony_tests::{TestServer, http};

/// A server with the web client, one board, and two people on it: Dana (professional) on a
/// desktop and Pia (citizen) on a phone, both online.
struct Workshop {
    server: TestServer,
    desktop: Browser,
    phone: Browser,
}

impl Workshop {
    async fn start(title: &str) -> anyhow::Result<Workshop> {
        let server = TestServer::with_web_client().await?;
        let board = http::create_board(server.addr, title).await?;
        let url = format!("http://{}{}", server.addr, board.page_path());
        let desktop = Browser::start(DESKTOP.0, DESKTOP.1).await?;
        let phone = Browser::start(PHONE.0, PHONE.1).await?;
        desktop.join_board(&url, "Dana (social worker)", "professional").await?;
        phone.join_board(&url, "Pia", "citizen").await?;
        Ok(Workshop { server, desktop, phone })
    }

    async fn end(self) -> anyhow::Result<()> {
        self.phone.quit().await?;
        self.desktop.quit().await
    }
}

/// The `data-testid` suffix (card id) of the only card whose text is `text`.
async fn card_id_with_text(browser: &Browser, prefix: &str, text: &str) -> anyhow::Result<String> {
    let deadline = Instant::now() + polyphony_tests::WAIT;
    loop {
        for element in browser.find_all(prefix).await? {
            let testid = element.attr("data-testid").await?.unwrap_or_default();
            let id = testid.trim_start_matches(prefix).to_owned();
            if browser.value(&format!("card-text-{id}")).await.ok().as_deref() == Some(text) {
                return Ok(id);
            }
        }
        anyhow::ensure!(Instant::now() < deadline, "no card with text {text:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Phone and desktop edit one board live: text, a card, a cluster, and a drag into it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn phone_and_desktop_edit_one_board_live() -> anyhow::Result<()> {
    let workshop = Workshop::start("Respite care for families").await?;
    let (desktop, phone) = (&workshop.desktop, &workshop.phone);

    // Text typed on the phone appears on the desktop within a second.
    phone.type_into("problem-statement", "Families wait too long for respite care.").await?;
    let typed = Instant::now();
    desktop.wait_for("problem-statement", |text| text == "Families wait too long for respite care.").await?;
    let text_latency = typed.elapsed();
    assert!(text_latency < Duration::from_secs(1), "text took {text_latency:?}");

    // A card created on the phone appears on the desktop canvas.
    phone.type_into("new-card", "Peer mentors who have been carers").await?;
    phone.click("add-card").await?;
    let added = Instant::now();
    let card = card_id_with_text(desktop, "canvas-card-", "Peer mentors who have been carers").await?;
    let card_latency = added.elapsed();
    assert!(card_latency < Duration::from_secs(1), "card took {card_latency:?}");
    let author = desktop.find(&format!("canvas-card-{card}")).await?.text().await?;
    assert!(author.contains("Pia · Citizen"), "card shows author and perspective: {author:?}");

    // The desktop adds a cluster and drags the card into it; the phone lists it there.
    desktop.type_into("new-cluster", "Support from peers").await?;
    desktop.click("add-cluster").await?;
    desktop.wait_script("return document.querySelector('[data-testid^=\"cluster-\"]') !== null").await?;
    let cluster_element = desktop.find_all("cluster-").await?.into_iter().next();
    let cluster_testid = match cluster_element {
        Some(element) => element.attr("data-testid").await?.unwrap_or_default(),
        None => anyhow::bail!("cluster not shown on the desktop"),
    };
    let cluster = cluster_testid.trim_start_matches("cluster-").to_owned();
    phone.find(&format!("list-group-{cluster}")).await?;
    let card_box = desktop.find(&format!("canvas-card-{card}")).await?.rectangle().await?;
    let cluster_box = desktop.find(&cluster_testid).await?.rectangle().await?;
    let (dx, dy) = (cluster_box.0 + 60.0 - card_box.0, cluster_box.1 + 70.0 - card_box.1);
    desktop.drag_by(&format!("drag-card-{card}"), dx, dy).await?;
    // Dropped in the cluster, the card takes its place in the cluster's grid.
    let joined = format!(
        "return document.querySelector('[data-testid=\"canvas-card-{card}\"]').dataset.cluster === '{cluster}'"
    );
    desktop.wait_script(&joined).await?;
    let moved = desktop.find(&format!("canvas-card-{card}")).await?.rectangle().await?;
    let cluster_box = desktop.find(&cluster_testid).await?.rectangle().await?;
    let inside = moved.0 >= cluster_box.0
        && moved.1 >= cluster_box.1
        && moved.0 + moved.2 <= cluster_box.0 + cluster_box.2
        && moved.1 + moved.3 <= cluster_box.1 + cluster_box.3;
    assert!(inside, "the card sits inside its cluster: {moved:?} in {cluster_box:?}");
    // The list re-renders a group when its cards change, so look the group up afresh each time.
    let listed = tokio::time::timeout(polyphony_tests::WAIT, async {
        loop {
            if let Ok(group) = phone.find(&format!("list-group-{cluster}")).await
                && group.html(false).await.unwrap_or_default().contains(&format!("list-card-{card}"))
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    });
    listed.await.map_err(|_| anyhow::anyhow!("the phone never listed the card under its new cluster"))?;

    // Presence: each sees the other.
    phone.wait_script("return document.querySelectorAll('[data-testid=peer]').length === 1").await?;
    desktop.wait_script("return document.querySelectorAll('[data-testid=peer]').length === 1").await?;

    phone.script("window.scrollTo(0, 0); document.activeElement.blur(); return true").await?;
    desktop.script("document.getElementById('ideas-heading').scrollIntoView({block: 'start'}); document.activeElement.blur(); return true").await?;
    phone.screenshot(&screenshot_path("phone.png")).await?;
    desktop.screenshot(&screenshot_path("desktop.png")).await?;
    println!("phone -> desktop: text {text_latency:?}, card {card_latency:?}");
    workshop.end().await
}

/// Edits made on a phone while the server is down survive a reload and reach the desktop.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_edits_survive_reload_and_sync_later() -> anyhow::Result<()> {
    let Workshop { server, desktop, phone } = Workshop::start("Offline").await?;
    // The app shell must be cached before the network goes.
    phone.wait_script("return navigator.serviceWorker.controller !== null").await?;
    let stopped = server.stop_for_a_while().await?;
    phone.wait_for("connection-state", |state| state.starts_with("Reconnecting")).await?;
    for idea in ["Evening drop-in", "Shared calendar", "Volunteer drivers"] {
        phone.type_into("new-card", idea).await?;
        phone.click("add-card").await?;
    }
    phone.wait_for("connection-state", |state| state.contains("3 edits waiting")).await?;

    phone.reload().await?;
    phone.wait_for("connection-state", |state| state.contains("3 edits waiting")).await?;
    assert_eq!(phone.find_all("list-card-").await?.len(), 3, "the reloaded page still holds the three cards");

    let server = stopped.start_again().await?;
    phone.wait_for("connection-state", |state| state == "Online").await?;
    for idea in ["Evening drop-in", "Shared calendar", "Volunteer drivers"] {
        card_id_with_text(&desktop, "canvas-card-", idea).await?;
    }
    Workshop { server, desktop, phone }.end().await
}

/// Two people typing into the same sentence at once: both texts survive, nothing doubles.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_people_typing_into_one_sentence_keep_both_texts() -> anyhow::Result<()> {
    let workshop = Workshop::start("Same sentence").await?;
    let (desktop, phone) = (&workshop.desktop, &workshop.phone);
    phone.type_into("problem-statement", "Families need respite.").await?;
    desktop.wait_for("problem-statement", |text| text == "Families need respite.").await?;

    // The desktop puts its caret after "Families"; the phone types at the end of the sentence.
    let field = desktop.find("problem-statement").await?;
    field.click().await?;
    desktop.script("const t = document.querySelector('[data-testid=problem-statement]'); t.setSelectionRange(8, 8); return true").await?;
    let phone_typing = phone.type_into("problem-statement", " Now.");
    let desktop_typing = field.send_keys(" and their children");
    let (phone_done, desktop_done) = tokio::join!(phone_typing, desktop_typing);
    phone_done?;
    desktop_done?;

    let expected = "Families and their children need respite. Now.";
    desktop.wait_for("problem-statement", |text| text == expected).await?;
    phone.wait_for("problem-statement", |text| text == expected).await?;
    workshop.end().await
}

/// A browser whose token has expired joins again by itself on the next visit, instead of
/// retrying a refused connection forever.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_pass_joins_again() -> anyhow::Result<()> {
    let dist = polyphony_tests::server::web_client_dir()?;
    let server = TestServer::start_with(move |config| {
        config.static_dir = dist;
        config.token_lifetime_secs = 2;
    })
    .await?;
    let board = http::create_board(server.addr, "Expiry").await?;
    let url = format!("http://{}{}", server.addr, board.page_path());
    let phone = Browser::start(PHONE.0, PHONE.1).await?;
    phone.join_board(&url, "Pia", "citizen").await?;
    let pass_of = format!("return localStorage.getItem('polyphony.pass.{}')", board.id);
    let first = phone.script(&pass_of).await?;
    tokio::time::sleep(Duration::from_millis(2_200)).await;
    phone.reload().await?;
    phone.wait_for("connection-state", |state| state == "Online").await?;
    let second = phone.script(&pass_of).await?;
    assert_ne!(first, second, "a new pass replaced the expired one");
    phone.quit().await
}
