//! Reusable edit workloads for tests and measuring tools.

use crate::TestClient;

/// Cards the mixed workload cycles through.
const CARDS: u32 = 500;

/// Sends `count` small updates from one client, alternating a one-letter append to the
/// problem statement with a rewrite of one of 500 cards; then waits until a second
/// connection to `url` holds all of them, and returns that observer.
pub async fn write_mixed_updates(writer: &TestClient, url: &str, count: u32) -> anyhow::Result<TestClient> {
    for edit in 0..count {
        writer.edit(|board, txn| {
            if edit % 2 == 0 {
                board.insert_problem_text(txn, edit / 2, "a");
            } else {
                board.set_card_text(txn, &format!("card-{}", edit % CARDS), &format!("v{edit}"));
            }
        });
    }
    let observer = TestClient::connect(url).await?;
    let letters = count.div_ceil(2) as usize;
    let last_card_edit = (0..count).rev().find(|edit| edit % 2 == 1);
    observer
        .wait_until(|board| {
            let cards = board.card_texts();
            let last_card = last_card_edit.map(|edit| (format!("card-{}", edit % CARDS), format!("v{edit}")));
            board.problem_statement().len() == letters
                && last_card.is_none_or(|(card, text)| cards.get(card.as_str()) == Some(&text))
        })
        .await?;
    Ok(observer)
}
