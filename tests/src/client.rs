//! [`TestClient`]: a board document synced over a real websocket, as a browser would.
//!
//! A background task reads the socket: it answers the server's SyncStep1, applies updates
//! and awareness to the local replica, and remembers how the socket was closed. Test code
//! edits the replica through [`TestClient::edit`], which sends the resulting update.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use anyhow::Context;
use bytes::Bytes;
use futures_util::{SinkExt, StreamExt};
use polyphony_shared::{BoardDoc, protocol};
use tokio::sync::{mpsc, watch};
use tokio_tungstenite::tungstenite::Message as WsMessage;
use yrs::sync::awareness::Awareness;
use yrs::sync::{Message, SyncMessage};
use yrs::updates::decoder::Decode;
use yrs::{Doc, ReadTxn, Transact, TransactionMut, Update};

use crate::WAIT;

/// What the reader task has seen.
#[derive(Debug, Default, Clone)]
pub struct Seen {
    /// Frames received so far; bumps on every frame, so waiters wake up.
    pub frames: u64,
    /// Whether the server's SyncStep2 arrived (the replica holds the server's state).
    pub synced: bool,
    /// The close code, once the server closed the socket.
    pub close_code: Option<u16>,
    /// Whether the connection has ended (closed or broken).
    pub ended: bool,
    /// The reasons of the server's "permission denied" messages, in order.
    pub denials: Vec<String>,
}

/// One connected board client.
pub struct TestClient {
    /// The local replica of the board's content document.
    pub board: BoardDoc,
    /// Every binary frame received, as received.
    received: Arc<Mutex<Vec<Bytes>>>,
    awareness: Arc<Mutex<Awareness>>,
    outgoing: mpsc::UnboundedSender<WsMessage>,
    seen: watch::Receiver<Seen>,
}

impl TestClient {
    /// Connects to a board websocket URL and waits until the initial sync is done.
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        let client = TestClient::connect_unsynced(url).await?;
        client.wait_for(|seen, _| seen.synced).await.context("initial sync")?;
        Ok(client)
    }

    /// Connects and sends SyncStep1 without waiting for the answer.
    pub async fn connect_unsynced(url: &str) -> anyhow::Result<Self> {
        TestClient::connect_with(url, BoardDoc::new()).await
    }

    /// Joins a board as a participant and connects to its content document.
    pub async fn join_as_participant(
        addr: std::net::SocketAddr,
        board: polyphony_shared::BoardId,
        name: &str,
        perspective: polyphony_shared::Perspective,
    ) -> anyhow::Result<Self> {
        let joined = crate::http::join_as_participant(addr, board, name, perspective).await?;
        TestClient::connect(&crate::http::ws_url(addr, board, polyphony_shared::DocName::Content, &joined.token)).await
    }

    /// Connects again, possibly to another server, keeping this client's replica: what the
    /// server lacks is sent to it in the sync, as a browser reconnecting would.
    pub async fn reconnect(&self, url: &str) -> anyhow::Result<Self> {
        self.close();
        let client = TestClient::connect_with(url, self.board.clone()).await?;
        client.wait_for(|seen, _| seen.synced).await.context("sync after reconnecting")?;
        Ok(client)
    }

    /// Connects with a replica of the caller's making (one under a chosen client id, say)
    /// and waits until the initial sync is done.
    pub async fn connect_with_replica(url: &str, board: BoardDoc) -> anyhow::Result<Self> {
        let client = TestClient::connect_with(url, board).await?;
        client.wait_for(|seen, _| seen.synced).await.context("initial sync")?;
        Ok(client)
    }

    async fn connect_with(url: &str, board: BoardDoc) -> anyhow::Result<Self> {
        let (socket, _) = tokio_tungstenite::connect_async(url).await.with_context(|| format!("connect {url}"))?;
        let (mut sink, mut stream) = socket.split();
        let awareness = Arc::new(Mutex::new(Awareness::new(Doc::new())));
        let (outgoing, mut queue) = mpsc::unbounded_channel::<WsMessage>();
        let (seen_tx, seen) = watch::channel(Seen::default());

        tokio::spawn(async move {
            while let Some(message) = queue.recv().await {
                if sink.send(message).await.is_err() {
                    break;
                }
            }
        });
        let reader_board = board.clone();
        let reader_awareness = Arc::clone(&awareness);
        let received = Arc::new(Mutex::new(Vec::new()));
        let reader_received = Arc::clone(&received);
        let reply = outgoing.clone();
        tokio::spawn(async move {
            while let Some(message) = stream.next().await {
                match message {
                    Ok(WsMessage::Binary(frame)) => {
                        reader_received.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(frame.clone());
                        let effects = apply_frame(&reader_board, &reader_awareness, &reply, &frame);
                        seen_tx.send_modify(|seen| {
                            seen.frames += 1;
                            seen.synced |= effects.synced;
                            seen.denials.extend(effects.denial);
                        });
                    }
                    Ok(WsMessage::Close(frame)) => {
                        seen_tx.send_modify(|seen| seen.close_code = frame.map(|frame| u16::from(frame.code)));
                    }
                    Ok(_) => {}
                    Err(_) => break,
                }
            }
            seen_tx.send_modify(|seen| seen.ended = true);
        });

        let client = TestClient { board, received, awareness, outgoing, seen };
        client.send_frame(protocol::sync_step1(client.board.state_vector()));
        Ok(client)
    }

    /// Edits the replica in one transaction and sends the update to the server.
    pub fn edit(&self, change: impl FnOnce(&BoardDoc, &mut TransactionMut)) {
        let update = {
            let mut txn = self.board.doc().transact_mut();
            change(&self.board, &mut txn);
            txn.encode_update_v1()
        };
        self.send_frame(protocol::update(update));
    }

    /// Sets this client's presence and announces it.
    pub fn set_presence(&self, json: &str) {
        let frame = {
            let mut awareness = self.awareness.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            awareness.set_local_state_raw(json);
            awareness.update().map(protocol::awareness)
        };
        if let Ok(frame) = frame {
            self.send_frame(frame);
        }
    }

    /// This client's awareness id.
    pub fn presence_id(&self) -> u64 {
        self.awareness.lock().unwrap_or_else(std::sync::PoisonError::into_inner).client_id().get()
    }

    /// The awareness ids of every client this one currently sees as present (itself excluded).
    pub fn present_others(&self) -> BTreeSet<u64> {
        let awareness = self.awareness.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let me = awareness.client_id();
        awareness
            .iter()
            .filter(|(client, state)| *client != me && state.data.is_some())
            .map(|(client, _)| client.get())
            .collect()
    }

    /// The raw presence states this client sees (JSON text), itself excluded.
    pub fn presence_names(&self) -> Vec<String> {
        let awareness = self.awareness.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let me = awareness.client_id();
        awareness
            .iter()
            .filter(|(client, _)| *client != me)
            .filter_map(|(_, state)| state.data.as_deref().map(str::to_owned))
            .collect()
    }

    /// Sends raw bytes as one binary frame.
    pub fn send_frame(&self, frame: Vec<u8>) {
        self.outgoing.send(WsMessage::Binary(Bytes::from(frame))).ok();
    }

    /// Sends any websocket message (text, oversized binary …).
    pub fn send_message(&self, message: WsMessage) {
        self.outgoing.send(message).ok();
    }

    /// Closes the socket from the client side.
    pub fn close(&self) {
        self.outgoing.send(WsMessage::Close(None)).ok();
    }

    /// Every binary frame received so far, as received.
    pub fn received_frames(&self) -> Vec<Bytes> {
        self.received.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    /// A copy of what the reader has seen so far.
    pub fn seen(&self) -> Seen {
        self.seen.borrow().clone()
    }

    /// Waits (at most [`WAIT`]) until `done` holds for what was seen and the replica.
    pub async fn wait_for(&self, done: impl Fn(&Seen, &BoardDoc) -> bool) -> anyhow::Result<()> {
        let mut seen = self.seen.clone();
        let wait = async {
            loop {
                if done(&seen.borrow_and_update(), &self.board) {
                    return Ok(());
                }
                if seen.changed().await.is_err() {
                    anyhow::bail!("client task ended");
                }
            }
        };
        tokio::time::timeout(WAIT, wait).await.context("timed out waiting")?
    }

    /// Waits until the replica satisfies `done`.
    pub async fn wait_until(&self, done: impl Fn(&BoardDoc) -> bool) -> anyhow::Result<()> {
        self.wait_for(|_, board| done(board)).await
    }

    /// Waits for the server to close the socket and returns the close code.
    pub async fn wait_closed(&self) -> anyhow::Result<Option<u16>> {
        self.wait_for(|seen, _| seen.ended).await?;
        Ok(self.seen().close_code)
    }
}

/// Applies one frame to the replica; answers SyncStep1. Returns whether it was SyncStep2.
/// What one frame did to the client.
#[derive(Default)]
struct FrameEffects {
    /// It was the server's SyncStep2.
    synced: bool,
    /// It denied a write, for this reason.
    denial: Option<String>,
}

fn apply_frame(
    board: &BoardDoc,
    awareness: &Mutex<Awareness>,
    reply: &mpsc::UnboundedSender<WsMessage>,
    frame: &[u8],
) -> FrameEffects {
    let mut effects = FrameEffects::default();
    let Ok(messages) = protocol::decode(frame) else { return effects };
    for message in messages {
        match message {
            Message::Sync(SyncMessage::SyncStep1(state_vector)) => {
                let diff = board.doc().transact().encode_diff_v1(&state_vector);
                reply.send(WsMessage::Binary(Bytes::from(protocol::sync_step2(diff)))).ok();
            }
            Message::Sync(SyncMessage::SyncStep2(update)) => {
                effects.synced = true;
                apply_update(board, &update);
            }
            Message::Auth(reason) => effects.denial = Some(reason.unwrap_or_default()),
            Message::Sync(SyncMessage::Update(update)) => apply_update(board, &update),
            Message::Awareness(update) => {
                awareness.lock().unwrap_or_else(std::sync::PoisonError::into_inner).apply_update(update).ok();
            }
            _ => {}
        }
    }
    effects
}

fn apply_update(board: &BoardDoc, update: &[u8]) {
    if let Ok(update) = Update::decode_v1(update) {
        board.doc().transact_mut().apply_update(update).ok();
    }
}

/// How a raw socket ended up once it was read to the end: closed with a code, or fully synced.
pub enum Drained {
    /// The server closed the socket with this code.
    Closed(u16),
    /// Every frame applied; the replica is what the socket delivered.
    Synced(BoardDoc),
    /// The server dropped the connection without a close frame (its send buffer was full).
    Dropped,
}

/// Reads a raw socket that had stopped reading, applying every update, until the server closes
/// it or one second passes with no frame (everything queued for it has arrived).
pub async fn drain_raw(
    mut socket: tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>,
) -> anyhow::Result<Drained> {
    let board = BoardDoc::new();
    loop {
        let next = tokio::time::timeout(std::time::Duration::from_secs(1), socket.next()).await;
        match next {
            Err(_) => return Ok(Drained::Synced(board)),
            Ok(Some(Ok(WsMessage::Binary(frame)))) => {
                for message in protocol::decode(&frame).unwrap_or_default() {
                    if let Message::Sync(SyncMessage::SyncStep2(update) | SyncMessage::Update(update)) = message {
                        apply_update(&board, &update);
                    }
                }
            }
            Ok(Some(Ok(WsMessage::Close(frame)))) => {
                return Ok(Drained::Closed(frame.map(|frame| u16::from(frame.code)).unwrap_or(1005)));
            }
            Ok(Some(Ok(_))) => {}
            Ok(Some(Err(_)) | None) => return Ok(Drained::Dropped),
        }
    }
}

/// An edit that adds a card signed by its writer, as a browser writes it.
pub fn signed_card<'a>(
    id: &'a str,
    text: &'a str,
    author: &'a str,
    perspective: polyphony_shared::Perspective,
) -> impl FnOnce(&BoardDoc, &mut TransactionMut) + 'a {
    move |board, txn| {
        let card = polyphony_shared::NewCard {
            id,
            text,
            colour: polyphony_shared::CardColour::Yellow,
            author_name: author,
            perspective,
            x: 10.0,
            y: 10.0,
            cluster: None,
        };
        board.add_card(txn, card);
    }
}

/// Puts cards with these ids (each reading its id) on the board behind the content socket
/// `url`, and waits until a fresh client of that server sees them all.
pub async fn put_cards(url: &str, ids: &[&str]) -> anyhow::Result<()> {
    let writer = TestClient::connect(url).await?;
    writer.edit(|board, txn| {
        for id in ids {
            board.set_card_text(txn, id, id);
        }
    });
    let reader = TestClient::connect(url).await?;
    reader.wait_until(|board| ids.iter().all(|id| board.card_texts().contains_key(*id))).await
}
