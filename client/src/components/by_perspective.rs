//! A poll's results side by side by perspective ([`polyphony_shared::polls::agreement`]):
//! for each option, the share of citizens, professionals and others who chose it, with
//! common ground and what is seen differently marked in words, not colour alone.

use leptos::prelude::*;
use polyphony_shared::agenda::ActivityKind;
use polyphony_shared::polls::{Agreement, Poll, agreement};

use crate::components::poll::answer_labels;

const PERSPECTIVES: [&str; 3] = ["Citizens", "Professionals", "Others"];

/// A share as a whole percentage.
pub fn percent(share: f64) -> String {
    format!("{:.0}%", (share * 100.0).clamp(0.0, 100.0))
}

/// The perspectives that answered, by slot.
fn answering(agreement: &Agreement) -> Vec<usize> {
    (0..3)
        .filter(|at| {
            agreement.options.iter().any(|option| option.shares[*at].is_some()) || agreement.averages[*at].is_some()
        })
        .collect()
}

/// The table, shown once two perspectives or more have answered.
#[component]
pub fn ByPerspective(
    /// The poll's kind.
    kind: ActivityKind,
    /// The poll, with results.
    poll: Poll,
) -> impl IntoView {
    let Some(results) = poll.results.clone() else { return ().into_any() };
    let seen = agreement(kind, &poll, &results);
    let columns = answering(&seen);
    if columns.len() < 2 && seen.common_words.is_empty() {
        return ().into_any();
    }
    let labels = answer_labels(kind, &poll);
    let label_of =
        |choice: u32| labels.iter().find(|(at, _)| *at == choice).map(|(_, label)| label.clone()).unwrap_or_default();
    let share_word = if kind == ActivityKind::Ranking { "how high they put it" } else { "who chose it" };
    let common_words: Vec<String> = seen.common_words.iter().cloned().collect();
    view! {
        <section class="by-perspective" data-testid="by-perspective">
            <h3>"By perspective"</h3>
            {(!seen.options.is_empty()).then(|| view! {
                <table>
                    <caption class="hint">{format!("Of each perspective, {share_word}")}</caption>
                    <thead><tr><th scope="col">"Answer"</th>
                        {columns.iter().map(|at| view! { <th scope="col">{PERSPECTIVES[*at]}</th> }).collect_view()}</tr></thead>
                    <tbody>
                        {seen.options.iter().map(|option| view! {
                            <tr class:common=option.common>
                                <th scope="row">{label_of(option.choice)}
                                    {match (option.common, option.different) {
                                        (true, _) => view! { " " <span class="badge common-ground" data-testid="common-ground">"Common ground"</span> }.into_any(),
                                        (false, true) => view! { " " <span class="badge seen-differently" data-testid="seen-differently">"Seen differently"</span> }.into_any(),
                                        _ => ().into_any(),
                                    }}</th>
                                {columns.iter().map(|at| view! { <td>{option.shares[*at].map(percent).unwrap_or_else(|| "–".to_owned())}</td> }).collect_view()}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
            {(kind == ActivityKind::Scale).then(|| view! {
                <p data-testid="scale-averages">"Average: "
                    {columns.iter().filter_map(|at| seen.averages[*at].map(|average| format!("{} {average:.1}", PERSPECTIVES[*at].to_lowercase()))).collect::<Vec<_>>().join(" · ")}
                    {match seen.scale_alike {
                        Some(true) => " — seen alike",
                        Some(false) => " — seen differently",
                        None => "",
                    }}
                </p>
            })}
            {(!common_words.is_empty()).then(|| view! {
                <p data-testid="common-words"><span class="badge common-ground">"Common ground"</span>" said by more than one perspective: " {common_words.join(" · ")}</p>
            })}
        </section>
    }
    .into_any()
}
