-- The token buckets of one request, taken all or nothing: KEYS[i] is bucket i (a hash of tokens and
-- time), refilled continuously at ARGV[2i-1] tokens per second up to ARGV[2i] tokens; ARGV[2n+1]
-- tokens are taken from every bucket if every bucket has them, else from none. Time comes from
-- Redis, so every gateway instance shares one clock. All KEYS carry the same hash tag, so the script
-- runs on Redis Cluster too.
-- Returns { allowed (1/0), then per bucket: tokens left, seconds until it has ARGV[2n+1] tokens }
-- (numbers as strings).
local n = #KEYS
local requested = tonumber(ARGV[2 * n + 1])

local time = redis.call('TIME')
local now = tonumber(time[1]) + tonumber(time[2]) / 1000000

local filled = {}
local allowed = true
for i = 1, n do
  local rate = tonumber(ARGV[2 * i - 1])
  local capacity = tonumber(ARGV[2 * i])
  local state = redis.call('HMGET', KEYS[i], 'tokens', 'ts')
  local last_tokens = tonumber(state[1]) or capacity
  local last_refreshed = tonumber(state[2]) or now
  filled[i] = math.min(capacity, last_tokens + math.max(0, now - last_refreshed) * rate)
  if filled[i] < requested then
    allowed = false
  end
end

local reply = { allowed and 1 or 0 }
for i = 1, n do
  local rate = tonumber(ARGV[2 * i - 1])
  local capacity = tonumber(ARGV[2 * i])
  local left = filled[i]
  if allowed then
    left = left - requested
  end
  redis.call('HSET', KEYS[i], 'tokens', tostring(left), 'ts', tostring(now))
  redis.call('EXPIRE', KEYS[i], math.max(1, math.ceil(capacity / rate * 2)))
  local wait = 0
  if filled[i] < requested then
    wait = (requested - filled[i]) / rate
  end
  reply[2 * i] = tostring(left)
  reply[2 * i + 1] = tostring(wait)
end
return reply
