//! Acting for someone without a device: a facilitator or supporter picks the person, and
//! from then on the dots and answers this browser sends are theirs (sent as
//! [`Command::OnBehalf`]), and the dots shown are theirs, until they go back to their own.

use leptos::prelude::*;
use leptos::task::spawn_local;
use polyphony_shared::voting::RoundStatus;
use polyphony_shared::{Command, ParticipantId};

use super::Governance;
use crate::api;

impl Governance {
    /// Acts for `person` (their id and name), or for oneself again (`None`).
    pub fn act_for(&self, person: Option<(ParticipantId, String)>) {
        self.acting_for.set(person);
    }

    /// The command as it is sent: a dot or an answer goes for the person acted for, if any.
    pub(super) fn as_sent(&self, command: Command) -> Command {
        let Some((person, _)) = self.acting_for.get_untracked() else { return command };
        // A card of one's own is one's own: cards for the person are added from their row.
        let theirs = polyphony_shared::governance::people::done_on_behalf(&command)
            && !matches!(command, Command::AddCard { .. });
        if theirs { Command::OnBehalf { person, command: Box::new(command) } } else { command }
    }

    /// Shows the dots of whoever this browser acts for: when that changes (or a round opens),
    /// the dots shown are read again from the server.
    pub(super) fn follow_acting_for(&self) {
        let (board, token, view) = (self.board, self.token, self.view);
        let (acting_for, dots_left, my_dots) = (self.acting_for, self.dots_left, self.my_dots);
        let open_rounds = Memo::new(move |_| {
            view.with(|view| {
                view.rounds
                    .values()
                    .filter(|round| round.status == RoundStatus::Open)
                    .map(|round| round.id)
                    .collect::<Vec<_>>()
            })
        });
        Effect::new(move |_| {
            let person = acting_for.get().map(|(person, _)| person);
            let rounds = open_rounds.get();
            dots_left.set(Default::default());
            my_dots.set(Default::default());
            let token = token.get_value();
            spawn_local(async move {
                for round in rounds {
                    let Ok(votes) = api::votes(board, &token, round, person).await else { continue };
                    let key = round.to_string();
                    dots_left.update(|left| {
                        left.insert(key.clone(), votes.remaining);
                    });
                    my_dots.update(|mine| {
                        for (item, dots) in votes.allocation {
                            mine.insert((key.clone(), item), dots);
                        }
                    });
                }
            });
        });
    }
}
