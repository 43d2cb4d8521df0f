//! Live charts for the projector, drawn as SVG: bars split by perspective and a word cloud.
//! Each bar and each word keeps its element as results change (keyed by label), and moves
//! by CSS transform with a transition, so a chart grows smoothly as answers arrive instead
//! of being drawn anew (motion is dropped when the viewer asks for reduced motion).

use leptos::prelude::*;
use polyphony_shared::polls::ByPerspective;

use crate::components::presenter_results::Bar;

/// The chart's width in user units (about the width it has on a projector's page, so a
/// unit is about a pixel there).
const WIDTH: f64 = 600.0;
/// Height of one bar's row: its label above, the bar below.
const ROW: f64 = 84.0;
/// Room kept right of the longest bar for its total.
const TOTAL_ROOM: f64 = 60.0;
/// Font size of each of the cloud's four sizes.
const CLOUD_FONTS: [f64; 4] = [24.0, 32.0, 44.0, 58.0];
/// Space between two words of the cloud.
const CLOUD_GAP: f64 = 24.0;
/// How wide a character is, as a part of the font size (a generous estimate for sans-serif).
const CHAR_WIDTH: f64 = 0.64;

/// The most characters of a label that fit above its bar.
const LABEL_CHARS: usize = 36;

/// A label cut to fit above its bar (the chart's accessible name keeps it whole).
pub fn fitted(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        return label.to_owned();
    }
    let kept: String = label.chars().take(LABEL_CHARS - 1).collect();
    format!("{}…", kept.trim_end())
}

/// Where each segment of a bar starts and how long it is, in user units, for bars whose
/// longest total fills the chart.
pub fn segments(bar: &Bar, longest: u32) -> [(f64, f64); 3] {
    let scale = (WIDTH - TOTAL_ROOM) / f64::from(longest.max(1));
    let mut start = 0.0;
    bar.by_perspective.map(|count| {
        let length = f64::from(count) * scale;
        let segment = (start, length);
        start += length;
        segment
    })
}

/// Bars by perspective as SVG; `marked` labels get a "common ground" mark.
#[component]
pub fn SvgBars(
    /// The bars, in the order shown.
    bars: Signal<Vec<Bar>>,
    /// Labels marked as common ground.
    #[prop(into)]
    marked: Signal<Vec<String>>,
) -> impl IntoView {
    let longest = Memo::new(move |_| bars.with(|bars| bars.iter().map(Bar::total).max().unwrap_or(1)));
    let height = move || bars.with(Vec::len).max(1) as f64 * ROW;
    view! {
        <svg class="svg-bars" data-testid="svg-bars" role="img" viewBox=move || format!("0 0 {WIDTH} {}", height())
            aria-label=move || bars.with(|bars| bars.iter().map(|bar| format!("{}: {}", bar.label, bar.total())).collect::<Vec<_>>().join("; "))>
            <For each=move || bars.with(|bars| bars.iter().map(|bar| bar.label.clone()).collect::<Vec<_>>()) key=|label| label.clone() let:label>
                {
                    let key = label.clone();
                    let row = Memo::new(move |_| bars.with(|bars| bars.iter().position(|bar| bar.label == key).unwrap_or(0)));
                    let key = label.clone();
                    let bar = Memo::new(move |_| bars.with(|bars| bars.iter().find(|bar| bar.label == key).cloned()));
                    let key = label.clone();
                    let common = move || marked.with(|marked| marked.contains(&key));
                    let place = move |at: usize| bar.with(|bar| bar.as_ref().map(|bar| segments(bar, longest.get())[at]).unwrap_or_default());
                    let total = move || bar.with(|bar| bar.as_ref().map_or(0, Bar::total));
                    view! {
                        <g class="svg-row" style=move || format!("transform: translateY({}px)", row.get() as f64 * ROW)>
                            <text x="0" y="28" class="svg-label">{move || common().then_some("✓ ")}{fitted(&label)}</text>
                            {["citizen", "professional", "other"].into_iter().enumerate().map(|(at, class)| view! {
                                <rect class=format!("svg-segment {class}") x="0" y="38" width="1" height="32"
                                    style=move || { let (start, length) = place(at); format!("transform: translateX({start:.1}px) scaleX({length:.1})") } />
                            }).collect_view()}
                            <text y="64" class="svg-total" style=move || { let (start, length) = place(2); format!("transform: translateX({:.1}px)", start + length + 10.0) }>{total}</text>
                        </g>
                    }
                }
            </For>
        </svg>
    }
}

/// A word placed in the cloud: where it starts, its baseline, and its font size.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    /// The word.
    pub word: String,
    /// Left edge.
    pub x: f64,
    /// Baseline.
    pub y: f64,
    /// Font size.
    pub font: f64,
    /// Estimated width.
    pub width: f64,
}

/// Lays the cloud's terms (most frequent first, each with a size from 1 to 4) out in
/// centred rows across the chart's width; returns them and the height used.
pub fn cloud_layout(terms: &[(String, u32)]) -> (Vec<Placed>, f64) {
    let mut placed = Vec::new();
    let mut rows: Vec<Vec<Placed>> = vec![Vec::new()];
    let mut used = 0.0;
    for (word, size) in terms {
        let font = CLOUD_FONTS[(*size as usize).clamp(1, 4) - 1];
        let width = (word.chars().count() as f64 * font * CHAR_WIDTH).min(WIDTH);
        if used > 0.0 && used + CLOUD_GAP + width > WIDTH {
            rows.push(Vec::new());
            used = 0.0;
        }
        let x = if used > 0.0 { used + CLOUD_GAP } else { 0.0 };
        used = x + width;
        if let Some(row) = rows.last_mut() {
            row.push(Placed { word: word.clone(), x, y: 0.0, font, width });
        }
    }
    let mut top = 0.0;
    for row in rows.into_iter().filter(|row| !row.is_empty()) {
        let tallest = row.iter().map(|term| term.font).fold(0.0, f64::max);
        let span = row.last().map_or(0.0, |term| term.x + term.width);
        let shift = (WIDTH - span) / 2.0;
        top += tallest * 1.3;
        placed.extend(row.into_iter().map(|term| Placed { x: term.x + shift, y: top - tallest * 0.3, ..term }));
    }
    (placed, top.max(1.0))
}

/// An open question's word cloud as SVG.
#[component]
pub fn SvgCloud(
    /// The terms with their size (1 to 4) and counts by perspective, most frequent first.
    terms: Signal<Vec<(String, u32, ByPerspective)>>,
    /// Terms said by more than one perspective.
    #[prop(into)]
    common: Signal<Vec<String>>,
) -> impl IntoView {
    let layout = Memo::new(move |_| {
        terms.with(|terms| cloud_layout(&terms.iter().map(|(word, size, _)| (word.clone(), *size)).collect::<Vec<_>>()))
    });
    view! {
        <svg class="svg-cloud" data-testid="svg-cloud" role="img" viewBox=move || format!("0 0 {WIDTH} {:.0}", layout.with(|(_, height)| *height))
            aria-label=move || terms.with(|terms| terms.iter().map(|(word, ..)| word.clone()).collect::<Vec<_>>().join(", "))>
            <For each=move || terms.with(|terms| terms.iter().map(|(word, ..)| word.clone()).collect::<Vec<_>>()) key=|word| word.clone() let:word>
                {
                    let key = word.clone();
                    let spot = Memo::new(move |_| layout.with(|(placed, _)| placed.iter().find(|term| term.word == key).cloned()));
                    let key = word.clone();
                    let shared = move || common.with(|common| common.contains(&key));
                    view! {
                        <text class="svg-term" class:common=shared
                            style=move || spot.with(|spot| spot.as_ref().map(|spot| format!("transform: translate({:.1}px, {:.1}px); font-size: {}px", spot.x, spot.y, spot.font)).unwrap_or_default())>
                            {word.clone()}
                        </text>
                    }
                }
            </For>
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_follow_each_other_and_the_longest_bar_fills_the_chart() {
        let bar = Bar { label: "Bus".into(), by_perspective: [2, 1, 1] };
        let [citizens, professionals, others] = segments(&bar, 4);
        assert_eq!(citizens.0, 0.0);
        assert_eq!(professionals.0, citizens.1);
        assert!((others.0 + others.1 - (WIDTH - TOTAL_ROOM)).abs() < 1e-9);
    }

    #[test]
    fn long_labels_are_cut_to_fit() {
        assert_eq!(fitted("By bus"), "By bus");
        let cut = fitted("Someone from the neighbourhood gives me a lift in the evening");
        assert_eq!(cut.chars().count(), LABEL_CHARS);
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn cloud_words_do_not_overlap_and_stay_inside() {
        let terms: Vec<(String, u32)> =
            (0..30).map(|at| (format!("word{at}{}", "x".repeat(at % 7)), 4 - (at as u32 % 4))).collect();
        let (placed, height) = cloud_layout(&terms);
        assert_eq!(placed.len(), 30);
        for term in &placed {
            assert!(term.x >= 0.0 && term.x + term.width <= WIDTH + 1e-9, "{term:?}");
            assert!(term.y > 0.0 && term.y <= height, "{term:?}");
        }
        for (at, a) in placed.iter().enumerate() {
            for b in &placed[at + 1..] {
                let same_row = (a.y - b.y).abs() < 1e-9;
                let apart = a.x + a.width <= b.x || b.x + b.width <= a.x;
                assert!(!same_row || apart, "{a:?} overlaps {b:?}");
                if !same_row {
                    let (upper, lower) = if a.y < b.y { (a, b) } else { (b, a) };
                    assert!(
                        lower.y - lower.font >= upper.y - 1e-9 - upper.font * 0.3,
                        "rows overlap: {upper:?} {lower:?}"
                    );
                }
            }
        }
    }
}
