//! The board's task through its channels alone: no sockets, no HTTP.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use polyphony_shared::{
    BoardDoc, BoardId, CardColour, CloseReason, Command, DocName, NewCard, Participant, ParticipantId, Perspective,
    Role, Section, protocol,
};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use yrs::Transact;
use yrs::sync::Message;

use polyphony_shared::governance::Refusal;
use polyphony_shared::governance::commands::FreshIds;

use crate::EmbeddedStore;
use crate::access::token::SECRET_BYTES;
use crate::access::{Access, Signer};
use crate::history::PointSettings;
use crate::room::{ClientFrame, Done, GovernError, Joined, RoomSettings, Rooms};
use crate::store::{DocKey, Store};

/// One board's registry over a fresh embedded store.
struct Bench {
    rooms: Rooms,
    board: BoardId,
    facilitator: Access,
    shutdown: CancellationToken,
    _dir: tempfile::TempDir,
}

impl Bench {
    async fn new(idle_unload: Duration) -> Bench {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let store: Arc<dyn Store> = Arc::new(EmbeddedStore::open(dir.path()).expect("an embedded store"));
        let settings = RoomSettings {
            idle_unload,
            awareness_timeout: Duration::from_secs(30),
            client_timeout: Duration::from_secs(30),
            compact_after_updates: 500,
            max_text_len: 20_000,
            max_document_bytes: 1 << 30,
            points: PointSettings { every: Duration::from_secs(300), kept: 10 },
        };
        let shutdown = CancellationToken::new();
        let signer = Signer::new([9; SECRET_BYTES]);
        let clock = std::sync::Arc::new(crate::clock::SystemClock);
        let rooms = Rooms::new(Arc::clone(&store), None, settings, shutdown.clone(), TaskTracker::new(), signer, clock);
        let board = BoardId::random_from(&mut (1u8..=16));
        let info = polyphony_shared::BoardInfo {
            id: board,
            title: "Bench".into(),
            join_code: polyphony_shared::JoinCode::random_from(&mut (1u8..=16)),
            created_at_ms: 1,
        };
        store.create_board(info, Vec::new()).await.expect("the board is stored");
        let facilitator = Access { participant: ParticipantId::random_from(&mut (1u8..=8)), role: Role::Facilitator };
        Bench { rooms, board, facilitator, shutdown, _dir: dir }
    }

    async fn command(&self, access: Access, command: Command) -> Result<Done, GovernError> {
        let fresh = FreshIds::random_from(&mut (3u8..=20));
        self.rooms.command(self.board, access, command, 1_000, fresh).await
    }

    /// A participant who joined the board.
    async fn participant(&self, name: &str, seed: u8) -> Access {
        let id = ParticipantId::random_from(&mut (seed..=seed + 7));
        let participant =
            Participant { id, name: name.into(), perspective: Perspective::Citizen, role: Role::Participant };
        self.rooms.add_participant(self.board, participant).await.expect("joined");
        Access { participant: id, role: Role::Participant }
    }

    async fn join(&self, doc: DocName, access: Access) -> Joined {
        self.rooms.join(DocKey { board: self.board, doc }, access).await.expect("joined the room")
    }
}

/// A frame adding one card, as a browser sends it.
fn new_card_frame(id: &str) -> ClientFrame {
    let doc = BoardDoc::new();
    let mut txn = doc.doc().transact_mut();
    let card = NewCard {
        id,
        text: "More benches in the park",
        colour: CardColour::Yellow,
        author_name: "",
        perspective: Perspective::Citizen,
        x: 10.0,
        y: 10.0,
        cluster: None,
    };
    doc.add_card(&mut txn, card);
    let frame = Bytes::from(protocol::update(txn.encode_update_v1()));
    ClientFrame::decode(frame).expect("a well-formed frame")
}

/// The reason of the first refusal the connection receives.
async fn refusal(joined: &mut Joined) -> Option<String> {
    let wait = tokio::time::timeout(Duration::from_secs(5), async {
        while let Some(frame) = joined.outbox.recv().await {
            let messages = protocol::decode(&frame).unwrap_or_default();
            if let Some(Message::Auth(Some(reason))) = messages.into_iter().next() {
                return Some(reason);
            }
        }
        None
    });
    wait.await.ok().flatten()
}

#[tokio::test]
async fn a_lock_is_in_force_when_its_command_is_answered() {
    let bench = Bench::new(Duration::from_secs(60)).await;
    let ana = bench.participant("Ana", 20).await;
    let mut content = bench.join(DocName::Content, ana).await;
    let locked = bench.command(bench.facilitator, Command::Lock { section: Section::Ideas }).await;
    assert_eq!(locked, Ok(Done::Nothing));
    // No retry, no wait: the very next frame meets the lock.
    content.room.frame(content.conn, new_card_frame("bench-1")).await.expect("the board takes the frame");
    let reason = refusal(&mut content).await;
    assert_eq!(reason, Some(Refusal::Locked(Section::Ideas).to_string()));
    bench.shutdown.cancel();
}

#[tokio::test]
async fn a_removed_participant_is_closed_out_of_every_document_at_once() {
    let bench = Bench::new(Duration::from_secs(60)).await;
    let ana = bench.participant("Ana", 20).await;
    let content = bench.join(DocName::Content, ana).await;
    let governed = bench.join(DocName::Governed, ana).await;
    let removed = bench.command(bench.facilitator, Command::RemoveParticipant { participant: ana.participant }).await;
    assert_eq!(removed, Ok(Done::Nothing));
    for joined in [content, governed] {
        assert_eq!(joined.kicked.await.ok(), Some(CloseReason::NotAllowed));
    }
    let again = bench.rooms.join(DocKey { board: bench.board, doc: DocName::Content }, ana).await;
    assert!(matches!(again, Err(crate::room::RoomError::NotAllowed)));
    bench.shutdown.cancel();
}

#[tokio::test]
async fn commands_are_refused_with_the_shared_governance_texts() {
    let bench = Bench::new(Duration::from_secs(60)).await;
    let ana = bench.participant("Ana", 20).await;
    let refused = bench.command(ana, Command::Lock { section: Section::Ideas }).await;
    assert_eq!(refused, Err(GovernError::Rule(Refusal::FacilitatorsOnly)));
    let no_timer = bench.command(bench.facilitator, Command::PauseTimer).await;
    assert_eq!(no_timer, Err(GovernError::Rule(Refusal::NoTimerRunning)));
    bench.shutdown.cancel();
}

#[tokio::test]
async fn a_vote_round_is_opened_voted_on_and_revealed_in_order() {
    let bench = Bench::new(Duration::from_secs(60)).await;
    let ana = bench.participant("Ana", 20).await;
    let mut content = bench.join(DocName::Content, bench.facilitator).await;
    content.room.frame(content.conn, new_card_frame("bench-1")).await.expect("the board takes the frame");
    let open = Command::OpenRound {
        target: polyphony_shared::voting::VoteTarget::Cards,
        budget: 3,
        cap: 2,
        title: "Which first?".into(),
        activity: None,
    };
    let Ok(Done::OpenedRound(round)) = bench.command(bench.facilitator, open).await else {
        panic!("the round did not open")
    };
    let vote = Command::Vote { round, item: "bench-1".into(), dots: 2 };
    let Ok(Done::Votes(votes)) = bench.command(ana, vote).await else { panic!("the vote was not taken") };
    assert_eq!(votes.remaining, 1);
    assert_eq!(bench.command(bench.facilitator, Command::RevealRound { round }).await, Ok(Done::Nothing));
    let late = bench.command(ana, Command::Vote { round, item: "bench-1".into(), dots: 1 }).await;
    assert!(late.is_err(), "a vote after the reveal was taken: {late:?}");
    bench.shutdown.cancel();
    drop(content.outbox.try_recv());
}

#[tokio::test]
async fn an_idle_board_unloads_and_opens_again_with_its_rules() {
    let idle_unload = Duration::from_secs(1);
    let bench = Bench::new(idle_unload).await;
    let ana = bench.participant("Ana", 20).await;
    bench.command(bench.facilitator, Command::Lock { section: Section::Ideas }).await.expect("locked");
    let content = bench.join(DocName::Content, ana).await;
    tokio::time::sleep(idle_unload * 2).await;
    assert_eq!(bench.rooms.loaded(), 1, "unloaded while somebody was connected");
    content.room.leave(content.conn).await;
    let mut waited = Duration::ZERO;
    while bench.rooms.loaded() > 0 && waited < Duration::from_secs(10) {
        tokio::time::sleep(Duration::from_millis(100)).await;
        waited += Duration::from_millis(100);
    }
    assert_eq!(bench.rooms.loaded(), 0, "still loaded after being idle");
    assert!(waited >= idle_unload / 2, "unloaded before it was idle for long enough ({waited:?})");
    let rules = bench.rooms.rules(bench.board).await.expect("the board opens again");
    assert!(rules.locked.contains(&Section::Ideas), "the lock was not stored");
    bench.shutdown.cancel();
}
