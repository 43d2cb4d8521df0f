//! The facilitator's view of a running World Café: the round, a button for the next one
//! (or the harvest after the last), and every table with its question, its host and who
//! sits there now, each of whom can be moved to another table by hand. Any table's notes
//! can be opened from here.

use leptos::prelude::*;
use polyphony_shared::cafe::Cafe;
use polyphony_shared::erasure::shown_name;
use polyphony_shared::governed::ParticipantRecord;
use polyphony_shared::ids::{ActivityId, ParticipantId};
use polyphony_shared::{Command, DocName};
use std::collections::BTreeMap;

use super::Connection;
use super::notes::TableNotes;
use crate::governance::Governance;

/// One table as the facilitator sees it during a round.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TableNow {
    /// Its index.
    pub index: usize,
    /// "Table 2 · blue".
    pub name: String,
    /// Its colour's name.
    pub colour: &'static str,
    /// Its question.
    pub question: String,
    /// Who sits there, the host first: id, name, and whether they host.
    pub people: Vec<(ParticipantId, String, bool)>,
}

/// What the running café's tables look like now.
pub fn tables_now(cafe: &Cafe, participants: &BTreeMap<ParticipantId, ParticipantRecord>) -> Vec<TableNow> {
    let seats = cafe.seating_now();
    cafe.tables
        .iter()
        .enumerate()
        .map(|(index, table)| {
            let mut people: Vec<(ParticipantId, String, bool)> = seats
                .into_iter()
                .flatten()
                .filter(|(_, at)| **at == index)
                .map(|(id, _)| {
                    let name = participants
                        .get(id)
                        .map_or_else(|| "Someone".to_owned(), |record| shown_name(&record.participant.name).to_owned());
                    let name = if cafe.online.contains(id) { format!("{name} (online)") } else { name };
                    (*id, name, table.host == Some(*id))
                })
                .collect();
            people.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.1.cmp(&b.1)));
            TableNow {
                index,
                name: format!("Table {} · {}", index + 1, table.colour.as_str()),
                colour: table.colour.as_str(),
                question: table.question.clone(),
                people,
            }
        })
        .collect()
}

/// The running café, for facilitators.
#[component]
pub fn RunningCafe(
    /// The café's activity.
    activity: ActivityId,
    /// How to open a table's notes.
    connection: Connection,
) -> impl IntoView {
    let governance = expect_context::<Governance>();
    let round = Memo::new(move |_| {
        governance.view.with(|view| view.cafes.get(&activity).map(|cafe| (cafe.round, cafe.rounds)).unwrap_or_default())
    });
    let tables = Memo::new(move |_| {
        governance
            .view
            .with(|view| view.cafes.get(&activity).map(|cafe| tables_now(cafe, &view.participants)).unwrap_or_default())
    });
    let count = Memo::new(move |_| tables.with(Vec::len));
    let open_notes = RwSignal::new(None::<usize>);
    let next_label = move || {
        let (now, of) = round.get();
        if now >= of { "Start the harvest".to_owned() } else { format!("Start round {}", now + 1) }
    };
    view! {
        <section class="panel cafe-running" data-testid="cafe-running" aria-labelledby="cafe-round-heading">
            <div class="cafe-round-bar">
                <h2 id="cafe-round-heading" data-testid="cafe-round">{move || { let (now, of) = round.get(); format!("Round {now} of {of}") }}</h2>
                <button type="button" data-testid="next-cafe-round"
                    on:click=move |_| governance.command(Command::NextCafeRound { activity })>{next_label}</button>
            </div>
            <p class="hint">"Everyone's phone shows their table. Move someone by choosing another table next to their name; hosts stay."</p>
            <ul class="cafe-tables">
                <For each=move || tables.get() key=|table| table.clone() let:table>
                    <li class="cafe-table-box" data-testid="cafe-table" data-colour=table.colour>
                        <h3>{table.name.clone()}</h3>
                        <p class="cafe-question">{table.question.clone()}</p>
                        <ul class="cafe-people">
                            {table.people.iter().map(|(id, name, hosts)| {
                                let (id, name, hosts) = (*id, name.clone(), *hosts);
                                view! {
                                    <li data-testid="cafe-person">
                                        <span>{name.clone()}{hosts.then_some(" (host)")}</span>
                                        {(!hosts).then(|| view! { <MoveTo activity=activity person=id name=name at=table.index count=count /> })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        <button type="button" class="secondary small" data-testid="open-table-notes"
                            on:click=move |_| open_notes.set(Some(table.index))>"Read the notes"</button>
                    </li>
                </For>
            </ul>
        </section>
        {move || open_notes.get().map(|index| {
            let doc = DocName::Table { cafe: activity, table: u8::try_from(index).unwrap_or(u8::MAX) };
            view! { <TableNotes doc=doc connection=connection.clone() /> }
        })}
    }
}

/// "Move to …": another table for one person, this round.
#[component]
fn MoveTo(activity: ActivityId, person: ParticipantId, name: String, at: usize, count: Memo<usize>) -> impl IntoView {
    let governance = expect_context::<Governance>();
    let choose = move |event| {
        if let Ok(table) = event_target_value(&event).parse::<u32>() {
            governance.command(Command::SeatAtTable { activity, participant: person, table });
        }
    };
    view! {
        <select class="move-to" data-testid="move-to" aria-label=format!("Move {name} to another table") on:change=choose>
            <option value="" selected>"Move to…"</option>
            {move || (0..count.get()).filter(|table| *table != at).map(|table| view! {
                <option value=table.to_string()>{format!("Table {}", table + 1)}</option>
            }).collect_view()}
        </select>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use polyphony_shared::Perspective;
    use polyphony_shared::access::{Participant, Role};
    use polyphony_shared::cafe::{CafeTable, TableColour};

    fn record(id: ParticipantId, name: &str) -> ParticipantRecord {
        ParticipantRecord {
            participant: Participant {
                id,
                name: name.into(),
                perspective: Perspective::Citizen,
                role: Role::Participant,
            },
            removed: false,
            waiting: false,
            assisted: false,
        }
    }

    #[test]
    fn each_table_lists_its_host_first_then_the_others_by_name() {
        let [ana, ben, cai] = [1u8, 20, 40].map(|seed| ParticipantId::random_from(&mut (seed..)));
        let cafe = Cafe {
            tables: vec![
                CafeTable { question: "What helps?".into(), colour: TableColour::Red, host: Some(cai), remote: false },
                CafeTable { question: "Who helps?".into(), colour: TableColour::Blue, ..CafeTable::default() },
            ],
            rounds: 2,
            round_minutes: 10,
            round: 1,
            seating: vec![BTreeMap::from([(ana, 0), (ben, 1), (cai, 0)])],
            ..Cafe::default()
        };
        let people = BTreeMap::from([(ana, record(ana, "Ana")), (ben, record(ben, "Ben")), (cai, record(cai, "Cai"))]);
        let tables = tables_now(&cafe, &people);
        assert_eq!(tables[0].name, "Table 1 · red");
        let names: Vec<(&str, bool)> = tables[0].people.iter().map(|(_, name, host)| (name.as_str(), *host)).collect();
        assert_eq!(names, [("Cai", true), ("Ana", false)]);
        assert_eq!(tables[1].people.len(), 1);
    }
}
