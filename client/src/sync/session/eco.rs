//! The eco-map a document holds ([`polyphony_shared::ecomap`]), as a signal: read again
//! after every change once a screen asked for it, and set only when the map changed, so a
//! board without one pays nothing.

use leptos::prelude::*;
use polyphony_shared::ecomap::EcoMap;
use polyphony_shared::ecomap::doc::EcoMapDoc;
use yrs::TransactionMut;

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

    /// Reads the map again, if a screen follows it.
    pub(super) fn refresh_eco_map(&self) {
        let Some(signal) = *self.eco_map.borrow() else { return };
        let map = self.map_doc().read();
        if signal.with_untracked(|shown| *shown != map) {
            signal.set(map);
        }
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
