//! Dot rounds in tests: open one on an activity's cards, and cast dots through the API.

use std::net::SocketAddr;

use polyphony_shared::ids::ActivityId;
use polyphony_shared::voting::VoteTarget;
use polyphony_shared::{BoardId, Command, RoundId};

use crate::http::{self, TestBoard};

/// Opens a round titled `title` on the cards of `activity` (three dots each, all three on
/// one card allowed) as the board's facilitator, and gives its id.
pub async fn open_on_cards(
    addr: SocketAddr,
    board: &TestBoard,
    activity: ActivityId,
    title: &str,
) -> anyhow::Result<RoundId> {
    let open = Command::OpenRound {
        title: title.into(),
        target: VoteTarget::Cards,
        budget: 3,
        cap: 3,
        activity: Some(activity),
    };
    let opened = http::command(addr, board.id, &board.token, &open).await?;
    anyhow::ensure!(opened.status == 200, "opening the round: {opened:?}");
    Ok(serde_json::from_value(opened.body["round"].clone())?)
}

/// Puts each voter's dots on an item (a token, the item, how many dots), checking each was
/// counted.
pub async fn cast(addr: SocketAddr, board: BoardId, round: RoundId, votes: &[(&str, &str, u32)]) -> anyhow::Result<()> {
    for (token, item, dots) in votes {
        let vote = Command::Vote { round, item: (*item).into(), dots: *dots };
        let answer = http::command(addr, board, token, &vote).await?;
        anyhow::ensure!(answer.status == 200, "{dots} dots on {item}: {answer:?}");
    }
    Ok(())
}
