package dev.mcpedge.ratelimit;

/**
 * The size and refill rate of one token bucket (the {@code mcp-edge.rate-limits.*} buckets, a key's
 * own {@code rateLimit}, the failed-authentication limit).
 *
 * @param replenishRate tokens added per second (may be below 1)
 * @param burstCapacity bucket size
 */
public record BucketSettings(double replenishRate, long burstCapacity) {
}
