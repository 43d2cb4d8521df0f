//! `POST /api/boards/{board_id}/commands`: a change to governed state or a vote, checked by
//! the server; `GET /api/boards/{board_id}/rounds/{round_id}/votes`: your votes.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use polyphony_shared::api::NewFacilitatorKey;
use polyphony_shared::drafts::Draft;
use polyphony_shared::facilitation::OpenedRound;
use polyphony_shared::governance::commands::FreshIds;
use polyphony_shared::voting::MyVotes;
use polyphony_shared::withheld::Withheld;
use polyphony_shared::{BoardId, Command, ParticipantId, Role, RoundId};
use rand::Rng;

use super::auth::{authorize, bearer_token};
use crate::access::Access;
use crate::error::ApiError;
use crate::room::Done;
use crate::state::AppState;

/// Checks the sender's token and role and the command, makes the change, and answers once
/// it is stored: 204, or 200 with `{"round": id}` for a new round and with the sender's
/// votes for a vote. Every client sees the result in the governed document.
pub async fn run_command(
    State(state): State<AppState>,
    Path(board_id): Path<String>,
    headers: HeaderMap,
    command: Result<Json<Command>, JsonRejection>,
) -> Result<Response, ApiError> {
    let board = BoardId::parse(&board_id)?;
    let access = authorize(&state, board, bearer_token(&headers)).await?;
    let Json(command) = command?;
    let kind = command_name(&command);
    let fresh = FreshIds::random_from(&mut rand::rng().random::<[u8; FreshIds::BYTES]>().into_iter());
    let done = match state.rooms.command(board, access, command, state.clock.now_ms(), fresh).await {
        Ok(done) => done,
        Err(err) => {
            let err = ApiError::from(err);
            state.rooms.metrics().command_refused(err.kind());
            return Err(err);
        }
    };
    let response = match done {
        Done::Nothing => StatusCode::NO_CONTENT.into_response(),
        Done::OpenedRound(round) => Json(OpenedRound { round }).into_response(),
        Done::Votes(votes) => Json(votes).into_response(),
        Done::FacilitatorKey(facilitator_key) => Json(NewFacilitatorKey { facilitator_key }).into_response(),
        Done::ReportLink(report_link) => Json(polyphony_shared::api::ReportLink { report_link }).into_response(),
    };
    tracing::info!(%board, by = %access.participant, command = kind, "command applied");
    Ok(response)
}

/// Whose votes to read: the sender's, or (`?for=`) those of someone without a device the
/// sender helps.
#[derive(Debug, serde::Deserialize)]
pub struct VotesOf {
    /// The person acted for.
    #[serde(rename = "for")]
    person: Option<String>,
}

/// `GET /api/boards/{board_id}/rounds/{round_id}/votes[?for=person]`: the sender's dots in
/// a round and how many they have left, or the dots of someone they act for.
pub async fn my_votes(
    State(state): State<AppState>,
    Path((board_id, round_id)): Path<(String, String)>,
    Query(of): Query<VotesOf>,
    headers: HeaderMap,
) -> Result<Json<MyVotes>, ApiError> {
    let board = BoardId::parse(&board_id)?;
    let round = RoundId::parse(&round_id)?;
    let mut access = authorize(&state, board, bearer_token(&headers)).await?;
    if let Some(person) = of.person {
        let person = ParticipantId::parse(&person)?;
        if let Some(refusal) = state.rooms.rules(board).await?.helper_refusal(access, person) {
            return Err(ApiError::Refused(refusal));
        }
        access = Access { participant: person, role: Role::Participant };
    }
    Ok(Json(state.rooms.my_votes(board, access, round).await?))
}

/// `GET /api/boards/{board_id}/drafts`: the sender's own private cards.
pub async fn my_drafts(
    State(state): State<AppState>,
    Path(board_id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Vec<Draft>>, ApiError> {
    let board = BoardId::parse(&board_id)?;
    let access = authorize(&state, board, bearer_token(&headers)).await?;
    Ok(Json(state.rooms.my_drafts(board, access).await?))
}

/// `GET /api/boards/{board_id}/withheld`: the words of hidden cards the sender may read
/// (a facilitator all of them, anyone else their own).
pub async fn withheld(
    State(state): State<AppState>,
    Path(board_id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Vec<Withheld>>, ApiError> {
    let board = BoardId::parse(&board_id)?;
    let access = authorize(&state, board, bearer_token(&headers)).await?;
    Ok(Json(state.rooms.withheld(board, access).await?))
}

/// `GET /api/boards/{board_id}/balance`: the balance of voices, person by person with the
/// prompt for facilitators, by perspective for everyone once a facilitator shows it.
pub async fn balance(
    State(state): State<AppState>,
    Path(board_id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<polyphony_shared::balance::Balance>, ApiError> {
    let board = BoardId::parse(&board_id)?;
    let access = authorize(&state, board, bearer_token(&headers)).await?;
    Ok(Json(state.rooms.balance(board, access).await?))
}

/// `GET /api/boards/{board_id}/polls/{activity}/answers.csv`: a poll's answers for a
/// facilitator, as anonymous CSV (perspectives only, sorted).
pub async fn poll_csv(
    State(state): State<AppState>,
    Path(path): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<impl IntoResponse, ApiError> {
    activity_csv(&state, path, &headers, ActivityCsv::PollAnswers).await
}

/// `GET /api/boards/{board_id}/actions/{activity}/actions.csv`: an action plan for a
/// facilitator, as CSV (no volunteer named on an anonymous board).
pub async fn actions_csv(
    State(state): State<AppState>,
    Path(path): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<impl IntoResponse, ApiError> {
    activity_csv(&state, path, &headers, ActivityCsv::ActionPlan).await
}

/// `GET /api/boards/{board_id}/cards/{activity}/cards.csv`: an activity's cards (or
/// questions) for a facilitator, with their groups, perspectives and dots (no names).
pub async fn cards_csv(
    State(state): State<AppState>,
    Path(path): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<impl IntoResponse, ApiError> {
    activity_csv(&state, path, &headers, ActivityCsv::Cards).await
}

/// Which CSV of an activity a facilitator downloads.
#[derive(Debug, Clone, Copy)]
enum ActivityCsv {
    /// A poll's answers.
    PollAnswers,
    /// An action plan.
    ActionPlan,
    /// Cards or questions, with their dots.
    Cards,
}

/// An activity's CSV, for a facilitator of its board, saved by a browser under its name.
async fn activity_csv(
    state: &AppState,
    (board_id, activity): (String, String),
    headers: &HeaderMap,
    which: ActivityCsv,
) -> Result<impl IntoResponse + use<>, ApiError> {
    let board = BoardId::parse(&board_id)?;
    super::auth::authorize_facilitator(state, board, bearer_token(headers)).await?;
    let activity = polyphony_shared::ids::ActivityId::parse(&activity)?;
    let (file, csv) = match which {
        ActivityCsv::PollAnswers => ("answers.csv", state.rooms.poll_csv(board, activity).await?),
        ActivityCsv::ActionPlan => ("actions.csv", state.rooms.actions_csv(board, activity).await?),
        ActivityCsv::Cards => ("cards.csv", state.rooms.cards_csv(board, activity).await?),
    };
    let disposition = format!("attachment; filename=\"{file}\"");
    let headers = [
        (axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
        (axum::http::header::CONTENT_DISPOSITION, disposition),
    ];
    Ok((headers, csv))
}

/// The command's name for the log (never its text fields, which people wrote).
fn command_name(command: &Command) -> &'static str {
    match command {
        Command::SetPhase { .. } => "set_phase",
        Command::StartTimer { .. } => "start_timer",
        Command::PauseTimer => "pause_timer",
        Command::ResumeTimer => "resume_timer",
        Command::StopTimer => "stop_timer",
        Command::Lock { .. } => "lock",
        Command::Unlock { .. } => "unlock",
        Command::Summon { .. } => "summon",
        Command::SetPhaseSections { .. } => "set_phase_sections",
        Command::SetPrivateWriting { .. } => "set_private_writing",
        Command::SetAnonymous { .. } => "set_anonymous",
        Command::MakeFacilitator { .. } => "make_facilitator",
        Command::RemoveParticipant { .. } => "remove_participant",
        Command::SetAdmission { .. } => "set_admission",
        Command::SetBalance { .. } => "set_balance",
        Command::MakeSupporter { .. } => "make_supporter",
        Command::AddAssisted { .. } => "add_assisted",
        Command::OnBehalf { .. } => "on_behalf",
        Command::AddCard { .. } => "add_card",
        Command::Admit { .. } => "admit",
        Command::OpenRound { .. } => "open_round",
        Command::CloseRound { .. } => "close_round",
        Command::RevealRound { .. } => "reveal_round",
        Command::Vote { .. } => "vote",
        Command::HideCard { .. } => "hide_card",
        Command::RestoreCard { .. } => "restore_card",
        Command::SubmitCard { .. } => "submit_card",
        Command::WithdrawCard { .. } => "withdraw_card",
        Command::RevealCards => "reveal_cards",
        Command::EraseMyName => "erase_my_name",
        Command::SavePoint { .. } => "save_point",
        Command::NewFacilitatorKey => "new_facilitator_key",
        Command::ShareReport { .. } => "share_report",
        Command::GoBack { .. } => "go_back",
        Command::AddActivity { .. } => "add_activity",
        Command::EditActivity { .. } => "edit_activity",
        Command::DuplicateActivity { .. } => "duplicate_activity",
        Command::MoveActivity { .. } => "move_activity",
        Command::RemoveActivity { .. } => "remove_activity",
        Command::StartActivity { .. } => "start_activity",
        Command::FinishActivity { .. } => "finish_activity",
        Command::SetActivityVisibility { .. } => "set_activity_visibility",
        Command::SetActivityLocked { .. } => "set_activity_locked",
        Command::OpenActivity { .. } => "open_activity",
        Command::SetPoll { .. } => "set_poll",
        Command::AnswerPoll { .. } => "answer_poll",
        Command::AnswerText { .. } => "answer_text",
        Command::AskPanel { .. } => "ask_panel",
        Command::UpvotePanel { .. } => "upvote_panel",
        Command::MarkAnswered { .. } => "mark_answered",
        Command::HidePollItem { .. } => "hide_poll_item",
        Command::ShowPollItem { .. } => "show_poll_item",
        Command::CarryAnswers { .. } => "carry_answers",
        Command::SetCafe { .. } => "set_cafe",
        Command::NextCafeRound { .. } => "next_cafe_round",
        Command::SeatAtTable { .. } => "seat_at_table",
        Command::GatherCafeNotes { .. } => "gather_cafe_notes",
        Command::SetActivityMembers { .. } => "set_activity_members",
        Command::SetCafeOnline { .. } => "set_cafe_online",
        Command::SetActivityOutputs { .. } => "set_activity_outputs",
        Command::SaveMapVersion { .. } => "save_map_version",
        Command::ClosePoll { .. } => "close_poll",
        Command::RevealPoll { .. } => "reveal_poll",
        Command::AgreeQuestion { .. } => "agree_question",
        Command::CarryForward { .. } => "carry_forward",
    }
}
