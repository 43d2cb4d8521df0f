//! [`SharedRedis`]: what the scale-out tests need of the Redis their instances share, so one
//! scenario runs against a single redis-server ([`crate::redis_server::RedisServer`]) and
//! against a three-primary Redis Cluster ([`crate::redis_cluster::RedisCluster`]).

use polyphony_server::Config;

use crate::TestServer;

/// A Redis, or a Redis Cluster, that Polyphony instances share.
pub trait SharedRedis {
    /// The `--redis-url` the instances are given.
    fn url(&self) -> String;

    /// Runs one command on the node that holds its key.
    fn query<T: redis::FromRedisValue>(&self, command: redis::Cmd) -> impl Future<Output = anyhow::Result<T>>;

    /// Every key matching `pattern`, from every node (`KEYS`: fine for test data).
    fn keys(&self, pattern: &str) -> impl Future<Output = anyhow::Result<Vec<String>>>;

    /// Starts an in-process Polyphony instance on it, with rate limits out of the way of
    /// tests that send many frames.
    fn instance(&self) -> impl Future<Output = anyhow::Result<TestServer>> {
        self.instance_with(|_| {})
    }

    /// Like [`SharedRedis::instance`], after letting the caller adjust the settings.
    fn instance_with(
        &self,
        adjust: impl FnOnce(&mut Config) + Send + 'static,
    ) -> impl Future<Output = anyhow::Result<TestServer>> {
        let url = self.url();
        TestServer::start_with(move |config| {
            config.redis_url = Some(url);
            config.rate_limit_per_sec = 10_000;
            config.rate_limit_burst = 10_000;
            adjust(config);
        })
    }
}
