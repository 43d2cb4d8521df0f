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
