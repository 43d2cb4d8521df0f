//! An action plan as CSV, for the team that carries it out: one row per action with its
//! plan. On an anonymous board no name goes out: volunteers are counted, not named (the
//! plan's own fields, such as who owns an action, are what people wrote there).

use super::{Action, PlanField};
use crate::csv::row;

/// The plan as CSV, the actions in the plan's order; `anonymous` leaves volunteers' names
/// out, `from` names the activity an action was carried from.
pub fn csv(actions: &[Action], anonymous: bool, from: impl Fn(&Action) -> String) -> String {
    let mut headings = vec!["action", "status", "due"];
    headings.extend(PlanField::ALL.iter().map(|field| field.key()));
    headings.extend(["volunteers", "perspective", "carried from"]);
    let mut csv = row(headings);
    for action in actions {
        let volunteers = if anonymous {
            action.volunteers.len().to_string()
        } else {
            action.volunteers.values().cloned().collect::<Vec<_>>().join("; ")
        };
        let mut cells = vec![action.what.clone(), action.status.label().to_owned(), action.due.clone()];
        cells.extend(PlanField::ALL.iter().map(|field| action.field(*field).to_owned()));
        cells.extend([volunteers, action.perspective.as_str().to_owned(), from(action)]);
        csv.push_str(&row(cells.iter().map(String::as_str)));
    }
    csv
}
