//! The harvest of a World Café: what every table wrote, gathered into the café's own
//! document as one cluster per question, side by side, so the room can regroup it into
//! insights, dot the ones that matter and carry them forward.
//!
//! Pure: the server reads the tables' notes, [`plan`] decides what goes where, and the
//! server writes it. Every cluster and card gets an id that follows from where it came
//! from ([`carried_id`]), so gathering again adds only what is new.

use std::collections::BTreeSet;

use super::Cafe;
use crate::governance::carry::carried_id;
use crate::ids::ActivityId;
use crate::item_ids::CardId;
use crate::layout::{GAP, cluster_size};
use crate::model::{BoardSnapshot, CardColour, Perspective};

/// One question's cluster in the harvest.
#[derive(Debug, Clone, PartialEq)]
pub struct HarvestCluster {
    /// Its id in the café's document.
    pub id: String,
    /// The question, as its title.
    pub title: String,
    /// Where it goes when it is new: side by side with the others.
    pub x: f64,
    /// Its top edge.
    pub y: f64,
    /// What the tables that talked about it wrote, table by table.
    pub cards: Vec<HarvestCard>,
}

/// One note gathered from a table.
#[derive(Debug, Clone, PartialEq)]
pub struct HarvestCard {
    /// Its id in the café's document.
    pub id: String,
    /// What it was at its table: `t{table index}-{card id}`, or `t{table index}-summary`
    /// (its id follows from this).
    pub item: String,
    /// Its words.
    pub text: String,
    /// Its colour (a host's summary stands out in green).
    pub colour: CardColour,
    /// Who wrote it (none on an anonymous board; a summary is signed by its table's host).
    pub author_name: String,
    /// Their perspective.
    pub perspective: Perspective,
}

/// What to gather from `tables` (each table's notes, by index) of `cafe`, the café of
/// `activity`: one cluster per distinct question, in the order the tables ask them; in
/// each, table by table, the host's summary (if written) and then the table's cards.
/// Hidden cards stay behind; on an anonymous board no name goes with a card.
pub fn plan(
    activity: ActivityId,
    cafe: &Cafe,
    tables: &[BoardSnapshot],
    hidden: &BTreeSet<CardId>,
    anonymous: bool,
) -> Vec<HarvestCluster> {
    let mut clusters: Vec<HarvestCluster> = Vec::new();
    for (index, (table, notes)) in cafe.tables.iter().zip(tables).enumerate() {
        let question = table.question.trim();
        let at = match clusters.iter().position(|cluster| cluster.title == question) {
            Some(at) => at,
            None => {
                let x = GAP + clusters.len() as f64 * (cluster_size(0).width + GAP);
                let id = carried_id(activity, &format!("question-{index}"));
                clusters.push(HarvestCluster { id, title: question.to_owned(), x, y: GAP, cards: Vec::new() });
                clusters.len() - 1
            }
        };
        let cards = &mut clusters[at].cards;
        let summary = notes.problem_statement.trim();
        if !summary.is_empty() {
            let item = format!("t{index}-summary");
            cards.push(HarvestCard {
                id: carried_id(activity, &item),
                item,
                text: format!("Table {} ({}): {summary}", index + 1, table.colour.as_str()),
                colour: CardColour::Green,
                author_name: if anonymous { String::new() } else { format!("Host of table {}", index + 1) },
                perspective: Perspective::Other,
            });
        }
        for card in notes.cards.iter().filter(|card| !hidden.contains(&card.id) && !card.text.trim().is_empty()) {
            let item = format!("t{index}-{}", card.id);
            cards.push(HarvestCard {
                id: carried_id(activity, &item),
                item,
                text: card.text.clone(),
                colour: card.colour,
                author_name: if anonymous { String::new() } else { card.author_name.clone() },
                perspective: card.perspective,
            });
        }
    }
    clusters
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cafe::{CafeTable, TableColour};
    use crate::model::Card;

    fn card(id: &str, text: &str) -> Card {
        Card {
            id: CardId::from(id.to_owned()),
            text: text.into(),
            colour: CardColour::Yellow,
            author_name: "Ana".into(),
            perspective: Perspective::Citizen,
            helped_by: String::new(),
            x: 0.0,
            y: 0.0,
            cluster: None,
            from: None,
        }
    }

    fn cafe() -> Cafe {
        let table = |question: &str, colour| CafeTable { question: question.into(), colour, ..CafeTable::default() };
        Cafe {
            tables: vec![
                table("What helps?", TableColour::Red),
                table("Who helps?", TableColour::Blue),
                table(" What helps? ", TableColour::Green),
            ],
            rounds: 2,
            round_minutes: 10,
            ..Cafe::default()
        }
    }

    #[test]
    fn each_question_gathers_its_tables_side_by_side() {
        let activity = ActivityId::random_from(&mut (1u8..));
        let notes = [
            BoardSnapshot {
                problem_statement: "Neighbours and a warm room.".into(),
                cards: vec![card("a", "Coffee")],
                ..BoardSnapshot::default()
            },
            BoardSnapshot { cards: vec![card("b", "The library"), card("c", "   ")], ..BoardSnapshot::default() },
            BoardSnapshot {
                cards: vec![card("d", "A lift to the clinic"), card("e", "Secret")],
                ..BoardSnapshot::default()
            },
        ];
        let hidden = BTreeSet::from([CardId::from("e".to_owned())]);
        let clusters = plan(activity, &cafe(), &notes, &hidden, false);
        let titles: Vec<&str> = clusters.iter().map(|cluster| cluster.title.as_str()).collect();
        assert_eq!(titles, ["What helps?", "Who helps?"]);
        assert!(clusters[1].x > clusters[0].x && clusters[0].y == clusters[1].y, "side by side");
        let texts: Vec<&str> = clusters[0].cards.iter().map(|card| card.text.as_str()).collect();
        assert_eq!(texts, ["Table 1 (red): Neighbours and a warm room.", "Coffee", "A lift to the clinic"]);
        assert_eq!(clusters[1].cards.len(), 1, "a blank card stays behind");
        assert_eq!(clusters[0].cards[1].author_name, "Ana");
        let anonymous = plan(activity, &cafe(), &notes, &hidden, true);
        assert!(anonymous.iter().flat_map(|cluster| &cluster.cards).all(|card| card.author_name.is_empty()));
        assert_eq!(plan(activity, &cafe(), &notes, &hidden, false), clusters, "the same ids every time");
    }
}
