//! A participant's World Café card: in big type, the table to go to in the round running
//! (number and colour, named in words too) and its question; before the first round, that
//! the facilitator will seat everyone; during the harvest, that all tables are gathered.

use leptos::prelude::*;
use polyphony_shared::Command;
use polyphony_shared::cafe::Cafe;
use polyphony_shared::ids::{ActivityId, ParticipantId};

use crate::governance::Governance;

/// What the card says to `me` about `cafe`.
pub fn card_text(cafe: Option<&Cafe>, me: ParticipantId) -> (String, String) {
    let Some(cafe) = cafe.filter(|cafe| cafe.round > 0) else {
        return ("Waiting for the first round".to_owned(), "The facilitator will send everyone to a table.".to_owned());
    };
    if cafe.harvesting() {
        return ("The harvest".to_owned(), "All tables share what they found.".to_owned());
    }
    match cafe.table_now(me).and_then(|at| Some((at, cafe.tables.get(at)?))) {
        Some((at, table)) => {
            let hosting = if table.host == Some(me) { " · you host this table" } else { "" };
            (format!("Table {} · {}{hosting}", at + 1, table.colour.as_str()), table.question.clone())
        }
        None => ("You are not seated yet".to_owned(), "Ask the facilitator for a table.".to_owned()),
    }
}

/// The card.
#[component]
pub fn CafeCard(
    /// The café's activity.
    activity: ActivityId,
) -> impl IntoView {
    let governance = expect_context::<Governance>();
    let text = Memo::new(move |_| governance.view.with(|view| card_text(view.cafes.get(&activity), governance.me())));
    let colour = Memo::new(move |_| {
        governance.view.with(|view| {
            let cafe = view.cafes.get(&activity)?;
            let at = cafe.table_now(governance.me())?;
            Some(cafe.tables.get(at)?.colour.as_str())
        })
    });
    view! {
        <section class="panel cafe-card" data-testid="cafe-card" data-colour=move || colour.get().unwrap_or("none")>
            <h2 class="cafe-table">{move || text.get().0}</h2>
            <p class="cafe-question">{move || text.get().1}</p>
        </section>
        <OnlineChoice activity=activity />
    }
}

/// Before the first round of a café with online tables: "I take part online", so the
/// seating puts this person at an online table.
#[component]
fn OnlineChoice(activity: ActivityId) -> impl IntoView {
    let governance = expect_context::<Governance>();
    let state = Memo::new(move |_| {
        governance.view.with(|view| {
            let cafe = view.cafes.get(&activity)?;
            let asks = cafe.round == 0 && cafe.tables.iter().any(|table| table.remote);
            asks.then(|| cafe.online.contains(&governance.me()))
        })
    });
    move || {
        state.get().map(|online| {
            let say = move |online| governance.command(Command::SetCafeOnline { activity, online });
            view! {
                <fieldset class="panel cafe-where" data-testid="cafe-where">
                    <legend>"Where are you taking part?"</legend>
                    <button type="button" class="poll-answer" class:chosen=!online aria-pressed=(!online).to_string()
                        data-testid="in-the-room" on:click=move |_| say(false)>"In the room"</button>
                    <button type="button" class="poll-answer" class:chosen=online aria-pressed=online.to_string()
                        data-testid="online" on:click=move |_| say(true)>"Online"</button>
                </fieldset>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use polyphony_shared::cafe::{CafeTable, TableColour};
    use std::collections::BTreeMap;

    #[test]
    fn the_card_names_the_table_by_number_and_colour_with_its_question() {
        let me = ParticipantId::random_from(&mut (1u8..));
        let mut cafe = Cafe {
            tables: vec![
                CafeTable { question: "What helps?".into(), colour: TableColour::Red, ..CafeTable::default() },
                CafeTable { question: "Who helps?".into(), colour: TableColour::Green, host: Some(me), remote: false },
            ],
            rounds: 2,
            round_minutes: 15,
            seating: vec![BTreeMap::from([(me, 1)]), BTreeMap::from([(me, 1)])],
            ..Cafe::default()
        };
        assert_eq!(card_text(Some(&cafe), me).0, "Waiting for the first round");
        cafe.round = 1;
        assert_eq!(card_text(Some(&cafe), me), ("Table 2 · green · you host this table".into(), "Who helps?".into()));
        cafe.round = 3;
        assert_eq!(card_text(Some(&cafe), me).0, "The harvest");
    }
}
