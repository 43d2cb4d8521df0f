//! Saving the eco-map: as SVG (the renderer's own drawing) or as a PNG picture drawn from
//! that same SVG at twice its size, for a family's file or a report.

use leptos::prelude::*;
use polyphony_shared::ecomap::svg::{self, WIDTH};
use polyphony_shared::ecomap::{CENTRE, EcoMap};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::governance::Governance;

/// How many picture pixels per map unit in the PNG.
const PNG_SCALE: f64 = 2.0;

/// The map as a `data:` URL of its SVG.
fn svg_url(map: &EcoMap) -> String {
    let drawing = svg::render(map, &format!("Eco-map of {}", map.end_name(CENTRE)));
    format!("data:image/svg+xml;charset=utf-8,{}", js_sys::encode_uri_component(&drawing))
}

/// A file name for the map: "eco-map-the-jansen-family".
fn file_name(map: &EcoMap) -> String {
    let name: String =
        map.end_name(CENTRE).to_lowercase().chars().map(|c| if c.is_alphanumeric() { c } else { '-' }).collect();
    let name: Vec<&str> = name.split('-').filter(|part| !part.is_empty()).collect();
    format!("eco-map-{}", name.join("-"))
}

/// "Save the map": SVG and PNG.
#[component]
pub fn MapExport(
    /// The map, followed live.
    map: ReadSignal<EcoMap>,
) -> impl IntoView {
    let governance = expect_context::<Governance>();
    let link = NodeRef::<leptos::html::A>::new();
    let (href, name) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let save = move |url: String, file: String| {
        href.set(url);
        name.set(file);
        if let Some(link) = link.get_untracked() {
            link.click();
        }
    };
    let save_svg = move |_| map.with_untracked(|map| save(svg_url(map), format!("{}.svg", file_name(map))));
    let save_png = move |_| {
        let (url, file) = map.with_untracked(|map| (svg_url(map), format!("{}.png", file_name(map))));
        let drawn = draw_png(&url, move |png| match png {
            Some(png) => save(png, file.clone()),
            None => governance.error.set(Some(CANNOT_DRAW.to_owned())),
        });
        if drawn.is_none() {
            governance.error.set(Some(CANNOT_DRAW.to_owned()));
        }
    };
    view! {
        <div class="ecomap-export">
            <button type="button" class="secondary small" data-testid="save-svg" on:click=save_svg>"Save the map (SVG)"</button>
            <button type="button" class="secondary small" data-testid="save-png" on:click=save_png>"Save as a picture (PNG)"</button>
            <a node_ref=link hidden data-testid="map-file" download=move || name.get() href=move || href.get() aria-hidden="true" tabindex="-1"></a>
        </div>
    }
}

/// What a browser that cannot draw the picture is told.
const CANNOT_DRAW: &str = "The picture could not be drawn in this browser; save the map as SVG instead.";

/// Draws the SVG at `url` on a canvas and hands `done` the PNG's `data:` URL (none if the
/// browser would not draw it); none if it could not even start.
fn draw_png(url: &str, done: impl Fn(Option<String>) + 'static) -> Option<()> {
    let image = web_sys::HtmlImageElement::new().ok()?;
    let loaded = image.clone();
    let onload = Closure::once_into_js(move || {
        let picture = (|| {
            let canvas: web_sys::HtmlCanvasElement = document().create_element("canvas").ok()?.dyn_into().ok()?;
            let (width, height) = (loaded.natural_width().max(1), loaded.natural_height().max(1));
            let scale = PNG_SCALE * WIDTH / f64::from(width);
            canvas.set_width((f64::from(width) * scale) as u32);
            canvas.set_height((f64::from(height) * scale) as u32);
            let context: web_sys::CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
            context.scale(scale, scale).ok()?;
            context.draw_image_with_html_image_element(&loaded, 0.0, 0.0).ok()?;
            canvas.to_data_url_with_type("image/png").ok()
        })();
        done(picture);
    });
    image.set_onload(Some(onload.unchecked_ref()));
    image.set_src(url);
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use polyphony_shared::ecomap::Centre;

    #[test]
    fn the_file_is_named_after_the_family() {
        let map = EcoMap {
            centre: Centre { name: "The Jansen family!".into(), members: String::new() },
            ..EcoMap::default()
        };
        assert_eq!(file_name(&map), "eco-map-the-jansen-family");
        assert_eq!(file_name(&EcoMap::default()), "eco-map-the-family");
    }
}
