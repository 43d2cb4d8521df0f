//! Types and document schema shared by the Polyphony server and its browser client.
//!
//! This crate builds for native targets and for `wasm32-unknown-unknown`, so it holds no
//! I/O: no tokio, no sockets, no files. Both sides go through it, so they cannot disagree
//! on identifiers, on the JSON of the HTTP API, on websocket close codes, or on the names
//! and shapes inside a board's yrs documents.
//!
//! # Layout
//! - [`ids`]: [`BoardId`], [`JoinCode`] and [`DocName`], each with its one parse/validate function.
//! - [`api`]: request and response bodies of the HTTP JSON API.
//! - [`access`]: roles, participants, and joining a board.
//! - [`facilitation`]: phases, sections, the timer, and the [`Command`]s that change them.
//! - [`backoff`]: reconnect delays with jitter.
//! - [`close`]: [`CloseReason`], the documented websocket close codes.
//! - [`protocol`]: encode and decode y-websocket frames (the codec is `yrs::sync`).
//! - [`schema`]: [`BoardDoc`], the only code that knows the names inside a board's content document.
//! - [`governed`]: [`GovernedDoc`], the same for the governed document only the server writes.
//! - [`names`]: enums stored and sent by name, one table each ([`names::Named`]).
//! - [`model`]: plain values read out of a board ([`model::BoardSnapshot`], cards, questions).
//! - [`text_edit`]: turning a text field's new value into one CRDT edit.
//! - [`voting`]: dot-voting rounds and results; [`ballots`]: where votes wait, unseen.
//! - [`drafts`]: cards written in private-writing mode, unseen until revealed.
//! - [`governance`]: the board's rules as pure code ([`governance::BoardRules`], [`governance::Refusal`]).
//! - [`history`]: restore points of a board's content, to look back and bring it back.
//! - [`withheld`]: hidden cards' words, kept from everyone but author and facilitators.
//! - [`wire`]: strict checks of frames and updates before yrs decodes them.
//! - [`ledger`]: where every block of a document sits, so an update is judged before it is applied.
//!
//! # Quick start
//! ```
//! use polyphony_shared::{BoardDoc, BoardId};
//!
//! let id = BoardId::random_from(&mut [7u8; 16].into_iter());
//! assert_eq!(BoardId::parse(&id.to_string()), Ok(id));
//!
//! let board = BoardDoc::new();
//! board.set_problem_statement("How might we make respite care easier to find?");
//! assert!(board.problem_statement().starts_with("How might we"));
//! ```

pub mod access;
pub mod actions;
pub mod activity_kind;
pub mod admin;
pub mod agenda;
pub mod anonymity;
pub mod answers;
pub mod api;
pub mod backoff;
pub mod backup;
pub mod balance;
pub mod ballots;
pub mod cafe;
pub mod card_filter;
pub mod close;
pub mod command;
mod command_json;
pub mod csv;
pub mod drafts;
pub mod ecomap;
pub mod erasure;
pub mod evaluation;
pub mod facilitation;
pub mod governance;
pub mod governed;
pub mod history;
pub mod ids;
pub mod item_ids;
pub mod layout;
pub mod ledger;
pub mod markup;
pub mod model;
pub mod names;
pub mod polls;
pub mod protocol;
pub mod report;
pub mod schema;
pub mod templates;
pub mod text_edit;
pub mod voting;
pub mod wire;
pub mod withheld;
pub mod word_cloud;

pub use access::{JoinAnswer, JoinRequest, Participant, Role};
pub use api::{BoardInfo, CreateBoardRequest, CreatedBoard, ErrorBody};
pub use close::CloseReason;
pub use facilitation::{Command, Facilitation, Phase, Section, Timer};
pub use governed::GovernedDoc;
pub use ids::{BoardId, DocName, IdError, JoinCode, ParticipantId, RoundId};
pub use model::{BoardSnapshot, Card, CardColour, Cluster, Deleted, ItemKind, Perspective, Question};
pub use schema::{
    BoardDoc, Caret, ChangedPart, LOCAL_EDIT, NewCard, ObservedRoot, TextField, UndoHistory, changed_part,
};
pub use text_edit::TextEdit;
