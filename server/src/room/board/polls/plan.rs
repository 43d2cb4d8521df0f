//! The poll commands, set apart from the rest: [`PollCommand::of`] takes a command that
//! concerns a poll, and [`run`] carries it out on the board.

use polyphony_shared::Command;
use polyphony_shared::ids::PanelQuestionId;

use crate::access::Access;
use crate::room::GovernError;
use crate::room::board::Board;

/// A command that concerns a poll (only [`PollCommand::of`] makes one).
#[derive(Debug)]
pub struct PollCommand(Command);

impl PollCommand {
    /// The command as a poll command, or given back when it is not one.
    pub fn of(command: Command) -> Result<PollCommand, Command> {
        match command {
            Command::SetPoll { .. }
            | Command::AnswerPoll { .. }
            | Command::AnswerText { .. }
            | Command::ClosePoll { .. }
            | Command::RevealPoll { .. }
            | Command::AskPanel { .. }
            | Command::UpvotePanel { .. }
            | Command::MarkAnswered { .. }
            | Command::HidePollItem { .. }
            | Command::ShowPollItem { .. }
            | Command::CarryAnswers { .. } => Ok(PollCommand(command)),
            other => Err(other),
        }
    }
}

/// Carries out a poll command from `access`; a question asked of the panel gets the id
/// `question`.
pub(crate) async fn run(
    board: &mut Board,
    access: Access,
    PollCommand(command): PollCommand,
    question: PanelQuestionId,
) -> Result<(), GovernError> {
    match command {
        Command::SetPoll { activity, options, points, several, live } => {
            super::set_up(board, activity, super::Setup { options, points, several, live }).await
        }
        Command::AnswerPoll { activity, answer } => super::answer(board, access, activity, answer).await,
        Command::AnswerText { activity, text } => super::answer_text(board, access, activity, text).await,
        Command::ClosePoll { activity } => super::close(board, activity, false).await,
        Command::RevealPoll { activity } => super::close(board, activity, true).await,
        Command::AskPanel { activity, text } => super::ask(board, access, activity, question, text).await,
        Command::UpvotePanel { activity, question, up } => super::upvote(board, access, activity, question, up).await,
        Command::MarkAnswered { activity, question, answered } => {
            super::mark_answered(board, activity, question, answered).await
        }
        Command::HidePollItem { activity, what, text, reason } => {
            super::hide(board, activity, what, text, reason).await
        }
        Command::ShowPollItem { activity, key } => super::show(board, activity, key).await,
        Command::CarryAnswers { activity, to } => super::carry_answers(board, activity, to).await,
        // Nothing else is made into a poll command ([`PollCommand::of`]).
        _ => Ok(()),
    }
}
