-- One token bucket, refilled continuously at ARGV[1] tokens per second up to ARGV[2] tokens.
-- Takes ARGV[3] tokens if it can. Time comes from Redis, so every gateway instance shares one clock.
-- KEYS carry the same hash tag, so the script runs on Redis Cluster too.
-- Returns { allowed (1/0), tokens left, seconds until ARGV[3] tokens are there again } (numbers as strings).
local tokens_key = KEYS[1]
local timestamp_key = KEYS[2]
local rate = tonumber(ARGV[1])
local capacity = tonumber(ARGV[2])
local requested = tonumber(ARGV[3])

local time = redis.call('TIME')
local now = tonumber(time[1]) + tonumber(time[2]) / 1000000
local ttl = math.max(1, math.ceil(capacity / rate * 2))

local last_tokens = tonumber(redis.call('GET', tokens_key)) or capacity
local last_refreshed = tonumber(redis.call('GET', timestamp_key)) or now
local filled = math.min(capacity, last_tokens + math.max(0, now - last_refreshed) * rate)

local allowed = filled >= requested
local left = filled
if allowed then
  left = filled - requested
end
redis.call('SET', tokens_key, tostring(left), 'EX', ttl)
redis.call('SET', timestamp_key, tostring(now), 'EX', ttl)

local wait = 0
if not allowed then
  wait = (requested - filled) / rate
end
return { allowed and 1 or 0, tostring(left), tostring(wait) }
