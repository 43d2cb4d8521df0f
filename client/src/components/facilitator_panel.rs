//! The facilitator's controls, usable on a tablet: phase stepper, timer, locks, modes,
//! voting rounds, participants, hidden cards, the bin, the history (restore points), and the
//! invitation (join code and QR code).

use leptos::prelude::*;
use polyphony_shared::agenda::ActivityState;
use polyphony_shared::api::JoinBursts;
use polyphony_shared::erasure::shown_name;
use polyphony_shared::voting::{RoundStatus, VoteTarget};
use polyphony_shared::{BoardId, Command, Phase, Section};

use crate::components::bin::Bin;
use crate::components::carry_forward::CarryForward;
use crate::components::history::History;
use crate::governance::Governance;

/// Shown to facilitators only.
#[component]
pub fn FacilitatorPanel(
    /// The board, for the QR code of its join link.
    board: BoardId,
) -> impl IntoView {
    let governance = expect_context::<Governance>();
    view! {
        <details class="panel facilitator" open data-testid="facilitator-panel">
            <summary>"Facilitator controls"</summary>
            <PhaseStepper />
            <PhaseSections />
            <TimerControls />
            <LocksAndModes />
            <VotingRounds />
            <CarryForward />
            <ParticipantsList />
            <HiddenCards />
            <Bin />
            <History />
            <crate::components::workshop_report::WorkshopReport />
            <figure class="invite">
                <img src=format!("/api/boards/{board}/qr.svg") alt="QR code of the join link" width="180" height="180"
                    data-testid="join-qr" />
                <figcaption>"Scan to join · "
                    <a href=format!("/b/{board}/invite") target="_blank" rel="noopener" data-testid="join-qr-large">
                        "show it large (for a projector)"</a></figcaption>
            </figure>
            <FacilitatorLink board=board />
            <crate::components::delete_board::DeleteBoard board=board />
            {move || (!governance.facilitates()).then(|| view! { <p>"You are no longer a facilitator."</p> })}
        </details>
    }
}

#[component]
fn PhaseStepper() -> impl IntoView {
    let governance = expect_context::<Governance>();
    let current = move || governance.view.with(|view| view.facilitation.phase);
    view! {
        <fieldset class="stepper">
            <legend>"Phase"</legend>
            {Phase::ALL.into_iter().map(|phase| view! {
                <button type="button" aria-pressed=move || (current() == phase).to_string()
                    data-testid=format!("phase-{}", phase.as_str())
                    on:click=move |_| governance.command(Command::SetPhase { phase })>
                    {phase.label()}
                </button>
            }).collect_view()}
        </fieldset>
    }
}

#[component]
fn PhaseSections() -> impl IntoView {
    let governance = expect_context::<Governance>();
    let view = governance.view;
    let set = move |phase: Phase, section: Section, on: bool| {
        let mut sections = view.with_untracked(|view| view.facilitation.sections_of(phase));
        sections.retain(|shown| *shown != section);
        if on {
            sections.push(section);
        }
        governance.command(Command::SetPhaseSections { phase, sections });
    };
    view! {
        <details class="phase-sections">
            <summary>"Sections shown in each phase"</summary>
            {Phase::ALL.into_iter().map(|phase| view! {
                <p><strong>{phase.label()}</strong>
                {Section::ALL.into_iter().map(|section| view! {
                    <label class="choice">
                        <input type="checkbox"
                            prop:checked=move || view.with(|view| view.facilitation.sections_of(phase).contains(&section))
                            on:change=move |event| set(phase, section, event_target_checked(&event)) />
                        {section.label()}
                    </label>
                }).collect_view()}
                </p>
            }).collect_view()}
        </details>
    }
}

#[component]
fn TimerControls() -> impl IntoView {
    let governance = expect_context::<Governance>();
    let minutes = RwSignal::new("5".to_owned());
    let label = RwSignal::new(String::new());
    let start = move |_| {
        let seconds = minutes.get_untracked().trim().replace(',', ".").parse::<f64>().unwrap_or(0.0) * 60.0;
        governance
            .command(Command::StartTimer { seconds: seconds.round().max(0.0) as u64, label: label.get_untracked() });
    };
    view! {
        <fieldset class="timer-controls">
            <legend>"Timer"</legend>
            <label>"Minutes " <input type="number" min="1" max="720" inputmode="decimal" data-testid="timer-minutes"
                prop:value=move || minutes.get() on:input=move |event| minutes.set(event_target_value(&event)) /></label>
            <label>"For " <input placeholder="Brainstorm" maxlength="60" data-testid="timer-label"
                prop:value=move || label.get() on:input=move |event| label.set(event_target_value(&event)) /></label>
            <button type="button" data-testid="timer-start" on:click=start>"Start"</button>
            <button type="button" class="secondary" on:click=move |_| governance.command(Command::PauseTimer)>"Pause"</button>
            <button type="button" class="secondary" on:click=move |_| governance.command(Command::ResumeTimer)>"Resume"</button>
            <button type="button" class="secondary" on:click=move |_| governance.command(Command::StopTimer)>"Stop"</button>
            <label class="choice">
                <input type="checkbox" data-testid="timer-chime" prop:checked=crate::chime::enabled()
                    on:change=move |event| crate::chime::set_enabled(event_target_checked(&event)) />
                "Chime on this device when time is up"
            </label>
        </fieldset>
    }
}

#[component]
fn LocksAndModes() -> impl IntoView {
    let governance = expect_context::<Governance>();
    let view = governance.view;
    let toggle = move |command: fn(bool) -> Command, on: bool| governance.command(command(on));
    view! {
        <fieldset class="locks">
            <legend>"Locks and modes"</legend>
            {Section::ALL.into_iter().map(|section| view! {
                <div class="section-row">
                <label class="choice">
                    <input type="checkbox" data-testid=format!("lock-{}", section.as_str())
                        prop:checked=move || view.with(|view| view.facilitation.locked.contains(&section))
                        on:change=move |event| {
                            governance.command(if event_target_checked(&event) {
                                Command::Lock { section }
                            } else {
                                Command::Unlock { section }
                            });
                        } />
                    "Lock " {section.label()}
                </label>
                <button type="button" class="secondary small" data-testid=format!("summon-{}", section.as_str())
                    on:click=move |_| governance.command(Command::Summon { section })>"Bring everyone here"</button>
                </div>
            }).collect_view()}
            <label class="choice">
                <input type="checkbox" data-testid="anonymous"
                    prop:checked=move || view.with(|view| view.facilitation.anonymous)
                    on:change=move |event| toggle(|on| Command::SetAnonymous { on }, event_target_checked(&event)) />
                "Anonymous: hide who wrote each card (and perspectives fewer than three people share)"
            </label>
            <label class="choice">
                <input type="checkbox" data-testid="private-writing"
                    prop:checked=move || view.with(|view| view.facilitation.private_writing)
                    on:change=move |event| toggle(|on| Command::SetPrivateWriting { on }, event_target_checked(&event)) />
                "Private writing"
            </label>
            <label class="choice">
                <input type="checkbox" data-testid="admission"
                    prop:checked=move || view.with(|view| view.facilitation.admission)
                    on:change=move |event| toggle(|on| Command::SetAdmission { on }, event_target_checked(&event)) />
                "Waiting room: people who join wait until I let them in (on by itself once someone is removed)"
            </label>
            <button type="button" class="small" data-testid="reveal-cards"
                on:click=move |_| governance.command(Command::RevealCards)>
                {move || match view.with(|view| view.facilitation.private_ideas) {
                    0 => "Reveal private cards".to_owned(),
                    ideas => format!("Reveal private cards ({ideas})"),
                }}</button>
        </fieldset>
    }
}

#[component]
fn VotingRounds() -> impl IntoView {
    let governance = expect_context::<Governance>();
    let title = RwSignal::new("Which ideas should we take forward?".to_owned());
    let budget = RwSignal::new("5".to_owned());
    let cap = RwSignal::new("2".to_owned());
    let target = RwSignal::new("cards".to_owned());
    // A round runs in the live activity when it collects cards or questions; otherwise on
    // the board's own sections.
    let live = Memo::new(move |_| {
        governance.view.with(|view| {
            view.activities
                .values()
                .find(|activity| activity.state == ActivityState::Live && activity.kind.collects().is_some())
                .map(|activity| (activity.id, activity.title.clone()))
        })
    });
    let open = move |_| {
        let number = |signal: RwSignal<String>| signal.get_untracked().trim().parse::<u32>().unwrap_or(0);
        let target = VoteTarget::parse(&target.get_untracked()).unwrap_or(VoteTarget::Cards);
        governance.command(Command::OpenRound {
            title: title.get_untracked(),
            target,
            budget: number(budget),
            cap: number(cap),
            activity: live.get_untracked().map(|(id, _)| id),
        });
    };
    let rounds = move || {
        governance.view.with(|view| {
            view.rounds.values().filter(|round| round.status != RoundStatus::Revealed).cloned().collect::<Vec<_>>()
        })
    };
    view! {
        <fieldset class="rounds">
            <legend>"Dot voting"</legend>
            <label>"Question " <input maxlength="120" data-testid="round-title"
                prop:value=move || title.get() on:input=move |event| title.set(event_target_value(&event)) /></label>
            <label>"On " <select prop:value=move || target.get() on:change=move |event| target.set(event_target_value(&event))>
                <option value="cards">"ideas"</option>
                <option value="questions">"questions"</option>
            </select></label>
            <label>"Dots each " <input type="number" min="1" max="50" data-testid="round-budget"
                prop:value=move || budget.get() on:input=move |event| budget.set(event_target_value(&event)) /></label>
            <label>"Most per item " <input type="number" min="1" max="50" data-testid="round-cap"
                prop:value=move || cap.get() on:input=move |event| cap.set(event_target_value(&event)) /></label>
            <button type="button" data-testid="open-round" on:click=open>
                {move || match live.get() {
                    Some((_, title)) => format!("Open round in “{title}”"),
                    None => "Open round".to_owned(),
                }}</button>
            <For each=rounds key=|round| (round.id, round.status) let:round>
                <p class="round-row">
                    {round.title.clone()} " — " {round.status.as_str()}
                    {(round.status == RoundStatus::Open).then(|| {
                        let round = round.id;
                        view! { <button type="button" class="secondary small"
                            on:click=move |_| governance.command(Command::CloseRound { round })>"Close"</button> }
                    })}
                    {
                        let round = round.id;
                        view! { <button type="button" class="small" data-testid="reveal-round"
                            on:click=move |_| governance.command(Command::RevealRound { round })>"Reveal results"</button> }
                    }
                </p>
            </For>
        </fieldset>
    }
}

#[component]
fn ParticipantsList() -> impl IntoView {
    let governance = expect_context::<Governance>();
    let people = move || {
        let mut people: Vec<_> = governance
            .view
            .with(|view| view.participants.values().filter(|record| record.present()).cloned().collect());
        people.sort_by_key(|record| record.participant.name.to_ascii_lowercase());
        people
    };
    // People joining in a burst from one network: normal on a venue's Wi-Fi, but also what
    // one person joining many times (to vote as many) looks like.
    let bursts = RwSignal::new(JoinBursts { from_one_network: Vec::new(), minutes: 10 });
    let joined = Memo::new(move |_| governance.view.with(|view| view.participants.len()));
    Effect::new(move |_| {
        let _people = joined.get();
        let (board, token) = (governance.board(), governance.token());
        leptos::task::spawn_local(async move {
            if let Ok(found) = crate::api::join_bursts(board, &token).await {
                bursts.set(found);
            }
        });
    });
    let burst_note = move || {
        bursts.with(|JoinBursts { from_one_network, minutes }| {
            from_one_network.first().map(|most| {
                let text = format!(
                    "{most} people joined from one network in the last {minutes} minutes. That is normal on a venue's Wi-Fi; \
                     if names below are unknown to you, someone may have joined several times."
                );
                view! { <p class="notice" data-testid="join-burst">{text}</p> }
            })
        })
    };
    view! {
        <fieldset class="participants">
            <legend>"Participants"</legend>
            {burst_note}
            <ul>
                <For each=people key=|record| (record.participant.id, record.participant.role, record.participant.name.clone()) let:record>
                    <li data-testid="participant-row">
                        {shown_name(&record.participant.name).to_owned()} " · " {record.participant.perspective.label()} " · "
                        {if record.assisted { "no device" } else { record.participant.role.as_str() }}
                        {(record.participant.id != governance.me()).then(|| {
                            let participant = record.participant.id;
                            let name = shown_name(&record.participant.name).to_owned();
                            let promotable = record.participant.role == polyphony_shared::Role::Participant && !record.assisted;
                            let supporter_label = format!("Make {name} a supporter");
                            view! {
                                {promotable.then(|| view! { <button type="button" class="secondary small"
                                    on:click=move |_| governance.command(Command::MakeFacilitator { participant })>"Make co-facilitator"</button>
                                    <button type="button" class="secondary small" data-testid="make-supporter"
                                    aria-label=supporter_label
                                    on:click=move |_| governance.command(Command::MakeSupporter { participant })>"Make supporter"</button> })}
                                <button type="button" class="danger small" aria-label=format!("Remove {name}")
                                    on:click=move |_| governance.command(Command::RemoveParticipant { participant })>"Remove"</button>
                            }
                        })}
                    </li>
                </For>
            </ul>
        </fieldset>
    }
}

#[component]
fn HiddenCards() -> impl IntoView {
    let governance = expect_context::<Governance>();
    let hidden = move || {
        governance.view.with(|view| {
            view.hidden.iter().map(|(card, hidden)| (card.clone(), hidden.reason.clone())).collect::<Vec<_>>()
        })
    };
    view! {
        <fieldset class="moderation">
            <legend>"Hidden cards"</legend>
            <ul>
                <For each=hidden key=|(card, _)| card.clone() let:entry>
                    <li data-testid=format!("hidden-{}", entry.0)>
                        {entry.1.clone()}
                        {
                            let card = entry.0.clone();
                            move || governance.withheld_text(&card).map(|words| view! { <span class="withheld-words">" — “" {words} "”"</span> })
                        }
                        {
                            let card = entry.0.clone();
                            view! { <button type="button" class="secondary small"
                                on:click=move |_| governance.command(Command::RestoreCard { card: card.as_str().into() })>"Restore"</button> }
                        }
                    </li>
                </For>
            </ul>
        </fieldset>
    }
}

/// The facilitator link (on the device that created the board, or after replacing it), and
/// replacing it when it got out: the old link stops working at once.
#[component]
fn FacilitatorLink(board: BoardId) -> impl IntoView {
    let governance = expect_context::<Governance>();
    let key = RwSignal::new(crate::sync::facilitator_key(board));
    let replace = move |_| {
        let sure = window()
            .confirm_with_message("Make a new facilitator link? The old one stops working for anyone who has it.");
        if !sure.unwrap_or(false) {
            return;
        }
        governance.send(Command::NewFacilitatorKey, move |reply| {
            if let Some(polyphony_shared::api::NewFacilitatorKey { facilitator_key: new_key }) = reply.read() {
                crate::sync::remember_facilitator_key(board, &new_key);
                key.set(Some(new_key));
            }
        });
    };
    view! {
        {move || key.get().map(|key| {
            let origin = window().location().origin().unwrap_or_default();
            let link = format!("{origin}/b/{board}#facilitator={key}");
            view! {
                <label class="facilitator-link">"Facilitator link for a co-facilitator's device (keep it private) "
                    <input readonly data-testid="facilitator-link" prop:value=link
                        on:focus=move |event| {
                            use wasm_bindgen::JsCast;
                            if let Some(input) = event.target().and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                                input.select();
                            }
                        } />
                </label>
            }
        })}
        <button type="button" class="secondary small" data-testid="new-facilitator-key" on:click=replace>
            {move || if key.with(Option::is_some) { "Replace this link (if it got out)" } else { "Make a new facilitator link" }}
        </button>
    }
}
