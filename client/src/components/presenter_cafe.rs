//! A World Café on the projector: before the first round the tables and their questions;
//! during a round, which round it is and every table with its question and how many sit
//! there; at the harvest, the questions (and the groups the room made) side by side with
//! what the tables wrote. Readable from the back of the room at 1920×1080.

use leptos::prelude::*;
use polyphony_shared::BoardSnapshot;
use polyphony_shared::cafe::Cafe;
use polyphony_shared::ids::ActivityId;
use polyphony_shared::layout::Layout;

use crate::governance::Governance;

/// Most notes a harvest column shows.
const MOST_NOTES: usize = 5;
/// Most harvest columns shown.
const MOST_COLUMNS: usize = 4;

/// One table on the projector: its name, colour, question and how many sit there now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableSign {
    /// "Table 2".
    pub name: String,
    /// Its colour's name.
    pub colour: &'static str,
    /// Its question.
    pub question: String,
    /// How many sit there in the round running (none before the first).
    pub seated: Option<usize>,
}

/// The tables of `cafe` as the projector shows them.
pub fn table_signs(cafe: &Cafe) -> Vec<TableSign> {
    let seats = cafe.seating_now();
    cafe.tables
        .iter()
        .enumerate()
        .map(|(at, table)| TableSign {
            name: format!("Table {}", at + 1),
            colour: table.colour.as_str(),
            question: table.question.clone(),
            seated: seats.map(|seats| seats.values().filter(|table| **table == at).count()),
        })
        .collect()
}

/// The harvest's columns: each group (a question, or an insight the room named) with the
/// first of its notes, left to right as on the board.
pub fn harvest_columns(snapshot: &BoardSnapshot) -> Vec<(String, Vec<String>, usize)> {
    let layout = Layout::of(snapshot);
    let mut clusters: Vec<_> = snapshot.clusters.iter().collect();
    clusters.sort_by(|a, b| (a.y, a.x).partial_cmp(&(b.y, b.x)).unwrap_or(std::cmp::Ordering::Equal));
    clusters
        .into_iter()
        .take(MOST_COLUMNS)
        .map(|cluster| {
            let members = layout.members.get(&cluster.id).cloned().unwrap_or_default();
            let text = |id: &polyphony_shared::item_ids::CardId| {
                snapshot.cards.iter().find(|card| card.id == *id).map(|card| card.text.clone())
            };
            let notes = members.iter().filter_map(text).take(MOST_NOTES).collect();
            (cluster.title.clone(), notes, members.len())
        })
        .collect()
}

/// The café on the projector, following the café's own document `snapshot`.
#[component]
pub fn PresenterCafe(
    /// The café's activity.
    activity: ActivityId,
    /// Its document, as the presenter follows it.
    snapshot: ReadSignal<BoardSnapshot>,
) -> impl IntoView {
    let governance = expect_context::<Governance>();
    let cafe = Memo::new(move |_| governance.view.with(|view| view.cafes.get(&activity).cloned()));
    move || {
        let Some(cafe) = cafe.get() else {
            return view! { <p class="presenter-instructions">"The tables are being set."</p> }.into_any();
        };
        if cafe.harvesting() {
            let columns = move || snapshot.with(harvest_columns);
            return view! {
                <section class="presenter-results presenter-harvest" data-testid="presenter-harvest">
                    <h3>"The harvest"</h3>
                    <div class="harvest-columns">
                        {move || columns().into_iter().map(|(title, notes, count)| view! {
                            <div class="harvest-column">
                                <h4>{title}</h4>
                                <ul>{notes.into_iter().map(|note| view! { <li>{note}</li> }).collect_view()}</ul>
                                {(count > MOST_NOTES).then(|| view! { <p class="more">{format!("and {} more", count - MOST_NOTES)}</p> })}
                            </div>
                        }).collect_view()}
                    </div>
                </section>
            }
            .into_any();
        }
        let heading =
            if cafe.round == 0 { "The tables".to_owned() } else { format!("Round {} of {}", cafe.round, cafe.rounds) };
        view! {
            <section class="presenter-results presenter-tables" data-testid="presenter-tables">
                <h3>{heading}</h3>
                <ul class="table-signs">
                    {table_signs(&cafe).into_iter().map(|sign| view! {
                        <li class="table-sign" data-colour=sign.colour>
                            <strong>{format!("{} · {}", sign.name, sign.colour)}</strong>
                            <span>{sign.question}</span>
                            {sign.seated.map(|count| view! { <span class="seated">{format!("{count} seated")}</span> })}
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        }
        .into_any()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use polyphony_shared::cafe::{CafeTable, TableColour};
    use polyphony_shared::ids::ParticipantId;
    use polyphony_shared::{Card, CardColour, Cluster, Perspective};
    use std::collections::BTreeMap;

    #[test]
    fn the_projector_counts_who_sits_where_in_the_round_running() {
        let [ana, ben] = [1u8, 20].map(|seed| ParticipantId::random_from(&mut (seed..)));
        let table = |colour| CafeTable { question: "Q".into(), colour, ..CafeTable::default() };
        let mut cafe = Cafe {
            tables: vec![table(TableColour::Red), table(TableColour::Blue)],
            rounds: 2,
            round_minutes: 10,
            seating: vec![BTreeMap::from([(ana, 0), (ben, 0)]), BTreeMap::from([(ana, 0), (ben, 1)])],
            ..Cafe::default()
        };
        assert_eq!(table_signs(&cafe)[0].seated, None, "before the first round");
        cafe.round = 2;
        let seated: Vec<_> = table_signs(&cafe).into_iter().map(|sign| sign.seated).collect();
        assert_eq!(seated, [Some(1), Some(1)]);
        assert_eq!(table_signs(&cafe)[1].colour, "blue");
    }

    #[test]
    fn the_harvest_shows_each_group_left_to_right_with_its_notes() {
        let cluster = |id: &str, x| Cluster { id: id.into(), title: format!("About {id}"), x, y: 20.0 };
        let card = |id: &str, cluster: &str| Card {
            id: id.into(),
            text: format!("Note {id}"),
            colour: CardColour::Yellow,
            author_name: String::new(),
            perspective: Perspective::Other,
            helped_by: String::new(),
            x: 0.0,
            y: 0.0,
            cluster: Some(cluster.into()),
            from: None,
        };
        let snapshot = BoardSnapshot {
            clusters: vec![cluster("b", 500.0), cluster("a", 20.0)],
            cards: vec![card("1", "a"), card("2", "b"), card("3", "a")],
            ..BoardSnapshot::default()
        };
        let columns = harvest_columns(&snapshot);
        assert_eq!(columns[0], ("About a".to_owned(), vec!["Note 1".to_owned(), "Note 3".to_owned()], 2));
        assert_eq!(columns[1].0, "About b");
    }
}
