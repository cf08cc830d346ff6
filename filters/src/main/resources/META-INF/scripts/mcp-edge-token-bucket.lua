-- Token leases from the shared token buckets of one request. KEYS[i] is bucket i (a hash of tokens
-- and time), refilled continuously at its rate in tokens per second up to its capacity. ARGV[1] is
-- the share of a bucket's tokens that one lease may take beyond what it needs; then five arguments
-- per bucket: rate, capacity, want (tokens asked for), need (0 or 1: the token a waiting request
-- cannot go on without), back (unused tokens an instance gives back, added first).
-- If every bucket holds its need, each grants want tokens but no more than share of what it holds,
-- and never less than its need; else none grants anything (all or nothing). Time comes from Redis,
-- so every gateway instance shares one clock. All KEYS carry the same hash tag, so the script runs
-- on Redis Cluster too.
-- Returns { allowed (1/0), then per bucket: tokens granted, tokens left, seconds until it holds its
-- need } (numbers as strings).
local n = #KEYS
local share = tonumber(ARGV[1])

-- The five arguments of bucket i: rate, capacity, want, need, back.
local function bucket(i)
  local a = 5 * i - 3
  return tonumber(ARGV[a]), tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3]), tonumber(ARGV[a + 4])
end

local time = redis.call('TIME')
local now = tonumber(time[1]) + tonumber(time[2]) / 1000000

local filled = {}
local allowed = true
for i = 1, n do
  local rate, capacity, _, need, back = bucket(i)
  local state = redis.call('HMGET', KEYS[i], 'tokens', 'ts')
  local last_tokens = tonumber(state[1]) or capacity
  local last_refreshed = tonumber(state[2]) or now
  filled[i] = math.min(capacity, last_tokens + math.max(0, now - last_refreshed) * rate + back)
  if filled[i] < need then
    allowed = false
  end
end

local reply = { allowed and 1 or 0 }
for i = 1, n do
  local rate, capacity, want, need = bucket(i)
  local granted = 0
  if allowed then
    granted = math.max(need, math.min(want, math.floor(filled[i] * share)))
  end
  local left = filled[i] - granted
  redis.call('HSET', KEYS[i], 'tokens', tostring(left), 'ts', tostring(now))
  redis.call('EXPIRE', KEYS[i], math.max(1, math.ceil(capacity / rate * 2)))
  local wait = 0
  if filled[i] < need then
    wait = (need - filled[i]) / rate
  end
  reply[3 * i - 1] = tostring(granted)
  reply[3 * i] = tostring(left)
  reply[3 * i + 1] = tostring(wait)
end
return reply
