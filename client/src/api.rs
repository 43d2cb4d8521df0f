//! Calls to the server's JSON API, with errors a person can read. Answers are read into the
//! shared answer types ([`polyphony_shared::answers`]), the ones the server writes.

use leptos::prelude::window;
use polyphony_shared::answers::FromJson;
use polyphony_shared::api::{Admission, AdmissionAnswer, CreatedBoard, ErrorBody, JoinBursts};
use polyphony_shared::drafts::Draft;
use polyphony_shared::history::{PointInfo, PointPreview};
use polyphony_shared::withheld::Withheld;
use polyphony_shared::{BoardId, BoardInfo, JoinAnswer, JoinCode, ParticipantId, Perspective, Role};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, Request, RequestInit, Response};

use crate::json;

/// Why an API call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// The server could not be reached.
    Network,
    /// The server refused the request and said why.
    Refused(String),
    /// The server answered something this client does not understand.
    Unexpected,
}

impl ApiError {
    /// What to tell the person.
    pub fn message(&self) -> String {
        match self {
            ApiError::Network => "cannot reach the server; check your connection".to_owned(),
            ApiError::Refused(reason) => reason.clone(),
            ApiError::Unexpected => "unexpected answer from the server".to_owned(),
        }
    }
}

/// Creates a board with the given title, from a built-in template, a saved agenda or blank;
/// returns it and its facilitator key.
pub async fn create_board(
    title: String,
    template: Option<&str>,
    saved: Option<&polyphony_shared::templates::Template>,
) -> Result<(BoardInfo, String), ApiError> {
    let mut fields = vec![("title", JsValue::from_str(&title))];
    if let Some(template) = template {
        fields.push(("template", JsValue::from_str(template)));
    }
    if let Some(saved) = saved {
        fields.push(("agenda", crate::components::saved_templates::to_value(saved)));
    }
    let body = json::stringify(&json::build(&fields)).ok_or(ApiError::Unexpected)?;
    let created: CreatedBoard = answer(fetch("POST", "/api/boards", None, Some(body)).await?)?;
    Ok((created.board, created.facilitator_key))
}

/// Restores a backup file into a new board: the board and its facilitator key.
pub async fn restore_board(backup: String) -> Result<(BoardInfo, String), ApiError> {
    let created: CreatedBoard = answer(fetch("POST", "/api/boards/restore", None, Some(backup)).await?)?;
    Ok((created.board, created.facilitator_key))
}

/// What this browser holds to take part in one board: the token and who it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pass {
    /// The signed token from joining.
    pub token: String,
    /// Who the token names.
    pub participant: ParticipantId,
    /// What the token allows.
    pub role: Role,
    /// Waiting in the lobby for a facilitator to let them in: the token opens nothing yet.
    pub waiting: bool,
}

impl Pass {
    /// The JSON kept in browser storage.
    pub fn to_json(&self) -> Option<String> {
        json::stringify(&json::build(&[
            ("token", JsValue::from_str(&self.token)),
            ("participant", JsValue::from_str(&self.participant.to_string())),
            ("role", JsValue::from_str(self.role.as_str())),
            ("waiting", JsValue::from_bool(self.waiting)),
        ]))
    }

    /// Whether the token has expired (its claims say until when; the server checks the
    /// signature). An expired pass is dropped and the person joins again.
    pub fn expired(&self, now_ms: f64) -> bool {
        use base64::Engine;
        let claims = self
            .token
            .split('.')
            .nth(1)
            .and_then(|claims| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(claims).ok());
        let expires_at_ms = claims
            .and_then(|claims| String::from_utf8(claims).ok())
            .and_then(|claims| json::parse(&claims))
            .and_then(|claims| json::number(&claims, "e"));
        expires_at_ms.is_none_or(|expires_at_ms| expires_at_ms <= now_ms)
    }

    /// Reads the JSON kept in browser storage.
    pub fn from_json(text: &str) -> Option<Pass> {
        let value = json::parse(text)?;
        Some(Pass {
            token: json::string(&value, "token")?,
            participant: ParticipantId::parse(&json::string(&value, "participant")?).ok()?,
            role: Role::parse(&json::string(&value, "role")?)?,
            waiting: json::flag(&value, "waiting").unwrap_or(false),
        })
    }
}

/// Joins a board under a name and perspective (as a facilitator with the board's key).
pub async fn join_board(
    board: BoardId,
    name: &str,
    perspective: Perspective,
    facilitator_key: Option<String>,
    observer: bool,
) -> Result<Pass, ApiError> {
    let mut fields = vec![
        ("name", JsValue::from_str(name)),
        ("perspective", JsValue::from_str(perspective.as_str())),
        ("observer", JsValue::from_bool(observer)),
    ];
    if let Some(key) = &facilitator_key {
        fields.push(("facilitator_key", JsValue::from_str(key)));
    }
    let body = json::stringify(&json::build(&fields)).ok_or(ApiError::Unexpected)?;
    let joined: JoinAnswer = answer(fetch("POST", &format!("/api/boards/{board}/join"), None, Some(body)).await?)?;
    Ok(Pass {
        token: joined.token,
        participant: joined.participant.id,
        role: joined.participant.role,
        waiting: joined.waiting,
    })
}

/// Whether the holder of a pass that waits in the lobby was let in yet.
pub async fn admission(board: BoardId, token: &str) -> Result<Admission, ApiError> {
    let answer: AdmissionAnswer =
        answer(fetch("GET", &format!("/api/boards/{board}/admission"), Some(token), None).await?)?;
    Ok(answer.admission)
}

/// Reads a board's metadata.
pub async fn board_info(id: BoardId) -> Result<BoardInfo, ApiError> {
    answer(fetch("GET", &format!("/api/boards/{id}"), None, None).await?)
}

/// Finds the board a join code belongs to.
pub async fn board_by_code(code: JoinCode) -> Result<BoardInfo, ApiError> {
    answer(fetch("GET", &BoardInfo::join_path(code), None, None).await?)
}

/// Reads a board's metadata from its JSON form, as the server sends it.
pub fn board_info_from(value: &JsValue) -> Option<BoardInfo> {
    json::read(value)
}

/// The JSON form of a board's metadata, for keeping it in browser storage.
pub fn board_info_json(info: &BoardInfo) -> Option<String> {
    json::stringify(&json::build(&[
        ("id", JsValue::from_str(&info.id.to_string())),
        ("title", JsValue::from_str(&info.title)),
        ("join_code", JsValue::from_str(info.join_code.as_str())),
        ("created_at_ms", JsValue::from_f64(info.created_at_ms as f64)),
    ]))
}

/// Sends a command to a board with this browser's token; the answer, if it has one.
pub async fn command(
    board: BoardId,
    token: &str,
    command: &polyphony_shared::Command,
) -> Result<CommandAnswer, ApiError> {
    let body = fetch("POST", &format!("/api/boards/{board}/commands"), Some(token), Some(command.to_json())).await?;
    Ok(CommandAnswer(body))
}

/// What the server answered to a command: nothing, or one of the shared answer types.
pub struct CommandAnswer(JsValue);

impl CommandAnswer {
    /// The answer as `T` (a vote's [`polyphony_shared::voting::MyVotes`], a new round's
    /// [`polyphony_shared::facilitation::OpenedRound`] …), if it is one.
    pub fn read<T: FromJson>(&self) -> Option<T> {
        json::read(&self.0)
    }
}

/// The dots in a round of the sender, or of someone without a device they act for.
pub async fn votes(
    board: BoardId,
    token: &str,
    round: polyphony_shared::RoundId,
    person: Option<ParticipantId>,
) -> Result<polyphony_shared::voting::MyVotes, ApiError> {
    let of = person.map(|person| format!("?for={person}")).unwrap_or_default();
    answer(fetch("GET", &format!("/api/boards/{board}/rounds/{round}/votes{of}"), Some(token), None).await?)
}

/// The balance of voices as the sender may see it.
pub async fn balance(board: BoardId, token: &str) -> Result<polyphony_shared::balance::Balance, ApiError> {
    answer(fetch("GET", &format!("/api/boards/{board}/balance"), Some(token), None).await?)
}

/// My private cards on a board (private-writing mode).
pub async fn my_drafts(board: BoardId, token: &str) -> Result<Vec<crate::governance::MyDraft>, ApiError> {
    let drafts: Vec<Draft> = answer(fetch("GET", &format!("/api/boards/{board}/drafts"), Some(token), None).await?)?;
    let mine = |draft: Draft| crate::governance::MyDraft { card: draft.card, text: draft.text, colour: draft.colour };
    Ok(drafts.into_iter().map(mine).collect())
}

/// The words of the hidden cards I may read, by card id.
pub async fn withheld(
    board: BoardId,
    token: &str,
) -> Result<std::collections::BTreeMap<polyphony_shared::item_ids::CardId, String>, ApiError> {
    let all: Vec<Withheld> = answer(fetch("GET", &format!("/api/boards/{board}/withheld"), Some(token), None).await?)?;
    Ok(all.into_iter().map(|words| (words.card, words.text)).collect())
}

/// How many joined from each network that joined in a burst, and over how many minutes.
pub async fn join_bursts(board: BoardId, token: &str) -> Result<JoinBursts, ApiError> {
    answer(fetch("GET", &format!("/api/boards/{board}/join-bursts"), Some(token), None).await?)
}

/// The board's restore points, newest first (facilitators only).
pub async fn points(board: BoardId, token: &str) -> Result<Vec<PointInfo>, ApiError> {
    answer(fetch("GET", &format!("/api/boards/{board}/points"), Some(token), None).await?)
}

/// What one restore point holds.
pub async fn point_preview(board: BoardId, token: &str, id: u64) -> Result<PointPreview, ApiError> {
    answer(fetch("GET", &format!("/api/boards/{board}/points/{id}"), Some(token), None).await?)
}

/// A text the server makes of a board for a facilitator (CSV, the report), at `path` under it.
pub async fn board_text(board: BoardId, path: &str, token: &str) -> Result<String, ApiError> {
    fetch_text("GET", &format!("/api/boards/{board}/{path}"), Some(token), None).await
}

/// Deletes a board for good, as its facilitator.
pub async fn delete_board(board: BoardId, token: &str) -> Result<(), ApiError> {
    fetch("DELETE", &format!("/api/boards/{board}"), Some(token), None).await.map(|_| ())
}

/// Reads an answer as `T`; an answer of another shape is one this client does not understand.
fn answer<T: FromJson>(body: JsValue) -> Result<T, ApiError> {
    json::read(&body).ok_or(ApiError::Unexpected)
}

/// Whether the server turns this pass away (its holder was removed, or it is no longer
/// valid); false when the server cannot be reached.
pub async fn pass_refused(board: BoardId, token: &str) -> bool {
    matches!(fetch("GET", &format!("/api/boards/{board}/drafts"), Some(token), None).await, Err(ApiError::Refused(_)))
}

/// Sends a request with the browser's `fetch`, with a JSON body and `Authorization: Bearer
/// <token>` when given; the JSON body of the answer (`null` for none), or the server's
/// `{"error": …}` as an error.
async fn fetch(method: &str, path: &str, token: Option<&str>, body: Option<String>) -> Result<JsValue, ApiError> {
    let text = fetch_text(method, path, token, body).await?;
    if text.is_empty() {
        return Ok(JsValue::NULL);
    }
    json::parse(&text).ok_or(ApiError::Unexpected)
}

/// Sends a request as [`fetch`] does; the text of a successful answer, or the server's
/// `{"error": …}` as an error.
async fn fetch_text(method: &str, path: &str, token: Option<&str>, body: Option<String>) -> Result<String, ApiError> {
    let init = RequestInit::new();
    init.set_method(method);
    let headers = Headers::new().map_err(|_| ApiError::Unexpected)?;
    if let Some(token) = token {
        headers.set("authorization", &format!("Bearer {token}")).map_err(|_| ApiError::Unexpected)?;
    }
    if let Some(body) = body {
        headers.set("content-type", "application/json").map_err(|_| ApiError::Unexpected)?;
        init.set_body(&JsValue::from_str(&body));
    }
    init.set_headers(&headers);
    let request = Request::new_with_str_and_init(path, &init).map_err(|_| ApiError::Unexpected)?;
    let response = JsFuture::from(window().fetch_with_request(&request)).await.map_err(|_| ApiError::Network)?;
    let response: Response = response.dyn_into().map_err(|_| ApiError::Unexpected)?;
    let ok = response.ok();
    let text = response.text().map_err(|_| ApiError::Unexpected)?;
    let text = JsFuture::from(text).await.map_err(|_| ApiError::Network)?.as_string().unwrap_or_default();
    if ok {
        return Ok(text);
    }
    let refused = json::parse(&text).and_then(|body| json::read::<ErrorBody>(&body));
    Err(refused.map_or(ApiError::Unexpected, |body| ApiError::Refused(body.error)))
}
