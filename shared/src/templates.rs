//! Agenda templates: ready-made workshops a facilitator can start a board from.
//!
//! Templates are data, not code: JSON files in `shared/templates/`, one per workshop,
//! compiled in. The server reads one with serde when a board is created from it; the web
//! client reads them with the browser's JSON parser ([`FromJson`]) to offer them. A template
//! may list activities of kinds this version does not have yet (an action plan): they are shown as coming, and left off the board's agenda.

use serde::{Deserialize, Serialize};

use crate::agenda::{
    Activity, ActivityHome, ActivityKind, ActivityState, MAX_ACTIVITIES, MAX_ACTIVITY_MINUTES,
    MAX_ACTIVITY_TITLE_CHARS, MAX_INSTRUCTIONS_CHARS, MAX_PROMPT_CHARS, Visibility,
};
use crate::answers::{FromJson, JsonValue};
use crate::facilitation::Phase;
use crate::ids::ActivityId;
use crate::names::Named;

/// The built-in templates: id and JSON text, in the order they are offered.
pub const BUILT_IN: [(&str, &str); 4] = [
    ("co-definition", include_str!("../templates/co-definition.json")),
    ("co-creation", include_str!("../templates/co-creation.json")),
    ("eco-map", include_str!("../templates/eco-map.json")),
    ("world-cafe", include_str!("../templates/world-cafe.json")),
];

/// The JSON text of a built-in template.
pub fn built_in(id: &str) -> Option<&'static str> {
    BUILT_IN.iter().find(|(known, _)| *known == id).map(|(_, json)| *json)
}

/// A workshop as a template describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Template {
    /// Its name ("Co-definition workshop").
    pub name: String,
    /// What it is for, in a sentence or two.
    pub description: String,
    /// Its activities, in order.
    pub activities: Vec<TemplateActivity>,
}

/// One activity of a template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateActivity {
    /// The stored name of its kind; one this version does not know yet is coming.
    pub kind: String,
    /// The phase it belongs to.
    pub phase: Phase,
    /// Its title.
    pub title: String,
    /// Planned duration in minutes.
    #[serde(default)]
    pub minutes: u32,
    /// The question people answer (the kind's own when absent).
    #[serde(default)]
    pub prompt: String,
    /// What it is for and how long it takes.
    #[serde(default)]
    pub instructions: String,
}

impl TemplateActivity {
    /// Its kind, if this version has it (one it does not know yet is coming).
    pub fn available_kind(&self) -> Option<ActivityKind> {
        ActivityKind::named(&self.kind)
    }
}

impl Template {
    /// A board's agenda as a template, to start other boards from: each activity's kind,
    /// phase, title, prompt, instructions and duration, in agenda order (nothing people
    /// wrote in them).
    pub fn from_agenda(name: &str, description: &str, agenda: impl IntoIterator<Item = Activity>) -> Template {
        let activities = crate::agenda::in_order(agenda)
            .into_iter()
            .map(|activity| TemplateActivity {
                kind: activity.kind.as_str().to_owned(),
                phase: activity.phase,
                title: activity.title,
                minutes: activity.minutes,
                prompt: activity.prompt,
                instructions: activity.instructions,
            })
            .collect();
        Template { name: name.trim().to_owned(), description: description.trim().to_owned(), activities }
    }

    /// Whether it fits what a board's agenda takes: a name, 1 to [`MAX_ACTIVITIES`]
    /// activities, and each one's words and duration within the agenda's limits.
    pub fn fits(&self) -> bool {
        let within = |text: &str, min: usize, max: usize| (min..=max).contains(&text.trim().chars().count());
        within(&self.name, 1, MAX_ACTIVITY_TITLE_CHARS)
            && within(&self.description, 0, MAX_INSTRUCTIONS_CHARS)
            && (1..=MAX_ACTIVITIES).contains(&self.activities.len())
            && self.activities.iter().all(|item| {
                within(&item.kind, 1, 40)
                    && within(&item.title, 1, MAX_ACTIVITY_TITLE_CHARS)
                    && within(&item.prompt, 0, MAX_PROMPT_CHARS)
                    && within(&item.instructions, 0, MAX_INSTRUCTIONS_CHARS)
                    && item.minutes <= MAX_ACTIVITY_MINUTES
            })
    }

    /// The activities a board created from it starts with: those of kinds this version has,
    /// in order, each with an id from `fresh`.
    pub fn agenda(&self, mut fresh: impl FnMut() -> ActivityId) -> Vec<Activity> {
        let available = self.activities.iter().filter_map(|item| Some((item, item.available_kind()?)));
        available
            .enumerate()
            .map(|(at, (item, kind))| Activity {
                id: fresh(),
                kind,
                phase: item.phase,
                title: item.title.clone(),
                prompt: if item.prompt.trim().is_empty() {
                    kind.default_prompt().to_owned()
                } else {
                    item.prompt.clone()
                },
                instructions: item.instructions.clone(),
                minutes: item.minutes,
                state: ActivityState::Upcoming,
                visibility: Visibility::Everyone,
                locked: false,
                // Template order, which the agenda keeps within each phase.
                order: at as f64 + 1.0,
                home: ActivityHome::Own,
                agreed: None,
                prompt_from: None,
                open_until_ms: None,
                members: Default::default(),
                in_outputs: false,
            })
            .collect()
    }
}

impl FromJson for Template {
    fn from_json<V: JsonValue>(value: &V) -> Option<Self> {
        Some(Template {
            name: value.text_at("name")?,
            description: value.text_at("description").unwrap_or_default(),
            activities: value.list_at("activities")?,
        })
    }
}

impl FromJson for TemplateActivity {
    fn from_json<V: JsonValue>(value: &V) -> Option<Self> {
        Some(TemplateActivity {
            kind: value.text_at("kind")?,
            phase: value.named_at("phase")?,
            title: value.text_at("title")?,
            minutes: value.count_at("minutes").unwrap_or(0),
            prompt: value.text_at("prompt").unwrap_or_default(),
            instructions: value.text_at("instructions").unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Template {
        serde_json::from_str(json).unwrap_or_else(|err| panic!("{err}: {json}"))
    }

    /// Every built-in template reads the same through serde (the server) and through
    /// `FromJson` (the web client), and holds only phases and sizes the agenda accepts.
    #[test]
    fn every_template_reads_the_same_on_both_sides() {
        for (id, json) in BUILT_IN {
            let by_serde = parse(json);
            let value: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
            assert_eq!(Template::from_json(&value).as_ref(), Some(&by_serde), "{id}");
            assert!(!by_serde.activities.is_empty(), "{id}");
            for item in &by_serde.activities {
                assert!((1..=MAX_ACTIVITY_TITLE_CHARS).contains(&item.title.chars().count()), "{id}: {}", item.title);
            }
        }
    }

    /// A board's agenda saved as a template starts another board with the same activities
    /// (fresh, upcoming, in the same order); one that does not fit the agenda is refused.
    #[test]
    fn an_agenda_saved_as_a_template_starts_the_same_agenda() {
        let co_definition = parse(built_in("co-definition").unwrap_or_default());
        let mut next = (1u8..).map(|seed| ActivityId::random_from(&mut (seed..)));
        let agenda = co_definition.agenda(|| next.next().unwrap_or(ActivityId::random_from(&mut (0u8..))));
        let saved = Template::from_agenda(" Our co-definition ", "As we ran it in March", agenda.clone());
        assert!(saved.fits());
        let again = saved.agenda(|| next.next().unwrap_or(ActivityId::random_from(&mut (0u8..))));
        let shape = |agenda: &[Activity]| -> Vec<_> {
            crate::agenda::in_order(agenda.to_vec())
                .into_iter()
                .map(|a| (a.kind, a.phase, a.title, a.prompt, a.instructions, a.minutes, a.state))
                .collect()
        };
        assert_eq!(shape(&again), shape(&agenda));
        let json = serde_json::to_string(&saved).unwrap_or_default();
        assert_eq!(serde_json::from_str::<Template>(&json).ok(), Some(saved.clone()));
        let unnamed = Template { name: " ".into(), ..saved.clone() };
        let empty = Template { activities: Vec::new(), ..saved.clone() };
        let mut long = saved.clone();
        long.activities[0].prompt = "x".repeat(crate::agenda::MAX_PROMPT_CHARS + 1);
        let too_many = Template { activities: vec![saved.activities[0].clone(); MAX_ACTIVITIES + 1], ..saved };
        for bad in [unnamed, empty, long, too_many] {
            assert!(!bad.fits(), "{:?}", bad.name);
        }
    }

    #[test]
    fn coming_kinds_are_listed_but_left_off_the_agenda() {
        let mut next = (1u8..).map(|seed| ActivityId::random_from(&mut (seed..)));
        let co_creation = parse(built_in("co-creation").unwrap_or_default());
        let agenda = co_creation.agenda(|| next.next().unwrap_or(ActivityId::random_from(&mut (0u8..))));
        let titles: Vec<&str> = agenda.iter().map(|activity| activity.title.as_str()).collect();
        assert_eq!(titles, ["World Café tables", "All ideas, clustered", "Action plan", "How was it for you?"]);
        let later = parse(
            r#"{ "name": "Later", "description": "", "activities": [
                { "kind": "idea-board", "phase": "co-creation", "title": "Ideas", "minutes": 20, "instructions": "" },
                { "kind": "closing-circle", "phase": "implementation", "title": "How was it?", "minutes": 10, "instructions": "" } ] }"#,
        );
        let agenda = later.agenda(|| next.next().unwrap_or(ActivityId::random_from(&mut (0u8..))));
        assert_eq!(agenda.iter().map(|activity| activity.title.as_str()).collect::<Vec<_>>(), ["Ideas"]);
        assert_eq!(later.activities.len(), 2, "the closing circle is still listed");
        assert!(later.activities[1].available_kind().is_none());
        let co_definition = parse(built_in("co-definition").unwrap_or_default());
        let agenda = co_definition.agenda(|| next.next().unwrap_or(ActivityId::random_from(&mut (0u8..))));
        assert_eq!(agenda.len(), 5);
        assert_eq!(agenda[1].prompt, ActivityKind::Strengths.default_prompt());
        assert_eq!(crate::agenda::in_order(agenda.clone()).first().map(|a| a.phase), Some(Phase::Preparation));
    }
}
