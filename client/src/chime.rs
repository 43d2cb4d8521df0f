//! A soft chime when the timer runs out, for a facilitator who asked for one on this
//! device: two short tones made with Web Audio, so there is no sound file to download.
//! Participants' phones stay silent.

use std::time::Duration;

use leptos::prelude::set_timeout;
use wasm_bindgen::JsValue;
use web_sys::{AudioContext, OscillatorType};

use crate::sync::offline;

/// Where the choice is kept in this browser.
const SETTING: &str = "chime";
/// The two tones (Hz), one after the other.
const TONES: [f64; 2] = [660.0, 880.0];
/// Seconds between the tones' starts, and how long each sounds.
const SPACING: f64 = 0.35;
const LENGTH: f64 = 0.6;

/// Whether this browser chimes at the end of a timer.
pub fn enabled() -> bool {
    offline::load_text(SETTING).as_deref() == Some("on")
}

/// Turns the chime on or off for this browser; turning it on plays it once, so the
/// facilitator hears how loud it is (and the browser allows sound from then on).
pub fn set_enabled(on: bool) {
    offline::save_text(SETTING, if on { "on" } else { "off" });
    if on {
        play();
    }
}

/// Plays the chime (silently does nothing where the browser has no Web Audio).
pub fn play() {
    if let Err(error) = try_play() {
        web_sys::console::warn_2(&JsValue::from_str("the chime could not play"), &error);
    }
}

fn try_play() -> Result<(), JsValue> {
    let context = AudioContext::new()?;
    let now = context.current_time();
    for (index, tone) in TONES.into_iter().enumerate() {
        let start = now + index as f64 * SPACING;
        let oscillator = context.create_oscillator()?;
        oscillator.set_type(OscillatorType::Sine);
        oscillator.frequency().set_value(tone as f32);
        let gain = context.create_gain()?;
        // A quick rise and a long fade: a bell, not a beep.
        gain.gain().set_value_at_time(0.0001, start)?;
        gain.gain().exponential_ramp_to_value_at_time(0.3, start + 0.02)?;
        gain.gain().exponential_ramp_to_value_at_time(0.0001, start + LENGTH)?;
        oscillator.connect_with_audio_node(&gain)?;
        gain.connect_with_audio_node(&context.destination())?;
        oscillator.start_with_when(start)?;
        oscillator.stop_with_when(start + LENGTH + 0.05)?;
    }
    // Browsers allow only a few audio contexts at once: close this one when it is done.
    set_timeout(
        move || {
            let _closing = context.close();
        },
        Duration::from_secs(2),
    );
    Ok(())
}
