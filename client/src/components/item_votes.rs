//! Dots on a card or a challenge question: while a round on them is open, the person's own
//! dots with − and +; once a round is revealed, the dots the item got, combined and per
//! perspective.

use leptos::prelude::*;
use polyphony_shared::voting::{Round, RoundStatus, VoteTarget};

use crate::governance::Governance;

/// The voting line of one card or question.
#[component]
pub fn ItemVotes(
    /// The card's or question's id.
    id: String,
    /// Whether it is a card or a question.
    target: VoteTarget,
) -> impl IntoView {
    let governance = expect_context::<Governance>();
    let view = governance.view;
    let card = StoredValue::new(id);
    let open_round = Memo::new(move |_| {
        view.with(|view| {
            view.rounds
                .values()
                .find(|round| is_open_on(round, target) && governance.counts_here(view, round))
                .map(|round| (round.id.to_string(), round.cap, round.budget))
        })
    });
    let dots = Memo::new(move |_| {
        let Some((round, _, _)) = open_round.get() else { return 0 };
        governance.my_dots.with(|dots| dots.get(&(round, card.get_value())).copied().unwrap_or(0))
    });
    let vote = move |change: i32| {
        if let Some((round, _, _)) = open_round.get_untracked() {
            let wanted = dots.get_untracked().saturating_add_signed(change);
            governance.vote(round, card.get_value(), wanted);
        }
    };
    let revealed = move || {
        view.with(|view| {
            let round = view.rounds.values().rev().find(|round| {
                round.status == RoundStatus::Revealed && round.target == target && governance.counts_here(view, round)
            })?;
            let item = card.get_value();
            let tally = round.results.as_ref()?.get(&item).copied().unwrap_or_default();
            let agreement = polyphony_shared::voting::agreement::item_agreement(round, &item);
            Some((round.title.clone(), tally, round.rank_of(&item), agreement))
        })
    };
    view! {
        {move || open_round.get().map(|(round, cap, budget)| {
            let left = Memo::new(move |_| governance.dots_left.with(|left| left.get(&round).copied()).unwrap_or(budget));
            // Why "+" is off, said beside it rather than failing silently.
            let blocked = move || {
                if dots.get() >= cap {
                    Some(format!("at most {cap} on one"))
                } else if left.get() == 0 {
                    Some("no dots left: take one back to move it".to_owned())
                } else {
                    None
                }
            };
            view! {
            <div class="votes" data-testid=format!("votes-{}", card.get_value())>
                <button type="button" class="small secondary" aria-label="Take back a dot"
                    disabled=move || dots.get() == 0 on:click=move |_| vote(-1)>"−"</button>
                <span class="dots" data-testid=format!("my-dots-{}", card.get_value())>{move || dots.get()}</span>
                <button type="button" class="small" aria-label="Give a dot" data-testid=format!("vote-{}", card.get_value())
                    disabled=move || blocked().is_some() title=blocked on:click=move |_| vote(1)>"+"</button>
                <span class="dots-left" data-testid=format!("dots-left-{}", card.get_value())>
                    {move || blocked().unwrap_or_else(|| format!("{} of {budget} dots left", left.get()))}
                </span>
            </div>
            }
        })}
        {move || revealed().map(|(title, tally, rank, agreement)| {
            // The three places with most dots stand out, so the group sees its choice.
            let leading = rank.filter(|rank| *rank <= LEADING_PLACES);
            view! {
            <p class="results" class:leading=leading.is_some() data-testid=format!("results-{}", card.get_value())>
                {leading.map(|rank| format!("★ {} · ", place(rank)))}
                <span class="round-title">{title} " — "</span>
                {tally.total} {if tally.total == 1 { " dot" } else { " dots" }} " · citizens " {tally.citizen} " · professionals " {tally.professional} " · others " {tally.other}
                {agreement.map(|agreement| {
                    let kind = match agreement {
                        polyphony_shared::voting::agreement::ItemAgreement::CommonGround => "agreement common",
                        polyphony_shared::voting::agreement::ItemAgreement::SeenDifferently => "agreement different",
                    };
                    view! { " " <span class=kind data-testid=format!("agreement-{}", card.get_value())>{agreement.label()}</span> }
                })}
            </p>
            }
        })}
    }
}

fn is_open_on(round: &Round, target: VoteTarget) -> bool {
    round.status == RoundStatus::Open && round.target == target
}

/// How many places with most dots are highlighted after a reveal.
const LEADING_PLACES: usize = 3;

fn place(rank: usize) -> String {
    match rank {
        1 => "most dots".to_owned(),
        2 => "2nd".to_owned(),
        3 => "3rd".to_owned(),
        rank => format!("{rank}th"),
    }
}
