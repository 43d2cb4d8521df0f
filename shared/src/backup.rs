//! A board's backup: every document it has (governed state and the agenda with it, the
//! content, ballots, private drafts, each activity's and café table's words), each as
//! the whole yrs state, in one JSON file a facilitator downloads and anyone can restore
//! into a new board ([`Backup::check`] says what is wrong with a file before anything is
//! created).
//!
//! ```json
//! { "format": "polyphony-board-backup", "version": 1, "title": "…", "madeAtMs": 0,
//!   "documents": [ { "name": "governed", "state": "<base64 of a yrs v1 update>" }, … ] }
//! ```

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::ids::DocName;

/// What a backup file says it is.
pub const FORMAT: &str = "polyphony-board-backup";
/// The version of the layout above.
pub const VERSION: u32 = 1;
/// The largest backup file restored, in bytes.
pub const MAX_BACKUP_BYTES: usize = 32 * 1024 * 1024;
/// The most documents one backup holds (the fixed four, every activity, café tables).
pub const MAX_DOCUMENTS: usize = 1024;

/// A board's backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Backup {
    /// Always [`FORMAT`].
    pub format: String,
    /// The layout's version ([`VERSION`]).
    pub version: u32,
    /// The board's title.
    pub title: String,
    /// When the backup was made, in milliseconds since the Unix epoch.
    pub made_at_ms: u64,
    /// Every document.
    pub documents: Vec<BackupDocument>,
}

/// One document of a backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupDocument {
    /// Its name, as storage and URLs name it (`governed`, `activity-{id}`, …).
    pub name: String,
    /// Its whole state: a yrs v1 update, base64 (standard alphabet, padded).
    pub state: String,
}

/// Why a file cannot be restored. Nothing is created when it cannot. (The server reads the
/// JSON; a file that does not read is [`BackupError::NotABackup`].)
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BackupError {
    /// Not JSON of a backup's shape.
    #[error("This file is not a Polyphony board backup.")]
    NotABackup,
    /// JSON of another program, or of another kind of Polyphony file.
    #[error("This file comes from another program (it says it is a {0:?} file), not a Polyphony board backup.")]
    Foreign(String),
    /// Made by a newer Polyphony.
    #[error("This backup was made by a newer version of Polyphony (version {0}); this server reads version 1.")]
    Newer(u32),
    /// Larger than [`MAX_BACKUP_BYTES`].
    #[error("This backup is larger than 32 MB, the most a server restores.")]
    TooLarge,
    /// A document is missing, named twice, unknown, or does not read.
    #[error("This backup is damaged: {0}. Nothing was restored.")]
    Damaged(String),
}

impl Backup {
    /// A backup of `documents` (name and base64 state) of a board titled `title`.
    pub fn new(title: &str, made_at_ms: u64, documents: Vec<BackupDocument>) -> Backup {
        Backup { format: FORMAT.to_owned(), version: VERSION, title: title.to_owned(), made_at_ms, documents }
    }

    /// Checks what it says of itself and its documents' names: its format and version,
    /// the governed and content documents present, each name known and given once, at most
    /// [`MAX_DOCUMENTS`]. Each document's bytes are checked by whoever restores it.
    pub fn check(&self) -> Result<(), BackupError> {
        if self.format != FORMAT {
            return Err(BackupError::Foreign(self.format.chars().take(40).collect()));
        }
        if self.version > VERSION {
            return Err(BackupError::Newer(self.version));
        }
        if self.documents.len() > MAX_DOCUMENTS {
            return Err(BackupError::Damaged(format!("it holds more than {MAX_DOCUMENTS} documents")));
        }
        let mut seen = BTreeSet::new();
        for document in &self.documents {
            let name = DocName::parse(&document.name).map_err(|_| {
                BackupError::Damaged(format!("it holds a document of no known kind ({:.40})", document.name))
            })?;
            if !seen.insert(name) {
                return Err(BackupError::Damaged(format!("the document {name} is in it twice")));
            }
        }
        for needed in [DocName::Governed, DocName::Content] {
            if !seen.contains(&needed) {
                return Err(BackupError::Damaged(format!("the document {needed} is missing")));
            }
        }
        Ok(())
    }

    /// Its documents by name (every name was checked by [`Backup::check`]).
    pub fn named(&self) -> impl Iterator<Item = (DocName, &str)> {
        self.documents
            .iter()
            .filter_map(|document| Some((DocName::parse(&document.name).ok()?, document.state.as_str())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(name: &str) -> BackupDocument {
        BackupDocument { name: name.to_owned(), state: String::new() }
    }

    fn backup(names: &[&str]) -> Backup {
        Backup::new("Getting home", 1, names.iter().map(|name| document(name)).collect())
    }

    #[test]
    fn a_backup_says_what_it_is_and_holds_each_document_once() {
        assert_eq!(backup(&["governed", "content", "ballots"]).check(), Ok(()));
        let foreign = Backup { format: "spreadsheet".into(), ..backup(&["governed", "content"]) };
        assert_eq!(foreign.check(), Err(BackupError::Foreign("spreadsheet".into())));
        let newer = Backup { version: VERSION + 1, ..backup(&["governed", "content"]) };
        assert_eq!(newer.check(), Err(BackupError::Newer(VERSION + 1)));
        let missing = backup(&["content"]).check();
        assert_eq!(missing, Err(BackupError::Damaged("the document governed is missing".into())));
        let twice = backup(&["governed", "content", "content"]).check();
        assert_eq!(twice, Err(BackupError::Damaged("the document content is in it twice".into())));
        assert!(matches!(backup(&["governed", "content", "../etc"]).check(), Err(BackupError::Damaged(_))));
    }

    #[test]
    fn a_backup_reads_back_as_written() {
        let written = backup(&["governed", "content"]);
        let json = serde_json::to_string(&written).unwrap_or_default();
        assert!(
            json.starts_with(r#"{"format":"polyphony-board-backup","version":1,"title":"Getting home","madeAtMs":1"#)
        );
        assert_eq!(serde_json::from_str::<Backup>(&json).ok(), Some(written));
    }
}
