//! Where an eco-map sits in its activity's document, beside the board schema's roots:
//!
//! ```text
//! ecoCentre  Map   name, members
//! ecoNodes   Map   id -> Map { name, category, note, x, y }
//! ecoTies    Map   id -> Map { a, b, strength, stressful, flow, note }
//! ```
//!
//! Every field is a plain value, last writer wins: two people dragging one node, or
//! setting one tie's kind, end with one of their choices on every screen. Removing a node
//! removes its ties in the same step; a tie whose end someone removed at the same time as
//! it was drawn is left out when the map is read.

use yrs::{Any, Doc, Map, MapPrelim, MapRef, ReadTxn, Transact, TransactionMut};

use super::{CENTRE, Category, Centre, EcoMap, Flow, Node, Strength, Tie};
use crate::names::Named;
use crate::schema::{entry, number, string};

/// The root holding the centre.
pub const ECO_CENTRE: &str = "ecoCentre";
/// The root holding the nodes.
pub const ECO_NODES: &str = "ecoNodes";
/// The root holding the ties.
pub const ECO_TIES: &str = "ecoTies";

const NAME: &str = "name";
const MEMBERS: &str = "members";
const CATEGORY: &str = "category";
const NOTE: &str = "note";
const X: &str = "x";
const Y: &str = "y";
const A: &str = "a";
const B: &str = "b";
const STRENGTH: &str = "strength";
const STRESSFUL: &str = "stressful";
const FLOW: &str = "flow";

/// The eco-map roots of a document.
#[derive(Clone)]
pub struct EcoMapDoc {
    doc: Doc,
    centre: MapRef,
    nodes: MapRef,
    ties: MapRef,
    versions: MapRef,
}

/// A change to one field of a node.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeField {
    /// Its name.
    Name(String),
    /// Its category.
    Category(Category),
    /// Its note.
    Note(String),
    /// Its place.
    At(f64, f64),
}

/// A change to one field of a tie.
#[derive(Debug, Clone, PartialEq)]
pub enum TieField {
    /// Strong, ordinary or tenuous.
    Strength(Strength),
    /// Stressful or not.
    Stressful(bool),
    /// Which way resources flow.
    Flow(Flow),
    /// Its note.
    Note(String),
}

impl EcoMapDoc {
    /// The eco-map roots of `doc`.
    pub fn from_doc(doc: Doc) -> EcoMapDoc {
        let centre = doc.get_or_insert_map(ECO_CENTRE);
        let nodes = doc.get_or_insert_map(ECO_NODES);
        let ties = doc.get_or_insert_map(ECO_TIES);
        let versions = super::versions::root(&doc);
        EcoMapDoc { doc, centre, nodes, ties, versions }
    }

    /// The document.
    pub(super) fn doc(&self) -> &Doc {
        &self.doc
    }

    /// The saved versions' root ([`super::versions`]).
    pub(super) fn versions_root(&self) -> &MapRef {
        &self.versions
    }

    /// The roots a person's undo steps cover.
    pub fn roots(&self) -> [&MapRef; 3] {
        [&self.centre, &self.nodes, &self.ties]
    }

    /// The map as it stands.
    pub fn read(&self) -> EcoMap {
        self.read_in(&self.doc.transact())
    }

    /// The map as `txn` sees it.
    pub fn read_in(&self, txn: &impl ReadTxn) -> EcoMap {
        read_parts(&self.centre, &self.nodes, &self.ties, txn)
    }

    /// Names the centre and who belongs to it.
    pub fn set_centre(&self, txn: &mut TransactionMut, centre: &Centre) {
        self.centre.insert(txn, NAME, Any::from(centre.name.as_str()));
        self.centre.insert(txn, MEMBERS, Any::from(centre.members.as_str()));
    }

    /// Adds a node.
    pub fn add_node(&self, txn: &mut TransactionMut, node: &Node) {
        self.nodes.insert(txn, node.id.as_str(), node_prelim(node));
    }

    /// Changes one field of a node (none if it is gone).
    pub fn set_node(&self, txn: &mut TransactionMut, id: &str, field: NodeField) {
        let Some(map) = entry(&self.nodes, txn, id) else { return };
        match field {
            NodeField::Name(name) => map.insert(txn, NAME, Any::from(name)),
            NodeField::Category(category) => map.insert(txn, CATEGORY, Any::from(category.as_str())),
            NodeField::Note(note) => map.insert(txn, NOTE, Any::from(note)),
            NodeField::At(x, y) => {
                map.insert(txn, X, Any::from(x));
                map.insert(txn, Y, Any::from(y))
            }
        };
    }

    /// Removes a node and every tie to it.
    pub fn remove_node(&self, txn: &mut TransactionMut, id: &str) {
        let ties: Vec<String> = self
            .ties
            .iter(txn)
            .filter_map(|(tie, _)| {
                let map = entry(&self.ties, txn, tie)?;
                (string(&map, txn, A) == id || string(&map, txn, B) == id).then(|| tie.to_owned())
            })
            .collect();
        for tie in ties {
            self.ties.remove(txn, &tie);
        }
        self.nodes.remove(txn, id);
    }

    /// Draws a tie.
    pub fn add_tie(&self, txn: &mut TransactionMut, tie: &Tie) {
        self.ties.insert(txn, tie.id.as_str(), tie_prelim(tie));
    }

    /// Changes one field of a tie (none if it is gone).
    pub fn set_tie(&self, txn: &mut TransactionMut, id: &str, field: TieField) {
        let Some(map) = entry(&self.ties, txn, id) else { return };
        match field {
            TieField::Strength(strength) => map.insert(txn, STRENGTH, Any::from(strength.as_str())),
            TieField::Stressful(stressful) => map.insert(txn, STRESSFUL, Any::from(stressful)),
            TieField::Flow(flow) => map.insert(txn, FLOW, Any::from(flow.as_str())),
            TieField::Note(note) => map.insert(txn, NOTE, Any::from(note)),
        };
    }

    /// Removes a tie.
    pub fn remove_tie(&self, txn: &mut TransactionMut, id: &str) {
        self.ties.remove(txn, id);
    }
}

/// A stored coordinate as drawn: inside the map, 0 when it is not a finite number.
fn place(value: f64, extent: f64) -> f64 {
    if value.is_finite() { value.clamp(0.0, extent) } else { 0.0 }
}

/// The map held by a centre, nodes and ties map: the live map's roots, or a saved version's.
pub(super) fn read_parts(centre_root: &MapRef, nodes_root: &MapRef, ties_root: &MapRef, txn: &impl ReadTxn) -> EcoMap {
    let centre = Centre { name: string(centre_root, txn, NAME), members: string(centre_root, txn, MEMBERS) };
    let mut nodes: Vec<Node> = nodes_root
        .iter(txn)
        .filter_map(|(id, _)| {
            let map = entry(nodes_root, txn, id)?;
            Some(Node {
                id: id.to_owned(),
                name: string(&map, txn, NAME),
                category: Category::named(&string(&map, txn, CATEGORY)).unwrap_or_default(),
                note: string(&map, txn, NOTE),
                x: place(number(&map, txn, X), super::svg::WIDTH),
                y: place(number(&map, txn, Y), super::svg::HEIGHT),
            })
        })
        .collect();
    nodes.sort_by(|a, b| a.id.cmp(&b.id));
    let exists = |end: &str| end == CENTRE || nodes.binary_search_by(|node| node.id.as_str().cmp(end)).is_ok();
    let mut ties: Vec<Tie> = ties_root
        .iter(txn)
        .filter_map(|(id, _)| {
            let map = entry(ties_root, txn, id)?;
            let (a, b) = (string(&map, txn, A), string(&map, txn, B));
            (a != b && exists(&a) && exists(&b)).then(|| Tie {
                id: id.to_owned(),
                a,
                b,
                strength: Strength::named(&string(&map, txn, STRENGTH)).unwrap_or_default(),
                stressful: matches!(map.get(txn, STRESSFUL), Some(yrs::Out::Any(Any::Bool(true)))),
                flow: Flow::named(&string(&map, txn, FLOW)).unwrap_or_default(),
                note: string(&map, txn, NOTE),
            })
        })
        .collect();
    ties.sort_by(|a, b| a.id.cmp(&b.id));
    EcoMap { centre, nodes, ties }
}

/// The centre's fields, to insert.
pub(super) fn centre_prelim(centre: &Centre) -> MapPrelim {
    MapPrelim::from_iter([(NAME, Any::from(centre.name.as_str())), (MEMBERS, Any::from(centre.members.as_str()))])
}

/// A node's fields, to insert.
pub(super) fn node_prelim(node: &Node) -> MapPrelim {
    MapPrelim::from_iter([
        (NAME, Any::from(node.name.as_str())),
        (CATEGORY, Any::from(node.category.as_str())),
        (NOTE, Any::from(node.note.as_str())),
        (X, Any::from(node.x)),
        (Y, Any::from(node.y)),
    ])
}

/// A tie's fields, to insert.
pub(super) fn tie_prelim(tie: &Tie) -> MapPrelim {
    MapPrelim::from_iter([
        (A, Any::from(tie.a.as_str())),
        (B, Any::from(tie.b.as_str())),
        (STRENGTH, Any::from(tie.strength.as_str())),
        (STRESSFUL, Any::from(tie.stressful)),
        (FLOW, Any::from(tie.flow.as_str())),
        (NOTE, Any::from(tie.note.as_str())),
    ])
}
