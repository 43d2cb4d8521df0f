//! Helpers for poll tests over a real server: sending commands, reading a poll from a
//! governed replica, and a board with one poll activity set up.

use polyphony_shared::agenda::ActivityKind;
use polyphony_shared::ids::ActivityId;
use polyphony_shared::polls::Poll;
use polyphony_shared::{Command, DocName, GovernedDoc, Phase};
use yrs::Transact;

use crate::agenda::{add, of as agenda};
use crate::http::{self, TestBoard};
use crate::{TestClient, TestServer};

/// Sends `command` with `token`; the status and the error, if any.
pub async fn send(
    server: &TestServer,
    board: &TestBoard,
    token: &str,
    command: Command,
) -> anyhow::Result<(u16, String)> {
    let answer = http::command(server.addr, board.id, token, &command).await?;
    Ok((answer.status, answer.body["error"].as_str().unwrap_or_default().to_owned()))
}

/// The poll of `activity` as the governed replica has it.
pub fn poll_of(governed: &TestClient, activity: ActivityId) -> Option<Poll> {
    GovernedDoc::from_doc(governed.board.doc().clone()).polls(&governed.board.doc().transact()).remove(&activity)
}

/// A board with a poll activity of `kind` set up as given, and the governed replica.
pub async fn board_with_poll(
    server: &TestServer,
    kind: ActivityKind,
    setup: Command,
) -> anyhow::Result<(TestBoard, ActivityId, TestClient)> {
    let board = http::create_board(server.addr, "Getting to the day centre").await?;
    let added =
        http::command(server.addr, board.id, &board.token, &add(kind, Phase::CoDefinition, "How do you get here?"))
            .await?;
    anyhow::ensure!(added.status == 204, "{added:?}");
    let governed = TestClient::connect(&board.doc_url(server.addr, DocName::Governed)).await?;
    governed.wait_until(|_| agenda(&governed).len() == 1).await?;
    let activity = agenda(&governed)[0].id;
    let setup = match setup {
        Command::SetPoll { options, points, several, live, .. } => {
            Command::SetPoll { activity, options, points, several, live }
        }
        other => other,
    };
    let (status, error) = send(server, &board, &board.token, setup).await?;
    anyhow::ensure!(status == 204, "set up: {status} {error}");
    Ok((board, activity, governed))
}

/// Sets up a choice poll with `options` (its activity is filled in by [`board_with_poll`]).
pub fn choice(options: &[&str], live: bool) -> Command {
    let activity = ActivityId::random_from(&mut (0u8..));
    Command::SetPoll {
        activity,
        options: options.iter().map(|o| (*o).to_owned()).collect(),
        points: 0,
        several: false,
        live,
    }
}
