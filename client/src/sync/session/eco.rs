//! The eco-map a document holds ([`polyphony_shared::ecomap`]), as a signal: read again
//! after every change once a screen asked for it, and set only when the map changed, so a
//! board without one pays nothing.

use leptos::prelude::*;
use polyphony_shared::ecomap::EcoMap;
use polyphony_shared::ecomap::doc::EcoMapDoc;
use polyphony_shared::ecomap::versions::MapVersion;
use yrs::{Transact, TransactionMut};

use super::Session;

/// One local edit of the map (boxed, so the edit path is compiled once).
pub type MapChange<'a> = Box<dyn FnOnce(&EcoMapDoc, &mut TransactionMut) + 'a>;

impl Session {
    /// The map, followed from now on.
    pub fn eco_map(&self) -> ReadSignal<EcoMap> {
        if let Some(signal) = *self.eco_map.borrow() {
            return signal.read_only();
        }
        let signal = RwSignal::new(self.map_doc().read());
        self.eco_map.replace(Some(signal));
        signal.read_only()
    }

    /// The map's saved versions, oldest first, followed from now on.
    pub fn map_versions(&self) -> ReadSignal<Vec<MapVersion>> {
        if let Some(signal) = *self.eco_versions.borrow() {
            return signal.read_only();
        }
        let signal = RwSignal::new(self.read_versions());
        self.eco_versions.replace(Some(signal));
        signal.read_only()
    }

    /// Reads the map and its versions again, if a screen follows them.
    pub(super) fn refresh_eco_map(&self) {
        if let Some(signal) = *self.eco_map.borrow() {
            let map = self.map_doc().read();
            if signal.with_untracked(|shown| *shown != map) {
                signal.set(map);
            }
        }
        if let Some(signal) = *self.eco_versions.borrow() {
            let versions = self.read_versions();
            if signal.with_untracked(|shown| *shown != versions) {
                signal.set(versions);
            }
        }
    }

    fn read_versions(&self) -> Vec<MapVersion> {
        let map = self.map_doc();
        let doc = self.doc().doc().clone();
        let txn = doc.transact();
        map.versions_in(&txn)
    }

    /// Makes a local edit of the map in one transaction and sends it.
    pub fn edit_map(&self, change: MapChange<'_>) {
        // The roots are taken before the transaction opens (taking one needs the document).
        let map = self.map_doc();
        self.edit(Box::new(move |_, txn| change(&map, txn)));
    }

    fn map_doc(&self) -> EcoMapDoc {
        EcoMapDoc::from_doc(self.doc().doc().clone())
    }
}
