-- What one backend said of its tools, merged so a tool only ever moves from read to write: KEYS[1] is
-- the backend's hash (tool -> '1' read-only, '0' not), ARGV holds pairs of tool and what this
-- tools/list answer said ('0' or '1'). A '0' always wins; a '1' is kept only for a tool the hash does
-- not know yet. One key per call, so the script runs on Redis Cluster too.
-- Returns the value now stored for each tool, in ARGV order.
local stored = {}
for i = 1, #ARGV, 2 do
  if ARGV[i + 1] == '0' then
    redis.call('HSET', KEYS[1], ARGV[i], '0')
  else
    redis.call('HSETNX', KEYS[1], ARGV[i], '1')
  end
  stored[#stored + 1] = redis.call('HGET', KEYS[1], ARGV[i])
end
return stored
