//! The bus: one pub/sub connection per instance, shared by every loaded document.
//!
//! Followers register their document's channel; the bus subscribes while anyone follows it
//! and hands each message to the followers without waiting. A follower whose inbox is full
//! misses messages, which is safe: it is told to resync and reads what it missed from the
//! log. After a reconnect every follower resyncs the same way, so pub/sub may drop messages
//! without losing updates.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use bytes::Bytes;
use futures_util::StreamExt;
use redis::aio::{PubSubSink, PubSubStream};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::health::RedisHealth;

/// Messages queued for one follower before it is switched to resyncing from the log.
pub(super) const FOLLOWER_INBOX: usize = 1024;
/// Pause between attempts to reach Redis, and between resyncs of overflowed followers.
const RETRY: Duration = Duration::from_millis(500);

/// What a follower receives.
#[derive(Debug)]
pub(super) enum BusMessage {
    /// A message published on the document's channel.
    Published(Bytes),
    /// Messages may have been missed: read the log from the last known position.
    Resync,
}

enum Command {
    Follow { channel: String, id: u64, inbox: mpsc::Sender<BusMessage> },
    Unfollow { channel: String, id: u64 },
}

/// The cloneable way to reach the bus task.
#[derive(Clone)]
pub(super) struct Bus {
    commands: mpsc::UnboundedSender<Command>,
}

impl Bus {
    /// Starts the bus task; it ends when `shutdown` is cancelled.
    pub(super) fn start(
        clients: Vec<redis::Client>,
        health: RedisHealth,
        shutdown: CancellationToken,
        meter: crate::metrics::RedisMeter,
    ) -> Bus {
        let (commands, inbox) = mpsc::unbounded_channel();
        tokio::spawn(run(clients, health, inbox, shutdown, meter));
        Bus { commands }
    }

    /// Delivers the channel's messages to `inbox` until [`Bus::unfollow`]; starts with a resync.
    pub(super) fn follow(&self, channel: String, id: u64, inbox: mpsc::Sender<BusMessage>) {
        self.commands.send(Command::Follow { channel, id, inbox }).ok();
    }

    /// Stops delivering to a follower.
    pub(super) fn unfollow(&self, channel: String, id: u64) {
        self.commands.send(Command::Unfollow { channel, id }).ok();
    }
}

/// The bus task's state that outlives connections.
#[derive(Default)]
struct Followers {
    by_channel: HashMap<String, Vec<(u64, mpsc::Sender<BusMessage>)>>,
    /// Channels with a follower that missed a message and still needs its resync.
    overflowed: HashSet<String>,
}

/// Subscribes through one of `clients` at a time, moving on to the next whenever the
/// connection fails (the nodes of a cluster all hear every channel).
async fn run(
    clients: Vec<redis::Client>,
    health: RedisHealth,
    mut commands: mpsc::UnboundedReceiver<Command>,
    shutdown: CancellationToken,
    meter: crate::metrics::RedisMeter,
) {
    let mut followers = Followers::default();
    let mut lost = false;
    for client in clients.iter().cycle() {
        let connected = tokio::select! {
            connected = client.get_async_pubsub() => connected,
            () = shutdown.cancelled() => return,
        };
        match connected {
            Ok(pubsub) => {
                if std::mem::take(&mut lost) {
                    meter.reconnected();
                }
                let (sink, stream) = pubsub.split();
                match serve(sink, stream, &mut followers, &mut commands, &shutdown).await {
                    Ended::Shutdown => return,
                    Ended::Disconnected => {
                        lost = true;
                        tracing::warn!("Redis pub/sub connection lost; reconnecting");
                    }
                }
            }
            Err(err) => health.record::<()>(&Err(err)),
        }
        // While Redis is away, keep the follower list current, then try again.
        let retry = tokio::time::sleep(RETRY);
        tokio::pin!(retry);
        loop {
            tokio::select! {
                () = &mut retry => break,
                command = commands.recv() => match command {
                    Some(command) => followers.apply(command),
                    None => return,
                },
                () = shutdown.cancelled() => return,
            }
        }
    }
}

enum Ended {
    Shutdown,
    Disconnected,
}

async fn serve(
    mut sink: PubSubSink,
    mut stream: PubSubStream,
    followers: &mut Followers,
    commands: &mut mpsc::UnboundedReceiver<Command>,
    shutdown: &CancellationToken,
) -> Ended {
    let channels: Vec<String> = followers.by_channel.keys().cloned().collect();
    if !channels.is_empty() && sink.subscribe(&channels).await.is_err() {
        return Ended::Disconnected;
    }
    // Whatever was published while this connection was not subscribed is in the logs.
    followers.resync_all();
    let mut tick = tokio::time::interval(RETRY);
    loop {
        tokio::select! {
            message = stream.next() => {
                let Some(message) = message else { return Ended::Disconnected };
                followers.dispatch(message.get_channel_name(), message.get_payload_bytes());
            }
            command = commands.recv() => {
                let Some(command) = command else { return Ended::Shutdown };
                let (channel, subscribe) = match &command {
                    Command::Follow { channel, .. } => (channel.clone(), !followers.by_channel.contains_key(channel)),
                    Command::Unfollow { channel, .. } => (channel.clone(), false),
                };
                let resync = matches!(command, Command::Follow { .. });
                followers.apply(command);
                if subscribe && sink.subscribe(&channel).await.is_err() {
                    return Ended::Disconnected;
                }
                if resync {
                    // Subscribed now: anything stored before is in the log.
                    followers.resync(&channel);
                } else if !followers.by_channel.contains_key(&channel) && sink.unsubscribe(&channel).await.is_err() {
                    return Ended::Disconnected;
                }
            }
            _ = tick.tick() => followers.resync_overflowed(),
            () = shutdown.cancelled() => return Ended::Shutdown,
        }
    }
}

impl Followers {
    fn apply(&mut self, command: Command) {
        match command {
            Command::Follow { channel, id, inbox } => self.by_channel.entry(channel).or_default().push((id, inbox)),
            Command::Unfollow { channel, id } => {
                if let Some(list) = self.by_channel.get_mut(&channel) {
                    list.retain(|(follower, _)| *follower != id);
                    if list.is_empty() {
                        self.by_channel.remove(&channel);
                    }
                }
            }
        }
    }

    fn dispatch(&mut self, channel: &str, payload: &[u8]) {
        let Some(list) = self.by_channel.get(channel) else { return };
        let payload = Bytes::copy_from_slice(payload);
        for (_, inbox) in list {
            if let Err(mpsc::error::TrySendError::Full(_)) = inbox.try_send(BusMessage::Published(payload.clone())) {
                self.overflowed.insert(channel.to_owned());
            }
        }
    }

    fn resync(&mut self, channel: &str) {
        let Some(list) = self.by_channel.get(channel) else { return };
        for (_, inbox) in list {
            if let Err(mpsc::error::TrySendError::Full(_)) = inbox.try_send(BusMessage::Resync) {
                self.overflowed.insert(channel.to_owned());
            }
        }
    }

    fn resync_all(&mut self) {
        let channels: Vec<String> = self.by_channel.keys().cloned().collect();
        for channel in channels {
            self.resync(&channel);
        }
    }

    fn resync_overflowed(&mut self) {
        for channel in std::mem::take(&mut self.overflowed) {
            self.resync(&channel);
        }
    }
}
