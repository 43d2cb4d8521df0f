//! What the views read, kept fresh part by part: a keystroke (local or remote) updates the
//! signal of the one text it changed, and nothing else; only changes to the board's
//! structure (a card added, moved, recoloured …) publish a new snapshot at once. The
//! snapshot's copies of texts catch up shortly after typing pauses.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use leptos::prelude::*;
use polyphony_shared::{BoardDoc, ChangedPart, ObservedRoot, TextField, changed_part};
use yrs::types::Event;
use yrs::types::text::TextEvent;
use yrs::{DeepObservable, Observable};

/// The key the observers are registered under.
const OBSERVER: &str = "polyphony-views";

/// What changed since the views were last brought up to date.
#[derive(Default)]
struct Pending {
    texts: HashSet<TextField>,
    structure: bool,
}

/// Text signals by field, and what changed since the last refresh.
pub struct Views {
    /// The board page's owner: text signals live as long as the page, not as long as the
    /// component that first asked for one (a card moved to another group is a new component).
    owner: Option<Owner>,
    pending: Rc<RefCell<Pending>>,
    texts: RefCell<HashMap<TextField, RwSignal<String>>>,
}

/// What a refresh found.
pub struct Refreshed {
    /// The board's structure changed: publish a new snapshot now.
    pub structure: bool,
    /// Some text changed: the snapshot's copies of texts are behind.
    pub texts: bool,
}

impl Views {
    /// Starts following the board's changes (call it inside the board page's owner).
    pub fn observe(doc: &BoardDoc) -> Views {
        let views = Views { owner: Owner::current(), pending: Rc::default(), texts: RefCell::new(HashMap::new()) };
        views.watch(doc);
        views
    }

    /// Follows the changes of `doc` (the same board in a new replica), keeping the signals.
    pub fn watch(&self, doc: &BoardDoc) {
        let pending = &self.pending;
        let roots = doc.observed_roots();
        let seen = Rc::clone(pending);
        roots.problem_statement.observe(OBSERVER, move |_, event: &TextEvent| {
            note(&seen, changed_part(ObservedRoot::ProblemStatement, &event.path(), true));
        });
        let maps = [
            (ObservedRoot::Cards, roots.cards),
            (ObservedRoot::Questions, roots.questions),
            (ObservedRoot::Clusters, roots.clusters),
        ];
        for (root, map) in maps {
            let seen = Rc::clone(pending);
            map.observe_deep(OBSERVER, move |_, events| {
                for event in events.iter() {
                    note(&seen, changed_part(root, &event.path(), matches!(event, Event::Text(_))));
                }
            });
        }
    }

    /// The live text of a field (created on first use).
    pub fn text(&self, doc: &BoardDoc, field: &TextField) -> ReadSignal<String> {
        let mut texts = self.texts.borrow_mut();
        let signal = texts.entry(field.clone()).or_insert_with(|| {
            let text = doc.text(field);
            match &self.owner {
                Some(owner) => owner.with(|| RwSignal::new(text)),
                None => RwSignal::new(text),
            }
        });
        signal.read_only()
    }

    /// Brings the text signals up to date with `doc`, and says what else is behind.
    pub fn refresh(&self, doc: &BoardDoc) -> Refreshed {
        let pending = std::mem::take(&mut *self.pending.borrow_mut());
        let texts = self.texts.borrow();
        for field in &pending.texts {
            if let Some(signal) = texts.get(field) {
                let text = doc.text(field);
                if signal.with_untracked(|shown| *shown != text) {
                    signal.set(text);
                }
            }
        }
        Refreshed { structure: pending.structure, texts: !pending.texts.is_empty() }
    }
}

fn note(pending: &RefCell<Pending>, part: ChangedPart) {
    let mut pending = pending.borrow_mut();
    match part {
        ChangedPart::Text(field) => {
            pending.texts.insert(field);
        }
        ChangedPart::Structure => pending.structure = true,
    }
}
