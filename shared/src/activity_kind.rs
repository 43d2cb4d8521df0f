//! The kinds of activity an agenda holds ([`crate::agenda`]): what each asks people to do,
//! its names, and what it collects.

use crate::facilitation::Section;
use crate::voting::VoteTarget;

/// What an activity asks people to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ActivityKind {
    /// One text written together (the problem statement is one).
    SharedText,
    /// "How might we …" questions, one of which is marked as agreed.
    ChallengeQuestions,
    /// Idea cards, clustered on a canvas.
    IdeaBoard,
    /// The same need as citizens and as professionals see it, side by side, and what both
    /// agree on (seed 001).
    TwoPerspectives,
    /// Strengths, resources and aspirations, collected before needs (seeds 001, 002).
    Strengths,
    /// A question with options to choose from, one or several ([`crate::polls`]).
    Choice,
    /// A scale from 1 to N, with a label at each end ([`crate::polls`]).
    Scale,
    /// An open question: short answers in people's own words, shown as a word cloud
    /// ([`crate::polls`], [`crate::word_cloud`]).
    OpenQuestion,
    /// A list that each person puts in order ([`crate::polls`]).
    Ranking,
    /// Questions to the panel: participants ask, others upvote, the facilitator marks them
    /// answered ([`crate::polls`]).
    PanelQuestions,
    /// A World Café: tables with a question and a host, rounds, the harvest ([`crate::cafe`]).
    WorldCafe,
    /// An eco-map: a family's network of people and systems, drawn together
    /// ([`crate::ecomap`]).
    EcoMap,
    /// An action plan: chosen ideas as actions with owners, supporters, resources, a first
    /// step, a due date and a status ([`crate::actions`]).
    ActionPlan,
    /// An evaluation: a short form about the workshop itself, answered anonymously, with
    /// results by perspective ([`crate::evaluation`]).
    Evaluation,
}

impl ActivityKind {
    /// Every kind, in the order a facilitator is offered them.
    pub const ALL: [ActivityKind; 14] = [
        ActivityKind::SharedText,
        ActivityKind::Strengths,
        ActivityKind::TwoPerspectives,
        ActivityKind::ChallengeQuestions,
        ActivityKind::IdeaBoard,
        ActivityKind::Choice,
        ActivityKind::Scale,
        ActivityKind::OpenQuestion,
        ActivityKind::Ranking,
        ActivityKind::PanelQuestions,
        ActivityKind::WorldCafe,
        ActivityKind::EcoMap,
        ActivityKind::ActionPlan,
        ActivityKind::Evaluation,
    ];

    /// Whether people answer it through commands ([`crate::polls`]) rather than write in
    /// its document.
    pub fn is_poll(self) -> bool {
        matches!(
            self,
            ActivityKind::Choice
                | ActivityKind::Scale
                | ActivityKind::OpenQuestion
                | ActivityKind::Ranking
                | ActivityKind::PanelQuestions
                | ActivityKind::Evaluation
        )
    }

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            ActivityKind::SharedText => "shared-text",
            ActivityKind::ChallengeQuestions => "challenge-questions",
            ActivityKind::IdeaBoard => "idea-board",
            ActivityKind::TwoPerspectives => "two-perspectives",
            ActivityKind::Strengths => "strengths",
            ActivityKind::Choice => "choice",
            ActivityKind::Scale => "scale",
            ActivityKind::OpenQuestion => "open-question",
            ActivityKind::Ranking => "ranking",
            ActivityKind::PanelQuestions => "panel-questions",
            ActivityKind::WorldCafe => "world-cafe",
            ActivityKind::EcoMap => "eco-map",
            ActivityKind::ActionPlan => "action-plan",
            ActivityKind::Evaluation => "evaluation",
        }
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            ActivityKind::SharedText => "Shared text",
            ActivityKind::ChallengeQuestions => "Challenge questions",
            ActivityKind::IdeaBoard => "Idea board",
            ActivityKind::TwoPerspectives => "Two perspectives",
            ActivityKind::Strengths => "Strengths and resources",
            ActivityKind::Choice => "Choice poll",
            ActivityKind::Scale => "Scale",
            ActivityKind::OpenQuestion => "Open question",
            ActivityKind::Ranking => "Ranking",
            ActivityKind::PanelQuestions => "Questions to the panel",
            ActivityKind::WorldCafe => "World Café",
            ActivityKind::EcoMap => "Eco-map",
            ActivityKind::ActionPlan => "Action plan",
            ActivityKind::Evaluation => "Evaluation",
        }
    }

    /// The section of the board's own document an activity of this kind uses when the board
    /// holds it ([`ActivityHome::Board`]).
    pub fn board_section(self) -> Option<Section> {
        match self {
            ActivityKind::SharedText => Some(Section::ProblemStatement),
            ActivityKind::ChallengeQuestions => Some(Section::Questions),
            ActivityKind::IdeaBoard => Some(Section::Ideas),
            ActivityKind::TwoPerspectives
            | ActivityKind::Strengths
            | ActivityKind::Choice
            | ActivityKind::Scale
            | ActivityKind::OpenQuestion
            | ActivityKind::Ranking
            | ActivityKind::PanelQuestions
            | ActivityKind::WorldCafe
            | ActivityKind::EcoMap
            | ActivityKind::ActionPlan
            | ActivityKind::Evaluation => None,
        }
    }

    /// What people write in an activity of this kind, as a voting round counts it: cards or
    /// questions (a shared text has neither).
    pub fn collects(self) -> Option<VoteTarget> {
        match self {
            ActivityKind::ChallengeQuestions => Some(VoteTarget::Questions),
            // A café's own document holds its harvest, whose insights are dotted and carried.
            ActivityKind::IdeaBoard
            | ActivityKind::TwoPerspectives
            | ActivityKind::Strengths
            | ActivityKind::WorldCafe
            | ActivityKind::ActionPlan => Some(VoteTarget::Cards),
            ActivityKind::SharedText
            | ActivityKind::Choice
            | ActivityKind::Scale
            | ActivityKind::OpenQuestion
            | ActivityKind::Ranking
            | ActivityKind::PanelQuestions
            | ActivityKind::EcoMap
            | ActivityKind::Evaluation => None,
        }
    }

    /// The question an activity of this kind asks unless the facilitator writes another.
    pub fn default_prompt(self) -> &'static str {
        match self {
            ActivityKind::SharedText => "What is the need, seen by citizens and by professionals?",
            ActivityKind::ChallengeQuestions => "How might we …?",
            ActivityKind::IdeaBoard => "What could we do? Write one idea per card.",
            ActivityKind::TwoPerspectives => {
                "How do you see the need? Citizens and professionals each write their view; what we both agree on gets a column of its own."
            }
            ActivityKind::Strengths => {
                "What are your strengths, skills and aspirations? What resources are around you?"
            }
            ActivityKind::Choice => "Which do you choose?",
            ActivityKind::Scale => "How much do you agree?",
            ActivityKind::OpenQuestion => "What comes to mind? A few words are enough.",
            ActivityKind::Ranking => "Put these in order: the most important first.",
            ActivityKind::PanelQuestions => "What would you like to ask the panel?",
            ActivityKind::WorldCafe => {
                "Talk at each table about its question; when the round ends, move on to the next table."
            }
            ActivityKind::EcoMap => "Who and what is around you? Put them on the map, and say what each tie is like.",
            ActivityKind::ActionPlan => "What will we do, who does it, and what is the first step?",
            ActivityKind::Evaluation => "How was this workshop for you? Your answers are anonymous.",
        }
    }
}
