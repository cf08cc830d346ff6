package dev.mcpedge.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;

/**
 * The in-process cache of validated API keys, under {@code mcp-edge.api-keys.cache}: it spares Redis a
 * lookup per request and keeps known keys working through a short Redis outage.
 *
 * @param ttl how long a validated key is served from memory before Redis is asked again; changes
 * made through any instance reach every cache within a second regardless (Redis pub/sub), so this
 * only bounds staleness when such an event is lost
 * @param staleIfError how much longer a validated key keeps working from memory while Redis cannot
 * be reached; keys not in memory get 503 meanwhile
 * @param negativeTtl how long an unknown secret is remembered as unknown (creating or importing a
 * key clears this at once)
 * @param maximumSize most secrets held in memory
 */
public record KeyCacheProperties(@DefaultValue("60s") Duration ttl, @DefaultValue("5m") Duration staleIfError,
		@DefaultValue("5s") Duration negativeTtl, @DefaultValue("100000") long maximumSize) {

	public KeyCacheProperties {
		Assert.isTrue(!ttl.isNegative(), () -> "mcp-edge.api-keys.cache.ttl (" + ttl + ") must not be negative");
		Assert.isTrue(!staleIfError.isNegative(),
				() -> "mcp-edge.api-keys.cache.stale-if-error (" + staleIfError + ") must not be negative");
		Assert.isTrue(!negativeTtl.isNegative(),
				() -> "mcp-edge.api-keys.cache.negative-ttl (" + negativeTtl + ") must not be negative");
		Assert.isTrue(maximumSize >= 0, () -> "mcp-edge.api-keys.cache.maximum-size (" + maximumSize + ") must be >= 0");
	}
}
