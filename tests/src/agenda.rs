//! The agenda in tests: a command that adds an activity, and the agenda as a replica of the
//! governed document holds it.

use polyphony_shared::agenda::{Activity, ActivityKind, in_order};
use polyphony_shared::{Command, GovernedDoc, Phase};
use yrs::Transact;

use crate::TestClient;

/// The command that adds an activity of `kind` to `phase`, with the kind's own prompt.
pub fn add(kind: ActivityKind, phase: Phase, title: &str) -> Command {
    Command::AddActivity {
        kind,
        phase,
        title: title.into(),
        prompt: String::new(),
        instructions: "About ten minutes.".into(),
        minutes: 10,
    }
}

/// The agenda in order, as `governed` (a client of the governed document) holds it.
pub fn of(governed: &TestClient) -> Vec<Activity> {
    let doc = GovernedDoc::from_doc(governed.board.doc().clone());
    in_order(doc.activities(&governed.board.doc().transact()).into_values())
}

/// A new board with activities on its agenda, the first of them started.
pub struct AgendaBoard {
    /// The board.
    pub board: crate::http::TestBoard,
    /// A client of its governed document.
    pub governed: TestClient,
    /// The activities' ids, in the order asked for.
    pub activities: Vec<polyphony_shared::ids::ActivityId>,
}

/// Creates a board titled `title` with `activities` (a kind and a title each) in the
/// co-definition phase, and starts the first.
pub async fn board_with(
    addr: std::net::SocketAddr,
    title: &str,
    activities: &[(ActivityKind, &str)],
) -> anyhow::Result<AgendaBoard> {
    let board = crate::http::create_board(addr, title).await?;
    for (kind, title) in activities {
        let added = crate::http::command(addr, board.id, &board.token, &add(*kind, Phase::CoDefinition, title)).await?;
        anyhow::ensure!(added.status == 204, "adding {title}: {added:?}");
    }
    let governed = TestClient::connect(&board.doc_url(addr, polyphony_shared::DocName::Governed)).await?;
    governed.wait_until(|_| of(&governed).len() == activities.len()).await?;
    let agenda = of(&governed);
    let ids = activities
        .iter()
        .map(|(_, title)| agenda.iter().find(|activity| activity.title == *title).map(|activity| activity.id))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| anyhow::anyhow!("every activity is on the agenda"))?;
    if let Some(first) = ids.first() {
        let start = Command::StartActivity { activity: *first };
        let started = crate::http::command(addr, board.id, &board.token, &start).await?;
        anyhow::ensure!(started.status == 204, "starting {title}: {started:?}");
    }
    Ok(AgendaBoard { board, governed, activities: ids })
}
