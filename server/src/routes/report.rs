//! The workshop report ([`polyphony_shared::report`]): `GET /api/boards/{id}/report.html`
//! and `report.md` for a facilitator, and `GET /report/{id}/{key}`, the public, read-only
//! link a facilitator shares (`share_report`) and can take back (then 404, like a link
//! that never was).

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use polyphony_shared::BoardId;
use polyphony_shared::report::{Report, html, markdown};

use super::auth::{authorize_facilitator, bearer_token};
use crate::error::ApiError;
use crate::state::AppState;

/// A report page allows no script, no connection and no frame around it: styles and
/// inline images only.
const REPORT_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// `GET /api/boards/{board_id}/report.html`: the report as a page made for print.
pub async fn for_facilitator_html(
    State(state): State<AppState>,
    Path(board_id): Path<String>,
    headers: HeaderMap,
) -> Result<impl IntoResponse, ApiError> {
    Ok(page(&for_facilitator(&state, &board_id, &headers).await?, "private, no-store"))
}

/// `GET /api/boards/{board_id}/report.md`: the report as Markdown, saved as `report.md`.
pub async fn for_facilitator_markdown(
    State(state): State<AppState>,
    Path(board_id): Path<String>,
    headers: HeaderMap,
) -> Result<impl IntoResponse, ApiError> {
    let text = markdown::render(&for_facilitator(&state, &board_id, &headers).await?);
    let headers = [
        (header::CONTENT_TYPE, "text/markdown; charset=utf-8"),
        (header::CONTENT_DISPOSITION, "attachment; filename=\"report.md\""),
        (header::CACHE_CONTROL, "private, no-store"),
    ];
    Ok((headers, text))
}

/// `GET /report/{board_id}/{key}`: the shared report, for anyone with the link; 404 for a
/// malformed, unknown or taken-back link alike.
pub async fn shared(State(state): State<AppState>, Path((board_id, key)): Path<(String, String)>) -> Response {
    let Ok(board) = BoardId::parse(&board_id) else { return not_shared() };
    match report(&state, board, Some(key)).await {
        // A link taken back must stop working at once: nothing in between keeps a copy.
        Ok(report) => page(&report, "no-store").into_response(),
        Err(error) => {
            let response = error.into_response();
            if response.status() == StatusCode::NOT_FOUND { not_shared() } else { response }
        }
    }
}

/// The page a person sees at a link that is not (or no longer) shared: 404, in words.
fn not_shared() -> Response {
    let headers =
        [(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CONTENT_SECURITY_POLICY, REPORT_POLICY)];
    (StatusCode::NOT_FOUND, headers, NOT_SHARED_PAGE).into_response()
}

const NOT_SHARED_PAGE: &str = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Report not shared</title>\
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1d2430}</style>\
</head><body><h1>This report is not shared</h1><p>The link is wrong, or the facilitator stopped sharing the \
report. Ask them for a new link.</p></body></html>";

/// The report of `board_id` for the facilitator whose token `headers` carry.
async fn for_facilitator(state: &AppState, board_id: &str, headers: &HeaderMap) -> Result<Report, ApiError> {
    let board = BoardId::parse(board_id)?;
    authorize_facilitator(state, board, bearer_token(headers)).await?;
    report(state, board, None).await
}

/// The board's report with its title and today's date.
async fn report(state: &AppState, board: BoardId, key: Option<String>) -> Result<Report, ApiError> {
    let info = state.store.board(board).await?.ok_or(ApiError::BoardNotFound)?;
    let mut report = state.rooms.report(board, key).await?;
    report.title = info.title;
    report.made_on = date(state.clock.now_ms());
    Ok(report)
}

/// The report as an HTML response under its own strict policy, kept out of search engines.
fn page(report: &Report, cache: &'static str) -> impl IntoResponse + use<> {
    let headers = [
        (header::CONTENT_TYPE, "text/html; charset=utf-8"),
        (header::CONTENT_SECURITY_POLICY, REPORT_POLICY),
        (header::CACHE_CONTROL, cache),
        (header::HeaderName::from_static("x-robots-tag"), "noindex"),
    ];
    (headers, html::render(report))
}

/// A date as people write it: "29 November 2026" (UTC).
fn date(now_ms: u64) -> String {
    let seconds = i64::try_from(now_ms / 1000).unwrap_or(i64::MAX);
    match time::OffsetDateTime::from_unix_timestamp(seconds) {
        Ok(moment) => format!("{} {} {}", moment.day(), moment.month(), moment.year()),
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_read_as_people_write_them() {
        assert_eq!(super::date(1_796_000_000_000), "30 November 2026");
        assert_eq!(super::date(0), "1 January 1970");
    }
}
