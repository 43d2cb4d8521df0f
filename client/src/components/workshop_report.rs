//! The workshop report for a facilitator ([`polyphony_shared::report`]): open it in a new
//! tab to read, print or save as PDF; download it as Markdown; and share it at a public,
//! read-only link, which can be taken back (it then stops working at once).

use leptos::prelude::*;
use polyphony_shared::Command;
use polyphony_shared::api::ReportLink;

use crate::components::download_file::DownloadFile;
use crate::governance::Governance;

/// Opens `html` in a new tab, as a page of its own (a blob URL, so nothing else of the
/// board goes with it).
fn open_page(html: &str) -> Option<()> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(html));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/html;charset=utf-8");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    window().open_with_url_and_target(&url, "_blank").ok()?;
    Some(())
}

/// The report's part of the facilitator panel.
#[component]
pub fn WorkshopReport() -> impl IntoView {
    let governance = expect_context::<Governance>();
    let link = RwSignal::new(None::<String>);
    let shared = Memo::new(move |_| governance.view.with(|view| view.facilitation.report_link.is_some()));
    let open = move |_| {
        let (board, token) = (governance.board(), governance.token());
        leptos::task::spawn_local(async move {
            match crate::api::board_text(board, "report.html", &token).await {
                Ok(html) => {
                    if open_page(&html).is_none() {
                        governance
                            .error
                            .set(Some("The browser did not open the report: allow pop-ups for this site.".into()));
                    }
                }
                Err(error) => governance.error.set(Some(error.message())),
            }
        });
    };
    let share = move |on: bool| {
        governance.send(Command::ShareReport { on }, move |reply| {
            let origin = window().location().origin().unwrap_or_default();
            link.set(reply.read::<ReportLink>().map(|shared| format!("{origin}{}", shared.report_link)));
        });
    };
    view! {
        <section class="workshop-report" data-testid="workshop-report">
            <h3>"Workshop report"</h3>
            <p class="hint">"Everything the board holds, by phase: open it to read, print or save as PDF. Names stay out when the board is anonymous; a personal eco-map only if you included it."</p>
            <div class="poll-controls">
                <button type="button" class="small" data-testid="open-report" on:click=open>"Open the report"</button>
                <DownloadFile path="report.md".to_owned() file="report.md" label="Download as Markdown" testid="download-report" mime="text/markdown" />
                <DownloadFile path="backup.json".to_owned() file="board-backup.json" label="Download a backup" testid="download-backup" mime="application/json" />
            </div>
            {move || match (shared.get(), link.get()) {
                (true, Some(url)) => view! {
                    <label class="facilitator-link">"Public link (read only; anyone with it can read the report) "
                        <input readonly data-testid="report-link" prop:value=url /></label>
                    <button type="button" class="secondary small" data-testid="stop-sharing-report"
                        on:click=move |_| share(false)>"Stop sharing (the link stops working)"</button>
                }.into_any(),
                (true, None) => view! {
                    <p class="hint">"The report is shared at a public link."</p>
                    <button type="button" class="secondary small" data-testid="show-report-link" on:click=move |_| share(true)>"Show the public link"</button>
                    <button type="button" class="secondary small" data-testid="stop-sharing-report" on:click=move |_| share(false)>"Stop sharing"</button>
                }.into_any(),
                (false, _) => view! {
                    <button type="button" class="secondary small" data-testid="share-report" on:click=move |_| share(true)>"Share a public link to the report"</button>
                }.into_any(),
            }}
        </section>
    }
}
