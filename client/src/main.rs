//! Starts the web client: takes away the loading note of `index.html` and mounts the app.

fn main() {
    console_error_panic_hook::set_once();
    if let Some(boot) = leptos::prelude::document().get_element_by_id("boot") {
        boot.remove();
    }
    leptos::mount::mount_to_body(polyphony_client::App);
}
