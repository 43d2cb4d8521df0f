//! What changed since a person's last visit, for someone who comes back between sessions
//! with their pass: the agenda as they last saw it is kept in the browser, in a few lines of
//! text, and compared with the agenda now.
//!
//! Pure code: the component that shows the changes ([`crate::components::since_last_visit`])
//! reads and writes the kept text.

use std::collections::{BTreeMap, BTreeSet};

use polyphony_shared::RoundId;
use polyphony_shared::agenda::{Activity, ActivityState, Visibility, in_order};
use polyphony_shared::ids::ActivityId;
use polyphony_shared::voting::{Round, RoundStatus};

/// The agenda as a person saw it: each activity's state, title and whether a question was
/// agreed in it, and the rounds whose results were out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Seen {
    activities: BTreeMap<ActivityId, (ActivityState, bool, String)>,
    revealed: BTreeSet<RoundId>,
}

impl Seen {
    /// What a person sees of the board now: facilitators see every activity, others the
    /// ones shown to everyone.
    pub fn of(
        activities: &BTreeMap<ActivityId, Activity>,
        rounds: &BTreeMap<RoundId, Round>,
        facilitates: bool,
    ) -> Seen {
        Seen {
            activities: shown(activities, facilitates)
                .map(|activity| (activity.id, (activity.state, activity.agreed.is_some(), activity.title.clone())))
                .collect(),
            revealed: rounds
                .values()
                .filter(|round| round.status == RoundStatus::Revealed)
                .map(|round| round.id)
                .collect(),
        }
    }

    /// Whether nothing was seen (the governed state had not arrived).
    pub fn is_empty(&self) -> bool {
        self.activities.is_empty() && self.revealed.is_empty()
    }

    /// The kept form: one line per activity (`a id state agreed title`) and per revealed
    /// round (`r id`).
    pub fn encode(&self) -> String {
        let activities = self.activities.iter().map(|(id, (state, agreed, title))| {
            format!("a {id} {} {} {}", state.as_str(), u8::from(*agreed), title.replace('\n', " "))
        });
        let rounds = self.revealed.iter().map(|id| format!("r {id}"));
        activities.chain(rounds).collect::<Vec<_>>().join("\n")
    }

    /// Reads the kept form; lines it cannot read are skipped.
    pub fn decode(text: &str) -> Seen {
        let mut seen = Seen::default();
        for line in text.lines() {
            let mut parts = line.splitn(5, ' ');
            match (parts.next(), parts.next()) {
                (Some("a"), Some(id)) => {
                    let state =
                        parts.next().and_then(|state| ActivityState::ALL.into_iter().find(|s| s.as_str() == state));
                    let agreed = parts.next() == Some("1");
                    let title = parts.next().unwrap_or_default().to_owned();
                    if let (Ok(id), Some(state)) = (ActivityId::parse(id), state) {
                        seen.activities.insert(id, (state, agreed, title));
                    }
                }
                (Some("r"), Some(id)) => {
                    if let Ok(id) = RoundId::parse(id) {
                        seen.revealed.insert(id);
                    }
                }
                _ => {}
            }
        }
        seen
    }
}

/// The activities a person sees, in agenda order.
fn shown(activities: &BTreeMap<ActivityId, Activity>, facilitates: bool) -> impl Iterator<Item = Activity> {
    in_order(activities.values().filter(|a| facilitates || a.visibility == Visibility::Everyone).cloned()).into_iter()
}

/// What changed between `last` and now, in agenda order, in words; `when` writes a date.
pub fn changes(
    last: &Seen,
    activities: &BTreeMap<ActivityId, Activity>,
    rounds: &BTreeMap<RoundId, Round>,
    facilitates: bool,
    when: impl Fn(u64) -> String,
) -> Vec<String> {
    let mut changes: Vec<String> = shown(activities, facilitates)
        .filter_map(|activity| {
            let title = &activity.title;
            let Some((state, agreed, _)) = last.activities.get(&activity.id) else {
                return Some(format!("New on the agenda: “{title}”"));
            };
            if activity.state != *state {
                return Some(match activity.state {
                    ActivityState::Live => format!("“{title}” has started"),
                    ActivityState::Done => format!("“{title}” is finished"),
                    ActivityState::Open => {
                        let until = activity.open_until_ms.map(&when).unwrap_or_default();
                        format!("“{title}” is open for your contributions until {until}")
                    }
                    ActivityState::Upcoming => format!("“{title}” is coming up again"),
                });
            }
            (activity.agreed.is_some() && !agreed).then(|| format!("A question was agreed in “{title}”"))
        })
        .collect();
    let revealed = rounds
        .values()
        .filter(|round| round.status == RoundStatus::Revealed && !last.revealed.contains(&round.id))
        .map(|round| format!("The results of “{}” are out", round.title));
    changes.extend(revealed);
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use polyphony_shared::Phase;
    use polyphony_shared::agenda::{ActivityHome, ActivityKind};
    use polyphony_shared::voting::VoteTarget;

    fn activity(seed: u8, title: &str, state: ActivityState) -> Activity {
        Activity {
            id: ActivityId::random_from(&mut (seed..)),
            kind: ActivityKind::IdeaBoard,
            phase: Phase::CoCreation,
            title: title.into(),
            prompt: String::new(),
            instructions: String::new(),
            minutes: 0,
            state,
            visibility: Visibility::Everyone,
            locked: false,
            order: f64::from(seed),
            home: ActivityHome::Own,
            agreed: None,
            prompt_from: None,
            open_until_ms: None,
            members: Default::default(),
            in_outputs: false,
        }
    }

    fn by_id(activities: impl IntoIterator<Item = Activity>) -> BTreeMap<ActivityId, Activity> {
        activities.into_iter().map(|activity| (activity.id, activity)).collect()
    }

    #[test]
    fn what_was_seen_reads_back() {
        let activities = by_id([
            activity(1, "Ideas | more", ActivityState::Live),
            activity(2, "Next\nsteps", ActivityState::Upcoming),
        ]);
        let round = Round {
            id: RoundId::random_from(&mut (9u8..)),
            title: "Which first?".into(),
            target: VoteTarget::Cards,
            budget: 3,
            cap: 3,
            status: RoundStatus::Revealed,
            results: None,
            activity: None,
        };
        let rounds = BTreeMap::from([(round.id, round)]);
        let seen = Seen::of(&activities, &rounds, false);
        let read = Seen::decode(&seen.encode());
        assert_eq!(read.revealed, seen.revealed);
        assert_eq!(read.activities.len(), 2);
        assert_eq!(Seen::decode("a nonsense\nr xyz\n\nb 1"), Seen::default());
    }

    #[test]
    fn a_returning_participant_reads_what_changed_in_agenda_order() {
        let before = by_id([
            activity(1, "Strengths", ActivityState::Live),
            activity(2, "Ideas", ActivityState::Upcoming),
            activity(3, "Questions", ActivityState::Done),
        ]);
        let last = Seen::of(&before, &BTreeMap::new(), false);
        let mut now = before.clone();
        for activity in now.values_mut() {
            match activity.title.as_str() {
                "Strengths" => activity.state = ActivityState::Done,
                "Ideas" => {
                    activity.state = ActivityState::Open;
                    activity.open_until_ms = Some(42);
                }
                _ => activity.agreed = Some("q".into()),
            }
        }
        let mut hidden = activity(5, "Being prepared", ActivityState::Upcoming);
        hidden.visibility = Visibility::Facilitators;
        now.extend(by_id([activity(4, "Action plan", ActivityState::Upcoming), hidden]));
        let when = |ms: u64| format!("day {ms}");
        assert_eq!(
            changes(&last, &now, &BTreeMap::new(), false, when),
            [
                "“Strengths” is finished",
                "“Ideas” is open for your contributions until day 42",
                "A question was agreed in “Questions”",
                "New on the agenda: “Action plan”",
            ]
        );
        assert!(changes(&Seen::of(&now, &BTreeMap::new(), false), &now, &BTreeMap::new(), false, when).is_empty());
        assert_eq!(changes(&last, &now, &BTreeMap::new(), true, when).len(), 5, "facilitators see what they prepare");
    }
}
