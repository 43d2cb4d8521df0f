//! What the agenda commands do to the agenda they meet: pure code, run by the server inside
//! the board's task and by the web client to say in advance what would be refused.

use std::collections::BTreeMap;

use super::Refusal;
use super::commands::Effect;
use super::refusal::{Invalid, Missing};
use crate::agenda::{Activity, ActivityHome, ActivityState, MAX_ACTIVITIES, MAX_OPEN_DAYS, Visibility, order_at};
use crate::facilitation::{Command, Phase};
use crate::ids::ActivityId;

/// The effects of an agenda command on `agenda`, or `None` for any other command.
/// `new_activity` is the id an added or duplicated activity gets.
pub fn effects(
    agenda: &BTreeMap<ActivityId, Activity>,
    command: &Command,
    new_activity: ActivityId,
) -> Option<Result<Vec<Effect>, Refusal>> {
    let found = |id: &ActivityId| agenda.get(id).ok_or(Refusal::NotFound(Missing::Activity));
    let room_for_one = || if agenda.len() >= MAX_ACTIVITIES { Err(Refusal::AgendaFull) } else { Ok(()) };
    Some(match command {
        Command::AddActivity { kind, phase, title, prompt, instructions, minutes } => room_for_one().map(|()| {
            let others = phase_order(agenda, *phase, None);
            let starting = crate::polls::starting(*kind).map(|poll| Effect::Poll(new_activity, poll));
            let added = Effect::Activity(Activity {
                id: new_activity,
                kind: *kind,
                phase: *phase,
                title: title.trim().to_owned(),
                prompt: prompt_or_default(prompt, *kind),
                instructions: instructions.trim().to_owned(),
                minutes: *minutes,
                state: ActivityState::Upcoming,
                visibility: Visibility::Everyone,
                locked: false,
                order: order_at(&others, others.len()),
                home: ActivityHome::Own,
                agreed: None,
                prompt_from: None,
                open_until_ms: None,
                members: Default::default(),
                in_outputs: false,
            });
            std::iter::once(added).chain(starting).collect()
        }),
        Command::EditActivity { activity, title, prompt, instructions, minutes } => found(activity).map(|current| {
            let prompt = prompt_or_default(prompt, current.kind);
            // A prompt written anew no longer comes from the agreed question.
            let prompt_from = current.prompt_from.clone().filter(|_| prompt == current.prompt);
            vec![Effect::Activity(Activity {
                title: title.trim().to_owned(),
                prompt,
                instructions: instructions.trim().to_owned(),
                minutes: *minutes,
                prompt_from,
                ..current.clone()
            })]
        }),
        Command::DuplicateActivity { activity } => found(activity).and_then(|current| {
            room_for_one()?;
            let others = phase_order(agenda, current.phase, None);
            let at = others.iter().position(|other| other.id == current.id).map_or(others.len(), |at| at + 1);
            let starting = crate::polls::starting(current.kind).map(|poll| Effect::Poll(new_activity, poll));
            let copy = Effect::Activity(Activity {
                id: new_activity,
                state: ActivityState::Upcoming,
                order: order_at(&others, at),
                // A copy starts empty, in a document of its own.
                home: ActivityHome::Own,
                agreed: None,
                prompt_from: None,
                open_until_ms: None,
                members: Default::default(),
                in_outputs: false,
                ..current.clone()
            });
            Ok(std::iter::once(copy).chain(starting).collect())
        }),
        Command::MoveActivity { activity, phase, index } => found(activity).map(|current| {
            let others = phase_order(agenda, *phase, Some(current.id));
            let at = usize::try_from(*index).unwrap_or(usize::MAX).min(others.len());
            vec![Effect::Activity(Activity { phase: *phase, order: order_at(&others, at), ..current.clone() })]
        }),
        Command::RemoveActivity { activity } => found(activity).map(|current| vec![Effect::RemoveActivity(current.id)]),
        Command::StartActivity { activity } => found(activity).map(|current| {
            let mut changes: Vec<Effect> = agenda
                .values()
                .filter(|other| other.state == ActivityState::Live && other.id != current.id)
                .map(|other| Effect::Activity(Activity { state: ActivityState::Done, ..other.clone() }))
                .collect();
            // Started, it is shown to everyone; the timer belongs to the live activity.
            changes.push(Effect::Activity(Activity {
                state: ActivityState::Live,
                visibility: Visibility::Everyone,
                open_until_ms: None,
                members: Default::default(),
                in_outputs: false,
                ..current.clone()
            }));
            changes.push(Effect::Timer(None));
            // Every screen follows: the board moves to the activity's phase.
            changes.push(Effect::Phase(current.phase));
            changes
        }),
        Command::FinishActivity { activity } => found(activity).map(|current| {
            vec![Effect::Activity(Activity { state: ActivityState::Done, open_until_ms: None, ..current.clone() })]
        }),
        Command::SetActivityLocked { activity, locked } => {
            found(activity).map(|current| vec![Effect::Activity(Activity { locked: *locked, ..current.clone() })])
        }
        Command::SetActivityVisibility { activity, visibility } => found(activity).and_then(|current| {
            if current.state == ActivityState::Live && *visibility == Visibility::Facilitators {
                return Err(Refusal::ActivityLive);
            }
            Ok(vec![Effect::Activity(Activity { visibility: *visibility, ..current.clone() })])
        }),
        _ => return None,
    })
}

/// Opens `activity` for contributions between sessions until `until_ms`, a moment after
/// `now_ms` and within [`MAX_OPEN_DAYS`] of it. The live activity opened so stops being
/// followed by every screen; the others keep their state.
pub fn open_until(
    agenda: &BTreeMap<ActivityId, Activity>,
    activity: ActivityId,
    until_ms: u64,
    now_ms: u64,
) -> Result<Vec<Effect>, Refusal> {
    let current = agenda.get(&activity).ok_or(Refusal::NotFound(Missing::Activity))?;
    let furthest = now_ms.saturating_add(MAX_OPEN_DAYS * 24 * 3_600_000);
    if until_ms <= now_ms || until_ms > furthest {
        return Err(Refusal::Invalid(Invalid::OpenUntil));
    }
    Ok(vec![Effect::Activity(Activity {
        state: ActivityState::Open,
        open_until_ms: Some(until_ms),
        visibility: Visibility::Everyone,
        ..current.clone()
    })])
}

/// The activities whose time open between sessions has run out by `now_ms`: they are done.
pub fn due_to_close(agenda: &BTreeMap<ActivityId, Activity>, now_ms: u64) -> Vec<Effect> {
    agenda
        .values()
        .filter(|activity| activity.state == ActivityState::Open)
        .filter(|activity| activity.open_until_ms.is_none_or(|until| until <= now_ms))
        .map(|activity| {
            Effect::Activity(Activity { state: ActivityState::Done, open_until_ms: None, ..activity.clone() })
        })
        .collect()
}

/// The activities of `phase` in order, leaving out `moving` (the one being placed).
fn phase_order(agenda: &BTreeMap<ActivityId, Activity>, phase: Phase, moving: Option<ActivityId>) -> Vec<&Activity> {
    let mut others: Vec<&Activity> =
        agenda.values().filter(|activity| activity.phase == phase && Some(activity.id) != moving).collect();
    others.sort_by(|a, b| a.order.total_cmp(&b.order).then(a.id.cmp(&b.id)));
    others
}

/// The prompt as written, or the kind's own question when left empty.
fn prompt_or_default(prompt: &str, kind: crate::agenda::ActivityKind) -> String {
    match prompt.trim() {
        "" => kind.default_prompt().to_owned(),
        written => written.to_owned(),
    }
}
