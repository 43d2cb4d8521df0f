//! Views of the document that a screen asked to follow (an eco-map, its saved versions, an
//! action plan): none is read until a screen asks for it; from then on each is read again
//! after every change and set only when it changed, so a board without one pays nothing.

use std::cell::RefCell;

use leptos::prelude::*;
use polyphony_shared::actions::Action;
use polyphony_shared::ecomap::EcoMap;
use polyphony_shared::ecomap::versions::MapVersion;

/// One followed view: its signal once a screen asked for it.
pub(super) struct Follow<T: 'static>(RefCell<Option<RwSignal<T>>>);

impl<T: Clone + PartialEq + Send + Sync + 'static> Follow<T> {
    /// Not followed yet.
    fn new() -> Self {
        Follow(RefCell::new(None))
    }

    /// The view's signal, read with `read` the first time it is asked for.
    pub(super) fn signal(&self, read: impl FnOnce() -> T) -> ReadSignal<T> {
        if let Some(signal) = *self.0.borrow() {
            return signal.read_only();
        }
        let signal = RwSignal::new(read());
        self.0.replace(Some(signal));
        signal.read_only()
    }

    /// Reads the view again with `read` if a screen follows it; sets it only if it changed.
    pub(super) fn refresh(&self, read: impl FnOnce() -> T) {
        let Some(signal) = *self.0.borrow() else { return };
        let now = read();
        if signal.with_untracked(|shown| *shown != now) {
            signal.set(now);
        }
    }
}

/// Every view a screen may follow.
pub(super) struct Followed {
    /// The eco-map ([`super::eco`]).
    pub(super) eco_map: Follow<EcoMap>,
    /// The eco-map's saved versions.
    pub(super) eco_versions: Follow<Vec<MapVersion>>,
    /// The action plan ([`super::actions`]).
    pub(super) actions: Follow<Vec<Action>>,
}

impl Followed {
    /// Nothing followed yet.
    pub(super) fn new() -> Self {
        Followed { eco_map: Follow::new(), eco_versions: Follow::new(), actions: Follow::new() }
    }
}
