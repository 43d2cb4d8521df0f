//! The server-side scripts. Each runs atomically and touches only one board's keys (one hash
//! tag), so it also runs unchanged on Redis Cluster.

use redis::Script;

/// Creates a board: its metadata and, for each document, its first update (the schema
/// seed) at log position 1. KEYS: info, then log and seq of each document. ARGV: info JSON,
/// origin, then the seed of each document in the same order. Returns 0 if the board exists.
const CREATE: &str = r"
if not redis.call('SET', KEYS[1], ARGV[1], 'NX') then return 0 end
for i = 3, #ARGV do
  local doc = i - 2
  redis.call('SET', KEYS[2 * doc + 1], 1)
  redis.call('XADD', KEYS[2 * doc], '1-0', 'o', ARGV[2], 'u', ARGV[i])
end
return 1
";

/// Appends updates at the next log positions and publishes each, in order, on the channel.
/// KEYS: log, seq. ARGV: origin, channel, update… Returns the position of the last update.
const APPEND: &str = r"
local count = #ARGV - 2
local last = redis.call('INCRBY', KEYS[2], count)
local seq = last - count
for i = 3, #ARGV do
  seq = seq + 1
  redis.call('XADD', KEYS[1], seq .. '-0', 'o', ARGV[1], 'u', ARGV[i])
  redis.call('PUBLISH', ARGV[2], 'U' .. ARGV[1] .. seq .. ':' .. ARGV[i])
end
return last
";

/// Replaces the snapshot by one covering the log through ARGV[1], unless the stored one
/// covers as much already, and trims the log entries it covers. Two instances compacting
/// at once therefore cannot drop an update: the later, smaller snapshot is ignored.
/// KEYS: log, snapshot. ARGV: through, data. Returns 1 if the snapshot was written.
const COMPACT: &str = r"
local through = tonumber(ARGV[1])
local current = tonumber(redis.call('HGET', KEYS[2], 'seq') or '0')
if through <= current then return 0 end
redis.call('HSET', KEYS[2], 'seq', ARGV[1], 'data', ARGV[2])
redis.call('XTRIM', KEYS[1], 'MINID', (through + 1) .. '-0')
return 1
";

/// The loaded scripts, sent by hash after their first use.
pub(super) struct Scripts {
    pub create: Script,
    pub append: Script,
    pub compact: Script,
}

impl Scripts {
    pub(super) fn new() -> Self {
        Scripts { create: Script::new(CREATE), append: Script::new(APPEND), compact: Script::new(COMPACT) }
    }
}
