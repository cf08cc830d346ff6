package dev.mcpedge.keys;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * How {@link ApiKeyVerifier} caches what Redis says of a secret (the {@code mcp-edge.api-keys.cache.*}
 * settings, whose documentation gives the defaults).
 *
 * @param ttl how long a found key is served from memory before Redis is asked again
 * @param staleIfError how much longer a found key keeps being served while Redis cannot be reached
 * @param negativeTtl how long an unknown secret is remembered as unknown
 * @param maximumSize most secrets held in memory
 */
public record KeyCacheSettings(Duration ttl, Duration staleIfError, Duration negativeTtl, long maximumSize) {

	public KeyCacheSettings {
		Assert.isTrue(!ttl.isNegative(), () -> "ttl (" + ttl + ") must not be negative");
		Assert.isTrue(!staleIfError.isNegative(), () -> "staleIfError (" + staleIfError + ") must not be negative");
		Assert.isTrue(!negativeTtl.isNegative(), () -> "negativeTtl (" + negativeTtl + ") must not be negative");
		Assert.isTrue(maximumSize >= 0, () -> "maximumSize (" + maximumSize + ") must be >= 0");
	}
}
