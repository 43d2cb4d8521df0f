//! Redis mode: any number of instances serve the same boards, with Redis as both the store
//! and the channel between them.
//!
//! - [`store`]: [`RedisStore`], boards and their update logs (streams) and snapshots.
//! - [`connection`]: the command connection, to one Redis or to a Redis Cluster.
//! - [`bus`], [`follower`]: one pub/sub connection per instance, and per loaded document a
//!   follower that turns channel messages into gap-free updates for the room, reading the log
//!   whenever a message may have been missed.
//! - [`keys`], [`scripts`], [`wire`]: the key layout, the atomic scripts, the channel messages.
//! - [`boards`]: listing boards, deleting one with every key of it.
//! - [`health`]: logging when Redis goes away and comes back.

mod boards;
mod bus;
mod connection;
mod follower;
mod health;
pub mod keys;
mod scripts;
pub mod store;
pub mod wire;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use bytes::Bytes;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::metrics::RedisMeter;
use crate::replication::{Following, RemoteEvent, Replication};
use crate::store::{DocKey, Seq};
use bus::{Bus, FOLLOWER_INBOX};
use connection::RedisConnection;
use follower::Follower;
use health::RedisHealth;
pub use health::is_connection_trouble;
pub use store::RedisStore;
use wire::Origin;

/// Events queued for a room before its follower waits.
const ROOM_EVENTS: usize = 1024;

/// Why Redis mode could not start.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    /// The URL does not parse or names an unsupported scheme.
    #[error("invalid Redis URL")]
    Url(#[source] redis::RedisError),
    /// Redis did not answer.
    #[error("cannot reach Redis")]
    Unreachable(#[source] redis::RedisError),
    /// The Redis URL setting names no server.
    #[error("no Redis URL given")]
    NoUrl,
    /// Several URLs were given, but the first does not run in cluster mode.
    #[error("several Redis URLs name the nodes of one Redis Cluster, but the first is not in cluster mode")]
    NotACluster,
}

/// Connects to Redis, or to a Redis Cluster (`urls` then names one or more of its nodes,
/// separated by commas): the store every instance shares, and the replication between them,
/// counting reconnects and catch-ups on `meter`.
pub async fn connect(
    urls: &str,
    shutdown: CancellationToken,
    meter: RedisMeter,
) -> Result<(RedisStore, RedisReplication), ConnectError> {
    let connection::Opened { connection, pubsub } = connection::open(urls).await?;
    let origin = Origin::random();
    let health = RedisHealth::new();
    let store = RedisStore::new(connection.clone(), origin, health.clone());
    let bus = Bus::start(pubsub, health, shutdown, meter.clone());
    let next_follower = Arc::new(AtomicU64::new(1));
    let replication = RedisReplication { store: store.clone(), connection, bus, next_follower, meter };
    tracing::info!(origin = origin.as_str(), "Redis mode: boards are shared with every instance on this Redis");
    Ok((store, replication))
}

/// [`Replication`] over Redis pub/sub and the update logs.
#[derive(Clone)]
pub struct RedisReplication {
    store: RedisStore,
    connection: RedisConnection,
    bus: Bus,
    next_follower: Arc<AtomicU64>,
    meter: RedisMeter,
}

impl Replication for RedisReplication {
    fn follow(&self, key: DocKey, after: Seq) -> Following {
        let (inbox_sender, inbox) = mpsc::channel(FOLLOWER_INBOX);
        let (room, events) = mpsc::channel::<RemoteEvent>(ROOM_EVENTS);
        let id = self.next_follower.fetch_add(1, Ordering::Relaxed);
        let channel = keys::DocKeys::new(key).channel;
        self.bus.follow(channel.clone(), id, inbox_sender);
        tokio::spawn(Follower::new(key, self.store.clone(), after, inbox, room, self.meter.clone()).run());
        Following { events, _subscription: Box::new(Unfollow { bus: self.bus.clone(), channel, id }) }
    }

    fn publish_awareness(&self, key: DocKey, frame: Bytes) {
        let mut connection = self.connection.clone();
        let channel = keys::DocKeys::new(key).channel;
        let message = wire::awareness(self.store.origin(), &frame);
        // Presence is ephemeral: a frame lost while Redis is away is renewed by the client.
        tokio::spawn(async move {
            let published: redis::RedisResult<()> =
                redis::cmd("PUBLISH").arg(channel).arg(message).query_async(&mut connection).await;
            if let Err(err) = published {
                tracing::debug!(%err, "publishing presence failed");
            }
        });
    }
}

/// Ends a follower's subscription when the room drops it.
struct Unfollow {
    bus: Bus,
    channel: String,
    id: u64,
}

impl Drop for Unfollow {
    fn drop(&mut self) {
        self.bus.unfollow(std::mem::take(&mut self.channel), self.id);
    }
}
