//! Redis Cluster mode: the scale-out scenarios of `redis.rs` run against a real three-primary
//! Redis Cluster that the harness creates on loopback ports; boards spread over its shards,
//! and the operator's listing and deletion reach every shard.

use polyphony_tests::admin::listing;
use polyphony_tests::http;
use polyphony_tests::redis_cluster::RedisCluster;
use polyphony_tests::scale_out;
use polyphony_tests::shared_redis::SharedRedis;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clients_on_two_and_three_instances_converge_over_a_cluster() -> anyhow::Result<()> {
    scale_out::clients_on_two_and_three_instances_converge(&RedisCluster::start().await?).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_instance_loses_nothing_over_a_cluster() -> anyhow::Result<()> {
    scale_out::killed_instance_loses_nothing_and_its_clients_move_on(&RedisCluster::start().await?).await
}

/// Twenty boards on three instances keep to themselves; then, with forty boards in all, every
/// primary holds some of them, and the admin listing finds all forty across the shards.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn boards_spread_over_the_shards_and_do_not_cross_talk() -> anyhow::Result<()> {
    let cluster = RedisCluster::start().await?;
    scale_out::twenty_boards_on_three_instances_do_not_cross_talk(&cluster).await?;
    let server = cluster
        .instance_with(|config| config.operator_token = Some(polyphony_tests::admin::OPERATOR_TOKEN.into()))
        .await?;
    for number in 20..40 {
        http::create_board(server.addr, &format!("Board {number}")).await?;
    }
    let per_shard = cluster.keys_per_node("polyphony:{*}:info").await?;
    println!("boards per shard: {per_shard:?}");
    assert_eq!(per_shard.iter().sum::<usize>(), 40);
    assert!(per_shard.iter().all(|boards| *boards > 0), "a shard holds no board: {per_shard:?}");
    assert_eq!(listing(server.addr).await?.len(), 40, "the listing reaches every shard");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_compactions_lose_no_updates_over_a_cluster() -> anyhow::Result<()> {
    scale_out::concurrent_compactions_lose_no_updates(&RedisCluster::start().await?).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn removal_and_roles_hold_across_instances_over_a_cluster() -> anyhow::Result<()> {
    scale_out::removal_and_roles_hold_across_instances(&RedisCluster::start().await?).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn votes_stay_within_the_budget_over_a_cluster() -> anyhow::Result<()> {
    scale_out::votes_through_two_instances_stay_within_the_budget(&RedisCluster::start().await?).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_board_leaves_no_key_on_any_shard() -> anyhow::Result<()> {
    scale_out::deleting_a_board_leaves_no_key_and_closes_everywhere(&RedisCluster::start().await?).await
}
