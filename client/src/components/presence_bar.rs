//! Who is here: an avatar per person, coloured, with their name and perspective.

use leptos::prelude::*;

use crate::sync::BoardHandle;

/// Avatars of everyone present, this browser's person first.
#[component]
pub fn PresenceBar() -> impl IntoView {
    let board = expect_context::<BoardHandle>();
    let me = board.me();
    // The first letter as typed: full Unicode case tables would cost more download than they are worth.
    let initial = |name: &str| name.chars().next().map(|c| c.to_ascii_uppercase().to_string()).unwrap_or_default();
    view! {
        <ul class="presence" aria-label="People on this board" data-testid="presence">
            <li class="avatar me" style:background=me.color.clone() title=format!("{} (you, {})", me.name, me.perspective.label())>
                {initial(&me.name)}
            </li>
            <For
                each=move || board.peers.get()
                key=|peer| (peer.client_id, peer.name.clone(), peer.color.clone())
                children=move |peer| {
                    let title = format!("{} ({})", peer.name, peer.perspective.label());
                    view! {
                        <li class="avatar" style:background=peer.color.clone() title=title data-testid="peer">
                            {initial(&peer.name)}
                            <span class="visually-hidden">{peer.name.clone()}</span>
                        </li>
                    }
                }
            />
        </ul>
    }
}
