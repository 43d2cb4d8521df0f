//! Reading and writing the facilitation state in the governed document.
//!
//! ```text
//! facilitation  Map   phase, timer { state, endsAtMs | remainingMs, label },
//!                     lock:<section> (bool), summon { section, atMs },
//!                     privateWriting (bool), anonymous (bool), admission (bool: joiners wait
//!                     to be let in), balanceShown (bool), balancePromptAt (tenths),
//!                     balanceQuiet (bool: no prompt),
//!                     keyGeneration (number),
//!                     reportLink (the shared link's generation; absent: not shared),
//!                     reportLinks (how many links were ever made),
//!                     privateIdeas:<participant> (how many private cards they wrote),
//!                     sections:<phase> [section names] (where the board differs from the defaults)
//! ```
//!
//! Each lock is its own key, so two facilitators locking two sections at once both win.

use std::collections::HashMap;

use yrs::{Any, Map, Out, ReadTxn, TransactionMut};

use super::GovernedDoc;
use crate::facilitation::{Facilitation, Phase, Section, Timer};
use crate::ids::ParticipantId;

const PHASE: &str = "phase";
const TIMER: &str = "timer";
const SUMMON: &str = "summon";
const PRIVATE_WRITING: &str = "privateWriting";
const ANONYMOUS: &str = "anonymous";
const ADMISSION: &str = "admission";
const BALANCE_SHOWN: &str = "balanceShown";
const BALANCE_PROMPT_AT: &str = "balancePromptAt";
const BALANCE_QUIET: &str = "balanceQuiet";
const KEY_GENERATION: &str = "keyGeneration";
const REPORT_LINK: &str = "reportLink";
const REPORT_LINKS: &str = "reportLinks";
const STATE: &str = "state";
const ENDS_AT_MS: &str = "endsAtMs";
const REMAINING_MS: &str = "remainingMs";
const LABEL: &str = "label";
const SECTION: &str = "section";
const AT_MS: &str = "atMs";

fn lock_key(section: Section) -> String {
    format!("lock:{}", section.as_str())
}

const PRIVATE_IDEAS_PREFIX: &str = "privateIdeas:";

fn sections_key(phase: Phase) -> String {
    format!("sections:{}", phase.as_str())
}

fn record(fields: impl IntoIterator<Item = (&'static str, Any)>) -> Any {
    Any::from(fields.into_iter().map(|(key, value)| (key.to_owned(), value)).collect::<HashMap<_, _>>())
}

impl GovernedDoc {
    /// The facilitation state as everyone sees it.
    pub fn facilitation(&self, txn: &impl ReadTxn) -> Facilitation {
        let map = &self.facilitation;
        let flag = |key: &str| matches!(map.get(txn, key), Some(Out::Any(Any::Bool(true))));
        let fields = |key: &str| match map.get(txn, key) {
            Some(Out::Any(Any::Map(fields))) => Some(fields),
            _ => None,
        };
        let phase = match map.get(txn, PHASE) {
            Some(Out::Any(Any::String(name))) => Phase::parse(&name).unwrap_or_default(),
            _ => Phase::default(),
        };
        let summon =
            fields(SUMMON).and_then(|fields| Some((Section::parse(text(&fields, SECTION)?)?, number(&fields, AT_MS)?)));
        let phase_sections = Phase::ALL
            .into_iter()
            .filter_map(|phase| match map.get(txn, &sections_key(phase)) {
                Some(Out::Any(Any::Array(names))) => {
                    let sections = names
                        .iter()
                        .filter_map(|name| match name {
                            Any::String(name) => Section::parse(name),
                            _ => None,
                        })
                        .collect();
                    Some((phase, sections))
                }
                _ => None,
            })
            .collect();
        let private_counts: Vec<u64> = map
            .iter(txn)
            .filter(|(key, _)| key.starts_with(PRIVATE_IDEAS_PREFIX))
            .filter_map(|(_, value)| match value {
                Out::Any(count) => count.cast::<f64>().ok(),
                _ => None,
            })
            .filter(|count| count.is_finite() && *count >= 1.0)
            .map(|count| count as u64)
            .collect();
        let saturate = |count: u64| u32::try_from(count).unwrap_or(u32::MAX);
        let generation = |key: &str| match map.get(txn, key) {
            Some(Out::Any(generation)) => {
                generation.cast::<f64>().ok().map(|n| n.clamp(0.0, f64::from(u32::MAX)) as u32)
            }
            _ => None,
        };
        Facilitation {
            private_ideas: saturate(private_counts.iter().sum()),
            private_writers: saturate(private_counts.len() as u64),
            phase,
            phase_sections,
            timer: fields(TIMER).and_then(|fields| read_timer(&fields)),
            locked: Section::ALL.into_iter().filter(|section| flag(&lock_key(*section))).collect(),
            summon,
            private_writing: flag(PRIVATE_WRITING),
            anonymous: flag(ANONYMOUS),
            admission: flag(ADMISSION),
            balance_shown: flag(BALANCE_SHOWN),
            balance_prompt_at: generation(BALANCE_PROMPT_AT).unwrap_or(0),
            balance_quiet: flag(BALANCE_QUIET),
            key_generation: generation(KEY_GENERATION).unwrap_or(0),
            report_link: generation(REPORT_LINK),
            report_links: generation(REPORT_LINKS).unwrap_or(0),
        }
    }

    /// Moves the board to a phase.
    pub fn set_phase(&self, txn: &mut TransactionMut, phase: Phase) {
        self.facilitation.insert(txn, PHASE, phase.as_str());
    }

    /// Sets or removes the timer.
    pub fn set_timer(&self, txn: &mut TransactionMut, timer: Option<&Timer>) {
        match timer {
            None => {
                self.facilitation.remove(txn, TIMER);
            }
            Some(Timer::Running { ends_at_ms, label }) => {
                let value = record([
                    (STATE, Any::from("running")),
                    (ENDS_AT_MS, Any::from(*ends_at_ms as f64)),
                    (LABEL, Any::from(label.as_str())),
                ]);
                self.facilitation.insert(txn, TIMER, value);
            }
            Some(Timer::Paused { remaining_ms, label }) => {
                let value = record([
                    (STATE, Any::from("paused")),
                    (REMAINING_MS, Any::from(*remaining_ms as f64)),
                    (LABEL, Any::from(label.as_str())),
                ]);
                self.facilitation.insert(txn, TIMER, value);
            }
        }
    }

    /// Locks or unlocks a section.
    pub fn set_locked(&self, txn: &mut TransactionMut, section: Section, locked: bool) {
        self.facilitation.insert(txn, lock_key(section), locked);
    }

    /// Records that everyone is summoned to a section now.
    pub fn set_summon(&self, txn: &mut TransactionMut, section: Section, at_ms: u64) {
        let value = record([(SECTION, Any::from(section.as_str())), (AT_MS, Any::from(at_ms as f64))]);
        self.facilitation.insert(txn, SUMMON, value);
    }

    /// Chooses the sections shown in a phase.
    pub fn set_phase_sections(&self, txn: &mut TransactionMut, phase: Phase, sections: &[Section]) {
        let names: Vec<Any> = sections.iter().map(|section| Any::from(section.as_str())).collect();
        self.facilitation.insert(txn, sections_key(phase), Any::from(names));
    }

    /// Turns private writing on or off.
    pub fn set_private_writing(&self, txn: &mut TransactionMut, on: bool) {
        self.facilitation.insert(txn, PRIVATE_WRITING, on);
    }

    /// Records how many private cards `author` has written and not yet seen revealed.
    pub fn set_private_ideas(&self, txn: &mut TransactionMut, author: ParticipantId, count: u32) {
        let key = format!("{PRIVATE_IDEAS_PREFIX}{author}");
        if count == 0 {
            self.facilitation.remove(txn, &key);
        } else {
            self.facilitation.insert(txn, key, f64::from(count));
        }
    }

    /// Forgets every count of private cards (they were revealed).
    pub fn clear_private_ideas(&self, txn: &mut TransactionMut) {
        let keys: Vec<String> = self
            .facilitation
            .keys(txn)
            .filter(|key| key.starts_with(PRIVATE_IDEAS_PREFIX))
            .map(str::to_owned)
            .collect();
        for key in keys {
            self.facilitation.remove(txn, &key);
        }
    }

    /// Replaces the facilitator key: the next generation; returns it.
    pub fn next_key_generation(&self, txn: &mut TransactionMut) -> u32 {
        let next = self.facilitation(txn).key_generation.saturating_add(1);
        self.facilitation.insert(txn, KEY_GENERATION, f64::from(next));
        next
    }

    /// Shares the report at a link (the one shared now, else a new one), or stops sharing
    /// it; the generation of the link shared afterwards.
    pub fn share_report(&self, txn: &mut TransactionMut, on: bool) -> Option<u32> {
        let now = self.facilitation(txn);
        match (on, now.report_link) {
            (true, Some(shared)) => Some(shared),
            (true, None) => {
                let next = now.report_links.saturating_add(1);
                self.facilitation.insert(txn, REPORT_LINKS, f64::from(next));
                self.facilitation.insert(txn, REPORT_LINK, f64::from(next));
                Some(next)
            }
            (false, _) => {
                self.facilitation.remove(txn, REPORT_LINK);
                None
            }
        }
    }

    /// Turns anonymous mode on or off.
    pub fn set_anonymous(&self, txn: &mut TransactionMut, on: bool) {
        self.facilitation.insert(txn, ANONYMOUS, on);
    }

    /// Shows the balance of voices to everyone or not, and sets when the facilitator is
    /// prompted.
    pub fn set_balance(&self, txn: &mut TransactionMut, shown: bool, prompt_at: u32) {
        self.facilitation.insert(txn, BALANCE_SHOWN, shown);
        self.facilitation.insert(txn, BALANCE_QUIET, prompt_at == 0);
        if prompt_at > 0 {
            self.facilitation.insert(txn, BALANCE_PROMPT_AT, f64::from(prompt_at));
        }
    }

    /// Makes joiners wait until a facilitator lets them in, or lets them in at once.
    pub fn set_admission(&self, txn: &mut TransactionMut, on: bool) {
        self.facilitation.insert(txn, ADMISSION, on);
    }
}

fn read_timer(fields: &HashMap<String, Any>) -> Option<Timer> {
    let label = text(fields, LABEL).unwrap_or_default().to_owned();
    match text(fields, STATE)? {
        "running" => Some(Timer::Running { ends_at_ms: number(fields, ENDS_AT_MS)?, label }),
        "paused" => Some(Timer::Paused { remaining_ms: number(fields, REMAINING_MS)?, label }),
        _ => None,
    }
}

fn text<'a>(fields: &'a HashMap<String, Any>, key: &str) -> Option<&'a str> {
    match fields.get(key) {
        Some(Any::String(text)) => Some(text),
        _ => None,
    }
}

fn number(fields: &HashMap<String, Any>, key: &str) -> Option<u64> {
    let number = fields.get(key)?.clone().cast::<f64>().ok()?;
    (number.is_finite() && number >= 0.0).then_some(number as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use yrs::Transact;

    #[test]
    fn facilitation_state_round_trips() {
        let governed = GovernedDoc::new();
        assert_eq!(governed.facilitation(&governed.doc().transact()), Facilitation::default());
        let timer = Timer::Running { ends_at_ms: 1_700_000_000_000, label: "Brainstorm".into() };
        {
            let mut txn = governed.doc().transact_mut();
            governed.set_phase(&mut txn, Phase::CoCreation);
            governed.set_timer(&mut txn, Some(&timer));
            governed.set_locked(&mut txn, Section::Questions, true);
            governed.set_locked(&mut txn, Section::Ideas, true);
            governed.set_locked(&mut txn, Section::Ideas, false);
            governed.set_summon(&mut txn, Section::Ideas, 42);
            governed.set_private_writing(&mut txn, true);
            governed.set_phase_sections(&mut txn, Phase::Implementation, &[Section::Ideas]);
            governed.set_private_ideas(&mut txn, ParticipantId::random_from(&mut (1u8..)), 3);
            governed.set_private_ideas(&mut txn, ParticipantId::random_from(&mut (2u8..)), 2);
            governed.set_private_ideas(&mut txn, ParticipantId::random_from(&mut (3u8..)), 1);
            governed.set_private_ideas(&mut txn, ParticipantId::random_from(&mut (3u8..)), 0);
        }
        let state = governed.facilitation(&governed.doc().transact());
        assert_eq!(
            state,
            Facilitation {
                phase: Phase::CoCreation,
                timer: Some(timer),
                locked: vec![Section::Questions],
                summon: Some((Section::Ideas, 42)),
                private_writing: true,
                anonymous: false,
                admission: false,
                balance_shown: false,
                balance_prompt_at: 0,
                balance_quiet: false,
                key_generation: 0,
                report_link: None,
                report_links: 0,
                private_ideas: 5,
                private_writers: 2,
                phase_sections: std::collections::BTreeMap::from([(Phase::Implementation, vec![Section::Ideas])]),
            }
        );
        governed.clear_private_ideas(&mut governed.doc().transact_mut());
        assert_eq!(governed.facilitation(&governed.doc().transact()).private_ideas, 0);
    }
}
