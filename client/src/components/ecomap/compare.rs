//! Two versions of the map side by side (one above the other on a phone), with what
//! appeared, disappeared or changed outlined and named on both drawings, and every change
//! said in words below them ([`polyphony_shared::ecomap::compare`]).

use leptos::prelude::*;
use polyphony_shared::ecomap::EcoMap;
use polyphony_shared::ecomap::compare::{Mark, compare};
use polyphony_shared::ecomap::svg::{self, Drawing};

/// Two maps to compare, with what each is called.
#[derive(Debug, Clone, PartialEq)]
pub struct Compared {
    /// The earlier version's name.
    pub earlier_title: String,
    /// The earlier map.
    pub earlier: EcoMap,
    /// The later version's name ("The map now").
    pub later_title: String,
    /// The later map.
    pub later: EcoMap,
}

/// The comparison.
#[component]
pub fn SideBySide(
    /// The two maps.
    compared: Compared,
) -> impl IntoView {
    let Compared { earlier_title, earlier, later_title, later } = compared;
    let comparison = compare(&earlier, &later);
    let before = svg::render_with(
        &earlier,
        &Drawing { title: &format!("The map of {earlier_title}"), marks: &comparison.before, key: "compare-before" },
    );
    let after = svg::render_with(
        &later,
        &Drawing { title: &format!("The map of {later_title}"), marks: &comparison.after, key: "compare-after" },
    );
    let lines = comparison.lines;
    view! {
        <div class="ecomap-compare" data-testid="map-compare">
            <figure data-testid="compare-before"><figcaption>{earlier_title}</figcaption>
                <div class="ecomap-drawing static" inner_html=before></div></figure>
            <figure data-testid="compare-after"><figcaption>{later_title}</figcaption>
                <div class="ecomap-drawing static" inner_html=after></div></figure>
        </div>
        <h4>"What changed"</h4>
        <ul class="ecomap-changes" data-testid="map-changes">
            {if lines.is_empty() {
                view! { <li>"Nothing changed between these two."</li> }.into_any()
            } else {
                lines.into_iter().map(|line| {
                    let class = match line.mark {
                        Mark::Appeared => "change appeared",
                        Mark::Disappeared => "change disappeared",
                        Mark::Changed => "change changed",
                    };
                    view! { <li class=class data-mark=line.mark.word()>{line.text}</li> }
                }).collect_view().into_any()
            }}
        </ul>
    }
}
