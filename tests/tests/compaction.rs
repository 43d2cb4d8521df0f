//! Compaction runs beside a room, never inside it: a slow compaction holds nobody's edits.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use async_trait::async_trait;
use bytes::Bytes;
use polyphony_server::access::token::SECRET_BYTES;
use polyphony_server::access::{Access, Signer};
use polyphony_server::room::{ClientFrame, Joined, RoomSettings, Rooms};
use polyphony_server::store::embedded::EmbeddedStore;
use polyphony_server::store::{DocKey, Quarantined, RestorePoint, Seq, Store, StoreError, StoredBoard, StoredDoc};
use polyphony_shared::history::PointInfo;
use polyphony_shared::{BoardDoc, BoardId, BoardInfo, DocName, JoinCode, ParticipantId, Role, protocol};
use polyphony_tests::WAIT;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use yrs::Transact;

/// How long a compaction takes in the store below: far longer than an edit may wait.
const SLOW_COMPACTION: Duration = Duration::from_secs(3);

/// The embedded store, with compactions that take [`SLOW_COMPACTION`] to store.
struct SlowCompactions {
    inner: EmbeddedStore,
    slow: AtomicBool,
    started: Notify,
}

#[async_trait]
impl Store for SlowCompactions {
    async fn create_board(&self, board: BoardInfo, seeds: Vec<(DocName, Bytes)>) -> Result<(), StoreError> {
        self.inner.create_board(board, seeds).await
    }
    async fn token_secret(&self, candidate: [u8; 32]) -> Result<[u8; 32], StoreError> {
        self.inner.token_secret(candidate).await
    }
    async fn board(&self, id: BoardId) -> Result<Option<BoardInfo>, StoreError> {
        self.inner.board(id).await
    }
    async fn board_by_code(&self, code: JoinCode) -> Result<Option<BoardInfo>, StoreError> {
        self.inner.board_by_code(code).await
    }
    async fn load(&self, key: DocKey) -> Result<StoredDoc, StoreError> {
        self.inner.load(key).await
    }
    async fn append(&self, key: DocKey, updates: Vec<Bytes>) -> Result<Seq, StoreError> {
        self.inner.append(key, updates).await
    }
    async fn compact(&self, key: DocKey, snapshot: Bytes, through: Seq) -> Result<(), StoreError> {
        if key.doc == DocName::Content && self.slow.swap(false, Ordering::SeqCst) {
            self.started.notify_one();
            tokio::time::sleep(SLOW_COMPACTION).await;
        }
        self.inner.compact(key, snapshot, through).await
    }
    async fn quarantine(&self, key: DocKey, entries: Vec<Quarantined>) -> Result<(), StoreError> {
        self.inner.quarantine(key, entries).await
    }
    async fn quarantined(&self, key: DocKey) -> Result<Vec<Quarantined>, StoreError> {
        self.inner.quarantined(key).await
    }
    async fn save_point(&self, key: DocKey, point: RestorePoint, keep: usize) -> Result<(), StoreError> {
        self.inner.save_point(key, point, keep).await
    }
    async fn points(&self, key: DocKey) -> Result<Vec<PointInfo>, StoreError> {
        self.inner.points(key).await
    }
    async fn point(&self, key: DocKey, id: u64) -> Result<Option<Bytes>, StoreError> {
        self.inner.point(key, id).await
    }
    async fn boards(&self) -> Result<Vec<StoredBoard>, StoreError> {
        self.inner.boards().await
    }
    async fn touch(&self, board: BoardId, at_ms: u64) -> Result<(), StoreError> {
        self.inner.touch(board, at_ms).await
    }
    async fn mark_names_erased(&self, board: BoardId, at_ms: u64) -> Result<(), StoreError> {
        self.inner.mark_names_erased(board, at_ms).await
    }
    async fn delete_board(&self, board: BoardId) -> Result<Option<BoardInfo>, StoreError> {
        self.inner.delete_board(board).await
    }
    async fn records_of(&self, board: &BoardInfo) -> Result<Vec<String>, StoreError> {
        self.inner.records_of(board).await
    }
}

/// An edit to a card, as a client's update frame.
fn edit(client: &BoardDoc, card: &str) -> Bytes {
    let mut txn = client.doc().transact_mut();
    client.set_card_text(&mut txn, card, card);
    Bytes::from(protocol::update(txn.encode_update_v1()))
}

/// Waits until `joined` is sent `frame`.
async fn receives(joined: &mut Joined, frame: &Bytes) -> anyhow::Result<()> {
    let wait = async {
        while let Some(received) = joined.outbox.recv().await {
            if received == *frame {
                return Ok(());
            }
        }
        anyhow::bail!("the room closed the connection")
    };
    tokio::time::timeout(WAIT, wait).await.context("the frame never came")?
}

/// While the board's log is being compacted into the store (slowly, here), an edit still
/// reaches the others at once: the room does not wait for the compaction.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_compaction_holds_no_edit_up() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let store = Arc::new(SlowCompactions {
        inner: EmbeddedStore::open(dir.path())?,
        slow: AtomicBool::new(true),
        started: Notify::new(),
    });
    let settings = RoomSettings {
        idle_unload: Duration::from_secs(60),
        awareness_timeout: Duration::from_secs(30),
        client_timeout: Duration::from_secs(30),
        compact_after_updates: 5,
        max_text_len: 20_000,
        max_document_bytes: 1 << 30,
        points: polyphony_server::history::PointSettings { every: Duration::from_secs(300), kept: 10 },
    };
    let shutdown = CancellationToken::new();
    let store_for_rooms: Arc<dyn Store> = Arc::clone(&store) as Arc<dyn Store>;
    let signer = Signer::new([3; SECRET_BYTES]);
    let clock = std::sync::Arc::new(polyphony_server::clock::SystemClock);
    let rooms = Rooms::new(store_for_rooms, None, settings, shutdown.clone(), TaskTracker::new(), signer, clock);
    let board = BoardId::random_from(&mut (1u8..=16));
    let join_code = JoinCode::random_from(&mut (1u8..=16));
    let info = BoardInfo { id: board, title: "Compaction".into(), join_code, created_at_ms: 1 };
    store.create_board(info, Vec::new()).await?;
    rooms.rules(board).await?;
    let access = Access { participant: ParticipantId::random_from(&mut (1u8..=8)), role: Role::Facilitator };
    let key = DocKey { board, doc: DocName::Content };
    let writer = rooms.join(key, access).await?;
    let mut reader = rooms.join(key, access).await?;
    let client = BoardDoc::new();
    for card in 0..10 {
        let frame = edit(&client, &format!("card-{card}"));
        writer
            .room
            .frame(writer.conn, ClientFrame::decode(frame.clone()).map_err(|reason| anyhow::anyhow!("{reason:?}"))?)
            .await?;
        receives(&mut reader, &frame).await?;
    }
    tokio::time::timeout(WAIT, store.started.notified()).await.context("no compaction started")?;

    let started = Instant::now();
    let frame = edit(&client, "during-compaction");
    writer
        .room
        .frame(writer.conn, ClientFrame::decode(frame.clone()).map_err(|reason| anyhow::anyhow!("{reason:?}"))?)
        .await?;
    receives(&mut reader, &frame).await?;
    let took = started.elapsed();
    println!("an edit during a {SLOW_COMPACTION:?} compaction reached the other client in {took:?}");
    assert!(took < Duration::from_millis(500), "the edit waited {took:?} for the compaction");
    shutdown.cancel();
    Ok(())
}
