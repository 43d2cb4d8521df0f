//! Restoring a backup ([`polyphony_shared::backup`]) into a new board: every document is
//! decoded and put through the checks a stored document goes through when a board is
//! loaded ([`Document::apply_trusted`]) before anything is created, so a damaged, foreign
//! or oversized file creates nothing. The new board's report is not shared (a link of the
//! old board never works for it), and its facilitator key follows the restored key
//! generation.

use std::collections::BTreeSet;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use polyphony_shared::backup::{Backup, BackupError, MAX_BACKUP_BYTES};
use polyphony_shared::{DocName, GovernedDoc};
use yrs::updates::decoder::Decode;
use yrs::{ReadTxn, StateVector, Transact};

use crate::room::document::Document;

/// What a checked backup creates: each document's seed, the title, and the key generation.
#[derive(Debug)]
pub struct Restored {
    /// The board's title.
    pub title: String,
    /// Each document's whole state, checked.
    pub seeds: Vec<(DocName, Bytes)>,
    /// The facilitator key generation the governed state holds.
    pub key_generation: u32,
}

/// Reads and checks a backup file; `max_text_len` is the server's limit on a text.
pub fn check(bytes: &[u8], max_text_len: u64) -> Result<Restored, BackupError> {
    if bytes.len() > MAX_BACKUP_BYTES {
        return Err(BackupError::TooLarge);
    }
    let backup: Backup = serde_json::from_slice(bytes).map_err(|_| BackupError::NotABackup)?;
    backup.check()?;
    let mut seeds = Vec::new();
    for (name, state) in backup.named() {
        let damaged = |why: &str| BackupError::Damaged(format!("the document {name} {why}"));
        let bytes = STANDARD.decode(state).map_err(|_| damaged("is not base64"))?;
        let mut document = Document::new(name, max_text_len);
        document.apply_trusted(&bytes).map_err(|_| damaged("does not fit a board"))?;
        seeds.push((name, bytes));
    }
    let governed = seeds.iter().find(|(name, _)| *name == DocName::Governed).map(|(_, bytes)| bytes.clone());
    let (governed, key_generation, activities) = unshared(&governed.unwrap_or_default())?;
    for (name, _) in &seeds {
        let activity = match name {
            DocName::Activity(activity) | DocName::Table { cafe: activity, .. } => activity,
            _ => continue,
        };
        if !activities.contains(activity) {
            return Err(BackupError::Damaged(format!("the document {name} belongs to no activity on its agenda")));
        }
    }
    let seeds = seeds
        .into_iter()
        .map(|(name, bytes)| if name == DocName::Governed { (name, governed.clone()) } else { (name, bytes) })
        .map(|(name, bytes)| (name, Bytes::from(bytes)))
        .collect();
    Ok(Restored { title: backup.title, seeds, key_generation })
}

/// The governed state with its report no longer shared, its key generation, and the
/// activities on its agenda.
fn unshared(governed: &[u8]) -> Result<(Vec<u8>, u32, BTreeSet<polyphony_shared::ids::ActivityId>), BackupError> {
    let damaged = || BackupError::Damaged("the governed state does not read".to_owned());
    let doc = GovernedDoc::new();
    let update = yrs::Update::decode_v1(governed).map_err(|_| damaged())?;
    let mut txn = doc.doc().transact_mut();
    txn.apply_update(update).map_err(|_| damaged())?;
    doc.share_report(&mut txn, false);
    let key_generation = doc.facilitation(&txn).key_generation;
    let activities = doc.activities(&txn).into_keys().collect();
    let state = txn.encode_state_as_update_v1(&StateVector::default());
    Ok((state, key_generation, activities))
}
