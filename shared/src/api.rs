//! Bodies of the HTTP JSON API, used by the server's handlers and the client's fetches.

use serde::{Deserialize, Serialize};

use crate::ids::{BoardId, DocName, JoinCode};

/// The longest board title accepted, in characters.
pub const MAX_TITLE_CHARS: usize = 200;

/// `POST /api/boards`: create a board.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreateBoardRequest {
    /// What the workshop is about, shown at the top of the board.
    pub title: String,
    /// The built-in agenda template to start from ([`crate::templates`]); none for a blank
    /// board.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    /// An agenda saved as a template from another board, to start from instead of a
    /// built-in one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agenda: Option<crate::templates::Template>,
}

/// Why a request body was refused; the text is safe to show to the person who sent it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    /// The title is empty after trimming white space.
    #[error("the title must not be empty")]
    EmptyTitle,
    /// The title is longer than [`MAX_TITLE_CHARS`].
    #[error("the title must be at most {MAX_TITLE_CHARS} characters")]
    TitleTooLong,
    /// There is no such template.
    #[error("there is no such workshop template")]
    UnknownTemplate,
    /// A saved template that does not fit the agenda's limits.
    #[error(
        "this template does not fit: it needs a name, 1 to {} activities, and titles, prompts and instructions within the agenda's limits",
        crate::agenda::MAX_ACTIVITIES
    )]
    InvalidTemplate,
}

impl CreateBoardRequest {
    /// The title with surrounding white space removed, or why it cannot be used.
    pub fn validated_title(&self) -> Result<String, InputError> {
        let title = self.title.trim();
        if title.is_empty() {
            return Err(InputError::EmptyTitle);
        }
        if title.chars().count() > MAX_TITLE_CHARS {
            return Err(InputError::TitleTooLong);
        }
        Ok(title.to_owned())
    }

    /// The saved template to start from, if one was sent, or why it cannot be used.
    pub fn validated_agenda(&self) -> Result<Option<&crate::templates::Template>, InputError> {
        match &self.agenda {
            None => Ok(None),
            Some(template) if template.fits() => Ok(Some(template)),
            Some(_) => Err(InputError::InvalidTemplate),
        }
    }

    /// The JSON of the template asked for, if any, or why it cannot be used.
    pub fn validated_template(&self) -> Result<Option<&'static str>, InputError> {
        match self.template.as_deref().filter(|id| !id.is_empty()) {
            None => Ok(None),
            Some(id) => crate::templates::built_in(id).map(Some).ok_or(InputError::UnknownTemplate),
        }
    }
}

/// A board's public metadata: `GET /api/boards/{board_id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardInfo {
    /// The board's unguessable id.
    pub id: BoardId,
    /// The title given at creation.
    pub title: String,
    /// The short code participants type to join.
    pub join_code: JoinCode,
    /// Creation time in milliseconds since the Unix epoch.
    pub created_at_ms: u64,
}

impl BoardInfo {
    /// The path of the board's page in the web client.
    pub fn page_path(&self) -> String {
        format!("/b/{}", self.id)
    }

    /// The path to join this board: `POST` a [`crate::JoinRequest`] to get a token.
    pub fn join_request_path(&self) -> String {
        format!("/api/boards/{}/join", self.id)
    }

    /// The path that resolves this board's join code: `GET /api/join/{code}`.
    pub fn join_path(code: JoinCode) -> String {
        format!("/api/join/{code}")
    }

    /// The websocket path that syncs one of the board's documents with the y-websocket protocol.
    ///
    /// A Yjs `WebsocketProvider` connects with server URL `ws://host/ws/{id}` and room `content`.
    pub fn ws_path(&self, doc: DocName) -> String {
        ws_path(self.id, doc)
    }
}

/// The websocket path for one document of a board.
pub fn ws_path(board: BoardId, doc: DocName) -> String {
    format!("/ws/{board}/{doc}")
}

/// `GET /api/boards/{board_id}/join-bursts`: many joins from one network, for facilitators.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JoinBursts {
    /// For each network (client address) that joined the board five times or more in the
    /// last `minutes`, how many joined from it, most first. Normal for a venue's Wi-Fi; one
    /// person joining many times to vote as many looks the same.
    pub from_one_network: Vec<u32>,
    /// The window, in minutes.
    pub minutes: u32,
}

/// `GET /api/boards/{board_id}/admission`: where someone who joined stands, asked with
/// their token while they wait in the lobby.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    /// Still waiting for a facilitator.
    Waiting,
    /// Let in: the board is open to them.
    Admitted,
    /// Turned away (removed) by a facilitator.
    TurnedAway,
}

impl Admission {
    /// Every standing.
    pub const ALL: [Admission; 3] = [Admission::Waiting, Admission::Admitted, Admission::TurnedAway];

    /// The name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Admission::Waiting => "waiting",
            Admission::Admitted => "admitted",
            Admission::TurnedAway => "turned_away",
        }
    }
}

/// The answer to `GET /api/boards/{board_id}/admission`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdmissionAnswer {
    /// Where they stand.
    pub admission: Admission,
}

/// The answer to a `new_facilitator_key` command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewFacilitatorKey {
    /// The key that now lets its holder join as a facilitator.
    pub facilitator_key: String,
}

/// The answer to a `share_report` command that shares the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportLink {
    /// The public report's path on this server (`/report/{board}/{key}`).
    pub report_link: String,
}

/// The answer to `POST /api/boards`: the board, where to open it, and the facilitator key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedBoard {
    /// The new board's metadata.
    pub board: BoardInfo,
    /// The path of the board's page in the web client.
    pub page_path: String,
    /// The websocket path of the board's content document.
    pub content_ws_path: String,
    /// The secret that lets its holder join as a facilitator. Shown once; keep it private.
    pub facilitator_key: String,
    /// The facilitator link: the board page with the key in the fragment, which browsers
    /// never send to a server.
    pub facilitator_path: String,
}

impl CreatedBoard {
    /// Describes a freshly created board.
    pub fn new(board: BoardInfo, facilitator_key: String) -> Self {
        CreatedBoard {
            page_path: board.page_path(),
            content_ws_path: board.ws_path(DocName::Content),
            facilitator_path: format!("{}#facilitator={facilitator_key}", board.page_path()),
            facilitator_key,
            board,
        }
    }
}

/// The body of every error response: `{"error": "..."}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// A short, lowercase explanation meant for the person who sent the request.
    pub error: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_is_trimmed_and_bounded() {
        let request = |title: &str| CreateBoardRequest { title: title.to_owned(), template: None, agenda: None };
        assert_eq!(request("  Respite care  ").validated_title(), Ok("Respite care".to_owned()));
        assert_eq!(request(" \n ").validated_title(), Err(InputError::EmptyTitle));
        let long = "é".repeat(MAX_TITLE_CHARS + 1);
        assert_eq!(request(&long).validated_title(), Err(InputError::TitleTooLong));
        assert!(request(&"é".repeat(MAX_TITLE_CHARS)).validated_title().is_ok());
    }
}
