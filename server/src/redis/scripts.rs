//! The server-side scripts. Each runs atomically and touches only one board's keys (one hash
//! tag), so it also runs unchanged on Redis Cluster. Every script that writes a document
//! first checks that the board's metadata is still there: once a board is deleted (its
//! metadata goes first), a room still running on some instance cannot write any of it back,
//! and learns so from the answer -1.

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
/// KEYS: log, seq, info. ARGV: origin, channel, update… Returns the position of the last
/// update, or -1 if the board was deleted.
const APPEND: &str = r"
if redis.call('EXISTS', KEYS[3]) == 0 then return -1 end
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
/// KEYS: log, snapshot, info. ARGV: through, data. Returns 1 if the snapshot was written,
/// -1 if the board was deleted.
const COMPACT: &str = r"
if redis.call('EXISTS', KEYS[3]) == 0 then return -1 end
local through = tonumber(ARGV[1])
local current = tonumber(redis.call('HGET', KEYS[2], 'seq') or '0')
if through <= current then return 0 end
redis.call('HSET', KEYS[2], 'seq', ARGV[1], 'data', ARGV[2])
redis.call('XTRIM', KEYS[1], 'MINID', (through + 1) .. '-0')
return 1
";

/// Keeps a restore point and drops the oldest beyond the newest ARGV[4].
/// KEYS: info, points, point_states. ARGV: id, listing JSON, state, keep. Returns 1, or -1
/// if the board was deleted.
const SAVE_POINT: &str = r"
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[3], ARGV[1], ARGV[3])
local ids = redis.call('HKEYS', KEYS[2])
table.sort(ids, function(a, b) return tonumber(a) < tonumber(b) end)
for i = 1, #ids - math.max(tonumber(ARGV[4]), 1) do
  redis.call('HDEL', KEYS[2], ids[i])
  redis.call('HDEL', KEYS[3], ids[i])
end
return 1
";

/// Sets stored updates aside. KEYS: info, quarantine. ARGV: reason, update, reason, update…
/// Returns 1, or -1 if the board was deleted.
const QUARANTINE: &str = r"
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
for i = 1, #ARGV, 2 do
  redis.call('XADD', KEYS[2], '*', 'r', ARGV[i], 'u', ARGV[i + 1])
end
return 1
";

/// Notes a moment of the board (when it was last used, when its names were erased).
/// KEYS: info, the moment's key. ARGV: milliseconds.
const NOTE: &str = r"
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
redis.call('SET', KEYS[2], ARGV[1])
return 1
";

/// Releases a join code if it still opens the board. KEYS: join code. ARGV: board id.
const RELEASE_CODE: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
";

/// The loaded scripts, sent by hash after their first use.
pub(super) struct Scripts {
    pub create: Script,
    pub append: Script,
    pub compact: Script,
    pub save_point: Script,
    pub quarantine: Script,
    pub note: Script,
    pub release_code: Script,
}

impl Scripts {
    pub(super) fn new() -> Self {
        Scripts {
            create: Script::new(CREATE),
            append: Script::new(APPEND),
            compact: Script::new(COMPACT),
            save_point: Script::new(SAVE_POINT),
            quarantine: Script::new(QUARANTINE),
            note: Script::new(NOTE),
            release_code: Script::new(RELEASE_CODE),
        }
    }
}

/// What a script answers when the board it writes to was deleted.
pub(super) const BOARD_GONE: i64 = -1;
