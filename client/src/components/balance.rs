//! The balance of voices in the browser: facilitators see each perspective's share of the
//! contributions beside its share of the people, person by person too, with a gentle
//! prompt in the bar when one perspective dominates; everyone sees the shares by
//! perspective once a facilitator shows them. Read from the server every few seconds.

use std::time::Duration;

use leptos::prelude::*;
use polyphony_shared::balance::{Balance, Imbalance};
use polyphony_shared::{Command, Perspective};

use crate::governance::Governance;

/// How often the balance is read again.
const READ_EVERY: Duration = Duration::from_secs(5);

/// The balance as this person may see it, read again every few seconds while they may.
#[derive(Clone, Copy)]
pub struct Voices(pub RwSignal<Option<Balance>>);

impl Voices {
    /// Starts reading the balance for this board (provided to the board's views).
    pub fn follow(governance: Governance) -> Voices {
        let balance = RwSignal::new(None::<Balance>);
        let may_see = Memo::new(move |_| {
            governance.facilitates() || governance.view.with(|view| view.facilitation.balance_shown)
        });
        let read = move || {
            if !may_see.get_untracked() {
                balance.set(None);
                return;
            }
            let (board, token) = (governance.board(), governance.token());
            leptos::task::spawn_local(async move {
                if let Ok(found) = crate::api::balance(board, &token).await {
                    balance.set(Some(found));
                }
            });
        };
        Effect::new(move |_| {
            let _ = may_see.get();
            read();
        });
        if let Ok(ticking) = set_interval_with_handle(read, READ_EVERY) {
            on_cleanup(move || ticking.clear());
        }
        Voices(balance)
    }
}

/// A percentage, rounded.
fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// Each perspective's share of the contributions and of the people, as bars.
#[component]
pub fn BalanceOfVoices() -> impl IntoView {
    let Voices(balance) = expect_context::<Voices>();
    let governance = expect_context::<Governance>();
    let rows = move || {
        balance.with(|balance| {
            let Some(balance) = balance else { return Vec::new() };
            let total: u32 = balance.perspectives.iter().map(|part| part.counts.total()).sum();
            let people: u32 = balance.perspectives.iter().map(|part| part.people).sum();
            let share = |part: u32, of: u32| if of == 0 { 0.0 } else { f64::from(part) / f64::from(of) };
            balance
                .perspectives
                .iter()
                .map(|part| (part.perspective, share(part.counts.total(), total), share(part.people, people)))
                .collect::<Vec<_>>()
        })
    };
    let shown = move || governance.facilitates() || governance.view.with(|view| view.facilitation.balance_shown);
    view! {
        <Show when=shown>
            <section class="panel balance" data-testid="balance" aria-labelledby="balance-heading">
                <h2 id="balance-heading">"Balance of voices"</h2>
                <p class="hint">"The bar is each perspective's share of the ideas, dots and answers; the line marks its share of the people taking part."</p>
                <ul class="balance-rows">
                    <For each=rows key=|(perspective, contributions, people)| (*perspective, contributions.to_bits(), people.to_bits()) let:row>
                        <BalanceRow perspective=row.0 contributions=row.1 people=row.2 />
                    </For>
                </ul>
                {move || governance.facilitates().then(|| view! { <PeopleCounts /> <BalanceSettings /> })}
            </section>
        </Show>
    }
}

#[component]
fn BalanceRow(perspective: Perspective, contributions: f64, people: f64) -> impl IntoView {
    let label = perspective.label();
    view! {
        <li class="balance-row" data-testid=format!("balance-{}", perspective.as_str())>
            <span class="balance-label">{label}</span>
            <span class="balance-bar" role="img"
                aria-label=format!("{label}: {} of the contributions, {} of the people", percent(contributions), percent(people))>
                <span class="balance-contributions" style:width=percent(contributions)></span>
                <span class="balance-people" style:left=percent(people)></span>
            </span>
            <span class="balance-figures">{percent(contributions)} " of contributions · " {percent(people)} " of people"</span>
        </li>
    }
}

/// Person by person, for facilitators: who has not been heard yet.
#[component]
fn PeopleCounts() -> impl IntoView {
    let Voices(balance) = expect_context::<Voices>();
    let people = move || {
        let mut people =
            balance.with(|balance| balance.as_ref().map(|balance| balance.people.clone()).unwrap_or_default());
        people.sort_by_key(|person| (person.counts.total(), person.name.to_lowercase()));
        people
    };
    view! {
        <details class="balance-people-list">
            <summary>"Person by person (only facilitators see this)"</summary>
            <table>
                <thead><tr><th scope="col">"Who"</th><th scope="col">"Ideas"</th><th scope="col">"Dots"</th><th scope="col">"Answers"</th><th scope="col">"Questions"</th></tr></thead>
                <tbody>
                    {move || people().into_iter().map(|person| view! {
                        <tr data-testid="balance-person">
                            <th scope="row">{person.name.clone()} " · " {person.perspective.label()}</th>
                            <td>{person.counts.cards}</td><td>{person.counts.dots}</td>
                            <td>{person.counts.answers}</td><td>{person.counts.questions}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </details>
    }
}

/// Whether everyone sees the balance, and when the facilitator is prompted.
#[component]
fn BalanceSettings() -> impl IntoView {
    let governance = expect_context::<Governance>();
    let facilitation = move || governance.view.with(|view| view.facilitation.clone());
    let prompt_at = move || {
        let now = facilitation();
        if now.balance_quiet {
            0
        } else if now.balance_prompt_at == 0 {
            polyphony_shared::facilitation::BALANCE_PROMPT_AT
        } else {
            now.balance_prompt_at
        }
    };
    let set = move |shown: bool, prompt_at: u32| governance.command(Command::SetBalance { shown, prompt_at });
    view! {
        <div class="balance-settings">
            <label class="choice">
                <input type="checkbox" data-testid="balance-shown" prop:checked=move || facilitation().balance_shown
                    on:change=move |event| set(event_target_checked(&event), prompt_at()) />
                "Show everyone the shares by perspective (never names)"
            </label>
            <label>"Tell me when a perspective's share of the contributions is over "
                <select data-testid="balance-prompt" prop:value=move || prompt_at().to_string()
                    on:change=move |event| set(facilitation().balance_shown, event_target_value(&event).parse().unwrap_or(0))>
                    <option value="15">"1.5 times"</option>
                    <option value="20">"twice"</option>
                    <option value="30">"three times"</option>
                    <option value="0">"(never tell me)"</option>
                </select>
                " its share of the people"
            </label>
        </div>
    }
}

/// The prompt in the bar that stays in view, for facilitators, when one perspective
/// dominates.
#[component]
pub fn BalancePrompt() -> impl IntoView {
    let Voices(balance) = expect_context::<Voices>();
    let governance = expect_context::<Governance>();
    let imbalance = Memo::new(move |_| balance.with(|balance| balance.as_ref().and_then(|balance| balance.imbalance)));
    move || {
        let Imbalance { perspective, share, people_share } = imbalance.get()?;
        governance.facilitates().then(|| {
            let text = format!(
                "{}s made {} of the contributions and are {} of the people here. Perhaps invite other voices?",
                perspective.label(),
                percent(share),
                percent(people_share)
            );
            view! { <p class="balance-prompt" role="status" data-testid="balance-prompt">{text}</p> }
        })
    }
}
