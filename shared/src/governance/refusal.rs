//! Why a change is turned down, in words the person reads: one enum, one text per case,
//! the same on the server (which refuses) and in the web client (which disables the control
//! and says why before anyone tries).

use crate::facilitation::Section;
use crate::ids::DocName;

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
            Refusal::Locked(section) => write!(f, "{} is locked by the facilitator for now.", section.label()),
            Refusal::ServerOnly => f.write_str("This change touches parts of the board that only the server writes."),
            Refusal::Hidden => {
                f.write_str("This card is hidden by the facilitator; it cannot be changed until it is restored.")
            }
            Refusal::Anonymous => f.write_str("The board is anonymous: cards carry no author names."),
            Refusal::AuthorFixed => f.write_str("A card's author cannot be changed."),
            Refusal::NotOwnName => f.write_str("A new card carries its writer's own name."),
            Refusal::PrivateWriting => f.write_str(
                "During private writing, ideas stay with their authors until the facilitator reveals them all.",
            ),
        }
    }
}
