//! The app's components, one per file.

use leptos::prelude::{GetUntracked, RwSignal, Set};

/// Takes the trimmed text of a "new item" field and clears it; `None` if it was blank.
pub fn take_draft(draft: RwSignal<String>) -> Option<String> {
    let text = draft.get_untracked().trim().to_owned();
    if text.is_empty() {
        return None;
    }
    draft.set(String::new());
    Some(text)
}

pub mod actions;
pub mod activity_screen;
pub mod agenda;
pub mod assisted;
pub mod balance;
pub mod between_sessions;
pub mod bin;
pub mod board_header;
pub mod board_page;
pub mod by_perspective;
pub mod cafe;
pub mod canvas_zoom;
pub mod card_canvas;
pub mod card_list;
pub mod card_view;
pub mod carried;
pub mod carry_forward;
pub mod collab_text;
pub mod connection_badge;
pub mod delete_board;
pub mod download_file;
pub mod ecomap;
pub mod erase_my_name;
pub mod evaluation;
pub mod facilitation_bar;
pub mod facilitator_panel;
pub mod history;
pub mod home;
pub mod idea_board;
pub mod in_phase;
pub mod invite_page;
pub mod item_votes;
pub mod join_link;
pub mod lobby;
pub mod lock_note;
pub mod panel_questions;
pub mod poll;
pub mod poll_controls;
pub mod poll_moderation;
pub mod poll_ranking;
pub mod presence_bar;
pub mod presenter_cafe;
pub mod presenter_ecomap;
pub mod presenter_page;
pub mod presenter_poll;
pub mod presenter_results;
pub mod private_drafts;
pub mod problem_statement;
pub mod profile_form;
pub mod questions;
pub mod restore_board;
pub mod saved_templates;
pub mod second_step;
pub mod since_last_visit;
pub mod svg_chart;
pub mod template_choice;
pub mod timer;
pub mod two_perspectives;
pub mod undo_buttons;
pub mod word_cloud;
pub mod workshop_report;
