//! [`Command`]: every change to governed state a client can ask for, as the JSON body of
//! `POST /api/boards/{board_id}/commands`. The server checks each one
//! ([`crate::governance::commands`]) before it writes anything.

use serde::{Deserialize, Serialize};

use crate::agenda::{ActivityKind, Visibility};
use crate::cafe::CafeTable;
use crate::facilitation::{Phase, Section};
use crate::ids::{ActivityId, PanelQuestionId, ParticipantId, RoundId};
use crate::item_ids::{CardId, QuestionId};
use crate::polls::HideWhat;
use crate::voting::VoteTarget;

/// A request to change governed state: `POST /api/boards/{board_id}/commands`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Command {
    /// Moves the board to a phase.
    SetPhase {
        /// The phase to go to.
        phase: Phase,
    },
    /// Starts (or restarts) the timer.
    StartTimer {
        /// Length in seconds, 1 to [`MAX_TIMER_SECONDS`].
        seconds: u64,
        /// What it times; may be empty.
        #[serde(default)]
        label: String,
    },
    /// Pauses a running timer.
    PauseTimer,
    /// Resumes a paused timer.
    ResumeTimer,
    /// Removes the timer.
    StopTimer,
    /// Stops participants from editing a section.
    Lock {
        /// The section.
        section: Section,
    },
    /// Lets participants edit a section again.
    Unlock {
        /// The section.
        section: Section,
    },
    /// Brings everyone's view to a section.
    Summon {
        /// The section.
        section: Section,
    },
    /// Chooses the sections shown in a phase on this board.
    SetPhaseSections {
        /// The phase.
        phase: Phase,
        /// The sections to show in it.
        sections: Vec<Section>,
    },
    /// Turns private writing on the idea board on or off.
    SetPrivateWriting {
        /// On or off.
        on: bool,
    },
    /// Turns anonymous mode on or off for the board.
    SetAnonymous {
        /// On or off.
        on: bool,
    },
    /// Makes a participant a co-facilitator.
    MakeFacilitator {
        /// Who.
        participant: ParticipantId,
    },
    /// Removes a participant: their connections close and their token stops working. From
    /// then on joiners wait to be let in, so that nobody comes back under another name.
    RemoveParticipant {
        /// Who.
        participant: ParticipantId,
    },
    /// Makes joiners wait in a lobby until a facilitator lets them in (on), or lets
    /// everyone in at once, those waiting too (off).
    SetAdmission {
        /// On or off.
        on: bool,
    },
    /// Lets someone waiting in the lobby in.
    Admit {
        /// Who.
        participant: ParticipantId,
    },
    /// Shows the balance of voices to everyone (by perspective) or not, and sets when the
    /// facilitator is prompted about it.
    SetBalance {
        /// Shown to everyone.
        shown: bool,
        /// Prompt when a perspective's share of the contributions is above this many tenths
        /// of its share of the people (15 to 50); 0 for never.
        prompt_at: u32,
    },
    /// Makes a participant a supporter, who helps people without a device.
    MakeSupporter {
        /// Who.
        participant: ParticipantId,
    },
    /// Adds someone who takes part without a device (facilitators and supporters).
    AddAssisted {
        /// Their name, as they give it.
        name: String,
        /// How they take part.
        perspective: crate::model::Perspective,
    },
    /// Does `command` for someone without a device, as theirs: their name and perspective
    /// on a card (marked as added with the sender's help), their dots within their own
    /// budget, their answers (facilitators and supporters).
    OnBehalf {
        /// Whom it is done for.
        person: ParticipantId,
        /// What: `add_card`, `vote`, `answer_poll`, `answer_text`, `ask_panel` or
        /// `upvote_panel`.
        command: Box<Command>,
    },
    /// Puts a card on the board, in the live activity that collects cards (else the board's
    /// ideas), written by the server under the sender's name.
    AddCard {
        /// Its id.
        card: CardId,
        /// The idea.
        text: String,
        /// Its colour.
        #[serde(default)]
        colour: crate::model::CardColour,
    },
    /// Opens a dot-voting round (answered with `{"round": id}`).
    OpenRound {
        /// What it asks.
        title: String,
        /// What is voted on.
        target: VoteTarget,
        /// Dots per person, 1 to [`crate::voting::MAX_BUDGET`].
        budget: u32,
        /// Most dots per person on one item, 1 to `budget`.
        cap: u32,
        /// The activity whose cards or questions are voted on; none for the board's own
        /// sections.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        activity: Option<ActivityId>,
    },
    /// Freezes a round; its results stay hidden.
    CloseRound {
        /// Which.
        round: RoundId,
    },
    /// Freezes a round if it is open and shows its results to everyone.
    RevealRound {
        /// Which.
        round: RoundId,
    },
    /// Hides a card from everyone but facilitators and its author, who sees the reason.
    HideCard {
        /// The card id.
        card: CardId,
        /// Why, in a few words the author will read.
        reason: String,
    },
    /// Shows a hidden card again.
    RestoreCard {
        /// The card id.
        card: CardId,
    },
    /// Writes a card privately (only while private writing is on): nobody but its author
    /// sees it until a facilitator reveals the private cards.
    SubmitCard {
        /// The id the card will have on the board.
        card: CardId,
        /// The idea.
        text: String,
        /// Its colour.
        #[serde(default)]
        colour: crate::model::CardColour,
    },
    /// Takes back one of your own private cards before they are revealed.
    WithdrawCard {
        /// The card id it was submitted with.
        card: CardId,
    },
    /// Puts every private card on the board and turns private writing off.
    RevealCards,
    /// Erases the sender's own name from the board: their participant record, the cards
    /// signed with it, their volunteering, their private and hidden cards, and every stored
    /// copy of those ([`crate::erasure`]). What they wrote stays, by "a participant".
    EraseMyName,
    /// Replaces the board's facilitator key (a facilitator link got out): the old key no
    /// longer lets anyone join as a facilitator. Answered with the new key
    /// ([`crate::api::NewFacilitatorKey`]); facilitators already in keep their role.
    NewFacilitatorKey,
    /// Shares the workshop report at a public, read-only link (answered with the link,
    /// [`crate::api::ReportLink`]; the same link while it is shared), or stops sharing it: the
    /// link then answers 404, and sharing again makes a new one.
    ShareReport {
        /// Share (true) or stop sharing (false).
        on: bool,
    },
    /// Keeps a restore point of the board's content now ([`crate::history`]).
    SavePoint {
        /// What to call it ("Before the vote", say).
        label: String,
    },
    /// Brings the board, or one card, back to a restore point (after keeping a point of
    /// how it is now, so this can be undone too).
    GoBack {
        /// The restore point's id.
        point: u64,
        /// Only this card; the whole board when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        card: Option<CardId>,
    },
    /// Puts `dots` of your dots on an item (0 takes them back). Answered with your votes
    /// in the round and how many you have left ([`crate::voting::MyVotes`]).
    Vote {
        /// The round.
        round: RoundId,
        /// The card or question id.
        item: String,
        /// Your dots on it from now on.
        dots: u32,
    },
    /// Adds an activity at the end of its phase on the agenda.
    AddActivity {
        /// What it asks people to do.
        kind: ActivityKind,
        /// The phase it belongs to.
        phase: Phase,
        /// Its title.
        title: String,
        /// The question people answer (the kind's default when empty).
        #[serde(default)]
        prompt: String,
        /// What it is for and how long it takes.
        #[serde(default)]
        instructions: String,
        /// Planned duration in minutes.
        #[serde(default)]
        minutes: u32,
    },
    /// Rewrites an activity's title, prompt, instructions and duration.
    EditActivity {
        /// Which.
        activity: ActivityId,
        /// Its title.
        title: String,
        /// The question people answer.
        #[serde(default)]
        prompt: String,
        /// What it is for and how long it takes.
        #[serde(default)]
        instructions: String,
        /// Planned duration in minutes.
        #[serde(default)]
        minutes: u32,
    },
    /// Adds a copy of an activity right after it, not started.
    DuplicateActivity {
        /// Which.
        activity: ActivityId,
    },
    /// Moves an activity to a place in a phase (0 is first).
    MoveActivity {
        /// Which.
        activity: ActivityId,
        /// The phase it goes to.
        phase: Phase,
        /// Its place among that phase's other activities.
        index: u32,
    },
    /// Takes an activity off the agenda.
    RemoveActivity {
        /// Which.
        activity: ActivityId,
    },
    /// Starts an activity: it goes live (the one live before is done) and every screen
    /// follows it. The timer belongs to the live activity, so a start clears it.
    StartActivity {
        /// Which.
        activity: ActivityId,
    },
    /// Finishes an activity: people can still look back at it, read-only.
    FinishActivity {
        /// Which.
        activity: ActivityId,
    },
    /// Locks an activity (participants cannot change it for now) or unlocks it.
    SetActivityLocked {
        /// Which.
        activity: ActivityId,
        /// Locked or not.
        locked: bool,
    },
    /// Shows an activity to everyone, or keeps it to facilitators while they prepare it.
    SetActivityVisibility {
        /// Which.
        activity: ActivityId,
        /// Who sees it.
        visibility: Visibility,
    },
    /// Sets up a poll ([`crate::polls`]): a choice poll's options, or a scale's points and
    /// end labels; whether it takes several answers, and whether results show live.
    /// Refused once people have answered.
    SetPoll {
        /// The poll's activity.
        activity: ActivityId,
        /// A choice poll's options; a scale's labels for its two ends.
        #[serde(default)]
        options: Vec<String>,
        /// A scale's number of points.
        #[serde(default)]
        points: u32,
        /// Whether one person may choose several options.
        #[serde(default)]
        several: bool,
        /// Whether results show while people answer.
        #[serde(default)]
        live: bool,
    },
    /// Answers a poll (option numbers from 0, or the one point of a scale); answering again
    /// replaces the answer until the poll closes.
    AnswerPoll {
        /// The poll's activity.
        activity: ActivityId,
        /// The chosen options, or the point.
        answer: Vec<u32>,
    },
    /// Answers an open question in a few words: one answer (replaced by the next), or up to
    /// [`crate::polls::MAX_TEXT_ANSWERS`] when the question takes several.
    AnswerText {
        /// The open question's activity.
        activity: ActivityId,
        /// The answer.
        text: String,
    },
    /// Closes a poll: no answer is taken or changed from now on.
    ClosePoll {
        /// The poll's activity.
        activity: ActivityId,
    },
    /// Closes a poll if it is open and shows its results to everyone.
    RevealPoll {
        /// The poll's activity.
        activity: ActivityId,
    },
    /// Opens an activity for contributions between sessions until a date: participants
    /// write in it whenever they come back; at the date it is done.
    OpenActivity {
        /// Which.
        activity: ActivityId,
        /// Until when (milliseconds since the Unix epoch), within
        /// [`crate::agenda::MAX_OPEN_DAYS`] from now.
        until_ms: u64,
    },
    /// Marks the question a challenge-questions activity agreed on (none takes the mark
    /// away). The next idea board on the agenda that has not started takes it as its
    /// prompt, linked back to the question.
    AgreeQuestion {
        /// The challenge-questions activity.
        activity: ActivityId,
        /// The question agreed on.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        question: Option<QuestionId>,
    },
    /// Carries the items with most dots in a revealed round on to another activity: each
    /// becomes an item there, linked back to where it came from. Carrying again adds only
    /// what is not there yet.
    CarryForward {
        /// The revealed round.
        round: RoundId,
        /// The activity the items go to.
        to: ActivityId,
        /// How many, 1 to [`crate::agenda::MAX_CARRIED`]: the most dots first.
        count: u32,
    },
    /// Asks the panel a question (up to [`crate::polls::MAX_PANEL_QUESTIONS`] per person).
    AskPanel {
        /// The panel activity.
        activity: ActivityId,
        /// The question.
        text: String,
    },
    /// Upvotes a question to the panel, or takes the upvote back.
    UpvotePanel {
        /// The panel activity.
        activity: ActivityId,
        /// The question.
        question: PanelQuestionId,
        /// Upvote (true) or take back (false).
        up: bool,
    },
    /// Marks a question to the panel answered, or not.
    MarkAnswered {
        /// The panel activity.
        activity: ActivityId,
        /// The question.
        question: PanelQuestionId,
        /// Answered or not.
        answered: bool,
    },
    /// Hides a word of the cloud, an answer in words, or a question to the panel from a
    /// poll's results, with a reason.
    HidePollItem {
        /// The poll's activity.
        activity: ActivityId,
        /// A word, an answer, or a question.
        what: HideWhat,
        /// The word, the answer's words, or the question's id.
        text: String,
        /// Why.
        reason: String,
    },
    /// Shows again what was hidden from a poll's results, by the key it is hidden under.
    ShowPollItem {
        /// The poll's activity.
        activity: ActivityId,
        /// The key (see [`crate::polls::hidden_key`]).
        key: String,
    },
    /// Sets up a World Café ([`crate::cafe`]): its tables, rounds and where remote people
    /// sit. Refused once its first round has begun.
    SetCafe {
        /// The café's activity.
        activity: ActivityId,
        /// The tables.
        tables: Vec<CafeTable>,
        /// How many rounds.
        rounds: u32,
        /// How long each round is, in minutes.
        round_minutes: u32,
        /// Remote people sit at the virtual tables among themselves.
        #[serde(default)]
        remote_together: bool,
    },
    /// Starts the café's next round (the first seats everyone for every round; after the
    /// last comes the harvest) and its timer.
    NextCafeRound {
        /// The café's activity.
        activity: ActivityId,
    },
    /// Moves someone to another table for the round running.
    SeatAtTable {
        /// The café's activity.
        activity: ActivityId,
        /// Who.
        participant: ParticipantId,
        /// The table, by index from 0.
        table: u32,
    },
    /// Says whether the sender takes part in the café online (before the first round, so
    /// the seating can keep online people together if the facilitator chose that).
    SetCafeOnline {
        /// The café's activity.
        activity: ActivityId,
        /// Online (else in the room).
        online: bool,
    },
    /// Names the only participants who may open an activity (a family's eco-map), or none
    /// for everyone it is visible to.
    SetActivityMembers {
        /// The activity.
        activity: ActivityId,
        /// Who may open it.
        members: Vec<ParticipantId>,
    },
    /// Includes an activity kept to named participants (a family's eco-map) on the
    /// projector and in exports, or leaves it out again (as it is at first).
    SetActivityOutputs {
        /// The activity.
        activity: ActivityId,
        /// Shown on the projector and in exports.
        include: bool,
    },
    /// Saves an eco-map as it stands as a dated version, to compare with later.
    SaveMapVersion {
        /// The eco-map's activity.
        activity: ActivityId,
        /// What to call it ("First visit"); may be empty.
        #[serde(default)]
        label: String,
    },
    /// Gathers every table's notes into the harvest again (the harvest's start gathers them
    /// once; this adds what was written since).
    GatherCafeNotes {
        /// The café's activity.
        activity: ActivityId,
    },
    /// Carries an open question's answers (or a panel's questions) on to an idea board as
    /// cards, each linked back; carrying again adds only what is not there yet.
    CarryAnswers {
        /// The poll's activity.
        activity: ActivityId,
        /// The activity the cards go to.
        to: ActivityId,
    },
}
