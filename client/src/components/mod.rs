//! The app's components, one per file.

pub mod board_page;
pub mod connection_badge;
pub mod home;
