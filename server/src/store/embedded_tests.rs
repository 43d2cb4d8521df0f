//! The embedded store: appends, compactions, the token secret and quarantine survive reopening;
//! a deleted board leaves no row behind and takes no write after.
use super::*;
use polyphony_shared::DocName;

fn board(byte: u8) -> BoardInfo {
    BoardInfo {
        id: BoardId::random_from(&mut std::iter::repeat(byte)),
        title: "Respite care".into(),
        join_code: JoinCode::random_from(&mut std::iter::repeat(byte)),
        created_at_ms: 1,
    }
}

#[tokio::test]
async fn append_compact_and_reload() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = EmbeddedStore::open(dir.path()).expect("opens");
    let info = board(1);
    let key = DocKey { board: info.id, doc: DocName::Content };
    let seeds = vec![(DocName::Content, Bytes::from_static(b"seed"))];
    store.create_board(info.clone(), seeds.clone()).await.expect("created");
    assert!(matches!(store.create_board(info.clone(), seeds.clone()).await, Err(StoreError::BoardExists(_))));
    assert_eq!(store.board(info.id).await.expect("reads"), Some(info.clone()));
    assert_eq!(store.board_by_code(info.join_code).await.expect("reads"), Some(info.clone()));
    let mut same_code = board(3);
    same_code.join_code = info.join_code;
    assert!(matches!(store.create_board(same_code, seeds).await, Err(StoreError::JoinCodeTaken(_))));

    let last = store.append(key, vec![Bytes::from_static(b"a"), Bytes::from_static(b"b")]).await.expect("appends");
    assert_eq!(last, 3);
    store.compact(key, Bytes::from_static(b"snap"), 2).await.expect("compacts");
    // A stale compaction from a slower racer is ignored.
    store.compact(key, Bytes::from_static(b"old"), 1).await.expect("ignored");
    drop(store);

    let store = EmbeddedStore::open(dir.path()).expect("reopens");
    let stored = store.load(key).await.expect("loads");
    assert_eq!(stored.snapshot.as_deref(), Some(&b"snap"[..]));
    assert_eq!(stored.snapshot_seq, 2);
    assert_eq!(stored.updates, vec![Bytes::from_static(b"b")]);
    assert_eq!(stored.last_seq, 3);
    assert_eq!(store.append(key, vec![Bytes::from_static(b"c")]).await.expect("appends"), 4);
    assert_eq!(store.board(board(2).id).await.expect("reads"), None);
}

#[tokio::test]
async fn the_first_token_secret_is_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = EmbeddedStore::open(dir.path()).expect("opens");
    assert_eq!(store.token_secret([1; SECRET_BYTES]).await.expect("stores"), [1; SECRET_BYTES]);
    drop(store);
    let store = EmbeddedStore::open(dir.path()).expect("reopens");
    assert_eq!(store.token_secret([2; SECRET_BYTES]).await.expect("reads"), [1; SECRET_BYTES]);
}

#[tokio::test]
async fn quarantined_updates_are_kept_in_order_across_reopening() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = EmbeddedStore::open(dir.path()).expect("opens");
    store.create_board(board(4), Vec::new()).await.expect("created");
    let key = DocKey { board: board(4).id, doc: DocName::Content };
    let entry =
        |reason: &str, bytes: &'static [u8]| Quarantined { reason: reason.into(), update: Bytes::from_static(bytes) };
    store.quarantine(key, vec![entry("first", b"a"), entry("second", b"b")]).await.expect("sets aside");
    store.quarantine(key, vec![entry("third", b"c")]).await.expect("sets aside");
    drop(store);
    let store = EmbeddedStore::open(dir.path()).expect("reopens");
    let reasons: Vec<String> =
        store.quarantined(key).await.expect("reads").into_iter().map(|entry| entry.reason).collect();
    assert_eq!(reasons, ["first", "second", "third"]);
}

#[tokio::test]
async fn restore_points_are_kept_up_to_the_limit_and_survive_reopening() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = EmbeddedStore::open(dir.path()).expect("opens");
    store.create_board(board(4), Vec::new()).await.expect("created");
    let key = DocKey { board: board(4).id, doc: DocName::Content };
    let point = |id: u64| RestorePoint {
        info: PointInfo { id, label: format!("point {id}"), cards: 1, questions: 0 },
        state: Bytes::from(format!("state {id}")),
    };
    for id in [10, 20, 30] {
        store.save_point(key, point(id), 2).await.expect("saves");
    }
    drop(store);
    let store = EmbeddedStore::open(dir.path()).expect("reopens");
    let listed = store.points(key).await.expect("lists");
    assert_eq!(listed.iter().map(|point| point.id).collect::<Vec<_>>(), [20, 30], "the oldest went first");
    assert_eq!(store.point(key, 30).await.expect("reads").as_deref(), Some(&b"state 30"[..]));
    assert_eq!(store.point(key, 10).await.expect("reads"), None);
    let other = DocKey { board: board(5).id, doc: DocName::Content };
    assert!(store.points(other).await.expect("lists").is_empty());
}

#[tokio::test]
async fn a_deleted_board_leaves_no_row_and_takes_no_write() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = EmbeddedStore::open(dir.path()).expect("opens");
    let (gone, kept) = (board(6), board(7));
    for info in [&gone, &kept] {
        store.create_board(info.clone(), vec![(DocName::Content, Bytes::from_static(b"seed"))]).await.expect("created");
        let key = DocKey { board: info.id, doc: DocName::Content };
        store.append(key, vec![Bytes::from_static(b"edit")]).await.expect("appends");
        store.compact(key, Bytes::from_static(b"whole"), 1).await.expect("compacts");
        let entry = Quarantined { reason: "test".into(), update: Bytes::from_static(b"odd") };
        store.quarantine(key, vec![entry]).await.expect("sets aside");
        let info = PointInfo { id: 5, label: "point".into(), cards: 0, questions: 0 };
        store.save_point(key, RestorePoint { info, state: Bytes::from_static(b"then") }, 3).await.expect("saves");
    }
    store.touch(gone.id, 1_000).await.expect("touches");
    let listed = store.boards().await.expect("lists");
    let listed_gone = listed.iter().find(|listed| listed.info.id == gone.id).expect("listed");
    assert_eq!(listed_gone.last_used_ms, 1_000);
    assert!(listed_gone.bytes > 30, "{listed_gone:?}");

    assert!(!store.records_of(&gone).await.expect("audits").is_empty());
    assert_eq!(store.delete_board(gone.id).await.expect("deletes"), Some(gone.clone()));
    assert_eq!(store.delete_board(gone.id).await.expect("deletes nothing"), None, "a second delete finds nothing");
    assert_eq!(store.records_of(&gone).await.expect("audits"), Vec::<String>::new());
    assert_eq!(store.records_of(&kept).await.expect("audits").len(), 8, "the other board keeps all of its rows");
    let key = DocKey { board: gone.id, doc: DocName::Content };
    assert!(matches!(store.append(key, vec![Bytes::from_static(b"late")]).await, Err(StoreError::BoardGone(_))));
    assert!(matches!(store.compact(key, Bytes::from_static(b"late"), 9).await, Err(StoreError::BoardGone(_))));
    store.touch(gone.id, 2_000).await.expect("a touch of a deleted board does nothing");
    assert_eq!(store.board(gone.id).await.expect("reads"), None);
    assert_eq!(store.board_by_code(gone.join_code).await.expect("reads"), None);
    drop(store);

    let store = EmbeddedStore::open(dir.path()).expect("reopens");
    let listed = store.boards().await.expect("lists");
    assert_eq!(listed.iter().map(|listed| listed.info.id).collect::<Vec<_>>(), [kept.id]);
    let kept_key = DocKey { board: kept.id, doc: DocName::Content };
    assert_eq!(store.load(kept_key).await.expect("loads").snapshot.as_deref(), Some(&b"whole"[..]));
    assert_eq!(store.points(kept_key).await.expect("lists").len(), 1);
}
