//! Answering a ranking on a phone: the options as a list with big "up" and "down" buttons
//! (no dragging, so it works by touch, keyboard and screen reader alike), then one button
//! to send the order. The person's own order is kept and shown until the poll closes.

use leptos::prelude::*;
use polyphony_shared::Command;
use polyphony_shared::ids::ActivityId;
use polyphony_shared::polls::{Poll, PollStatus};

use crate::governance::Governance;

/// `order` with the item at `at` moved one place up (`up`) or down; unchanged at the ends.
pub fn moved(order: &[u32], at: usize, up: bool) -> Vec<u32> {
    let mut order = order.to_vec();
    let other = if up { at.checked_sub(1) } else { Some(at + 1).filter(|next| *next < order.len()) };
    if let Some(other) = other.filter(|_| at < order.len()) {
        order.swap(at, other);
    }
    order
}

/// The order to start from: the person's own, if it still names every option once, else
/// the options as the facilitator wrote them.
pub fn starting_order(options: usize, mine: Option<Vec<u32>>) -> Vec<u32> {
    let written: Vec<u32> = (0..options).filter_map(|at| u32::try_from(at).ok()).collect();
    match mine {
        Some(mine) if mine.len() == options && written.iter().all(|option| mine.contains(option)) => mine,
        _ => written,
    }
}

/// A ranking to answer.
#[component]
pub fn RankingAnswer(
    /// The poll's activity.
    activity: ActivityId,
    /// The poll.
    poll: Memo<Option<Poll>>,
) -> impl IntoView {
    let governance = expect_context::<Governance>();
    // The list stays put while live counts change: it follows the options only.
    let options =
        Memo::new(move |_| poll.with(|poll| poll.as_ref().map(|poll| poll.options.clone()).unwrap_or_default()));
    let open = Memo::new(move |_| {
        poll.with(|poll| poll.as_ref().is_some_and(|poll| poll.status == PollStatus::Open)) && !governance.facilitates()
    });
    let sent = RwSignal::new(crate::sync::my_answer(activity));
    let order = RwSignal::new(Vec::<u32>::new());
    Effect::new(move |_| {
        let count = options.with(Vec::len);
        order.set(starting_order(count, sent.get_untracked()));
    });
    let changed = Memo::new(move |_| sent.with(|sent| sent.as_ref() != Some(&order.get())));
    let send = move |_| {
        let answer = order.get_untracked();
        let kept = answer.clone();
        governance.send(Command::AnswerPoll { activity, answer }, move |_| {
            crate::sync::remember_my_answer(activity, &kept);
            sent.set(Some(kept));
        });
    };
    // Moving an item moves its row in the page, which takes the focus away: it is given back
    // to the button pressed, so the keyboard and screen reader stay on the item.
    let move_item = move |event: leptos::ev::MouseEvent, from: usize, up: bool| {
        let button = event_target::<web_sys::HtmlElement>(&event);
        order.update(|order| *order = moved(order, from, up));
        request_animation_frame(move || {
            let _ = button.focus();
        });
    };
    let label = move |option: u32| options.with(|options| options.get(option as usize).cloned().unwrap_or_default());
    view! {
        <ol class="ranking" data-testid="ranking">
            // Keyed by option, so a moved item keeps its buttons (and the focus) as it moves.
            <For each=move || order.get() key=|option| *option let:option>
                {
                    let at = move || order.with(|order| order.iter().position(|other| *other == option).unwrap_or(0));
                    let last = move || at() + 1 == order.with(Vec::len);
                    view! {
                        <li class="ranked" data-testid=move || format!("ranked-{}", at())>
                            <span class="place">{move || at() + 1}</span>
                            <span class="ranked-label">{move || label(option)}</span>
                            <button type="button" class="secondary move-up" disabled=move || !open.get() || at() == 0
                                aria-label=move || format!("Move {} up", label(option)) data-testid=move || format!("up-{}", at())
                                on:click=move |event| move_item(event, at(), true)>"▲"</button>
                            <button type="button" class="secondary move-down" disabled=move || !open.get() || last()
                                aria-label=move || format!("Move {} down", label(option)) data-testid=move || format!("down-{}", at())
                                on:click=move |event| move_item(event, at(), false)>"▼"</button>
                        </li>
                    }
                }
            </For>
        </ol>
        {move || open.get().then(|| view! {
            <button type="button" data-testid="send-ranking" disabled=move || !changed.get() on:click=send>
                {move || if sent.with(Option::is_some) { "Send my new order" } else { "Send my order" }}
            </button>
        })}
        <p class="hint" role="status" data-testid="poll-status">{move || match (open.get(), sent.with(Option::is_some), changed.get()) {
            (false, ..) if governance.facilitates() => "People put the list in order on their own devices; nobody sees who answered what.",
            (false, ..) => "The ranking is closed.",
            (true, true, false) => "Your order is in. You can change it until the ranking closes.",
            (true, _, _) => "Most important first: move items with ▲ and ▼, then send. Nobody sees who answered what.",
        }}</p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_move_one_place_and_stay_at_the_ends() {
        assert_eq!(moved(&[0, 1, 2], 1, true), [1, 0, 2]);
        assert_eq!(moved(&[0, 1, 2], 1, false), [0, 2, 1]);
        assert_eq!(moved(&[0, 1, 2], 0, true), [0, 1, 2]);
        assert_eq!(moved(&[0, 1, 2], 2, false), [0, 1, 2]);
        assert_eq!(moved(&[0, 1, 2], 5, true), [0, 1, 2]);
    }

    #[test]
    fn a_kept_order_is_used_only_while_it_fits_the_options() {
        assert_eq!(starting_order(3, Some(vec![2, 0, 1])), [2, 0, 1]);
        assert_eq!(starting_order(3, Some(vec![0, 1])), [0, 1, 2]);
        assert_eq!(starting_order(2, None), [0, 1]);
    }
}
