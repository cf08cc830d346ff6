package dev.mcpedge.ratelimit;

import java.time.Duration;
import java.util.Map;

/**
 * The buckets {@link RateLimitBuckets} takes tokens from (the {@code mcp-edge.rate-limits.*} settings,
 * whose documentation gives the defaults).
 *
 * @param defaultBucket per principal, unless a key has its own limit
 * @param organization per organization, all its principals together
 * @param writeTools per principal for calls of write tools, on top of the others
 * @param organizations per-organization overrides of {@code organization}, by organization id
 * @param leaseFraction the largest lease of tokens an instance takes from a shared bucket, as a share of
 * its burst capacity (at least one token; 0: one token per request, no leases ahead of need)
 * @param outageAfter how long Redis may go without answering a rate-limit call (calls timing out)
 * before the instance falls back to its own buckets; a failure other than a timeout is an outage at once
 */
public record RateLimitSettings(BucketSettings defaultBucket, BucketSettings organization, BucketSettings writeTools,
		Map<String, BucketSettings> organizations, double leaseFraction, Duration outageAfter) {

	public RateLimitSettings {
		organizations = Map.copyOf(organizations);
	}
}
