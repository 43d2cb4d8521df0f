//! `GET /api/boards/{board_id}/qr.svg`: the QR code of the board's join link, for the
//! facilitator to show large; participants scan it with a phone camera.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use polyphony_shared::BoardId;
use qrcode::QrCode;
use qrcode::render::svg;

use crate::error::ApiError;
use crate::state::AppState;

/// Smallest and largest side of the image, in pixels; the default suits a tablet panel.
const SIZES: std::ops::RangeInclusive<u32> = 120..=2000;
const DEFAULT_SIZE: u32 = 240;

/// The query string: `?size=<pixels>` for a bigger picture, such as on a projector.
#[derive(serde::Deserialize)]
pub struct QrParams {
    size: Option<u32>,
}

/// Renders the join link `http(s)://<host>/j/<code>` as an SVG QR code. The host is the one
/// the request came to, so the code works on the network the facilitator's screen uses.
pub async fn join_qr(
    State(state): State<AppState>,
    Path(board_id): Path<String>,
    Query(params): Query<QrParams>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let size = params.size.unwrap_or(DEFAULT_SIZE).clamp(*SIZES.start(), *SIZES.end());
    let id = BoardId::parse(&board_id)?;
    let Some(board) = state.store.board(id).await? else { return Err(ApiError::BoardNotFound) };
    let host = headers.get(header::HOST).and_then(|host| host.to_str().ok()).unwrap_or("localhost");
    let secure = headers.get("x-forwarded-proto").is_some_and(|proto| proto.as_bytes() == b"https");
    let scheme = if secure { "https" } else { "http" };
    let link = format!("{scheme}://{host}/j/{}", board.join_code);
    let Ok(code) = QrCode::new(link.as_bytes()) else { return Err(ApiError::BadHost) };
    let image = code.render::<svg::Color<'_>>().min_dimensions(size, size).quiet_zone(true).build();
    let mut response = image.into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("image/svg+xml"));
    Ok(response)
}
