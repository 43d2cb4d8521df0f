//! Dated versions of an eco-map, to see later what changed (Hartman: the map is redrawn
//! with the family after a while). The server saves one on request, at its own clock, into
//! the activity's document beside the live map:
//!
//! ```text
//! ecoVersions  Map  id -> Map { savedMs, label, centre: Map, nodes: Map, ties: Map }
//! ```
//!
//! A version's centre, nodes and ties are nested the way the live map's roots are, so one
//! reader reads both. Clients never write here (the board's rules call it structure), so
//! nobody can back-date or alter a saved version; a version stays as private as the map,
//! since it is in the same document.

use yrs::{Any, In, Map, MapPrelim, MapRef, ReadTxn, Transact, TransactionMut};

use super::EcoMap;
use super::doc::{EcoMapDoc, centre_prelim, node_prelim, read_parts, tie_prelim};
use crate::schema::{entry, number, string};

/// The root holding saved versions.
pub const ECO_VERSIONS: &str = "ecoVersions";
/// Most versions a map keeps.
pub const MAX_VERSIONS: usize = 40;
/// Longest label of a version, in characters.
pub const MAX_LABEL_CHARS: usize = 80;

const SAVED_MS: &str = "savedMs";
const LABEL: &str = "label";
const CENTRE: &str = "centre";
const NODES: &str = "nodes";
const TIES: &str = "ties";

/// A saved version of the map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapVersion {
    /// Stable id.
    pub id: String,
    /// When it was saved, in milliseconds since the Unix epoch (the server's clock).
    pub saved_ms: u64,
    /// What the person who saved it called it ("First visit"); may be empty.
    pub label: String,
    /// The map as it was.
    pub map: EcoMap,
}

/// Why a version cannot be saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
pub enum VersionError {
    /// The map keeps [`MAX_VERSIONS`] already.
    #[error("This map keeps {MAX_VERSIONS} versions already.")]
    TooMany,
    /// The label is longer than [`MAX_LABEL_CHARS`].
    #[error("Name a version in at most {MAX_LABEL_CHARS} characters.")]
    LabelTooLong,
}

impl EcoMapDoc {
    /// The saved versions as they stand, oldest first.
    pub fn versions(&self) -> Vec<MapVersion> {
        self.versions_in(&self.doc().transact())
    }

    /// The saved versions as `txn` sees them, oldest first.
    pub fn versions_in(&self, txn: &impl ReadTxn) -> Vec<MapVersion> {
        let mut versions: Vec<MapVersion> = self
            .versions_root()
            .iter(txn)
            .filter_map(|(id, _)| {
                let version = entry(self.versions_root(), txn, id)?;
                let part = |name: &str| entry(&version, txn, name);
                let map = read_parts(&part(CENTRE)?, &part(NODES)?, &part(TIES)?, txn);
                let saved = number(&version, txn, SAVED_MS);
                Some(MapVersion {
                    id: id.to_owned(),
                    saved_ms: if saved.is_finite() && saved > 0.0 { saved as u64 } else { 0 },
                    label: string(&version, txn, LABEL),
                    map,
                })
            })
            .collect();
        versions.sort_by(|a, b| a.saved_ms.cmp(&b.saved_ms).then_with(|| a.id.cmp(&b.id)));
        versions
    }

    /// Saves the map as it stands as a version dated `saved_ms`, labelled `label` (trimmed
    /// and cut to [`MAX_LABEL_CHARS`]); gives the version's id.
    pub fn save_version(&self, txn: &mut TransactionMut, saved_ms: u64, label: &str) -> Result<String, VersionError> {
        let versions = self.versions_root().clone();
        if versions.len(txn) as usize >= MAX_VERSIONS {
            return Err(VersionError::TooMany);
        }
        let map = self.read_in(txn);
        let mut id = format!("v{saved_ms}");
        let mut tries = 1;
        while versions.contains_key(txn, &id) {
            tries += 1;
            id = format!("v{saved_ms}-{tries}");
        }
        let label: String = label.trim().chars().take(MAX_LABEL_CHARS).collect();
        versions.insert(txn, id.as_str(), version_prelim(&map, saved_ms, &label));
        Ok(id)
    }
}

/// A whole version as one nested value to insert.
fn version_prelim(map: &EcoMap, saved_ms: u64, label: &str) -> MapPrelim {
    let centre = centre_prelim(&map.centre);
    let nodes = MapPrelim::from_iter(map.nodes.iter().map(|node| (node.id.as_str(), In::Map(node_prelim(node)))));
    let ties = MapPrelim::from_iter(map.ties.iter().map(|tie| (tie.id.as_str(), In::Map(tie_prelim(tie)))));
    MapPrelim::from_iter([
        (SAVED_MS, In::Any(Any::from(saved_ms as f64))),
        (LABEL, In::Any(Any::from(label))),
        (CENTRE, In::Map(centre)),
        (NODES, In::Map(nodes)),
        (TIES, In::Map(ties)),
    ])
}

/// The versions root, for [`EcoMapDoc`]'s readers.
pub(super) fn root(doc: &yrs::Doc) -> MapRef {
    doc.get_or_insert_map(ECO_VERSIONS)
}
