//! Zooming the canvas with buttons, for mouse and trackpad users (fingers pinch): steps from
//! half size to one and a half, and "Fit" to see the whole width at once.

use leptos::prelude::*;

/// The zoom levels the buttons step through.
const STEPS: [f64; 6] = [0.5, 0.67, 0.8, 1.0, 1.25, 1.5];
const SMALLEST: f64 = STEPS[0];
const LARGEST: f64 = STEPS[STEPS.len() - 1];
/// Two levels closer than this are the same level.
const SAME: f64 = 0.001;

/// The canvas's zoom factor (1 is actual size). Provided by the canvas.
#[derive(Clone, Copy)]
pub struct Zoom(pub RwSignal<f64>);

/// The next level up from `current`.
pub fn zoomed_in(current: f64) -> f64 {
    STEPS.into_iter().find(|step| *step > current + SAME).unwrap_or(LARGEST)
}

/// The next level down from `current`.
pub fn zoomed_out(current: f64) -> f64 {
    STEPS.into_iter().rev().find(|step| *step < current - SAME).unwrap_or(SMALLEST)
}

/// The level that shows `content` pixels of width in `visible` pixels (never larger than
/// actual size: fitting is for seeing everything).
pub fn fitting(visible: f64, content: f64) -> f64 {
    if visible <= 0.0 || content <= 0.0 {
        return 1.0;
    }
    (visible / content).clamp(SMALLEST, 1.0)
}

/// "−  100%  +  Fit" above the canvas.
#[component]
pub fn ZoomBar(
    /// The canvas's zoom.
    zoom: Zoom,
    /// How wide the canvas's content is, at actual size.
    content_width: Signal<f64>,
) -> impl IntoView {
    let zoom = zoom.0;
    let fit = move |_| {
        let visible = super::card_canvas::visible_canvas_width();
        zoom.set(fitting(visible, content_width.get_untracked()));
    };
    view! {
        <div class="zoom-bar" role="group" aria-label="Zoom the canvas">
            <button type="button" class="secondary small" aria-label="Zoom out" data-testid="zoom-out"
                disabled=move || { zoom.get() <= SMALLEST + SAME }
                on:click=move |_| zoom.update(|level| *level = zoomed_out(*level))>"−"</button>
            <button type="button" class="secondary small" aria-label="Actual size" data-testid="zoom-level"
                on:click=move |_| zoom.set(1.0)>{move || format!("{}%", (zoom.get() * 100.0).round() as i64)}</button>
            <button type="button" class="secondary small" aria-label="Zoom in" data-testid="zoom-in"
                disabled=move || { zoom.get() >= LARGEST - SAME }
                on:click=move |_| zoom.update(|level| *level = zoomed_in(*level))>"+"</button>
            <button type="button" class="secondary small" data-testid="zoom-fit" on:click=fit>"Fit"</button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_go_up_and_down_and_stop_at_the_ends() {
        assert_eq!(zoomed_in(1.0), 1.25);
        assert_eq!(zoomed_out(1.0), 0.8);
        assert_eq!(zoomed_in(LARGEST), LARGEST);
        assert_eq!(zoomed_out(SMALLEST), SMALLEST);
        // From a fitted level between steps, the next step in each direction.
        assert_eq!(zoomed_in(0.72), 0.8);
        assert_eq!(zoomed_out(0.72), 0.67);
    }

    #[test]
    fn fitting_shows_the_whole_width_but_never_enlarges() {
        assert_eq!(fitting(800.0, 1600.0), 0.5);
        assert_eq!(fitting(800.0, 1000.0), 0.8);
        assert_eq!(fitting(1600.0, 800.0), 1.0);
        assert_eq!(fitting(300.0, 3000.0), SMALLEST);
        assert_eq!(fitting(0.0, 800.0), 1.0);
    }
}
