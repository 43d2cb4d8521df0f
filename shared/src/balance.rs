//! The balance of voices (seeds 001 and 002: needs are seen differently by citizens and
//! professionals, and both views count): how much each perspective contributes, against how
//! many of the people taking part hold it, and a gentle prompt to the facilitator when one
//! perspective dominates.
//!
//! Contributions are cards (and the words in them), questions asked of a panel, dots, and
//! answers to polls. Only the people taking part count: participants, supporters and people
//! without a device, not facilitators or screens. A card is counted for the person whose
//! name and perspective it carries; an unsigned one (an anonymous board) for its perspective
//! alone, so it names nobody.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::access::same_name;
use crate::governed::ParticipantRecord;
use crate::ids::ParticipantId;
use crate::model::Perspective;

/// What someone contributed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Counts {
    /// Cards written (ideas, actions, notes).
    pub cards: u32,
    /// Words in those cards and in answers written.
    pub words: u32,
    /// Questions asked of a panel.
    pub questions: u32,
    /// Dots given.
    pub dots: u32,
    /// Poll answers given.
    pub answers: u32,
}

impl Counts {
    /// Contributions in all: cards, questions, dots and answers (words are how much, not
    /// how many).
    pub fn total(&self) -> u32 {
        self.cards + self.questions + self.dots + self.answers
    }

    fn add(&mut self, contribution: Contribution) {
        match contribution {
            Contribution::Card { words } => {
                self.cards += 1;
                self.words += words;
            }
            Contribution::Question => self.questions += 1,
            Contribution::Dots(dots) => self.dots += dots,
            Contribution::Answer { words } => {
                self.answers += 1;
                self.words += words;
            }
        }
    }
}

/// One contribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Contribution {
    /// A card with so many words.
    Card {
        /// Its words.
        words: u32,
    },
    /// A question asked of a panel.
    Question,
    /// Dots given in a round.
    Dots(u32),
    /// An answer to a poll (in words, or a choice: no words).
    Answer {
        /// Its words.
        words: u32,
    },
}

/// How many words a text has.
pub fn words(text: &str) -> u32 {
    u32::try_from(text.split_whitespace().count()).unwrap_or(u32::MAX)
}

/// One perspective's part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PerspectiveBalance {
    /// The perspective.
    pub perspective: Perspective,
    /// How many people taking part hold it.
    pub people: u32,
    /// What they contributed.
    pub counts: Counts,
}

/// One person's part (for facilitators only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonBalance {
    /// Who.
    pub participant: ParticipantId,
    /// Their name.
    pub name: String,
    /// Their perspective.
    pub perspective: Perspective,
    /// What they contributed.
    pub counts: Counts,
}

/// A perspective that contributes far more than its share of the people taking part.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Imbalance {
    /// The perspective.
    pub perspective: Perspective,
    /// Its share of the contributions, 0 to 1.
    pub share: f64,
    /// Its share of the people taking part, 0 to 1.
    pub people_share: f64,
}

/// The balance of voices on a board.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Balance {
    /// Each perspective held by someone taking part, in the order perspectives are offered.
    pub perspectives: Vec<PerspectiveBalance>,
    /// Each person taking part, by name (empty unless a facilitator asks).
    pub people: Vec<PersonBalance>,
    /// The prompt to show the facilitator, if one perspective dominates.
    pub imbalance: Option<Imbalance>,
}

/// The fewest contributions before a prompt is worth showing.
pub const PROMPT_AFTER: u32 = 10;

/// Adds up contributions, person by person.
pub struct Tally<'a> {
    people: &'a BTreeMap<ParticipantId, ParticipantRecord>,
    by_person: BTreeMap<ParticipantId, Counts>,
    unsigned: BTreeMap<Perspective, Counts>,
}

impl<'a> Tally<'a> {
    /// A tally of the contributions of the people on a board.
    pub fn new(people: &'a BTreeMap<ParticipantId, ParticipantRecord>) -> Self {
        Tally { people, by_person: BTreeMap::new(), unsigned: BTreeMap::new() }
    }

    fn taking_part(&self, who: ParticipantId) -> bool {
        self.people.get(&who).is_some_and(takes_part)
    }

    /// Counts a contribution whose maker the server knows (dots, answers, questions).
    pub fn by(&mut self, who: ParticipantId, contribution: Contribution) {
        if self.taking_part(who) {
            self.by_person.entry(who).or_default().add(contribution);
        }
    }

    /// Counts a card signed `name` with `perspective`: for the person taking part it names, or
    /// for the perspective alone when it names nobody (an anonymous card). A facilitator's
    /// card does not count.
    pub fn signed(&mut self, name: &str, perspective: Perspective, contribution: Contribution) {
        let signer = self.people.values().find(|record| {
            !name.is_empty()
                && !record.removed
                && record.participant.perspective == perspective
                && same_name(&record.participant.name, name)
        });
        match signer {
            Some(record) => self.by(record.participant.id, contribution),
            None if name.is_empty() => self.unsigned.entry(perspective).or_default().add(contribution),
            None => {}
        }
    }

    /// The balance, by perspective, and by person when `with_people`; the prompt when one
    /// perspective's share of the contributions is above `over` times its share of the
    /// people (none when `over` is 0).
    pub fn balance(self, with_people: bool, over: f64) -> Balance {
        let mut perspectives: BTreeMap<Perspective, PerspectiveBalance> = BTreeMap::new();
        for record in self.people.values().filter(|record| takes_part(record)) {
            let perspective = record.participant.perspective;
            let part = perspectives.entry(perspective).or_insert(PerspectiveBalance {
                perspective,
                people: 0,
                counts: Counts::default(),
            });
            part.people += 1;
            let counts = self.by_person.get(&record.participant.id).copied().unwrap_or_default();
            part.counts = sum(part.counts, counts);
        }
        for (perspective, counts) in &self.unsigned {
            if let Some(part) = perspectives.get_mut(perspective) {
                part.counts = sum(part.counts, *counts);
            }
        }
        let perspectives: Vec<PerspectiveBalance> = perspectives.into_values().collect();
        let people = if with_people {
            self.people
                .values()
                .filter(|record| takes_part(record))
                .map(|record| PersonBalance {
                    participant: record.participant.id,
                    name: record.participant.name.clone(),
                    perspective: record.participant.perspective,
                    counts: self.by_person.get(&record.participant.id).copied().unwrap_or_default(),
                })
                .collect()
        } else {
            Vec::new()
        };
        let imbalance = imbalance(&perspectives, over);
        Balance { perspectives, people, imbalance }
    }
}

/// Whether someone's contributions count: let in, not removed, and taking part (not
/// facilitating or watching).
fn takes_part(record: &ParticipantRecord) -> bool {
    record.present() && record.participant.role.takes_part()
}

fn sum(a: Counts, b: Counts) -> Counts {
    Counts {
        cards: a.cards + b.cards,
        words: a.words + b.words,
        questions: a.questions + b.questions,
        dots: a.dots + b.dots,
        answers: a.answers + b.answers,
    }
}

/// The perspective furthest above `over` times its share of the people, once there are
/// [`PROMPT_AFTER`] contributions from at least two perspectives' people.
pub fn imbalance(perspectives: &[PerspectiveBalance], over: f64) -> Option<Imbalance> {
    let contributions: u32 = perspectives.iter().map(|part| part.counts.total()).sum();
    let people: u32 = perspectives.iter().map(|part| part.people).sum();
    if over <= 0.0 || contributions < PROMPT_AFTER || perspectives.len() < 2 || people == 0 {
        return None;
    }
    perspectives
        .iter()
        .map(|part| Imbalance {
            perspective: part.perspective,
            share: f64::from(part.counts.total()) / f64::from(contributions),
            people_share: f64::from(part.people) / f64::from(people),
        })
        .filter(|found| found.share > over * found.people_share)
        .max_by(|a, b| (a.share / a.people_share).total_cmp(&(b.share / b.people_share)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::{Participant, Role};

    fn person(seed: u8, name: &str, perspective: Perspective, role: Role) -> ParticipantRecord {
        let id = ParticipantId::random_from(&mut (seed..));
        ParticipantRecord::admitted(Participant { id, name: name.into(), perspective, role })
    }

    fn board(people: &[&ParticipantRecord]) -> BTreeMap<ParticipantId, ParticipantRecord> {
        people.iter().map(|record| (record.participant.id, (*record).clone())).collect()
    }

    #[test]
    fn contributions_add_up_by_person_and_perspective() {
        let pia = person(1, "Pia", Perspective::Citizen, Role::Participant);
        let sam = person(2, "Sam", Perspective::Professional, Role::Supporter);
        let fay = person(3, "Fay", Perspective::Professional, Role::Facilitator);
        let people = board(&[&pia, &sam, &fay]);
        let mut tally = Tally::new(&people);
        tally.signed("pia", Perspective::Citizen, Contribution::Card { words: 4 });
        tally.signed("Pia", Perspective::Professional, Contribution::Card { words: 9 }); // Not hers.
        tally.signed("Fay", Perspective::Professional, Contribution::Card { words: 3 }); // Facilitating.
        tally.signed("", Perspective::Citizen, Contribution::Card { words: 2 }); // Anonymous.
        tally.by(sam.participant.id, Contribution::Dots(3));
        tally.by(sam.participant.id, Contribution::Answer { words: 0 });
        tally.by(pia.participant.id, Contribution::Question);
        tally.by(fay.participant.id, Contribution::Dots(5));
        let balance = tally.balance(true, 2.0);
        let citizens = Counts { cards: 2, words: 6, questions: 1, dots: 0, answers: 0 };
        let professionals = Counts { cards: 0, words: 0, questions: 0, dots: 3, answers: 1 };
        assert_eq!(
            balance.perspectives,
            vec![
                PerspectiveBalance { perspective: Perspective::Citizen, people: 1, counts: citizens },
                PerspectiveBalance { perspective: Perspective::Professional, people: 1, counts: professionals },
            ],
            "the facilitator is neither counted nor among the people"
        );
        let pia_counts = balance.people.iter().find(|person| person.name == "Pia").map(|person| person.counts);
        assert_eq!(
            pia_counts,
            Some(Counts { cards: 1, words: 4, questions: 1, dots: 0, answers: 0 }),
            "the anonymous card is nobody's"
        );
        assert!(Tally::new(&people).balance(false, 2.0).people.is_empty(), "names only when asked for");
        assert_eq!(words("  Buses   after 8 pm "), 4);
    }

    #[test]
    fn a_perspective_far_above_its_share_of_the_people_prompts_the_facilitator() {
        let part = |perspective, people, cards| PerspectiveBalance {
            perspective,
            people,
            counts: Counts { cards, ..Counts::default() },
        };
        // One professional in four people wrote 9 of 12 cards: 75% against 25%.
        let dominated = [part(Perspective::Citizen, 3, 3), part(Perspective::Professional, 1, 9)];
        let found = imbalance(&dominated, 2.0).map(|found| (found.perspective, found.share, found.people_share));
        assert_eq!(found, Some((Perspective::Professional, 0.75, 0.25)));
        assert_eq!(imbalance(&dominated, 3.5), None, "not above three and a half times its share");
        assert_eq!(imbalance(&dominated, 0.0), None, "the prompt turned off");
        let early = [part(Perspective::Citizen, 3, 1), part(Perspective::Professional, 1, 8)];
        assert_eq!(imbalance(&early, 2.0), None, "too few contributions yet");
        let even = [part(Perspective::Citizen, 2, 6), part(Perspective::Professional, 2, 6)];
        assert_eq!(imbalance(&even, 2.0), None);
        let alone = [part(Perspective::Citizen, 4, 20)];
        assert_eq!(imbalance(&alone, 2.0), None, "one perspective in the room dominates nothing");
    }
}
