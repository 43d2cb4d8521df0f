//! The facilitator sets up a World Café before its first round: the tables (each with its
//! question, colour and host, and whether it is an online table), how many rounds of how
//! many minutes, and whether online participants sit together; then starts round 1.
//! The server checks the set-up ([`polyphony_shared::cafe::Cafe::check_setup`]) and says
//! what is wrong in words.

use leptos::prelude::*;
use polyphony_shared::Command;
use polyphony_shared::Role;
use polyphony_shared::agenda::ActivityKind;
use polyphony_shared::cafe::{Cafe, CafeTable, MAX_ROUND_MINUTES, MAX_ROUNDS, MAX_TABLES, MIN_TABLES, TableColour};
use polyphony_shared::erasure::shown_name;
use polyphony_shared::ids::{ActivityId, ParticipantId};
use polyphony_shared::names::Named;

use crate::governance::Governance;

/// How many tables a new café starts with.
const FIRST_TABLES: usize = 3;

/// One table as the form holds it.
#[derive(Debug, Clone, Copy)]
struct TableRow {
    /// Stable across adding and removing rows, for the list's keys.
    key: u32,
    question: RwSignal<String>,
    colour: RwSignal<TableColour>,
    host: RwSignal<Option<ParticipantId>>,
    remote: RwSignal<bool>,
}

impl TableRow {
    fn new(key: u32, table: &CafeTable) -> TableRow {
        TableRow {
            key,
            question: RwSignal::new(table.question.clone()),
            colour: RwSignal::new(table.colour),
            host: RwSignal::new(table.host),
            remote: RwSignal::new(table.remote),
        }
    }

    fn table(&self) -> CafeTable {
        CafeTable {
            question: self.question.get_untracked(),
            colour: self.colour.get_untracked(),
            host: self.host.get_untracked(),
            remote: self.remote.get_untracked(),
        }
    }
}

/// The tables a new café starts with: each asks the activity's question, in its own colour.
pub fn first_tables(question: &str) -> Vec<CafeTable> {
    (0..FIRST_TABLES)
        .map(|at| CafeTable {
            question: question.to_owned(),
            colour: TableColour::for_table(at),
            ..CafeTable::default()
        })
        .collect()
}

/// The command that saves what the form holds; numbers that do not read as numbers are
/// sent as 0, which the server refuses with the limits in words.
pub fn setup_command(
    activity: ActivityId,
    tables: Vec<CafeTable>,
    rounds: &str,
    minutes: &str,
    remote_together: bool,
) -> Command {
    Command::SetCafe {
        activity,
        tables,
        rounds: rounds.trim().parse().unwrap_or(0),
        round_minutes: minutes.trim().parse().unwrap_or(0),
        remote_together,
    }
}

/// The set-up form, then "Start round 1".
#[component]
pub fn CafeSetup(
    /// The café's activity.
    activity: ActivityId,
) -> impl IntoView {
    let governance = expect_context::<Governance>();
    let (saved, prompt) = governance.view.with_untracked(|view| {
        // The activity's own question, if the facilitator wrote one (the kind's default
        // prompt says how a café works; it is no question for a table).
        let prompt = view
            .activities
            .get(&activity)
            .map(|activity| activity.prompt.clone())
            .filter(|prompt| prompt != ActivityKind::WorldCafe.default_prompt())
            .unwrap_or_default();
        (view.cafes.get(&activity).cloned(), prompt)
    });
    let is_saved = Memo::new(move |_| governance.view.with(|view| view.cafes.contains_key(&activity)));
    let start = saved.clone().unwrap_or_else(|| Cafe { rounds: 3, round_minutes: 20, ..Cafe::default() });
    let tables = if start.tables.is_empty() { first_tables(&prompt) } else { start.tables.clone() };
    let next_key = StoredValue::new(tables.len() as u32);
    let rows =
        RwSignal::new(tables.iter().enumerate().map(|(at, table)| TableRow::new(at as u32, table)).collect::<Vec<_>>());
    let rounds = RwSignal::new(start.rounds.to_string());
    let minutes = RwSignal::new(start.round_minutes.to_string());
    let remote_together = RwSignal::new(start.remote_together);
    let hosts = Memo::new(move |_| {
        governance.view.with(|view| {
            view.participants
                .values()
                .filter(|record| record.present() && record.participant.role != Role::Observer)
                .map(|record| (record.participant.id, shown_name(&record.participant.name).to_owned()))
                .collect::<Vec<_>>()
        })
    });
    let add_table = move |_| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        rows.update(|rows| {
            let table = CafeTable {
                question: prompt.clone(),
                colour: TableColour::for_table(rows.len()),
                ..CafeTable::default()
            };
            rows.push(TableRow::new(key, &table));
        });
    };
    // What the server said about the last save, beside the button that sent it.
    let problem = RwSignal::new(None::<String>);
    let save = move |_| {
        let tables = rows.get_untracked().iter().map(TableRow::table).collect();
        let command = setup_command(
            activity,
            tables,
            &rounds.get_untracked(),
            &minutes.get_untracked(),
            remote_together.get_untracked(),
        );
        governance.send_or(
            command,
            move |_| problem.set(None),
            move |reason| {
                // Said once, here, beside the button.
                governance.error.set(None);
                problem.set(Some(reason));
            },
        );
    };
    view! {
        <section class="panel cafe-setup" data-testid="cafe-setup" aria-labelledby="cafe-setup-heading">
            <h2 id="cafe-setup-heading">"Set up the World Café"</h2>
            <p class="hint">"Each table talks about its question. After each round everyone but the hosts moves to a new table; Polyphony seats people so that citizens and professionals mix and meet someone new each round."</p>
            <For each=move || rows.get() key=|row| row.key let:row>
                <TableFields row=row rows=rows hosts=hosts />
            </For>
            <button type="button" class="secondary small" data-testid="add-table"
                disabled=move || { rows.with(Vec::len) >= MAX_TABLES }
                on:click=add_table>"+ Add a table"</button>
            <div class="cafe-rounds">
                <label>"Rounds " <input type="number" min="1" max=MAX_ROUNDS.to_string() data-testid="cafe-rounds" inputmode="numeric"
                    prop:value=move || rounds.get() on:input=move |event| rounds.set(event_target_value(&event)) /></label>
                <label>"Minutes per round " <input type="number" min="1" max=MAX_ROUND_MINUTES.to_string() data-testid="cafe-minutes" inputmode="numeric"
                    prop:value=move || minutes.get() on:input=move |event| minutes.set(event_target_value(&event)) /></label>
            </div>
            <label class="choice"><input type="checkbox" data-testid="cafe-remote-together" prop:checked=move || remote_together.get()
                on:change=move |event| remote_together.set(event_target_checked(&event)) />
                "Online participants sit together at the online tables (else mixed with the room)"</label>
            <div class="cafe-actions">
                <button type="button" data-testid="save-cafe" on:click=save>"Save the tables"</button>
                <button type="button" data-testid="start-cafe" disabled=move || !is_saved.get()
                    title="Save the tables first"
                    on:click=move |_| governance.command(Command::NextCafeRound { activity })>"Start round 1"</button>
            </div>
            {move || problem.get().map(|reason| view! { <p class="error" role="alert" data-testid="cafe-setup-error">{reason}</p> })}
            <p class="hint" role="status" data-testid="cafe-saved">{move || if is_saved.get() {
                "Saved. Start round 1 when everyone has joined; people who join later are seated at once."
            } else {
                "Save the tables, then start round 1."
            }}</p>
        </section>
    }
}

/// One table's fields, and a button that takes it away (a café keeps at least two).
#[component]
fn TableFields(
    row: TableRow,
    rows: RwSignal<Vec<TableRow>>,
    hosts: Memo<Vec<(ParticipantId, String)>>,
) -> impl IntoView {
    let number =
        Memo::new(move |_| rows.with(|rows| rows.iter().position(|other| other.key == row.key).unwrap_or(0) + 1));
    let remove = move |_| rows.update(|rows| rows.retain(|other| other.key != row.key));
    view! {
        <fieldset class="cafe-table-fields" data-testid="cafe-table-fields" data-colour=move || row.colour.get().as_str()>
            <legend>{move || format!("Table {}", number.get())}</legend>
            <label>"Question"
                <input type="text" data-testid="table-question" placeholder="The question this table talks about" maxlength=polyphony_shared::cafe::MAX_TABLE_QUESTION_CHARS.to_string()
                    prop:value=move || row.question.get() on:input=move |event| row.question.set(event_target_value(&event)) />
            </label>
            <div class="table-choices">
                <label>"Colour "
                    <select data-testid="table-colour" on:change=move |event| {
                        if let Some(colour) = TableColour::named(&event_target_value(&event)) { row.colour.set(colour); }
                    }>
                        {TableColour::ALL.iter().map(|colour| view! {
                            <option value=colour.as_str() selected=move || row.colour.get() == *colour>{colour.as_str()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>"Host "
                    <select data-testid="table-host" on:change=move |event| {
                        row.host.set(ParticipantId::parse(&event_target_value(&event)).ok());
                    }>
                        <option value="" selected=move || row.host.get().is_none()>"No host yet"</option>
                        {move || hosts.get().into_iter().map(|(id, name)| view! {
                            <option value=id.to_string() selected=move || row.host.get() == Some(id)>{name}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="choice"><input type="checkbox" data-testid="table-remote" prop:checked=move || row.remote.get()
                    on:change=move |event| row.remote.set(event_target_checked(&event)) />"Online table"</label>
                <button type="button" class="secondary small" data-testid="remove-table"
                    disabled=move || { rows.with(Vec::len) <= MIN_TABLES }
                    aria-label=move || format!("Remove table {}", number.get())
                    on:click=remove>"Remove"</button>
            </div>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_cafe_starts_with_three_tables_asking_the_activitys_question() {
        let tables = first_tables("Which competencies do we need?");
        assert_eq!(tables.len(), 3);
        assert!(tables.iter().all(|table| table.question == "Which competencies do we need?" && table.host.is_none()));
        let colours: Vec<_> = tables.iter().map(|table| table.colour).collect();
        assert_eq!(colours, [TableColour::Red, TableColour::Blue, TableColour::Green]);
    }

    #[test]
    fn numbers_that_do_not_read_are_sent_as_zero_for_the_server_to_refuse_in_words() {
        let activity = ActivityId::random_from(&mut (1u8..));
        let Command::SetCafe { rounds, round_minutes, .. } =
            setup_command(activity, first_tables("Q"), " 2 ", "ten", false)
        else {
            panic!("a set-up command");
        };
        assert_eq!((rounds, round_minutes), (2, 0));
    }
}
