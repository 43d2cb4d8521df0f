//! Eco-maps: three replicas editing at once converge to the same map, whatever order
//! their updates meet in; the words and the drawing say what the map holds.

use proptest::prelude::*;
use yrs::updates::decoder::Decode;
use yrs::{Doc, Options, ReadTxn, Transact, Update};

use super::doc::{EcoMapDoc, NodeField, TieField};
use super::{CENTRE, Category, Centre, EcoMap, Flow, Node, Strength, Tie, phrase, svg};

/// One edit a person makes.
#[derive(Debug, Clone)]
enum Edit {
    AddNode(u8),
    Move(u8, u16, u16),
    Rename(u8, u8),
    RemoveNode(u8),
    AddTie(u8, u8, u8),
    Strength(u8, u8),
    RemoveTie(u8),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0u8..6).prop_map(Edit::AddNode),
        (0u8..6, 0u16..1200, 0u16..900).prop_map(|(node, x, y)| Edit::Move(node, x, y)),
        (0u8..6, 0u8..4).prop_map(|(node, name)| Edit::Rename(node, name)),
        (0u8..6).prop_map(Edit::RemoveNode),
        (0u8..6, 0u8..7, 0u8..6).prop_map(|(tie, a, b)| Edit::AddTie(tie, a, b)),
        (0u8..6, 0u8..3).prop_map(|(tie, strength)| Edit::Strength(tie, strength)),
        (0u8..6).prop_map(Edit::RemoveTie),
    ]
}

fn end(at: u8) -> String {
    if at == 6 { CENTRE.to_owned() } else { format!("n{at}") }
}

fn apply(map: &EcoMapDoc, doc: &Doc, edit: &Edit) {
    let mut txn = doc.transact_mut();
    match edit {
        Edit::AddNode(at) => map.add_node(
            &mut txn,
            &Node { id: end(*at), name: format!("Node {at}"), category: Category::School, ..Node::default() },
        ),
        Edit::Move(at, x, y) => map.set_node(&mut txn, &end(*at), NodeField::At(f64::from(*x), f64::from(*y))),
        Edit::Rename(at, name) => map.set_node(&mut txn, &end(*at), NodeField::Name(format!("Name {name}"))),
        Edit::RemoveNode(at) => map.remove_node(&mut txn, &end(*at)),
        Edit::AddTie(id, a, b) => {
            map.add_tie(&mut txn, &Tie { id: format!("t{id}"), a: end(*a), b: end(*b), ..Tie::default() })
        }
        Edit::Strength(id, strength) => {
            map.set_tie(&mut txn, &format!("t{id}"), TieField::Strength(Strength::ALL[usize::from(*strength)]))
        }
        Edit::RemoveTie(id) => map.remove_tie(&mut txn, &format!("t{id}")),
    }
}

/// Sends what `from` has and `to` lacks.
fn sync(from: &Doc, to: &Doc) {
    let state = to.transact().state_vector();
    let diff = from.transact().encode_diff_v1(&state);
    if let Ok(update) = Update::decode_v1(&diff) {
        let _ = to.transact_mut().apply_update(update);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn three_replicas_converge_whatever_order_their_edits_meet_in(
        steps in prop::collection::vec((0usize..3, edit(), prop::option::of((0usize..3, 0usize..3))), 1..40)
    ) {
        let docs: Vec<Doc> = (1..=3).map(|id| Doc::with_options(Options { client_id: yrs::ClientID::new(id), ..Options::default() })).collect();
        let maps: Vec<EcoMapDoc> = docs.iter().map(|doc| EcoMapDoc::from_doc(doc.clone())).collect();
        for (who, edit, partial) in &steps {
            apply(&maps[*who], &docs[*who], edit);
            if let Some((from, to)) = partial {
                sync(&docs[*from], &docs[*to]);
            }
        }
        for _ in 0..2 {
            for from in 0..3 {
                for to in 0..3 {
                    sync(&docs[from], &docs[to]);
                }
            }
        }
        let seen: Vec<EcoMap> = maps.iter().map(EcoMapDoc::read).collect();
        prop_assert_eq!(&seen[0], &seen[1]);
        prop_assert_eq!(&seen[1], &seen[2]);
        for tie in &seen[0].ties {
            prop_assert!(seen[0].end_at(&tie.a).is_some() && seen[0].end_at(&tie.b).is_some(), "{:?}", tie);
        }
        prop_assert_eq!(docs[0].transact().state_vector(), docs[2].transact().state_vector());
    }
}

pub(super) fn family() -> EcoMap {
    let node = |id: &str, name: &str, category, x, y| Node {
        id: id.into(),
        name: name.into(),
        category,
        note: String::new(),
        x,
        y,
    };
    EcoMap {
        centre: Centre { name: "The Jansen <family>".into(), members: "Mila, Ana, Tom".into() },
        nodes: vec![
            node("n1", "School", Category::School, 300.0, 200.0),
            node("n2", "Grandma", Category::Family, 900.0, 200.0),
        ],
        ties: vec![
            Tie {
                id: "t1".into(),
                a: CENTRE.into(),
                b: "n1".into(),
                strength: Strength::Strong,
                stressful: false,
                flow: Flow::Both,
                note: "the teacher calls weekly".into(),
            },
            Tie {
                id: "t2".into(),
                a: "n2".into(),
                b: CENTRE.into(),
                stressful: true,
                flow: Flow::Forward,
                ..Tie::default()
            },
        ],
    }
}

#[test]
fn each_tie_reads_as_a_sentence_named_by_its_far_end() {
    let map = family();
    assert_eq!(
        phrase::tie_line(&map, &map.ties[0]),
        "School — strong, resources flow both ways — “the teacher calls weekly”"
    );
    assert_eq!(
        phrase::tie_line(&map, &map.ties[1]),
        "Grandma — ordinary and stressful, resources flow from Grandma to The Jansen <family>"
    );
}

#[test]
fn the_drawing_holds_every_node_and_tie_with_its_line_and_escapes_text() {
    let svg = svg::render(&family(), "Eco-map of the Jansen family");
    assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    assert!(svg.contains("The Jansen &lt;family&gt;") && !svg.contains("<family>"));
    assert_eq!(svg.matches(r#"class="eco-node""#).count(), 2);
    assert_eq!(svg.matches(r#"class="eco-tie""#).count(), 2);
    assert!(svg.contains(r#"stroke-width="7""#), "a strong tie is thick");
    assert!(svg.contains(r#"marker-start="url(#ecomap-arrow)" marker-end="url(#ecomap-arrow)""#), "both ways");
    assert!(svg.contains("School or childcare") && svg.contains("Extended family"), "the legend names what is used");
}

#[test]
fn new_nodes_find_a_free_spot_around_the_centre() {
    let mut map = EcoMap::default();
    for at in 0..12 {
        let (x, y) = map.free_spot();
        for node in &map.nodes {
            assert!((node.x - x).hypot(node.y - y) >= 2.0 * svg::NODE_RADIUS, "node {at} overlaps");
        }
        map.nodes.push(Node { id: format!("n{at}"), x, y, ..Node::default() });
    }
}
