//! A finger on a touch screen, for browser tests: presses on one element and lifts over
//! another (or a distance away), as WebDriver touch actions, so the page sees pointer
//! events of type "touch".

use std::time::Duration;

use fantoccini::actions::{InputSource, MOUSE_BUTTON_LEFT, PointerAction, TouchActions};

use crate::browser::Browser;

/// Where a finger lifts.
#[derive(Debug, Clone, Copy)]
pub enum Lift<'a> {
    /// Over the middle of the element this CSS selector finds.
    Over(&'a str),
    /// This far from where it pressed, in CSS pixels.
    By(f64, f64),
}

/// The middle of the element `css` finds, in the window's CSS pixels (scrolled into view).
async fn middle_of(browser: &Browser, css: &str, scroll: bool) -> anyhow::Result<(f64, f64)> {
    let script = format!(
        "const e = document.querySelector({css:?}); if (!e) return null; {} \
         const r = e.getBoundingClientRect(); return [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2)];",
        if scroll { "e.scrollIntoView({block: 'center'});" } else { "" }
    );
    let found = browser.script(&script).await?;
    serde_json::from_value(found).map_err(|_| anyhow::anyhow!("nothing matches {css}"))
}

/// Presses a finger on the middle of `from` (a CSS selector), slides it in steps, and lifts it.
pub async fn drag(browser: &Browser, from: &str, lift: Lift<'_>) -> anyhow::Result<()> {
    let (x, y) = middle_of(browser, from, true).await?;
    let (to_x, to_y) = match lift {
        Lift::Over(css) => middle_of(browser, css, false).await?,
        Lift::By(dx, dy) => (x + dx, y + dy),
    };
    let step = Some(Duration::from_millis(120));
    let finger = TouchActions::new("finger".to_owned())
        .then(PointerAction::MoveTo { duration: None, x, y })
        .then(PointerAction::Down { button: MOUSE_BUTTON_LEFT })
        .then(PointerAction::MoveTo { duration: step, x: (x + to_x) / 2.0, y: (y + to_y) / 2.0 })
        .then(PointerAction::MoveTo { duration: step, x: to_x, y: to_y })
        .then(PointerAction::Up { button: MOUSE_BUTTON_LEFT });
    browser.client.perform_actions(finger).await?;
    Ok(())
}
