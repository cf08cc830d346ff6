package dev.mcpedge.autoconfigure;

import java.util.Map;

import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

/**
 * Rate limits, under {@code mcp-edge.rate-limits}: token buckets in Redis, shared by every instance
 * (DESIGN §7), and the failed-authentication limit in each instance's memory.
 *
 * @param enabled whether requests are limited at all
 * @param defaultBucket per principal (key id, or token subject); default 50/s, burst 100; a key's own
 * {@code rateLimit} replaces it
 * @param organization per organization, all its principals together; default 200/s, burst 400
 * @param writeTools per principal for calls of write tools, on top of the others; default 5/s, burst 10
 * @param organizations per-organization overrides of {@code organization}, by organization id
 * @param failedAuth failed authentications per client address, in each instance's memory; an
 * address past it gets 429 before any credential is looked at; default 10/s, burst 100
 */
public record RateLimitsProperties(@DefaultValue("true") boolean enabled,
		@Name("default") @NestedConfigurationProperty BucketProperties defaultBucket,
		@NestedConfigurationProperty BucketProperties organization,
		@NestedConfigurationProperty BucketProperties writeTools, Map<String, BucketProperties> organizations,
		@NestedConfigurationProperty BucketProperties failedAuth) {

	public RateLimitsProperties {
		failedAuth = failedAuth != null ? failedAuth : new BucketProperties(10, 100);
		defaultBucket = defaultBucket != null ? defaultBucket : new BucketProperties(50, 100);
		organization = organization != null ? organization : new BucketProperties(200, 400);
		writeTools = writeTools != null ? writeTools : new BucketProperties(5, 10);
		organizations = organizations == null ? Map.of() : Map.copyOf(organizations);
	}
}
