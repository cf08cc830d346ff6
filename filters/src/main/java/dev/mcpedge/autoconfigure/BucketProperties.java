package dev.mcpedge.autoconfigure;

import org.springframework.util.Assert;

/**
 * One token bucket of {@code mcp-edge.rate-limits}: how fast it refills and how much it holds.
 *
 * @param replenishRate tokens added per second (may be below 1)
 * @param burstCapacity bucket size
 */
public record BucketProperties(double replenishRate, long burstCapacity) {

	public BucketProperties {
		Assert.isTrue(replenishRate > 0, () -> "mcp-edge.rate-limits.*.replenish-rate (" + replenishRate + ") must be > 0");
		Assert.isTrue(burstCapacity >= 1 && burstCapacity >= replenishRate, () -> "mcp-edge.rate-limits.*.burst-capacity ("
				+ burstCapacity + ") must be >= 1 and >= replenish-rate (" + replenishRate + ")");
	}
}
