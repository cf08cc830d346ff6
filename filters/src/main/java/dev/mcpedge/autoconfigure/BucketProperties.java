package dev.mcpedge.autoconfigure;

/**
 * A token bucket without defaults, for the per-organization overrides of
 * {@code mcp-edge.rate-limits.organizations}: both values must be given.
 *
 * @param replenishRate tokens added per second (may be below 1)
 * @param burstCapacity bucket size
 */
public record BucketProperties(double replenishRate, long burstCapacity) implements RateLimitBucket {

	public BucketProperties {
		RateLimitBucket.check(replenishRate, burstCapacity);
	}
}
