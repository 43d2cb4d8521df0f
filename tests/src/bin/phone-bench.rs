//! Prints what a slow phone feels on a big board: keystroke-to-paint latency in the problem
//! statement and in a card, with the phone's CPU slowed 4× (Chrome DevTools Protocol
//! `Emulation.setCPUThrottlingRate`), how soon a card added on a laptop shows on it, and how
//! long the phone's page is. Not a test: the figures go to `docs/benchmarks.md`.
//!
//! Needs the built client (`dist/`) and chromium + chromium-driver (the README's test
//! command installs both). Run with
//! `cargo run --release -p polyphony-tests --bin phone-bench -- --cards 300`.

use std::time::Duration;

use clap::Parser;
use polyphony_shared::layout::{self, Layout};
use polyphony_shared::{CardColour, NewCard, Perspective};
use polyphony_tests::browser::Browser;
use polyphony_tests::{TestClient, TestServer, http};

#[derive(Parser)]
struct Options {
    /// Cards on the board.
    #[arg(long, default_value_t = 300)]
    cards: usize,
    /// Keys typed per field.
    #[arg(long, default_value_t = 40)]
    keys: usize,
    /// CPU slowdown of the phone.
    #[arg(long, default_value_t = 4.0)]
    slowdown: f64,
}

/// Records, for each key pressed, the time from the key event to the next frame painted.
const PROBE: &str = r#"
window.__latencies = [];
document.addEventListener('keydown', (event) => {
  const start = event.timeStamp;
  requestAnimationFrame(() => setTimeout(() => window.__latencies.push(performance.now() - start), 0));
}, true);
return true;
"#;

/// Records when cards whose text starts with "Remote" appear: checked on every frame (a
/// frame is when the person could first see it), for any client's markup.
const WATCH_CARDS: &str = r#"
window.__appeared = {};
const check = () => {
  for (const box of document.querySelectorAll('[data-testid^="card-text-"]')) {
    if (box.value.startsWith('Remote') && !(box.value in window.__appeared)) window.__appeared[box.value] = Date.now();
  }
  requestAnimationFrame(check);
};
requestAnimationFrame(check);
return true;
"#;

fn percentile(values: &mut [f64], fraction: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    let index = ((values.len() as f64 - 1.0) * fraction).round() as usize;
    values.get(index).copied().unwrap_or(f64::NAN)
}

async fn type_and_measure(phone: &Browser, testid: &str, keys: usize) -> anyhow::Result<(f64, f64, f64)> {
    phone.script("window.__latencies = []; return true").await?;
    phone.put_caret(testid, u32::MAX).await?;
    let text: String = "slow phone typing ".chars().cycle().take(keys).collect();
    phone.press_keys(&text, || Duration::from_millis(150)).await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let values = phone.script("return window.__latencies").await?;
    let mut values: Vec<f64> = serde_json::from_value(values)?;
    Ok((percentile(&mut values, 0.5), percentile(&mut values, 0.95), values.iter().copied().fold(0.0, f64::max)))
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let options = Options::parse();
    let server = TestServer::with_web_client().await?;
    let board = http::create_board(server.addr, "Big board").await?;
    let seeder = TestClient::connect(&server.ws_url(&board)).await?;
    let spots = layout::free_spots(&Layout::default(), layout::CARD, 1200.0, options.cards);
    for (chunk, spots) in spots.chunks(50).enumerate() {
        seeder.edit(|doc, txn| {
            for (index, (x, y)) in spots.iter().enumerate() {
                let id = format!("seed{}", chunk * 50 + index);
                let text = format!("Idea {} about transport, time and trust in the neighbourhood", chunk * 50 + index);
                let card = NewCard {
                    id: &id,
                    text: &text,
                    colour: CardColour::ALL[index % CardColour::ALL.len()],
                    author_name: "Facilitator",
                    perspective: Perspective::Citizen,
                    x: *x,
                    y: *y,
                    cluster: None,
                };
                doc.add_card(txn, card);
            }
        });
    }
    seeder.edit(|doc, txn| doc.insert_problem_text(txn, 0, "Older people in Eastside are lonely. "));
    let cards = options.cards;
    seeder.wait_until(|doc| doc.card_texts().len() == cards).await?;

    let url = format!("http://{}{}", server.addr, board.page_path());
    let phone = Browser::start(390, 844).await?;
    let laptop = Browser::start(1440, 900).await?;
    phone.join_board(&url, "Pia", "citizen").await?;
    laptop.join_board(&url, "Dana", "professional").await?;
    // All cards rendered (a client without paging), or a group that counts them all.
    let loaded = format!(
        "return document.querySelectorAll('[data-testid^=\"list-card-\"]').length === {cards} \
         || (document.querySelector('[data-testid=list-group-none]')?.textContent ?? '').includes('({cards})')"
    );
    phone.wait_script(&loaded).await?;
    phone.cdp("Emulation.setCPUThrottlingRate", serde_json::json!({ "rate": options.slowdown })).await?;
    phone.script(PROBE).await?;

    let problem = type_and_measure(&phone, "problem-statement", options.keys).await?;
    let card = type_and_measure(&phone, "card-text-seed0", options.keys).await?;

    println!("phone 390×844 at {}× CPU slowdown, {cards} cards:", options.slowdown);
    println!(
        "  keystroke to paint, problem statement: p50 {:.0} ms, p95 {:.0} ms, max {:.0} ms",
        problem.0, problem.1, problem.2
    );
    println!(
        "  keystroke to paint, a card:            p50 {:.0} ms, p95 {:.0} ms, max {:.0} ms",
        card.0, card.1, card.2
    );
    phone.script(WATCH_CARDS).await?;
    let mut delays = Vec::new();
    for index in 0..5 {
        let text = format!("Remote {index}");
        laptop.type_into("new-card", &text).await?;
        let sent = laptop
            .script("const at = Date.now(); document.querySelector('[data-testid=add-card]').click(); return at")
            .await?;
        // A slow client may take long: wait up to a minute rather than the tests' limit.
        let check = format!("return window.__appeared['{text}'] !== undefined");
        let waited = tokio::time::timeout(Duration::from_secs(60), async {
            while phone.script(&check).await.ok() != Some(serde_json::Value::Bool(true)) {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        });
        waited.await.map_err(|_| anyhow::anyhow!("{text:?} never showed on the phone"))?;
        let shown = phone.script(&format!("return window.__appeared['{text}']")).await?;
        delays.push(shown.as_f64().unwrap_or(f64::NAN) - sent.as_f64().unwrap_or(f64::NAN));
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    let height = phone.script("return document.documentElement.scrollHeight").await?;
    let rendered = phone.script("return document.querySelectorAll('[data-testid^=\"list-card-\"]').length").await?;

    println!(
        "  card added on the laptop, shown on the phone: median {:.0} ms, max {:.0} ms",
        percentile(&mut delays.clone(), 0.5),
        delays.iter().copied().fold(0.0, f64::max)
    );
    println!("  phone page height: {height} px, {rendered} of {} cards rendered in the list", cards + 5);
    phone.quit().await?;
    laptop.quit().await
}
