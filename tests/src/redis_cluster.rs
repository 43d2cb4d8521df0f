//! [`RedisCluster`]: a real Redis Cluster for tests: three primaries (redis-server with
//! `--cluster-enabled yes`, each on free loopback ports with its own data directory and
//! append-only persistence), joined by `redis-cli --cluster create`, dividing the 16,384
//! slots between them.

use std::process::Stdio;
use std::time::{Duration, Instant};

use anyhow::Context;
use tokio::process::Command;

use crate::WAIT;
use crate::redis_server::RedisServer;
use crate::shared_redis::SharedRedis;

/// Primaries the test cluster has.
const PRIMARIES: usize = 3;

/// A running three-primary Redis Cluster, stopped when dropped (each node is a
/// [`RedisServer`], killed when dropped).
pub struct RedisCluster {
    nodes: Vec<RedisServer>,
}

impl RedisCluster {
    /// Starts three cluster-enabled redis-servers, creates the cluster and waits until every
    /// node reports it healthy.
    pub async fn start() -> anyhow::Result<Self> {
        let mut nodes = Vec::with_capacity(PRIMARIES);
        for _ in 0..PRIMARIES {
            nodes.push(RedisServer::start_cluster_node().await?);
        }
        let cluster = RedisCluster { nodes };
        let addresses: Vec<String> = cluster.nodes.iter().map(RedisServer::address).collect();
        let created = Command::new("redis-cli")
            .arg("--cluster")
            .arg("create")
            .args(&addresses)
            .args(["--cluster-replicas", "0", "--cluster-yes"])
            .stdin(Stdio::null())
            .output()
            .await
            .context("redis-cli --cluster create")?;
        anyhow::ensure!(created.status.success(), "creating the cluster failed: {created:?}");
        cluster.wait_until_healthy().await?;
        Ok(cluster)
    }

    /// Waits until every node sees all slots served (`cluster_state:ok`).
    async fn wait_until_healthy(&self) -> anyhow::Result<()> {
        let deadline = Instant::now() + WAIT;
        for node in &self.nodes {
            loop {
                let info: String = node.query(redis::cmd("CLUSTER").arg("INFO").clone()).await?;
                if info.lines().any(|line| line.trim() == "cluster_state:ok") {
                    break;
                }
                anyhow::ensure!(Instant::now() < deadline, "the cluster never became healthy: {info}");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
        Ok(())
    }

    /// How many keys matching `pattern` each primary holds.
    pub async fn keys_per_node(&self, pattern: &str) -> anyhow::Result<Vec<usize>> {
        let mut counts = Vec::with_capacity(self.nodes.len());
        for node in &self.nodes {
            counts.push(node.keys(pattern).await?.len());
        }
        Ok(counts)
    }
}

impl SharedRedis for RedisCluster {
    /// Every node, separated by commas, as an operator would list them.
    fn url(&self) -> String {
        self.nodes.iter().map(RedisServer::url).collect::<Vec<_>>().join(",")
    }

    async fn query<T: redis::FromRedisValue>(&self, command: redis::Cmd) -> anyhow::Result<T> {
        let urls: Vec<String> = self.nodes.iter().map(RedisServer::url).collect();
        let mut connection = redis::cluster::ClusterClient::new(urls)?.get_async_connection().await?;
        Ok(command.query_async(&mut connection).await?)
    }

    async fn keys(&self, pattern: &str) -> anyhow::Result<Vec<String>> {
        let mut keys = Vec::new();
        for node in &self.nodes {
            keys.extend(node.keys(pattern).await?);
        }
        Ok(keys)
    }
}
