package dev.mcpedge.keys;

/**
 * A per-key token bucket override.
 *
 * @param replenishRate tokens added per second
 * @param burstCapacity bucket size
 */
public record RateLimit(int replenishRate, int burstCapacity) {
}
