//! Who is here: an avatar per person, coloured, with two initials; the full name and
//! perspective show on hover and on tap.

use leptos::prelude::*;
use polyphony_shared::erasure::shown_name;

use crate::sync::BoardHandle;

/// Avatars of everyone present, this browser's person first.
#[component]
pub fn PresenceBar() -> impl IntoView {
    let board = expect_context::<BoardHandle>();
    let me = board.me();
    let initial = polyphony_shared::model::initials;
    view! {
        <ul class="presence" aria-label="People on this board" data-testid="presence">
            <li class="avatar me" style:background=me.color.clone() title=format!("{} (you, {})", me.name, me.perspective.label())
                tabindex="0" data-name=format!("{} (you)", me.name)>
                {initial(&me.name)}
            </li>
            <For
                each=move || board.peers.get()
                key=|peer| (peer.client_id, peer.name.clone(), peer.color.clone())
                children=move |peer| {
                    let name = shown_name(&peer.name).to_owned();
                    let title = format!("{name} ({})", peer.perspective.label());
                    view! {
                        // Focus (a tap on a phone) shows the full name under the avatar.
                        <li class="avatar" style:background=peer.color.clone() title=title.clone() data-testid="peer"
                            tabindex="0" data-name=title>
                            {initial(&name)}
                            <span class="visually-hidden">{name.clone()}</span>
                        </li>
                    }
                }
            />
        </ul>
    }
}
