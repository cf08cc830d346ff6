package dev.mcpedge.ratelimit;

import java.util.Map;

/**
 * The buckets {@link RateLimitBuckets} takes tokens from (the {@code mcp-edge.rate-limits.*} settings,
 * whose documentation gives the defaults).
 *
 * @param defaultBucket per principal, unless a key has its own limit
 * @param organization per organization, all its principals together
 * @param writeTools per principal for calls of write tools, on top of the others
 * @param organizations per-organization overrides of {@code organization}, by organization id
 */
public record RateLimitSettings(BucketSettings defaultBucket, BucketSettings organization, BucketSettings writeTools,
		Map<String, BucketSettings> organizations) {

	public RateLimitSettings {
		organizations = Map.copyOf(organizations);
	}
}
