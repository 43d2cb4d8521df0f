//! Why a change is turned down, in words the person reads: one enum, one text per case,
//! the same on the server (which refuses) and in the web client (which disables the control
//! and says why before anyone tries).

use crate::agenda::{
    MAX_ACTIVITIES, MAX_ACTIVITY_MINUTES, MAX_ACTIVITY_TITLE_CHARS, MAX_CARRIED, MAX_INSTRUCTIONS_CHARS, MAX_OPEN_DAYS,
    MAX_PROMPT_CHARS,
};
use crate::facilitation::{MAX_LABEL_CHARS, MAX_REASON_CHARS, MAX_TIMER_SECONDS, Section};
use crate::governance::commands::{MAX_CARD_CHARS, MAX_ROUND_TITLE_CHARS};
use crate::ids::DocName;
use crate::polls::{
    MAX_OPTION_CHARS, MAX_OPTIONS, MAX_PANEL_CHARS, MAX_PANEL_QUESTIONS, MAX_POINTS, MAX_TEXT_ANSWERS, MAX_TEXT_CHARS,
};
use crate::voting::{MAX_BUDGET, MAX_ITEM_ID_CHARS};

/// A rule that turns a change down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Refusal {
    /// The board's rules are not known yet (its governed state is still loading).
    Starting,
    /// The document is written through commands only, never by a client's update.
    CommandsOnly(DocName),
    /// Observers follow the board; they do not change it.
    Observer,
    /// A facilitator removed this person from the board.
    Removed,
    /// This person waits in the lobby for a facilitator to let them in.
    Waiting,
    /// A facilitator locked this section.
    Locked(Section),
    /// The change touches parts of the board only the server writes.
    ServerOnly,
    /// The change touches the words of a card a facilitator hid.
    Hidden,
    /// The board is anonymous: no author names.
    Anonymous,
    /// A card's author is written once, when it is made.
    AuthorFixed,
    /// A new card carries its writer's own name.
    NotOwnName,
    /// Private writing: ideas wait for the reveal.
    PrivateWriting,
    /// Only facilitators may do this.
    FacilitatorsOnly,
    /// What the command carries is out of range.
    Invalid(Invalid),
    /// The command names something the board does not have.
    NotFound(Missing),
    /// The round is closed already.
    RoundClosed,
    /// No timer is running (to pause).
    NoTimerRunning,
    /// No timer is paused (to resume).
    NoTimerPaused,
    /// The participant was removed.
    ParticipantRemoved,
    /// The participant waits in the lobby: let them in first.
    ParticipantWaiting,
    /// Only facilitators and supporters act for people without a device.
    HelpersOnly,
    /// The person named takes part with a device of their own, so acts for themselves.
    NotAssisted,
    /// Someone on the board has that name already.
    NameTaken,
    /// The agenda holds as many activities as it can.
    AgendaFull,
    /// The activity is live: everyone is following it.
    ActivityLive,
    /// The activity is being prepared by the facilitators.
    ActivityHidden,
    /// The activity has not started.
    ActivityNotLive,
    /// The activity is finished: it can be read, not changed.
    ActivityDone,
    /// A facilitator locked the activity.
    ActivityLocked,
    /// The round's results are not revealed yet.
    RoundNotRevealed,
    /// The round did not run in an activity, so its items have nowhere to link back to.
    RoundOutsideActivities,
    /// The poll is closed: no answer is taken or changed.
    PollClosed,
    /// People have answered: the poll's options stay as they were.
    PollAnswered,
    /// The poll's activity is not running: answers wait until it starts.
    PollNotRunning,
    /// The person gave as many answers to the open question as it takes.
    EnoughAnswers,
    /// The person asked the panel as many questions as one may.
    EnoughQuestions,
    /// Upvoting one's own question to the panel.
    OwnQuestion,
    /// Carrying a poll's answers before everyone may see them.
    ResultsNotShown,
    /// Changing a café's tables once its rounds have begun.
    CafeRunning,
    /// A step the café cannot take now (see [`crate::cafe::run::CafeRunError`]).
    Cafe(crate::cafe::run::CafeRunError),
    /// A café command before the café is set up.
    CafeNotSetUp,
    /// Writing the notes of a café table one does not sit at in the round running.
    NotAtThisTable,
    /// Writing a café table's notes while no round runs (before the first, or the harvest).
    NoRoundRunning,
    /// Opening an activity kept to the people invited to it.
    NotInvited,
    /// Putting someone else down as a volunteer for an action, or oneself under another name.
    VolunteerForOthers,
}

/// What in a command is out of range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Invalid {
    /// A card, question or cluster id.
    ItemId,
    /// A card's text.
    CardText,
    /// A round's title.
    RoundTitle,
    /// A round's dots.
    Dots,
    /// The reason for hiding a card.
    Reason,
    /// A restore point's name.
    PointLabel,
    /// A timer's length.
    TimerLength,
    /// A timer's label.
    TimerLabel,
    /// A facilitator removing themselves.
    RemoveYourself,
    /// An activity's title.
    ActivityTitle,
    /// An activity's prompt.
    Prompt,
    /// An activity's instructions.
    Instructions,
    /// An activity's planned duration.
    ActivityMinutes,
    /// A round on what an activity does not collect (ideas in a shared text, say).
    NothingToVoteOn,
    /// How many items to carry forward.
    CarryCount,
    /// Items carried to an activity that does not collect their kind.
    CarryTarget,
    /// An agreed question in an activity that has no challenge questions.
    NotQuestions,
    /// A date to keep an activity open until that has passed or is too far ahead.
    OpenUntil,
    /// A poll command for an activity that is not a poll.
    NotAPoll,
    /// A poll's options or points out of range.
    PollSetup,
    /// An answer that names no option, too many, or a point off the scale.
    PollAnswer,
    /// An answer in words that is empty or too long.
    TextAnswer,
    /// A question to the panel that is empty or too long.
    PanelQuestion,
    /// Something to hide from a poll's results that cannot be (a malformed question id).
    HiddenItem,
    /// Carrying answers from a poll that has none in words, or to an activity that does not
    /// collect cards.
    CarryAnswers,
    /// A café's tables, questions or rounds out of range (which, the error says).
    CafeSetup(crate::cafe::CafeSetupError),
    /// A café command for an activity that is not a café.
    NotACafe,
    /// An eco-map command for an activity that is not an eco-map.
    NotAnEcoMap,
    /// An action plan's export asked of an activity that is not an action plan.
    NotAnActionPlan,
    /// The activity collects no cards or questions.
    NoCards,
    /// A version of an eco-map that cannot be saved (which reason, the error says).
    MapVersion(crate::ecomap::versions::VersionError),
    /// Something that cannot be done for someone else (only ideas, dots and answers can).
    NotOnBehalf,
    /// When to prompt about the balance of voices, out of range.
    BalancePrompt,
    /// A name that cannot be used (which reason, the error says).
    Name(crate::access::JoinError),
}

/// What a command names that the board does not have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Missing {
    /// A participant.
    Participant,
    /// A voting round.
    Round,
    /// An activity on the agenda.
    Activity,
    /// A challenge question.
    Question,
    /// A poll that is not set up yet.
    Poll,
    /// A question to the panel.
    PanelQuestion,
    /// Something hidden from a poll's results.
    HiddenItem,
    /// A café table.
    Table,
    /// A shared report (the link was never made, or sharing stopped).
    Report,
}

/// How a refusal is answered over HTTP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefusalKind {
    /// The sender's role does not allow it (403).
    Forbidden,
    /// What was sent is out of range (400).
    Invalid,
    /// It names something that is not there (404).
    NotFound,
    /// The board's state does not allow it now (409).
    Conflict,
}

impl Refusal {
    /// How this refusal is answered over HTTP.
    pub fn kind(&self) -> RefusalKind {
        match self {
            Refusal::FacilitatorsOnly
            | Refusal::Observer
            | Refusal::Removed
            | Refusal::Waiting
            | Refusal::HelpersOnly
            | Refusal::NotAssisted
            | Refusal::CommandsOnly(_)
            | Refusal::ActivityHidden
            | Refusal::NotAtThisTable
            | Refusal::NotInvited
            | Refusal::VolunteerForOthers => RefusalKind::Forbidden,
            Refusal::Invalid(_) => RefusalKind::Invalid,
            Refusal::NotFound(_) => RefusalKind::NotFound,
            _ => RefusalKind::Conflict,
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Starting => f.write_str("The board is still starting; try again in a moment."),
            Refusal::CommandsOnly(DocName::Ballots) => f.write_str("Votes are cast through commands only."),
            Refusal::CommandsOnly(DocName::Drafts) => f.write_str("Private cards are written through commands only."),
            Refusal::CommandsOnly(_) => f.write_str("Facilitation state is changed through commands only."),
            Refusal::Observer => f.write_str("You follow this board; only participants can change it."),
            Refusal::Removed => f.write_str(
                "You were removed from this board by the facilitator. You can still read it here; changes are no longer saved.",
            ),
            Refusal::Waiting => f.write_str("A facilitator has not let you in yet."),
            Refusal::Locked(section) => write!(f, "{} is locked by the facilitator for now.", section.label()),
            Refusal::ServerOnly => f.write_str("This change touches parts of the board that only the server writes."),
            Refusal::Hidden => {
                f.write_str("This card is hidden by the facilitator; it cannot be changed until it is restored.")
            }
            Refusal::Anonymous => f.write_str("The board is anonymous: cards carry no author names."),
            Refusal::AuthorFixed => f.write_str("A card's author cannot be changed."),
            Refusal::NotOwnName => f.write_str("A new card carries its writer's own name."),
            Refusal::VolunteerForOthers => f.write_str("You can volunteer only yourself, under your own name."),
            Refusal::PrivateWriting => f.write_str(
                "During private writing, ideas stay with their authors until the facilitator reveals them all.",
            ),
            Refusal::FacilitatorsOnly => f.write_str("Only a facilitator can do this."),
            Refusal::Invalid(invalid) => invalid.fmt(f),
            Refusal::NotFound(Missing::Participant) => f.write_str("There is no such participant on this board."),
            Refusal::NotFound(Missing::Round) => f.write_str("There is no such voting round on this board."),
            Refusal::RoundClosed => f.write_str("This round is already closed."),
            Refusal::NoTimerRunning => f.write_str("No timer is running."),
            Refusal::NoTimerPaused => f.write_str("No timer is paused."),
            Refusal::ParticipantRemoved => f.write_str("This participant was removed."),
            Refusal::ParticipantWaiting => f.write_str("This person is still waiting: let them in first."),
            Refusal::HelpersOnly => {
                f.write_str("Only a facilitator or a supporter can add things for someone without a device.")
            }
            Refusal::NotAssisted => {
                f.write_str("This person takes part with their own device, so they add their own ideas and votes.")
            }
            Refusal::NameTaken => f.write_str("Someone here has that name already: please add an initial or a surname."),
            Refusal::NotFound(Missing::Activity) => f.write_str("There is no such activity on the agenda."),
            Refusal::ActivityLive => {
                f.write_str("This activity is live: finish it first, or start another one.")
            }
            Refusal::ActivityHidden => f.write_str("The facilitators are still preparing this activity."),
            Refusal::ActivityNotLive => {
                f.write_str("This activity has not started yet; the facilitator will start it.")
            }
            Refusal::ActivityDone => f.write_str("This activity is finished: you can read it, not change it."),
            Refusal::ActivityLocked => f.write_str("This activity is locked by the facilitator for now."),
            Refusal::AgendaFull => write!(f, "An agenda holds at most {MAX_ACTIVITIES} activities."),
            Refusal::NotFound(Missing::Question) => f.write_str("There is no such question in this activity."),
            Refusal::NotFound(Missing::Poll) => f.write_str("This poll is not set up yet."),
            Refusal::PollClosed => f.write_str("This poll is closed: answers can no longer be given or changed."),
            Refusal::PollAnswered => f.write_str("People have answered already: the poll's options stay as they are."),
            Refusal::PollNotRunning => f.write_str("This poll has not started yet; the facilitator will start it."),
            Refusal::EnoughAnswers => write!(f, "You gave {MAX_TEXT_ANSWERS} answers, as many as this question takes."),
            Refusal::EnoughQuestions => {
                write!(f, "You asked {MAX_PANEL_QUESTIONS} questions, as many as one person may ask the panel.")
            }
            Refusal::OwnQuestion => f.write_str("Your own question counts already; upvote the questions of others."),
            Refusal::ResultsNotShown => f.write_str("Show or reveal the answers before carrying them forward."),
            Refusal::CafeRunning => f.write_str("The café's rounds have begun: its tables stay as they are."),
            Refusal::Cafe(error) => write!(f, "In this café, {error}."),
            Refusal::CafeNotSetUp => f.write_str("Set up the café's tables first."),
            Refusal::NotFound(Missing::PanelQuestion) => f.write_str("There is no such question to the panel."),
            Refusal::NotFound(Missing::HiddenItem) => f.write_str("Nothing of that is hidden in this poll."),
            Refusal::NotFound(Missing::Table) => f.write_str("This café has no such table."),
            Refusal::NotFound(Missing::Report) => f.write_str("No report is shared at this link."),
            Refusal::NotAtThisTable => {
                f.write_str("You sit at another table this round: you can read these notes, not add to them.")
            }
            Refusal::NoRoundRunning => f.write_str("The tables take notes while a round runs."),
            Refusal::NotInvited => f.write_str("This activity is only for the people the facilitator invited to it."),
            Refusal::RoundNotRevealed => f.write_str("Reveal the round before carrying its results forward."),
            Refusal::RoundOutsideActivities => {
                f.write_str("Only the results of a round in an activity on the agenda can be carried forward.")
            }
        }
    }
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Invalid::ItemId => write!(f, "An item id is 1 to {MAX_ITEM_ID_CHARS} letters, digits, - or _."),
            Invalid::CardText => write!(f, "A card has 1 to {MAX_CARD_CHARS} characters."),
            Invalid::RoundTitle => write!(f, "A round title has 1 to {MAX_ROUND_TITLE_CHARS} characters."),
            Invalid::Dots => {
                write!(f, "A round gives 1 to {MAX_BUDGET} dots per person and at most that many per item.")
            }
            Invalid::Reason => write!(f, "Give the author a reason of 1 to {MAX_REASON_CHARS} characters."),
            Invalid::PointLabel => write!(f, "Name the restore point in 1 to {MAX_LABEL_CHARS} characters."),
            Invalid::TimerLength => write!(f, "A timer runs 1 to {MAX_TIMER_SECONDS} seconds."),
            Invalid::TimerLabel => write!(f, "A timer label has at most {MAX_LABEL_CHARS} characters."),
            Invalid::RemoveYourself => f.write_str("You cannot remove yourself."),
            Invalid::ActivityTitle => write!(f, "An activity title has 1 to {MAX_ACTIVITY_TITLE_CHARS} characters."),
            Invalid::Prompt => write!(f, "A prompt has at most {MAX_PROMPT_CHARS} characters."),
            Invalid::Instructions => write!(f, "Instructions have at most {MAX_INSTRUCTIONS_CHARS} characters."),
            Invalid::ActivityMinutes => write!(f, "An activity is planned for 0 to {MAX_ACTIVITY_MINUTES} minutes."),
            Invalid::NothingToVoteOn => f.write_str("This activity has nothing of that kind to vote on."),
            Invalid::CarryCount => write!(f, "Carry 1 to {MAX_CARRIED} items forward at a time."),
            Invalid::CarryTarget => f.write_str("Items can only be carried to an activity that collects them."),
            Invalid::NotQuestions => f.write_str("Only a question of a challenge-questions activity can be agreed."),
            Invalid::NotAPoll => f.write_str("This activity is not a poll."),
            Invalid::PollSetup => write!(
                f,
                "A choice poll or a ranking has 2 to {MAX_OPTIONS} options of 1 to {MAX_OPTION_CHARS} characters; a scale has 2 to {MAX_POINTS} points."
            ),
            Invalid::TextAnswer => write!(f, "An answer has 1 to {MAX_TEXT_CHARS} characters."),
            Invalid::PollAnswer => {
                f.write_str(
                "Choose one of the poll's options (or as many as it allows), one point of the scale, or put every option of a ranking in one place.",
            )
            }
            Invalid::PanelQuestion => write!(f, "A question to the panel has 1 to {MAX_PANEL_CHARS} characters."),
            Invalid::HiddenItem => f.write_str("Name a word, an answer, or a question to the panel by its id."),
            Invalid::CarryAnswers => f.write_str(
                "Only answers in words or questions to the panel can be carried, and only to an activity that collects cards.",
            ),
            Invalid::CafeSetup(error) => error.fmt(f),
            Invalid::NotACafe => f.write_str("This activity is not a World Café."),
            Invalid::NotAnEcoMap => f.write_str("This activity is not an eco-map."),
            Invalid::NotAnActionPlan => f.write_str("This activity is not an action plan."),
            Invalid::NoCards => f.write_str("This activity has no cards or questions to download."),
            Invalid::MapVersion(error) => error.fmt(f),
            Invalid::NotOnBehalf => f.write_str("Only ideas, dots and answers can be added for someone else."),
            Invalid::BalancePrompt => f.write_str(
                "Prompt when a perspective has 1.5 to 5 times its share of the people's contributions, or never.",
            ),
            Invalid::Name(error) => write!(f, "That name cannot be used: {error}."),
            Invalid::OpenUntil => {
                write!(f, "Choose a date after now and within {MAX_OPEN_DAYS} days to keep the activity open until.")
            }
        }
    }
}

impl std::error::Error for Refusal {}
