//! Versions of an eco-map: saved as they were, compared with what appeared, disappeared or
//! changed marked on both drawings and said in words.

use yrs::{Doc, Transact};

use super::compare::{Mark, compare};
use super::doc::{EcoMapDoc, NodeField, TieField};
use super::svg::{self, Drawing};
use super::tests::family;
use super::versions::{MAX_LABEL_CHARS, MAX_VERSIONS, VersionError};
use super::{CENTRE, Category, EcoMap, Flow, Node, Strength, Tie};

fn stored(map: &EcoMap) -> (Doc, EcoMapDoc) {
    let doc = Doc::new();
    let eco = EcoMapDoc::from_doc(doc.clone());
    {
        let mut txn = doc.transact_mut();
        eco.set_centre(&mut txn, &map.centre);
        for node in &map.nodes {
            eco.add_node(&mut txn, node);
        }
        for tie in &map.ties {
            eco.add_tie(&mut txn, tie);
        }
    }
    (doc, eco)
}

#[test]
fn a_saved_version_keeps_the_map_as_it_was_while_the_map_goes_on() {
    let (doc, eco) = stored(&family());
    let first = eco.save_version(&mut doc.transact_mut(), 1_000, "  First visit  ").expect("saved");
    {
        let mut txn = doc.transact_mut();
        eco.remove_node(&mut txn, "n2");
        eco.set_tie(&mut txn, "t1", TieField::Strength(Strength::Tenuous));
    }
    let second = eco.save_version(&mut doc.transact_mut(), 2_000, "").expect("saved");
    let same_moment = eco.save_version(&mut doc.transact_mut(), 2_000, "Again").expect("saved");
    assert_ne!(second, same_moment, "two saves in one millisecond are two versions");
    let versions = eco.versions_in(&doc.transact());
    assert_eq!(
        versions.iter().map(|version| version.id.as_str()).collect::<Vec<_>>(),
        [first.as_str(), second.as_str(), same_moment.as_str()]
    );
    assert_eq!(versions[0].label, "First visit");
    assert_eq!(versions[0].saved_ms, 1_000);
    assert_eq!(versions[0].map, family(), "the first version is the map as it was");
    assert_eq!(versions[1].map, eco.read(), "the second is the map now");
    assert!(versions[1].map.node("n2").is_none());
}

#[test]
fn a_map_keeps_a_bounded_number_of_versions_and_labels_are_cut() {
    let (doc, eco) = stored(&family());
    let long = "x".repeat(MAX_LABEL_CHARS + 20);
    for at in 0..MAX_VERSIONS as u64 {
        eco.save_version(&mut doc.transact_mut(), at + 1, &long).expect("within the bound");
    }
    assert_eq!(eco.save_version(&mut doc.transact_mut(), 99, ""), Err(VersionError::TooMany));
    let versions = eco.versions_in(&doc.transact());
    assert_eq!(versions.len(), MAX_VERSIONS);
    assert_eq!(versions[0].label.chars().count(), MAX_LABEL_CHARS);
}

/// The family's map a year later: Grandma is gone, the school tie weakened, a football
/// club appeared, the family calls Grandma's neighbour by name, and the school tie was
/// redrawn the other way round with the same flow.
fn a_year_later() -> EcoMap {
    let mut map = family();
    map.nodes.retain(|node| node.id != "n2");
    map.ties.retain(|tie| tie.id != "t2");
    map.nodes[0].category = Category::School;
    map.nodes.push(Node {
        id: "n3".into(),
        name: "Football club".into(),
        category: Category::Leisure,
        ..Node::default()
    });
    map.ties[0] = Tie {
        id: "t9".into(),
        a: "n1".into(),
        b: CENTRE.into(),
        strength: Strength::Tenuous,
        flow: Flow::Both,
        ..Tie::default()
    };
    map.ties.push(Tie {
        id: "t3".into(),
        a: CENTRE.into(),
        b: "n3".into(),
        strength: Strength::Strong,
        ..Tie::default()
    });
    map
}

#[test]
fn comparing_marks_what_appeared_disappeared_or_changed_kind_on_both_drawings() {
    let (before, after) = (family(), a_year_later());
    let comparison = compare(&before, &after);
    assert_eq!(comparison.before.nodes.get("n2"), Some(&Mark::Disappeared));
    assert_eq!(comparison.before.ties.get("t2"), Some(&Mark::Disappeared));
    assert_eq!(comparison.before.ties.get("t1"), Some(&Mark::Changed), "redrawn, but the same two ends");
    assert_eq!(comparison.after.ties.get("t9"), Some(&Mark::Changed));
    assert_eq!(comparison.after.nodes.get("n3"), Some(&Mark::Appeared));
    assert_eq!(comparison.after.ties.get("t3"), Some(&Mark::Appeared));
    assert!(!comparison.after.nodes.contains_key("n1"), "the school itself did not change");
    let lines: Vec<&str> = comparison.lines.iter().map(|line| line.text.as_str()).collect();
    assert_eq!(
        lines,
        [
            "Gone: Grandma (Extended family)",
            "New: Football club (Leisure and sport)",
            "Tie changed: School — was strong, resources flow both ways; now tenuous, resources flow both ways",
            "Tie gone: Grandma — ordinary and stressful, resources flow from Grandma to The Jansen <family>",
            "New tie: Football club — strong, no flow marked",
        ]
    );
}

#[test]
fn a_tie_redrawn_the_other_way_round_with_the_same_flow_has_not_changed() {
    let before = family();
    let mut after = family();
    // Grandma → family, drawn now from the family's end: the flow reads the other way.
    after.ties[1] =
        Tie { id: "t7".into(), a: CENTRE.into(), b: "n2".into(), stressful: true, flow: Flow::Back, ..Tie::default() };
    assert_eq!(compare(&before, &after).lines, []);
}

#[test]
fn a_node_drawn_again_under_its_old_name_is_the_same_node_and_a_renamed_one_changed() {
    let before = family();
    let mut after = family();
    after.nodes[1].id = "n8".into();
    after.ties[1].a = "n8".into();
    after.nodes[0].name = "Primary school".into();
    after.nodes[0].category = Category::Community;
    let comparison = compare(&before, &after);
    assert!(!comparison.after.nodes.contains_key("n8"), "{comparison:?}");
    assert_eq!(comparison.after.nodes.get("n1"), Some(&Mark::Changed));
    assert_eq!(comparison.lines.len(), 1, "{comparison:?}");
    assert_eq!(
        comparison.lines[0].text,
        "Changed: Primary school — renamed from School; was School or childcare, now Community groups"
    );
    let (doc, eco) = stored(&before);
    eco.set_node(&mut doc.transact_mut(), "n1", NodeField::Name("School".into()));
    assert_eq!(compare(&before, &eco.read()).lines, [], "setting the same name changes nothing");
}

#[test]
fn the_drawings_outline_and_name_each_mark_and_keep_their_ids_apart() {
    let (before, after) = (family(), a_year_later());
    let comparison = compare(&before, &after);
    let drawn = svg::render_with(&after, &Drawing { title: "A year later", marks: &comparison.after, key: "later" });
    assert_eq!(drawn.matches(r#"data-mark="new""#).count(), 2, "the club and its tie");
    assert_eq!(drawn.matches(r#"data-mark="changed""#).count(), 1, "the school's tie");
    assert!(drawn.contains(">new</text>") && drawn.contains(">changed</text>"), "never colour alone");
    assert!(drawn.contains(r#"id="later-title""#) && drawn.contains("url(#later-arrow)"));
    assert!(!drawn.contains(r#"id="ecomap-title""#));
    let earlier = svg::render_with(&before, &Drawing { title: "Before", marks: &comparison.before, key: "earlier" });
    assert_eq!(earlier.matches(r#"data-mark="gone""#).count(), 2, "Grandma and her tie");
}

#[test]
fn a_saved_version_passes_the_checks_a_stored_document_goes_through_on_reload() {
    use crate::wire::{Limits, UpdateShape};
    use yrs::ReadTxn;
    let (doc, eco) = stored(&family());
    eco.save_version(&mut doc.transact_mut(), 1_000, "First visit").expect("saved");
    let update = doc.transact().encode_state_as_update_v1(&yrs::StateVector::default());
    let shape = UpdateShape::parse(&update, &Limits::STORED).expect("a stored update parses");
    let ledger = crate::BoardDoc::ledger(u64::from(u32::MAX));
    let mut changes = std::collections::BTreeSet::new();
    let plan = ledger.plan(&shape, &mut |touch| crate::BoardDoc::classify(touch, &mut changes));
    assert!(plan.is_ok(), "nested no deeper than the content schema allows: {plan:?}");
}
