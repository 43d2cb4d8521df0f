//! The connection an instance shares for its Redis commands: one Redis (a connection manager
//! that reconnects) or a Redis Cluster (routing each command to the shard that holds its
//! keys). Which one is found out at start: the first node is asked whether it runs in cluster
//! mode, so the operator gives the same `--redis-url` either way (several nodes of a cluster
//! separated by commas).
//!
//! Every key of a board carries the board's hash tag ([`super::keys`]), so the scripts and
//! pipelines of one board run on one shard. What spans the whole keyspace (`SCAN`) runs on
//! every primary in turn ([`RedisConnection::scan`]).

use std::time::Duration;

use redis::aio::{ConnectionLike, ConnectionManager, ConnectionManagerConfig};
use redis::cluster::ClusterClientBuilder;
use redis::cluster_async::ClusterConnection;
use redis::cluster_routing::{RoutingInfo, SingleNodeRoutingInfo};
use redis::{Cmd, Pipeline, RedisFuture, RedisResult, Value};

use super::ConnectError;

/// How long one Redis call may take before it counts as failed. A room waits for its
/// appends, so this bounds how long a room stalls when Redis stops answering.
const RESPONSE_TIMEOUT: Duration = Duration::from_secs(2);
/// How long connecting may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(1);

/// Keys asked for per `SCAN` step.
const SCAN_STEP: usize = 1000;

/// The shared command connection. Cheap to clone: clones share the underlying connections.
#[derive(Clone)]
pub(super) enum RedisConnection {
    /// One Redis.
    Single(ConnectionManager),
    /// A Redis Cluster.
    Cluster(ClusterConnection),
}

/// What [`open`] found.
pub(super) struct Opened {
    pub connection: RedisConnection,
    /// Where the bus subscribes, tried in turn when one is out of reach. In a cluster every
    /// node hears every channel: a `PUBLISH` crosses the cluster bus to all of them.
    pub pubsub: Vec<redis::Client>,
}

/// Connects to the Redis, or the Redis Cluster, that `urls` (comma-separated) name.
pub(super) async fn open(urls: &str) -> Result<Opened, ConnectError> {
    let urls: Vec<&str> = urls.split(',').map(str::trim).filter(|url| !url.is_empty()).collect();
    let clients =
        urls.iter().map(|url| redis::Client::open(*url)).collect::<RedisResult<Vec<_>>>().map_err(ConnectError::Url)?;
    let Some(first) = clients.first() else { return Err(ConnectError::NoUrl) };
    let config = ConnectionManagerConfig::new()
        .set_connection_timeout(Some(CONNECT_TIMEOUT))
        .set_response_timeout(Some(RESPONSE_TIMEOUT))
        .set_number_of_retries(1);
    let mut single =
        ConnectionManager::new_with_config(first.clone(), config).await.map_err(ConnectError::Unreachable)?;
    let info: String =
        redis::cmd("INFO").arg("cluster").query_async(&mut single).await.map_err(ConnectError::Unreachable)?;
    if !is_cluster(&info) {
        if clients.len() > 1 {
            return Err(ConnectError::NotACluster);
        }
        return Ok(Opened { connection: RedisConnection::Single(single), pubsub: clients });
    }
    let cluster = ClusterClientBuilder::new(urls)
        .connection_timeout(CONNECT_TIMEOUT)
        .response_timeout(RESPONSE_TIMEOUT)
        .retries(2)
        .build()
        .map_err(ConnectError::Url)?;
    let connection = cluster.get_async_connection().await.map_err(ConnectError::Unreachable)?;
    tracing::info!(nodes = clients.len(), "Redis Cluster: each board lives on the shard its id hashes to");
    Ok(Opened { connection: RedisConnection::Cluster(connection), pubsub: clients })
}

/// Whether `INFO cluster` says the node runs in cluster mode.
fn is_cluster(info: &str) -> bool {
    info.lines().any(|line| line.trim() == "cluster_enabled:1")
}

impl RedisConnection {
    /// Every key matching `pattern`: one `SCAN` over Redis, or over each primary of a cluster.
    pub(super) async fn scan(&self, pattern: &str) -> RedisResult<Vec<String>> {
        match self {
            RedisConnection::Single(connection) => {
                scan_node(pattern, |scan| {
                    let mut connection = connection.clone();
                    async move { scan.query_async(&mut connection).await }
                })
                .await
            }
            RedisConnection::Cluster(connection) => {
                let mut found = Vec::new();
                for (host, port) in primaries(&mut connection.clone()).await? {
                    let node = SingleNodeRoutingInfo::ByAddress { host, port };
                    let keys = scan_node(pattern, |scan| {
                        let (mut connection, routing) = (connection.clone(), RoutingInfo::SingleNode(node.clone()));
                        async move { Ok(redis::from_redis_value(connection.route_command(scan, routing).await?)?) }
                    })
                    .await?;
                    found.extend(keys);
                }
                Ok(found)
            }
        }
    }
}

/// Runs `SCAN` to its end on one node, each step through `step`.
async fn scan_node<F, Fut>(pattern: &str, mut step: F) -> RedisResult<Vec<String>>
where
    F: FnMut(Cmd) -> Fut,
    Fut: Future<Output = RedisResult<(u64, Vec<String>)>>,
{
    let mut cursor: u64 = 0;
    let mut found = Vec::new();
    loop {
        let mut scan = redis::cmd("SCAN");
        scan.arg(cursor).arg("MATCH").arg(pattern).arg("COUNT").arg(SCAN_STEP);
        let (next, keys) = step(scan).await?;
        found.extend(keys);
        if next == 0 {
            return Ok(found);
        }
        cursor = next;
    }
}

/// The host and port of every primary that serves slots, from `CLUSTER NODES`.
async fn primaries(connection: &mut ClusterConnection) -> RedisResult<Vec<(String, u16)>> {
    let nodes: String = redis::cmd("CLUSTER").arg("NODES").query_async(connection).await?;
    Ok(parse_primaries(&nodes))
}

/// Reads `CLUSTER NODES`: `<id> <ip:port@cport[,hostname]> <flags> <primary> … <slots>…`;
/// a primary that is failing or serves no slot holds no keys.
fn parse_primaries(nodes: &str) -> Vec<(String, u16)> {
    nodes
        .lines()
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let flags = fields.get(2)?;
            let serving = flags.split(',').any(|flag| flag == "master")
                && !flags.split(',').any(|flag| flag == "fail" || flag == "noaddr")
                && fields.len() > 8;
            if !serving {
                return None;
            }
            let address = fields.get(1)?.split(['@', ',']).next()?;
            let (host, port) = address.rsplit_once(':')?;
            Some((host.to_owned(), port.parse().ok()?))
        })
        .collect()
}

impl ConnectionLike for RedisConnection {
    fn req_packed_command<'a>(&'a mut self, cmd: &'a Cmd) -> RedisFuture<'a, Value> {
        match self {
            RedisConnection::Single(connection) => connection.req_packed_command(cmd),
            RedisConnection::Cluster(connection) => connection.req_packed_command(cmd),
        }
    }

    fn req_packed_commands<'a>(
        &'a mut self,
        pipeline: &'a Pipeline,
        offset: usize,
        count: usize,
    ) -> RedisFuture<'a, Vec<Value>> {
        match self {
            RedisConnection::Single(connection) => connection.req_packed_commands(pipeline, offset, count),
            RedisConnection::Cluster(connection) => connection.req_packed_commands(pipeline, offset, count),
        }
    }

    fn get_db(&self) -> i64 {
        match self {
            RedisConnection::Single(connection) => connection.get_db(),
            RedisConnection::Cluster(connection) => connection.get_db(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cluster_mode_is_read_from_info() {
        assert!(is_cluster("# Cluster\r\ncluster_enabled:1\r\n"));
        assert!(!is_cluster("# Cluster\r\ncluster_enabled:0\r\n"));
    }

    #[test]
    fn only_serving_primaries_are_scanned() {
        let nodes = "\
a1 127.0.0.1:7001@17001 myself,master - 0 0 1 connected 0-5460
b2 127.0.0.1:7002@17002,redis-b master - 0 1 2 connected 5461-10922
c3 127.0.0.1:7003@17003 slave b2 0 1 2 connected
d4 127.0.0.1:7004@17004 master,fail - 0 1 3 disconnected 10923-16383
e5 127.0.0.1:7005@17005 master - 0 1 4 connected
";
        assert_eq!(parse_primaries(nodes), vec![("127.0.0.1".to_owned(), 7001), ("127.0.0.1".to_owned(), 7002)]);
    }
}
