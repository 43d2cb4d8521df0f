//! What changed between two versions of an eco-map, for the side-by-side comparison: the
//! people and services that appeared, disappeared or changed, and the ties that appeared,
//! disappeared or changed kind. Each change is a mark on one of the two drawings and a line
//! in words, so the comparison never rests on colour alone.
//!
//! Nodes are the same node when they have the same id (the map is one document, so a node
//! keeps its id from version to version), or else the same name; ties are the same tie when
//! they join the same two ends. Moving a circle is not a change.

use std::collections::BTreeMap;

use super::{CENTRE, EcoMap, Flow, Node, Tie, phrase};

/// How a node or tie differs between the earlier map and the later one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mark {
    /// Only on the later map.
    Appeared,
    /// Only on the earlier map.
    Disappeared,
    /// On both, with a different name, category or kind of tie.
    Changed,
}

impl Mark {
    /// The word beside a marked circle or line.
    pub fn word(self) -> &'static str {
        match self {
            Mark::Appeared => "new",
            Mark::Disappeared => "gone",
            Mark::Changed => "changed",
        }
    }

    /// Its outline colour (always with [`Mark::word`] beside it).
    pub fn colour(self) -> &'static str {
        match self {
            Mark::Appeared => "#1a7f37",
            Mark::Disappeared => "#b3261e",
            Mark::Changed => "#9a6700",
        }
    }
}

/// The marks on one drawing, by node id and by tie id.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Marks {
    /// Marked nodes.
    pub nodes: BTreeMap<String, Mark>,
    /// Marked ties.
    pub ties: BTreeMap<String, Mark>,
}

/// One change, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeLine {
    /// What kind of change.
    pub mark: Mark,
    /// The change: "New: Football club (Leisure and sport)".
    pub text: String,
}

/// Two versions compared.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Comparison {
    /// Marks on the earlier map: what disappeared or changed.
    pub before: Marks,
    /// Marks on the later map: what appeared or changed.
    pub after: Marks,
    /// Every change in words: the centre, then nodes, then ties.
    pub lines: Vec<ChangeLine>,
}

/// Compares the `before` map with the `after` map.
pub fn compare(before: &EcoMap, after: &EcoMap) -> Comparison {
    let mut comparison = Comparison::default();
    let (old_name, new_name) = (before.end_name(CENTRE), after.end_name(CENTRE));
    if old_name != new_name {
        comparison.lines.push(ChangeLine {
            mark: Mark::Changed,
            text: format!("The centre is now called {new_name} (was {old_name})"),
        });
    }
    let same = match_nodes(before, after);
    compare_nodes(before, after, &same, &mut comparison);
    compare_ties(before, after, &same, &mut comparison);
    comparison
}

/// Which node of `after` each node of `before` is, by earlier id: the same id, else the
/// same name among those left.
fn match_nodes(before: &EcoMap, after: &EcoMap) -> BTreeMap<String, String> {
    let mut same: BTreeMap<String, String> = before
        .nodes
        .iter()
        .filter(|node| after.node(&node.id).is_some())
        .map(|node| (node.id.clone(), node.id.clone()))
        .collect();
    let name = |node: &Node| node.name.trim().to_lowercase();
    for node in &before.nodes {
        if same.contains_key(&node.id) {
            continue;
        }
        let taken = |id: &str| before.node(id).is_some() || same.values().any(|matched| matched == id);
        let found = after.nodes.iter().find(|other| !taken(&other.id) && name(other) == name(node));
        if let Some(found) = found {
            same.insert(node.id.clone(), found.id.clone());
        }
    }
    same
}

fn compare_nodes(before: &EcoMap, after: &EcoMap, same: &BTreeMap<String, String>, comparison: &mut Comparison) {
    let described = |node: &Node| format!("{} ({})", node.name, node.category.label());
    for node in &before.nodes {
        let Some(later) = same.get(&node.id).and_then(|id| after.node(id)) else {
            comparison.before.nodes.insert(node.id.clone(), Mark::Disappeared);
            comparison.lines.push(ChangeLine { mark: Mark::Disappeared, text: format!("Gone: {}", described(node)) });
            continue;
        };
        let mut what = Vec::new();
        if node.name.trim() != later.name.trim() {
            what.push(format!("renamed from {}", node.name));
        }
        if node.category != later.category {
            what.push(format!("was {}, now {}", node.category.label(), later.category.label()));
        }
        if !what.is_empty() {
            comparison.before.nodes.insert(node.id.clone(), Mark::Changed);
            comparison.after.nodes.insert(later.id.clone(), Mark::Changed);
            let text = format!("Changed: {} — {}", later.name, what.join("; "));
            comparison.lines.push(ChangeLine { mark: Mark::Changed, text });
        }
    }
    for node in &after.nodes {
        if !same.values().any(|id| *id == node.id) {
            comparison.after.nodes.insert(node.id.clone(), Mark::Appeared);
            comparison.lines.push(ChangeLine { mark: Mark::Appeared, text: format!("New: {}", described(node)) });
        }
    }
}

/// A tie's two ends in the later map's ids, in order, and whether they were swapped to be.
fn ends(a: &str, b: &str) -> ((String, String), bool) {
    if a <= b { ((a.to_owned(), b.to_owned()), false) } else { ((b.to_owned(), a.to_owned()), true) }
}

/// A tie's flow as it reads with its ends swapped.
fn swapped(flow: Flow) -> Flow {
    match flow {
        Flow::Forward => Flow::Back,
        Flow::Back => Flow::Forward,
        other => other,
    }
}

fn compare_ties(before: &EcoMap, after: &EcoMap, same: &BTreeMap<String, String>, comparison: &mut Comparison) {
    let later_end = |end: &str| if end == CENTRE { Some(CENTRE.to_owned()) } else { same.get(end).cloned() };
    let mut later: BTreeMap<(String, String), (&Tie, bool)> = BTreeMap::new();
    for tie in &after.ties {
        let (key, flipped) = ends(&tie.a, &tie.b);
        later.entry(key).or_insert((tie, flipped));
    }
    let mut matched = Vec::new();
    for tie in &before.ties {
        let found = later_end(&tie.a)
            .zip(later_end(&tie.b))
            .map(|(a, b)| ends(&a, &b))
            .and_then(|(key, flipped)| later.get(&key).map(|found| (*found, flipped)));
        let Some(((other, other_flipped), flipped)) = found else {
            comparison.before.ties.insert(tie.id.clone(), Mark::Disappeared);
            let text = format!("Tie gone: {}", phrase::tie_line(before, tie));
            comparison.lines.push(ChangeLine { mark: Mark::Disappeared, text });
            continue;
        };
        matched.push(other.id.clone());
        let flow = if flipped == other_flipped { tie.flow } else { swapped(tie.flow) };
        if tie.strength != other.strength || tie.stressful != other.stressful || flow != other.flow {
            comparison.before.ties.insert(tie.id.clone(), Mark::Changed);
            comparison.after.ties.insert(other.id.clone(), Mark::Changed);
            let text = format!(
                "Tie changed: {} — was {}, {}; now {}, {}",
                phrase::far_end(after, other),
                phrase::kind_of(tie),
                phrase::flow_of(before, tie),
                phrase::kind_of(other),
                phrase::flow_of(after, other)
            );
            comparison.lines.push(ChangeLine { mark: Mark::Changed, text });
        }
    }
    for tie in &after.ties {
        if !matched.contains(&tie.id) {
            comparison.after.ties.insert(tie.id.clone(), Mark::Appeared);
            let text = format!("New tie: {}", phrase::tie_line(after, tie));
            comparison.lines.push(ChangeLine { mark: Mark::Appeared, text });
        }
    }
}
