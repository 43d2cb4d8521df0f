//! Questions to the panel (issue 16): participants ask, in person or from afar; everyone
//! sees the questions as they come and upvotes the ones they want answered; the facilitator
//! marks a question answered.
//!
//! Who asked and who upvoted stay in the ballots document, which no client reads; everyone
//! sees each question's words, its upvotes by perspective, and whether it was answered.

use super::{ByPerspective, HideWhat, Poll, PollStatus, hidden_key, taking_answers};
use crate::agenda::{Activity, ActivityKind};
use crate::governance::{Invalid, Missing, Refusal};
use crate::ids::{PanelQuestionId, ParticipantId};

/// The longest question to the panel, in characters.
pub const MAX_PANEL_CHARS: usize = 280;
/// The most questions one person asks the panel.
pub const MAX_PANEL_QUESTIONS: usize = 3;

/// A question to the panel as everyone sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanelQuestion {
    /// Its id, drawn by the server.
    pub id: PanelQuestionId,
    /// The question.
    pub text: String,
    /// Upvotes, by perspective.
    pub votes: ByPerspective,
    /// Whether the facilitator marked it answered.
    pub answered: bool,
}

impl PanelQuestion {
    /// All its upvotes.
    pub fn total(&self) -> u32 {
        self.votes.iter().sum()
    }
}

/// The questions to the panel in the order everyone sees them: most upvoted first, then
/// alphabetically (never in the order they were asked, which could tell who asked).
pub fn in_order(mut questions: Vec<PanelQuestion>) -> Vec<PanelQuestion> {
    questions.sort_by(|a, b| b.total().cmp(&a.total()).then_with(|| a.text.cmp(&b.text)).then(a.id.cmp(&b.id)));
    questions
}

/// The panel activity's poll, if it takes questions and upvotes now.
fn panel_open<'a>(activity: &Activity, poll: Option<&'a Poll>) -> Result<&'a Poll, Refusal> {
    if activity.kind != ActivityKind::PanelQuestions {
        return Err(Refusal::Invalid(Invalid::NotAPoll));
    }
    let poll = taking_answers(activity, poll)?;
    if poll.status != PollStatus::Open {
        return Err(Refusal::PollClosed);
    }
    Ok(poll)
}

/// Checks that someone who asked `asked` questions already may ask `text` now.
pub fn check_asking(activity: &Activity, poll: Option<&Poll>, text: &str, asked: usize) -> Result<(), Refusal> {
    panel_open(activity, poll)?;
    if !(1..=MAX_PANEL_CHARS).contains(&text.trim().chars().count()) {
        return Err(Refusal::Invalid(Invalid::PanelQuestion));
    }
    if asked >= MAX_PANEL_QUESTIONS {
        return Err(Refusal::EnoughQuestions);
    }
    Ok(())
}

/// Checks that `voter` may upvote `question`, asked by `asker` (none: no such question); a
/// question the facilitator hid is as good as gone.
pub fn check_upvoting(
    activity: &Activity,
    poll: Option<&Poll>,
    question: PanelQuestionId,
    asker: Option<ParticipantId>,
    voter: ParticipantId,
) -> Result<(), Refusal> {
    let poll = panel_open(activity, poll)?;
    let hidden =
        hidden_key(HideWhat::Question, &question.to_string()).is_some_and(|key| poll.hidden.contains_key(&key));
    match asker.filter(|_| !hidden) {
        None => Err(Refusal::NotFound(Missing::PanelQuestion)),
        Some(asker) if asker == voter => Err(Refusal::OwnQuestion),
        Some(_) => Ok(()),
    }
}
