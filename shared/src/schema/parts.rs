//! Which part of a board a change touched, so a view re-renders only that part: the text
//! of one field, or the board's structure (cards, clusters and questions added, removed,
//! moved or recoloured). A browser observes the roots of [`BoardDoc::observed_roots`] and
//! classifies each event's path with [`changed_part`].

use yrs::types::{PathSegment, TextRef};
use yrs::{MapRef, types::Path};

use super::{BoardDoc, TextField};

/// The root types a view observes.
pub struct ObservedRoots {
    /// The problem statement (observe it as text).
    pub problem_statement: TextRef,
    /// The cards (observe deep).
    pub cards: MapRef,
    /// The challenge questions (observe deep).
    pub questions: MapRef,
    /// The clusters (observe deep; every change there is structure).
    pub clusters: MapRef,
}

/// What one change touched.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ChangedPart {
    /// The text of one field, and nothing else.
    Text(TextField),
    /// Anything else: what is on the board, where, in what colour or order.
    Structure,
}

/// The root whose observer saw a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObservedRoot {
    /// The problem statement.
    ProblemStatement,
    /// The cards map.
    Cards,
    /// The questions map.
    Questions,
    /// The clusters map.
    Clusters,
}

impl BoardDoc {
    /// The roots whose changes a view follows.
    pub fn observed_roots(&self) -> ObservedRoots {
        ObservedRoots {
            problem_statement: self.problem_statement.clone(),
            cards: self.cards.clone(),
            questions: self.questions.clone(),
            clusters: self.clusters.clone(),
        }
    }
}

/// Classifies one event seen by the observer of `root`: `path` is the event's path from
/// the root, `text_event` whether it is a change inside a text.
pub fn changed_part(root: ObservedRoot, path: &Path, text_event: bool) -> ChangedPart {
    let keys: Vec<&str> = path
        .iter()
        .map(|segment| match segment {
            PathSegment::Key(key) => key.as_ref(),
            PathSegment::Index(_) => "",
        })
        .collect();
    match (root, keys.as_slice(), text_event) {
        (ObservedRoot::ProblemStatement, [], true) => ChangedPart::Text(TextField::ProblemStatement),
        (ObservedRoot::Cards, [card, "text"], true) => ChangedPart::Text(TextField::Card((*card).to_owned())),
        (ObservedRoot::Questions, [question, "text"], true) => {
            ChangedPart::Text(TextField::Question((*question).to_owned()))
        }
        _ => ChangedPart::Structure,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use yrs::{DeepObservable, Observable, Transact};

    use super::*;
    use crate::model::{CardColour, Perspective};
    use crate::schema::NewCard;
    use crate::text_edit::TextEdit;

    /// Every part the observers see while `change` runs.
    fn parts_seen(board: &BoardDoc, change: impl FnOnce(&BoardDoc)) -> Vec<ChangedPart> {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let roots = board.observed_roots();
        let (a, b, c) = (Arc::clone(&seen), Arc::clone(&seen), Arc::clone(&seen));
        roots.problem_statement.observe("test", move |_, event: &yrs::types::text::TextEvent| {
            a.lock().expect("lock").push(changed_part(ObservedRoot::ProblemStatement, &event.path(), true));
        });
        roots.cards.observe_deep("test", move |_, events| {
            for event in events.iter() {
                let text = matches!(event, yrs::types::Event::Text(_));
                b.lock().expect("lock").push(changed_part(ObservedRoot::Cards, &event.path(), text));
            }
        });
        roots.questions.observe_deep("test", move |_, events| {
            for event in events.iter() {
                let text = matches!(event, yrs::types::Event::Text(_));
                c.lock().expect("lock").push(changed_part(ObservedRoot::Questions, &event.path(), text));
            }
        });
        let d = Arc::clone(&seen);
        roots.clusters.observe_deep("test", move |_, events| {
            for event in events.iter() {
                d.lock().expect("lock").push(changed_part(ObservedRoot::Clusters, &event.path(), false));
            }
        });
        change(board);
        roots.clusters.unobserve_deep("test");
        roots.problem_statement.unobserve("test");
        roots.cards.unobserve_deep("test");
        roots.questions.unobserve_deep("test");
        seen.lock().expect("lock").clone()
    }

    #[test]
    fn typing_touches_one_text_and_moving_touches_the_structure() {
        let board = BoardDoc::new();
        let card = NewCard {
            id: "c1",
            text: "Buses",
            colour: CardColour::Blue,
            author_name: "Ana",
            perspective: Perspective::Citizen,
            x: 0.0,
            y: 0.0,
            cluster: None,
        };
        let added = parts_seen(&board, |board| board.add_card(&mut board.doc().transact_mut(), card));
        assert_eq!(added, [ChangedPart::Structure]);
        let typed = parts_seen(&board, |board| {
            let edit = TextEdit { index: 5, delete: 0, insert: "!".into() };
            board.edit_text(&mut board.doc().transact_mut(), &TextField::Card("c1".into()), &edit);
        });
        assert_eq!(typed, [ChangedPart::Text(TextField::Card("c1".into()))]);
        let moved = parts_seen(&board, |board| board.move_card(&mut board.doc().transact_mut(), "c1", 5.0, 5.0, None));
        assert_eq!(moved, [ChangedPart::Structure]);
        let problem = parts_seen(&board, |board| board.insert_problem_text(&mut board.doc().transact_mut(), 0, "x"));
        assert_eq!(problem, [ChangedPart::Text(TextField::ProblemStatement)]);
        let question = parts_seen(&board, |board| {
            let mut txn = board.doc().transact_mut();
            board.add_question(&mut txn, "q1", "How might we");
        });
        assert_eq!(question, [ChangedPart::Structure]);
        let cluster =
            parts_seen(&board, |board| board.add_cluster(&mut board.doc().transact_mut(), "k1", "Time", 0.0, 0.0));
        assert_eq!(cluster, [ChangedPart::Structure], "a new cluster is seen");
    }
}
