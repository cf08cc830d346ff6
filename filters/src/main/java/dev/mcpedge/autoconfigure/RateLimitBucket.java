package dev.mcpedge.autoconfigure;

import org.springframework.util.Assert;

/**
 * A token bucket of {@code mcp-edge.rate-limits}: how fast it refills and how much it holds. Each
 * bucket with defaults has a type of its own ({@link RateLimitsProperties}), so that the configuration
 * metadata shows its defaults; they share this shape and its checks.
 */
public interface RateLimitBucket {

	/** Tokens added per second (may be below 1). */
	double replenishRate();

	/** Bucket size. */
	long burstCapacity();

	/** Refuses a bucket the limiter cannot use, naming the settings. */
	static void check(double replenishRate, long burstCapacity) {
		Assert.isTrue(replenishRate > 0, () -> "mcp-edge.rate-limits.*.replenish-rate (" + replenishRate + ") must be > 0");
		Assert.isTrue(burstCapacity >= 1 && burstCapacity >= replenishRate, () -> "mcp-edge.rate-limits.*.burst-capacity ("
				+ burstCapacity + ") must be >= 1 and >= replenish-rate (" + replenishRate + ")");
	}
}
