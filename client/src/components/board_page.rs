//! A board page: asks for a name once, then shows the live board.

use leptos::prelude::*;
use leptos::task::spawn_local;
use polyphony_shared::{BoardId, BoardInfo, DocName, Section};

use crate::api::{self, ApiError};
use crate::components::activity_screen::{ActivityScreen, LookingBack, shown_activity};
use crate::components::agenda::Agenda;
use crate::components::bin::{DeletedNotice, LastDeleted};
use crate::components::board_header::BoardHeader;
use crate::components::erase_my_name::EraseMyName;
use crate::components::facilitation_bar::FacilitationBar;
use crate::components::facilitator_panel::FacilitatorPanel;
use crate::components::idea_board::IdeaBoard;
use crate::components::in_phase::InPhase;
use crate::components::problem_statement::ProblemStatement;
use crate::components::profile_form::{Profile, ProfileFields};
use crate::components::questions::Questions;
use crate::components::since_last_visit::SinceLastVisit;
use crate::governance::Governance;
use crate::sync::{self, Me, offline_me};

/// The board page `/b/{board_id}`, after the person has given a name.
#[component]
pub fn BoardPage(
    /// The board to show.
    id: BoardId,
) -> impl IntoView {
    let me = RwSignal::new(offline_me());
    let observer = RwSignal::new(false);
    view! {
        {move || match me.get() {
            None => view! { <ProfileGate id=id me=me observer=observer /> }.into_any(),
            Some(profile) => view! { <LiveBoard id=id me=profile observer=observer.get_untracked() introduce=me /> }.into_any(),
        }}
    }
}

/// Asks for a name and perspective before joining, naming the workshop being joined.
#[component]
fn ProfileGate(
    /// The board being joined.
    id: BoardId,
    /// Set once the person has introduced themselves.
    me: RwSignal<Option<Me>>,
    /// Whether this screen only follows the board (a projector or a guest).
    observer: RwSignal<bool>,
) -> impl IntoView {
    let profile = Profile::remembered("gate");
    let title = RwSignal::new(sync::cached_info(id).map(|info| info.title));
    spawn_local(async move {
        if let Ok(info) = api::board_info(id).await {
            title.set(Some(info.title));
        }
    });
    let enter = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if let Some(profile) = profile.take() {
            me.set(Some(profile));
        }
    };
    view! {
        <form class="card profile" on:submit=enter novalidate>
            <h1>"Join the workshop"</h1>
            {move || title.get().map(|title| view! { <p class="workshop-title" data-testid="gate-workshop">{title}</p> })}
            <ProfileFields profile=profile />
            <label class="choice">
                <input type="checkbox" data-testid="gate-observer"
                    prop:checked=move || observer.get() on:change=move |event| observer.set(event_target_checked(&event)) />
                "Only follow the board (a projector screen or a guest)"
            </label>
            <button type="submit" data-testid="enter-board">"Enter the board"</button>
        </form>
    }
}

/// Joins the board (once per browser: the pass is kept), then shows it live.
#[component]
fn LiveBoard(
    /// The board to show.
    id: BoardId,
    /// Who is using this browser.
    me: Me,
    /// Join read-only, as an observer.
    observer: bool,
    /// Cleared to introduce oneself again (a refused name).
    introduce: RwSignal<Option<Me>>,
) -> impl IntoView {
    // A pass whose token has expired (after a week) is dropped: the person joins again.
    let cached = sync::cached_pass(id).filter(|pass| !pass.expired(js_sys::Date::now()));
    let pass = RwSignal::new(cached);
    let refused = RwSignal::new(None::<String>);
    // Read the link's key now, before anything can change the address.
    let key = if observer { None } else { facilitator_key_in_link() };
    if let Some(key) = &key {
        sync::remember_facilitator_key(id, key);
    }
    if pass.get_untracked().is_none() {
        let me = me.clone();
        spawn_local(async move {
            match api::join_board(id, &me.name, me.perspective, key, observer).await {
                Ok(joined) => {
                    sync::remember_pass(id, &joined);
                    forget_facilitator_key_in_link();
                    pass.set(Some(joined));
                }
                Err(err) => refused.set(Some(err.message())),
            }
        });
    }
    let admitted = Callback::new(move |admitted: api::Pass| {
        sync::remember_pass(id, &admitted);
        pass.set(Some(admitted));
    });
    view! {
        {move || match pass.get() {
            Some(waiting) if waiting.waiting => view! {
                <crate::components::lobby::Lobby board=id pass=waiting name=me.name.clone() admitted=admitted />
            }.into_any(),
            Some(pass) => view! { <ConnectedBoard id=id me=me.clone() pass=pass /> }.into_any(),
            None => view! {
                <div class="card" role="status" data-testid="joining">
                    {move || refused.get().is_some().then(|| view! { <h1>"You could not join yet"</h1> })}
                    <p>{move || refused.get().unwrap_or_else(|| "Joining the board…".to_owned())}</p>
                    {move || refused.get().is_some().then(|| view! {
                        <button type="button" data-testid="change-name" on:click=move |_| introduce.set(None)>"Change my name"</button>
                    })}
                </div>
            }.into_any(),
        }}
    }
}

/// The live board: metadata over HTTP (cached for offline use), content over the websocket.
#[component]
fn ConnectedBoard(
    /// The board to show.
    id: BoardId,
    /// Who is using this browser.
    me: Me,
    /// This browser's pass for the board.
    pass: api::Pass,
) -> impl IntoView {
    let info = RwSignal::new(sync::cached_info(id));
    let missing = RwSignal::new(None::<String>);
    spawn_local(async move {
        match api::board_info(id).await {
            Ok(fresh) => {
                sync::remember_info(&fresh);
                info.set(Some(fresh));
            }
            Err(ApiError::Refused(message)) => missing.set(Some(message)),
            Err(_) => {} // Offline: the cached metadata (if any) stays.
        }
    });
    let notice = sync::take_notice();
    // Someone who erased their name shows none to the others either.
    let me = if sync::is_nameless(id) { Me { name: String::new(), ..me } } else { me };
    let governance = Governance::start(id, &pass);
    provide_context(governance);
    provide_context(crate::components::balance::Voices::follow(governance));
    let (activity_me, activity_token) = (me.clone(), pass.token.clone());
    let board = sync::connect(id, DocName::Content, me, pass.token, governance);
    provide_context(board);
    provide_context(LastDeleted::new());
    provide_context(crate::components::undo_buttons::UndoTargets::new());
    let title = Signal::derive(move || info.with(|info| info.as_ref().map(|info: &BoardInfo| info.title.clone())));
    let join_code = Signal::derive(move || info.with(|info| info.as_ref().map(|info| info.join_code.to_string())));
    // A screen that only follows the board (a projector) shows the content, not the controls.
    let following = move || governance.role() == polyphony_shared::Role::Observer;
    // Facilitators and supporters help people without a device (rebuilt only when that
    // changes, so what a helper is typing survives every change of governed state).
    let assists = Memo::new(move |_| governance.role().assists());
    // While an activity with a document of its own runs, its screen takes the place of the
    // board's sections.
    let looking_back = LookingBack(RwSignal::new(None));
    provide_context(looking_back);
    let live = shown_activity(governance, looking_back);
    view! {
        {move || governance.deleted.get().then(|| view! { <BoardDeleted /> })}
        <div class="board" class:following=following data-testid="board" hidden=move || governance.deleted.get()>
        <BoardHeader title=title join_code=join_code />
        {move || missing.get().map(|message| view! { <p class="error" role="alert" data-testid="board-error">{message}</p> })}
        {move || governance.removed.get().then(|| view! {
            <p class="error banner" role="alert" data-testid="removed-notice">{polyphony_shared::governance::Refusal::Removed.to_string()}</p>
        })}
        <FacilitationBar />
        {move || governance.facilitates().then(|| view! { <crate::components::lobby::WaitingRoom /> })}
        {move || assists.get().then(|| view! { <crate::components::assisted::AssistedPeople /> })}
        <crate::components::balance::BalanceOfVoices />
        <SinceLastVisit board=id />
        <Agenda title=title />
        {notice.map(|message| view! { <p class="notice" role="status" data-testid="board-notice">{message}</p> })}
        {move || governance.facilitates().then(|| view! { <FacilitatorPanel board=id /> })}
        {move || live.get().map(|activity| view! {
            <ActivityScreen board=id activity=activity me=activity_me.clone() token=activity_token.clone() />
        })}
        <Show when=move || live.with(Option::is_none)>
            <InPhase section=Section::ProblemStatement><ProblemStatement /></InPhase>
            <InPhase section=Section::Questions><Questions /></InPhase>
            <InPhase section=Section::Ideas><IdeaBoard /></InPhase>
        </Show>
        {move || (!following()).then(|| view! { <EraseMyName board=id /> })}
        <DeletedNotice />
        </div>
    }
}

/// What everyone on a board sees once it was deleted: it is gone, and this browser
/// forgot it too.
#[component]
fn BoardDeleted() -> impl IntoView {
    view! {
        <div class="card board-deleted" role="alert" data-testid="board-deleted">
            <h1>"This board was deleted"</h1>
            <p>"Its facilitator (or the service that runs it) deleted it, with everything in it.                 Nothing of it is kept, on the server or in this browser."</p>
            <p><a href="/" class="button">"Go to the start page"</a></p>
        </div>
    }
}

/// The facilitator key in a facilitator link (`/b/{id}#facilitator=KEY`), if this is one.
fn facilitator_key_in_link() -> Option<String> {
    let hash = window().location().hash().ok()?;
    hash.strip_prefix("#facilitator=").filter(|key| !key.is_empty()).map(str::to_owned)
}

/// Takes the key out of the address bar once used, so it is not shared by accident.
fn forget_facilitator_key_in_link() {
    if facilitator_key_in_link().is_some() {
        window().location().set_hash("").ok();
    }
}
