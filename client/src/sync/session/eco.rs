//! The eco-map a document holds ([`polyphony_shared::ecomap`]) and its saved versions, as
//! signals followed once a screen asks for them ([`super::followed`]).

use leptos::prelude::*;
use polyphony_shared::ecomap::EcoMap;
use polyphony_shared::ecomap::doc::EcoMapDoc;
use polyphony_shared::ecomap::versions::MapVersion;
use yrs::TransactionMut;

use super::Session;

/// One local edit of the map (boxed, so the edit path is compiled once).
pub type MapChange<'a> = Box<dyn FnOnce(&EcoMapDoc, &mut TransactionMut) + 'a>;

impl Session {
    /// The map, followed from now on.
    pub fn eco_map(&self) -> ReadSignal<EcoMap> {
        self.followed.eco_map.signal(|| self.map_doc().read())
    }

    /// The map's saved versions, oldest first, followed from now on.
    pub fn map_versions(&self) -> ReadSignal<Vec<MapVersion>> {
        self.followed.eco_versions.signal(|| self.map_doc().versions())
    }

    /// Reads every followed view again (after a change of the document).
    pub(super) fn refresh_followed(&self) {
        let followed = &self.followed;
        let map = self.map_doc();
        followed.eco_map.refresh(|| map.read());
        followed.eco_versions.refresh(|| map.versions());
        followed.actions.refresh(|| self.actions_doc().read());
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
